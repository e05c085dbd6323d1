"""DLM204 dockerignore-missing."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.context import Tree
from dockerlint_ml.rules.ml._sizes import DEFAULT_MB, OPTION, show, threshold

# Directories no image needs, by name, with how the message names them.
_JUNK_DIRS = {
    ".git": ".git",
    "__pycache__": "__pycache__",
    "mlruns": "mlruns (MLflow runs)",
    "wandb": "wandb (W&B runs)",
    ".ipynb_checkpoints": ".ipynb_checkpoints",
    ".pytest_cache": ".pytest_cache",
    "node_modules": "node_modules",
}
# Files no image should hold: a worktree's `.git` file, the secrets of `.env`.
_JUNK_FILES = {".git": ".git", ".env": ".env (secrets)"}
# A virtual environment is the directory holding this file, whatever its name.
_VENV_MARKER = "pyvenv.cfg"


class DockerignoreMissing(Rule):
    """A whole directory is copied with no .dockerignore while it holds what an image
    should not.

    Reads the first COPY or ADD that sends a whole directory of the build context (`COPY
    . .`, `COPY src/ ./src/`; not `--from`, not a URL) when the context has no
    `.dockerignore` (nor BuildKit's `<Dockerfile name>.dockerignore`), and walks what it
    sends: reported when it holds a `.git` directory or file, a virtual environment (a
    directory with `pyvenv.cfg`: `.venv`, `venv`, `env`...), `__pycache__`, a `.env`
    file, MLflow's `mlruns`, W&B's `wandb`, `.ipynb_checkpoints`, `.pytest_cache`,
    `node_modules`, or a top-level directory whose files add up to more than the option
    `large-file-mb` (MiB, default 100; shared with DLM205) besides single files over it,
    which DLM205 reports. The message lists what it found. One finding per file: the
    missing `.dockerignore` is one cause.

    Needs the build context (see Build context in the README). Nothing is opened: names
    and sizes come from the directory listing; symlinks are not followed; a context of
    more than 250,000 entries is judged on the part walked.

    ## Why is this bad?

    Without a `.dockerignore`, `COPY . .` sends everything: the repository history, a
    local virtualenv built for another platform (which may shadow the image's packages),
    bytecode, experiment logs and datasets. The build context is uploaded on every build,
    every change in those files invalidates the layer cache, the image grows by their
    size, and a `.env` or `.git` puts secrets and history in every copy of the image.

    ## Example

    In a build context holding `.git/`, `.venv/` and `app.py`, with no `.dockerignore`:

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## Use instead

    With a `.dockerignore` listing `.git`, `.venv`, `__pycache__`, `.env`:

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## References

    - Docker, the build context and `.dockerignore`:
      https://docs.docker.com/build/concepts/context/#dockerignore-files
    - Python, `pyvenv.cfg` marks a virtual environment:
      https://docs.python.org/3/library/venv.html
    """

    code = "DLM204"
    name = "dockerignore-missing"
    severity = Severity.WARNING
    needs_context = True
    default_options: ClassVar[Mapping[str, Any]] = {OPTION: DEFAULT_MB}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.limit = threshold(self.code, self.options)

    def finish(self, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        if context is None or context.ignore is not None:  # an ignore file, used or not
            return
        for ins in ctx.dockerfile.instructions:
            if ins.keyword not in ("COPY", "ADD"):
                continue
            info = ctx.copy(ins)
            if info is None or not info.from_context:
                continue
            for src in info.sources:
                if not src.is_context_path:
                    continue
                rel = _relative(src.text)
                if rel is None or (rel and not context.is_dir(rel)):
                    continue
                found = _junk(context.tree(rel), rel, self.limit)
                if found:
                    what = "the build context" if not rel else f"`{src.text}`"
                    yield self.finding(
                        ins,
                        f"No .dockerignore, and {what} holds {_listed(found)}: all of it is"
                        " sent to the builder and copied into the image.",
                        fix="Add a .dockerignore beside the Dockerfile that lists "
                        + ", ".join(f"`{n}`" for n in _patterns(found))
                        + ".",
                    )
                    return


def _relative(text: str) -> str | None:
    parts = [p for p in text.replace("\\", "/").split("/") if p not in ("", ".")]
    return None if ".." in parts else "/".join(parts)


def _junk(tree: Tree, rel: str, limit: int) -> list[tuple[str, str]]:
    """(pattern, description) of what the directory `rel` holds that no image needs."""
    prefix = rel + "/" if rel else ""
    cut = len(prefix)
    found: dict[str, str] = {}
    counts: Counter[str] = Counter()
    venvs: set[str] = set()
    sizes: Counter[str] = Counter()
    # One pass over what may be 100,000 files: names by rpartition, sizes per top folder.
    for path, size in tree.files_below(rel):
        folder, _, name = path.rpartition("/")
        if name == _VENV_MARKER:
            venvs.add(folder)
        inner = path[cut:]
        top, slash, _ = inner.partition("/")
        if not slash:
            if name in _JUNK_FILES:
                found.setdefault(name, _JUNK_FILES[name])
        elif size <= limit:  # single big files are DLM205's
            sizes[top] += size
    for directory in sorted(tree.dirs):
        if rel and not directory.startswith(prefix):
            continue
        if any(directory.startswith(v + "/") for v in venvs):
            continue  # a virtualenv's own bytecode and packages: the virtualenv is listed
        name = posixpath.basename(directory)
        if name in _JUNK_DIRS and not _inside_junk(directory[len(prefix) :]):
            counts[name] += 1
            found.setdefault(name, _JUNK_DIRS[name])
    for venv in sorted(venvs):
        inner = venv[len(prefix) :]
        if inner and not _inside_junk(inner):
            found.setdefault(inner, f"{inner} (a virtualenv)")
    for top, total in sorted(sizes.items()):
        if total > limit and top not in found and top not in _JUNK_DIRS:
            found[top] = f"{top}/ ({show(total)})"
    out = []
    for pattern, text in found.items():
        many = counts.get(pattern, 0)
        out.append((pattern, f"{text} ({many} directories)" if many > 1 else text))
    return out


def _inside_junk(inner: str) -> bool:
    """Whether a path lies inside a junk directory already counted (`.git/objects`,
    `node_modules/x/node_modules`)."""
    parts = inner.split("/")[:-1]
    return any(p in _JUNK_DIRS for p in parts)


def _listed(found: list[tuple[str, str]]) -> str:
    texts = [text for _, text in found]
    if len(texts) == 1:
        return texts[0]
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def _patterns(found: list[tuple[str, str]]) -> list[str]:
    out = []
    for pattern, _ in found:
        out.append(f"**/{pattern}" if pattern in ("__pycache__", ".ipynb_checkpoints") else pattern)
    return out

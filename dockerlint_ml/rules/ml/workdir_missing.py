"""DLM003 workdir-missing."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.edits import insert_before
from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Dockerfile,
    Edit,
    Finding,
    Fix,
    Instruction,
    Severity,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import CopyInfo

_WINDOWS_ABS = re.compile(r"^(?:[A-Za-z]:)?[\\/]")


class WorkdirMissing(Rule):
    """Files are copied, or a WORKDIR is set, relative to the root directory `/`.

    Reported once per stage, when the stage's working directory is known to be `/`: its
    base image is one whose facts say it sets no WORKDIR (`python`, `debian`, `ubuntu`,
    `alpine`, `node`, `nvidia/cuda`...; see the image facts table in README, or declare
    your own with `[tool.dockerlint-ml.images]`), and neither the stage nor the stages it
    is built on set an absolute WORKDIR. It is reported on the first COPY or ADD whose
    destination is relative (`.`, `./`, `app/`, a heredoc copied to `app.py`), or on a
    WORKDIR with a relative path. An image without facts is undecidable (it may well set a
    WORKDIR of its own) and gives no finding; so does a `scratch` stage, a destination with
    a variable this file does not define, and a Windows path (`C:\\app`).

    Images known to set an absolute WORKDIR (from the facts table) are never reported, e.g.:

    | image | WORKDIR |
    |---|---|
    | `golang` | `/go` |
    | `pytorch/pytorch`, `nvcr.io/nvidia/pytorch`, `nvcr.io/nvidia/tensorflow` | `/workspace` |
    | `jupyter/*-notebook`, `jupyter/docker-stacks-foundation`, also on `quay.io` | `/home/jovyan` |
    | `tensorflow/tensorflow` with `jupyter` in the tag | `/tf` |
    | `public.ecr.aws/lambda/*` (AWS Lambda base images) | `/var/task` |

    ## Why is this bad?

    Without WORKDIR, relative paths resolve against the base image's working directory:
    `/` for `python` and most images. The app's files end up mixed with the system's
    directories, the CMD's relative paths depend on an upstream choice, and a base image
    that later sets its own WORKDIR moves everything without a change in your repository.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Fix

    - A COPY or ADD into `/` itself (`COPY . .`, `COPY app.py ./`): unsafe, `WORKDIR /app`
      is inserted above it (indented and cased like it). The files then land in `/app`,
      and every later relative path of the stage (RUN's current directory, CMD's
      `python app.py`) resolves there; a later instruction that relied on `/` by a
      relative path, or a script that reads `/app.py` absolutely, changes meaning. Not
      offered when the hint names further changes (a `COPY --from` reading this stage's
      `/`, absolute references to the copied files).
    - A relative WORKDIR without variables or quotes: safe, the value is replaced with the
      absolute path it already resolves to, so the directory is the same.
    - A relative destination under its own directory: no fix (the hint gives two choices).

    ## References

    - Docker, `WORKDIR` (a relative path is relative to the previous WORKDIR) and `COPY`
      (a relative destination is relative to WORKDIR):
      https://docs.docker.com/reference/dockerfile/#workdir,
      https://docs.docker.com/reference/dockerfile/#copy
    - BuildKit check WorkdirRelativePath:
      https://docs.docker.com/reference/build-checks/workdir-relative-path/
    - hadolint DL3000 and DL3045 (which cannot see a WORKDIR set by the base image,
      hadolint issue #930): https://github.com/hadolint/hadolint/wiki/DL3000,
      https://github.com/hadolint/hadolint/wiki/DL3045
    - pytorch/pytorch: `WORKDIR /workspace` in https://github.com/pytorch/pytorch/blob/main/Dockerfile
    - Jupyter Docker Stacks: `WORKDIR "${HOME}"` with `HOME=/home/jovyan` in
      https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile
    - AWS Lambda base images: `WORKDIR /var/task` in each runtime branch of
      https://github.com/aws/aws-lambda-base-images (e.g. `Dockerfile.python3.12` on
      branch `python3.12`)
    - TensorFlow Jupyter images: `WORKDIR /tf` in
      https://github.com/tensorflow/tensorflow/blob/master/tensorflow/tools/dockerfiles/partials/jupyter.partial.Dockerfile
    """

    code = "DLM003"
    name = "workdir-missing"
    fixable = "mixed"
    severity = Severity.WARNING
    keywords = frozenset({"WORKDIR", "COPY", "ADD"})
    supersedes = ("DL3000", "DL3045", "WorkdirRelativePath")

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._ctx: Context | None = None
        # Stages already settled: an absolute WORKDIR is known, or the finding was made.
        self._settled: set[int] = set()
        self._seen: set[int] = set()
        # Stage -> whether it or a stage it is built on has a WORKDIR.
        self._sets_workdir: dict[int, bool] = {}
        self._index: _FileIndex | None = None

    def _file_index(self, ctx: Context) -> _FileIndex:
        # Built once per file, so that a file of many stages stays linear.
        if self._index is None:
            self._index = _FileIndex(ctx)
        return self._index

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if ctx is not self._ctx:
            self._ctx = ctx
            self._settled.clear()
            self._seen.clear()
            self._sets_workdir.clear()
            self._index = None
        stage = ctx.stage(instruction)
        if stage is None or stage.index in self._settled:
            return
        dockerfile = ctx.dockerfile
        if stage.index not in self._seen:
            self._seen.add(stage.index)
            if not self._starts_at_root(ctx, stage):
                self._settled.add(stage.index)
                return
        if instruction.keyword == "WORKDIR":
            self._settled.add(stage.index)
            path, ok = _expand(dockerfile, stage, instruction, instruction.value)
            if not ok or _is_absolute(instruction.value, path):
                return
            target = posixpath.normpath("/" + path.strip("\"'"))
            autofix = None
            if target == "/":
                fix = "Use an absolute path for the application, e.g. `WORKDIR /app`."
            else:
                fix = f"Use the absolute path it resolves to: `WORKDIR {target}`."
                autofix = _absolute_workdir(ctx, instruction, target)
            yield self.finding(
                instruction,
                f"`WORKDIR {instruction.value}` is relative and no absolute WORKDIR comes"
                f" before it, so it resolves against `/`{self._base_note(ctx, stage)}.",
                fix=fix,
                autofix=autofix,
            )
            return
        dest = _destination(instruction)
        if dest is None:
            return
        path, ok = _expand(dockerfile, stage, instruction, dest)
        if not ok or _is_absolute(dest, path):
            return
        info = ctx.copy(instruction)
        if info is not None and _only_found_upward(info):
            return
        self._settled.add(stage.index)
        lands = posixpath.normpath("/" + path.strip("\"'"))
        if path.endswith("/") and lands != "/":
            lands += "/"
        workdir = "add `WORKDIR /app` (or another absolute directory of your own) before this"
        workdir += " instruction"
        # A destination under its own directory (`serve/`) is a choice of place that a
        # WORKDIR would move; into `/` itself (`.`, `app.py`) the files mix with the system's.
        into_root = lands == "/" or (lands.count("/") == 1 and "." in lands.strip("/."))
        if into_root:
            where = "mixed with the system's directories"
            fix = workdir[0].upper() + workdir[1:]
        else:
            where = "a place the base image's working directory decides, not this file"
            fix = f"Write the destination as the absolute path `{lands}`, or {workdir}"
        then: list[str] = []
        index = self._file_index(ctx)
        readers = index.relative_readers(stage)
        if readers:
            # Those COPYs read their relative sources from this stage's `/`: a WORKDIR here
            # moves the files away from them.
            lines = ", ".join(str(ins.span.line) for ins in readers)
            then.append(
                f"update the relative sources of the `COPY --from={stage.name}` at"
                f" line{'s' if len(readers) > 1 else ''} {lines}, which are read from `/` of"
                " this stage"
            )
        pinned = _absolute_references(ctx, index, stage, instruction)
        if pinned:
            # Paths written out absolutely (`ENV PYTHONPATH=/srv`) do not follow a WORKDIR.
            shown = ", ".join(f"`{p}` (line {line})" for p, line in pinned)
            then.append(f"change the absolute references to the copied files: {shown}")
        autofix = None
        if then:
            lead = ". Then " if into_root else "; with a WORKDIR, also "
            fix += lead + "; ".join(then)
        elif into_root:
            edit = insert_before(dockerfile, instruction, "WORKDIR", "/app")
            autofix = Fix("Add WORKDIR /app", UNSAFE, (edit,))
        yield self.finding(
            instruction,
            f"{instruction.keyword} copies to the relative destination `{dest}` before any"
            f" WORKDIR, so the files land in `{lands}`{self._base_note(ctx, stage)}, {where}.",
            fix=fix + ".",
            autofix=autofix,
        )

    def _base_note(self, ctx: Context, stage: Stage) -> str:
        root, _ = ctx.root_facts(stage)
        if root is None:
            return ""
        shown = root.name if root.tag is None else f"{root.name}:{root.tag}"
        return f" (`{shown}` sets no WORKDIR)"

    def _starts_at_root(self, ctx: Context, stage: Stage) -> bool:
        """Whether the stage is known to start in `/`: facts say its image sets no WORKDIR
        and no stage of its chain sets an absolute one (or one we cannot resolve)."""
        base = stage.base_stage
        if base is not None and self._chain_sets_workdir(ctx.dockerfile, base):
            return False
        _, facts = ctx.root_facts(stage)
        return facts is not None and facts.workdir == "/"

    def _chain_sets_workdir(self, dockerfile: Dockerfile, index: int) -> bool:
        """Whether stage `index` or a stage it is built on has a WORKDIR; cached per stage
        and found without recursion (a chain may be thousands of stages deep)."""
        pending: list[int] = []
        at: int | None = index
        while at is not None and at not in self._sets_workdir:
            pending.append(at)
            at = dockerfile.stages[at].base_stage
        known = at is not None and self._sets_workdir[at]
        for i in reversed(pending):
            known = known or any(
                ins.keyword == "WORKDIR" for ins in dockerfile.stages[i].instructions
            )
            self._sets_workdir[i] = known
        return self._sets_workdir[index]


# Files tools look for in every parent directory (rustup's toolchain file, pyenv's and
# uv's version file, asdf's): copied to `/` on purpose, so that every directory finds them.
_FOUND_UPWARD = frozenset(
    {"rust-toolchain", "rust-toolchain.toml", ".python-version", ".tool-versions"}
)


def _only_found_upward(info: CopyInfo) -> bool:
    return bool(info.sources) and all(src.basename in _FOUND_UPWARD for src in info.sources)


_REFERRING = frozenset({"ENV", "CMD", "ENTRYPOINT", "RUN"})
_ABSOLUTE_PATH = re.compile(r"(?<![\w/.$-])/[\w.-]+(?:/[\w.-]+)*")


class _FileIndex:
    """Per file, built once: the relative `COPY --from` readers of each stage name, and the
    instructions that write out each absolute path."""

    def __init__(self, ctx: Context) -> None:
        dockerfile = ctx.dockerfile
        self.dockerfile = dockerfile
        self._chains: dict[int, frozenset[int]] = {}
        # Every absolute path (and its leading directories) an ENV, CMD, ENTRYPOINT or RUN
        # writes, with the instructions that write it.
        self.mentions: dict[str, list[Instruction]] = {}
        self.readers: dict[str, list[Instruction]] = {}
        for ins in dockerfile.instructions:
            if ins.keyword in _REFERRING:
                for m in _ABSOLUTE_PATH.finditer(ins.value):
                    parts = m.group(0).split("/")
                    for i in range(2, len(parts) + 1):
                        self.mentions.setdefault("/".join(parts[:i]), []).append(ins)
            elif ins.keyword == "COPY":
                info = ctx.copy(ins)
                relative = info is not None and any(
                    not src.text.startswith("/") for src in info.sources
                )
                if info is not None and info.from_ is not None and relative:
                    self.readers.setdefault(info.from_.lower(), []).append(ins)

    def built_on(self, stage: Stage, index: int | None) -> bool:
        """Whether stage `index` is `stage` or built on it."""
        if index is None:
            return False
        chain = self._chains.get(index)
        if chain is None:
            chain = frozenset(
                s.index for s in self.dockerfile.stage_chain(self.dockerfile.stages[index])
            )
            self._chains[index] = chain
        return stage.index in chain

    def relative_readers(self, stage: Stage) -> list[Instruction]:
        """Later COPY --from=<stage> instructions with a relative source path."""
        names = [str(stage.index), *([stage.alias.lower()] if stage.alias else [])]
        found = [
            ins
            for name in names
            for ins in self.readers.get(name, ())
            if ins.stage is not None and ins.stage > stage.index
        ]
        return sorted(found, key=lambda ins: ins.index)


def _absolute_references(
    ctx: Context, index: _FileIndex, stage: Stage, first: Instruction
) -> list[tuple[str, int]]:
    """Where the file writes out, as an absolute path, files that the stage's relative
    COPYs (from `first` on) put under `/`: a WORKDIR added before `first` moves them."""
    landed: set[str] = set()
    for ins in stage.instructions:
        info = ctx.copy(ins) if ins.index >= first.index else None
        if info is None or info.destination.startswith(("/", "$")):
            continue
        dest = posixpath.normpath("/" + info.destination)
        if dest != "/":
            landed.add(dest)
            continue
        # Into `/` itself: a file keeps its name there, a directory's contents spill out;
        # only names with a suffix are taken for files.
        for src in info.sources:
            name = src.basename
            if src.resolved and "." in name.strip(".") and not src.is_glob:
                landed.add("/" + name)
    found: dict[int, str] = {}  # line -> the first copied path it names
    for path in sorted(landed):
        for ins in index.mentions.get(path, ()):
            if ins.index > first.index and index.built_on(stage, ins.stage):
                found.setdefault(ins.span.line, path)
    return [(path, line) for line, path in sorted(found.items())][:3]


def _destination(instruction: Instruction) -> str | None:
    """The destination word of a COPY/ADD as written: the last argument, in either form."""
    if instruction.form == "exec" and instruction.argv is not None:
        words = list(instruction.argv)
    else:
        words = instruction.value.split()
    if len(words) < 2:
        return None
    return words[-1]


def _expand(
    dockerfile: Dockerfile, stage: Stage, instruction: Instruction, word: str
) -> tuple[str, bool]:
    def lookup(name: str) -> str | None:
        value = dockerfile.env_at(stage, name, instruction.index)
        if value is None:
            value = stage.args.get(name, instruction.index)
        return value

    return dockerfile.expand(word, lookup)


def _is_absolute(raw: str, expanded: str) -> bool:
    """POSIX `/x`, or a Windows drive or root path, before or after variable expansion."""
    return expanded.startswith("/") or bool(
        _WINDOWS_ABS.match(raw.strip("\"'")) or _WINDOWS_ABS.match(expanded)
    )


def _absolute_workdir(ctx: Context, instruction: Instruction, target: str) -> Fix | None:
    """`WORKDIR app` -> `WORKDIR /app`: the directory it already resolves to, written
    absolutely (only for a value without variables or quotes, where that is exactly it)."""
    value = instruction.value
    if any(c in value for c in "$\"'") or len(value.split()) != 1:
        return None
    source = ctx.source_map(instruction)
    if source.value_start < 0:
        return None
    start = source.value_start
    edit = Edit(source.span(start, start + len(value)), target)
    return Fix(f"Write WORKDIR {target}", SAFE, (edit,))

"""DLM203 app-module-not-copied."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.app_files import AppTarget, app_targets, provisions
from dockerlint_ml.facts.context import BuildContext
from dockerlint_ml.facts.startcmd import join_workdir

# Commands that may write files into the image the COPY instructions do not show: a
# checkout, a download, an unpacked archive, a copy or move inside the image.
_WRITERS = frozenset(
    {"git", "svn", "hg", "unzip", "tar", "bsdtar", "7z", "rsync", "cp", "mv", "ln", "install"}
    | {"gsutil", "aws", "gcloud", "az", "dvc", "gdown", "huggingface-cli", "scp"}
)
# What separates the words of a RUN line, for a look at the paths it names.
_WORDS = re.compile(r"[\s'\"=;&|()<>`,\[\]]+")
# Requirement-file lines that install the project itself (or something not read here).
_PROJECT_LINES = ("-e", "--editable", ".", "/", "file:", "-r", "--requirement", "-c")


class AppModuleNotCopied(Rule):
    """The start command runs a script or module that is in the build context but never
    copied into the image.

    Reads the final stage's start command (ENTRYPOINT and CMD, through `sh -c`):
    `python predict.py`, `python -m pkg.main`, and the app of `gunicorn predict:app`,
    `uvicorn app.main:app`, `hypercorn app:app`; each names a file relative to the
    directory the command starts in (`predict.py`; `pkg/main.py`, `pkg/main/__main__.py`
    or `pkg/main/__init__.py`). Reported when that file is in the build context (at the
    same path from the context's root, or beside a file the stage copies into that
    directory) and no COPY or ADD of the stage chain puts it there: copies of single
    files that are other files, or a whole directory whose copy `.dockerignore` leaves the
    file out of. Reported on the instruction naming the script or module.

    Needs the build context (see Build context in the README). Not judged, because the
    file may reach the image another way: a base image the linter has no facts for, a
    COPY with a wildcard, a variable, `--from` or an archive, a RUN that fetches, unpacks,
    copies or edits files (git, curl -o, wget, tar, unzip, cp, mv...) or names the file, a
    VOLUME over the working directory (the code is mounted at run time), an unknown
    working directory; for a module also PYTHONPATH, gunicorn's `--chdir`/`--pythonpath`/
    config file, uvicorn's `--app-dir`, and an install of the project itself (`pip install
    .`, a wheel, poetry, uv, pipenv or conda, a requirements file with `-e` or a path).

    ## Why is this bad?

    The image builds, and fails the moment it starts: `python: can't open file
    '/app/predict.py'` or `ModuleNotFoundError: No module named 'predict'`. Usually only
    the dependency manifest was copied (for the layer cache) and the `COPY . .` that
    should follow was forgotten, or `.dockerignore` leaves the code out.

    ## Example

    In a build context holding `requirements.txt` and `predict.py`:

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["python", "predict.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY predict.py ./
    CMD ["python", "predict.py"]
    ```

    ## References

    - Dockerfile reference, COPY: https://docs.docker.com/reference/dockerfile/#copy
    - Python, the module search path (the script's directory or the current directory
      first): https://docs.python.org/3/library/sys_path_init.html
    - gunicorn, `--chdir` and `--pythonpath`:
      https://docs.gunicorn.org/en/stable/settings.html#chdir
    """

    code = "DLM203"
    name = "app-module-not-copied"
    severity = Severity.ERROR
    needs_context = True

    def finish(self, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        stage = ctx.dockerfile.final_stage
        if context is None or stage is None:
            return
        start = ctx.start_command(stage)
        if start is None:
            return
        targets = app_targets(start)
        if not targets:
            return
        _, facts = ctx.root_facts(stage)
        if facts is None or _may_write_files(ctx, stage) or _mounted(ctx, stage, start.workdir):
            return
        env = ctx.dockerfile.final_env(stage)
        for target in targets:
            if target.kind == "module" and (
                "PYTHONPATH" in env
                or any(k == "PYTHONPATH" for k, _ in target.command.env)
                or _installs_project(ctx, stage, context)
            ):
                continue
            if any(_named_by_run(ctx, stage, target)):
                continue
            if any(provisions(ctx.dockerfile, stage, p, context) for p in target.image_paths):
                continue
            found = _in_context(ctx, stage, context, target)
            if found is None:
                continue
            yield self._finding(stage, context, target, *found)
            return  # one root cause: the code was not copied

    def _finding(
        self, stage: Stage, context: BuildContext, target: AppTarget, found: str, relative: str
    ) -> Finding:
        ignore = context.ignore
        rule = ignore.rule_for(found) if ignore is not None and ignore.excluded(found) else None
        what = f"`{target.name}`" + (f" ({found})" if found != target.name else "")
        where = target.workdir
        if rule is not None:
            message = (
                f"{what} is in the build context but .dockerignore leaves it out (line"
                f" {rule.line}: `{rule.pattern}`), so nothing copies it into {where}: the"
                " container fails at start."
            )
            fix = "Re-include it in .dockerignore with a `!` line."
        else:
            message = (
                f"{what} is in the build context but no COPY brings it into {where}: the"
                " container fails at start."
            )
            line = _copy_line(found, relative)
            fix = f"Copy it after the dependencies are installed, e.g. `{line}`."
        on: Instruction = target.instruction or stage.from_instruction
        return self.finding(on, message, fix=fix)


def _copy_line(found: str, relative: str) -> str:
    """The COPY that brings the file, or its top package directory, to where the command
    looks (`predict.py` -> `COPY predict.py ./`, `api/main.py` -> `COPY api/ ./api/`)."""
    if "/" not in relative:
        return f"COPY {found} ./"
    top = relative.split("/", 1)[0]
    folder = found[: len(found) - len(relative)]
    return f"COPY {folder}{top}/ ./{top}/"


def _chain_runs(ctx: Context, stage: Stage) -> Iterator[tuple[Stage, Instruction]]:
    for st in reversed(ctx.dockerfile.stage_chain(stage)):
        for ins in st.instructions:
            if ins.keyword == "RUN":
                yield st, ins


def _may_write_files(ctx: Context, stage: Stage) -> bool:
    """Whether some RUN may put files in the image that no COPY shows."""
    for _, ins in _chain_runs(ctx, stage):
        for cmd in ctx.commands(ins):
            name = posixpath.basename(cmd.name or "")
            if name in _WRITERS:
                return True
            if name == "wget":
                return True
            if name == "curl" and any(
                w in ("-o", "-O", "--output", "--remote-name", "--remote-name-all")
                or (w.startswith("-") and not w.startswith("--") and ("o" in w or "O" in w))
                for w in cmd.argv[1:]
            ):
                return True
    return False


def _named_by_run(ctx: Context, stage: Stage, target: AppTarget) -> Iterator[bool]:
    """Whether a RUN names the target's file or top directory as a relative path (`mv
    src/predict.py .`, `mkdir app`): it may create it."""
    stem = target.relative[0].split("/", 1)[0].removesuffix(".py")
    for _, ins in _chain_runs(ctx, stage):
        yield any(_names(word, stem) for word in _WORDS.split(ins.value))


def _names(word: str, stem: str) -> bool:
    word = word.removeprefix("./")
    return word == stem or (word.startswith(stem) and word[len(stem)] in "/.:")


def _mounted(ctx: Context, stage: Stage, workdir: str | None) -> bool:
    """A VOLUME at or above the working directory: the code may be mounted at run time."""
    if workdir is None:
        return True
    for st in ctx.dockerfile.stage_chain(stage):
        for ins in st.instructions:
            if ins.keyword != "VOLUME":
                continue
            for word in ins.value.replace("[", " ").replace("]", " ").replace(",", " ").split():
                path = posixpath.normpath(word.strip("\"'"))
                if "$" in path or workdir == path or workdir.startswith(path.rstrip("/") + "/"):
                    return True
    return False


def _installs_project(ctx: Context, stage: Stage, context: BuildContext) -> bool:
    """Whether the stage chain may install the project as a package, so that a module is
    importable from site-packages without being in the working directory."""
    for st, ins in _chain_runs(ctx, stage):
        for install in ctx.installs(ins):
            if install.tool in ("pipenv", "conda"):
                return True  # a Pipfile or environment file may hold the project itself
            if install.tool in ("poetry", "uv") and not install.dependencies_only:
                return True
            if install.local_paths or any(_not_named(p) for p in install.packages):
                return True
            for req in install.requirement_files:
                if _requirements_install_project(ctx, st, ins, context, req):
                    return True
    return False


def _not_named(package: str) -> bool:
    """A requirement that is a path, an archive or a VCS URL rather than a name."""
    p = package.lower()
    return p.startswith((".", "/", "file:", "git+")) or p.endswith((".whl", ".tar.gz", ".zip"))


def _requirements_install_project(
    ctx: Context, stage: Stage, ins: Instruction, context: BuildContext, req: str
) -> bool:
    """Whether a requirements file may install the project (`-e .`, a path, an include
    not followed); True when the file cannot be read from the context."""
    workdir: str | None = "/"
    for st in reversed(ctx.dockerfile.stage_chain(stage)):
        for other in st.instructions:
            if st is stage and other.index >= ins.index:
                break
            if other.keyword == "WORKDIR":
                workdir = join_workdir(ctx.dockerfile, st, other, workdir)
    if workdir is None or "$" in req:
        return True
    image_path = posixpath.normpath(posixpath.join(workdir, req))
    found = provisions(ctx.dockerfile, stage, image_path, context, before=ins.index)
    if not found or not found[-1].exact or found[-1].source is None:
        return True
    text = context.read_text(found[-1].source)
    if text is None:
        return True
    for line in text.splitlines():
        word = line.strip().split("#", 1)[0].strip()
        if word.startswith(_PROJECT_LINES) or "://" in word or " @ " in word:
            return True
    return False


def _in_context(
    ctx: Context, stage: Stage, context: BuildContext, target: AppTarget
) -> tuple[str, str] | None:
    """The context file the target would be: at its path from the context's root, or in
    a directory the stage copies files from into the working directory."""
    folders = [""]
    for st in reversed(ctx.dockerfile.stage_chain(stage)):
        for ins in st.instructions:
            if ins.keyword not in ("COPY", "ADD"):
                continue
            info = ctx.copy(ins)
            if info is None or not info.from_context:
                continue
            for src in info.sources:
                folder = posixpath.dirname(src.text.strip("/"))
                if src.resolved and not src.is_url and folder and folder not in folders:
                    folders.append(folder)
    for folder in folders:
        for rel in target.relative:
            candidate = posixpath.join(folder, rel) if folder else rel
            if context.is_file(candidate):
                return candidate, rel
    return None

"""The files a stage's start command runs, and which COPY puts them in the image.

`python predict.py`, `python -m pkg`, `gunicorn predict:app` and `uvicorn app.main:app`
name a script or module the image must hold in the directory the command starts in.
`app_targets` lists them with the image paths that would satisfy each; `provisions` finds
the COPY/ADD instructions that may put a given image path there and, where it can be told,
the build-context file it comes from. DLM203 asks whether anything provides the file;
DLM009/DLM010 read the server script a COPY brought from the context.

Docker's COPY semantics followed: a directory source copies its contents into the
destination; a file source lands at the destination itself, or inside it when the
destination ends with `/`, there are several sources, or it is a directory already (a
WORKDIR creates one). What cannot be told (a glob, an unresolved variable, `--from`, an
archive ADD, a URL) "may provide" anything under its destination, which keeps the rules
silent.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage
from dockerlint_ml.facts.context import BuildContext
from dockerlint_ml.facts.copies import CopyInfo, CopySource, Lookup, copy_info, stage_lookup
from dockerlint_ml.facts.servers import match, positionals
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.startcmd import StartCommand, join_workdir

_PYTHON = re.compile(r"python(\d+(\.\d+)?)?")
# Interpreter options that take the next word as their value.
_PYTHON_VALUE_OPTIONS = frozenset({"-W", "-X", "--check-hash-based-pycs"})
# The servers whose first positional argument is `module:attribute`, and their options
# that change where the module is imported from (then nothing is judged).
_APP_SERVERS = {
    "gunicorn": ("--chdir", "--pythonpath", "-c", "--config"),
    "uvicorn": ("--app-dir",),
    "hypercorn": ("--root-path",),
}
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True, slots=True)
class AppTarget:
    """A script or module the start command runs from its working directory."""

    kind: str  # "script" (`python predict.py`) or "module" (`-m pkg`, `predict:app`)
    name: str  # as written: "predict.py", "pkg.main", "app.main"
    # Where the file would be, relative to the working directory, in the order Python
    # looks: `app/main.py`, `app/main/__init__.py`...; a script has one.
    relative: tuple[str, ...]
    workdir: str  # the absolute directory the command starts in
    command: SimpleCommand
    instruction: Instruction | None  # the CMD/ENTRYPOINT naming it

    @property
    def image_paths(self) -> tuple[str, ...]:
        return tuple(posixpath.normpath(posixpath.join(self.workdir, r)) for r in self.relative)


def app_targets(start: StartCommand) -> list[AppTarget]:
    """The scripts and modules the start command runs; a command whose target is written
    in a way that cannot be read (a variable, an option moving the import path) is left
    out, and so is everything when the working directory is unknown."""
    workdir = start.workdir
    if workdir is None:
        return []
    out: list[AppTarget] = []
    for cmd in start.commands:
        found = _target(cmd, workdir)
        if found is None:
            continue
        kind, name, relative = found
        owner = start.owner(name) or start.owner(cmd.argv[0])
        out.append(AppTarget(kind, name, relative, workdir, cmd, owner))
    return out


def _target(cmd: SimpleCommand, workdir: str) -> tuple[str, str, tuple[str, ...]] | None:
    if not cmd.argv or any("$" in w for w in cmd.argv[:3]):
        return None
    program = posixpath.basename(cmd.argv[0])
    if cmd.wrappers and cmd.wrappers[-1] == "python -m" and program not in _APP_SERVERS:
        return _module(cmd.argv[0])
    if _PYTHON.fullmatch(program):
        return _script(cmd.argv)
    options = _APP_SERVERS.get(program)
    found = match(cmd) if options is not None else None
    if options is None or found is None:
        return None
    server, args = found
    if any(w.split("=", 1)[0] in options for w in args):
        return None  # the module is imported from elsewhere: not judged
    spec = _first_app_spec(positionals(server, args))
    if spec is None:
        return None
    return _module(spec.split(":", 1)[0])


def _script(argv: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]] | None:
    i = 1
    while i < len(argv):
        word = argv[i]
        if word in _PYTHON_VALUE_OPTIONS:
            i += 2
            continue
        if word == "-" or word.startswith("-c") or word.startswith("-m"):
            return None  # stdin, inline code; `-m` is unwrapped by the shell model
        if word.startswith("-"):
            i += 1
            continue
        if not word.endswith(".py") and not word.endswith(".pyw"):
            return None  # a zip app or a directory with __main__.py: not read
        return "script", word, (word,)
    return None


def _module(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    if not _MODULE.fullmatch(name):
        return None
    base = name.replace(".", "/")
    return "module", name, (f"{base}.py", f"{base}/__main__.py", f"{base}/__init__.py")


def _first_app_spec(args: list[str]) -> str | None:
    """The first positional argument shaped `module:attribute` (a server's app): values
    of the options the server table knows are skipped (`--bind localhost:8000`), those of
    others are not app-shaped (`-w 2`)."""
    for word in args:
        head, colon, _ = word.partition(":")
        if colon and _MODULE.fullmatch(head):
            return word
    return None


# -- what puts a file in the image ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provision:
    """A COPY/ADD that may put an image path in place."""

    instruction: Instruction
    # The build-context file it comes from (relative to the context root), when that can
    # be told; None: another stage, an image, a URL, a heredoc, or a source not read.
    source: str | None
    exact: bool  # False: it may or may not provide the path (a glob, a variable...)


def provisions(
    dockerfile: Dockerfile,
    stage: Stage,
    image_path: str,
    context: BuildContext | None,
    before: int | None = None,
) -> list[Provision]:
    """Every COPY/ADD of the stage's chain (before instruction `before` of `stage`) that
    may put a file at `image_path`, in build order."""
    out: list[Provision] = []
    # WORKDIR and the directories made carry down the chain (`FROM base` starts where
    # base ended).
    workdir: str | None = "/"
    directories = {"/"}
    for st in reversed(dockerfile.stage_chain(stage)):
        for ins in st.instructions:
            if st is stage and before is not None and ins.index >= before:
                break
            if ins.keyword == "WORKDIR":
                workdir = join_workdir(dockerfile, st, ins, workdir)
                if workdir is not None:
                    directories.update(_ancestors(workdir))
            elif ins.keyword in ("COPY", "ADD"):
                lookup = stage_lookup(dockerfile, st, ins.index)
                info = copy_info(ins, lookup, dockerfile.escape, dockerfile.budget)
                dest = _destination(info, dockerfile, lookup, workdir) if info else None
                if info is None or dest is None:
                    out.append(Provision(ins, None, False))
                    continue
                found = _provision(info, dest, directories, image_path, context)
                if found is not None:
                    out.append(found)
                if _into_directory(info, dest, directories):
                    directories.update(_ancestors(dest))
    return out


def _ancestors(path: str) -> set[str]:
    out = {"/"}
    while path not in ("/", ""):
        out.add(path)
        path = posixpath.dirname(path)
    return out


def _destination(
    info: CopyInfo, dockerfile: Dockerfile, lookup: Lookup, workdir: str | None
) -> str | None:
    value, ok = dockerfile.expand(info.destination, lookup)
    if not ok or not value:
        return None
    trailing = value.endswith("/") or value in (".", "./")
    if not value.startswith("/"):
        if workdir is None:
            return None
        value = posixpath.join(workdir, value)
    path = posixpath.normpath(value)
    return path + "/" if trailing and path != "/" else path


def _into_directory(info: CopyInfo, dest: str, directories: set[str]) -> bool:
    """Whether the destination is a directory: it ends with `/`, there are several
    sources, or it is one already."""
    return dest.endswith("/") or len(info.sources) > 1 or dest.rstrip("/") in directories


def _provision(
    info: CopyInfo,
    dest: str,
    directories: set[str],
    image_path: str,
    context: BuildContext | None,
) -> Provision | None:
    root = dest.rstrip("/") or "/"
    below = image_path.startswith(root.rstrip("/") + "/")
    if not below and image_path != root:
        return None
    as_directory = _into_directory(info, dest, directories)
    found: Provision | None = None
    for src in info.sources:
        one = _from_source(info, src, root, as_directory, image_path, context)
        if one is not None:
            found = one  # the last source wins, as the last one written is copied last
    return found


def _from_source(
    info: CopyInfo,
    src: CopySource,
    root: str,
    as_directory: bool,
    image_path: str,
    context: BuildContext | None,
) -> Provision | None:
    ins = info.instruction
    inside = posixpath.relpath(image_path, root) if image_path != root else ""
    if not info.from_context or src.is_url or not src.resolved:
        # Another stage, an image, a URL or an unknown word: anything under the
        # destination may come from it.
        return Provision(ins, None, False)
    if src.heredoc:
        named = posixpath.join(root, src.text) if as_directory else root
        return Provision(ins, None, True) if posixpath.normpath(named) == image_path else None
    if src.is_glob:
        return Provision(ins, None, False)  # what a pattern matches is not expanded here
    rel = "/".join(p for p in src.text.replace("\\", "/").split("/") if p not in ("", "."))
    if context is None:
        return Provision(ins, None, False)
    if src.add and src.is_archive:
        return Provision(ins, None, False)  # ADD unpacks a local archive: contents unknown
    if rel == "" or context.is_dir(rel):
        # A directory's contents land in the destination.
        if not inside:
            return None
        source = f"{rel}/{inside}" if rel else inside
        return _judged(ins, context, source)
    if not context.is_file(rel):
        return None  # not in the context (DLM202's finding), so it provides nothing
    target = posixpath.join(root, src.basename) if as_directory else root
    if posixpath.normpath(target) != image_path:
        return None
    return _judged(ins, context, rel)


def _judged(ins: Instruction, context: BuildContext, source: str) -> Provision | None:
    """The provision of context file `source`, unless .dockerignore leaves it out."""
    ignore = context.ignore
    if ignore is not None:
        excluded = ignore.excluded(source)
        if excluded is None:
            return Provision(ins, None, False)
        if excluded:
            return None
    if context.path(source) is None:
        return None
    return Provision(ins, source, True)

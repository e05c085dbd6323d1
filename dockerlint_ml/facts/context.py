"""The build context around a Dockerfile: which directory it is, and safe reads inside it.

The context rules (DLM2xx) ask what the directory `docker build` is sent holds. The linter
reads repositories it does not trust, so every read here is bounded: paths are resolved
inside the context root and a symlink that leads out of it is never followed (a read of
it answers None, a COPY of it is not judged); files over a size limit are only stat-ed; directory
listings stop after a number of entries. Nothing is executed, imported or modified.

Choosing the context (`detect_context`): without `--context` or a configured one, the
Dockerfile's own directory is the context only when it looks like one (it holds a
`.dockerignore`, a Python manifest, or the sources of the file's first local COPY);
otherwise the context is unknown (the usual `docker build -f docker/Dockerfile .` from the
repository root) and the context rules stay silent.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlint_ml.dockerfile.model import Dockerfile
from dockerlint_ml.facts.files import read_regular_file

if TYPE_CHECKING:
    from dockerlint_ml.facts.dockerignore import DockerIgnore

# Manifests and scripts the rules parse are read up to this size; a bigger one is only
# stat-ed (a 1 MiB Pipfile or predict.py is no real one, and reading it costs memory).
MAX_TEXT_BYTES = 1 << 20
# Entries read from one directory when a rule lists it (a 100,000-file dataset directory
# must not make a lint slow): past this, the listing is incomplete and says so.
MAX_LISTED = 10_000
# Entries a walk of the context (`BuildContext.tree`: file sizes for DLM204/DLM205) looks
# at: a 100,000-file context is walked whole in a fraction of a second; past this the walk
# stops and says it is incomplete (what was found stands, what was not is not judged).
MAX_TREE = 250_000
# What makes a directory look like a build context of a Python service.
_MANIFESTS = ("Pipfile", "pyproject.toml", "setup.py", "environment.yml", "environment.yaml")
_IGNORE_FILE = ".dockerignore"


class BuildContext:
    """One build context: its root directory and the Dockerfile linted against it."""

    def __init__(self, root: str | os.PathLike[str], dockerfile: str | None = None) -> None:
        self.root = Path(os.path.realpath(root))
        # The Dockerfile's path on disk (None for standard input): it places BuildKit's
        # `<name>.dockerignore`, which wins over the root's.
        self.dockerfile = Path(os.path.abspath(dockerfile)) if dockerfile is not None else None
        self._trees: dict[str, Tree] = {}

    def __repr__(self) -> str:
        return f"BuildContext({str(self.root)!r})"

    # -- locating ------------------------------------------------------------------------

    def path(self, rel: str) -> Path | None:
        """The file or directory `rel` (relative to the root, `/`-separated; a leading `/`
        is the root, as COPY reads its sources) names, with every symlink on the way
        resolved; None when it leaves the context (`..`, a symlink out) or does not
        exist."""
        parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            return None
        candidate = self.root.joinpath(*parts)
        try:
            resolved = Path(os.path.realpath(candidate))
        except (OSError, ValueError):
            return None
        if resolved != self.root and self.root not in resolved.parents:
            return None  # a symlink out of the context: never followed
        if not os.path.lexists(resolved):
            return None
        return resolved

    def stat(self, rel: str) -> os.stat_result | None:
        found = self.path(rel)
        if found is None:
            return None
        try:
            return found.stat()
        except (OSError, ValueError):
            return None

    def is_file(self, rel: str) -> bool:
        st = self.stat(rel)
        return st is not None and stat.S_ISREG(st.st_mode)

    def is_dir(self, rel: str) -> bool:
        st = self.stat(rel)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def size(self, rel: str) -> int | None:
        st = self.stat(rel)
        return st.st_size if st is not None and stat.S_ISREG(st.st_mode) else None

    # -- reading -------------------------------------------------------------------------

    def read_text(self, rel: str, limit: int = MAX_TEXT_BYTES) -> str | None:
        """A regular file's text (UTF-8, undecodable bytes replaced); None when it is
        missing, outside the context, not a regular file, unreadable or over `limit`."""
        found = self.path(rel)
        if found is None:
            return None
        return _read_bounded(found, limit)

    def names(self, rel: str = "") -> tuple[tuple[str, ...], bool] | None:
        """The entry names of a directory of the context (sorted) and whether the listing
        is complete (False past MAX_LISTED entries); None when it is no directory."""
        found = self.path(rel)
        if found is None:
            return None
        out: list[str] = []
        complete = True
        try:
            with os.scandir(found) as entries:
                for entry in entries:
                    if len(out) >= MAX_LISTED:
                        complete = False
                        break
                    out.append(entry.name)
        except (OSError, ValueError):
            return None
        return tuple(sorted(out)), complete

    def tree(self, rel: str = "") -> Tree:
        """Every regular file and directory at or below the context directory `rel` ("":
        the whole context) with the files' sizes (from lstat: nothing is opened), symlinks
        neither followed nor counted. Walked once per directory asked for; a `COPY src/
        ./src/` does not walk the dataset beside it."""
        cached = self._trees.get(rel)
        if cached is None:
            whole = self._trees.get("")
            if whole is not None and whole.complete:
                cached = Tree(
                    tuple(whole.files_below(rel)),
                    frozenset(d for d in whole.dirs if d == rel or d.startswith(rel + "/")),
                    True,
                )
            elif rel and self.is_dir(rel) and self.path(rel) == self.root.joinpath(rel):
                cached = self._walk(rel)
            elif rel:
                cached = Tree((), frozenset(), False)  # a link or no directory: not walked
            else:
                cached = self._walk("")
            self._trees[rel] = cached
        return cached

    def _walk(self, top: str) -> Tree:
        files: list[tuple[str, int]] = []
        dirs: list[str] = []
        complete = True
        pending = [top]
        seen = 0
        while pending and complete:
            rel = pending.pop()
            try:
                with os.scandir(self.root / rel if rel else self.root) as entries:
                    for entry in entries:
                        seen += 1
                        if seen > MAX_TREE:
                            complete = False
                            break
                        child = f"{rel}/{entry.name}" if rel else entry.name
                        try:
                            if entry.is_dir(follow_symlinks=False):
                                dirs.append(child)
                                pending.append(child)
                            elif entry.is_file(follow_symlinks=False):
                                files.append((child, entry.stat(follow_symlinks=False).st_size))
                        except OSError:
                            continue
            except (OSError, ValueError):
                continue  # an unreadable directory: what it holds is not counted
        return Tree(tuple(files), frozenset(dirs), complete)

    @cached_property
    def ignore(self) -> DockerIgnore | None:
        """The `.dockerignore` in effect (BuildKit's `<Dockerfile name>.dockerignore`
        beside the Dockerfile first, else the root's), or None when there is none. One
        that cannot be read or used answers "cannot tell" (None) for every path."""
        # Imported here: most runs have no context, and none of them reads an ignore file.
        from dockerlint_ml.facts.dockerignore import DockerIgnore, ignore_file_for

        if self.dockerfile is not None:
            where = ignore_file_for(self.root, self.dockerfile)
        else:  # standard input: only the root's
            found = self.path(_IGNORE_FILE)
            where = found if found is not None and found.is_file() else None
        return DockerIgnore.read(where) if where is not None else None


@dataclass(frozen=True, slots=True)
class Tree:
    """What (part of) the context holds, as `BuildContext.tree` walked it; paths are
    relative to the context root."""

    files: tuple[tuple[str, int], ...]  # (path relative to the root, size in bytes)
    dirs: frozenset[str]
    complete: bool  # False: the walk stopped at MAX_TREE entries

    def files_below(self, rel: str) -> Iterator[tuple[str, int]]:
        """The files at or below `rel` ("" for the whole context)."""
        if not rel:
            yield from self.files
            return
        prefix = rel + "/"
        for path, size in self.files:
            if path == rel or path.startswith(prefix):
                yield path, size


def _read_bounded(path: Path, limit: int) -> str | None:
    try:
        data = read_regular_file(path, limit + 1, max_size=limit)
    except (OSError, ValueError):
        return None  # unreadable, no regular file, or bigger than `limit`: only stat-ed
    return data.decode("utf-8", errors="replace")


def detect_context(dockerfile_path: str, dockerfile: Dockerfile) -> BuildContext | None:
    """The Dockerfile's directory as its build context, when it looks like one: it holds a
    `.dockerignore`, a Python manifest (Pipfile, pyproject.toml, requirements*.txt,
    setup.py, environment.yml) or the source of the file's first local COPY/ADD; else
    None (the context is elsewhere, or unknown)."""
    directory = os.path.dirname(os.path.abspath(dockerfile_path))
    candidate = BuildContext(directory, dockerfile_path)
    listing = candidate.names()
    if listing is None:
        return None
    names, _ = listing
    present = set(names)
    if _IGNORE_FILE in present or any(m in present for m in _MANIFESTS):
        return candidate
    if any(n.startswith("requirements") and n.endswith(".txt") for n in names):
        return candidate
    source = _first_local_source(dockerfile)
    if source is not None and candidate.path(source) is not None:
        return candidate
    return None


def _first_local_source(dockerfile: Dockerfile) -> str | None:
    """The first source of the first COPY/ADD that reads the context (no `--from`, no URL,
    no variable, no wildcard), or None."""
    from dockerlint_ml.facts.copies import copy_info

    for instruction in dockerfile.instructions:
        if instruction.keyword not in ("COPY", "ADD"):
            continue
        info = copy_info(instruction)
        if info is None or info.from_ is not None:
            continue
        for src in info.sources:
            if not src.is_context_path:
                continue
            text = src.text.strip()
            if text in ("", ".", "./") or "$" in text:
                continue
            return text
        return None
    return None


# What a COPY/ADD source is in the context: sent to the builder, left out by the ignore
# file, or not there at all.
SENT = "sent"
EXCLUDED = "excluded"
MISSING = "missing"
# Entries looked at below an excluded directory for one that an exception re-includes.
MAX_WALKED = 10_000


def source_state(context: BuildContext, source: str) -> str | None:
    """SENT, EXCLUDED or MISSING for a literal COPY/ADD source (a context path, no
    wildcard); None when it cannot be told (an ignore file that cannot be used, a symlink
    leading out of the context, a directory too big to walk).

    A directory the ignore file excludes is still sent when an exception re-includes a
    file below it (`*` then `!app/`): only a directory with nothing sent below it counts
    as EXCLUDED."""
    rel = "/".join(p for p in source.replace("\\", "/").split("/") if p not in ("", "."))
    if rel == "":
        return SENT  # the context root is always sent (maybe empty): not judged here
    if any(p == ".." for p in rel.split("/")):
        return None
    found = context.path(rel)
    if found is None:
        # Absent, or a link leading out of the context, which BuildKit resolves inside it
        # (fsutil's followlinks): not judged.
        return MISSING if not os.path.lexists(context.root / rel) else None
    ignore = context.ignore
    if ignore is None:
        return SENT
    excluded = ignore.excluded(rel)
    if excluded is None or not excluded:
        return None if excluded is None else SENT
    if not found.is_dir():
        return EXCLUDED
    return _sent_below(context, ignore, rel)


def _sent_below(context: BuildContext, ignore: DockerIgnore, rel: str) -> str | None:
    """EXCLUDED when no file below the excluded directory `rel` is re-included, SENT when
    one is, None when the walk would be too long or an answer is unknown."""
    seen = 0
    pending = [rel]
    while pending:
        current = pending.pop()
        listing = context.names(current)
        if listing is None:
            continue
        names, complete = listing
        if not complete:
            return None
        for name in names:
            seen += 1
            if seen > MAX_WALKED:
                return None
            child = f"{current}/{name}"
            answer = ignore.excluded(child)
            if answer is None:
                return None
            if not answer:
                return SENT
            if _real_directory(context.root / child):
                pending.append(child)  # a symlink is sent as a link: never walked
    return EXCLUDED


def _real_directory(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False

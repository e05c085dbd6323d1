"""Which files a command line names: explicit files, directories searched for Dockerfiles, stdin.

Search rules for a directory (issue 2, item 9):

- file names matched case-insensitively: `Dockerfile` and `Containerfile`, either followed by
  `.`, `-` or `_` and a non-empty suffix (`Dockerfile.gpu`, `Dockerfile-dev`,
  `dockerfile_cpu`), and `*.Dockerfile` / `*.Containerfile`; never one whose last suffix is
  `.dockerignore` / `.containerignore` (the per-Dockerfile ignore files) or one of
  `OTHER_KIND_SUFFIXES` (`Dockerfile.j2`, `Dockerfile-dev.yml`, `Dockerfile_old.bak`);
- symlinked directories are not followed (a symlink to a file with a matching name is linted);
- `.git`, `node_modules` and virtualenvs (a directory holding `pyvenv.cfg`, or named `.venv`,
  `venv`, `.tox`) are skipped;
- a symlink loop met on the way is a problem (one line on stderr, exit 2) and is skipped;
- the result is sorted, so the order never depends on the file system.

A path given explicitly is taken as is: a file with any name is linted, a symlink to a
directory is searched, and the skip list only applies below it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

STDIN = "-"

SKIPPED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", ".tox"})
VENV_MARKER = "pyvenv.cfg"
IGNORE_SUFFIXES = frozenset({"dockerignore", "containerignore"})
# A Dockerfile's name with one of these as its last suffix is some other file about that
# Dockerfile: a template still to be rendered (so not valid Dockerfile syntax yet), notes, a
# script, an editor or merge leftover, a configuration or a log. Linting those only produces
# noise about text nobody builds. Only the last suffix counts (`Dockerfile.j2.gpu` is a
# Dockerfile), compared case-insensitively. .pre-commit-hooks.yaml repeats this list in its
# `exclude`; tests/test_discovery.py checks that the two agree.
OTHER_KIND_SUFFIXES = frozenset(
    {
        *("j2", "jinja", "jinja2", "tmpl", "tpl", "template", "in"),
        *("md", "txt", "sh", "py", "ps1", "bat"),
        *("bak", "orig", "rej", "swp"),
        *("yml", "yaml", "json", "toml", "lock", "log"),
    }
)

_BASE = "(?:docker|container)file"
# Regexes rather than str.lower(), written the way pre-commit applies the hook's `files` and
# `exclude` ((?i), re.search, `$`): the hook and the search must agree on every name, even on
# letters whose case rules differ between the two and on names ending in a newline.
_NAME = re.compile(rf"\A(?:{_BASE}(?:[._-].+)?|.*\.{_BASE})$", re.IGNORECASE | re.DOTALL)
_NOT_A_DOCKERFILE = re.compile(
    r"\.(?:{})$".format("|".join(map(re.escape, sorted(IGNORE_SUFFIXES | OTHER_KIND_SUFFIXES)))),
    re.IGNORECASE,
)


def is_dockerfile_name(name: str) -> bool:
    """Whether a file name is one the directory search picks up (case-insensitive)."""
    return _NAME.search(name) is not None and _NOT_A_DOCKERFILE.search(name) is None


@dataclass(frozen=True, slots=True)
class Target:
    """One input to lint: `display` is how reports name it, `path` where to read it from."""

    display: str
    path: str | None  # None for standard input

    @property
    def is_stdin(self) -> bool:
        return self.path is None


@dataclass(frozen=True, slots=True)
class Problem:
    """A path that cannot be linted, with the reason shown after it on stderr."""

    path: str
    reason: str


@dataclass
class Discovery:
    """Targets and problems in command-line order (`items`), and each kind on its own."""

    items: list[Target | Problem] = field(default_factory=list)

    @property
    def targets(self) -> list[Target]:
        return [item for item in self.items if isinstance(item, Target)]

    @property
    def problems(self) -> list[Problem]:
        return [item for item in self.items if isinstance(item, Problem)]


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    detail = exc.strerror or type(exc).__name__
    return f"cannot read directory: {detail[:1].lower()}{detail[1:]}"


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _search(root: str, problems: list[Problem]) -> list[str]:
    """Display paths of the Dockerfiles under `root` (as given), in sorted order."""
    found: list[tuple[tuple[str, ...], str]] = []
    # Iterative walk: deep trees must not hit the recursion limit.
    stack: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    seen: set[tuple[int, int]] = set()
    while stack:
        directory, parts = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
            info = os.stat(directory)
        except OSError as exc:
            problems.append(Problem(directory, _reason(exc)))
            continue
        # Bind mounts can repeat a directory even without symlinks; visit each once.
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        if parts and any(e.name == VENV_MARKER for e in entries):
            continue
        subdirs: list[tuple[str, tuple[str, ...]]] = []
        for entry in entries:
            try:
                if entry.is_symlink():
                    # Resolve the link only to tell a loop from a file; never descend.
                    try:
                        target_mode = os.stat(entry.path).st_mode
                    except OSError as exc:
                        if exc.errno == errno.ELOOP:
                            problems.append(Problem(entry.path, "symlink loop, skipped"))
                        elif is_dockerfile_name(entry.name):
                            problems.append(
                                Problem(entry.path, "broken symlink (its target does not exist)")
                            )
                        continue
                    if stat.S_ISDIR(target_mode):
                        continue
                    is_dir = False
                else:
                    is_dir = entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                problems.append(Problem(entry.path, _reason(exc)))
                continue
            if is_dir:
                if entry.name not in SKIPPED_DIRS:
                    subdirs.append((entry.path, (*parts, entry.name)))
            elif is_dockerfile_name(entry.name):
                found.append(((*parts, entry.name), entry.path))
        # Reversed so that popping the stack visits subdirectories in name order.
        stack.extend(reversed(subdirs))
    found.sort(key=lambda item: item[0])
    return [display for _, display in found]


def discover(paths: Iterable[str]) -> Discovery:
    """Expand command-line paths into targets; problems are collected, never raised.

    `-` is standard input. A directory is searched (see the module docstring); one with no
    Dockerfile in it is a problem. Any other path becomes a target as is: whether it exists
    and is a regular file is checked when it is read (`sources.read_path`). The same path
    given twice is linted once.
    """
    result = Discovery()
    seen: set[str] = set()

    def add(display: str, path: str | None) -> None:
        key = STDIN if path is None else os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            result.items.append(Target(display, path))

    for given in paths:
        if given == STDIN:
            add(STDIN, None)
        elif _is_dir(given):
            problems: list[Problem] = []
            files = _search(given, problems)
            result.items.extend(problems)
            for display in files:
                add(display, display)
            if not files and not problems:
                result.items.append(Problem(given, "no Dockerfile found in this directory"))
        else:
            add(given, given)
    return result

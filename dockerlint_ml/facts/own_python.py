"""Whether a stage brings a Python of its own, other than the one its base image runs.

A build may install, select or build an interpreter: apt or apk `python*` packages, conda
(or a Miniconda / Miniforge / micromamba installer), pyenv and other version managers, `uv
python`, `uv venv --python`, `poetry env use`, `pdm use`, `virtualenv --python`, a
`pythonX.Y` other than the base's named in a RUN, a COPY of an interpreter tree from
another image. From there the image facts of the base (its Python) no longer say which
Python the installs run on: DLM201 (python-version-mismatch) compares a manifest's
requirement with the base's Python, so it stops judging a stage, and the stages built on
it, at the first instruction that may bring another one.

Precision first: anything that may bring an interpreter counts (a package list a variable
decides, a COPY --from of a whole prefix, a word such as `deadsnakes`), since wrongly
counting one only keeps the rule silent.

- `copies_python(instruction, info)`: a COPY/ADD that may bring an interpreter;
- `names_other_python(text, version)`: a RUN's text names a versioned interpreter other
  than `version`;
- `brings_own_python(cmd, records, uv_venv_pinned=...)`: one command of a RUN installs,
  selects or builds a Python; what only the caller's view of the stage can tell (a
  `UV_PYTHON`, a `.python-version` that `uv venv` reads) it asks through the callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.facts.copies import CopyInfo
from dockerlint_ml.facts.packages import Kind, PackageCommand
from dockerlint_ml.facts.python_requirements import PythonVersion
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.toolchain import provides

_SYSTEM_MANAGERS = frozenset({"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf"})
_SYSTEM_MANAGERS |= {"zypper", "tdnf"}
# A package that is, or brings, an interpreter: `python3.11`, `python3-dev`, `pypy3`,
# `libpython3.11` (any `python3-*` pulls the distribution's python3 in, which pipenv and
# Poetry may pick when they look for a matching Python on PATH).
_INTERPRETER_PACKAGE = re.compile(r"(?:lib)?(?:python|pypy)", re.IGNORECASE)
# `python3.12`, `pip3.12`, `/usr/local/lib/python3.12/`: a versioned interpreter named in a
# RUN (`python3.12 -m venv` reaches the shell model as `venv`, its interpreter dropped).
_VERSIONED = re.compile(r"(?<![\w.])(?:python|pip)(\d+)\.(\d+)(?!\d)")
_CONDAS = frozenset({"conda", "mamba", "micromamba"})
# Version managers that install interpreters.
_VERSION_MANAGERS = frozenset({"pyenv", "python-build", "asdf", "mise", "rtx"})
# Words that name a Python installer or a build of an interpreter.
_PYTHON_MARKERS = ("pyenv", "deadsnakes", "python-build-standalone", "altinstall")
# COPY --from sources that may be an interpreter (a whole prefix, a conda or pyenv tree).
_PREFIXES = frozenset({"", "/usr", "/usr/local", "/usr/local/bin", "/usr/local/lib", "/opt"})
_PREFIX_WORDS = ("python", "conda", "pyenv", "mamba")


def copies_python(instruction: Instruction, info: CopyInfo | None) -> bool:
    """Whether a COPY --from (or an ADD of an archive or URL) may bring an interpreter;
    `info`: what the instruction copies (facts.copies), None when it could not be read,
    and then any ADD or COPY --from counts."""
    if info is None:
        return instruction.keyword == "ADD" or instruction.flag("from") is not None
    for src in info.sources:
        text = src.text.lower()
        if info.from_ is None and not (src.is_url or src.is_archive):
            continue
        if not src.resolved or any(w in text for w in _PREFIX_WORDS):
            return True
        if info.from_ is not None and text.rstrip("/") in _PREFIXES:
            return True
    return False


def names_other_python(text: str, version: PythonVersion) -> bool:
    """Whether a RUN's text names a versioned interpreter other than `version`'s
    major.minor (`python3.12 -m venv /venv` on a 3.11 base): something else provides it,
    or the build fails there."""
    mine = (version.major, version.minor)
    return any((int(m.group(1)), int(m.group(2))) != mine for m in _VERSIONED.finditer(text))


def brings_own_python(
    cmd: SimpleCommand,
    records: Sequence[PackageCommand],
    *,
    uv_venv_pinned: Callable[[], bool],
) -> bool:
    """Whether the command installs, selects or builds a Python other than the base's;
    `records`: the RUN's package-manager commands (facts.packages) whose `command` is
    this one.

    `uv venv` uses the base's Python unless told otherwise: by `-p` / `--python`, read
    here, or by what the stage around it says (a `UV_PYTHON`, a `.python-version` in its
    directory or a parent), which `uv_venv_pinned` answers. It is called for a `uv venv`
    without those options only, so a costly look-up runs only where it decides."""
    if any(_system_python(r) for r in records):
        return True
    name = cmd.name
    args = cmd.args
    if name in _CONDAS or (name in _VERSION_MANAGERS and _mentions_python(cmd)):
        return True
    if name in ("pyenv", "python-build"):
        return True
    if cmd.matches("poetry", "env", "use"):
        return True
    if cmd.matches("pdm", "use") or cmd.matches("pdm", "python"):
        return True
    if name == "virtualenv" and _python_option(cmd):
        return True
    if name == "uv" and "python" in args:
        return True  # `uv python install`, `uv python pin` (which writes .python-version)
    if name == "uv" and "venv" in args:
        return _python_option(cmd) or uv_venv_pinned()
    if provides(cmd, records).tools & _CONDAS:
        return True  # a Miniconda / Miniforge / micromamba installer
    words = " ".join(cmd.argv).lower()
    return any(marker in words for marker in _PYTHON_MARKERS)


def _system_python(record: PackageCommand) -> bool:
    if record.manager not in _SYSTEM_MANAGERS or record.action not in ("install", "add"):
        return False
    for arg in record.args:
        if arg.kind is Kind.UNKNOWN:
            return True  # a variable decides the packages
        if arg.kind is Kind.PACKAGE and _INTERPRETER_PACKAGE.match(arg.name):
            return True
        if arg.kind in (Kind.FILE, Kind.URL) and "python" in arg.word.lower():
            return True
    return False


def _mentions_python(cmd: SimpleCommand) -> bool:
    return any("python" in a.lower() for a in cmd.args)


def _python_option(cmd: SimpleCommand) -> bool:
    """Whether `-p` or `--python` is given before any `--`: `--python 3.12`,
    `--python=3.12`, `-p 3.12`, `-p3.12` (SimpleCommand.has_flag misses the last one)."""
    for word in cmd.args:
        if word == "--":
            return False
        if word.startswith("-p") or word == "--python" or word.startswith("--python="):
            return True
    return False

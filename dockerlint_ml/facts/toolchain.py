"""Python package managers: which one a command runs, and what may have installed one.

The managers are pipenv, poetry, uv (with uvx), pdm, conda, mamba and micromamba: the tools
whose absence the image facts can state (`ImageFacts.tools` is complete for them).

`tools_run(cmd)` names the managers a simple command needs: the program itself (also by its
path, and through `python -m`), or the runner it was unwrapped from (`pipenv run`, `poetry
run`, `pdm run`, `uv run`, `uvx`, `conda run`...). `provides(cmd, packages)` says what a
command of a RUN puts on the image, as a `Provision`: tools it surely installs, and whether
it may install anything at all (an unknown script, `curl ... | sh`, a requirements file, a
word a variable decides). Precision comes first: anything that might install a manager
counts as such, so that a rule built on this only reports a manager nothing could have
installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dockerlint_ml.facts.packages import Kind, PackageCommand
from dockerlint_ml.facts.shell import SHELL_NAMES, SimpleCommand

TOOLS: tuple[str, ...] = ("pipenv", "poetry", "uv", "pdm", "conda", "mamba", "micromamba")
TOOL_SET = frozenset(TOOLS)
# What installs with pip / pipx / uv tool (the others are not Python packages on PyPI).
PYPI_TOOLS = frozenset({"pipenv", "poetry", "uv", "pdm"})

# A program name -> the manager it belongs to.
_PROGRAMS = {tool: tool for tool in TOOLS} | {"uvx": "uv"}
# The runner a command was unwrapped from (facts.shell's wrapper labels) -> its manager.
_RUNNERS = {
    "pipenv run": "pipenv",
    "poetry run": "poetry",
    "pdm run": "pdm",
    "uv run": "uv",
    "uvx": "uv",
    "conda run": "conda",
    "mamba run": "mamba",
    "micromamba run": "micromamba",
}
_INTERPRETER = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?\Z")
# Commands that ask whether a program exists: a RUN that asks is conditional on it.
_PROBES = frozenset({"which", "type", "hash", "whereis"})
_TESTS = frozenset({"test", "[", "[["})

# Installers by what their URL or file name says (lower case substrings) -> what they bring.
_INSTALLER_MARKERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("install.python-poetry.org", frozenset({"poetry"})),
    ("python-poetry.org/install", frozenset({"poetry"})),
    ("get-poetry.py", frozenset({"poetry"})),
    ("install-poetry.py", frozenset({"poetry"})),
    ("astral.sh/uv", frozenset({"uv"})),
    ("astral-sh/uv", frozenset({"uv"})),
    ("pdm-project.org", frozenset({"pdm"})),
    ("pdm.fming.dev", frozenset({"pdm"})),
    ("install-pdm.py", frozenset({"pdm"})),
    ("micro.mamba.pm", frozenset({"micromamba"})),
    ("micromamba", frozenset({"micromamba"})),
    ("miniforge", frozenset({"conda", "mamba"})),
    ("mambaforge", frozenset({"conda", "mamba"})),
    ("miniconda", frozenset({"conda"})),
    ("anaconda", frozenset({"conda"})),
)
# System package names: `python3-poetry`, `py3-pipenv`, `pipenv`.
_SYSTEM_PREFIXES = ("python3-", "python-", "py3-")
_SYSTEM_MANAGERS = frozenset({"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"})
_PIP_MANAGERS = frozenset({"pip", "uv-pip", "pipx", "pip-sync"})
_CONDAS = frozenset({"conda", "mamba", "micromamba"})
_NORMALISE = re.compile(r"[-_.]+")


@dataclass(frozen=True, slots=True)
class Provision:
    """What a command or instruction may put on the image."""

    tools: frozenset[str] = frozenset()  # managers it installs
    anything: bool = False  # it may install any of them (unknown script, unknown word)

    def __or__(self, other: Provision) -> Provision:
        return Provision(self.tools | other.tools, self.anything or other.anything)

    def covers(self, tool: str) -> bool:
        return self.anything or tool in self.tools


NOTHING = Provision()
ANYTHING = Provision(anything=True)


def tools_run(cmd: SimpleCommand) -> frozenset[str]:
    """The managers a command runs: its program, or a runner it was unwrapped from."""
    found = {_RUNNERS[w] for w in cmd.wrappers if w in _RUNNERS}
    tool = _PROGRAMS.get(cmd.name)
    if tool is not None:
        found.add(tool)
    return frozenset(found)


def tool_of_program(name: str) -> str | None:
    """`uvx` -> `uv`, `conda` -> `conda`; None for a program that is no manager."""
    return _PROGRAMS.get(name)


def tools_in(names: Iterable[str]) -> frozenset[str]:
    """The managers among an image's tools (`uvx` stands for uv)."""
    return frozenset(t for t in (_PROGRAMS.get(n) for n in names) if t is not None)


def provides(cmd: SimpleCommand, packages: Iterable[PackageCommand]) -> Provision:
    """What one command of a RUN may install; `packages` are the RUN's package commands
    (facts.packages) whose `command` is this one."""
    found = NOTHING
    for record in packages:
        found |= _from_package_command(record)
    name = cmd.name
    args = cmd.args
    if name in _CONDAS:
        found |= _from_conda(args)
    elif name == "uv" and args[:2] == ("tool", "install"):
        found |= _named(args[2:], PYPI_TOOLS)
    if tools_run(cmd):
        return found  # a manager's own words (`conda install -c anaconda`) install nothing more
    probe = name in _PROBES or (name == "command" and args[:1] in (("-v",), ("-V",)))
    if probe or name in _TESTS:
        found |= Provision(tools_in(a.rsplit("/", 1)[-1] for a in args))
    found |= _from_markers(cmd.argv)
    if _runs_unknown_code(cmd):
        found |= ANYTHING
    return found


def _from_package_command(record: PackageCommand) -> Provision:
    manager = record.manager
    if record.action not in ("install", "add", "sync"):
        return NOTHING
    if manager in _PIP_MANAGERS:
        if record.has("-r", "--requirement", "--requirements") or manager == "pip-sync":
            return ANYTHING  # a requirements file may name any of them
        tools: set[str] = set()
        for arg in record.args:
            if arg.option:
                continue
            if arg.kind is Kind.UNKNOWN:
                return ANYTHING
            if arg.kind is Kind.PACKAGE:
                key = _NORMALISE.sub("-", arg.name).lower()
                if key in PYPI_TOOLS:
                    tools.add(key)
                # A plugin (`poetry-plugin-export`) depends on its tool and brings it along.
                tools.update(t for t in PYPI_TOOLS if key.startswith(t + "-"))
            elif arg.kind in (Kind.FILE, Kind.URL, Kind.VCS):
                tools |= _from_markers((arg.word,)).tools | _named_in(arg.word, PYPI_TOOLS)
        return Provision(frozenset(tools))
    if manager in _SYSTEM_MANAGERS:
        tools = set()
        for arg in record.args:
            if arg.kind is Kind.UNKNOWN:
                return ANYTHING
            if arg.kind is Kind.PACKAGE:
                name = arg.name.lower()
                for prefix in _SYSTEM_PREFIXES:
                    if name.startswith(prefix):
                        name = name[len(prefix) :]
                        break
                if name in TOOL_SET:
                    tools.add(name)
            elif arg.kind in (Kind.FILE, Kind.URL):
                tools |= _named_in(arg.word, TOOL_SET)
        return Provision(frozenset(tools))
    return NOTHING


def _from_conda(args: tuple[str, ...]) -> Provision:
    """`conda install -c conda-forge mamba`, `conda create -n x poetry`, `-f env.yml`."""
    words = [a for a in args if not a.startswith("-")]
    if not words or words[0] not in ("install", "create", "env", "update"):
        return NOTHING
    if any(a in ("-f", "--file") or a.startswith("--file=") for a in args) or words[0] == "env":
        return ANYTHING  # an environment file may list any of them
    tools: set[str] = set()
    for word in words[1:]:
        if "$" in word:
            return ANYTHING
        name = re.split(r"[=<>!~\[ ]", word.rsplit("::", 1)[-1], maxsplit=1)[0].lower()
        if name in TOOL_SET:
            tools.add(name)
    return Provision(frozenset(tools))


def _named(args: Iterable[str], tools: frozenset[str]) -> Provision:
    found: set[str] = set()
    for arg in args:
        if arg.startswith("-"):
            continue
        if "$" in arg:
            return ANYTHING
        name = re.split(r"[=<>!~\[@ ]", arg, maxsplit=1)[0]
        key = _NORMALISE.sub("-", name).lower()
        if key in tools:
            found.add(key)
    return Provision(frozenset(found))


def _named_in(word: str, tools: frozenset[str]) -> set[str]:
    """Managers whose name starts a file name in `word` (`poetry-1.8.3-py3-none-any.whl`)."""
    base = word.rsplit("/", 1)[-1].lower()
    return {t for t in tools if base.startswith(t)}


def _from_markers(words: Iterable[str]) -> Provision:
    tools: set[str] = set()
    for word in words:
        low = word.lower()
        for marker, brings in _INSTALLER_MARKERS:
            if marker in low:
                tools |= brings
    return Provision(frozenset(tools))


def _runs_unknown_code(cmd: SimpleCommand) -> bool:
    """A script we cannot read: `curl ... | sh`, `bash install.sh`, `./setup.sh`, a program
    named by a variable, `source file`."""
    name = cmd.name
    if not name or "$" in cmd.argv[0] or "`" in cmd.argv[0]:
        return True
    if name.endswith((".sh", ".bash", ".run")):
        return True
    if name in (".", "source", "eval"):
        return True
    if name in SHELL_NAMES or _INTERPRETER.match(name):
        operands = [a for a in cmd.args if a == "-" or not a.startswith("-")]
        if cmd.piped and cmd.pipe_index > 0 and (not operands or operands[0] == "-"):
            return True  # reads a script from the pipe
        if name in SHELL_NAMES and operands:
            return True  # runs a script file
    return False


__all__ = [
    "ANYTHING",
    "NOTHING",
    "PYPI_TOOLS",
    "TOOLS",
    "TOOL_SET",
    "Provision",
    "provides",
    "tool_of_program",
    "tools_in",
    "tools_run",
]

"""Python code a RUN hands to an interpreter, and the calls that code makes, read statically.

Two places hold such code:

- `python -c CODE` (any `python`, `python3`, `python3.11`, `pypy3`, by path too, with
  interpreter options before `-c` such as `-u`, `-W ignore`, `-X utf8` or `-uc`), wherever
  the shell facts find the command: the RUN itself, `sh -c "..."`, `&&`/`||` lists,
  environment runners (`uv run`, `conda run`);
- a heredoc fed to an interpreter that reads its program from stdin: `RUN python3 - <<EOF`,
  `RUN python3 <<EOF`, `RUN <<EOF python3`. The pairing is by instruction: when some command
  of the RUN is such an interpreter, every stdin heredoc of the RUN is read as Python (a
  body that is not Python fails to parse and is ignored). A RUN whose only heredoc is run
  as a file through a `#!/usr/bin/env python3` shebang is not read here (its commands are
  not Python's), nor is a script file the RUN writes and then runs.

The code is parsed with `ast.parse` and only walked: nothing is compiled, imported or run.
Code over MAX_CODE characters, code that does not parse and code nested too deeply for the
parser give no calls.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.facts.shell import SimpleCommand

# Longer code is not read: a download or GPU query in a `python -c` string is a few lines.
MAX_CODE = 64_000

_PYTHON = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?\Z")
# Interpreter options that take a value (as the next word or glued: `-Wignore`).
_VALUE_OPTIONS = frozenset("WXQ")
_LONG_VALUE_OPTIONS = frozenset({"--check-hash-based-pycs"})


@dataclass(frozen=True, slots=True)
class Snippet:
    """Python code the RUN runs: from `-c` (with its command) or from a stdin heredoc."""

    code: str
    kind: str  # "-c" or "heredoc"
    command: SimpleCommand
    # Whether a shell expanded `$VAR` in the code before Python saw it (a shell-form RUN or
    # a `sh -c` script for `-c`; an unquoted delimiter for a heredoc).
    expanded: bool


@dataclass(frozen=True, slots=True)
class Value:
    """An argument: its literal value when it is a plain constant, else None."""

    literal: str | int | float | bool | None
    constant: bool  # a constant (a string, a number, True/False/None)


@dataclass(frozen=True, slots=True)
class Call:
    """One call in the code, its callee named through the code's imports."""

    # The callee as written: `AutoModel.from_pretrained`, `snapshot_download`; the last
    # part alone when the receiver is not a name (`get_cls().from_pretrained`).
    written: str
    # The callee with the code's import bindings applied (`transformers.AutoModel.
    # from_pretrained` after `from transformers import AutoModel`); None when its base name
    # is bound by no import.
    qualified: str | None
    args: tuple[Value, ...]
    keywords: tuple[tuple[str, Value], ...]
    # `*args` or `**kwargs` in the call: any parameter may be set where we cannot see it.
    unpacked: bool
    # A `from <module> import *` in the code, which may bind any name.
    star_imports: tuple[str, ...] = ()

    @property
    def attribute(self) -> str:
        """The last part of the callee: `from_pretrained`."""
        return self.written.rsplit(".", 1)[-1]

    def keyword(self, name: str) -> Value | None:
        for key, value in self.keywords:
            if key == name:
                return value
        return None


def is_python(command: SimpleCommand) -> bool:
    """Whether the command runs a Python interpreter (`python -m mod` is already `mod`)."""
    return bool(_PYTHON.match(command.name))


def interpreter_input(command: SimpleCommand) -> tuple[str, str | None]:
    """What a Python interpreter runs: ("-c", code), ("stdin", None) for `python` or
    `python -`, ("module", None), ("file", None) for a script path."""
    args = command.args
    i = 0
    n = len(args)
    while i < n:
        arg = args[i]
        if arg == "-":
            return "stdin", None
        if arg == "--":
            return ("stdin", None) if i + 1 >= n or args[i + 1] == "-" else ("file", None)
        if arg.startswith("--"):
            i += 2 if arg in _LONG_VALUE_OPTIONS else 1
            continue
        if arg.startswith("-") and len(arg) > 1:
            skip = 1
            for j in range(1, len(arg)):
                letter = arg[j]
                if letter == "c":
                    rest = arg[j + 1 :]
                    if rest:
                        return "-c", rest
                    return ("-c", args[i + 1]) if i + 1 < n else ("file", None)
                if letter == "m":
                    return "module", None
                if letter in _VALUE_OPTIONS:
                    skip = 1 if arg[j + 1 :] else 2
                    break
            i += skip
            continue
        return "file", None
    return "stdin", None


def snippets(instruction: Instruction, commands: Iterable[SimpleCommand]) -> tuple[Snippet, ...]:
    """The Python code a RUN (an ONBUILD's inner RUN too) hands to interpreters, in order."""
    ins = instruction.inner if instruction.inner is not None else instruction
    shell_form = ins.form == "shell"
    out: list[Snippet] = []
    reader: SimpleCommand | None = None
    for cmd in commands:
        if not is_python(cmd):
            continue
        how, code = interpreter_input(cmd)
        if how == "-c" and code is not None:
            expanded = shell_form or any(w.endswith(("-c", "<<")) for w in cmd.wrappers)
            out.append(Snippet(code, "-c", cmd, expanded))
        elif how == "stdin" and reader is None:
            reader = cmd
    if reader is not None and ins.heredocs:
        for doc in ins.heredocs:
            if doc.fd == 0 and doc.body.strip():
                out.append(Snippet(doc.body, "heredoc", reader, not doc.quoted))
    return tuple(out)


def calls(code: str) -> tuple[Call, ...]:
    """The calls `code` makes, in source order; () when it does not parse."""
    if len(code) > MAX_CODE:
        return ()
    return _calls(code)


@lru_cache(maxsize=128)
def _calls(code: str) -> tuple[Call, ...]:
    # Cached: every rule asking about one RUN reads the same code.
    try:
        with warnings.catch_warnings():
            # `"\d"` in the code is a SyntaxWarning the user's Python prints, not us.
            warnings.simplefilter("ignore")
            tree = ast.parse(code, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return ()
    bindings: dict[str, str] = {}
    stars: list[str] = []
    found: list[ast.Call] = []
    try:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bindings[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".", 1)[0]
                        bindings[head] = head
            elif isinstance(node, ast.ImportFrom):
                if node.level or not node.module:
                    continue  # a relative import names a local module
                for alias in node.names:
                    if alias.name == "*":
                        stars.append(node.module)
                    else:
                        bindings[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Call):
                found.append(node)
    except RecursionError:
        return ()
    found.sort(key=lambda c: (c.lineno, c.col_offset))
    star_imports = tuple(stars)
    out: list[Call] = []
    for node in found:
        written, base = _callee(node.func)
        if written is None:
            continue
        qualified = None
        if base is not None and base in bindings:
            qualified = bindings[base] + written[len(base) :]
        unpacked = any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        )
        out.append(
            Call(
                written=written,
                qualified=qualified,
                args=tuple(_value(a) for a in node.args),
                keywords=tuple((k.arg, _value(k.value)) for k in node.keywords if k.arg),
                unpacked=unpacked,
                star_imports=star_imports,
            )
        )
    return tuple(out)


def _callee(func: ast.expr) -> tuple[str | None, str | None]:
    """(dotted name as written, its base name) for `a.b.c`; (last part, None) for a callee
    whose receiver is not a plain name; (None, None) for anything else."""
    parts: list[str] = []
    node = func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts)), node.id
    if parts:
        return parts[0], None
    return None, None


def _value(node: ast.expr) -> Value:
    if isinstance(node, ast.Constant) and isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        return Value(node.value, True)
    return Value(None, False)


__all__ = [
    "MAX_CODE",
    "Call",
    "Snippet",
    "Value",
    "calls",
    "interpreter_input",
    "is_python",
    "snippets",
]

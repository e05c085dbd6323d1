"""Shell text -> simple commands (argv lists), with wrappers such as `sh -c` unwrapped.

PROVISIONAL: a small shlex-based version; the interface (SimpleCommand, parse_commands,
from_argv, commands_of) is the contract rules rely on.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from dockerlint_ml.model import Instruction


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """One simple command: its argv after unwrapping, and the variables set for it."""

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    # The wrappers it was found inside, outermost first, e.g. ("sh -c", "pipenv run").
    wrappers: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The program's base name: `/usr/local/bin/gunicorn` -> `gunicorn`."""
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.argv[1:]

    def has_flag(self, *names: str) -> bool:
        """True if any of the long (`--x`, `--x=v`) or short (`-x`) flags is present."""
        for arg in self.argv[1:]:
            for name in names:
                if arg == name or (name.startswith("--") and arg.startswith(name + "=")):
                    return True
        return False

    def env_value(self, name: str) -> str | None:
        for key, value in reversed(self.env):
            if key == name:
                return value
        return None


def parse_commands(script: str) -> tuple[SimpleCommand, ...]:
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out: list[SimpleCommand] = []
    current: list[str] = []
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = script.split()
    for tok in tokens:
        if tok and all(c in ";&|()" for c in tok):
            if current:
                out.extend(from_argv(current))
            current = []
        else:
            current.append(tok)
    if current:
        out.extend(from_argv(current))
    return tuple(out)


def from_argv(argv: list[str] | tuple[str, ...]) -> tuple[SimpleCommand, ...]:
    env: list[tuple[str, str]] = []
    words = list(argv)
    while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
        key, value = words.pop(0).split("=", 1)
        env.append((key, value))
    if words and words[0].rsplit("/", 1)[-1] in ("sh", "bash") and "-c" in words[1:3]:
        idx = words.index("-c")
        if idx + 1 < len(words):
            return parse_commands(words[idx + 1])
    if not words:
        return ()
    return (SimpleCommand(argv=tuple(words), env=tuple(env)),)


def commands_of(instruction: Instruction) -> tuple[SimpleCommand, ...]:
    """The commands of a RUN/CMD/ENTRYPOINT (or HEALTHCHECK CMD) in either form."""
    if instruction.form == "exec" and instruction.argv is not None:
        return from_argv(instruction.argv)
    if instruction.form == "shell":
        return parse_commands(instruction.shell_text())
    return ()

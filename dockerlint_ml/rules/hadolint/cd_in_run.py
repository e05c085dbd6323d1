"""DL3003 cd-in-run."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# Builtins that run their first argument as the command (`builtin cd /x`).
_LAUNCHERS = frozenset({"builtin", "command"})


class CdInRun(Rule):
    """A RUN changes directory with `cd` instead of a WORKDIR.

    A RUN is reported when its own shell runs `cd` (also `builtin cd`, `command cd`),
    in a `&&` chain, an `if` or loop body or a heredoc script; once per RUN, and inside
    ONBUILD. A `cd` that cannot change the directory of the RUN's shell is not reported:
    inside a command substitution `$(cd dir && pwd)` or in a child shell
    (`sh -c "cd dir && make"`). One inside a subshell `( cd dir && make )` is still
    reported, as hadolint does, although it cannot change the directory either: the
    shell facts do not mark subshells yet.

    ## Why is this bad?

    A `cd` buried in a long RUN line hides which directory the commands after it run
    in. WORKDIR states the directory once, creates it if needed, and applies to every
    later RUN, COPY, CMD and ENTRYPOINT; most commands also accept a directory or
    absolute paths (`make -C dir`, `git -C dir`, `tar -C dir`).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY . /src
    RUN cd /src && pip install --no-cache-dir .
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    COPY . /src
    WORKDIR /src
    RUN pip install --no-cache-dir .
    ```

    ## Off by default

    Changing directory for one step is usually deliberate: building a downloaded source
    tree that the same RUN removes (`cd /tmp/src && make install && rm -rf /tmp/src`)
    keeps the build tree out of the image, and running one command in a subdirectory
    (`cd pkg && uv sync`) leaves the directory of the later instructions alone. A
    WORKDIR there would leave the directory behind or move every later instruction. The
    official images do both throughout, and most findings on real files are such uses.
    Select `DL3003` to enforce WORKDIR.

    ## Differences from hadolint

    - `cd` inside `$(...)` (or backquotes) is not reported: it changes nothing outside
      the substitution. hadolint reports it (hadolint issue #422), although its own
      page recommends keeping `cd` in a subshell.
    - ONBUILD RUN is checked like RUN; hadolint 2.15.1 does not check it for this code.

    ## References

    - hadolint DL3003: https://github.com/hadolint/hadolint/wiki/DL3003
    - hadolint issue #422 (`cd` in a subshell is reported):
      https://github.com/hadolint/hadolint/issues/422
    - Docker, "Building best practices", WORKDIR:
      https://docs.docker.com/build/building/best-practices/#workdir
    """

    code = "DL3003"
    name = "cd-in-run"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"cd", "builtin", "command"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            target = _cd_target(command)
            if target is not None:
                where = f"`cd {target}`" if target else "`cd`"
                yield self.finding(
                    instruction,
                    f"{where} switches directory inside a RUN; WORKDIR states it for the"
                    " instructions that follow.",
                    fix="Set the directory with WORKDIR, or use absolute paths and the"
                    " tool's own directory option (`make -C dir`, `git -C dir`).",
                )
                return


def _cd_target(command: SimpleCommand) -> str | None:
    """The operand of a `cd` run by the RUN's own shell (`""` for a bare `cd`), else None."""
    if command.wrappers:
        # `sh -c "cd x"`, `$(cd x)`, `sudo cd`: not the RUN's shell, or not a builtin at all.
        return None
    argv = command.argv
    if argv and argv[0] in _LAUNCHERS:
        argv = argv[1:]
    if not argv or argv[0] != "cd":
        return None
    return next((a for a in argv[1:] if not a.startswith("-") or a == "-"), "")

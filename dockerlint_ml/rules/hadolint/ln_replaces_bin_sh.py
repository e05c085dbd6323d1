"""DL4005 ln-replaces-bin-sh."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# The paths of the default shell: `/usr/bin/sh` is the same file on merged-/usr systems
# (Debian 12, Ubuntu 22.04 and later, Fedora).
_SH_PATHS = frozenset({"/bin/sh", "/usr/bin/sh"})
# `ln` options that take a separate value.
_VALUE_OPTIONS = frozenset({"-S", "--suffix", "-t", "--target-directory"})
# Linking one of these back restores the distribution's own /bin/sh.
_DEFAULT_SHELLS = frozenset({"dash", "busybox", "ash"})


class LnReplacesBinSh(Rule):
    """A RUN replaces `/bin/sh` with a link (`ln -sf /bin/bash /bin/sh`).

    Reported when an `ln` command's link name (its last operand, or its only one) is
    `/bin/sh` or `/usr/bin/sh`; linking back to the distribution's own `dash` or BusyBox
    is not. Every command of the RUN counts (`sudo`, `sh -c` and heredoc scripts
    included); once per RUN, and inside ONBUILD.

    ## Why is this bad?

    `SHELL ["/bin/bash", "-c"]` changes the shell that runs the Dockerfile's RUN
    instructions, visibly, for the steps after it. Replacing `/bin/sh` changes it for
    every program in the image, at build and at run time: scripts written for a POSIX
    `sh` (package maintainer scripts, entrypoints of the base image) now run under
    another shell, and the next reader of the Dockerfile cannot see why `RUN` accepts
    bash syntax.

    ## Example

    ```dockerfile
    FROM ubuntu:24.04
    RUN ln -sf /bin/bash /bin/sh
    RUN source /etc/os-release && echo "$VERSION_CODENAME"
    ```

    ## Use instead

    ```dockerfile
    FROM ubuntu:24.04
    SHELL ["/bin/bash", "-c"]
    RUN source /etc/os-release && echo "$VERSION_CODENAME"
    ```

    ## Off by default

    Replacing `/bin/sh` with a link is sometimes deliberate (an image whose scripts all
    expect bash), and nothing on the corpus shows how often a reviewer would accept it.
    Select `DL4005` to enforce it.

    ## Differences from hadolint

    - `/bin/sh` must be the link being created: `ln -s /bin/sh /usr/local/bin/sh` (a
      link *to* the shell) is not reported; hadolint reports any `ln` with a `/bin/sh`
      argument.
    - A link named `/usr/bin/sh` is reported too (the same file on merged-/usr systems).
    - Linking `dash` or BusyBox back to `/bin/sh` is not reported.
    - hadolint sees `ln` only as written as the command name: it misses `sudo ln` and
      `sh -c "ln ..."`, which we report.

    ## References

    - hadolint DL4005: https://github.com/hadolint/hadolint/wiki/DL4005
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4005Spec.hs
    - Docker, `SHELL`: https://docs.docker.com/reference/dockerfile/#shell
    - GNU coreutils, `ln` invocation (the last operand is the link name, `-t` names a
      directory): https://www.gnu.org/software/coreutils/manual/html_node/ln-invocation.html
    """

    code = "DL4005"
    name = "ln-replaces-bin-sh"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"ln"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            link = _replaced_shell(command)
            if link is not None:
                yield self.finding(
                    instruction,
                    f"`ln` replaces `{link}` for the whole image; use SHELL to change"
                    " the shell of RUN.",
                    fix='Remove the link and add `SHELL ["/bin/bash", "-c"]` (or the shell'
                    " you need) before the RUNs that need it.",
                )
                return


def _replaced_shell(command: SimpleCommand) -> str | None:
    """The shell path an `ln` command creates as its link, else None."""
    if command.name != "ln":
        return None
    operands: list[str] = []
    directory = False
    args = command.args
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            operands.extend(args[i + 1 :])
            break
        if arg in _VALUE_OPTIONS:
            directory = directory or arg in ("-t", "--target-directory")
            i += 2
            continue
        if arg.startswith("--target-directory=") or (arg.startswith("-t") and arg != "-t"):
            directory = True
        elif not arg.startswith("-") or arg == "-":
            operands.append(arg)
        i += 1
    if directory or len(operands) not in (1, 2):
        # `ln -t DIR a b`, `ln a b DIR/`: links inside a directory, never named `sh`.
        return None
    link = operands[-1] if len(operands) == 2 else None
    if link not in _SH_PATHS:
        return None
    if operands[0].rsplit("/", 1)[-1] in _DEFAULT_SHELLS:
        return None
    return link

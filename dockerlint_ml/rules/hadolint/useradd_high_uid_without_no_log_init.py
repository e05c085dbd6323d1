"""DL3046 useradd-high-uid-without-no-log-init."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup
from dockerlint_ml.facts.shell import SimpleCommand

# hadolint's threshold: a UID of more than five digits.
_HIGH_UID = 100_000
# useradd's short options that take a value (shadow-utils), to read grouped letters.
_SHORT_WITH_VALUE = frozenset("bcdefgGkKpPRsuZ")


class UseraddHighUidWithoutNoLogInit(Rule):
    """`useradd` creates a user with a UID of 100000 or more without `-l`/`--no-log-init`.

    The UID is read from `-u`/`--uid` in any spelling (`-u 123456`, `-u123456`,
    `--uid=123456`, `-mu 123456`). A UID built from variables is judged by the value this
    file gives them (`ARG APP_UID=1000`, `ENV`); one whose value is not known here is not
    judged. `-l` also counts inside a group of short options (`-lmu`). Every command of
    the RUN counts (`sudo`, `sh -c` and heredoc scripts included); once per RUN, and
    inside ONBUILD.

    ## Why is this bad?

    `useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files
    indexed by UID: the entry of UID 123456 sits about 36 MB into `lastlog`. On disk the
    file is sparse, but image layers do not keep holes, so the layer carries tens or
    hundreds of megabytes of zeros. `-l` (`--no-log-init`) skips both files; nothing in a
    container reads them.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN useradd --create-home --uid 123456 app
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN useradd --no-log-init --create-home --uid 123456 app
    ```

    ## Differences from hadolint

    - hadolint reads only `-u VALUE` and judges it by its length (more than five
      characters): it misses `--uid 123456`, `--uid=123456` and `-u123456`, reports
      `-u 012345` (UID 12345) and reports any variable (`-u $UID`, even with
      `ARG UID=1000`). We read every spelling, compare the number, and judge a variable
      by the value this file gives it, or not at all.
    - hadolint sees `useradd` only as written as the command name: it misses
      `sudo useradd` and `sh -c "useradd ..."`, which we report.

    ## References

    - hadolint DL3046: https://github.com/hadolint/hadolint/wiki/DL3046
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3046Spec.hs
    - Docker, "USER" best practices (the `--no-log-init` note, moby issue 5419):
      https://docs.docker.com/build/building/best-practices/#user
    - useradd(8), `-l, --no-log-init`: https://man7.org/linux/man-pages/man8/useradd.8.html
    """

    code = "DL3046"
    name = "useradd-high-uid-without-no-log-init"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"useradd"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            if command.name != "useradd":
                continue
            written = _uid_and_no_log_init(command)
            if written is None:
                continue
            uid = _resolved_uid(written, instruction, ctx)
            if uid is None or uid < _HIGH_UID:
                continue
            yield self.finding(
                instruction,
                f"`useradd` of UID {uid} without `--no-log-init` bloats the layer with `lastlog`.",
                fix="Add `--no-log-init` (`-l`) to `useradd`.",
            )
            return


def _uid_and_no_log_init(command: SimpleCommand) -> str | None:
    """The UID as written, when the command sets one and does not pass `-l`; else None."""
    uid: str | None = None
    args = command.args
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            break
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name == "--no-log-init":
                return None
            if name == "--uid":
                if eq:
                    uid = value
                elif i < len(args):
                    uid = args[i]
                    i += 1
            continue
        if not arg.startswith("-") or arg == "-":
            continue
        for k, letter in enumerate(arg[1:], start=1):
            if letter == "l":
                return None
            if letter in _SHORT_WITH_VALUE:
                value = arg[k + 1 :]
                if not value and i < len(args):
                    value = args[i]
                    i += 1
                if letter == "u":
                    uid = value
                break
    return uid


def _resolved_uid(written: str, instruction: Instruction, ctx: Context) -> int | None:
    """The UID's number, variables resolved through the stage; None when not known."""
    text = written
    if "$" in written:
        stage = ctx.stage(instruction)
        if stage is None:
            return None
        lookup = stage_lookup(ctx.dockerfile, stage, instruction.index)
        text, known = ctx.dockerfile.expand(written, lookup)
        if not known:
            return None
    text = text.strip().strip("'\"")
    return int(text) if text.isascii() and text.isdigit() else None

"""DL3004 sudo-in-run."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand, unquote

# Commands that change nothing a user owns: a RUN of them and sudo commands is all root's.
_NEUTRAL = frozenset(
    {"echo", "printf", "cd", "true", "false", ":", "set", "export", "unset", "test", "[", "exit"}
)
# `sudo -u app`, `sudo --user=app`, `sudo -g grp`: sudo picks another user, which a root
# stage does not make redundant. Matched on one word of the script at a time (see
# `_other_user`).
_OTHER_USER = re.compile(r"(?:-[A-Za-z]*[ug]|--user|--group)\b")
_WORD_CHAR = re.compile(r"\w")


class SudoInRun(Rule):
    """A RUN runs a command through `sudo`.

    Every command of a RUN counts, in either form, inside `sh -c "..."` scripts and
    heredocs, with `sudo` called by any path (`/usr/bin/sudo`) and with any options
    (`sudo -E`, `sudo -u app`); a bare `sudo -i` too. Installing or configuring sudo
    (`apt-get install sudo`, `echo ... >> /etc/sudoers`) is not running it. Once per RUN,
    and inside ONBUILD.

    The hint depends on who runs the RUN: the last USER before it in the stage or in a
    stage it is built `FROM`, else the base image's user where it is known (root for the
    official images, `ray` for rayproject images). Where that is root, `sudo` is
    redundant and the message says so (a `sudo -u app` there picks another user: the
    hint is a RUN of its own under `USER app`).
    Otherwise, when every command of the RUN runs under sudo (`echo`, `cd`, `set` and the
    like aside), the hint is `USER root` before the RUN and back after it; when some run
    without sudo, they must stay the stage user's (a `pip install` into the user's
    environment), so the hint is to move the sudo commands to a RUN of their own under
    `USER root` and switch back.

    ## Why is this bad?

    A Dockerfile already decides who runs each step: `USER`. `sudo` adds a second,
    hidden answer that depends on the image's `/etc/sudoers` (a password prompt fails a
    non-interactive build; `sudo` resets the environment, so `ENV` values such as `PATH`
    or a proxy may vanish for the command) and it keeps a privilege-escalation tool in
    the image. Switch to `USER root` for the steps that need root and back afterwards;
    at run time, drop privileges with a tool made for it (`gosu`, `su-exec`, `setpriv`).

    ## Example

    ```dockerfile
    FROM rayproject/ray:2.9.0-py310
    RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends rsync
    ```

    ## Use instead

    ```dockerfile
    FROM rayproject/ray:2.9.0-py310
    USER root
    RUN apt-get update && apt-get install -y --no-install-recommends rsync
    USER ray
    ```

    ## Differences from hadolint

    - hadolint sees `sudo` only where it is written as the command name: it misses
      `/usr/bin/sudo`, `env sudo ...` and `sh -c "sudo ..."`, which we report.
    - What is reported is the same otherwise; the message and hint follow the stage's
      user (redundant under root; a RUN of its own under `USER root` when the RUN also
      runs commands as the stage's user). hadolint has one message for all.

    ## References

    - hadolint DL3004: https://github.com/hadolint/hadolint/wiki/DL3004
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3004Spec.hs
    - Docker, "USER" best practices (avoid sudo, use gosu):
      https://docs.docker.com/build/building/best-practices/#user
    """

    code = "DL3004"
    name = "sudo-in-run"
    severity = Severity.ERROR
    keywords = frozenset({"RUN"})
    # No `commands`: dispatch sees the unwrapped command (`sudo apt-get` is `apt-get`).
    onbuild = True

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._users: _Users | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        commands = ctx.commands(instruction)
        first = next((c for c in commands if _under_sudo(c)), None)
        if first is None:
            return
        shown = first.name or "sudo"
        what = "`sudo`" if first.name == "sudo" else f"`sudo {shown}`"
        user = self._index(ctx).user_at(instruction)
        if user == "root":
            if _other_user(_script(instruction)):
                fix = (
                    "Move the `sudo -u` commands to a RUN of their own after `USER <that"
                    " user>`, without `sudo`, and switch back to `USER root` after it."
                )
                yield self.finding(
                    instruction,
                    f"{what} in a RUN: set the build's user with USER instead.",
                    fix=fix,
                )
                return
            yield self.finding(
                instruction,
                f"{what} in a RUN that already runs as root: `sudo` is redundant.",
                fix="Drop `sudo`: the stage runs as root.",
            )
            return
        back = f"`USER {user}`" if user else "the stage's user"
        if all(_under_sudo(c) or c.name in _NEUTRAL for c in commands):
            fix = (
                f"Drop `sudo`, put `USER root` before this RUN and switch back to {back} after it."
            )
        else:
            fix = (
                "Move the sudo commands to a RUN of their own after `USER root`, without"
                f" `sudo`, and switch back to {back} after it."
            )
        yield self.finding(
            instruction, f"{what} in a RUN: set the build's user with USER instead.", fix=fix
        )

    def _index(self, ctx: Context) -> _Users:
        if self._users is None or self._users.dockerfile is not ctx.dockerfile:
            self._users = _Users(ctx)
        return self._users


def _under_sudo(command: SimpleCommand) -> bool:
    return command.name == "sudo" or "sudo" in command.wrappers


def _other_user(script: str) -> bool:
    """Whether a word that ends in `sudo` (after a non-word character: `/usr/bin/sudo`,
    not `visudo`) is followed by options, one of them `-u`, `-g` (alone or last of a
    cluster: `-Eu`), `--user` or `--group`. The search of
    `\\bsudo\\s+(?:-\\S*\\s+)*?(?:-[A-Za-z]*[ug]|--user|--group)\\b`, in one pass over
    the words: a `sudo` met among the options of an earlier one has the same options
    left to read, so nothing is read twice."""
    after_sudo = False  # every word since the last `sudo` word is an option
    for word in script.split():
        if after_sudo:
            if not word.startswith("-"):
                after_sudo = False
            elif _OTHER_USER.match(word):
                return True
        if word.endswith("sudo") and (len(word) == 4 or not _WORD_CHAR.match(word[-5])):
            after_sudo = True
    return False


def _script(instruction: Instruction) -> str:
    return "\n".join((instruction.value, *(h.body for h in instruction.heredocs)))


def _user_of(value: str) -> str | None:
    """The user a USER value names ("root" for UID 0), or None when a variable decides."""
    user = unquote(value.strip()).partition(":")[0].strip()
    if not user or "$" in user:
        return None
    if user.isdigit() and int(user) == 0:
        return "root"
    return user


class _Users:
    """Who each stage runs as, indexed once per file: per stage its USERs (index, user),
    and the user it ends with (inherited from the stage it is built on, or the base
    image's user where the image facts know it); None where a variable decides."""

    def __init__(self, ctx: Context) -> None:
        self.dockerfile = df = ctx.dockerfile
        n = len(df.stages)
        self._at: list[list[int]] = [[] for _ in range(n)]
        self._who: list[list[str | None]] = [[] for _ in range(n)]
        for ins in df.instructions:
            if ins.keyword == "USER" and ins.stage is not None and 0 <= ins.stage < n:
                self._at[ins.stage].append(ins.index)
                self._who[ins.stage].append(_user_of(ins.value))
        self._start: list[str | None] = [None] * n
        self._end: list[str | None] = [None] * n
        for st in df.stages:
            i, base = st.index, st.base_stage
            if base is not None and 0 <= base < i:
                self._start[i] = self._end[base]
            elif base is None and st.base_image is not None:
                facts = ctx.image_facts(st.base_image)
                self._start[i] = _user_of(facts.user) if facts and facts.user else None
            self._end[i] = self._who[i][-1] if self._who[i] else self._start[i]

    def user_at(self, instruction: Instruction) -> str | None:
        """Who runs `instruction`; None if not known (an ONBUILD trigger: another build)."""
        stage, index = instruction.stage, instruction.index
        listed = self.dockerfile.instructions
        if stage is None or not 0 <= stage < len(self._at):
            return None
        if 0 <= index < len(listed) and listed[index].inner is instruction:
            return None
        at = bisect.bisect_left(self._at[stage], index)
        return self._who[stage][at - 1] if at else self._start[stage]

"""DL3014 apt-get-missing-yes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Finding,
    Fix,
    Instruction,
    Severity,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import DRY_RUN, PackageCommand
from dockerlint_ml.facts.shell import SimpleCommand, failure_stops_run

_YES = ("-y", "--yes", "--assume-yes")
_QUIET = ("-q", "--quiet")
# The configuration item `-y` sets, and the values apt reads as true.
_ASSUME_YES = "apt::get::assume-yes"
_TRUE = frozenset({"1", "yes", "true", "with", "on", "enable"})
# The programs whose `update` downloads the package lists apt-get reads.
_UPDATERS = frozenset({"apt-get", "apt", "aptitude"})


class AptGetMissingYes(Rule):
    """`apt-get install` runs without `-y`, so it stops at its confirmation prompt.

    An `apt-get install` is reported when nothing answers its "Do you want to continue?"
    prompt: none of `-y`, `--yes`, `--assume-yes` (also in a group such as `-yq`),
    quiet level 2 (`-qq`, `-q -q`, `-q=2`, `--quiet=2`), which implies `-y`, or
    `-o APT::Get::Assume-Yes=true`. A simulated install (`-s`, `--dry-run`) asks
    nothing and is not reported. Every `apt-get install` of the RUN is read (chains,
    `if` bodies, heredoc scripts, `sh -c "..."`, behind `sudo` or `env`); one finding
    per RUN, at the first such command (at the RUN when the command cannot be located in
    the source); inside ONBUILD too.

    Only an install that may find package lists is reported: one after an `apt-get
    update` (or `apt update`, `aptitude update`) earlier in the same RUN, or after an
    update in an earlier RUN of the stage or anywhere in a stage it is built `FROM`
    (an ONBUILD trigger also counts the earlier ONBUILD updates and every RUN of its
    stage). The official Debian and Ubuntu images, and the images built on them, ship
    without package lists: with no update, apt-get either finds the package installed
    already and asks nothing, or fails with "Unable to locate package" before any
    prompt, so `-y` changes nothing there.

    ## Why is this bad?

    A build has no terminal: when the install pulls in a dependency, apt-get asks for
    confirmation, reads end-of-file and aborts ("Abort."), and the build fails. Whether
    it asks depends on what the base image already holds, so a Dockerfile that builds
    today can fail after a base image update.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install --no-install-recommends curl
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Differences from hadolint

    - `--quiet=2` (quiet level 2) and `-o APT::Get::Assume-Yes=true` answer the prompt:
      no finding (hadolint reports them; it accepts `-qq`, `-q -q` and `-q=2`).
    - `apt-get install -s` only simulates and asks nothing: no finding.
    - An install with no `apt-get update` before it (in the RUN, an earlier RUN of the
      stage or a stage it is built on) is not reported: without package lists apt-get
      cannot reach its prompt. hadolint reports every install without `-y`.
    - `sudo apt-get`, `/usr/bin/apt-get`, `env ... apt-get` and `sh -c "apt-get ..."`
      run apt-get just the same: reported (hadolint reads only a command written
      exactly `apt-get`).

    ## Fix

    `-y` is inserted right after `apt-get install`. It only answers the confirmation
    prompt, which in a build reads end-of-file and aborts: where apt-get would not have
    asked, nothing changes; where it would, the install now goes ahead (with what the
    prompt listed: dependencies, and removals of conflicting packages). That is safe when
    the install's failure fails the RUN (it is the last command, or only `&&` follows it,
    outside pipelines, `if` and groups); unsafe when the RUN carries on after a failed
    install (`;`, `||`, `if`), whose outcome the fix changes. Not offered when the command
    cannot be located in the source (inside a `sh -c` string or a heredoc).

    ## References

    - hadolint DL3014: https://github.com/hadolint/hadolint/wiki/DL3014
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3014Spec.hs
    - apt-get(8), `-y` and `-q` ("quiet level 2 implies -y"), and `APT::Get::Assume-Yes`:
      https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
    """

    code = "DL3014"
    name = "apt-get-missing-yes"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"apt-get"})
    onbuild = True
    fixable = "mixed"

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._updates: _Updates | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        commands = ctx.commands(instruction)
        first = next((i for i, cmd in enumerate(commands) if _is_update(cmd)), None)
        earlier: bool | None = None  # whether an earlier RUN updated: asked once, if needed
        position = {id(cmd): i for i, cmd in enumerate(commands)}
        for command in ctx.packages(instruction):
            if command.manager != "apt-get" or command.action != "install":
                continue
            if command.has(*DRY_RUN) or _answers_yes(command):
                continue
            here = position.get(id(command.command))
            if first is None or here is None or here < first:
                if earlier is None:
                    earlier = self._index(ctx).before(instruction)
                if not earlier:
                    continue
            found = ctx.after_subcommand(instruction, command, "-y")
            at = autofix = None
            if found is not None:
                at, edit = found
                safe = failure_stops_run(commands, command.command)
                autofix = Fix("Add -y", SAFE if safe else UNSAFE, (edit,))
            yield self.finding(
                instruction,
                "`apt-get install` without `-y` stops at its prompt and fails the build.",
                fix="Add `-y`: `apt-get install -y ...`.",
                at=at,
                autofix=autofix,
            )
            return

    def _index(self, ctx: Context) -> _Updates:
        if self._updates is None or self._updates.dockerfile is not ctx.dockerfile:
            self._updates = _Updates(ctx)
        return self._updates


def _is_update(cmd: SimpleCommand) -> bool:
    return cmd.name in _UPDATERS and "update" in cmd.args


def _any_update(commands: Sequence[SimpleCommand]) -> bool:
    return any(_is_update(cmd) for cmd in commands)


class _Updates:
    """Where apt's package lists may have been downloaded, indexed once per file: per
    stage, the first RUN and the first ONBUILD RUN that run an update, and whether a
    stage it is built on (directly or not) runs one."""

    def __init__(self, ctx: Context) -> None:
        self.dockerfile = dockerfile = ctx.dockerfile
        n = len(dockerfile.stages)
        self._run: list[int | None] = [None] * n
        self._onbuild: list[int | None] = [None] * n
        for ins in dockerfile.instructions:
            stage = ins.stage
            if stage is None or not 0 <= stage < n:
                continue
            inner = ins.inner
            if ins.keyword == "RUN":
                if self._run[stage] is None and _any_update(ctx.commands(ins)):
                    self._run[stage] = ins.index
                continue
            if inner is None or inner.keyword != "RUN" or self._onbuild[stage] is not None:
                continue
            if _any_update(ctx.commands(inner)):
                self._onbuild[stage] = ins.index
        self._below: list[bool] = [False] * n
        for st in dockerfile.stages:
            base = st.base_stage
            if base is not None and 0 <= base < st.index < n:
                self._below[st.index] = self._below[base] or self._run[base] is not None

    def before(self, instruction: Instruction) -> bool:
        """Whether an update ran before `instruction` (a RUN or an ONBUILD trigger) in an
        earlier RUN of its stage or in a stage the stage is built on."""
        stage, index = instruction.stage, instruction.index
        if stage is None or not 0 <= stage < len(self._run):
            return False
        if self._below[stage]:
            return True
        run = self._run[stage]
        instructions = self.dockerfile.instructions
        trigger = 0 <= index < len(instructions) and instructions[index].inner is instruction
        if trigger:
            # A trigger runs in the image built on this one: after every RUN of the stage
            # and the triggers before it.
            onbuild = self._onbuild[stage]
            return run is not None or (onbuild is not None and onbuild < index)
        return run is not None and run < index


def _answers_yes(command: PackageCommand) -> bool:
    """Whether an option answers apt-get's confirmation prompt."""
    if command.has(*_YES):
        return True
    quiet = 0
    for option in (*command.global_options, *command.options):
        if option.name in _QUIET:
            if option.value is None:
                quiet += 1
            elif option.value.isdigit():
                quiet = int(option.value)
        elif option.name in ("-o", "--option") and option.value:
            key, _, value = option.value.partition("=")
            if key.strip().lower() == _ASSUME_YES and value.strip().lower() in _TRUE:
                return True
    return quiet >= 2

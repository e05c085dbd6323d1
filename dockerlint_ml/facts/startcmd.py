"""A stage's start command: the argv Docker runs, computed from ENTRYPOINT, CMD and SHELL.

The rules follow BuildKit's dockerfile2llb dispatcher:

- exec ENTRYPOINT + exec CMD are concatenated;
- a shell-form CMD or ENTRYPOINT becomes the SHELL in effect at that instruction (default
  `/bin/sh -c`) followed by its text;
- a shell-form ENTRYPOINT ignores CMD (the CMD words only become `$0`, `$1`... of the shell,
  which the script never reads), so they are left out of `argv`;
- ENTRYPOINT drops the CMD in effect unless a CMD was set earlier in the same stage
  (BuildKit's `cmdSet`); a CMD after the ENTRYPOINT always counts;
- an earlier stage used as base (`FROM base AS final`) hands down its CMD, ENTRYPOINT and
  SHELL (and ENV, EXPOSE, WORKDIR, USER, computed elsewhere from the stage chain);
- the last CMD/ENTRYPOINT wins; ONBUILD triggers are not part of this image.

When no stage of the chain sets CMD or ENTRYPOINT the command is the base image's, which we
do not know: `start_command` returns None. When only CMD is set, the base image's ENTRYPOINT
is assumed empty (true of the python, slim and CUDA images this linter is about).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage
from dockerlint_ml.facts.shell import SimpleCommand, from_argv

DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of `StartCommand.argv` words contributed by one instruction: argv[start:end]."""

    start: int
    end: int
    instruction: Instruction


@dataclass(frozen=True, slots=True)
class StartCommand:
    """The effective start command of a stage, with the instructions it came from."""

    stage: Stage
    argv: tuple[str, ...]
    entrypoint: Instruction | None
    # The CMD whose words are part of `argv`; None when there is none or it is ignored.
    cmd: Instruction | None
    # The SHELL in effect at the end of the stage (what a shell-form CMD added now would use).
    shell: tuple[str, ...]
    # The simple commands actually run, wrappers such as `sh -c` unwrapped.
    commands: tuple[SimpleCommand, ...]
    segments: tuple[Segment, ...]
    # A CMD that is set but ignored because ENTRYPOINT is in shell form.
    ignored_cmd: Instruction | None = None
    # The working directory the command starts in ("/" when no WORKDIR is set in the chain;
    # None when a WORKDIR could not be resolved). The base image may set one we do not know.
    workdir: str | None = "/"
    # Whether some WORKDIR of the chain sets it (False: "/" or whatever the base image says).
    workdir_set: bool = False

    @property
    def via_shell(self) -> bool:
        """True when argv runs a shell with a script (`sh -c ...`), so `$VAR` is expanded."""
        for i, word in enumerate(self.argv):
            if word.rsplit("/", 1)[-1] in _SHELLS:
                nxt = self.argv[i + 1 : i + 3]
                if any(w.startswith("-") and "c" in w[1:] for w in nxt):
                    return True
        return False

    def instruction_at(self, index: int) -> Instruction | None:
        """The instruction that contributed argv[index]."""
        for seg in self.segments:
            if seg.start <= index < seg.end:
                return seg.instruction
        return None

    def owner(self, word: str) -> Instruction | None:
        """The ENTRYPOINT or CMD holding `word`: an argv word equal to it, else one containing
        it (a word of a shell-form script), searched in argv order."""
        for i, w in enumerate(self.argv):
            if w == word:
                return self.instruction_at(i)
        if word:
            for i, w in enumerate(self.argv):
                if word in w:
                    return self.instruction_at(i)
        return None

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """The ENTRYPOINT and CMD that make up argv, in argv order."""
        return tuple(seg.instruction for seg in self.segments)


@dataclass(slots=True)
class _Setting:
    instruction: Instruction
    words: tuple[str, ...]
    shell_form: bool


def _words(ins: Instruction, shell: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The argv an instruction sets, and whether it is in shell form."""
    if ins.form == "exec" and ins.argv is not None:
        return tuple(ins.argv), False
    if ins.form == "shell":
        return (*shell, ins.value), True
    return (), False  # `CMD` with no argument: an empty command


def start_command(dockerfile: Dockerfile, stage: Stage) -> StartCommand | None:
    """The effective start command of `stage`, or None when the chain sets neither CMD nor
    ENTRYPOINT (the base image's own command is unknown)."""
    chain = list(reversed(dockerfile.stage_chain(stage)))
    shell = DEFAULT_SHELL
    entry: _Setting | None = None
    cmd: _Setting | None = None
    found = False
    workdir: str | None = "/"
    workdir_set = False
    for st in chain:
        cmd_set = False  # BuildKit's dispatchState.cmdSet is per stage
        for ins in st.instructions:
            kw = ins.keyword
            if kw == "SHELL" and ins.argv:
                shell = tuple(ins.argv)
            elif kw == "CMD":
                words, shell_form = _words(ins, shell)
                cmd = _Setting(ins, words, shell_form)
                cmd_set = True
                found = True
            elif kw == "ENTRYPOINT":
                words, shell_form = _words(ins, shell)
                entry = _Setting(ins, words, shell_form)
                if not cmd_set:
                    cmd = None
                found = True
            elif kw == "WORKDIR":
                workdir = join_workdir(dockerfile, st, ins, workdir)
                workdir_set = True
    if not found:
        return None
    argv: list[str] = []
    segments: list[Segment] = []
    ignored: Instruction | None = None
    used_cmd: Instruction | None = None
    if entry is not None:
        if entry.words:
            segments.append(Segment(0, len(entry.words), entry.instruction))
        argv.extend(entry.words)
    if cmd is not None:
        if entry is not None and entry.shell_form:
            ignored = cmd.instruction
        else:
            if cmd.words:
                segments.append(Segment(len(argv), len(argv) + len(cmd.words), cmd.instruction))
            argv.extend(cmd.words)
            used_cmd = cmd.instruction
    return StartCommand(
        stage=stage,
        argv=tuple(argv),
        entrypoint=entry.instruction if entry is not None else None,
        cmd=used_cmd,
        shell=shell,
        commands=from_argv(tuple(argv)) if argv else (),
        segments=tuple(segments),
        ignored_cmd=ignored,
        workdir=workdir,
        workdir_set=workdir_set,
    )


def join_workdir(
    dockerfile: Dockerfile, stage: Stage, ins: Instruction, current: str | None
) -> str | None:
    """WORKDIR after `ins`: variables from the stage's ENV/ARG, relative to the previous one."""

    def lookup(name: str) -> str | None:
        value = dockerfile.env_at(stage, name, ins.index)
        if value is None:
            value = stage.args.get(name, ins.index)
        return value

    value, ok = dockerfile.expand(ins.value.strip(), lookup)
    if not ok or not value:
        return None
    if value.startswith("/"):
        return posixpath.normpath(value)
    if current is None:
        return None
    return posixpath.normpath(posixpath.join(current, value))

"""What a RUN runs under: the SHELL in effect, the program that reads its script (SHELL,
an exec form's own shell, a heredoc's shebang), its `--mount` flags, the environment a
command of it sees, and whether its stage's layers reach the final image.

Everything is computed from the model (instructions, stages, their ENV and ARG histories)
and from the parsed commands (facts.shell), in passes linear in the file: SHELLs are
indexed once per file, stage roles once per file, mounts once per RUN.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dockerlint_ml.dockerfile.comments import comment_lines
from dockerlint_ml.dockerfile.model import Dockerfile, ImageRef, Instruction, Stage
from dockerlint_ml.dockerfile.variables import UNKNOWN, Lookup, Unknown
from dockerlint_ml.facts.shell import SHELL_NAMES, SimpleCommand, pipefail_after

# Docker's default SHELL on Linux.
DEFAULT_SHELL: tuple[str, ...] = ("/bin/sh", "-c")
# Shells that are not POSIX-family: their scripts are no sh scripts (no `|` pipelines as
# sh means them, no `set -o pipefail`).
NON_POSIX = frozenset({"pwsh", "powershell", "cmd"})
# Shells whose `-o pipefail` is known to work. `sh` is not among them: what /bin/sh is
# (dash, busybox, bash) depends on the image, and dash has no pipefail.
PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ash", "ksh", "mksh", "busybox"})


def program_name(word: str) -> str:
    """A program's name as a shell list means it: the base name of a POSIX or Windows
    path, lower case, `.exe` dropped (`C:\\...\\PowerShell.exe` -> `powershell`)."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


# --------------------------------------------------------------------------- SHELL


@dataclass(frozen=True, slots=True)
class Shell:
    """The shell a shell-form instruction runs under: a SHELL's argv, or Docker's default."""

    argv: tuple[str, ...] = DEFAULT_SHELL
    # The SHELL instruction in effect (in the stage or a stage it is built on); None for
    # Docker's default.
    instruction: Instruction | None = None

    @property
    def name(self) -> str:
        """`bash` for `/usr/bin/bash`, `pwsh`, `powershell`, `cmd`, `sh`..."""
        return program_name(self.argv[0]) if self.argv else ""

    @property
    def posix(self) -> bool:
        """Whether it reads sh syntax (not PowerShell or cmd)."""
        return self.name not in NON_POSIX

    @property
    def sets_pipefail(self) -> bool:
        """Whether its options ask for pipefail (`-o pipefail`, `-eo pipefail`...)."""
        return pipefail_after(self.argv, 1, len(self.argv), False)

    @property
    def pipefail(self) -> bool:
        """Whether pipefail is on: asked for, by a shell known to honour it."""
        return self.name in PIPEFAIL_SHELLS and self.sets_pipefail


class Shells:
    """The SHELL instructions of each stage, indexed once per file, so that asking for the
    SHELL of every RUN of a long file or of a deep stage chain stays linear. SHELL is
    inherited through `FROM <earlier stage>` and not forgotten after ARG or ENV (hadolint
    issue #1228); ONBUILD SHELL belongs to the image built from this one."""

    def __init__(self, dockerfile: Dockerfile, malformed: bool = False) -> None:
        """`malformed`: count a SHELL that is not a JSON array too (`instruction_at` then
        returns it, for a rule that stays silent on a shell it cannot read); by default
        such a SHELL, which BuildKit rejects, is passed over."""
        self.dockerfile = dockerfile
        # `# hadolint shell=powershell`: the base images' shell, where no SHELL says otherwise.
        named = pragma_shell(dockerfile)
        self.default = Shell() if named is None else Shell((named,))
        self._of: list[list[Instruction]] = [
            [ins for ins in st.instructions if ins.keyword == "SHELL" and (malformed or ins.argv)]
            for st in dockerfile.stages
        ]
        self._inherited: dict[int, Instruction | None] = {}

    def at(self, stage: Stage, before: int) -> Shell:
        """The shell of an instruction of `stage` whose index is `before`."""
        ins = self.instruction_at(stage, before)
        return self.default if ins is None or not ins.argv else Shell(ins.argv, ins)

    def instruction_at(self, stage: Stage, before: int) -> Instruction | None:
        shells = self._of[stage.index]
        i = bisect.bisect_left(shells, before, key=lambda ins: ins.index)
        return shells[i - 1] if i else self._from_chain(stage)

    def _from_chain(self, stage: Stage) -> Instruction | None:
        """The last SHELL of the nearest stage below `stage` in its chain that has one."""
        pending: list[int] = []
        base = stage.base_stage
        while base is not None and base not in self._inherited and not self._of[base]:
            pending.append(base)
            base = self.dockerfile.stages[base].base_stage
        if base is None:
            found = None
        elif self._of[base]:
            found = self._of[base][-1]
        else:
            found = self._inherited[base]
        for index in pending:  # iterative: a chain may be thousands of stages deep
            self._inherited[index] = found
        return found


_SHELL_PRAGMA = re.compile(r"#[ \t]*hadolint[ \t]+shell[ \t]*=[ \t]*([^\s#]+)")


def pragma_shell(dockerfile: Dockerfile) -> str | None:
    """The shell hadolint's `# hadolint shell=NAME` comment gives the file's base images
    (the last one wins), or None; a comment line inside an instruction does not count."""
    found = None
    for number in comment_lines(dockerfile):
        text = dockerfile.lines[number - 1]
        if "hadolint" not in text:
            continue
        m = _SHELL_PRAGMA.match(text.strip())
        if m is not None:
            found = m.group(1)
    return found


# --------------------------------------------------------------------------- the RUN's reader


@dataclass(frozen=True, slots=True)
class RunShell:
    """The program that reads a RUN's text as a script.

    `how` says where it comes from: "shell" (the SHELL in effect, or Docker's default, for
    the shell form), "exec" (an exec form that starts a shell: `["bash", "-c", "..."]`),
    "shebang" (a RUN made of one heredoc whose body starts with `#!`: BuildKit runs the
    body as a file) or "none" (an exec form that runs a program, no shell at all).
    """

    how: str
    argv: tuple[str, ...]  # the program with its options; () for "none"
    shell: Shell | None = None  # the SHELL in effect, for "shell"

    @property
    def name(self) -> str:
        return program_name(self.argv[0]) if self.argv else ""

    @property
    def posix(self) -> bool:
        """Whether a POSIX-family shell reads the script (sh, bash, zsh, ash...)."""
        name = self.name
        if self.how == "shell":
            return name not in NON_POSIX
        return name in SHELL_NAMES or name == "busybox"

    @property
    def pipefail(self) -> bool:
        """Whether that shell starts with pipefail on (the SHELL's options, the exec
        form's, the shebang's), for a shell known to honour it."""
        if self.how == "shell" and self.shell is not None:
            return self.shell.pipefail
        argv = self.argv
        return self.name in PIPEFAIL_SHELLS and pipefail_after(argv, 1, len(argv), False)

    def script_label(self) -> str | None:
        """The wrapper label facts.shell gives the commands of an exec-form shell's script
        (`bash -c`); None when the RUN's script commands have no such label."""
        if self.how != "exec" or not self.argv:
            return None
        return f"{self.name} -c"


def shebang(body: str) -> tuple[str, ...] | None:
    """The interpreter a script's `#!` line names, with its options, or None:
    `#!/bin/bash -e` -> ("/bin/bash", "-e"); `#!/usr/bin/env -S bash -e` -> ("bash", "-e")."""
    if not body.startswith("#!"):
        return None
    words = body[2:].split("\n", 1)[0].split()
    if words and program_name(words[0]) == "env":
        i = 1
        while i < len(words) and words[i].startswith("-"):
            i += 2 if words[i] in ("-u", "--unset", "-C", "--chdir") else 1
        words = words[i:]
    return tuple(words) or None


def run_shell(instruction: Instruction, shells: Shells, stage: Stage | None) -> RunShell:
    """How a RUN's text is read (`instruction` may be an ONBUILD's inner RUN)."""
    shell = Shell() if stage is None else shells.at(stage, instruction.index)
    if instruction.form == "exec" and instruction.argv is not None:
        argv = instruction.argv
        if argv and program_name(argv[0]) in SHELL_NAMES and _has_c(argv):
            return RunShell("exec", argv)
        return RunShell("none", ())
    heredocs = instruction.heredocs
    words = instruction.value.split()
    if len(heredocs) == 1 and len(words) == 1 and words[0].lstrip("0123456789").startswith("<<"):
        found = shebang(heredocs[0].body)
        if found is not None:
            return RunShell("shebang", found)
    return RunShell("shell", shell.argv, shell)


def _has_c(argv: Sequence[str]) -> bool:
    """Whether a shell's options hold `-c` (options end at the first operand; `-o name`
    and `-O name` take the next word)."""
    i = 1
    while i < len(argv):
        word = argv[i]
        i += 1
        if len(word) < 2 or word[0] not in "-+" or word == "--":
            return False
        if word.startswith("--"):
            i += word in ("--rcfile", "--init-file")
            continue
        if word[0] == "-" and "c" in word:
            return True
        i += word.count("o") + word.count("O")
    return False


def script_commands(
    commands: Iterable[SimpleCommand], reader: RunShell
) -> list[tuple[SimpleCommand, bool]]:
    """The commands of the RUN's own script, each with whether pipefail is on for it.

    That script is the text the RUN's reader runs, with its substitutions, subshells and
    the scripts of shells it feeds from a heredoc (`bash <<EOF`, which start with their own
    options: the reader's pipefail does not reach them). Scripts handed to a nested shell
    as a string (`bash -c '...'`) are not part of it, except the exec form's own.
    """
    if not reader.posix:
        return []
    own = reader.script_label()
    found: list[tuple[SimpleCommand, bool]] = []
    for cmd in commands:
        wrappers = cmd.wrappers
        if own is not None:
            if not wrappers or wrappers[0] != own:
                continue
            wrappers = wrappers[1:]
        fed = False
        for label in wrappers:
            kind = _shell_label(label)
            if kind == "c":
                break
            fed = fed or kind == "stdin"
        else:
            inherited = reader.pipefail and not fed and own is None
            found.append((cmd, cmd.pipefail or inherited))
    return found


def _shell_label(label: str) -> str | None:
    """ "c" for a wrapper label of a shell run with `-c`, "stdin" for one fed a heredoc."""
    name, _, how = label.partition(" ")
    if name not in SHELL_NAMES:
        return None
    return "c" if how == "-c" else "stdin" if how == "<<" else None


def unguarded_pipelines(
    commands: Iterable[SimpleCommand], reader: RunShell
) -> list[tuple[SimpleCommand, ...]]:
    """The pipelines of two or more elements in the RUN's own script that run without
    pipefail, so that the failure of an element before the last is hidden; each as its
    commands in source order."""
    groups: dict[int, list[SimpleCommand]] = {}
    for cmd, pipefail in script_commands(commands, reader):
        if cmd.pipe_size > 1 and not pipefail:
            groups.setdefault(cmd.pipeline, []).append(cmd)
    return [tuple(group) for group in groups.values()]


# --------------------------------------------------------------------------- --mount

# BuildKit's spellings of a mount's keys (frontend/dockerfile/instructions/commands_runmount.go).
_KEY_ALIASES = {
    "dst": "target",
    "destination": "target",
    "src": "source",
    "ro": "readonly",
    "rw": "readwrite",
}


@dataclass(frozen=True, slots=True)
class Mount:
    """One `RUN --mount=...`, its values with variables resolved through the stage's ENV
    and ARG. A value that is absent is None; one that holds a variable nobody can resolve
    is None too and its key is in `unknown`."""

    written: str  # the flag's value as written
    type: str | None  # "bind" when not given (BuildKit's default), lower case
    target: str | None = None  # target, dst or destination
    id: str | None = None
    sharing: str | None = None
    from_: str | None = None  # `from=`: a stage, an image or a build context
    source: str | None = None  # source or src
    unknown: frozenset[str] = frozenset()

    @property
    def keeps_out_of_layer(self) -> bool:
        """Whether what is written under its target never reaches the image: a cache or
        a tmpfs mount."""
        return self.type in ("cache", "tmpfs")


def parse_mount(
    value: str, lookup: Lookup, expand: Callable[[str, Lookup], tuple[str, bool]]
) -> Mount:
    """One `--mount` value: comma-separated `key=value` fields, CSV-quoted as BuildKit reads
    them, each value expanded with `expand(word, lookup)`."""
    try:
        rows = list(csv.reader([value]))
    except csv.Error:
        rows = [value.split(",")]
    fields = rows[0] if rows else []
    found: dict[str, str | None] = {}
    unknown: set[str] = set()
    for item in fields:
        key, eq, raw = item.partition("=")
        key = key.strip().lower()
        key = _KEY_ALIASES.get(key, key)
        if not eq:
            found[key] = ""  # a bare key: `readonly`
            continue
        text, known = expand(raw, lookup)
        if known:
            found[key] = text
            unknown.discard(key)
        else:
            found[key] = None
            unknown.add(key)
    kind = found.get("type", "bind")
    if kind is not None:
        kind = kind.lower()
    return Mount(
        written=value,
        type=kind,
        target=found.get("target"),
        id=found.get("id"),
        sharing=found.get("sharing"),
        from_=found.get("from"),
        source=found.get("source"),
        unknown=frozenset(unknown),
    )


def mounts(dockerfile: Dockerfile, instruction: Instruction) -> tuple[Mount, ...]:
    """The `--mount` flags of a RUN, in order."""
    values = instruction.flag_values("mount")
    if not values:
        return ()
    stage = dockerfile.stage_of(instruction)
    lookup = _no_variables if stage is None else stage_lookup(dockerfile, stage, instruction.index)
    return tuple(parse_mount(v, lookup, dockerfile.expand) for v in values)


def _no_variables(name: str) -> str | Unknown | None:
    return None


def stage_lookup(dockerfile: Dockerfile, stage: Stage, before: int) -> Lookup:
    """Variables as an instruction of `stage` sees them (BuildKit: ENV, through the stage
    chain, over ARG), with UNKNOWN for a value that could not be resolved."""
    lineage = dockerfile._lineage()

    def lookup(name: str) -> str | Unknown | None:
        value = stage.env.get(name, before)
        if value is not None:
            return value if stage.env.known(name, before) else UNKNOWN
        setter = lineage.nearest(stage.index, name)
        if setter is not None:
            env = dockerfile.stages[setter].env
            value = env.get(name)
            if value is not None:
                return value if env.known(name) else UNKNOWN
        value = stage.args.get(name, before)
        if value is not None:
            return value if stage.args.known(name, before) else UNKNOWN
        return None

    return lookup


# --------------------------------------------------------------------------- environment

_TRUTHY = frozenset({"1", "true", "t", "yes", "y", "on"})


def truthy(value: str | Unknown | None) -> bool:
    """Click's and uv's reading of a boolean environment variable (unknown: not truthy)."""
    return isinstance(value, str) and value.strip().lower() in _TRUTHY


def env_setting(
    dockerfile: Dockerfile,
    stage: Stage,
    instruction: Instruction,
    command: SimpleCommand,
    name: str,
) -> str | None:
    """The value of environment variable `name` as the command sees it: set on the command
    itself (`K=V cmd`, `env K=V cmd`, an earlier `export`), else by ENV through the stage
    chain, else by an ARG of the stage (build arguments are in the environment of RUN).
    Values are as written where they could not be resolved (`$X` kept). facts.installers
    re-exports it, with `env_reader` and `truthy`, for the installers' settings."""
    value = command.env_value(name)
    if value is not None:
        return value
    value = dockerfile.env_at(stage, name, before=instruction.index)
    if value is not None:
        return value
    return stage.args.get(name, instruction.index)


def env_reader(
    dockerfile: Dockerfile,
    stage: Stage,
    instruction: Instruction,
    command: SimpleCommand,
) -> Callable[[str], str | None]:
    """`env_setting` bound to one command: `env("PIPENV_SYSTEM")`."""

    def read(name: str) -> str | None:
        return env_setting(dockerfile, stage, instruction, command, name)

    return read


def env_known(
    dockerfile: Dockerfile,
    stage: Stage | None,
    instruction: Instruction,
    command: SimpleCommand,
    name: str,
) -> str | Unknown | None:
    """`env_setting`, with UNKNOWN where the value is not known (a shell expansion in the
    command's own setting, `PIP_NO_CACHE_DIR=$X pip ...`; an unresolved ENV or ARG), and
    with what the base image's configuration is known to set (`image_env`) last."""
    value = command.env_value(name)
    if value is not None:
        return UNKNOWN if ("$" in value or "`" in value) else value
    if stage is None:
        return None
    found = stage_lookup(dockerfile, stage, instruction.index)(name)
    if found is None:
        found = image_env(dockerfile.root_image(stage), name)
    return found


# The Software Collections Python images (Red Hat's UBI and RHEL `python-312`,
# `python-312-minimal`..., sclorg's and CentOS's builds of them): their configuration sets
# PIP_NO_CACHE_DIR=off, which turns pip's cache off (sclorg/s2i-python-container,
# 3.12-minimal/Dockerfile.rhel9).
_SCL_NAMESPACES = frozenset({"sclorg", "centos", "rhscl"})
_SCL_PYTHON_ENV = {"PIP_NO_CACHE_DIR": "off"}


def image_env(image: ImageRef | None, name: str) -> str | None:
    """The value a base image's configuration is known to give an environment variable;
    None when nothing is known (the usual case: images' environments are not tabled)."""
    if image is not None and _scl_python(image.name):
        return _SCL_PYTHON_ENV.get(name)
    return None


def _scl_python(name: str) -> bool:
    """`registry.access.redhat.com/ubi9/python-312-minimal`, `centos/python-36-centos7`."""
    parts = name.rsplit("/", 2)
    if len(parts) < 2:
        return False
    namespace, repository = parts[-2], parts[-1]
    versioned = namespace.rstrip("0123456789")
    if not (
        namespace in _SCL_NAMESPACES or (versioned in ("ubi", "rhel") and versioned != namespace)
    ):
        return False
    version = repository.removeprefix("python-").partition("-")[0]
    return repository.startswith("python-") and version.isdigit()


# --------------------------------------------------------------------------- stage roles


class StageRoles:
    """Which stages' layers reach the final image, computed once per file.

    The final stage is the last one (the default target; `--target` is not known when
    linting). Its chain (the stages it is built on through `FROM <stage>`) ships with it;
    a stage that only gives files to others (`COPY --from`) or nothing at all is a build
    stage whose layers are discarded.
    """

    def __init__(self, dockerfile: Dockerfile) -> None:
        stages = dockerfile.stages
        self.final: Stage | None = stages[-1] if stages else None
        self._shipped: set[int] = set()
        if self.final is not None:
            self._shipped = {st.index for st in dockerfile.stage_chain(self.final)}
        self._bases: set[int] = {st.base_stage for st in stages if st.base_stage is not None}

    def ships(self, stage: Stage) -> bool:
        """Whether the stage's layers are part of the final image."""
        return stage.index in self._shipped

    def is_final(self, stage: Stage) -> bool:
        return self.final is not None and stage.index == self.final.index

    def built_on(self, stage: Stage) -> bool:
        """Whether a later stage is built on it (`FROM <stage>`)."""
        return stage.index in self._bases

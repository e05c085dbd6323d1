"""The Rule base class and the Context a rule reads its facts from."""

from __future__ import annotations

import datetime
import inspect
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from dockerlint_ml.dockerfile.model import (
    Dockerfile,
    Edit,
    Finding,
    Fix,
    ImageRef,
    Instruction,
    Severity,
    Span,
    Stage,
)
from dockerlint_ml.facts.image_facts import ImageFacts, facts_for

if TYPE_CHECKING:
    from dockerlint_ml.dockerfile.positions import SourceMap
    from dockerlint_ml.facts.context import BuildContext
    from dockerlint_ml.facts.copies import CopyInfo, CopySource
    from dockerlint_ml.facts.installers import Install
    from dockerlint_ml.facts.packages import PackageCommand
    from dockerlint_ml.facts.run_state import Mount, RunShell, Shell, Shells, StageRoles
    from dockerlint_ml.facts.servers import Listener
    from dockerlint_ml.facts.shell import SimpleCommand
    from dockerlint_ml.facts.shell_scripts import Script
    from dockerlint_ml.facts.startcmd import StartCommand
    from dockerlint_ml.facts.tokens import Located


class ShellComment(Protocol):
    """One ShellCheck comment on a script: script positions (1-based, end exclusive), and
    the replacements of ShellCheck's fix for it, each (line, column, end_line, end_column,
    insertion point, text) in script positions too (`run.shellcheck.Replacement`)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def level(self) -> str: ...  # error, warning, info or style
    @property
    def code(self) -> str: ...  # SC2086
    @property
    def message(self) -> str: ...
    @property
    def fix(self) -> Sequence[tuple[int, int, int, int, str, str]]: ...  # empty: no fix


# What the run gives a Context to check a script with ShellCheck: the script's comments, or
# None when it has none to give (ShellCheck failed on it, which the run reports itself).
ScriptChecker = Callable[["Script"], "Sequence[ShellComment] | None"]


# The source maps a Context keeps (oldest dropped first).
_SOURCE_MAPS = 64


class Context:
    """Facts about one Dockerfile, each computed once and shared by every rule."""

    def __init__(
        self,
        dockerfile: Dockerfile,
        images: Sequence[ImageFacts] = (),
        shellcheck: ScriptChecker | None = None,
        as_of: datetime.date | None = None,
        build_context: BuildContext | None = None,
    ) -> None:
        self.dockerfile = dockerfile
        # The directory `docker build` is sent (facts.context); None when it is unknown:
        # the rules that need it (`needs_context`) are then not run.
        self.build_context = build_context
        # The reference date of date-dependent rules (`--as-of`, configuration `as-of`).
        self.as_of = as_of if as_of is not None else datetime.date.today()
        # Checks a script with ShellCheck; None: ShellCheck does not run for this file.
        self.shellcheck = shellcheck
        # The user's image facts (configuration), consulted before the built-in table.
        self.user_images = tuple(images)
        self._facts: dict[tuple[str, str | None], ImageFacts | None] = {}
        self._roots: dict[int, tuple[ImageRef | None, ImageFacts | None]] = {}
        self._commands: dict[int, tuple[SimpleCommand, ...]] = {}
        self._start: dict[int, StartCommand | None] = {}
        self._installs: dict[int, list[Install]] = {}
        self._packages: dict[int, tuple[PackageCommand, ...]] = {}
        self._copies: dict[int, CopyInfo | None] = {}
        self._listeners: dict[int, list[Listener]] = {}
        self._providers: dict[tuple[int, str, bool], int | None] = {}
        self._shells: Shells | None = None
        self._run_shells: dict[int, RunShell] = {}
        self._mounts: dict[int, tuple[Mount, ...]] = {}
        self._roles: StageRoles | None = None
        self._scripts: dict[int, tuple[Script, ...]] = {}
        self._outer: dict[int, Instruction] | None = None
        self._declared: dict[int, dict[str, int]] = {}
        self._sources: dict[int, SourceMap] = {}

    def source_map(self, instruction: Instruction) -> SourceMap:
        """Where each character of the instruction's joined text is written (for an
        ONBUILD's trigger, of the trigger's text): token spans and fix edits."""
        key = id(instruction)
        found = self._sources.get(key)
        if found is None:
            from dockerlint_ml.dockerfile.positions import source_map

            outer = self._outer_of(instruction)
            found = source_map(self.dockerfile, outer if outer is not None else instruction)
            if len(self._sources) >= _SOURCE_MAPS:
                # Rules ask about the instruction at hand: a few recent maps serve them all,
                # and a file of 50,000 RUNs does not keep 50,000 maps alive.
                del self._sources[next(iter(self._sources))]
            self._sources[key] = found
        return found

    def locate(
        self, instruction: Instruction, command: SimpleCommand, count: int
    ) -> Located | None:
        """The source words of the first `count` argv words of one of the instruction's
        commands (facts.tokens), or None when the source does not say which they are."""
        from dockerlint_ml.facts.tokens import locate_command

        return locate_command(
            self.source_map(instruction), self.commands(instruction), command, count
        )

    def command_span(
        self, instruction: Instruction, command: SimpleCommand, count: int = 2
    ) -> Span | None:
        """The span of a command's first `count` words (`pipenv install`), for a finding's
        `at`; None (the whole instruction) when the source does not place them."""
        located = self.locate(instruction, command, count)
        return located.span if located is not None else None

    def after_subcommand(
        self, instruction: Instruction, command: PackageCommand, option: str
    ) -> tuple[Span, Edit] | None:
        """The span of a package command's program and subcommand, and the edit writing
        `option` right after them (facts.tokens.after_subcommand)."""
        from dockerlint_ml.facts.tokens import after_subcommand

        own = instruction.inner if instruction.inner is not None else instruction
        return after_subcommand(
            self.source_map(instruction),
            self.commands(instruction),
            command,
            option,
            own.form == "exec",
        )

    def word_span(self, instruction: Instruction, text: str) -> Span | None:
        """The span of the one word of the instruction written as `text` (a COPY source),
        for a finding's `at`; None when it is not written once, exactly so."""
        from dockerlint_ml.facts.tokens import word_at

        source = self.source_map(instruction)
        word = word_at(source, text)
        return None if word is None else source.span(word.start, word.end)

    def _outer_of(self, instruction: Instruction) -> Instruction | None:
        """The ONBUILD holding a trigger instruction, or None for a top-level one."""
        if self._outer is None:
            self._outer = {id(ins.inner): ins for ins in self.dockerfile.instructions if ins.inner}
        return self._outer.get(id(instruction))

    def commands(self, instruction: Instruction) -> tuple[SimpleCommand, ...]:
        """The simple commands a RUN/CMD/ENTRYPOINT runs (heredoc scripts included); none
        for a shell form under a shell that is not POSIX-family."""
        key = id(instruction)
        cached = self._commands.get(key)
        if cached is None:
            from dockerlint_ml.facts.shell import commands_of

            if instruction.form == "shell" and not self.shell(instruction).posix:
                # A PowerShell or cmd script (SHELL, or `# hadolint shell=powershell`) read
                # as sh would yield commands it does not run: no commands, no findings.
                cached = ()
            else:
                cached = commands_of(instruction)
            self._commands[key] = cached
        return cached

    def installs(self, instruction: Instruction) -> list[Install]:
        """The Python installs (pip, pipenv, poetry, uv, conda) a RUN performs, in order."""
        key = id(instruction)
        if key not in self._installs:
            from dockerlint_ml.facts.installers import installs

            self._installs[key] = installs(self.commands(instruction))
        return self._installs[key]

    def packages(self, instruction: Instruction) -> tuple[PackageCommand, ...]:
        """The package-manager commands a RUN runs (apt-get, apk, pip, npm...), in order."""
        key = id(instruction)
        cached = self._packages.get(key)
        if cached is None:
            from dockerlint_ml.facts.packages import package_commands

            cached = package_commands(self.commands(instruction))
            self._packages[key] = cached
        return cached

    def context_sources(self, instruction: Instruction) -> list[CopySource]:
        """The sources of a COPY/ADD that are paths of the build context as written (no
        `--from`, URL, heredoc, wildcard or unresolved variable); none without a build
        context. What the context rules judge."""
        if self.build_context is None:
            return []
        info = self.copy(instruction)
        if info is None or not info.from_context:
            return []
        return [src for src in info.sources if src.is_context_path]

    def copy(self, instruction: Instruction) -> CopyInfo | None:
        """What a COPY/ADD brings into the image (sources, --from, destination)."""
        key = id(instruction)
        if key not in self._copies:
            from dockerlint_ml.facts.copies import copy_info, stage_lookup

            stage = self.stage(instruction)
            info = None
            if stage is not None:
                lookup = stage_lookup(self.dockerfile, stage, instruction.index)
                info = copy_info(
                    instruction, lookup, self.dockerfile.escape, self.dockerfile.budget
                )
            self._copies[key] = info
        return self._copies[key]

    def first_copy_of(self, stage: Stage, name: str, unknown: bool = True) -> int | None:
        """The index of the stage's first COPY/ADD that may bring a file `name` into the
        image, or None; with `unknown`, a COPY whose sources cannot be read counts too.

        Computed once per stage and name, so that asking it for every install of a long
        file does not reread every earlier COPY each time.
        """
        key = (stage.index, name, unknown)
        if key not in self._providers:
            self._providers[key] = next(
                (ins.index for ins in stage.instructions if self._may_bring(ins, name, unknown)),
                None,
            )
        return self._providers[key]

    def _may_bring(self, instruction: Instruction, name: str, unknown: bool) -> bool:
        if instruction.keyword not in ("COPY", "ADD"):
            return False
        info = self.copy(instruction)
        return unknown if info is None else info.may_provide(name)

    def start_command(self, stage: Stage) -> StartCommand | None:
        """The stage's effective start command, as Docker computes it from ENTRYPOINT + CMD."""
        if stage.index not in self._start:
            from dockerlint_ml.facts.startcmd import start_command

            self._start[stage.index] = start_command(self.dockerfile, stage)
        return self._start[stage.index]

    def listeners(self, stage: Stage) -> list[Listener]:
        """The known servers the stage's start command runs, with where they listen (with
        a build context, also those a script it runs starts)."""
        if stage.index not in self._listeners:
            from dockerlint_ml.facts.servers import listeners

            start = self.start_command(stage)
            found = [] if start is None else listeners(self.dockerfile, stage, start, self.commands)
            if start is not None and self.build_context is not None:
                # A `python predict.py` that starts its own server: read from the script.
                from dockerlint_ml.facts.script_listeners import script_listeners

                found += script_listeners(self.dockerfile, stage, start, self.build_context)
            self._listeners[stage.index] = found
        return self._listeners[stage.index]

    def stage(self, instruction: Instruction) -> Stage | None:
        return self.dockerfile.stage_of(instruction)

    def shell(self, instruction: Instruction) -> Shell:
        """The SHELL in effect for a shell-form instruction (inherited through `FROM
        <stage>`), or Docker's default `/bin/sh -c`."""
        from dockerlint_ml.facts.run_state import Shell, Shells

        stage = self.stage(instruction)
        if stage is None:
            return Shell()
        if self._shells is None:
            self._shells = Shells(self.dockerfile)
        return self._shells.at(stage, instruction.index)

    def run_shell(self, instruction: Instruction) -> RunShell:
        """The program that reads a RUN's text as a script: the SHELL, the exec form's own
        shell, a heredoc's shebang, or none."""
        key = id(instruction)
        found = self._run_shells.get(key)
        if found is None:
            from dockerlint_ml.facts.run_state import Shells, run_shell

            if self._shells is None:
                self._shells = Shells(self.dockerfile)
            found = run_shell(instruction, self._shells, self.stage(instruction))
            self._run_shells[key] = found
        return found

    def mounts(self, instruction: Instruction) -> tuple[Mount, ...]:
        """A RUN's `--mount` flags, parsed, variables resolved through the stage."""
        key = id(instruction)
        found = self._mounts.get(key)
        if found is None:
            from dockerlint_ml.facts.run_state import mounts

            found = self._mounts[key] = mounts(self.dockerfile, instruction)
        return found

    def scripts(self, instruction: Instruction) -> tuple[Script, ...]:
        """The scripts ShellCheck reads for a RUN (an ONBUILD's inner RUN too): none for an
        exec form, a shell ShellCheck does not know, or a heredoc that only a program reads."""
        key = id(instruction)
        found = self._scripts.get(key)
        if found is None:
            from dockerlint_ml.facts.shell_scripts import scripts_of

            outer = self._outer_of(instruction)
            stage = self.stage(outer if outer is not None else instruction)
            if stage is None or instruction.keyword != "RUN":
                found = ()
            else:
                at = (outer if outer is not None else instruction).index
                found = scripts_of(
                    self.dockerfile,
                    instruction,
                    self.run_shell(instruction),
                    self._in_scope(stage, at),
                    outer,
                )
            self._scripts[key] = found
        return found

    def _in_scope(self, stage: Stage, before: int) -> Callable[[str], str | bool]:
        """What an ARG or ENV name holds for the instruction at `before`: the ENV's value
        (through the chain; ENV wins over ARG, as in Docker), the ARG's default (an ARG of
        the stage declared before it, else of a stage it is built on: BuildKit passes a
        parent stage's build arguments to `FROM <stage>`), True for an ARG without one or a
        value left unresolved, False when nothing defines it."""
        dockerfile = self.dockerfile
        parents: list[Stage] | None = None

        def arg_value(st: Stage, name: str, at: int | None) -> str | bool | None:
            if self.declared_args(st).get(name, sys.maxsize) >= (
                at if at is not None else sys.maxsize
            ):
                return None
            value = st.args.get(name, at)
            if value is None or not st.args.known(name, at):
                return True
            return value

        def in_scope(name: str) -> str | bool:
            nonlocal parents
            value: str | bool | None = dockerfile.env_at(stage, name, before=before)
            if value is None:
                value = arg_value(stage, name, before)
            if value is None:
                if parents is None:
                    parents = dockerfile.stage_chain(stage)[1:]
                for parent in parents:
                    value = arg_value(parent, name, None)
                    if value is not None:
                        break
            if value is None:
                return False
            if value is True:
                return True
            assert isinstance(value, str)
            return True if "$" in value else value

        return in_scope

    def declared_args(self, stage: Stage) -> dict[str, int]:
        """Each ARG name of a stage -> the index of its first ARG instruction."""
        declared = self._declared.get(stage.index)
        if declared is None:
            declared = {}
            for ins in stage.instructions:
                if ins.keyword == "ARG":
                    for word in ins.value.split():
                        declared.setdefault(word.split("=", 1)[0], ins.index)
            self._declared[stage.index] = declared
        return declared

    def stage_roles(self) -> StageRoles:
        """Which stage is final and which stages' layers ship in the final image."""
        if self._roles is None:
            from dockerlint_ml.facts.run_state import StageRoles

            self._roles = StageRoles(self.dockerfile)
        return self._roles

    def image_facts(self, image: ImageRef | None) -> ImageFacts | None:
        """What the user's facts and the built-in table know of an image; None: nothing."""
        if image is None:
            return None
        key = (image.name, image.tag)
        if key not in self._facts:
            self._facts[key] = facts_for(image, self.user_images)
        return self._facts[key]

    def root_facts(self, stage: Stage) -> tuple[ImageRef | None, ImageFacts | None]:
        """The image at the bottom of the stage's chain and its facts (None, None: scratch
        or an unresolvable base)."""
        found = self._roots.get(stage.index)
        if found is None:
            root = self.dockerfile.root_image(stage)
            found = self._roots[stage.index] = (root, self.image_facts(root))
        return found


class Rule:
    """One check. Subclasses set the class attributes and override `check` and/or `finish`.

    The docstring is the rule's documentation (Markdown, fixed sections), and its
    `## Example` / `## Use instead` blocks are executed by the test suite.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    # Instruction keywords `check` is called for; empty means `check` is never called.
    keywords: ClassVar[frozenset[str]] = frozenset()
    # Whether `check` also sees the instruction wrapped by ONBUILD.
    onbuild: ClassVar[bool] = False
    # For a rule that cares about some programs only: `check` is called for a RUN only when
    # it runs one of them (a command's base name, also with a version suffix stripped:
    # `pip3.11` counts as `pip`). Empty: every instruction of `keywords`.
    commands: ClassVar[frozenset[str]] = frozenset()
    # Other names of this same rule: a BuildKit check name for a BK rule, nothing else.
    aliases: ClassVar[tuple[str, ...]] = ()
    # Peer rules (codes or BuildKit check names) this rule covers more strictly, on the same
    # root cause: each is off by default, and an ignore or pragma naming it silences this
    # rule too (ARCHITECTURE.md, "Rule identity").
    supersedes: ClassVar[tuple[str, ...]] = ()
    # Whether the rule is in the default selection (a superseded rule never is).
    default: ClassVar[bool] = True
    # For a rule under a peer's code: whether the peer runs it by default (False for
    # hadolint's `ignore`-level rules). Drop-in mode's selection is made of these.
    peer_default: ClassVar[bool] = True
    # A BuildKit check BuildKit runs only when `# check=experimental=...` names it (or
    # `all`); such a rule is never in the default selection, and the directive selects it
    # for that file.
    experimental: ClassVar[bool] = False
    # A code kept for a peer's check that cannot be decided from the Dockerfile alone (BK022,
    # BuildKit's InvalidBaseImagePlatform needs the pulled image): it exists so that its
    # name resolves, and never reports.
    reserved: ClassVar[bool] = False
    # A rule that judges the build context (the files beside the Dockerfile): silent while
    # there is no context to read.
    needs_context: ClassVar[bool] = False
    # A rule that runs without a build context but reads it when there is one (DLM005: a
    # fix is safe only when the context holds the lock file).
    reads_context: ClassVar[bool] = False
    # A rule reporting under codes of its own (ShellCheck's SC2086 under the rule SC): the
    # number of digits after the rule's letters-only code. Its codes and their prefixes are
    # selectors, ignores, severity keys and pragma entries of their own. 0: the findings
    # carry the rule's code.
    family_digits: ClassVar[int] = 0
    # Codes of such a family that stay off unless a selector names them or a prefix of
    # them longer than the rule's code (`SC2086` or `SC20`; `SC` and ALL do not).
    default_excluded: ClassVar[frozenset[str]] = frozenset()
    # Whether findings carry fixes (`Finding.autofix`): "safe", "unsafe", "mixed" (some of
    # each; the page says which), or None. The rule page argues the label.
    fixable: ClassVar[str | None] = None
    # Option name -> default value; the instance sees merged values in `self.options`.
    default_options: ClassVar[Mapping[str, Any]] = {}
    # The options the docs examples are linted with (and the page shows), for a rule that
    # reports nothing with its defaults (DL3026 without trusted registries).
    example_options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options: dict[str, Any] = dict(self.default_options)
        if options:
            self.options.update(options)

    def check(self, instruction: Instruction, ctx: Context) -> Iterable[Finding] | None:
        return None

    def finish(self, ctx: Context) -> Iterable[Finding] | None:
        return None

    def finding(
        self,
        where: Instruction | Span,
        message: str,
        fix: str | None = None,
        severity: Severity | None = None,
        *,
        at: Span | None = None,
        autofix: Fix | None = None,
    ) -> Finding:
        """A finding on an instruction (or a span); `at`: the token inside the instruction
        that shows the problem (None: the whole instruction); `autofix`: the edits that
        apply `fix`."""
        if isinstance(where, Instruction):
            instruction: Span | None = where.span if at is not None else None
            span = at if at is not None else where.span
        else:
            instruction, span = None, where
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity if severity is not None else self.severity,
            message=message,
            span=span,
            fix=fix,
            instruction=instruction,
            autofix=autofix,
        )

    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def code_url(cls, code: str) -> str | None:
        """For a rule reporting a family of codes: the page that explains one of them
        (ShellCheck's wiki entry), or None."""
        return None

    @classmethod
    def summary(cls) -> str:
        doc = cls.docs()
        return doc.splitlines()[0] if doc else ""

"""The Dockerfile model every rule reads: frozen records built once by the parser."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Finding levels, ordered so that a threshold compares with `>=`."""

    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Span:
    """1-based lines and columns; `end_column` is the column just after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Heredoc:
    delimiter: str
    body: str
    strip_tabs: bool = False
    quoted: bool = False
    fd: int = 0


@dataclass(frozen=True, slots=True)
class Flag:
    """One `--name[=value]` builder flag; a bare flag has value None."""

    name: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Instruction:
    """One logical instruction: continuations joined, heredoc bodies attached."""

    index: int
    keyword: str  # upper case
    span: Span
    flags: tuple[Flag, ...]
    value: str  # the text after keyword and flags (continuations joined)
    form: str | None  # "exec", "shell" or None for instructions without forms
    argv: tuple[str, ...] | None  # exec form only
    heredocs: tuple[Heredoc, ...] = ()
    stage: int | None = None  # None for an ARG before the first FROM
    # For ONBUILD: the wrapped instruction, parsed like a top-level one.
    inner: Instruction | None = None
    # "[" that is not a JSON array of strings (BuildKit runs it as shell form).
    malformed_json: bool = False

    def flag(self, name: str) -> str | None:
        """The value of the last `--name` flag ("" for a bare flag), or None when absent."""
        found: str | None = None
        for f in self.flags:
            if f.name == name:
                found = "" if f.value is None else f.value
        return found

    def flag_values(self, name: str) -> list[str]:
        return [("" if f.value is None else f.value) for f in self.flags if f.name == name]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A parsed image reference; `name` is normalised (docker.io/library/python -> python)."""

    raw: str
    name: str
    tag: str | None
    digest: str | None
    registry: str | None = None

    @property
    def repository(self) -> str:
        """The last path component: `python` for `python`, `cuda` for `nvidia/cuda`."""
        return self.name.rsplit("/", 1)[-1]


class EnvHistory:
    """Values of variables over a stage's instructions, for lookups "as of instruction i".

    Each name keeps the sorted list of the instruction indices where it was set, so
    building is linear and a lookup is a binary search: rules never re-scan earlier ENVs.
    """

    __slots__ = ("_values", "_where")

    def __init__(self) -> None:
        self._where: dict[str, list[int]] = {}
        self._values: dict[str, list[str]] = {}

    def set(self, name: str, index: int, value: str) -> None:
        self._where.setdefault(name, []).append(index)
        self._values.setdefault(name, []).append(value)

    def get(self, name: str, before: int | None = None) -> str | None:
        """The value set by an instruction with index < `before` (any, when None)."""
        where = self._where.get(name)
        if not where:
            return None
        if before is None:
            return self._values[name][-1]
        pos = bisect.bisect_left(where, before)
        return self._values[name][pos - 1] if pos else None

    def names(self) -> Iterator[str]:
        return iter(self._where)

    def final(self) -> dict[str, str]:
        return {k: v[-1] for k, v in self._values.items()}


@dataclass(frozen=True, slots=True)
class Stage:
    """A build stage from its FROM up to the next FROM."""

    index: int
    from_instruction: Instruction
    alias: str | None
    base_text: str  # the FROM's image word as written
    base_resolved: str | None  # after ARG substitution; None when unresolvable
    base_image: ImageRef | None  # for an image base (not scratch, not a stage)
    base_stage: int | None  # index of an earlier stage used as base
    instructions: tuple[Instruction, ...]
    env: EnvHistory = field(compare=False)
    args: EnvHistory = field(compare=False)

    @property
    def name(self) -> str:
        return self.alias or str(self.index)


@dataclass(frozen=True, slots=True)
class ParseError:
    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Dockerfile:
    path: str
    text: str
    lines: tuple[str, ...]  # physical lines without their newline, BOM removed
    directives: Mapping[str, str]
    instructions: tuple[Instruction, ...]  # top level, in file order
    stages: tuple[Stage, ...]
    global_args: Mapping[str, str | None]  # ARGs before the first FROM, with defaults
    errors: tuple[ParseError, ...]
    escape: str = "\\"

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_of(self, instruction: Instruction) -> Stage | None:
        if instruction.stage is None:
            return None
        return self.stages[instruction.stage]

    def stage_chain(self, stage: Stage) -> list[Stage]:
        """The stage and the earlier stages it is built on, nearest first."""
        chain = [stage]
        seen = {stage.index}
        while chain[-1].base_stage is not None and chain[-1].base_stage not in seen:
            nxt = self.stages[chain[-1].base_stage]
            seen.add(nxt.index)
            chain.append(nxt)
        return chain

    def root_image(self, stage: Stage) -> ImageRef | None:
        """The image at the bottom of a stage chain (`FROM base AS final` -> base's image)."""
        return self.stage_chain(stage)[-1].base_image

    def env_at(self, stage: Stage, name: str, before: int | None = None) -> str | None:
        """ENV value of `name` before instruction `before`, inherited through the chain."""
        for i, st in enumerate(self.stage_chain(stage)):
            value = st.env.get(name, before if i == 0 else None)
            if value is not None:
                return value
        return None

    def final_env(self, stage: Stage) -> dict[str, str]:
        merged: dict[str, str] = {}
        for st in reversed(self.stage_chain(stage)):
            merged.update(st.env.final())
        return merged


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    fix: str | None = None
    path: str = ""
    # The code of another rule's finding that, reported on the same instruction line of
    # the same file, covers this one's root cause: this one is then dropped (after pragmas
    # and per-file ignores, so that ignoring the other rule brings this one back).
    subsumed_by: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)

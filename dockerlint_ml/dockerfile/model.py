"""The Dockerfile model every rule reads: frozen records built once by the parser."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from dockerlint_ml.dockerfile.variables import Budget, Lookup, expand


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


SAFE = "safe"
UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of `span` (an empty span: insert at its start) with `text`.

    Positions are the file's lines and code-point columns as `Span` has them; a newline in
    `text` is written as the file's own line ending."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """What applying a finding's hint changes in the file.

    `applicability` is SAFE when the result does exactly what the rule asks and nothing a
    user relies on can change, else UNSAFE (each rule page argues its label); `edits` do
    not overlap each other.
    """

    title: str
    applicability: str
    edits: tuple[Edit, ...]


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
    A value set with `known=False` could not be resolved (it is kept as written, `$` and
    all): `get` returns it unchanged, and `known` tells the parser not to substitute it.
    """

    __slots__ = ("_known", "_values", "_where")

    def __init__(self) -> None:
        self._where: dict[str, list[int]] = {}
        self._values: dict[str, list[str]] = {}
        self._known: dict[str, list[bool]] = {}

    def set(self, name: str, index: int, value: str, known: bool = True) -> None:
        self._where.setdefault(name, []).append(index)
        self._values.setdefault(name, []).append(value)
        self._known.setdefault(name, []).append(known)

    def _position(self, name: str, before: int | None) -> int:
        """1 + the position of the value visible before `before` (0: none)."""
        where = self._where.get(name)
        if not where:
            return 0
        return len(where) if before is None else bisect.bisect_left(where, before)

    def get(self, name: str, before: int | None = None) -> str | None:
        """The value set by an instruction with index < `before` (any, when None)."""
        pos = self._position(name, before)
        return self._values[name][pos - 1] if pos else None

    def known(self, name: str, before: int | None = None) -> bool:
        """Whether the value `get` returns was resolved (True when there is none)."""
        pos = self._position(name, before)
        return self._known[name][pos - 1] if pos else True

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


class _Setters:
    """The stages that set one variable name, as a tree (each under the nearest of them it
    is built on), in depth-first order, with skew-binary jump pointers for climbing it."""

    __slots__ = ("depth", "jump", "parent", "stage", "tin")

    def __init__(self) -> None:
        self.stage: list[int] = []
        self.tin: list[int] = []  # the stage's depth-first entry number; increasing
        self.parent: list[int] = []  # entry positions; -1 for none
        self.jump: list[int] = []
        self.depth: list[int] = []

    def add(self, stage: int, tin: int, parent: int) -> int:
        jump = parent
        up = self.jump[parent] if parent >= 0 else -1
        if up >= 0 and self.jump[up] >= 0:
            depth = self.depth
            if depth[parent] - depth[up] == depth[up] - depth[self.jump[up]]:
                jump = self.jump[up]
        self.stage.append(stage)
        self.tin.append(tin)
        self.parent.append(parent)
        self.jump.append(jump)
        self.depth.append(self.depth[parent] + 1 if parent >= 0 else 0)
        return len(self.stage) - 1


# Called by Lineage for each stage, bases first, with a function that names the nearest
# stage of its chain (itself excluded) that sets a variable. The parser fills the stage's
# ENV history there; the lineage then reads it.
StageVisitor = Callable[[int, Callable[[str], "int | None"]], None]


class Lineage:
    """The stages' base relation, indexed once per file: parents, roots, and per variable
    name the stages that set it, so that "the nearest stage of the chain that sets NAME"
    costs O(log n) however long the chain (rules ask it per instruction; a hostile file may
    chain thousands of stages). Only a base with a lower index counts (the parser never
    makes another).
    """

    __slots__ = ("_setters", "_tin", "_tout", "parent", "root")

    def __init__(self, stages: Sequence[Stage], visit: StageVisitor | None = None) -> None:
        n = len(stages)
        self.parent: list[int | None] = [None] * n
        self.root: list[int] = list(range(n))
        children: list[list[int]] = [[] for _ in range(n)]
        for st in stages:
            base = st.base_stage
            if base is not None and 0 <= base < st.index:
                self.parent[st.index] = base
                self.root[st.index] = self.root[base]
                children[base].append(st.index)
        self._tin = [0] * n
        self._tout = [0] * n
        self._setters: dict[str, _Setters] = {}
        self._walk(stages, children, visit)

    def _walk(
        self, stages: Sequence[Stage], children: list[list[int]], visit: StageVisitor | None
    ) -> None:
        """Depth-first, iteratively: number the stages and build the setter trees, keeping
        per name the entries on the current path (its top: the nearest setter)."""
        on_path: dict[str, list[int]] = {}

        def nearest(name: str) -> int | None:
            path = on_path.get(name)
            return self._setters[name].stage[path[-1]] if path else None

        clock = 0
        roots = [i for i in range(len(stages)) if self.parent[i] is None]
        todo: list[tuple[int, bool]] = [(i, False) for i in reversed(roots)]
        while todo:
            index, leaving = todo.pop()
            if leaving:
                self._tout[index] = clock
                for name in stages[index].env.names():
                    on_path[name].pop()
                continue
            self._tin[index] = clock
            clock += 1
            if visit is not None:
                visit(index, nearest)
            for name in stages[index].env.names():
                setters = self._setters.setdefault(name, _Setters())
                path = on_path.setdefault(name, [])
                path.append(setters.add(index, self._tin[index], path[-1] if path else -1))
            todo.append((index, True))
            todo.extend((child, False) for child in reversed(children[index]))

    def nearest(self, stage: int, name: str) -> int | None:
        """The nearest stage below `stage` in its chain (not itself) that sets `name`."""
        setters = self._setters.get(name)
        if setters is None:
            return None
        target = self._tin[stage]
        pos = bisect.bisect_left(setters.tin, target) - 1  # the last setter entered before
        # Climb to the first setter whose subtree holds `stage`. Every setter above one that
        # holds it holds it too, so a jump to one that does not skips none that does.
        tout = self._tout
        while pos >= 0 and tout[setters.stage[pos]] <= target:
            up = setters.jump[pos]
            short = up >= 0 and tout[setters.stage[up]] <= target
            pos = up if short else setters.parent[pos]
        return setters.stage[pos] if pos >= 0 else None


@dataclass(frozen=True, slots=True)
class ParseError:
    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    fix: str | None = None
    # What went wrong, for the errors a rule also reports under its own code (the rule
    # then owns the finding): "onbuild-trigger" (ONBUILD FROM, ONBUILD ONBUILD, ONBUILD
    # MAINTAINER), "before-from" (an instruction other than ARG before the first FROM).
    kind: str | None = None


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
    # Built by the parser; built from `stages` on first use for a model made by hand.
    lineage: Lineage | None = field(default=None, compare=False, repr=False)
    # What the rules' expansions of this file may still substitute (see `expand`).
    budget: Budget = field(default_factory=Budget, compare=False, repr=False)

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_of(self, instruction: Instruction) -> Stage | None:
        if instruction.stage is None:
            return None
        return self.stages[instruction.stage]

    def _lineage(self) -> Lineage:
        if self.lineage is None:
            object.__setattr__(self, "lineage", Lineage(self.stages))
        assert self.lineage is not None
        return self.lineage

    def stage_chain(self, stage: Stage) -> list[Stage]:
        """The stage and the earlier stages it is built on, nearest first."""
        parent = self._lineage().parent
        chain = [stage]
        base = parent[stage.index]
        while base is not None:
            chain.append(self.stages[base])
            base = parent[base]
        return chain

    def root_image(self, stage: Stage) -> ImageRef | None:
        """The image at the bottom of a stage chain (`FROM base AS final` -> base's image)."""
        return self.stages[self._lineage().root[stage.index]].base_image

    def env_at(self, stage: Stage, name: str, before: int | None = None) -> str | None:
        """ENV value of `name` before instruction `before`, inherited through the chain."""
        value = stage.env.get(name, before)
        if value is None:
            setter = self._lineage().nearest(stage.index, name)
            value = None if setter is None else self.stages[setter].env.get(name)
        return value

    def expand(self, word: str, lookup: Lookup) -> tuple[str, bool]:
        """variables.expand with this file's escape character and budget. Rules expand
        words of every instruction with values that may be 64 KiB each: sharing one budget
        per file keeps their work within the file's size plus FILE_BUDGET."""
        return expand(word, lookup, self.escape, self.budget)

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
    # The code of another rule's finding that, reported in the same file on lines holding
    # this one's first line, covers this one's root cause: this one is then dropped (after
    # pragmas and per-file ignores, so that ignoring the other rule brings this one back).
    subsumed_by: str | None = None
    # The instruction the finding is about, when `span` is a token inside it (None: `span`
    # is that instruction, or a place in no instruction). Pragmas, subsumption, baseline
    # fingerprints and the corpus verdicts key on `anchor`, so a finding keeps matching them
    # whichever token of the instruction it points at.
    instruction: Span | None = None
    # The edits that apply `fix` (None: the rule has no mechanical fix for this finding).
    autofix: Fix | None = None

    @property
    def anchor(self) -> Span:
        """The instruction's span (else `span`): what pragmas and fingerprints key on."""
        return self.instruction if self.instruction is not None else self.span

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)

"""BK011 undefined-var (BuildKit's UndefinedVar)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Lineage, Severity
from dockerlint_ml.dockerfile.parser import key_values
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup
from dockerlint_ml.rules.buildkit._source import referenced, suggestion

# Set in every container (Docker sets HOSTNAME and HOME, images set PATH, terminals TERM):
# never reported, whatever the image.
ALWAYS = frozenset({"PATH", "HOME", "HOSTNAME", "TERM"})
# BuildKit's own build arguments that are never environment variables, and never reported.
NON_ENV_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})
# Instructions whose whole value BuildKit expands (ARG: its defaults; COPY/ADD: sources,
# destination and, below, some flags and unquoted heredoc bodies).
_WHOLE_VALUE = frozenset({"ENV", "LABEL", "ARG", "COPY", "ADD", "WORKDIR", "USER", "VOLUME"})
_FLAGS = {"COPY": ("chown", "chmod", "exclude"), "ADD": ("chown", "chmod", "checksum", "exclude")}
# A key of `ENV KEY=value ...`: a name and `=` at the start of a blank-separated word.
_ENV_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")


class UndefinedVar(Rule):
    """A variable is used before any ARG or ENV defines it.

    Checked where BuildKit expands variables: ENV and LABEL (keys and values), ARG
    defaults inside a stage, COPY and ADD (sources, destination, `--chown`, `--chmod`,
    `--checksum`, `--exclude`, unquoted heredoc bodies), WORKDIR, USER, VOLUME,
    STOPSIGNAL and RUN's `--mount` values. Not in RUN, CMD or ENTRYPOINT commands (the
    shell expands those at run time), not in EXPOSE, FROM or ONBUILD. A variable is
    defined by an earlier ENV or ARG of the stage (an `ARG NAME` without a value too),
    by any ENV or ARG of a stage it is built on, and by the base image: `PATH`, `HOME`,
    `HOSTNAME` and `TERM` always, and anything at all when the stage's base image is not
    `scratch` and its environment is not known. A global ARG (before the first FROM)
    defines nothing inside a stage until the stage declares it again.

    ## Why is this bad?

    An undefined variable expands to an empty string, silently: `COPY $SRC /app` copies
    the whole context, `ENV PATH=$PAHT:/opt/bin` loses the system PATH, and
    `ENV V=$VERSION` after a global `ARG VERSION` that the stage never redeclared is
    empty.

    ## Example

    ```dockerfile
    FROM scratch
    COPY $BINARY /app
    ```

    ## Use instead

    ```dockerfile
    FROM scratch
    ARG BINARY=server
    COPY $BINARY /app
    ```

    ## Differences from BuildKit

    - A stage whose base image's environment is unknown is not judged: the image may
      define the variable (`PYTHON_VERSION`, `CUDA_HOME`, `JAVA_HOME`...). BuildKit reads
      the pulled image's environment; tally, which embeds BuildKit without pulling,
      reports every variable the file does not define.
    - `PATH`, `HOME`, `HOSTNAME` and `TERM` are always defined (tally reports them on
      `scratch`).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/undefined-var/
    - Docker, variable substitution:
      https://docs.docker.com/reference/dockerfile/#environment-replacement
    """

    code = "BK011"
    name = "undefined-var"
    severity = Severity.WARNING
    keywords = frozenset({"FROM", *_WHOLE_VALUE, "STOPSIGNAL", "RUN"})
    aliases = ("UndefinedVar",)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._index: _Declarations | None = None
        # Stage index -> the names its base image defines; None: it may define any.
        self._image_env: dict[int, frozenset[str] | None] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        df = ctx.dockerfile
        if instruction.keyword == "FROM":
            self._image_env[stage.index] = self._base_env(ctx, stage.index)
            return
        image_env = self._image_env.get(stage.index)
        if image_env is None:
            return
        index = self._declarations(df)
        lookup = stage_lookup(df, stage, instruction.index)
        reported: set[str] = set()
        for word in _words(instruction):
            for name in referenced(df, word, lookup):
                if name in reported or name in ALWAYS or name in NON_ENV_ARGS:
                    continue
                if name in image_env or index.defined(stage.index, name, instruction.index):
                    continue
                reported.add(name)
                yield self._report(instruction, name, index.names(stage.index), df)

    def _report(
        self, instruction: Instruction, name: str, candidates: Iterable[str], df: Dockerfile
    ) -> Finding:
        if name in df.global_args:
            return self.finding(
                instruction,
                f"`${name}` is a global ARG, empty in a stage that does not declare it.",
                fix=f"Declare `ARG {name}` in the stage before using it.",
            )
        hint = suggestion(name, candidates)
        extra = f" (did you mean `${hint}`?)" if hint else ""
        return self.finding(
            instruction,
            f"`${name}` is not defined here{extra}.",
            fix=f"Define `{name}` with ARG or ENV before using it, or fix the name.",
        )

    def _base_env(self, ctx: Context, index: int) -> frozenset[str] | None:
        """What the stage's base defines: its base stage's answer, `scratch` nothing, an
        image with known environment its names, any other image anything (None)."""
        stage = ctx.dockerfile.stages[index]
        if stage.base_stage is not None:
            return self._image_env.get(stage.base_stage)
        if stage.base_resolved == "scratch":
            return frozenset()
        # No image facts list an image's whole environment yet: any other base may define
        # any name, so its stages are not judged.
        return None

    def _declarations(self, dockerfile: Dockerfile) -> _Declarations:
        if self._index is None or self._index.dockerfile is not dockerfile:
            self._index = _Declarations(dockerfile)
        return self._index


def _words(instruction: Instruction) -> list[str]:
    keyword = instruction.keyword
    if keyword == "RUN":
        return instruction.flag_values("mount")
    words = [instruction.value]
    for flag in _FLAGS.get(keyword, ()):
        words.extend(instruction.flag_values(flag))
    if keyword in ("COPY", "ADD"):
        words.extend(h.body for h in instruction.heredocs if not h.quoted)
    return words


class _Names:
    """Lineage reads a stage's names through `.env.names()`."""

    __slots__ = ("_names",)

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(names)

    def names(self) -> Iterator[str]:
        return iter(self._names)


class _StageNames:
    __slots__ = ("base_stage", "env", "index")

    def __init__(self, index: int, base_stage: int | None, names: Iterable[str]) -> None:
        self.index = index
        self.base_stage = base_stage
        self.env = _Names(names)


class _Declarations:
    """Where each stage declares each name (ARG, with or without a value, or ENV), and
    which names the stages it is built on declare; built once per file."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self._first: list[dict[str, int]] = []
        for stage in dockerfile.stages:
            first: dict[str, int] = {}
            for ins in stage.instructions:
                for name in _declared(ins):
                    first.setdefault(name, ins.index)
            self._first.append(first)
        shims = [
            _StageNames(st.index, st.base_stage, self._first[st.index]) for st in dockerfile.stages
        ]
        self._lineage = Lineage(cast(Any, shims))

    def defined(self, stage: int, name: str, before: int) -> bool:
        if self._first[stage].get(name, before) < before:
            return True
        return self._lineage.nearest(stage, name) is not None

    def names(self, stage: int) -> Iterable[str]:
        return self._first[stage]


def _declared(instruction: Instruction) -> list[str]:
    if instruction.keyword == "ARG":
        return [word.partition("=")[0] for word in instruction.value.split()]
    if instruction.keyword == "ENV":
        # The keys as the parser splits ENV: `ENV A B=1` (the legacy form) defines A only.
        pairs = key_values(instruction.value)
        if pairs is not None:
            return [key for key, _ in pairs]
        # A word without `=` among `k=v` words (a parse error): its `NAME=` words, one
        # anchored match per word.
        return [m[1] for m in map(_ENV_KEY.match, instruction.value.split()) if m]
    return []

"""What DL3012, DL4003 and DL4004 share: an instruction of which only the last one of a
stage takes effect, reported each time it comes again in the same stage."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction
from dockerlint_ml.engine.rule import Context, Rule


class OncePerStage(Rule):
    """Base of the rules for CMD, ENTRYPOINT and HEALTHCHECK: `keyword` is the one
    instruction checked; every one after the first in a stage is reported."""

    keyword: ClassVar[str] = ""

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # Stage index -> the stage's latest instruction of `keyword` so far.
        self._last: dict[int, Instruction] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.stage is None:
            return  # before the first FROM: a parse error of its own (DL3061)
        earlier = self._last.get(instruction.stage)
        self._last[instruction.stage] = instruction
        if earlier is None:
            return
        alias = ctx.dockerfile.stages[instruction.stage].alias
        where = "this stage" if alias is None else f"stage `{_short(alias)}`"
        line = earlier.span.line
        yield self.finding(
            instruction,
            f"Another {self.keyword} in {where}: the one at line {line} has no effect.",
            fix=f"Keep only the {self.keyword} this stage needs; remove the one at line {line}.",
        )


def _short(name: str) -> str:
    return name if len(name) <= 24 else name[:21] + "..."

"""What the "install with unpinned packages" rules share: the list of package words a
message names, and the base of the rules whose only question is whether each package word
of one manager's install carries a version (DL3028 gem, DL3068 pecl).

The package words and their versions come from `Context.packages` (facts.packages reads
each manager's options and operands); an unknown word is never unpinned there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import PackageArg


def names(args: Sequence[PackageArg]) -> str:
    """`a`, `a`, `b`, or `a`, `b` and N more (the words as written, each once)."""
    shown = list(dict.fromkeys(a.word for a in args))
    listed = ", ".join(f"`{n}`" for n in shown[:2])
    return listed if len(shown) <= 2 else f"{listed} and {len(shown) - 2} more"


class UnpinnedInstall(Rule):
    """Base: `<manager> <action>` names packages without a version; one finding per RUN,
    on its first line, listing the unpinned words of all the RUN's installs."""

    manager: ClassVar[str]
    action: ClassVar[str] = "install"
    keywords = frozenset({"RUN"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        unpinned: list[PackageArg] = []
        for command in ctx.packages(instruction):
            if command.manager != self.manager or command.action != self.action:
                continue
            unpinned.extend(a for a in command.packages if a.version is None)
        if unpinned:
            yield self.finding(
                instruction,
                f"`{self.manager} {self.action}` installs {names(unpinned)} without a version.",
                fix=self.fix(unpinned[0].name),
            )

    def fix(self, first: str) -> str:
        """The hint, with the first unpinned package's name as its example."""
        raise NotImplementedError

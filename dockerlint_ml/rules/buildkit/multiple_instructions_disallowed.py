"""BK012 multiple-instructions-disallowed (BuildKit's MultipleInstructionsDisallowed)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class MultipleInstructionsDisallowed(Rule):
    """A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK: only the last one counts.

    Checked per stage and per keyword (CMD, ENTRYPOINT, HEALTHCHECK, in any case): each
    such instruction followed later in the same stage by another of the same keyword is
    reported, on its own line, since it is the one the later one overrides. With three
    CMDs, the first two are reported. A stage built on another (`FROM base`) starts
    afresh: overriding the base stage's CMD is what it is for. ONBUILD CMD is a trigger,
    not a CMD of the stage, and is not counted.

    ## Why is this bad?

    Each of these instructions replaces the previous one in the image configuration, so
    an earlier one is dead text: a reader may take it for the command the container
    runs, or for a health check that is in force. BuildKit warns about it
    (MultipleInstructionsDisallowed).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    CMD ["python", "-m", "http.server"]
    CMD ["gunicorn", "app:app"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    CMD ["gunicorn", "app:app"]
    ```

    ## Off by default

    hadolint's DL4003 (CMD), DL4004 (ENTRYPOINT) and DL3012 (HEALTHCHECK) cover the same
    cause and supersede this rule, which keeps BuildKit's reading (the overridden
    instruction is reported, not the overriding one) for those who select it.

    ## Differences from BuildKit

    - ONBUILD triggers that a base stage of the same file declares are not replayed into
      the stages built on it (BuildKit counts a replayed `ONBUILD CMD` as that stage's
      first CMD and reports it on the stage's FROM).

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    - Docker, `CMD`: https://docs.docker.com/reference/dockerfile/#cmd
    - Docker, `HEALTHCHECK`: https://docs.docker.com/reference/dockerfile/#healthcheck
    """

    code = "BK012"
    name = "multiple-instructions-disallowed"
    severity = Severity.WARNING
    keywords = frozenset({"CMD", "ENTRYPOINT", "HEALTHCHECK"})
    aliases = ("MultipleInstructionsDisallowed",)
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # (stage, keyword) -> the last such instruction seen so far.
        self._last: dict[tuple[int, str], Instruction] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.stage is None:
            return
        key = (instruction.stage, instruction.keyword)
        previous = self._last.get(key)
        self._last[key] = instruction
        if previous is None:
            return
        keyword = instruction.keyword
        yield self.finding(
            previous,
            f"Overridden by the {keyword} on line {instruction.span.line}:"
            " only a stage's last one counts.",
            fix=f"Remove this {keyword}, or merge it into the last one.",
        )

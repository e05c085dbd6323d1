"""DL3061 instruction-before-from."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.dockerfile.parser import KNOWN_INSTRUCTIONS
from dockerlint_ml.engine.rule import Context, Rule


class InstructionBeforeFrom(Rule):
    """An instruction other than ARG comes before the first FROM.

    Each instruction before the first FROM is reported, except ARG (comments, parser
    directives and blank lines are not instructions). A file with no FROM at all has
    every instruction reported. An unknown instruction is left to the parse error.

    ## Why is this bad?

    Only ARG may come before the first FROM: it declares variables for the FROM lines.
    Any other instruction has no stage to act on, and Docker stops there ("no build stage
    in current context"). It is often a block moved above the FROM by mistake, or a
    Dockerfile fragment meant to be concatenated with another.

    ## Example

    ```dockerfile
    LABEL org.opencontainers.image.source="https://github.com/example/app"
    FROM python:3.12-slim
    ```

    ## Use instead

    ```dockerfile
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim
    LABEL org.opencontainers.image.source="https://github.com/example/app"
    ```

    ## Differences from hadolint

    None known.

    ## References

    - hadolint DL3061: https://github.com/hadolint/hadolint/wiki/DL3061
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3061Spec.hs
    - Docker, "Understand how ARG and FROM interact":
      https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    """

    code = "DL3061"
    name = "instruction-before-from"
    severity = Severity.ERROR

    def finish(self, ctx: Context) -> Iterator[Finding]:
        for instruction in ctx.dockerfile.instructions:
            keyword = instruction.keyword
            if keyword == "FROM":
                return
            if keyword == "ARG" or keyword not in KNOWN_INSTRUCTIONS:
                continue
            yield self.finding(
                instruction,
                f"{keyword} comes before the first FROM; only ARG may.",
                fix="Move it into a stage, after its FROM.",
            )

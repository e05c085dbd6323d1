"""BK013 legacy-key-value-format (BuildKit's LegacyKeyValueFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import raw_words
from dockerlint_ml.engine.rule import Context, Rule


class LegacyKeyValueFormat(Rule):
    """ENV or LABEL uses the legacy `KEY value` form instead of `KEY=value`.

    Checked on every ENV and LABEL of every stage: the first word (quotes respected) has
    no `=`, and a value follows it, so that Docker reads the whole rest of the line as
    one value (`ENV PATH /opt/bin:$PATH`, `LABEL maintainer "a b"`). ONBUILD ENV and
    ONBUILD LABEL are not checked.

    ## Why is this bad?

    The legacy form sets exactly one variable, and everything after the first blank is
    its value: `ENV A 1 B 2` sets `A` to `1 B 2`, not two variables, which is rarely what
    the author meant. The `KEY=value` form is the one the Dockerfile reference documents
    and can set several pairs; the reference keeps the legacy form for backward
    compatibility only and says it may be removed. BuildKit warns about it
    (LegacyKeyValueFormat).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED 1
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED=1
    ```

    ## Differences from BuildKit

    - ONBUILD triggers that a base stage of the same file declares are not replayed into
      the stages built on it (BuildKit checks a replayed `ONBUILD ENV KEY value` there
      and reports it on that stage's FROM).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/legacy-key-value-format/
    - Docker, `ENV`: https://docs.docker.com/reference/dockerfile/#env
    - Docker, `LABEL`: https://docs.docker.com/reference/dockerfile/#label
    """

    code = "BK013"
    name = "legacy-key-value-format"
    severity = Severity.WARNING
    keywords = frozenset({"ENV", "LABEL"})
    aliases = ("LegacyKeyValueFormat",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.stage is None:
            return
        words = raw_words(instruction.value)
        if not words or "=" in words[0]:
            return
        parts = instruction.value.split(None, 1)
        if len(parts) < 2:  # `ENV KEY` alone: an error BuildKit reports, not this form
            return
        keyword, key = instruction.keyword, parts[0]
        yield self.finding(
            instruction,
            f"`{keyword} {key} <value>` is the legacy form: write `{keyword} {key}=<value>`.",
            fix=f"Write `{keyword} {key}=value`, quoting a value that holds blanks.",
        )

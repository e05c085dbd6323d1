"""DL3043 onbuild-forbidden-trigger."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

_FORBIDDEN = frozenset({"ONBUILD", "FROM", "MAINTAINER"})


class OnbuildForbiddenTrigger(Rule):
    """ONBUILD wraps ONBUILD, FROM or MAINTAINER.

    Checked on every ONBUILD: its trigger instruction (the first word, in any case) is
    one Docker does not accept there.

    ## Why is this bad?

    Docker refuses these triggers when it reads the Dockerfile ("ONBUILD ONBUILD isn't
    allowed", "FROM isn't allowed as an ONBUILD trigger"): the image never builds. A
    trigger cannot start a stage or register another trigger, and MAINTAINER is
    deprecated everywhere.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ONBUILD FROM python:3.12-slim
    ONBUILD COPY requirements.txt /app/
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ONBUILD COPY requirements.txt /app/
    ```

    ## Differences from hadolint

    None known.

    ## References

    - hadolint DL3043: https://github.com/hadolint/hadolint/wiki/DL3043
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3043Spec.hs
    - Docker, `ONBUILD`: https://docs.docker.com/reference/dockerfile/#onbuild
    """

    code = "DL3043"
    name = "onbuild-forbidden-trigger"
    severity = Severity.ERROR
    keywords = frozenset({"ONBUILD"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        words = instruction.value.split(None, 1)
        trigger = words[0].upper() if words else ""
        if trigger not in _FORBIDDEN:
            return
        yield self.finding(
            instruction,
            f"`ONBUILD {trigger}` is not allowed: Docker rejects {trigger} as a trigger.",
            fix="Remove the trigger; only build steps (RUN, COPY, ENV...) can be triggers.",
        )

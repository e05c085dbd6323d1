"""BK001 stage-name-casing (BuildKit's StageNameCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class StageNameCasing(Rule):
    """A stage name has upper-case letters.

    Checked on every `FROM ... AS <name>`: the name must be all lower case.

    ## Why is this bad?

    Docker compares stage names without regard to case, so `AS Build` and `--from=build`
    name the same stage. Writing names in lower case, as they are matched, keeps
    `--target`, `COPY --from` and the stage's declaration looking alike.

    ## Example

    ```dockerfile
    FROM python:3.12-slim AS Builder
    RUN pip wheel --wheel-dir /wheels flask
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim AS builder
    RUN pip wheel --wheel-dir /wheels flask
    ```

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/stage-name-casing/
    - Docker, `FROM ... AS name`: https://docs.docker.com/reference/dockerfile/#from
    """

    code = "BK001"
    name = "stage-name-casing"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("StageNameCasing",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        alias = stage.alias if stage is not None else None
        if alias and alias != alias.lower():
            yield self.finding(
                instruction,
                f"Stage name `{alias}` should be lower case.",
                fix=f"Rename the stage `{alias.lower()}` (and its `--from` references).",
            )

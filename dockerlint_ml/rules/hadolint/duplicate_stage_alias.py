"""DL3024 duplicate-stage-alias."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class DuplicateStageAlias(Rule):
    """Two stages have the same name.

    Checked on every FROM with `AS name`: a name already given to an earlier stage,
    compared without regard to case as BuildKit compares stage names, is reported on the
    later FROM (each later one, when there are several).

    ## Why is this bad?

    `COPY --from=name`, `RUN --mount=from=name`, `FROM name` and `--target name` can
    reach only one of the stages: the other is built for nothing, or the build copies
    from a stage the author did not mean. BuildKit warns about it (DuplicateStageName).

    ## Example

    ```dockerfile
    FROM python:3.12 AS build
    RUN pip wheel --wheel-dir /wheels numpy

    FROM node:22 AS build
    RUN npm ci

    FROM python:3.12-slim
    COPY --from=build /wheels /wheels
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12 AS wheels
    RUN pip wheel --wheel-dir /wheels numpy

    FROM node:22 AS assets
    RUN npm ci

    FROM python:3.12-slim
    COPY --from=wheels /wheels /wheels
    ```

    ## Differences from hadolint

    - Names are compared without regard to case, as BuildKit compares them:
      `AS build` and `AS Build` are the same stage name here (hadolint passes them).

    ## References

    - hadolint DL3024: https://github.com/hadolint/hadolint/wiki/DL3024
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3024Spec.hs
    - BuildKit's check: https://docs.docker.com/reference/build-checks/duplicate-stage-name/
    - Docker, naming stages: https://docs.docker.com/build/building/multi-stage/#name-your-build-stages
    """

    code = "DL3024"
    name = "duplicate-stage-alias"
    severity = Severity.ERROR
    keywords = frozenset({"FROM"})
    supersedes = ("DuplicateStageName",)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._seen: dict[str, int] = {}  # lower-cased name -> line of its first FROM

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction or not stage.alias:
            return
        key = stage.alias.lower()
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = instruction.span.line
        else:
            yield self.finding(
                instruction,
                f"Stage name `{stage.alias}` is already taken by the stage on line {first}.",
                fix="Give each stage a name of its own.",
            )

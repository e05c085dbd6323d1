"""DL3063 reserved-stage-alias."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

# Names BuildKit gives a meaning of their own: `scratch` is the empty image, `context`
# the build context.
RESERVED = frozenset({"scratch", "context"})


class ReservedStageAlias(Rule):
    """A stage is named `scratch` or `context`.

    Checked on every FROM with `AS name`: the name, without regard to case (BuildKit
    lower-cases stage names), is one of the words BuildKit reserves.

    ## Why is this bad?

    `scratch` names the empty image and `context` the build context: a stage with one
    of these names makes `FROM scratch`, `COPY --from=context` or a `--build-context`
    ambiguous, and the reader cannot tell which one the build will use. BuildKit warns
    about it (ReservedStageName).

    ## Example

    ```dockerfile
    FROM python:3.12 AS context
    RUN pip wheel --wheel-dir /wheels numpy

    FROM python:3.12-slim
    COPY --from=context /wheels /wheels
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12 AS wheels
    RUN pip wheel --wheel-dir /wheels numpy

    FROM python:3.12-slim
    COPY --from=wheels /wheels /wheels
    ```

    ## Differences from hadolint

    - The name matches without regard to case: `AS Scratch` is reported (hadolint
      passes it), as BuildKit lower-cases stage names.

    ## References

    - hadolint DL3063 (in 2.15.1: reserved stage names):
      https://github.com/hadolint/hadolint/wiki/DL3063
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3063Spec.hs
    - BuildKit's check: https://docs.docker.com/reference/build-checks/reserved-stage-name/
    """

    code = "DL3063"
    name = "reserved-stage-alias"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    supersedes = ("ReservedStageName",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction or not stage.alias:
            return
        if stage.alias.lower() in RESERVED:
            yield self.finding(
                instruction,
                f"Stage name `{stage.alias}` is a reserved word of the builder.",
                fix="Rename the stage (and the `--from` and `FROM` that use it).",
            )

"""BK006 reserved-stage-name (BuildKit's ReservedStageName)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

RESERVED = frozenset({"scratch", "context"})


class ReservedStageName(Rule):
    """A stage is named `scratch` or `context`.

    Checked on every `FROM ... AS <name>`, without regard to case.

    ## Why is this bad?

    Both words already mean something to Docker: `scratch` is the empty image and
    `context` the build context (`COPY --from=context`). A stage with either name
    shadows or is shadowed by that meaning, depending on where it is referenced.

    ## Example

    ```dockerfile
    FROM alpine:3.20 AS scratch
    RUN echo hi > /hi
    ```

    ## Use instead

    ```dockerfile
    FROM alpine:3.20 AS base
    RUN echo hi > /hi
    ```

    ## Off by default

    hadolint's DL3063 (reserved-stage-alias) is the default for this root cause and
    supersedes this rule.

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/reserved-stage-name/
    """

    code = "BK006"
    name = "reserved-stage-name"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("ReservedStageName",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is not None and stage.alias and stage.alias.lower() in RESERVED:
            yield self.finding(
                instruction,
                f"Stage name `{stage.alias}` is a reserved word.",
                fix="Rename the stage (e.g. `base`, `build`).",
            )

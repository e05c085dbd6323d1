"""DL3023 copy-from-own-stage."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint.copy_from_undefined_stage import from_word, is_stage_index


class CopyFromOwnStage(Rule):
    """`COPY --from` names the stage the COPY is in.

    Checked on every COPY with `--from` in a stage (not inside ONBUILD, whose COPY runs
    in another build): the value is the stage's own name, matched without regard to case
    as BuildKit matches it, or its own index. A value with a variable is not judged.

    ## Why is this bad?

    A stage cannot read files from itself while it is being built: BuildKit stops with
    "circular dependency detected on stage". The COPY usually meant another stage (a
    copied line whose name was not updated), or the build context (no `--from`).

    ## Example

    ```dockerfile
    FROM python:3.12-slim AS runtime
    COPY --from=runtime /wheels /wheels
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim AS build
    RUN pip wheel --wheel-dir /wheels numpy

    FROM python:3.12-slim AS runtime
    COPY --from=build /wheels /wheels
    ```

    ## Differences from hadolint

    - Stage names match without regard to case, as BuildKit matches them:
      `FROM base AS build` then `COPY --from=Build` in that stage is reported here
      (hadolint reports DL3022 instead).
    - The stage's own index (`COPY --from=0` in the first stage) is reported (hadolint
      passes it).
    - A value with a variable (`--from=$STAGE`) is not judged.

    ## References

    - hadolint DL3023: https://github.com/hadolint/hadolint/wiki/DL3023
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3023Spec.hs
    - Docker, `COPY --from`: https://docs.docker.com/reference/dockerfile/#copy---from
    """

    code = "DL3023"
    name = "copy-from-own-stage"
    severity = Severity.ERROR
    keywords = frozenset({"COPY"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        word = from_word(instruction)
        stage = ctx.stage(instruction)
        if word is None or stage is None:
            return
        if is_stage_index(word):
            own = int(word) == stage.index
        else:
            own = stage.alias is not None and stage.alias.lower() == word.lower()
        if own:
            yield self.finding(
                instruction,
                f"`--from={word}` names the stage this COPY is in: a stage cannot copy "
                "from itself.",
                fix="Copy from the stage that produced the files, or from the build context.",
            )

"""DL4007 copy-whole-context."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class CopyWholeContext(Rule):
    """COPY or ADD copies the whole build context (`.`) into an image that ships.

    A COPY or ADD is reported when one of its sources is the root of the build context
    (`.`, `./`, `/`, quoted or not, also through a variable that resolves to one), it
    copies from the context (no `--from`), it has no `--exclude`, and its stage's layers
    reach the final image (the final stage and the stages it is built on; a build stage
    whose files other stages pick with `COPY --from` is not reported). Not checked inside
    ONBUILD.

    ## Why is this bad?

    Everything in the context lands in the image: the `.git` directory, `.env` files,
    local configuration with credentials, test data, editor files, unless a
    `.dockerignore` leaves them out. Copying the files the image needs makes what ships
    explicit, and keeps an unrelated change from invalidating the layer.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    CMD ["python", "main.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY main.py requirements.txt ./
    COPY src/ ./src/
    CMD ["python", "main.py"]
    ```

    ## Off by default

    `COPY . .` is the layout most official guides use, and a `.dockerignore` (which
    this rule cannot see: it lives in the context, not the Dockerfile) usually keeps out
    what should not ship; the finding is then an opinion about style. Select `DL4007` to
    enforce it.

    ## Differences from hadolint

    - A build stage whose layers do not reach the final image is not reported: what it
      copies ships only through an explicit `COPY --from`. hadolint reports every stage.
    - `COPY --from=<stage> . .` copies from another stage or image, not from the build
      context: not reported (hadolint reports it).
    - `COPY --exclude=...` states what stays out: not reported.
    - ADD of the context root and the source `/` (also the context root) are reported,
      and variables are resolved (`COPY ${SRC} .` with `ARG SRC=.`); hadolint checks
      COPY's literal `.` and `./` only.

    ## References

    - hadolint DL4007: https://github.com/hadolint/hadolint/wiki/DL4007
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL4007Spec.hs
    - The build context and `.dockerignore`:
      https://docs.docker.com/build/concepts/context/#dockerignore-files
    - `COPY --exclude`: https://docs.docker.com/reference/dockerfile/#copy---exclude
    """

    code = "DL4007"
    name = "copy-whole-context"
    severity = Severity.WARNING
    keywords = frozenset({"COPY", "ADD"})
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        info = ctx.copy(instruction)
        if info is None or not info.from_context or instruction.flag_values("exclude"):
            return
        if not any(source.resolved and source.is_root for source in info.sources):
            return
        stage = ctx.stage(instruction)
        if stage is not None and not ctx.stage_roles().ships(stage):
            return
        yield self.finding(
            instruction,
            f"`{instruction.keyword} .` copies the whole build context into the image.",
            fix="Copy only the files the image needs, or list what stays out in `.dockerignore`.",
        )

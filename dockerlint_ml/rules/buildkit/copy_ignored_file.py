"""BK018 copy-ignored-file (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.context import EXCLUDED, source_state


class CopyIgnoredFile(Rule):
    """COPY or ADD names a build-context file that `.dockerignore` excludes.

    BuildKit's check: a COPY or ADD source from the build context (not `--from`, not a
    URL or git source) that the context's ignore file excludes, itself or through a parent
    directory. The ignore file is the one BuildKit uses: `<Dockerfile name>.dockerignore`
    beside the Dockerfile, else the context's `.dockerignore` (`facts.dockerignore`, with
    Docker's pattern rules). Needs the build context (`--context`, the configuration's
    `context`, or a Dockerfile directory that looks like one): without it the rule does not
    run. One finding per instruction, on its first excluded source.

    ## Why is this bad?

    The file is not sent to the builder, so the COPY fails with "not found", or, with a
    wildcard or a directory, silently copies less than it names. Either the instruction
    or the `.dockerignore` entry is wrong.

    ## Example

    With a `.dockerignore` holding `config.yaml` in the build context:

    ```dockerfile
    FROM python:3.12-slim
    COPY config.yaml /app/
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    COPY app.py /app/
    ```

    ## Off by default

    It reads the files beside the Dockerfile, which a linter run on a Dockerfile alone
    (hadolint's way) never does: select it (`--select BK018`) to have it. DLM202
    copy-source-missing, which also reports sources that are not in the context at all, is
    to supersede it.

    ## Differences from BuildKit

    - A directory (`COPY . /src/`, `COPY app/ ...`) that the ignore file excludes but an
      exception re-includes something below (`*` then `!app/`) is sent, and is not reported
      (BuildKit reports it: moby/buildkit#6512, docker/cli#6767).
    - Wildcard sources (`COPY *.py ./`) are not judged yet.
    - Silent without a build context, and where the ignore file cannot be used (Docker
      refuses an invalid pattern; that is reported by the build itself).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/copy-ignored-file/
    - Docker, `.dockerignore`: https://docs.docker.com/build/concepts/context/#dockerignore-files
    """

    code = "BK018"
    name = "copy-ignored-file"
    severity = Severity.WARNING
    aliases = ("CopyIgnoredFile",)
    default = False
    keywords = frozenset({"COPY", "ADD"})
    needs_context = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        for src in ctx.context_sources(instruction):
            if context is None or source_state(context, src.text) != EXCLUDED:
                continue
            ignore = context.ignore
            rule = ignore.rule_for(src.text.strip("/")) if ignore is not None else None
            why = f" (line {rule.line}: `{rule.pattern}`)" if rule is not None else ""
            yield self.finding(
                instruction,
                f'Attempting to {instruction.keyword.title()} file "{src.text}" that is'
                f" excluded by .dockerignore{why}: it is not in the build context.",
                fix="Remove the source from the instruction, or re-include it in"
                " .dockerignore with a `!` line.",
            )
            return

"""DLM202 copy-source-missing."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.context import EXCLUDED, MISSING, source_state


class CopySourceMissing(Rule):
    """A COPY or ADD source is missing from the build context or left out by .dockerignore.

    Reads each source of a COPY or ADD that takes it from the build context (not
    `--from`, not a URL or git source, not a heredoc), once its variables are resolved
    from the stage's ARG and ENV values: reported when no such file or directory is in
    the context, or when the ignore file in effect (BuildKit's choice: `<Dockerfile
    name>.dockerignore` beside the Dockerfile, else the context's `.dockerignore`) excludes
    it, a directory counting as excluded only when nothing below it is sent (`*` then
    `!app/` sends `app/`). One finding per instruction, on its first such source.

    Needs the build context (see Build context in the README): without one the rule
    does not run. Not judged: wildcard sources (`COPY *.py ./`; BuildKit copies nothing,
    without an error, for a pattern that matches nothing, which the `COPY poetry.lock* ./`
    idiom relies on), a source with a variable
    that cannot be resolved, a symlink leading out of the context, and every source when
    the ignore file cannot be used (Docker refuses it and the build says why).

    ## Why is this bad?

    The build stops at this instruction with "failed to compute cache key: ... not
    found": the file was never written, was renamed, sits elsewhere than the context
    the image is built from, or is left out by `.dockerignore`. Found here, it costs no
    build; found in CI, it costs one.

    ## Example

    In a build context that holds `app.py` but no `predict.py`:

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY predict.py ./
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    ```

    ## References

    - Docker, the build context and `.dockerignore`:
      https://docs.docker.com/build/concepts/context/
    - BuildKit's dockerfile2llb copies with `AllowEmptyWildcard`: an empty match is no
      error: https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go
    - BuildKit's CopyIgnoredFile check (which this rule supersedes):
      https://docs.docker.com/reference/build-checks/copy-ignored-file/
    """

    code = "DLM202"
    name = "copy-source-missing"
    severity = Severity.ERROR
    keywords = frozenset({"COPY", "ADD"})
    needs_context = True
    supersedes = ("BK018",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        for src in ctx.context_sources(instruction):
            if context is None:
                return
            state = source_state(context, src.text)
            if state == MISSING:
                yield self.finding(
                    instruction,
                    f"`{src.text}` is not in the build context ({context.root.name}/):"
                    " the build fails here with `not found`.",
                    fix="Fix the path, add the file, or build from the directory that holds"
                    " it (`--context`).",
                    at=ctx.word_span(instruction, src.text),
                )
                return
            if state == EXCLUDED:
                ignore = context.ignore
                rule = ignore.rule_for(src.text.strip("/")) if ignore is not None else None
                why = f" (line {rule.line}: `{rule.pattern}`)" if rule is not None else ""
                yield self.finding(
                    instruction,
                    f"`{src.text}` is left out of the build context by .dockerignore{why}:"
                    " the build fails here with `not found`.",
                    fix="Re-include it in .dockerignore with a `!` line, or stop copying it.",
                    at=ctx.word_span(instruction, src.text),
                )
                return

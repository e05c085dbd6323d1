"""DLM000 parse-error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dockerlint_ml.dockerfile.model import Finding, Severity, Span
from dockerlint_ml.engine.rule import Context, Rule

# The parse errors a hadolint rule reports under its own code.
_OWNERS = {"onbuild-trigger": "DL3043", "before-from": "DL3061"}


class ParseErrorRule(Rule):
    """The Dockerfile has a line BuildKit would reject.

    An unknown instruction, an unknown or malformed flag, an unterminated heredoc, a
    missing argument or a file with no instruction at all. BuildKit stops the build at such a
    line; dockerlint-ml reports it and still lints every other instruction of the file.
    Two of these errors are also hadolint rules: a FROM, ONBUILD or MAINTAINER trigger of
    ONBUILD (DL3043) and an instruction other than ARG before the first FROM (DL3061);
    where that rule reports the line, its finding is the one shown.

    ## Why is this bad?

    `docker build` fails on the line, usually after the slow steps before it have run, or
    (for an unknown flag) with an older BuildKit only, on a CI runner you do not control.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY --chmod=644 --frobnicate requirements.txt ./
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY --chmod=644 requirements.txt ./
    ```

    ## References

    - BuildKit's parser: `frontend/dockerfile/parser/parser.go` and `instructions/parse.go`
      in moby/buildkit.
    """

    code = "DLM000"
    name = "parse-error"
    severity = Severity.ERROR

    def finish(self, ctx: Context) -> Iterator[Finding]:
        lines = ctx.dockerfile.lines
        for error in ctx.dockerfile.errors:
            end_line = error.end_line or error.line
            if error.end_column is not None:
                end_column = error.end_column
            elif 1 <= end_line <= len(lines):
                end_column = len(lines[end_line - 1]) + 1
            else:
                end_column = 1
            span = Span(error.line, error.column, end_line, max(end_column, 1))
            found = self.finding(span, error.message, fix=error.fix)
            owner = _OWNERS.get(error.kind or "")
            # One root cause, one finding: where hadolint's rule for this error reports on
            # the line, its finding stands (and when it is not selected, this one).
            yield found if owner is None else replace(found, subsumed_by=owner)

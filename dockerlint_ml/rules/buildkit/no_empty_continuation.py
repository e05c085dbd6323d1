"""BK003 no-empty-continuation (BuildKit's NoEmptyContinuation)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Span
from dockerlint_ml.engine.rule import Context, Rule


class NoEmptyContinuation(Rule):
    """A line continuation is followed by an empty line.

    Checked on every instruction that spans several lines: a blank (or whitespace-only)
    line right after a line ending in the escape character (`\\`, or the `escape`
    directive's), or after a comment inside the continuation. One finding per
    instruction, on its first empty line. Heredoc bodies are not continuations.

    ## Why is this bad?

    Docker skips the empty line and keeps joining: the instruction goes on to the next
    non-empty line, which reads as a separate instruction but is not one. Docker has
    deprecated empty continuation lines and says they will become an error.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && \\

        apt-get install -y --no-install-recommends curl
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && \\
        apt-get install -y --no-install-recommends curl
    ```

    ## Differences from BuildKit

    - The finding points at the empty line; BuildKit reports the instruction's last line.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/no-empty-continuation/
    - moby/moby#33719, the deprecation: https://github.com/moby/moby/pull/33719
    """

    code = "BK003"
    name = "no-empty-continuation"
    severity = Severity.WARNING
    keywords = frozenset(
        {
            "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
            "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR",
        }
    )  # fmt: skip
    aliases = ("NoEmptyContinuation",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        span = instruction.span
        if span.end_line == span.line:
            return
        lines = ctx.dockerfile.lines
        escape = ctx.dockerfile.escape
        continued = False
        for number in range(span.line, min(span.end_line, len(lines)) + 1):
            text = lines[number - 1]
            stripped = text.strip()
            if continued and not stripped:
                yield self.finding(
                    Span(number, 1, number, 1),
                    "Empty line inside a continued instruction (a future error).",
                    fix="Delete the empty line, or end the instruction before it.",
                )
                return
            if continued and stripped.startswith("#"):
                continue
            continued = text.rstrip(" \t").endswith(escape)
            if not continued:
                return  # the instruction's text ends here; a heredoc body may follow

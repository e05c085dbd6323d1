"""BK005 duplicate-stage-name (BuildKit's DuplicateStageName)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class DuplicateStageName(Rule):
    """A stage name is used by an earlier stage.

    Checked on every `FROM ... AS <name>`: names compare without regard to case, as
    Docker matches them; each later stage with a name already taken is reported.

    ## Why is this bad?

    `COPY --from=<name>`, `FROM <name>` and `--target <name>` can reach only one of the
    stages: which one depends on where the reference stands, and the other stage is
    silently unreachable by name. Recent Docker versions refuse the file.

    ## Example

    ```dockerfile
    FROM node:22-slim AS build
    RUN npm ci
    FROM node:22-slim AS build
    RUN npm run build
    ```

    ## Use instead

    ```dockerfile
    FROM node:22-slim AS deps
    RUN npm ci
    FROM node:22-slim AS build
    RUN npm run build
    ```

    ## Off by default

    hadolint's DL3024 (duplicate-stage-alias) is the default for this root cause and
    supersedes this rule.

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/duplicate-stage-name/
    """

    code = "BK005"
    name = "duplicate-stage-name"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("DuplicateStageName",)
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._seen: set[str] = set()

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or not stage.alias:
            return
        key = stage.alias.lower()
        if key in self._seen:
            yield self.finding(
                instruction,
                f"Stage name `{stage.alias}` is used by an earlier stage.",
                fix="Give each stage a name of its own.",
            )
        self._seen.add(key)

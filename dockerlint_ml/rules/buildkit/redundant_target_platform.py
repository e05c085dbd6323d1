"""BK014 redundant-target-platform (BuildKit's RedundantTargetPlatform)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint.redundant_from_platform import redundant_platform_findings


class RedundantTargetPlatform(Rule):
    """`FROM --platform=$TARGETPLATFORM` sets the platform a stage builds for anyway.

    Checked on every FROM with `--platform`, as BuildKit does: the value uses the
    variable `TARGETPLATFORM` and no other, and expands to exactly its value
    (`$TARGETPLATFORM`, `${TARGETPLATFORM}`, `"$TARGETPLATFORM"`, or
    `${TARGETPLATFORM:-linux/amd64}`, since the variable is always set).

    ## Why is this bad?

    Every stage is built for the target platform unless `--platform` says otherwise, so
    the flag changes nothing and makes the reader wonder what it was meant to change.
    BuildKit warns about it (RedundantTargetPlatform).

    ## Example

    ```dockerfile
    FROM --platform=$TARGETPLATFORM python:3.12-slim
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ```

    ## Off by default

    hadolint's DL3065 covers the same cause and supersedes this rule.

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/redundant-target-platform/
    - Docker, automatic platform ARGs:
      https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope
    """

    code = "BK014"
    name = "redundant-target-platform"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("RedundantTargetPlatform",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield from redundant_platform_findings(self, instruction, ctx)

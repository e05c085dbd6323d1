"""BK008 maintainer-deprecated (BuildKit's MaintainerDeprecated)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class MaintainerDeprecated(Rule):
    """MAINTAINER is deprecated.

    Checked on every MAINTAINER instruction.

    ## Why is this bad?

    MAINTAINER sets the image's legacy `Author` field only; Docker deprecated it in favour
    of labels, which tools read (`org.opencontainers.image.authors`).

    ## Example

    ```dockerfile
    FROM alpine:3.20
    MAINTAINER Jane Doe <jane@example.org>
    ```

    ## Use instead

    ```dockerfile
    FROM alpine:3.20
    LABEL org.opencontainers.image.authors="jane@example.org"
    ```

    ## Off by default

    hadolint's DL4000 is the default for this root cause and supersedes this rule.

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/maintainer-deprecated/
    - Docker, MAINTAINER (deprecated):
      https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
    """

    code = "BK008"
    name = "maintainer-deprecated"
    severity = Severity.WARNING
    keywords = frozenset({"MAINTAINER"})
    aliases = ("MaintainerDeprecated",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield self.finding(
            instruction,
            "MAINTAINER is deprecated.",
            fix='Use `LABEL org.opencontainers.image.authors="..."` instead.',
        )

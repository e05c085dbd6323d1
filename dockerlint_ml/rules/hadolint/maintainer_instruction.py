"""DL4000 maintainer-instruction."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class MaintainerInstruction(Rule):
    """The file uses the deprecated MAINTAINER instruction.

    Every top-level MAINTAINER is reported, wherever it is (before the first FROM too).
    A MAINTAINER wrapped in ONBUILD is DL3043's business and is not reported here.

    ## Why is this bad?

    MAINTAINER has been deprecated since Docker 1.13: it only fills the legacy `Author`
    field of the image, which registries and tools no longer read. A label carries the
    same information where everything looks for it, and can be queried with
    `docker inspect` like any other metadata.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    MAINTAINER ml-platform@example.com
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.authors="ml-platform@example.com"
    ```

    ## Differences from hadolint

    None known.

    ## References

    - hadolint DL4000: https://github.com/hadolint/hadolint/wiki/DL4000
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4000Spec.hs
    - Docker, MAINTAINER (deprecated): https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
    - BuildKit check MaintainerDeprecated:
      https://docs.docker.com/reference/build-checks/maintainer-deprecated/
    - OCI image annotations (`org.opencontainers.image.authors`):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL4000"
    name = "maintainer-instruction"
    severity = Severity.ERROR
    keywords = frozenset({"MAINTAINER"})
    supersedes = ("MaintainerDeprecated",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield self.finding(
            instruction,
            "MAINTAINER is deprecated: the image's author belongs in a label.",
            fix=(
                'Replace it with `LABEL org.opencontainers.image.authors="..."`'
                " holding the same value."
            ),
        )

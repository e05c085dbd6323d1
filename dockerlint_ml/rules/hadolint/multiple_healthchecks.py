"""DL3012 multiple-healthchecks."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._once_per_stage import OncePerStage


class MultipleHealthchecks(OncePerStage):
    """A stage has more than one HEALTHCHECK.

    Counted per stage: a HEALTHCHECK in a stage built `FROM` another stage replaces the
    earlier stage's, as intended, and is not counted with it. `HEALTHCHECK NONE` counts
    like any other. Each HEALTHCHECK after the first of a stage is reported; one wrapped in
    ONBUILD is not counted.

    ## Why is this bad?

    Only the last HEALTHCHECK of a stage takes effect: the earlier ones are dead text that
    a reader takes for the container's health probe. Usually one is a leftover from an
    edit, and which probe the orchestrator sees is decided by their order.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    HEALTHCHECK CMD python -c "import socket; socket.create_connection(('localhost', 8000))"
    HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    HEALTHCHECK CMD python -c "import socket; socket.create_connection(('localhost', 8000))"
    ```

    ## Differences from hadolint

    None known: hadolint also counts per stage and reports each HEALTHCHECK after the first.

    ## References

    - hadolint DL3012: https://github.com/hadolint/hadolint/wiki/DL3012
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3012Spec.hs
    - Docker, HEALTHCHECK ("if you list more than one, then only the last HEALTHCHECK
      will take effect"): https://docs.docker.com/reference/dockerfile/#healthcheck
    - BuildKit check MultipleInstructionsDisallowed:
      https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "DL3012"
    name = "multiple-healthchecks"
    severity = Severity.ERROR
    keyword = "HEALTHCHECK"
    keywords = frozenset({"HEALTHCHECK"})
    supersedes = ("MultipleInstructionsDisallowed",)

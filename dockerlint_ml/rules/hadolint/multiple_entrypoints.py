"""DL4004 multiple-entrypoints."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._once_per_stage import OncePerStage


class MultipleEntrypoints(OncePerStage):
    """A stage has more than one ENTRYPOINT.

    Counted per stage: an ENTRYPOINT in a stage built `FROM` another stage replaces the
    earlier stage's, as intended, and is not counted with it. Each ENTRYPOINT after the
    first of a stage is reported; one wrapped in ONBUILD is not counted.

    ## Why is this bad?

    Only the last ENTRYPOINT of a stage takes effect: the earlier ones are dead text that a
    reader takes for the image's entry point. Usually one is a leftover from an edit, and
    which program starts the container is decided by their order rather than by intent.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py ./
    ENTRYPOINT ["python"]
    ENTRYPOINT ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py ./
    ENTRYPOINT ["python", "serve.py"]
    ```

    ## Differences from hadolint

    None known: hadolint also counts per stage and reports each ENTRYPOINT after the first.

    ## References

    - hadolint DL4004: https://github.com/hadolint/hadolint/wiki/DL4004
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4004Spec.hs
    - Docker, ENTRYPOINT ("only the last ENTRYPOINT instruction in the Dockerfile will have
      an effect"): https://docs.docker.com/reference/dockerfile/#entrypoint
    - BuildKit check MultipleInstructionsDisallowed:
      https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "DL4004"
    name = "multiple-entrypoints"
    severity = Severity.ERROR
    keyword = "ENTRYPOINT"
    keywords = frozenset({"ENTRYPOINT"})
    supersedes = ("MultipleInstructionsDisallowed",)

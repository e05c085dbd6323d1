"""DL4003 multiple-cmds."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._once_per_stage import OncePerStage


class MultipleCmds(OncePerStage):
    """A stage has more than one CMD.

    Counted per stage: a CMD in a stage built `FROM` another stage replaces the earlier
    stage's CMD, as intended, and is not counted with it. Each CMD after the first of a
    stage is reported; a CMD wrapped in ONBUILD is not counted.

    ## Why is this bad?

    Only the last CMD of a stage takes effect: the earlier ones are dead text that a reader
    takes for the image's command. Usually one is a leftover from an edit, and which one
    runs is decided by their order rather than by intent.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py ./
    CMD ["python", "train.py"]
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py ./
    CMD ["python", "serve.py"]
    ```

    ## Differences from hadolint

    None known: hadolint also counts per stage and reports each CMD after the first.

    ## References

    - hadolint DL4003: https://github.com/hadolint/hadolint/wiki/DL4003
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4003Spec.hs
    - Docker, CMD ("only the last CMD will take effect"):
      https://docs.docker.com/reference/dockerfile/#cmd
    - BuildKit check MultipleInstructionsDisallowed:
      https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/
    """

    code = "DL4003"
    name = "multiple-cmds"
    severity = Severity.WARNING
    keyword = "CMD"
    keywords = frozenset({"CMD"})
    supersedes = ("MultipleInstructionsDisallowed",)

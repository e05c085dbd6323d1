"""BK018 copy-ignored-file (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.rule import Rule


class CopyIgnoredFile(Rule):
    """COPY or ADD names a build-context file that `.dockerignore` excludes.

    BuildKit's check: a COPY or ADD source from the build context (not `--from`, not a
    URL or git source) that the context's `.dockerignore` patterns match, itself or
    through a parent directory. It needs the build context's `.dockerignore`, which
    dockerlint-ml does not read yet: the rule is silent until the context is read, and
    exists so that its name and code resolve (`# check=skip=CopyIgnoredFile`,
    `--select BK018`).

    ## Why is this bad?

    The file is not sent to the builder, so the COPY fails with "not found", or, with a
    wildcard or a directory, silently copies less than it names. Either the instruction
    or the `.dockerignore` entry is wrong.

    ## Example

    Not reported yet (the rule is silent until the context is read); with a
    `.dockerignore` holding `config.yaml`, BuildKit reports:

    ```dockerfile
    FROM python:3.12-slim
    COPY config.yaml /app/
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    COPY app.py /app/
    ```

    ## Off by default

    Silent until the context is read: it reports nothing today.

    ## Differences from BuildKit

    - Nothing is reported until dockerlint-ml reads the build context's `.dockerignore`.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/copy-ignored-file/
    - Docker, `.dockerignore`: https://docs.docker.com/build/concepts/context/#dockerignore-files
    """

    code = "BK018"
    name = "copy-ignored-file"
    severity = Severity.WARNING
    aliases = ("CopyIgnoredFile",)
    default = False
    # It reads the build context, which dockerlint-ml does not read yet: silent until then.
    needs_context = True

"""BK021 expose-invalid-format (BuildKit's ExposeInvalidFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._expose import port_specs


class ExposeInvalidFormat(Rule):
    """An EXPOSE port carries a host IP or a host port (`EXPOSE 127.0.0.1:8080:80`).

    Checked on every EXPOSE of every stage: each port spec, after its variables are
    expanded with the stage's ARG defaults and ENV values, that has more than the
    container port and protocol, i.e. a `host:container` mapping (`8080:80`) or a host IP
    (`0.0.0.0:8080:80`, `[::1]:80:80`). One finding per such port. A word whose variables
    are not all known here (a base image's ENV, an ARG without a default) is not judged;
    `${PORT:-7860}` is the port 7860.

    ## Why is this bad?

    EXPOSE only records which container ports the image listens on; it cannot publish a
    port or choose a host address. Docker ignores the host part today (the image exposes
    the container port only), so the mapping does not do what it says, and BuildKit
    warns that it will become an error in a future release (ExposeInvalidFormat).
    Publishing is the job of `docker run -p` or the orchestrator.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 8080:8000
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 8000
    ```

    Publish it at run time: `docker run -p 8080:8000 image`.

    ## Differences from BuildKit

    - An ONBUILD EXPOSE is not checked, neither where it is declared nor in the stages
      built on that stage (BuildKit checks the trigger when a later stage of the same
      file replays it, and reports it on that stage's FROM).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/expose-invalid-format/
    - Docker, `EXPOSE`: https://docs.docker.com/reference/dockerfile/#expose
    - BuildKit, host mappings in EXPOSE: https://github.com/moby/buildkit/issues/2173
    """

    code = "BK021"
    name = "expose-invalid-format"
    severity = Severity.WARNING
    keywords = frozenset({"EXPOSE"})
    aliases = ("ExposeInvalidFormat",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        for spec in port_specs(ctx.dockerfile, stage, instruction):
            if not spec.host_ip and not spec.host_port:
                continue
            port = spec.text.rpartition(":")[2]
            yield self.finding(
                instruction,
                f"`{spec.text}` maps a host port or IP; EXPOSE takes the container port only.",
                fix=f"Write `EXPOSE {port}`; publish it at run time (`docker run -p`).",
            )

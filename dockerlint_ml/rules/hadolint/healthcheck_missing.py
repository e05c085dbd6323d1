"""DL3057 healthcheck-missing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


class HealthcheckMissing(Rule):
    """The final image has no HEALTHCHECK.

    Reported once, on the FROM of the final stage, when neither it nor a stage it is
    built `FROM` has a HEALTHCHECK (`HEALTHCHECK NONE` counts: it says on purpose that
    there is none). Build stages are not reported: their containers never run as the
    service. A HEALTHCHECK that the base image itself declares cannot be seen from the
    Dockerfile, so an image built on one is reported too; a HEALTHCHECK wrapped in ONBUILD
    does not count.

    ## Why is this bad?

    Without a health check Docker, Swarm and Compose only know whether the process is
    alive, not whether it answers: a model server stuck loading weights or deadlocked
    still counts as running and keeps receiving traffic. Kubernetes ignores HEALTHCHECK
    (it has its own probes), so whether this matters depends on where the image runs.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py ./
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY serve.py healthcheck.py ./
    HEALTHCHECK --interval=30s CMD ["python", "healthcheck.py"]
    CMD ["python", "serve.py"]
    ```

    ## Off by default

    hadolint keeps this rule off (its level `ignore`): images for Kubernetes, batch jobs
    and tools have no use for a HEALTHCHECK. Select it to require one.

    ## Differences from hadolint

    - Only the final image is reported; hadolint reports every stage without a
      HEALTHCHECK, build stages included.
    - A stage inherits a HEALTHCHECK only from the stage it is really built on, with
      Docker's case-insensitive stage names; hadolint matches the FROM's text, so
      `FROM debian` after a `FROM debian` stage with a HEALTHCHECK passes, and
      `FROM base` after `FROM ... AS Base` with one does not.

    ## References

    - hadolint DL3057: https://github.com/hadolint/hadolint/wiki/DL3057
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3057Spec.hs
    - Docker, HEALTHCHECK: https://docs.docker.com/reference/dockerfile/#healthcheck
    - Kubernetes ignores it and uses probes:
      https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    """

    code = "DL3057"
    name = "healthcheck-missing"
    severity = Severity.INFO
    keywords = frozenset({"HEALTHCHECK"})
    default = False
    peer_default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._stages: set[int] = set()  # the stages with a HEALTHCHECK

    def check(self, instruction: Instruction, ctx: Context) -> None:
        if instruction.stage is not None:
            self._stages.add(instruction.stage)

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        final = dockerfile.final_stage
        if final is None:
            return
        if any(stage.index in self._stages for stage in dockerfile.stage_chain(final)):
            return
        yield self.finding(
            final.from_instruction,
            "The final image has no HEALTHCHECK, so only a crash counts as unhealthy.",
            fix=(
                "Add a `HEALTHCHECK CMD ...` that probes the service, or `HEALTHCHECK NONE`"
                " if the image runs no service."
            ),
        )

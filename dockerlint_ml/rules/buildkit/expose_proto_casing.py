"""BK020 expose-proto-casing (BuildKit's ExposeProtoCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._expose import port_specs


class ExposeProtoCasing(Rule):
    """An EXPOSE port names its protocol in upper or mixed case (`80/TCP`).

    Checked on every EXPOSE of every stage: each port spec, after its variables are
    expanded with the stage's ARG defaults and ENV values (`EXPOSE $PORT`), whose
    protocol (`tcp`, `udp` or `sctp`, after the `/`) is not all lower case. One finding
    per such port. A word whose variables are not all known here (a base image's ENV, an
    ARG without a default) is not judged.

    ## Why is this bad?

    Docker reads the protocol in any case and stores it in lower case, so `80/TCP` works,
    but it is not the form the Dockerfile reference, `docker inspect` and every other
    tool write; mixed spellings make ports harder to search and compare. BuildKit warns
    about it (ExposeProtoCasing).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 8000/TCP
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    EXPOSE 8000/tcp
    ```

    ## Differences from BuildKit

    - An ONBUILD EXPOSE is not checked, neither where it is declared nor in the stages
      built on that stage (BuildKit checks the trigger when a later stage of the same
      file replays it, and reports it on that stage's FROM).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/expose-proto-casing/
    - Docker, `EXPOSE`: https://docs.docker.com/reference/dockerfile/#expose
    """

    code = "BK020"
    name = "expose-proto-casing"
    severity = Severity.WARNING
    keywords = frozenset({"EXPOSE"})
    aliases = ("ExposeProtoCasing",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        for spec in port_specs(ctx.dockerfile, stage, instruction):
            if spec.protocol == spec.protocol.lower():
                continue
            lower = spec.text[: len(spec.text) - len(spec.protocol)] + spec.protocol.lower()
            yield self.finding(
                instruction,
                f"Protocol `{spec.protocol}` of `{spec.text}` should be lower case: `{lower}`.",
                fix=f"Write `{lower}`: Docker stores the protocol in lower case anyway.",
            )

"""DL3002 last-user-root."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.users import final_user, is_root_user


class LastUserRoot(Rule):
    """The final image's last USER is root.

    Only the image the file builds counts: the final stage, or, when it has no USER, the
    nearest stage it is built `FROM` that has one. The last USER found there is reported
    when its user part is `root` or UID 0 (`USER root`, `USER 0:0`, `USER root:app`).
    A build stage whose files are only copied out (`COPY --from`) runs nothing in the
    final image and is not reported, whatever its USER. A USER written with a variable
    (`USER $APP_USER`) is not judged, nor is a USER wrapped in ONBUILD.

    ## Why is this bad?

    A container that runs as root turns any flaw of the service (a path traversal in a
    model server, a pickle loaded from an upload) into root access to everything the
    container can reach: its mounted volumes and secrets, and the host when an escape
    exists. Many clusters refuse such pods outright (`runAsNonRoot`). Switch to root
    for the install steps that need it, then back to an unprivileged user.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --uid 10001 app
    USER app
    RUN pip install --no-cache-dir --user fastapi==0.115.0
    USER root
    CMD ["python", "-m", "fastapi", "run"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --uid 10001 app
    USER root
    RUN pip install --no-cache-dir fastapi==0.115.0
    USER 10001
    CMD ["python", "-m", "fastapi", "run"]
    ```

    ## Off by default

    An independent review of its corpus findings rejected one in five: CI executor and
    test images that run as root on purpose (their jobs install packages at run time,
    their PATH points under `/root`), where switching to another user breaks them, and
    images whose files belong to an existing user, where the hint's new UID would not
    own them. Select `DL3002` to require a non-root final user.

    ## Differences from hadolint

    - Only the final image counts: hadolint reports the last root USER of every stage,
      build stages whose files are only copied out included (PEERS.md, "behaviours not
      to copy").
    - Docker's reading of the value is used: quotes and trailing blanks are not part of
      the user, so `USER "root"` and `USER root ` are root (hadolint passes both); so
      is `USER 00`, UID 0 written with two digits.

    ## References

    - hadolint DL3002: https://github.com/hadolint/hadolint/wiki/DL3002
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3002Spec.hs
    - hadolint issues #405 and #1068 (DL3002 in build stages)
    - Docker, USER: https://docs.docker.com/reference/dockerfile/#user
    - Kubernetes, `runAsNonRoot`:
      https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    """

    code = "DL3002"
    name = "last-user-root"
    severity = Severity.WARNING
    default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        found = final_user(ctx.dockerfile)
        if found is None:
            return
        _, last = found
        if _is_root(ctx.dockerfile, last.value):
            yield self.finding(
                last,
                "The final image runs as root: this is its last USER.",
                fix=(
                    "End with an unprivileged user, e.g. `USER 10001:10001`, after the"
                    " steps that need root."
                ),
            )


def _is_root(dockerfile: Dockerfile, value: str) -> bool:
    """Whether a USER value's user part is `root` or UID 0; a value with a variable is not
    judged (False)."""
    if "$" in value:
        return False
    text, _ = dockerfile.expand(value, lambda _name: None)
    return is_root_user(text.strip().partition(":")[0])

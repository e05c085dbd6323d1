"""DL3066 non-numeric-user."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup

_DIGITS = frozenset("0123456789")


class NonNumericUser(Rule):
    """USER names a user instead of a numeric UID.

    Checked on every USER, in every stage (not inside ONBUILD). Only the user part counts
    (`USER 1000:app` passes). A USER that uses a variable declared by an ARG earlier in the
    file (`ARG UID` then `USER ${UID}`) is not reported, whatever its value; nor is one
    whose variables this file sets to a numeric UID (`ENV APP_UID=1000` then
    `USER $APP_UID`). Any other name is reported, `root` included.

    ## Why is this bad?

    The host and the orchestrator see only the UID. Kubernetes' `runAsNonRoot` cannot
    verify a named user and refuses to start the container; file ownership on mounted
    volumes and security policies also work on numbers. A name resolves only through the
    image's `/etc/passwd`, which the host does not read.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --uid 10001 app
    USER app
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN useradd --uid 10001 app
    USER 10001
    ```

    ## Off by default

    It reports every USER of every stage, `USER root` (always UID 0) and the temporary
    switches of build stages included, where the UID never reaches the running container;
    on the corpus, reviewers would reject most of its findings. Select it explicitly to
    require numeric UIDs everywhere.

    ## Differences from hadolint

    - A variable this file sets to a numeric UID through ENV passes; hadolint exempts
      only ARG variables.
    - ARG variables match by name: `ARG A` does not exempt `USER $AB` (hadolint matches
      the text), and `${UID:-1000}` uses `UID` (hadolint misses it).
    - Trailing blanks and quotes are not part of the user, as Docker reads it:
      `USER 1000 ` and `USER "1000"` pass (hadolint reports both).

    ## References

    - hadolint DL3066: https://github.com/hadolint/hadolint/wiki/DL3066
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3066Spec.hs
    - Kubernetes, `runAsNonRoot` needs a numeric user to verify it:
      https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    - Docker, `USER`: https://docs.docker.com/reference/dockerfile/#user
    """

    code = "DL3066"
    name = "non-numeric-user"
    severity = Severity.INFO
    keywords = frozenset({"USER"})
    supersedes = ()
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._args: _ArgIndex | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        df = ctx.dockerfile
        used: list[str] = []

        def record(name: str) -> str:
            used.append(name)
            return "$"

        written, _ = df.expand(instruction.value, record)
        if used:
            if self._arg_index(df).any_declared(used, instruction.index):
                return
            stage = ctx.stage(instruction)
            if stage is not None:
                lookup = stage_lookup(df, stage, instruction.index)
                value, known = df.expand(instruction.value, lookup)
                if known and _numeric_uid(value):
                    return
        elif _numeric_uid(written):
            return
        yield self.finding(
            instruction,
            f"USER `{instruction.value}` is a name, not a numeric UID the host can check.",
            fix="Use the numeric UID (and GID) the image gives the user, e.g. `USER 10001:10001`.",
        )

    def _arg_index(self, dockerfile: Dockerfile) -> _ArgIndex:
        if self._args is None or self._args.dockerfile is not dockerfile:
            self._args = _ArgIndex(dockerfile)
        return self._args


def _numeric_uid(user: str) -> bool:
    """hadolint's test: the part before the first `:` is all digits (or empty)."""
    return set(user.partition(":")[0]) <= _DIGITS


class _ArgIndex:
    """Where each name is first declared by a top-level ARG (before the first FROM or in
    any stage), indexed once per file."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self._first: dict[str, int] = {}
        for ins in dockerfile.instructions:
            if ins.keyword != "ARG":
                continue
            for word in ins.value.split():
                self._first.setdefault(word.partition("=")[0], ins.index)

    def any_declared(self, names: list[str], before: int) -> bool:
        return any(self._first.get(name, before) < before for name in names)

"""DL3048 invalid-label-key."""

from __future__ import annotations

import string
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint._labels import labels, quote

_FIRST = frozenset(string.ascii_lowercase)
_LAST = _FIRST | frozenset(string.digits)
_CHARS = _LAST | frozenset("._-/")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


class InvalidLabelKey(Rule):
    """A label key breaks Docker's naming guidelines.

    Each key a LABEL sets, in every stage, is read as Docker reads it (quotes and escapes
    removed). A key must start with a lower-case letter, end with a lower-case letter or
    digit, and hold only lower-case letters, digits, `.`, `-`, `_` and `/`; it must not
    have `..` or `--`, nor start with a namespace Docker reserves (`com.docker.`,
    `io.docker.`, `org.dockerproject.`). One finding per LABEL, naming its first invalid
    key. A key with a variable (`${PREFIX}.version`) is known only at build time and is
    not judged; ONBUILD LABELs are not checked.

    ## Why is this bad?

    Label keys are a namespace shared by every tool that reads the image: Docker asks for
    reverse-DNS keys in lower case so that keys from different tools do not collide, and
    keeps its own namespaces for itself. `Maintainer` and `maintainer` are two different
    labels to every query (`docker images --filter label=...`), and a tool that reads one
    never sees the other.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    LABEL Maintainer="platform-team@example.com"
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.authors="platform-team@example.com"
    ```

    ## Differences from hadolint

    - A key with a variable (`LABEL ${PREFIX}.version=1`) is not judged: hadolint reports
      the `$` as an invalid character.

    ## References

    - hadolint DL3048: https://github.com/hadolint/hadolint/wiki/DL3048
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3048Spec.hs
    - Docker, "Docker object labels", key format recommendations:
      https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations
    """

    code = "DL3048"
    name = "invalid-label-key"
    severity = Severity.STYLE
    keywords = frozenset({"LABEL"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for label in labels(instruction, ctx.dockerfile):
            problem = None if label.key is None else _key_problem(label.key)
            if problem is not None:
                yield self.finding(
                    instruction,
                    f"Label key {quote(label.key or '')} {problem}.",
                    fix="Use a lower-case reverse-DNS key, e.g. `org.opencontainers.image.title`.",
                )
                return


def _key_problem(key: str) -> str | None:
    if key[:1] not in _FIRST:
        return "does not start with a lower-case letter"
    if key[-1] not in _LAST:
        return "does not end with a lower-case letter or digit"
    bad = next((c for c in key if c not in _CHARS), None)
    if bad is not None:
        return f"holds {quote(bad)}, not a lower-case letter, digit, `.`, `-`, `_` or `/`"
    if ".." in key or "--" in key:
        return "holds `..` or `--`"
    if key.startswith(_RESERVED):
        return "is in a namespace Docker reserves"
    return None

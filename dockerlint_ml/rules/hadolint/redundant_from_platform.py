"""DL3065 redundant-from-platform."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.engine.rule import Context, Rule

# A value no platform can take, standing for TARGETPLATFORM's while the word is expanded.
_TARGET = "\x00target-platform\x00"


class RedundantFromPlatform(Rule):
    """`FROM --platform=$TARGETPLATFORM` repeats the default.

    Checked on every FROM with `--platform`: the value refers to `TARGETPLATFORM` and no
    other variable, and comes out as exactly its value (`$TARGETPLATFORM`,
    `${TARGETPLATFORM}`, quoted or with a `:-` default).

    ## Why is this bad?

    A stage is built for the target platform unless `--platform` says otherwise, so the
    flag changes nothing and only makes the reader wonder what it was meant to change.
    BuildKit warns about it (RedundantTargetPlatform).

    ## Example

    ```dockerfile
    FROM --platform=$TARGETPLATFORM python:3.12-slim
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ```

    ## Differences from hadolint

    - The value is read as Docker expands it: `"$TARGETPLATFORM"` and
      `${TARGETPLATFORM:-linux/amd64}` are reported too (hadolint matches the two
      spellings `$TARGETPLATFORM` and `${TARGETPLATFORM}` only).

    ## References

    - hadolint DL3065: https://github.com/hadolint/hadolint/wiki/DL3065
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3065Spec.hs
    - BuildKit's check: https://docs.docker.com/reference/build-checks/redundant-target-platform/
    - Docker, automatic platform ARGs:
      https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope
    """

    code = "DL3065"
    name = "redundant-from-platform"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    supersedes = ("RedundantTargetPlatform",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield from redundant_platform_findings(self, instruction, ctx)


def redundant_platform_findings(
    rule: Rule, instruction: Instruction, ctx: Context
) -> Iterator[Finding]:
    """`rule`'s finding if the FROM's `--platform` expands to exactly `$TARGETPLATFORM`.

    Shared with BK014 (BuildKit's RedundantTargetPlatform), which checks the same cause.
    """
    platform = instruction.flag("platform")
    if not platform or "TARGETPLATFORM" not in platform:
        return
    others: list[str] = []

    def lookup(name: str) -> str | Unknown | None:
        if name == "TARGETPLATFORM":
            return _TARGET
        others.append(name)
        return UNKNOWN

    value, _ = ctx.dockerfile.expand(platform, lookup)
    if value != _TARGET or others:
        return
    yield rule.finding(
        instruction,
        f"`--platform={platform}` is the default: the stage builds for the target anyway.",
        fix="Remove `--platform`; a stage builds for the target platform by default.",
    )

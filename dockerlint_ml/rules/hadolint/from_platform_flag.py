"""DL3029 from-platform-flag."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.engine.rule import Context, Rule

# The platform ARGs BuildKit sets on every build: a platform built from them follows the
# build's own platforms.
AUTOMATIC_PLATFORM_ARGS = frozenset(
    f"{side}{part}"
    for side in ("BUILD", "TARGET")
    for part in ("PLATFORM", "OS", "ARCH", "VARIANT")
)


def variables_used(ctx: Context, word: str) -> set[str]:
    """The names of the variables a word refers to."""
    used: set[str] = set()

    def record(name: str) -> str | Unknown | None:
        used.add(name)
        return UNKNOWN

    ctx.dockerfile.expand(word, record)
    return used


class FromPlatformFlag(Rule):
    """FROM pins the platform with `--platform`.

    Checked on every FROM with a non-empty `--platform`: one that uses none of the
    platform ARGs BuildKit sets (`BUILDPLATFORM`, `TARGETPLATFORM` and their `OS`,
    `ARCH` and `VARIANT` parts) is reported, be it a constant (`linux/amd64`) or an ARG
    of the file's own. A stage named after the platform's architecture
    (`FROM --platform=linux/arm64 ... AS base-arm64`) is one architecture's stage of a
    multi-platform build, and is not reported.

    ## Why is this bad?

    A fixed platform builds the same architecture whatever `docker build --platform`
    asks for: on an arm64 laptop or a multi-platform build the image runs under
    emulation, or is the wrong architecture for the machines that pull it. Building for
    another platform is the build's choice, made with `--platform` on the command line.
    `--platform=$BUILDPLATFORM` (tools that run on the build machine) and
    `--platform=$TARGETPLATFORM` follow that choice.

    ## Example

    ```dockerfile
    FROM --platform=linux/amd64 python:3.12-slim
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ```

    ## Off by default

    Images published for one architecture only (NVIDIA Jetson bases, some course images)
    need the pin, and most of the corpus findings are such deliberate pins. Select
    `DL3029` to forbid it.

    ## Differences from hadolint

    - `$TARGETOS`, `$TARGETARCH`, `$TARGETVARIANT` and their `BUILD` twins also follow
      the build (`--platform=$TARGETOS/$TARGETARCH` passes; hadolint reports it).
    - A stage whose name holds the platform's architecture (`AS base-amd64`,
      `AS arm64`) is not reported (hadolint reports it).
    - The platform ARGs count as variables, not as text: `--platform=TARGETPLATFORM`
      (no `$`) is reported (hadolint passes any text holding the word).

    ## References

    - hadolint DL3029: https://github.com/hadolint/hadolint/wiki/DL3029
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3029Spec.hs
    - Docker, `FROM --platform` and the automatic platform ARGs:
      https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope
    - BuildKit's nearby check:
      https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/
    """

    code = "DL3029"
    name = "from-platform-flag"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        platform = instruction.flag("platform")
        if not platform or not platform.strip():
            return
        if variables_used(ctx, platform) & AUTOMATIC_PLATFORM_ARGS:
            return
        stage = ctx.stage(instruction)
        if stage is not None and stage.from_instruction is instruction and stage.alias:
            parts = platform.strip("'\"").split("/")
            words = set(re.split(r"[-_.]", stage.alias.lower()))
            if len(parts) >= 2 and parts[1].lower() in words:
                return  # `FROM --platform=linux/arm64 ... AS base-arm64`: one arch's stage
        yield self.finding(
            instruction,
            f"`FROM --platform={platform}` pins the platform whatever the build asks for.",
            fix=(
                "Drop `--platform` and choose the platform with `docker build --platform`, "
                "or use `$BUILDPLATFORM` for tools that run on the build machine."
            ),
        )

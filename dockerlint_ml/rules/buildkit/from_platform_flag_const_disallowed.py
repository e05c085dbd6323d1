"""BK017 from-platform-flag-const-disallowed (BuildKit's FromPlatformFlagConstDisallowed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._source import referenced

# containerd/platforms' known values (database.go), for a one-part specifier.
_KNOWN_OS = frozenset(
    [
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "windows",
        "zos",
    ]
)
_KNOWN_ARCH = frozenset(
    [
        "386",
        "amd64",
        "amd64p32",
        "arm",
        "armbe",
        "arm64",
        "arm64be",
        "ppc64",
        "ppc64le",
        "loong64",
        "mips",
        "mipsle",
        "mips64",
        "mips64le",
        "mips64p32",
        "mips64p32le",
        "ppc",
        "riscv",
        "riscv64",
        "s390",
        "s390x",
        "sparc",
        "sparc64",
        "wasm",
    ]
)
_ARCH_ALIASES = {
    "i386": "386",
    "x86_64": "amd64",
    "x86-64": "amd64",
    "aarch64": "arm64",
    "armhf": "arm",
    "armel": "arm",
}
_PART = re.compile(r"[A-Za-z0-9_.-]+")


class FromPlatformFlagConstDisallowed(Rule):
    """`FROM --platform` names a fixed platform (`linux/amd64`) instead of a variable.

    Checked on every FROM with `--platform`: the value uses no variable at all and is a
    platform BuildKit can read (`linux/amd64`, `linux/arm/v7`, `arm64`, `windows`). It
    passes when the stage's name contains the platform's OS or architecture (`AS
    build-amd64`, `AS linux`), as the name then says the stage is meant for that
    platform alone; the names compare in lower case.

    ## Why is this bad?

    A fixed platform pins the stage to one platform whatever `--platform` the build is
    given: a multi-platform build (`docker buildx build --platform linux/amd64,linux/arm64`)
    then builds the same amd64 stage for every target, and on another machine the stage
    runs under emulation. `--platform=$BUILDPLATFORM` (for a cross-compiling build
    stage) or no flag at all (the target platform) is what is usually meant. BuildKit
    warns about it (FromPlatformFlagConstDisallowed).

    ## Example

    ```dockerfile
    FROM --platform=linux/amd64 python:3.12-slim
    ```

    ## Use instead

    ```dockerfile
    FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    FROM python:3.12-slim
    ```

    ## Off by default

    Most constant platforms on the corpus are deliberate pins (Jetson arm64 stages, a
    devcontainer). Select `BK017` to enforce it.

    ## Differences from BuildKit

    - The stage name is also compared with the OS and architecture as written, before
      BuildKit normalises them: `--platform=linux/x86_64` in a stage `AS build-x86_64`
      passes (BuildKit compares the name with `amd64` only).
    - A one-part value names only what it says: BuildKit completes `--platform=linux`
      with the builder's own architecture (and `arm64` with its OS), and lets a stage
      whose name contains that pass too.

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/
    - Docker, multi-platform builds: https://docs.docker.com/build/building/multi-platform/
    - containerd's platform specifiers: https://github.com/containerd/platforms
    """

    code = "BK017"
    name = "from-platform-flag-const-disallowed"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("FromPlatformFlagConstDisallowed",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        platform = instruction.flag("platform")
        if not platform:
            return
        df = ctx.dockerfile
        if referenced(df, platform, lambda name: None):
            return
        value, _ = df.expand(platform, lambda name: None)
        names = _platform_names(value)
        if names is None:
            return
        stage = ctx.stage(instruction)
        alias = (stage.alias or "").lower() if stage is not None else ""
        if alias and any(name and name in alias for name in names):
            return
        yield self.finding(
            instruction,
            f"`--platform={platform}` pins the stage to one platform whatever the build asks.",
            fix="Use `--platform=$BUILDPLATFORM` for a build stage, or drop `--platform`.",
        )


def _platform_names(value: str) -> set[str] | None:
    """The OS and architecture a platform specifier names, as written and as containerd
    normalises them; None when containerd cannot read it (the build fails there)."""
    parts = value.split("/")
    if len(parts) > 3 or not all(_PART.fullmatch(p) for p in parts):
        return None
    lowered = [p.lower() for p in parts]
    if len(parts) == 1:
        word = "darwin" if lowered[0] == "macos" else lowered[0]
        arch = _ARCH_ALIASES.get(lowered[0], lowered[0])
        if word not in _KNOWN_OS and arch not in _KNOWN_ARCH:
            return None
        return {lowered[0], word, arch}
    os_name = "darwin" if lowered[0] == "macos" else lowered[0]
    arch = _ARCH_ALIASES.get(lowered[1], lowered[1])
    return {lowered[0], os_name, lowered[1], arch}

"""BK022 invalid-base-image-platform (BuildKit's InvalidBaseImagePlatform)."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.rule import Rule


class InvalidBaseImagePlatform(Rule):
    """The base image BuildKit pulled is for another platform than the build targets.

    BuildKit's check runs during the build, once it has resolved a stage's base image:
    the image's OS or architecture differs from the platform the stage is built for
    (`FROM --platform=linux/arm64 ...` on an image published for amd64 only). That is
    not statically decidable: it depends on the registry's image index at build time
    and on the platform the build is asked for. This code is reserved so that the
    check's name resolves (`# check=skip=InvalidBaseImagePlatform`, `--select BK022`);
    it is never reported.

    ## Why is this bad?

    The stage then runs under emulation, or not at all, and the image it produces is
    labelled with a platform its binaries do not match.

    ## Example

    Never reported: whether this base image exists for linux/arm64 is known only to the
    registry at build time.

    ```dockerfile
    FROM --platform=linux/arm64 example.com/amd64-only:1.0
    ```

    ## Use instead

    ```dockerfile
    FROM --platform=linux/amd64 example.com/amd64-only:1.0
    ```

    ## Off by default

    Not statically decidable: reserved, never reported.

    ## Differences from BuildKit

    - Never reported: BuildKit decides it from the pulled image.

    ## References

    - BuildKit's checks (the list in ruleset.go):
      https://github.com/moby/buildkit/blob/master/frontend/dockerfile/linter/ruleset.go
    - Docker, multi-platform builds: https://docs.docker.com/build/building/multi-platform/
    """

    code = "BK022"
    name = "invalid-base-image-platform"
    severity = Severity.WARNING
    aliases = ("InvalidBaseImagePlatform",)
    default = False
    reserved = True

"""DL3006 untagged-base-image."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule

# What a variable reference becomes in a FROM's written reference: no image name holds it.
_HOLE = "\x00"


class UntaggedBaseImage(Rule):
    """FROM names an image without a tag or a digest.

    Checked on every FROM, on the reference as written. Not reported: `scratch`, a digest
    (`@sha256:...`), any tag at all (even `${TAG}`), an image name that starts with a
    variable (`FROM $BASE_IMAGE`, `FROM ghcr.io/${ORG}/app`, whatever the value), and an
    earlier stage: by its name (matched
    without regard to case, as BuildKit does), by the value of the global ARGs it is
    built from (`FROM builder-${MODE}` with `ARG MODE=release` and a stage
    `builder-release`), or by its shape when an ARG's value is only known at build time
    (`FROM base-${TARGETARCH}` with stages `base-amd64` and `base-arm64` above it).

    ## Why is this bad?

    A reference without a tag means `:latest`: each build pulls whatever image was pushed
    last, so the same Dockerfile builds a different image from one day to the next, a new
    major release can break the build, and no change in the repository shows why.

    ## Example

    ```dockerfile
    FROM ubuntu
    RUN echo hello
    ```

    ## Use instead

    ```dockerfile
    FROM ubuntu:24.04
    RUN echo hello
    ```

    ## Differences from hadolint

    - A stage chosen by an ARG (`FROM base-${TARGETARCH}` naming stages `base-amd64` and
      `base-arm64`) is a stage, not an untagged image: hadolint reports it.
    - Stage names match without regard to case (`FROM x:1 AS Build` then `FROM build`), as
      in BuildKit; hadolint compares them case-sensitively.
    - A registry with a port and no dot in its host (`FROM localhost:5000/app`) is a
      registry: hadolint reads `5000/app` as the tag and stays silent.

    ## References

    - hadolint DL3006: https://github.com/hadolint/hadolint/wiki/DL3006
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3006Spec.hs
    - Docker, `FROM` (a missing tag means `latest`; stage names are case-insensitive):
      https://docs.docker.com/reference/dockerfile/#from
    - Docker, "Pin base image versions":
      https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    """

    code = "DL3006"
    name = "untagged-base-image"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    supersedes = ()
    # Off by default whatever this says: DLM001 supersedes it. On its own merits it would
    # be on: an untagged base is a build that changes without a change in the repository.
    default = True

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._aliases: _Aliases | None = None

    def _aliases_of(self, dockerfile: Dockerfile) -> _Aliases:
        if self._aliases is None or self._aliases.dockerfile is not dockerfile:
            self._aliases = _Aliases(dockerfile)
        return self._aliases

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction:
            return
        written = stage.base_text
        if not written or stage.base_resolved == "scratch":
            return
        if stage.base_stage is not None:
            return  # an earlier stage, by name or by the ARG values it is built from
        reference = written_reference(ctx.dockerfile, written)
        if _without_registry(reference).startswith(_HOLE):
            return  # the image's name is a variable: hadolint leaves it alone
        if _HOLE in reference and self._aliases_of(ctx.dockerfile).earlier_fits(stage, reference):
            return
        name, tag, digest = split_reference(reference)
        if tag is not None or digest is not None:
            return
        shown = written if _HOLE in reference else name
        yield self.finding(
            instruction,
            f"`{shown}` has no tag, so each build pulls whatever `latest` is that day.",
            fix=f"Pin a release tag or a digest, e.g. `{shown}:<version>`.",
        )


def written_reference(dockerfile: Dockerfile, written: str) -> str:
    """The FROM's reference as written, quotes removed, each variable reference replaced
    by a hole: what the reference is whatever the build arguments are."""
    text, _ = dockerfile.expand(written, lambda _name: _HOLE)
    return text


def split_reference(reference: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of a reference as hadolint reads it: the tag is what follows
    the last `:` after the last `/` (an empty tag counts), the digest what follows `@`."""
    digest: str | None = None
    if "@" in reference:
        reference, digest = reference.split("@", 1)
    slash, colon = reference.rfind("/"), reference.rfind(":")
    if colon > slash:
        return reference[:colon], reference[colon + 1 :], digest
    return reference, None, digest


def _without_registry(reference: str) -> str:
    """The reference without its registry: hadolint takes a first path component with a
    `.` in it for one (`ghcr.io/...`, `my.reg:5000/...`)."""
    first, sep, rest = reference.partition("/")
    return rest if sep and "." in first else reference


class _Aliases:
    """The file's stage names, lower-cased and sorted, indexed once per file: a FROM
    built from variables looks only at the names that start like it."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        pairs = sorted(
            (st.alias.lower(), st.index) for st in dockerfile.stages if st.alias is not None
        )
        self._names = [name for name, _ in pairs]
        self._stages = [index for _, index in pairs]

    def earlier_fits(self, stage: Stage, reference: str) -> bool:
        """Whether some value of the variables makes the reference the name of a stage
        before `stage`. Past _CANDIDATES names sharing its start, it is taken to be one
        (undecidable, so silent): no real file comes near, and the work stays linear."""
        parts = reference.lower().split(_HOLE)
        start = bisect.bisect_left(self._names, parts[0])
        stop = bisect.bisect_left(self._names, parts[0] + "\U0010ffff", lo=start)
        if stop - start > _CANDIDATES:
            return True
        return any(
            self._stages[i] < stage.index and _fits(parts, self._names[i])
            for i in range(start, stop)
        )


# How many stage names sharing a FROM's literal start are compared with it.
_CANDIDATES = 64


def _fits(parts: list[str], name: str) -> bool:
    """Whether `name` is the parts with any text in each hole between them."""
    first, last = parts[0], parts[-1]
    if len(name) < len(first) + len(last) or not name.startswith(first):
        return False
    if not name.endswith(last):
        return False
    position, end = len(first), len(name) - len(last)
    for middle in parts[1:-1]:
        found = name.find(middle, position, end)
        if found < 0:
            return False
        position = found + len(middle)
    return True

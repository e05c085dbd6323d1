"""DL3067 copy-whole-stage-filesystem."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint.copy_from_undefined_stage import (
    StageNames,
    from_word,
    looks_like_image,
    stage_names,
)


def _is_root(path: str, relative_is_root: bool) -> bool:
    """Whether a path names `/`: `/`, `//`, `/.`, `/./`; with `relative_is_root`, `.` and
    `./` too (a `--from` source is read from the root of the stage or image)."""
    if not path or (not path.startswith("/") and not relative_is_root):
        return False
    return all(part in ("", ".") for part in path.split("/"))


class _ScratchRoots:
    """Which stages are built on `scratch`, through their chain of stages; once per file."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self.scratch: list[bool] = []
        for stage in dockerfile.stages:
            base = stage.base_stage
            if base is not None and 0 <= base < stage.index:
                self.scratch.append(self.scratch[base])
            else:
                resolved = stage.base_resolved
                self.scratch.append(resolved is not None and resolved.lower() == "scratch")


class CopyWholeStageFilesystem(Rule):
    """`COPY --from=... / /` copies another stage's whole filesystem over this one.

    Checked on every COPY with `--from`: a source is the root (`/`, or `.` which a
    `--from` source reads from the root too) and the destination is `/`. Not reported
    when either side is built on `scratch`: a stage made to hold a root filesystem
    (`FROM scratch AS rootfs`), or a final `FROM scratch` stage that squashes a build
    into one layer, is what this copy is for. A `--from` with a variable is not judged.

    ## Why is this bad?

    The copy layer holds every file of the other image: its whole operating system on top
    of this stage's, which roughly doubles the image, overwrites this stage's `/etc` and
    libraries with the other's, and carries along the build tools a multi-stage build
    meant to leave behind. Building the stage `FROM` the other one, or copying only the
    directories the application needs, keeps the image what it says.

    ## Example

    ```dockerfile
    FROM python:3.12 AS build
    RUN pip install --prefix=/install numpy

    FROM python:3.12-slim
    COPY --from=build / /
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12 AS build
    RUN pip install --prefix=/install numpy

    FROM python:3.12-slim
    COPY --from=build /install /usr/local
    ```

    ## Off by default

    Helper images made to be copied whole (`tonistiigi/xx`, cross-compilation toolkits)
    are a legitimate use, and every corpus finding is one. Select `DL3067` to enforce
    it.

    ## Differences from hadolint

    - Not reported when the source stage or this stage is built on `scratch` (hadolint
      reports both): the whole filesystem is the point of such a stage.
    - `//`, `/.` and, as a source, `.` or `./` are the root too (hadolint matches `/`
      only).
    - A `--from` with a variable is not judged, nor a COPY before the first FROM, which
      is a parse error (hadolint reports both).

    ## References

    - hadolint DL3067: https://github.com/hadolint/hadolint/wiki/DL3067
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3067Spec.hs
    - Docker, multi-stage builds:
      https://docs.docker.com/build/building/multi-stage/
    """

    code = "DL3067"
    name = "copy-whole-stage-filesystem"
    severity = Severity.WARNING
    keywords = frozenset({"COPY"})
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._stage_names: StageNames | None = None
        self._scratch: _ScratchRoots | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        word = from_word(instruction)
        if word is None:
            return
        info = ctx.copy(instruction)
        if info is None or not _is_root(info.destination, relative_is_root=False):
            return
        if not any(s.resolved and not s.heredoc and _is_root(s.text, True) for s in info.sources):
            return
        stage = ctx.stage(instruction)
        if stage is None:
            return
        scratch = self._scratch_roots(ctx.dockerfile)
        if scratch[stage.index]:
            return  # squashing into an empty image: nothing is copied twice
        if not looks_like_image(word):
            source = stage_names(self, ctx.dockerfile).resolve(word, stage.index)
            if source is not None and scratch[source]:
                return  # a stage assembled as a root filesystem
        yield self.finding(
            instruction,
            f"`COPY --from={word} / /` copies that whole filesystem over this stage.",
            fix=f"Copy only the paths this stage needs, or build it `FROM {word}`.",
        )

    def _scratch_roots(self, dockerfile: Dockerfile) -> list[bool]:
        if self._scratch is None or self._scratch.dockerfile is not dockerfile:
            self._scratch = _ScratchRoots(dockerfile)
        return self._scratch.scratch

"""DL3007 latest-base-image-tag."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint.untagged_base_image import split_reference, written_reference


class LatestBaseImageTag(Rule):
    """FROM pins its base image to the `latest` tag.

    Checked on every FROM, on the tag as written: exactly `latest` (tags are
    case-sensitive, so `LATEST` and `latest-slim` are other tags). A digest next to it
    (`debian:latest@sha256:...`) pins the image and is not reported; nor is a tag given by
    a variable (`FROM app:${TAG}`), whose value the build may override. A reference
    without any tag is DL3006's concern.

    ## Why is this bad?

    `latest` is not a version: it moves to each new release, so the same Dockerfile
    builds on a different base from one week to the next, and a new major version can
    break the build without any change in the repository.

    ## Example

    ```dockerfile
    FROM python:latest
    RUN python --version
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN python --version
    ```

    ## Differences from hadolint

    - A quoted reference (`FROM "debian:latest"`) is read without its quotes, as Docker
      reads it; hadolint keeps the quote in the tag and stays silent.

    ## References

    - hadolint DL3007: https://github.com/hadolint/hadolint/wiki/DL3007
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3007Spec.hs
    - Docker, "Pin base image versions":
      https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    """

    code = "DL3007"
    name = "latest-base-image-tag"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    supersedes = ()
    # Off by default whatever this says: DLM001 supersedes it. On its own merits it would
    # be on: every corpus finding is a literal `:latest` a reviewer accepts.
    default = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction or not stage.base_text:
            return
        _, tag, digest = split_reference(written_reference(ctx.dockerfile, stage.base_text))
        if tag != "latest" or digest is not None:
            return
        shown = stage.base_text.strip("\"'")
        yield self.finding(
            instruction,
            f"`{shown}` uses the moving `latest` tag, so the base changes with each release.",
            fix="Pin a release tag (or add a digest) instead of `latest`.",
        )

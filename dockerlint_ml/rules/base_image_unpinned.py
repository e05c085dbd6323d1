"""DLM001 base-image-unpinned."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.images import image_word_span, version_depth
from dockerlint_ml.model import Finding, ImageRef, Instruction, Severity
from dockerlint_ml.rule import Context, Rule

PIN_LEVELS = ("minor", "patch", "digest")


class BaseImageUnpinned(Rule):
    """A FROM names a base image whose tag moves to new releases.

    An image with no tag, the `latest` tag, or a tag naming only a major version
    (`python:3`, `node:20`) resolves to a different image as new releases come out, so the
    same Dockerfile builds a different interpreter and system libraries next month. For
    the `python` image the tag must start with major.minor (`3.12`, `3.12-slim`,
    `3.12.4-slim-bookworm`): `python:slim` or `python:bookworm` follow the newest Python.
    For other images a tag starting with a digit needs a minor version (`node:20.11`);
    names such as `bookworm` or `jammy` are accepted. A digest (`@sha256:...`) always pins.
    `scratch`, earlier stages and a `FROM ${IMAGE}` whose value cannot be resolved are
    not checked; an ARG default is used when there is one.

    ## Why is this bad?

    A model service that built and passed its tests yesterday can fail today without a
    single change in the repository: a new Python minor release drops wheels your
    dependencies need, or changes behaviour. Pinning makes the base an explicit,
    reviewable change.

    ## Example

    ```dockerfile
    FROM python:3-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `pin` | string | `"minor"` | how tightly a tag must pin: `minor`, `patch` or `digest` |

    - `minor`: a `python` tag starts with major.minor; another image's tag that starts
      with a digit has a minor version (`node:20.11`).
    - `patch`: those tags need major.minor.patch (`python:3.12.4-slim`, `node:20.11.1`);
      a date tag (`2024-05-27`) counts as fully pinned, a name like `bookworm` is accepted.
    - `digest`: every FROM of an image needs `@sha256:...`.

    A digest satisfies every level. An unknown value is a configuration error.

    ## References

    - Docker, "Pin base image versions":
      https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    - Docker, `FROM` reference (tags, digests, ARG before FROM):
      https://docs.docker.com/reference/dockerfile/#from
    - python image tags (version, `slim`, Debian suite and `alpine` variants):
      https://github.com/docker-library/docs/blob/master/python/README.md
    - hadolint DL3006 and DL3007: https://github.com/hadolint/hadolint/wiki/DL3006,
      https://github.com/hadolint/hadolint/wiki/DL3007
    """

    code = "DLM001"
    name = "base-image-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("DL3006", "DL3007")
    default_options: ClassVar[Mapping[str, Any]] = {"pin": "minor"}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        pin = self.options.get("pin")
        if pin not in PIN_LEVELS:
            raise ValueError(
                f"{self.code} option pin must be one of {', '.join(PIN_LEVELS)}, got {pin!r}"
            )
        self.pin: str = pin

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction:
            return
        image = stage.base_image
        if image is None:  # scratch, an earlier stage, or an unresolvable ${VAR}
            return
        problem = self._problem(image)
        if problem is None:
            return
        message, fix = problem
        span = image_word_span(ctx.dockerfile.lines, instruction, stage.base_text)
        yield self.finding(span, message, fix=fix)

    def _problem(self, image: ImageRef) -> tuple[str, str] | None:
        if image.digest is not None:
            return None
        shown = _shown(image)
        example = "python:3.12-slim" if image.name == "python" else f"{image.name}:<version>"
        tag = image.tag
        if tag is None or tag.lower() == "latest":
            what = "has no tag" if tag is None else "uses the `latest` tag"
            return (
                f"`{shown}` {what}, so each build pulls whatever image is newest that day.",
                f"Pin a version tag, e.g. `{example}`.",
            )
        depth = version_depth(tag)
        if image.name == "python":
            if depth is None or depth < 2:
                return (
                    f"`{shown}` does not name a Python minor version, so the interpreter"
                    " changes (3.12 to 3.13) when a new release comes out.",
                    f"Start the tag with major.minor, e.g. `python:{_with_minor(tag)}`.",
                )
        elif depth == 1:
            return (
                f"`{shown}` names only a major version, so it moves to every new minor"
                " release of the image.",
                f"Add the minor version to the tag, e.g. `{image.name}:<major>.<minor>`.",
            )
        if self.pin == "patch" and depth is not None and depth < 3:
            return (
                f"`{shown}` pins a minor version only; the `pin = patch` setting asks for"
                " major.minor.patch so that point releases are explicit too.",
                f"Use a full version tag, e.g. `{image.name}:<major>.<minor>.<patch>`"
                " or add a digest.",
            )
        if self.pin == "digest":
            return (
                f"`{shown}` has no digest; the `pin = digest` setting asks for one because"
                " a tag can be moved to another image at any time.",
                f"Append the digest: `{shown}@sha256:<digest>` (see `docker buildx imagetools"
                f" inspect {shown}`).",
            )
        return None


def _shown(image: ImageRef) -> str:
    """The reference as the user would write it, normalised: `python:3.11`."""
    return image.name if image.tag is None else f"{image.name}:{image.tag}"


def _with_minor(tag: str) -> str:
    """`3-slim` -> `3.<minor>-slim`, `slim-bookworm` -> `3.12-slim-bookworm`: an example."""
    head, sep, rest = tag.partition("-")
    if head.isdigit():
        return f"{head}.<minor>{sep}{rest}"
    return f"3.12-{tag}"

"""DL3026 untrusted-registry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Instruction, Severity
from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.images import image_word_span
from dockerlint_ml.rules.hadolint.copy_from_undefined_stage import (
    StageNames,
    from_word,
    is_stage_index,
    stage_names,
)

OPTION = "trusted-registries"
# The names Docker Hub goes by: an image without a registry comes from there, and
# trusting any of these names trusts it.
_DOCKER_HUB = ("docker.io", "hub.docker.com", "index.docker.io", "registry-1.docker.io")


def registry_trusted(pattern: str, registry: str) -> bool:
    """hadolint's matching: `*` trusts every registry, `*suffix` the registries ending
    with `suffix` (`*.gcr.io`: `eu.gcr.io`, not `gcr.io`), `prefix*` those starting with
    `prefix`; any other pattern names one registry, port included (`my.reg:5000`)."""
    if pattern == "*":
        return True
    if pattern.startswith("*"):
        return registry.endswith(pattern[1:])
    if pattern.endswith("*"):
        return registry.startswith(pattern[:-1])
    return registry == pattern


def _registries(value: object) -> tuple[str, ...]:
    """The option's value as lower-cased patterns; ValueError for anything else than a
    list of non-empty strings."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip().lower() for v in value)
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    raise ValueError(
        f"DL3026 option {OPTION} must be a list of registry names or patterns "
        f'(e.g. ["docker.io", "*.gcr.io"]), got {shown}'
    )


def _literal_registry(text: str) -> ImageRef | None:
    """The image a FROM names when a variable without a known value holds only a part of
    it that cannot change the registry: after the first `/` (`gcr.io/base:${TAG}`), or
    in the tag (`python:${TAG}`, with no `/` after it). None otherwise (`${IMAGE}`,
    `${REGISTRY}/app`, `localhost:${PORT}/app`): undecidable."""
    cut = text.find("$")
    if cut < 0:
        return None
    prefix, rest = text[:cut], text[cut:]
    if "/" in prefix or (":" in prefix and "/" not in rest and "@" not in prefix):
        found = parse_image(prefix + "x")
        return ImageRef(raw=text, name=found.name, tag=None, digest=None, registry=found.registry)
    return None


class UntrustedRegistry(Rule):
    """An image comes from a registry that is not in the trusted list.

    With the `trusted-registries` option set, every image the build pulls is checked:
    the base image of each FROM, the image of a `COPY --from` and the `from=` image of a
    `RUN --mount` (bind or cache). An image without a registry comes from Docker Hub,
    which `docker.io` (or `hub.docker.com`) trusts. `scratch`, earlier stages, stage
    indices and names of the file's stages are not images. A variable with no known value
    is not judged where it may hold the registry (`FROM ${IMAGE}`, `${REGISTRY}/app`); in
    a later part (`gcr.io/base:${TAG}`) it does not hide the registry. With the list
    empty (the default) the rule reports nothing. ONBUILD instructions are not checked
    (they run in another build).

    ## Why is this bad?

    A base image or a copied binary runs with the build's and the container's privileges:
    an organisation that mirrors, scans and signs the images it allows wants every build
    to pull from those registries only, not from wherever a copied example pointed.

    ## Example

    With `trusted-registries = ["docker.io"]`:

    ```dockerfile
    FROM quay.io/jupyter/scipy-notebook:2024-10-07
    ```

    ## Use instead

    ```dockerfile
    FROM jupyter/scipy-notebook:2024-10-07
    ```

    ## Options

    - `trusted-registries` (list of strings, default empty): the registries images may
      come from, e.g. `["docker.io", "*.gcr.io", "registry.example.com:5000"]`. A
      leading `*` matches any prefix (`*.gcr.io`), a trailing `*` any suffix, `*` alone
      every registry. Registry names match without regard to case. hadolint's
      `trustedRegistries` and `--trusted-registry` set it.

    ## Differences from hadolint

    - ARG values are resolved: `ARG REGISTRY=ghcr.io` then `FROM ${REGISTRY}/app` is
      checked as `ghcr.io/app`; a variable with no known value that may hold the
      registry is not judged (hadolint checks the text as written, and reports it).
    - `localhost/app` comes from the `localhost` registry, as Docker reads it (hadolint
      takes it for a Docker Hub image).
    - `docker.io/...`, `index.docker.io/...` and `registry-1.docker.io/...` are all
      Docker Hub: trusting any of its names trusts them all (hadolint compares the
      written registry only).
    - A `--from` stage index (`COPY --from=0`) and a stage name in any case, or defined
      later in the file, are stages, not images (hadolint reports them); `FROM build:1`
      is the image `build:1`, even with a stage named `build` (hadolint passes it).
    - Registry names compare without regard to case (DNS names): `FROM Quay.IO/x`
      matches `quay.io`.

    ## References

    - hadolint DL3026: https://github.com/hadolint/hadolint/wiki/DL3026
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3026Spec.hs
    - hadolint's `trustedRegistries`: https://github.com/hadolint/hadolint#configure
    - Docker, how an image reference names its registry:
      https://docs.docker.com/reference/cli/docker/image/tag/#description
    """

    code = "DL3026"
    name = "untrusted-registry"
    severity = Severity.ERROR
    keywords = frozenset({"FROM", "COPY", "RUN"})
    default_options: ClassVar[Mapping[str, Any]] = {OPTION: ()}
    # The options the documentation's examples are linted with.
    example_options: ClassVar[Mapping[str, Any]] = {OPTION: ["docker.io"]}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.trusted = _registries(self.options.get(OPTION))
        self._stage_names: StageNames | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if not self.trusted:
            return
        if instruction.keyword == "FROM":
            yield from self._check_from(instruction, ctx)
            return
        if instruction.keyword == "COPY":
            words = [from_word(instruction)]
        else:
            words = [
                None if "from" in m.unknown else m.from_
                for m in ctx.mounts(instruction)
                if m.type in ("bind", "cache")
            ]
        names = stage_names(self, ctx.dockerfile)
        shown: set[str] = set()
        for word in words:
            if word is None or is_stage_index(word) or names.any(word) or word in shown:
                continue
            shown.add(word)
            problem = self._untrusted(parse_image(word))
            if problem is not None:
                yield self.finding(instruction, *problem)

    def _check_from(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or stage.from_instruction is not instruction:
            return
        image = stage.base_image  # None: scratch, an earlier stage or an unresolved ARG
        if image is None and stage.base_resolved is None and stage.base_stage is None:
            image = _literal_registry(stage.base_text)
        if image is None:
            return
        problem = self._untrusted(image)
        if problem is not None:
            span = image_word_span(ctx.dockerfile.lines, instruction, stage.base_text)
            yield self.finding(span, *problem)

    def _untrusted(self, image: ImageRef) -> tuple[str, str] | None:
        """(message, fix) for an image from an untrusted registry, else None."""
        registry = image.registry
        names = _DOCKER_HUB if registry is None else (registry.lower(),)
        if any(registry_trusted(p, r) for p in self.trusted for r in names):
            return None
        where = "docker.io" if registry is None else registry
        return (
            f"`{image.raw}` comes from `{where}`, which is not a trusted registry.",
            f"Pull it from a trusted registry, or add `{where}` to {OPTION}.",
        )

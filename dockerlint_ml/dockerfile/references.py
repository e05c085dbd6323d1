"""Image references: `registry/repository:tag@digest` split as Docker normalises them."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import ImageRef

_DEFAULT_REGISTRIES = ("docker.io", "index.docker.io", "registry-1.docker.io")


def parse_image(text: str) -> ImageRef:
    """Split an image reference; `docker.io/library/python:3.11` has name `python`.

    The first path component is a registry when it holds a `.` or a `:` (a port), is
    `localhost`, or has an upper-case letter, as in Docker's own reference normalisation
    (distribution/reference `splitDockerDomain`). Repository names are case-folded, tags
    are kept as written.
    """
    rest = text.strip()
    digest: str | None = None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
    tag: str | None = None
    slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > slash:
        rest, tag = rest[:colon], rest[colon + 1 :]
    registry: str | None = None
    first, sep, remainder = rest.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first.lower() != first):
        registry = first.lower()
        rest = remainder
    if registry in _DEFAULT_REGISTRIES:
        registry = None
    name = rest.lower()
    if registry is None and name.startswith("library/"):
        name = name[len("library/") :]
    full = name if registry is None else f"{registry}/{name}"
    return ImageRef(raw=text, name=full, tag=tag or None, digest=digest or None, registry=registry)

"""Image references: `registry/repository:tag@digest` split as Docker normalises them."""

from __future__ import annotations

import re

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


# distribution/reference's grammar (regexp.go), for ParseNormalizedNamed, written so that
# Python's backtracking matcher stays linear (tests/test_regex_linearity.py): the same
# language, with no two alternatives of a repeat starting with the same character. Its
# separator `[._]|__|[-]+` is `\.|__?|-+` here, and its domain component
# `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]` is one alphanumeric and an optional
# run ending in one.
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:\.|__?|-+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"(?P<name>{_DOMAIN}/{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    r"(?::[\w][\w.-]{0,127})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?"
)
_HEX_ID = re.compile(r"[a-f0-9]{64}")
_NAME_MAX = 255


def valid_reference(text: str) -> bool:
    """Whether distribution/reference's ParseNormalizedNamed accepts `text`."""
    if _HEX_ID.fullmatch(text):
        return False
    slash = text.find("/")
    first = text[:slash]
    if slash == -1 or (
        not any(c in first for c in ".:") and first != "localhost" and first.lower() == first
    ):
        domain, remainder = "docker.io", text
    else:
        domain, remainder = first, text[slash + 1 :]
    if domain == "index.docker.io":
        domain = "docker.io"
    if domain == "docker.io" and "/" not in remainder:
        remainder = "library/" + remainder
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        return False
    match = _REFERENCE.fullmatch(f"{domain}/{remainder}")
    return match is not None and len(match.group("name")) <= _NAME_MAX

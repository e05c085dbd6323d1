"""BK022 invalid-base-image-platform: reserved. BuildKit's test (dockerfile_lint_test.go,
testBaseImagePlatformMismatch, at moby/buildkit 641a8fd) pulls an image for another platform
than the build's: the check is decided from the pulled image, never from the Dockerfile, so
the code is kept and never reported."""

from __future__ import annotations

from dockerlint_ml.rules.buildkit.invalid_base_image_platform import InvalidBaseImagePlatform
from tests.helpers import lint_snippet

CODE = "BK022"


def test_reserved_and_never_reported() -> None:
    assert InvalidBaseImagePlatform.reserved
    texts = [
        "FROM --platform=linux/arm64 busybox\n",
        "FROM --platform=windows/amd64 alpine:3.20\nFROM --platform=linux/s390x scratch\n",
    ]
    for text in texts:
        assert lint_snippet(text, select=[CODE]) == []
        assert CODE not in {code for code, _ in lint_snippet(text, select=["ALL"])}


def test_its_name_resolves() -> None:
    text = "# check=skip=InvalidBaseImagePlatform\nFROM a:1\n"
    assert lint_snippet(text, select=["InvalidBaseImagePlatform"]) == []

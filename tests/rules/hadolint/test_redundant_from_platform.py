"""DL3065 redundant-from-platform: hadolint's spec cases (test/Hadolint/Rule/DL3065Spec.hs) and
ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3065"

# DL3065Spec.hs at v2.15.1, every case, in our words.
SPEC: list[Case] = [
    ("spec: no --platform", "FROM alpine:3.24\n", []),
    ("spec: another variable", "FROM --platform=$FOOBAR alpine:3.24\n", []),
    ("spec: a constant", "FROM --platform=foobar alpine:3.24\n", []),
    ("spec: os/arch", "FROM --platform=foobar/arm64 alpine:3.24\n", []),
    ("spec: $TARGETPLATFORM", "FROM --platform=$TARGETPLATFORM alpine:3.24\n", [1]),
    ("spec: ${TARGETPLATFORM}", "FROM --platform=${TARGETPLATFORM} alpine:3.24\n", [1]),
]

OURS: list[Case] = [
    ("$BUILDPLATFORM", "FROM --platform=$BUILDPLATFORM golang:1.23\n", []),
    ("$TARGETOS/$TARGETARCH", "FROM --platform=$TARGETOS/$TARGETARCH a:1\n", []),
    ("TARGETPLATFORM and more", "FROM --platform=$TARGETPLATFORM/x a:1\n", []),
    ("with another variable", "FROM --platform=${TARGETPLATFORM}${V} a:1\n", []),
    ("${TARGETPLATFORM:+x}", "FROM --platform=${TARGETPLATFORM:+linux/amd64} a:1\n", []),
    (
        "each FROM",
        "FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=$TARGETPLATFORM b\n",
        [1, 2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "quoted",
        'FROM --platform="$TARGETPLATFORM" a:1\n',
        [],
        [1],
        "Docker removes the quotes: the value is TARGETPLATFORM's",
    ),
    (
        "with a default",
        "FROM --platform=${TARGETPLATFORM:-linux/amd64} a:1\n",
        [],
        [1],
        "TARGETPLATFORM is always set, so the default is never used",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM --platform=$TARGETPLATFORM alpine:3.24\n", [CODE])
    assert "`--platform=$TARGETPLATFORM`" in found.message
    assert found.fix is not None and "Remove" in found.fix
    assert len(found.message) <= 90


def test_supersedes_buildkit_check() -> None:
    rule = load_registry().by_code(CODE)
    assert rule is not None and rule.supersedes == ("RedundantTargetPlatform",)


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM --platform=$TARGETPLATFORM a:1\n")}

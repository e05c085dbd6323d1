"""DL3029 from-platform-flag: hadolint's spec cases (test/Hadolint/Rule/DL3029Spec.hs) and
ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3029"

# DL3029Spec.hs at v2.15.1 (its latest stored version: the BUILDPLATFORM/TARGETPLATFORM
# exemptions), every case, in our words.
SPEC: list[Case] = [
    ("spec: a constant platform", "FROM --platform=linux debian:jessie\n", [1]),
    ("spec: no platform", "FROM debian:jessie\n", []),
    ("spec: $BUILDPLATFORM", "FROM --platform=$BUILDPLATFORM debian:jessie\n", []),
    ("spec: quoted $BUILDPLATFORM", 'FROM --platform="$BUILDPLATFORM" debian:jessie\n', []),
    ("spec: ${BUILDPLATFORM}", "FROM --platform=${BUILDPLATFORM} debian:jessie\n", []),
    ("spec: ${BUILDPLATFORM:-}", "FROM --platform=${BUILDPLATFORM:-} debian:jessie\n", []),
    (
        "spec: quoted ${BUILDPLATFORM:-}",
        'FROM --platform="${BUILDPLATFORM:-}" debian:jessie\n',
        [],
    ),
    ("spec: $TARGETPLATFORM", "FROM --platform=$TARGETPLATFORM debian:jessie\n", []),
]

OURS: list[Case] = [
    ("os/arch", "FROM --platform=linux/amd64 python:3.12\n", [1]),
    ("scratch too", "FROM --platform=linux/arm64 scratch AS out\n", [1]),
    ("a stage named after another arch", "FROM --platform=linux/arm64 a:1 AS base-amd64\n", [1]),
    ("an arch inside a word", "FROM --platform=linux/arm64 a:1 AS xarm64\n", [1]),
    ("an ARG of the file", "ARG P=linux/amd64\nFROM --platform=$P python:3.12\n", [2]),
    ("${TARGETPLATFORM:-default}", "FROM --platform=${TARGETPLATFORM:-linux/amd64} a:1\n", []),
    ("each FROM", "FROM --platform=linux/amd64 a:1\nFROM --platform=linux/arm64 b:1\n", [1, 2]),
    ("ONBUILD FROM is no stage", "FROM a:1\nONBUILD FROM --platform=linux/amd64 b\n", []),
]

DIFFERENT: list[Different] = [
    (
        "$TARGETOS/$TARGETARCH",
        "FROM --platform=$TARGETOS/$TARGETARCH golang:1.23\n",
        [1],
        [],
        "TARGETOS and TARGETARCH are the parts of the target platform: it follows the build",
    ),
    (
        "$BUILDOS/$BUILDARCH",
        "FROM --platform=${BUILDOS}/${BUILDARCH} golang:1.23\n",
        [1],
        [],
        "BUILDOS and BUILDARCH are the parts of the build platform: it follows the build",
    ),
    (
        "stages named after their architecture",
        "FROM --platform=linux/amd64 scratch AS amd64\n"
        "FROM --platform=linux/arm64 almalinux:8 AS base-arm64\n"
        "FROM --platform=linux/arm/v7 a:1 AS build_arm\n",
        [1, 2, 3],
        [],
        "one architecture's stage of a multi-platform build pins its platform on purpose",
    ),
    (
        "the word without a $",
        "FROM --platform=TARGETPLATFORM golang:1.23\n",
        [],
        [1],
        "a platform named TARGETPLATFORM is a constant: hadolint matches the text",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_platform() -> None:
    (found,) = findings("FROM --platform=linux/amd64 python:3.12\n", [CODE])
    assert "`FROM --platform=linux/amd64`" in found.message
    assert found.fix is not None and "BUILDPLATFORM" in found.fix
    assert len(found.message) <= 90


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet("FROM --platform=linux/amd64 a:1\n")}

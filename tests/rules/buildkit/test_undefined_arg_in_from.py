"""BK009 undefined-arg-in-from: BuildKit's lint test cases (dockerfile_lint_test.go,
testUndeclaredArg, at moby/buildkit 641a8fd) and ours, each checked with tally 0.45.0
(BuildKit v0.32.2). BuildKit's Dockerfiles start with an empty line, which our snippets
drop: their lines here are one less. Their image is busybox on Linux."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK009"

SPEC: list[Case] = [
    ("spec: declared base", "ARG base=scratch\nFROM $base\nCOPY Dockerfile .\n", []),
    ("spec: declared BUILDPLATFORM",
     "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n", []),
    ("spec: automatic BUILDPLATFORM", "FROM --platform=$BUILDPLATFORM scratch\n", []),
    ("spec: declared without a value", "ARG DEBUG\nFROM scratch${DEBUG}\n", []),
    ("spec: declared, with a default", "ARG DEBUG\nFROM scra${DEBUG:-tch}\n", []),
    ("spec: declared empty", 'ARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\n', []),
    ("spec: a typo of BUILDPLATFORM", "FROM --platform=$BULIDPLATFORM scratch\n", [1]),
    ("spec: a typo in the platform",
     "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n", [3]),
    ("spec: one of two undeclared", "ARG tag=latest\nFROM busybox:${tag}${version} AS b\n", [2]),
]  # fmt: skip

OURS: list[Case] = [
    ("undeclared with a default", "FROM ${IMG:-alpine}:3\n", [1]),
    ("an ARG inside a stage does not count",
     "FROM alpine:3 AS a\nARG V=1\nFROM alpine$V\n", [3]),
    ("every automatic platform argument",
     "FROM alpine:3$TARGETOS$TARGETARCH$TARGETVARIANT$BUILDOS$BUILDARCH$BUILDVARIANT\n",
     []),
    ("a stage reference", "FROM alpine:3 AS b\nFROM b$X\n", [2]),
    ("an invalid reference is invalid-default-arg-in-from's", "FROM alpine:$W\n", []),
    ("an empty image too", "FROM $IMAGE\n", []),
    ("case matters", "ARG tag=3\nFROM alpine:$TAG\n", []),
    ("escaped dollar", "FROM alpine\\$X\n", []),
]  # fmt: skip

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_did_you_mean() -> None:
    (found,) = findings("FROM --platform=$BULIDPLATFORM scratch\n", select=[CODE])
    assert "`BULIDPLATFORM`" in found.message and "`BUILDPLATFORM`" in found.message
    assert found.fix is not None and "ARG BUILDPLATFORM" in found.fix
    assert len(found.message) <= 90

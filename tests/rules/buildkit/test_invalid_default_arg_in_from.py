"""BK016 invalid-default-arg-in-from: BuildKit's lint test cases (dockerfile_lint_test.go,
testInvalidDefaultArgInFrom, at moby/buildkit 641a8fd; the build arguments they pass do not
take part in the check) and ours. BuildKit's Dockerfiles start with an empty line, which our
snippets drop: their lines here are one less. tally 0.45.0 agrees on every SPEC and OURS
row."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK016"

SPEC: list[Case] = [
    ("spec: an empty tag", "ARG VERSION\nFROM busybox:$VERSION\n", [2]),
    ("spec: an empty name", "ARG IMAGE\nFROM $IMAGE\n", [2]),
    ("spec: a default ending in :", 'ARG SFX="box:"\nFROM busy${SFX}\n', [2]),
    ("spec: a default", 'ARG VERSION="latest"\nFROM busybox:${VERSION}\n', []),
    (
        "spec: an empty default",
        'ARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n',
        [],
    ),
    (
        "spec: no default, still valid",
        "\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t\n",
        [],
    ),
]

OURS: list[Case] = [
    ("an empty registry", "ARG REG\nFROM ${REG}/app:1\n", [2]),
    ("an undeclared variable", "FROM $UNDECLARED\n", [1]),
    ("an upper-case name", "FROM Ubuntu:20.04\n", [1]),
    ("a stage name", "FROM a:1 AS base\nFROM base\n", []),
    ("scratch", "FROM scratch\n", []),
    ("a default from another ARG", "ARG V=3.12\nARG TAG=$V-slim\nFROM python:$TAG\n", []),
    ("an ARG redeclared without default keeps it", "ARG A=x\nARG A\nFROM img:$A\n", []),
    ("a platform argument", "FROM img:${TARGETARCH}\n", []),
    ("a default operator", "ARG V\nFROM python:${V:-3.12}\n", []),
    ("a required variable is not judged", "ARG V\nFROM img:${V:?set V}\n", []),
    ("a digest", "FROM python@sha256:" + "a" * 64 + "\n", []),
    ("an ARG in a stage does not count", "FROM a:1\nARG V=1\nFROM img:$V\n", [3]),
    ("each FROM", "ARG V\nFROM a:$V\nFROM b:$V\n", [2, 3]),
    ("a FROM BuildKit cannot read", "FROM Apache Spark 3.4.1\n", []),
]

DIFFERENT: list[Different] = [
    (
        "TARGETVARIANT",
        "FROM img:${TARGETVARIANT}\n",
        [1],
        [],
        "empty for linux/amd64 (where BuildKit and tally judged it), not for linux/arm/v7:"
        " a value known only at build time is not judged",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_shows_the_expansion() -> None:
    (found,) = findings("ARG V\nFROM python:$V\n", select=[CODE])
    assert "`python:$V` gives `python:`" in found.message and found.fix is not None
    assert len(found.message) <= 90

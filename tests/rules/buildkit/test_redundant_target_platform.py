"""BK014 redundant-target-platform: BuildKit's lint test cases (dockerfile_lint_test.go,
testRedundantTargetPlatform, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles
start with an empty line, which our snippets drop: their lines here are one less.

tally 0.45.0 reports only the spellings `$TARGETPLATFORM` and `${TARGETPLATFORM}` (and the
quoted first one); BuildKit's reportRedundantTargetPlatform reports any value that uses
TARGETPLATFORM alone and expands to its value, so `${TARGETPLATFORM:-linux/amd64}` too: the
rows follow BuildKit's code."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK014"

SPEC: list[Case] = [
    ("spec: $TARGETPLATFORM", "FROM --platform=$TARGETPLATFORM scratch\n", [1]),
    ("spec: ${TARGETPLATFORM}", "FROM --platform=${TARGETPLATFORM} scratch\n", [1]),
]

OURS: list[Case] = [
    ("quoted", 'FROM --platform="$TARGETPLATFORM" scratch\n', [1]),
    (
        "with a default (BuildKit; not tally)",
        "FROM --platform=${TARGETPLATFORM:-linux/amd64} a\n",
        [1],
    ),
    ("BUILDPLATFORM", "FROM --platform=$BUILDPLATFORM a:1\n", []),
    ("another variable too", "FROM --platform=$TARGETPLATFORM$X a:1\n", []),
    ("a constant", "FROM --platform=linux/amd64 a:1\n", []),
    ("no flag", "FROM a:1\n", []),
    (
        "each FROM",
        "FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=$TARGETPLATFORM b:1\n",
        [1, 2],
    ),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings("FROM --platform=$TARGETPLATFORM a:1\n", select=[CODE])
    assert "`--platform=$TARGETPLATFORM`" in found.message and found.fix is not None


def test_superseded_by_dl3065() -> None:
    text = "FROM --platform=$TARGETPLATFORM a:1\n"
    assert lint_snippet(text, select=["DL3065", CODE]) == [("DL3065", 1)]

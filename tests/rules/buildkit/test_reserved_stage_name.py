"""BK006 reserved-stage-name: BuildKit's lint test cases (dockerfile_lint_test.go,
testReservedStageName, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start with
an empty line, which our snippets drop: their lines here are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK006"

SPEC: list[Case] = [
    ("spec: scratch and context", "FROM scratch AS scratch\nFROM scratch AS context\n", [1, 2]),
    ("spec: scratch as the base only", "FROM scratch\nFROM scratch AS a\n", []),
]

OURS: list[Case] = [
    ("any case", "FROM alpine:3 AS Scratch\n", [1]),
    ("a name that contains the word", "FROM alpine:3 AS context2\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings("FROM a:1 AS context\n", select=[CODE])
    assert "`context`" in found.message and found.fix is not None

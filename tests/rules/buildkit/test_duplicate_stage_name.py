"""BK005 duplicate-stage-name: BuildKit's lint test cases (dockerfile_lint_test.go,
testDuplicateStageName, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start
with an empty line, which our snippets drop: their lines here are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK005"

SPEC: list[Case] = [
    ("spec: the same name twice", "FROM scratch AS b\nFROM scratch AS b\n", [2]),
    ("spec: different names", "FROM scratch AS b1\nFROM scratch AS b2\n", []),
]

OURS: list[Case] = [
    ("names compare without case", "FROM a:1 AS Build\nFROM a:1 AS build\n", [2]),
    ("three times", "FROM a:1 AS x\nFROM a:1 AS x\nFROM a:1 AS x\n", [2, 3]),
    ("unnamed stages", "FROM a:1\nFROM a:1\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings("FROM a:1 AS b\nFROM a:1 AS b\n", select=[CODE])
    assert "`b`" in found.message and found.fix is not None

"""BK001 stage-name-casing: BuildKit's lint test cases (frontend/dockerfile/
dockerfile_lint_test.go, testStageName, testWarningsBeforeError, at moby/buildkit 641a8fd)
and ours. BuildKit's Dockerfiles start with an empty line, which our snippets drop: their
lines here are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK001"

SPEC: list[Case] = [
    (
        "spec: upper-case name; `as` casing is another check",
        "# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n"
        "FROM scratch as base2\n\nFROM scratch AS base3\n",
        [3],
    ),
    ("spec: from ... AS base", "from scratch AS base\n\nfrom scratch as base2\n", []),
    ("spec: warnings before an error", "FROM scratch AS BadStageName\nMAINTAINER me\n", [1]),
]

OURS: list[Case] = [
    ("no name", "FROM alpine:3.20\n", []),
    ("lower case with digits and symbols", "FROM alpine:3.20 AS base_1.x-y\n", []),
    ("one upper-case letter", "FROM alpine:3.20 AS base-A\n", [1]),
    ("each stage", "FROM a:1 AS Aa\nFROM b:1 AS Bb\n", [1, 2]),
    ("with --platform", "FROM --platform=$BUILDPLATFORM a:1 AS Build\n", [1]),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1 AS Builder\n", select=[CODE])
    assert "`Builder`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "`builder`" in found.fix

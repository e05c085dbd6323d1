"""BK008 maintainer-deprecated: BuildKit's lint test cases (dockerfile_lint_test.go,
testMaintainerDeprecated and testWarningsBeforeError, at moby/buildkit 641a8fd) and ours.
BuildKit's Dockerfiles start with an empty line, which our snippets drop: their lines here
are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK008"

SPEC: list[Case] = [
    ("spec: MAINTAINER", "FROM scratch\nMAINTAINER me@example.org\n", [2]),
    ("spec: a label", 'FROM scratch\nLABEL org.opencontainers.image.authors="me@x.org"\n', []),
    ("spec: before a parse error", "FROM scratch AS BadStageName\nMAINTAINER me@example.org\n",
     [2]),
]  # fmt: skip

OURS: list[Case] = [
    ("lower case", "FROM a:1\nmaintainer me\n", [2]),
    ("each stage", "FROM a:1\nMAINTAINER a\nFROM b:1\nMAINTAINER b\n", [2, 4]),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_fix_names_the_label() -> None:
    (found,) = findings("FROM a:1\nMAINTAINER me\n", select=[CODE])
    assert found.fix is not None and "org.opencontainers.image.authors" in found.fix

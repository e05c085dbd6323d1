"""BK013 legacy-key-value-format: BuildKit's lint test cases (dockerfile_lint_test.go,
testLegacyKeyValueFormat, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start
with an empty line, which our snippets drop: their lines here are one less. BuildKit's third
case (a stage no target reaches) asserts its lines only for the build, where the stage is
not dispatched; its lint results (the lines not compared there) are the ones ported. tally
0.45.0 agrees on every row."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK013"

SPEC: list[Case] = [
    ("spec: ENV and LABEL", "FROM scratch\nENV testkey value\nLABEL key value\n", [2, 3]),
    ("spec: the = form", "FROM scratch\nENV testkey=value\nLABEL key=value\n", []),
    (
        "spec: in a stage no target reaches",
        "FROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n",
        [4, 5],
    ),
]

OURS: list[Case] = [
    ("a value with blanks", "FROM a:1\nENV PATH /opt/bin:$PATH\n", [2]),
    ("a quoted value", 'FROM a:1\nENV A "b c"\n', [2]),
    ("a quoted LABEL key", 'FROM a:1\nLABEL "a b" c\n', [2]),
    ("the value holds =", "FROM a:1\nENV A b=c\n", [2]),
    ("several pairs", "FROM a:1\nENV A=1 B=2\nLABEL a=1 b=2\n", []),
    ("an empty value", "FROM a:1\nENV A=\n", []),
    ("continued over lines", "FROM a:1\nENV A \\\n  b\n", [2]),
    ("keyword case", "FROM a:1\nenv A b\n", [2]),
    ("ONBUILD is not checked", "FROM a:1\nONBUILD ENV A b\n", []),
    ("other instructions", "FROM a:1\nARG A b\nRUN A b\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_key() -> None:
    (found,) = findings("FROM a:1\nENV PYTHONUNBUFFERED 1\n", select=[CODE])
    assert "`ENV PYTHONUNBUFFERED=<value>`" in found.message and found.fix is not None
    assert len(found.message) <= 90

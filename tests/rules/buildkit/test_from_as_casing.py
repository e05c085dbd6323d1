"""BK002 from-as-casing: BuildKit's lint test cases (dockerfile_lint_test.go, testStageName and
testRuleCheckOption, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start with
an empty line, which our snippets drop: their lines here are one less. The `check=skip`
cases are the pragma code's (tests/run), not this rule's; one is kept."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK002"

SPEC: list[Case] = [
    (
        "spec: FROM ... as",
        "# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n"
        "# warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\n"
        "FROM scratch AS base3\n",
        [7],
    ),
    (
        "spec: from ... AS",
        "# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\n"
        "from scratch as base2\n",
        [3],
    ),
    (
        "spec: check=skip of another check",
        "#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n",
        [2],
    ),
    ("spec: check=skip=all", "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", []),
]

OURS: list[Case] = [
    ("mixed-case FROM is not judged", "From scratch as base\n", []),
    ("mixed-case AS", "FROM scratch As base\n", [1]),
    ("no AS", "from alpine:3.20\n", []),
    ("with a flag", "FROM --platform=linux/amd64 alpine:3.20 as base\n", [1]),
    ("ONBUILD FROM is not an instruction here", "FROM a:1\nONBUILD RUN x\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1 as b\n", select=[CODE])
    assert "`as`" in found.message and "`FROM`" in found.message
    assert found.fix == "Write `FROM ... AS ...`."

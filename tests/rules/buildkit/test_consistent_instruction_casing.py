"""BK004 consistent-instruction-casing: BuildKit's lint test cases (dockerfile_lint_test.go,
testConsistentInstructionCasing and testRuleCheckOption, at moby/buildkit 641a8fd) and ours.
BuildKit's Dockerfiles start with an empty line, which our snippets drop: their lines here
are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK004"

SPEC: list[Case] = [
    ("spec: From among upper case", "#\nFrom scratch as base\nFROM scratch AS base2\n", [2]),
    ("spec: copy among upper case", "FROM scratch\n#\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
     [3]),
    ("spec: frOM among lower case", "#\nfrOM scratch as base\nfrom scratch as base2\n", [2]),
    ("spec: COPY among lower case", "from scratch\n#\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
     [3]),
    ("spec: from among upper case", "#\nfrom scratch\nCOPY a /foo\nCOPY a /bar\nCOPY a /baz\n",
     [2]),
    ("spec: FROM among lower case", "#\nFROM scratch\ncopy a /foo\ncopy a /bar\ncopy a /baz\n",
     [2]),
    ("spec: all lower case", "from scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n", []),
    ("spec: all upper case", "FROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n", []),
    ("spec: heredoc body", "FROM alpine\nRUN <<'EOT'\nenv\nEOT\n", []),
    ("spec: check=skip", "#check=skip=ConsistentInstructionCasing,FromAsCasing\n"
     "FROM scratch as base\ncopy Dockerfile .\n", []),
]  # fmt: skip

OURS: list[Case] = [
    ("a global ARG counts", "arg A=1\nFROM scratch\nRUN x\n", [1]),
    ("ONBUILD's instruction does not count", "FROM a:1\nONBUILD run x\nRUN y\n", []),
    ("MAINTAINER too", "FROM a:1\nmaintainer me\n", [2]),
    # A template's placeholder lines are parse errors (DLM000), not instructions.
    ("unknown words do not count", "FROM a:1\n{args}\n{pip}\nRUN x\n", []),
    ("a tie is upper case", "from a:1\nRUN x\nrun y\nCOPY a b\n", [1, 3]),
    ("only mixed case", "From a:1\nRun x\n", [1, 2]),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nrun x\n", select=[CODE])
    assert "`run`" in found.message and "upper case" in found.message
    assert found.fix == "Write `RUN`."

"""BK003 no-empty-continuation: BuildKit's lint test case (dockerfile_lint_test.go,
testNoEmptyContinuation, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start
with an empty line, which our snippets drop: their lines here are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK003"

SPEC: list[Case] = [
    (
        "spec: the second COPY has no empty line",
        "FROM scratch\nCOPY Dockerfile \\\n.\n",
        [],
    ),
]

OURS: list[Case] = [
    ("whitespace-only line", "FROM a:1\nRUN echo a \\\n   \n  b\n", [3]),
    ("one finding per instruction", "FROM a:1\nRUN a \\\n\n b \\\n\n c\n", [3]),
    ("a comment inside the continuation is not empty", "FROM a:1\nRUN a \\\n# c\n b\n", []),
    ("empty line after a comment", "FROM a:1\nRUN a \\\n# c\n\n b\n", [4]),
    ("heredoc body", "FROM a:1\nRUN <<EOF\necho \\\n\nb\nEOF\n", []),
    ("escape directive", "# escape=`\nFROM a:1\nRUN a `\n\n b\n", [4]),
    ("backslash under escape=`", "# escape=`\nFROM a:1\nRUN a \\\nCOPY a b\n", []),
    ("each instruction", "FROM a:1\nENV A=1 \\\n\n B=2\nRUN a \\\n\n b\n", [3, 6]),
]

DIFFERENT: list[Different] = [
    (
        "spec: empty line inside COPY",
        "FROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\n"
        "COPY Dockerfile \\\n.\n",
        [5],
        [4],
        "we point at the empty line; BuildKit at the instruction's last line",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nRUN a \\\n\n b\n", select=[CODE])
    assert found.span.line == 3 and len(found.message) <= 90
    assert found.fix is not None

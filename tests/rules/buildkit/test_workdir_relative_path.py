"""BK010 workdir-relative-path: BuildKit's lint test cases (dockerfile_lint_test.go,
testWorkdirRelativePath, at moby/buildkit 641a8fd) and ours, each checked with tally 0.45.0
(BuildKit v0.32.2). BuildKit's Dockerfiles start with an empty line, which our snippets
drop: their lines here are one less."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK010"

SPEC: list[Case] = [
    ("spec: relative", "FROM scratch\nWORKDIR app/\n", [2]),
    ("spec: set by the base stage",
     "FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", []),
]  # fmt: skip

OURS: list[Case] = [
    ("only the first WORKDIR", "FROM a:1\nWORKDIR app\nWORKDIR sub\n", [2]),
    ("absolute first", "FROM a:1\nWORKDIR /app\nWORKDIR sub\n", []),
    ("a relative WORKDIR of the base stage sets it",
     "FROM a:1 AS a\nWORKDIR r\nFROM a\nWORKDIR s\n", [2]),
    ("an unrelated stage does not", "FROM a:1 AS a\nWORKDIR /x\nFROM b:1\nWORKDIR s\n", [4]),
    ("quoted", 'FROM a:1\nWORKDIR "app"\n', [2]),
    ("an unknown variable", "FROM a:1\nWORKDIR $X/app\n", []),
    ("a default", "FROM a:1\nARG D\nWORKDIR ${D:-/x}\n", []),
    ("ONBUILD is not checked", "FROM a:1\nONBUILD WORKDIR app\n", []),
    ("dot", "FROM a:1\nWORKDIR .\n", [2]),
]  # fmt: skip

DIFFERENT: list[Different] = [
    (
        "Windows absolute path",
        "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\\\app\n",
        [2],
        [],
        "a drive-letter path is absolute (tally judges it as a Linux path)",
    ),
    (
        "a variable the file resolves",
        "FROM a:1\nENV D=app\nWORKDIR $D\n",
        [],
        [3],
        "`$D` is `app`: tally skips any path with a `$`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nWORKDIR ./app\n", select=[CODE])
    assert "`./app`" in found.message and len(found.message) <= 90
    assert found.fix == "Use an absolute path, e.g. `WORKDIR /app`."

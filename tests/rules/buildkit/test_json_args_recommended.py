"""BK007 json-args-recommended: BuildKit's lint test cases (dockerfile_lint_test.go,
testJSONArgsRecommended, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start
with an empty line, which our snippets drop: their lines here are one less.

tally 0.45.0 reports the four SHELL cases (it does not apply BuildKit's SHELL exemption): we
follow BuildKit's own tests; the corpus disagreements are ledger rows."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK007"
SHELL = 'SHELL ["/usr/bin/customshell"]\n'

SPEC: list[Case] = [
    ("spec: CMD", "FROM scratch\nCMD mycommand\n", [2]),
    ("spec: ENTRYPOINT", "FROM scratch\nENTRYPOINT mycommand\n", [2]),
    ("spec: SHELL, CMD", "FROM scratch\n" + SHELL + "CMD mycommand\n", []),
    ("spec: SHELL, ENTRYPOINT", "FROM scratch\n" + SHELL + "ENTRYPOINT mycommand\n", []),
    ("spec: SHELL of the base stage, CMD",
     "FROM scratch AS base\n" + SHELL + "\nFROM base\nCMD mycommand\n", []),
    ("spec: SHELL of the base stage, ENTRYPOINT",
     "FROM scratch AS base\n" + SHELL + "\nFROM base\nENTRYPOINT mycommand\n", []),
]  # fmt: skip

OURS: list[Case] = [
    ("exec form", 'FROM a:1\nCMD ["app"]\nENTRYPOINT ["app"]\n', []),
    ("malformed JSON runs as shell form", "FROM a:1\nCMD [\"a\", 'b']\n", [2]),
    ("empty CMD", "FROM a:1\nCMD\n", [2]),
    ("empty array", "FROM a:1\nCMD []\n", []),
    ("HEALTHCHECK is not checked", "FROM a:1\nHEALTHCHECK CMD curl -f http://x/\n", []),
    ("ONBUILD is not checked", "FROM a:1\nONBUILD CMD app\n", []),
    ("SHELL after the CMD", "FROM a:1\nCMD a\n" + SHELL + "ENTRYPOINT b\n", [2]),
    ("SHELL of an unrelated stage", "FROM a:1 AS x\n" + SHELL + "FROM a:1\nCMD a\n", [4]),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nENTRYPOINT app --serve\n", select=[CODE])
    assert found.message.startswith("ENTRYPOINT in shell form") and len(found.message) <= 90
    assert found.fix is not None and "ENTRYPOINT [" in found.fix

"""DL3025 shell-form-cmd-entrypoint: hadolint's spec cases (test/Hadolint/Rule/DL3025Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3025"

# DL3025Spec.hs in the version the 2.15.1 binary follows, in our words; it has no onbuild
# variants. Its two HEALTHCHECK cases are in DIFFERENT (the shell-form one) and here.
SPEC: list[Case] = [
    ("spec: ENTRYPOINT in shell form", "FROM node as foo\nENTRYPOINT something\n", [2]),
    ("spec: ENTRYPOINT as JSON", 'FROM scratch as build\nENTRYPOINT ["foo", "bar"]\n', []),
    ("spec: CMD in shell form", "FROM node as foo\nCMD something\n", [2]),
    (
        "spec: CMD as JSON, with and without inner blanks",
        'FROM scratch as build\nCMD ["foo", "bar"]\nCMD [ "foo", "bar" ]\n',
        [],
    ),
    ("spec: HEALTHCHECK CMD as JSON", 'FROM debian:12\nHEALTHCHECK CMD [ "foobar" ]\n', []),
    (
        "spec: JSON broken over continuation lines",
        'FROM debian:12\nCMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n'
        '       echo bar" \\\n    ]\n',
        [],
    ),
]

OURS: list[Case] = [
    ("ONBUILD CMD is not checked", "FROM a:1\nONBUILD CMD foo\n", []),
    ("ONBUILD ENTRYPOINT is not checked", "FROM a:1\nONBUILD ENTRYPOINT foo\n", []),
    ("HEALTHCHECK NONE", "FROM a:1\nHEALTHCHECK NONE\n", []),
    ("single quotes are not JSON", "FROM a:1\nCMD ['a','b']\n", [2]),
    ("unquoted item is not JSON", 'FROM a:1\nCMD ["a", b]\n', [2]),
    ("trailing comma is not JSON", 'FROM a:1\nENTRYPOINT ["a",]\n', [2]),
    ("empty JSON array", "FROM a:1\nCMD []\n", []),
    ("one JSON string with blanks", 'FROM a:1\nCMD ["a b"]\n', []),
    ("RUN is never checked", "FROM a:1\nRUN foo\n", []),
    ("continuation: the first line", "FROM a:1\nCMD foo \\\n  bar\n", [2]),
    ("lower-case cmd", "FROM a:1\ncmd foo\n", [2]),
    ("a variable needs the shell, still reported", "FROM a:1\nCMD gunicorn -b :$PORT app\n", [2]),
    ("a SHELL does not exempt", 'FROM a:1\nSHELL ["/bin/bash", "-c"]\nCMD foo\n', [3]),
    ("each CMD", "FROM a:1\nCMD a\nCMD b\n", [2, 3]),
    ("every stage", "FROM a:1 AS b\nCMD a\nFROM c:1\nENTRYPOINT d\n", [2, 4]),
]

DIFFERENT: list[Different] = [
    (
        "spec: HEALTHCHECK CMD in shell form",
        "FROM debian:12\nHEALTHCHECK CMD foobar\n",
        [2],
        [],
        "PEERS not-to-copy 4: a health probe is never PID 1; BuildKit checks only CMD"
        " and ENTRYPOINT",
    ),
    (
        "HEALTHCHECK with options in shell form",
        "FROM a:1\nHEALTHCHECK --interval=5s CMD curl -f http://x || exit 1\n",
        [2],
        [],
        "PEERS not-to-copy 4: `|| exit 1` needs the shell, and no signal is at stake",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_malformed_json_says_so() -> None:
    (found,) = findings("FROM a:1\nCMD ['python', 'app.py']\n", select=[CODE])
    assert "not a JSON array" in found.message


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nENTRYPOINT python app.py\n", select=[CODE])
    assert found.message.startswith("ENTRYPOINT is in shell form")
    assert found.fix is not None and 'ENTRYPOINT ["' in found.fix
    assert len(found.message) <= 90


def test_off_by_default_superseded_by_dlm008() -> None:
    codes = {code for code, _ in lint_snippet("FROM python:3.12-slim\nCMD python app.py\n")}
    assert CODE not in codes

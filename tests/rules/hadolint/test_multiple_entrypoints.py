"""DL4004 multiple-entrypoints: hadolint's spec cases (test/Hadolint/Rule/DL4004Spec.hs)
and ours.

Ported from the v2.15.1 spec, every case (the lines are hadolint 2.15.1's). Its case
without a FROM gets one; its two identical "no entrypoint" cases are one row."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4004"

SPEC: list[Case] = [
    ("spec: no ENTRYPOINT", "FROM busybox\n", []),
    (
        "spec: two ENTRYPOINTs",
        "FROM debian\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\n",
        [4],
    ),
    (
        "spec: one ENTRYPOINT in each of two stages",
        "FROM debian as distro1\nENTRYPOINT bash\nRUN foo\n"
        "FROM debian as distro2\nENTRYPOINT another\n",
        [],
    ),
    (
        "spec: two ENTRYPOINTs in the first of two stages",
        "FROM debian as distro1\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\n"
        "FROM debian as distro2\nENTRYPOINT another\n",
        [4],
    ),
    ("spec: one ENTRYPOINT", "FROM debian\nENTRYPOINT /bin/true\n", []),
]

OURS: list[Case] = [
    (
        "three ENTRYPOINTs: the second and third",
        "FROM a:1\nENTRYPOINT a\nENTRYPOINT b\nENTRYPOINT c\n",
        [3, 4],
    ),
    (
        "a stage built on one with an ENTRYPOINT",
        "FROM a:1 AS b\nENTRYPOINT a\nFROM b\nENTRYPOINT b\n",
        [],
    ),
    ("ONBUILD ENTRYPOINT is not counted", "FROM a:1\nENTRYPOINT a\nONBUILD ENTRYPOINT b\n", []),
    ("an empty ENTRYPOINT counts", 'FROM a:1\nENTRYPOINT ["a"]\nENTRYPOINT []\n', [3]),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_names_the_earlier_line() -> None:
    (found,) = findings("FROM a:1\nENTRYPOINT a\nENTRYPOINT b\n", select=[CODE])
    assert "this stage" in found.message and "line 2" in found.message
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1\nENTRYPOINT a\nENTRYPOINT b\n")}

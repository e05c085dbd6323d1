"""DL3012 multiple-healthchecks: hadolint's spec cases (test/Hadolint/Rule/DL3012Spec.hs)
and ours.

Ported from the v2.15.1 spec, every case (the lines are hadolint 2.15.1's)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3012"

SPEC: list[Case] = [
    ("spec: no HEALTHCHECK", "FROM scratch\n", []),
    ("spec: one HEALTHCHECK", "FROM scratch\nHEALTHCHECK CMD /bin/bla\n", []),
    (
        "spec: one HEALTHCHECK in each of two stages",
        "FROM scratch\nHEALTHCHECK CMD /bin/bla1\nFROM scratch\nHEALTHCHECK CMD /bin/bla2\n",
        [],
    ),
    (
        "spec: two HEALTHCHECKs",
        "FROM scratch\nHEALTHCHECK CMD /bin/bla1\nHEALTHCHECK CMD /bin/bla2\n",
        [3],
    ),
]

OURS: list[Case] = [
    ("HEALTHCHECK NONE counts", "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\n", [3]),
    (
        "three: the second and third",
        "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nHEALTHCHECK CMD c\n",
        [3, 4],
    ),
    (
        "a stage built on one with a HEALTHCHECK",
        "FROM a:1 AS b\nHEALTHCHECK CMD a\nFROM b\nHEALTHCHECK NONE\n",
        [],
    ),
    (
        "ONBUILD HEALTHCHECK is not counted",
        "FROM a:1\nHEALTHCHECK CMD x\nONBUILD HEALTHCHECK CMD y\n",
        [],
    ),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_names_the_earlier_line() -> None:
    (found,) = findings("FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\n", select=[CODE])
    assert "HEALTHCHECK" in found.message and "line 2" in found.message
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    text = "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\n"
    assert CODE in {c for c, _ in lint_snippet(text)}

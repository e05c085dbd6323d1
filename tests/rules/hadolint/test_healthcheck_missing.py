"""DL3057 healthcheck-missing: hadolint's spec cases (test/Hadolint/Rule/DL3057Spec.hs) and
ours.

Ported from the v2.15.1 spec, every case; the lines are hadolint 2.15.1's (run with the
rule's level overridden, since `ignore` reports nothing)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3057"

SPEC: list[Case] = [
    ("spec: no HEALTHCHECK", "FROM scratch\n", [1]),
    ("spec: one HEALTHCHECK", "FROM scratch\nHEALTHCHECK CMD /bin/bla\n", []),
    (
        "spec: inherited from the base stage",
        "FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM base\n",
        [],
    ),
    (
        "spec: a build stage has one, the final stage is not built on it",
        "FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM scratch\n",
        [3],
    ),
]

OURS: list[Case] = [
    ("HEALTHCHECK NONE counts", "FROM a:1\nHEALTHCHECK NONE\n", []),
    ("ONBUILD HEALTHCHECK does not count", "FROM a:1\nONBUILD HEALTHCHECK CMD x\n", [1]),
    (
        "inherited through two stages",
        "FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM b AS c\nFROM c\n",
        [],
    ),
    ("no FROM at all", "ARG X=1\n", []),
    (
        "only in a build stage copied from",
        "FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM c:1\nCOPY --from=b /x /x\n",
        [3],
    ),
]

DIFFERENT: list[Different] = [
    (
        "two stages without",
        "FROM a:1 AS b\nFROM c:1\n",
        [1, 2],
        [2],
        "only the final image is reported; a build stage's container never runs",
    ),
    (
        "the same image name after a stage with one",
        "FROM debian\nHEALTHCHECK CMD x\nFROM debian\n",
        [],
        [3],
        "the second `FROM debian` is a new image; hadolint matches the FROM text",
    ),
    (
        "a stage name in another case",
        "FROM a:1 AS B\nHEALTHCHECK CMD x\nFROM b\n",
        [3],
        [],
        "stage names are case-insensitive: `FROM b` is built on stage `B`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nCMD x\n", select=[CODE])
    assert found.span.line == 1 and len(found.message) <= 90
    assert found.fix is not None and "HEALTHCHECK NONE" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet("FROM a:1\n")}

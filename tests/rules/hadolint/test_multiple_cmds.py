"""DL4003 multiple-cmds: hadolint's spec cases (test/Hadolint/Rule/DL4003Spec.hs) and ours.

Ported from the v2.15.1 spec, every case (the spec only says whether the rule fires; the
lines are hadolint 2.15.1's). Its case without a FROM gets one."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4003"

SPEC: list[Case] = [
    ("spec: two CMDs", "FROM debian\nCMD bash\nRUN foo\nCMD another\n", [4]),
    (
        "spec: one CMD in each of two stages",
        "FROM debian as distro1\nCMD bash\nRUN foo\nFROM debian as distro2\nCMD another\n",
        [],
    ),
    (
        "spec: two CMDs in the first of two stages",
        "FROM debian as distro1\nCMD bash\nRUN foo\nCMD another\n"
        "FROM debian as distro2\nCMD another\n",
        [4],
    ),
    ("spec: one CMD", "FROM debian\nCMD /bin/true\n", []),
]

OURS: list[Case] = [
    ("three CMDs: the second and third", "FROM a:1\nCMD a\nCMD b\nCMD c\n", [3, 4]),
    ("a stage built on one with a CMD", "FROM a:1 AS b\nCMD a\nFROM b\nCMD b\n", []),
    ("ONBUILD CMD is not counted", "FROM a:1\nCMD a\nONBUILD CMD b\n", []),
    ("exec and shell forms count alike", 'FROM a:1\nCMD ["a"]\nCMD b\n', [3]),
    ("ENTRYPOINT and CMD together", 'FROM a:1\nENTRYPOINT ["a"]\nCMD ["b"]\n', []),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_names_the_earlier_line() -> None:
    (found,) = findings("FROM a:1 AS app\nCMD a\nCMD b\n", select=[CODE])
    assert "`app`" in found.message and "line 2" in found.message
    assert len(found.message) <= 90
    assert found.fix is not None and "line 2" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1\nCMD a\nCMD b\n")}

"""DL3000 relative-workdir: hadolint's spec cases (test/Hadolint/Rule/DL3000Spec.hs) and
ours.

Ported from the v2.15.1 spec, every case; its cases have no FROM: each gets one."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3000"
F = "FROM a:1\n"

SPEC: list[Case] = [
    ("spec: relative", F + "WORKDIR relative/dir\n", [2]),
    ("spec: absolute", F + "WORKDIR /usr/local\n", []),
    ("spec: a variable", F + "WORKDIR ${work}\n", []),
    ("spec: relative, single quotes", F + "WORKDIR 'relative/dir'\n", [2]),
    ("spec: absolute, single quotes", F + "WORKDIR '/usr/local'\n", []),
    ("spec: relative, double quotes", F + 'WORKDIR "relative/dir"\n', [2]),
    ("spec: absolute, double quotes", F + 'WORKDIR "/usr/local"\n', []),
    ("spec: a variable, double quotes", F + 'WORKDIR "${dir}"\n', []),
    ("spec: Windows drive, single quotes", F + "WORKDIR 'C:\\'\n", []),
    ("spec: Windows drive, double quotes", F + 'WORKDIR "C:\\"\n', []),
    ("spec: Windows drive, forward slash", F + "WORKDIR C:/\n", []),
    ("spec: Windows drive, forward slash, quoted", F + 'WORKDIR "C:/"\n', []),
]

OURS: list[Case] = [
    ("relative after an absolute one", F + "WORKDIR /app\nWORKDIR src\n", [3]),
    ("a tilde is not expanded", F + "WORKDIR ~/app\n", [2]),
    ("the current directory", F + "WORKDIR .\n", [2]),
    ("relative start before a variable", F + "WORKDIR app/$X\n", [2]),
    ("a variable from the base image", F + "WORKDIR $HOME/app\n", []),
    ("an absolute variable", F + "ENV W=/srv\nWORKDIR $W/app\n", []),
    ("a default in the reference", F + "WORKDIR ${W:-/app}\n", []),
    ("backslash with the default escape", F + "WORKDIR \\app\n", [2]),
    ("a Windows drive", F + "WORKDIR c:\\app\n", []),
    ("ONBUILD is not checked", F + "ONBUILD WORKDIR app\n", []),
    ("each relative WORKDIR", F + "WORKDIR ab\nWORKDIR cd\n", [2, 3]),
]

DIFFERENT: list[Different] = [
    (
        "a variable set to a relative path",
        F + "ENV W=app\nWORKDIR $W\n",
        [],
        [3],
        "the value is known from the file and relative; hadolint passes any `$` start",
    ),
    (
        "backslash with the backtick escape",
        "# escape=`\n" + F + "WORKDIR \\app\n",
        [3],
        [],
        "with the backtick escape, `\\app` is an absolute Windows path",
    ),
    (
        "a one-letter relative path",
        F + "WORKDIR a\n",
        [],
        [2],
        "hadolint 2.15.1 crashes on it (DL3000 indexes a second character), reporting nothing",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_fix_resolves_against_the_earlier_workdir() -> None:
    (found,) = findings(F + "WORKDIR /app\nWORKDIR src\n", select=[CODE])
    assert "`WORKDIR src`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "`WORKDIR /app/src`" in found.fix


def test_fix_resolves_through_the_base_stage() -> None:
    text = "FROM a:1 AS b\nWORKDIR /srv\nFROM b\nWORKDIR ../app\n"
    (found,) = findings(text, select=[CODE])
    assert found.fix is not None and "`WORKDIR /app`" in found.fix


def test_fix_resolves_against_the_image_workdir() -> None:
    (found,) = findings("FROM python:3.12-slim\nWORKDIR app\n", select=[CODE])
    assert found.fix is not None and "`WORKDIR /app`" in found.fix


def test_fix_without_a_known_directory() -> None:
    (found,) = findings(F + "WORKDIR app\n", select=[CODE])
    assert found.fix is not None and "e.g. `WORKDIR /app`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet(F + "WORKDIR app\n")}

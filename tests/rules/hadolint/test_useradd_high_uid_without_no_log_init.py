"""DL3046 useradd-high-uid-without-no-log-init: hadolint's spec cases
(test/Hadolint/Rule/DL3046Spec.hs, v2.15.1) and ours. Every spec case is ported (the
spec has no ONBUILD variants; hadolint checks ONBUILD RUNs, as an OURS row shows)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3046"
F = "FROM debian:12\n"

SPEC: list[Case] = [
    ("spec: useradd alone", F + "RUN useradd luser\n", []),
    ("spec: short UID", F + "RUN useradd -u 12345 luser\n", []),
    ("spec: long UID and -l", F + "RUN useradd -l -u 123456 luser\n", []),
    ("spec: just -l", F + "RUN useradd -l luser\n", []),
    ("spec: long UID without -l", F + "RUN useradd -u 123456 luser\n", [2]),
]

OURS: list[Case] = [
    ("--no-log-init", F + "RUN useradd --no-log-init -u 123456 l\n", []),
    ("-l in a group", F + "RUN useradd -lu 123456 l\n", []),
    ("with other options", F + "RUN useradd -m -u 123456 -s /bin/bash l\n", [2]),
    ("UID 99999", F + "RUN useradd -u 99999 l\n", []),
    ("ONBUILD", F + "ONBUILD RUN useradd -u 123456 l\n", [2]),
    ("once per RUN", F + "RUN useradd -u 123456 a && useradd -u 123457 b\n", [2]),
    ("adduser is not useradd", F + "RUN adduser -u 123456 -D l\n", []),
]

DIFFERENT: list[Different] = [
    ("--uid VALUE", F + "RUN useradd --uid 123456 l\n", [], [2], "the same option, long spelling"),
    ("--uid=VALUE", F + "RUN useradd --uid=123456 l\n", [], [2], "the same option, long spelling"),
    ("-uVALUE", F + "RUN useradd -u123456 l\n", [], [2], "the value attached to -u"),
    ("leading zero", F + "RUN useradd -u 012345 l\n", [2], [], "UID 12345: the number is small"),
    ("unknown variable", F + "RUN useradd -u $UID l\n", [2], [], "the value is not known here"),
    (
        "an ARG with a low default",
        F + "ARG UID=1000\nRUN useradd -u ${UID} l\n",
        [3],
        [],
        "the UID is 1000 as this file sets it",
    ),
    ("behind sudo", F + "RUN sudo useradd -u 123456 l\n", [], [2], "sudo runs useradd"),
]

OURS += [
    ("an ARG with a high default", F + "ARG UID=123456\nRUN useradd -u ${UID} l\n", [3]),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + "RUN useradd -u 123456 app\n", select=[CODE])
    assert "123456" in found.message and len(found.message) <= 90
    assert found.fix is not None and "--no-log-init" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(F + "RUN useradd -u 123456 a\n")}

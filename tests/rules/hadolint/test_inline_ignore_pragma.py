"""DL1001 inline-ignore-pragma: hadolint's spec cases (test/Hadolint/Rule/DL1001Spec.hs)
and ours.

Ported from the v2.15.1 spec, every case; the lines are hadolint 2.15.1's (run with the
rule's level overridden, since `ignore` reports nothing). Its cases without a FROM keep
their text: the rule reads comments only."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL1001"
F = "FROM a:1\n"

SPEC: list[Case] = [
    ("spec: an ignore pragma", "# hadolint ignore=DL3003\nRUN foo bar\n", [1]),
    ("spec: the shell pragma", "# hadolint shell=powershell\nRUN foo bar\n", []),
    ("spec: another comment", "# foobar\nRUN foo bar\n", []),
    ("spec: no pragma", "FROM debian\nRUN foo bar\n", []),
]

OURS: list[Case] = [
    ("no blank after #", F + "#hadolint ignore=DL3003\nRUN x\n", [2]),
    ("a reason after a second #", F + "# hadolint ignore=DL3003 # cd is fine\nRUN x\n", [2]),
    ("a reason without its #", F + "# hadolint ignore=DL3003 cd is fine\nRUN x\n", []),
    ("indented", F + "  # hadolint ignore=DL3003\nRUN x\n", [2]),
    ("no instruction after it", F + "# hadolint ignore=DL3003\n", [2]),
    ("two codes", F + "# hadolint ignore=DL3003, DL3059\nRUN x\n", [2]),
    ("between continuation lines", F + "RUN foo \\\n# hadolint ignore=DL3003\n  bar\n", []),
    ("inside a heredoc", F + "RUN <<EOF\n# hadolint ignore=DL3003\nEOF\n", []),
    (
        "each pragma",
        F + "# hadolint ignore=DL3003\nRUN x\n# hadolint ignore=DL3059\nRUN y\n",
        [2, 4],
    ),
    ("a syntax directive", "# syntax=docker/dockerfile:1\n" + F, []),
    ("a check directive without skip", "# check=error=true\n" + F, []),
    ("a check directive skipping nothing", "# check=skip=\n" + F, []),
]

DIFFERENT: list[Different] = [
    (
        "global ignore",
        F + "# hadolint global ignore=DL3003\nRUN x\n",
        [],
        [2],
        "it silences rules for the whole file, more than `ignore=` does",
    ),
    (
        "stage ignore",
        "# hadolint stage ignore=DL3003\n" + F + "RUN x\n",
        [],
        [1],
        "it silences rules for a whole stage",
    ),
    (
        "our own pragma",
        F + "# dockerlint-ml ignore=DL3003\nRUN x\n",
        [],
        [2],
        "dockerlint-ml honours it as hadolint's own",
    ),
    (
        "upper-case tool name",
        F + "# HADOLINT ignore=DL3003\nRUN x\n",
        [],
        [2],
        "dockerlint-ml honours pragmas whatever their case",
    ),
    (
        "a lower-case code",
        F + "# hadolint ignore=dl3003\nRUN x\n",
        [],
        [2],
        "dockerlint-ml honours codes whatever their case",
    ),
    (
        "BuildKit's skip directive",
        "# check=skip=JSONArgsRecommended\n" + F + "CMD x\n",
        [],
        [1],
        "it silences BuildKit's checks and the rules that supersede them",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


# Comments that DL1001 must report exactly when the runner honours them as suppressions:
# each is put above a RUN that DL3003 reports, with the line that DL3003's finding is on.
_AGREEMENT = [
    "# hadolint ignore=DL3003",
    "#hadolint ignore=DL3003",
    "# hadolint ignore = DL3003",
    "# hadolint ignore=DL3003 # reason",
    "# hadolint ignore=DL3003 reason",
    "# hadolint global ignore=DL3003",
    "# hadolint stage ignore=DL3003",
    "# hadolint  global  ignore=DL3003,DL3059",
    "# hadolint: ignore=DL3003",
    "# hadolint ignore DL3003",
    "# hadolint ignore=",
    "# Hadolint IGNORE=cd-in-run",
    "# dockerlint-ml ignore=DL3003",
    "# dockerlint-ml global ignore=cd-in-run",
    "# dockerlint-ml stage ignore=DL3003 # ok",
    "# dockerlint-ml ignore=DL3003 because",
    "# dockerlint-mlignore=DL3003",
    "# hadolint ignored=DL3003",
    "# noqa: DL3003",
]


@pytest.mark.parametrize("comment", _AGREEMENT)
def test_reports_exactly_what_silences(comment: str) -> None:
    text = F + comment + "\nRUN cd /tmp && make\n"
    silenced = ("DL3003", 3) not in lint_snippet(text, select=["DL3003"])
    reported = ("DL1001", 2) in lint_snippet(text, select=["DL1001"])
    assert reported == silenced, f"{comment!r}: silences {silenced}, reported {reported}"


def test_finding_sits_on_the_comment() -> None:
    (found,) = findings(F + "  # hadolint ignore=DL3003\nRUN cd /x\n", select=[CODE])
    assert (found.span.line, found.span.column) == (2, 3)
    assert found.span.end_column == len("  # hadolint ignore=DL3003") + 1
    assert "`# hadolint ignore=`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "configuration" in found.fix


def test_names_the_form() -> None:
    (found,) = findings(F + "# dockerlint-ml global ignore=DLM001\n", select=[CODE])
    assert "`# dockerlint-ml global ignore=`" in found.message
    (found,) = findings("# check=skip=all\n" + F, select=[CODE])
    assert "`# check=skip=`" in found.message


def test_a_global_ignore_of_dl1001_silences_it() -> None:
    # Pragmas apply to every rule, this one included (its page says so, and points to
    # `--disable-pragmas` for a CI that must not be bypassed).
    text = F + "# hadolint global ignore=DL1001\n# hadolint ignore=DL3003\nRUN cd /x\n"
    assert lint_snippet(text, select=[CODE]) == []


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet(F + "# hadolint ignore=DL3003\nRUN x\n")}

"""DL3061 instruction-before-from: hadolint's spec cases (test/Hadolint/Rule/DL3061Spec.hs) and
ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3061"

# DL3061Spec.hs at v2.15.1, every case, in our words. Its ONBUILD variants wrap RUN only, so
# they repeat the plain cases and are left out.
SPEC: list[Case] = [
    ("spec: LABEL before FROM", "LABEL foo=bar\nFROM foo\n", [1]),
    ("spec: FROM then LABEL", "FROM foo\nLABEL foo=bar\n", []),
    ("spec: ARG, FROM, LABEL", "ARG A=B\nFROM foo\nLABEL foo=bar\n", []),
    (
        "spec: a directive first",
        "# syntax = docker/dockerfile:1.0-experimental\nFROM node:16\n",
        [],
    ),
    ("spec: FROM, ARG, RUN", "FROM foo\nARG A=B\nRUN echo bla\n", []),
]

OURS: list[Case] = [
    ("each instruction before FROM", "LABEL a=b\nRUN x\nFROM foo\nRUN y\n", [1, 2]),
    ("no FROM at all", "RUN x\n", [1]),
    ("only ARGs", "ARG A\nARG B=1\n", []),
    ("blank lines and comments", "\n\n# c\nARG A\n\nFROM foo\n", []),
    ("ONBUILD before FROM", "ONBUILD RUN x\nFROM a\n", [1]),
    ("MAINTAINER before FROM", "MAINTAINER x\nFROM a\n", [1]),
    ("a pragma comment", "# hadolint ignore=DL3006\nFROM a\n", []),
    ("lower-case keyword", "label a=b\nFROM a\n", [1]),
    ("after the first FROM", "FROM a\nLABEL a=b\nFROM b\nRUN x\n", []),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_names_the_instruction() -> None:
    (found,) = findings("LABEL a=b\nFROM foo:1\n", [CODE])
    assert found.message.startswith("LABEL ")
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("LABEL a=b\nFROM foo:1\n")}


def test_one_finding_with_the_parse_error() -> None:
    # The parser reports the same error (DLM000); with both rules selected this rule's
    # finding is the one kept, and without it the parse error stands.
    text = "LABEL a=b\nFROM a:1\n"
    assert lint_snippet(text, select=["DLM000", "DL3061"]) == [("DL3061", 1)]
    assert lint_snippet(text, select=["DLM000"]) == [("DLM000", 1)]

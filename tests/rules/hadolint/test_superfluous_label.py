"""DL3050 superfluous-label: hadolint's spec cases (test/Hadolint/Rule/DL3050Spec.hs) and ours."""

from __future__ import annotations

import pytest

from tests.helpers import lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3050"
OPTIONS = {"label-schema": {"required": "text"}, "strict-labels": True}
F = "FROM foo:1\n"

# DL3050Spec.hs at v2.15.1, schema {required: text} with strict labels; its cases have no
# FROM (each gets one; its empty file is a FROM alone), and its ONBUILD variants wrap RUN
# only, so they repeat the plain cases.
SPEC: list[Case] = [
    ("spec: no label", F, []),
    ("spec: the required label", F + 'LABEL required="foo"\n', []),
    ("spec: another label", F + 'LABEL other="bar"\n', [2]),
    ("spec: another and the required", F + 'LABEL required="foo" other="bar"\n', [2]),
]

OURS: list[Case] = [
    ("one finding per LABEL", F + "LABEL a=1 b=2\n", [2]),
    ("each LABEL", F + "LABEL a=1\nLABEL required=1\nLABEL b=2\n", [2, 4]),
    ("legacy form", F + "LABEL other some text\n", [2]),
    ("a quoted key in the schema", F + 'LABEL "required"=1\n', []),
    ("build stage too", "FROM a:1 AS b\nLABEL other=1\nFROM c:1\n", [2]),
    ("ONBUILD is not checked", F + "ONBUILD LABEL other=1\n", []),
]

DIFFERENT: list[Different] = [
    (
        "a variable in the key",
        F + "ARG K=required\nLABEL ${K}=1\n",
        [3],
        [],
        "the key is known at build time only; hadolint compares the text with the schema",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_not_strict_reports_nothing() -> None:
    options = {CODE: {"label-schema": {"required": "text"}}}
    assert lint_snippet(F + "LABEL other=1\n", select=[CODE], options=options) == []


def test_strict_without_schema_reports_every_label() -> None:
    # As hadolint does: with no schema, every label is outside it.
    options = {CODE: {"strict-labels": True}}
    assert lint_snippet(F + "LABEL a=1\n", select=[CODE], options=options) == [(CODE, 2)]


@pytest.mark.parametrize("strict", ["yes", 1, None])
def test_strict_must_be_a_boolean(strict: object) -> None:
    with pytest.raises(ValueError, match="strict-labels"):
        lint_snippet(F, select=[CODE], options={CODE: {"strict-labels": strict}})

"""DL3051 empty-label: hadolint's spec cases (test/Hadolint/Rule/DL3051Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3051"
OPTIONS = {"label-schema": {"emptylabel": "text", "url": "url"}}
F = "FROM foo:1\n"

# DL3051Spec.hs at v2.15.1, schema {emptylabel: text}; its cases have no FROM (each gets
# one), and its ONBUILD variants wrap RUN only, so they repeat the plain cases.
SPEC: list[Case] = [
    ("spec: empty", F + 'LABEL emptylabel=""\n', [2]),
    ("spec: not empty", F + 'LABEL emptylabel="foo"\n', []),
    ("spec: another label empty", F + 'LABEL other=""\n', []),
]

OURS: list[Case] = [
    ("nothing after =", F + "LABEL emptylabel=\n", [2]),
    ("single quotes", F + "LABEL emptylabel=''\n", [2]),
    ("a blank is not empty", F + 'LABEL emptylabel=" "\n', []),
    ("any type", F + 'LABEL url=""\n', [2]),
    ("two empty labels", F + 'LABEL emptylabel="" url=""\n', [2, 2]),
    ("each LABEL", F + 'LABEL emptylabel=""\nLABEL emptylabel=""\n', [2, 3]),
    ("ONBUILD is not checked", F + 'ONBUILD LABEL emptylabel=""\n', []),
]

DIFFERENT: list[Different] = [
    (
        "legacy form with empty quotes",
        F + 'LABEL emptylabel ""\n',
        [],
        [2],
        "Docker removes the quotes of the legacy form's value; hadolint keeps them",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_a_variable_is_not_judged() -> None:
    text = F + "ARG AUTHOR\nLABEL emptylabel=$AUTHOR\n"
    assert lint_snippet(text, select=[CODE], options={CODE: OPTIONS}) == []

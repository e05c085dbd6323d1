"""DL3052 invalid-url-label: hadolint's spec cases (test/Hadolint/Rule/DL3052Spec.hs) and ours."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3052"
OPTIONS = {"label-schema": {"urllabel": "url", "other-url": "url", "name": "text"}}
F = "FROM foo:1\n"

# DL3052Spec.hs at v2.15.1, schema {urllabel: url}; its cases have no FROM (each gets one),
# and its ONBUILD variants wrap RUN only, so they repeat the plain cases: not ported twice.
SPEC: list[Case] = [
    ("spec: not a URL", F + 'LABEL urllabel="not-url"\n', [2]),
    ("spec: a URL", F + 'LABEL urllabel="http://example.com"\n', []),
    ("spec: another label, not a URL", F + 'LABEL other="foo"\n', []),
]

OURS: list[Case] = [
    ("no scheme", F + "LABEL urllabel=github.com/org/repo\n", [2]),
    ("an SSH address", F + "LABEL urllabel=git@github.com:org/repo.git\n", [2]),
    ("ssh URL", F + "LABEL urllabel=ssh://git@github.com/org/repo.git\n", []),
    ("mailto", F + "LABEL urllabel=mailto:team@example.com\n", []),
    ("a blank inside", F + 'LABEL urllabel="https://example.com/a b"\n', [2]),
    ("a fragment and a query", F + "LABEL urllabel=https://a.example/b?c=1#d\n", []),
    ("two fragments", F + "LABEL urllabel=https://a.example/b#c#d\n", [2]),
    ("IPv6 host", F + "LABEL urllabel=http://[::1]:8080/\n", []),
    ("bad percent escape", F + "LABEL urllabel=http://a.example/%zz\n", [2]),
    ("a non-ASCII path", F + "LABEL urllabel=http://a.example/é\n", [2]),
    ("relative path", F + "LABEL urllabel=/docs/index.html\n", [2]),
    ("text-typed label not checked", F + "LABEL name=foo\n", []),
    ("single quotes", F + "LABEL urllabel='https://example.com'\n", []),
    ("two url labels, both bad", F + "LABEL urllabel=a other-url=b\n", [2, 2]),
    ("the same label twice, one finding", F + "LABEL urllabel=a urllabel=b\n", [2]),
    ("each LABEL", F + "LABEL urllabel=a\nLABEL urllabel=b\n", [2, 3]),
    ("build stage too", "FROM a:1 AS b\nLABEL urllabel=x\nFROM c:1\n", [2]),
    (
        "continuation lines",
        F + "LABEL name=x \\\n    urllabel=not-url\n",
        [2],
    ),
    ("ONBUILD is not checked", F + "ONBUILD LABEL urllabel=not-url\n", []),
    ("an escaped dollar is text", F + "LABEL urllabel=\\$X\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a variable",
        F + "ARG URL\nLABEL urllabel=$URL\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text `$URL`",
    ),
    (
        "legacy form with quotes",
        F + 'LABEL urllabel "https://example.com"\n',
        [2],
        [],
        "Docker removes the quotes of the legacy form's value; hadolint keeps them",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_empty_value_is_empty_labels_finding() -> None:
    text = F + 'LABEL urllabel=""\n'
    both = {"DL3051": OPTIONS, CODE: OPTIONS}
    assert lint_snippet(text, select=[CODE], options=both) == [(CODE, 2)]
    assert lint_snippet(text, select=["DL3051", CODE], options=both) == [("DL3051", 2)]


def test_message_names_label_and_value() -> None:
    (found,) = findings(F + "LABEL urllabel=github.com/x\n", select=[CODE], options={CODE: OPTIONS})
    assert "`urllabel`" in found.message and "`github.com/x`" in found.message
    assert found.fix is not None and "https://" in found.fix
    assert len(found.message) <= 90


def test_without_schema_nothing() -> None:
    assert lint_snippet(F + "LABEL urllabel=x\n", select=[CODE]) == []


@pytest.mark.parametrize(
    "schema", [["urllabel"], {"urllabel": "URL"}, {"urllabel": "uri"}, {"": "url"}, "url"]
)
def test_bad_schema_is_refused(schema: object) -> None:
    with pytest.raises(ValueError, match="label-schema"):
        lint_snippet(F, select=[CODE], options={CODE: {"label-schema": schema}})


def test_silent_without_a_schema() -> None:
    # In the default selection, and silent until configured.
    assert CODE not in {c for c, _ in lint_snippet(F + "LABEL urllabel=x\n")}

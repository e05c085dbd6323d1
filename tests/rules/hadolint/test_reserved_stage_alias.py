"""DL3063 reserved-stage-alias: hadolint's spec cases (test/Hadolint/Rule/DL3063Spec.hs) and
ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3063"

# DL3063Spec.hs at v2.15.1 (reserved stage names; the rule's code was later reused for a
# USER check), every case, in our words.
SPEC: list[Case] = [
    ("spec: scratch", "FROM foo:bar AS scratch\n", [1]),
    ("spec: context", "FROM foo:bar AS context\n", [1]),
    ("spec: foobar", "FROM foo:bar AS foobar\n", []),
]

OURS: list[Case] = [
    ("each stage", "FROM a:1 AS scratch\nFROM b:1 AS context\nFROM c:1 AS c\n", [1, 2]),
    ("FROM scratch is fine", "FROM scratch AS rootfs\n", []),
    ("a longer name", "FROM a:1 AS build-context\n", []),
    ("no name", "FROM scratch\n", []),
]

DIFFERENT: list[Different] = [
    (
        "another case",
        "FROM debian AS Scratch\nFROM debian AS CONTEXT\n",
        [],
        [1, 2],
        "BuildKit lower-cases stage names: `Scratch` is `scratch`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_stage() -> None:
    (found,) = findings("FROM a:1 AS context\n", [CODE])
    assert "`context`" in found.message
    assert len(found.message) <= 90


def test_supersedes_buildkit_check() -> None:
    rule = load_registry().by_code(CODE)
    assert rule is not None and rule.supersedes == ("ReservedStageName",)


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1 AS scratch\n")}

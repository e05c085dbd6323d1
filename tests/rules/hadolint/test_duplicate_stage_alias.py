"""DL3024 duplicate-stage-alias: hadolint's spec cases (test/Hadolint/Rule/DL3024Spec.hs) and
ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3024"

# DL3024Spec.hs at v2.15.1, both cases, in our words. No ONBUILD variants.
SPEC: list[Case] = [
    (
        "spec: duplicate names",
        "FROM node as foo\nRUN something\nFROM scratch as foo\nRUN something\n",
        [3],
    ),
    ("spec: unique names", "FROM scratch as build\nRUN foo\nFROM node as run\nRUN baz\n", []),
]

OURS: list[Case] = [
    ("each later duplicate", "FROM a AS x\nFROM b AS y\nFROM c AS x\nFROM d AS x\n", [3, 4]),
    ("unnamed stages", "FROM a:1\nFROM a:1\n", []),
    ("a name and an unnamed stage", "FROM a:1 AS a\nFROM a\n", []),
    ("ONBUILD FROM is no stage", "FROM a:1 AS x\nONBUILD FROM b AS x\n", []),
]

DIFFERENT: list[Different] = [
    (
        "names that differ in case only",
        "FROM node as foo\nFROM scratch as Foo\n",
        [],
        [2],
        "BuildKit lower-cases stage names: both stages are `foo`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_first_stage() -> None:
    (found,) = findings("FROM a:1 AS build\nFROM b:1 AS build\n", [CODE])
    assert "`build`" in found.message and "line 1" in found.message
    assert len(found.message) <= 90


def test_supersedes_buildkit_check() -> None:
    rule = load_registry().by_code(CODE)
    assert rule is not None and rule.supersedes == ("DuplicateStageName",)


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1 AS x\nFROM b:1 AS x\n")}

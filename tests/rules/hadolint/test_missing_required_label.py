"""DL3049 missing-required-label: hadolint's spec cases (test/Hadolint/Rule/DL3049Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3049"
OPTIONS = {"label-schema": {"foo": "text"}}

# DL3049Spec.hs at v2.15.1, schema {foo: text}; its ONBUILD variants wrap RUN only, so they
# repeat the plain cases. Its counts are ported as the lines the binary reports: for "warn
# once: two stages, inheritance, label only defined in second stage" the spec counts one,
# the 2.15.1 binary none (the later stage's LABEL exempts the base it is built on).
SPEC: list[Case] = [
    ("spec: one stage, no label", "FROM baseimage\n", [1]),
    ("spec: one stage, another label", 'FROM baseimage\nLABEL bar="baz"\n', [1]),
    ("spec: one stage, the label", 'FROM baseimage\nLABEL foo="bar"\n', []),
    ("spec: two stages, no labels", "FROM stage1\nFROM stage2\n", [1, 2]),
    (
        "spec: two stages, other labels only",
        'FROM stage1\nLABEL bar="baz"\nFROM stage2\nLABEL buzz="fuzz"\n',
        [1, 3],
    ),
    ("spec: the label in the second only", 'FROM baseimage\nFROM newimage\nLABEL foo="bar"\n', [1]),
    (
        "spec: no inheritance, the label in the second",
        'FROM baseimage\nLABEL baz="bar"\nFROM newimage\nLABEL foo="bar"\n',
        [1],
    ),
    ("spec: inherited", 'FROM baseimage as base\nLABEL foo="bar"\nFROM base\n', []),
    (
        "spec: the label only in the stage built on the base",
        'FROM baseimage as base\nFROM base\nLABEL foo="bar"\n',
        [],
    ),
]

OURS: list[Case] = [
    (
        "a COPY source stage",
        "FROM a:1 AS build\nRUN x\nFROM b:1\nCOPY --from=build /x /x\nLABEL foo=1\n",
        [],
    ),
    ("an unused build stage", "FROM a:1 AS build\nRUN x\nFROM b:1\nLABEL foo=1\n", [1]),
    ("inherited through two stages", "FROM a:1 AS s0\nLABEL foo=1\nFROM s0 AS s1\nFROM s1\n", []),
    ("legacy form", "FROM a:1\nLABEL foo some text\n", []),
    ("a quoted key", 'FROM a:1\nLABEL "foo"=1\n', []),
    ("an empty value still sets it", 'FROM a:1\nLABEL foo=""\n', []),
    ("ONBUILD LABEL does not count", "FROM a:1\nONBUILD LABEL foo=1\n", [1]),
    ("a label in a later stage does not help", "FROM a:1\nFROM b:1\nLABEL foo=1\n", [1]),
    (
        "a later stage's LABEL, its own FROM line",
        "FROM a:1 AS base\nFROM base\nLABEL foo=1\nFROM base\n",
        [4],
    ),
    ("a global ARG first", "ARG V=1\nFROM a:1\nLABEL foo=1\n", []),
]

DIFFERENT: list[Different] = [
    (
        "each target stage, not their base",
        "FROM a:1 AS base\nFROM base AS dev\nFROM base AS prod\n",
        [1, 2, 3],
        [2, 3],
        "the base stage is intermediate: the images built on it are reported",
    ),
    (
        "COPY --from a stage number",
        "FROM a:1\nRUN x\nFROM b:1\nCOPY --from=0 /x /x\nLABEL foo=1\n",
        [1],
        [],
        "`--from=0` names the first stage, as in Docker; hadolint matches names only",
    ),
    (
        "a stage name in another case",
        "FROM a:1 AS Build\nRUN x\nFROM b:1\nCOPY --from=build /x /x\nLABEL foo=1\n",
        [1],
        [],
        "Docker's stage names ignore case; hadolint compares the text",
    ),
    (
        "built on a stage named in another case",
        "FROM a:1 AS base\nLABEL foo=1\nFROM BASE\n",
        [3],
        [],
        "`FROM BASE` is built on the stage `base`, whose label it inherits",
    ),
    (
        "RUN --mount from a stage",
        "FROM a:1 AS build\nRUN x\nFROM b:1\nRUN --mount=from=build,target=/w cp /w/x /x\n"
        "LABEL foo=1\n",
        [1],
        [],
        "a stage mounted by a later RUN is a build stage like a COPY source",
    ),
    (
        "a key with a variable",
        "FROM a:1\nARG K\nLABEL ${K}=1\n",
        [1],
        [],
        "the LABEL may set the schema label: its key is known at build time only",
    ),
    (
        "a COPY --from with an unknown stage",
        "FROM a:1 AS x\nRUN y\nFROM b:1\nARG SRC\nCOPY --from=$SRC /x /x\nLABEL foo=1\n",
        [1],
        [],
        "the COPY may take its files from the first stage, an intermediate one then",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_one_finding_per_missing_label() -> None:
    options = {CODE: {"label-schema": {"a": "text", "b": "url", "c": "text"}}}
    found = findings("FROM x:1\nLABEL b=https://x.example\n", select=[CODE], options=options)
    assert [(f.span.line, f.message) for f in found] == [
        (1, "Label `a` of the label schema is not set in this image."),
        (1, "Label `c` of the label schema is not set in this image."),
    ]
    assert found[0].fix == "Add `LABEL a=...` to the stage or to a stage it is built on."


def test_stage_named_in_message() -> None:
    (found, _) = findings("FROM x:1 AS dev\nFROM y:1\n", select=[CODE], options={CODE: OPTIONS})
    assert "stage `dev`" in found.message


def test_without_schema_nothing() -> None:
    assert lint_snippet("FROM x:1\n", select=[CODE]) == []

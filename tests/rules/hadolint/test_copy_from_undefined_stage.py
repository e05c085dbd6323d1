"""DL3022 copy-from-undefined-stage: hadolint's spec cases (test/Hadolint/Rule/DL3022Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3022"

# DL3022Spec.hs at v2.15.1 (its latest stored version: stage indices and images with a
# tag), every case, in our words. No ONBUILD variants.
SPEC: list[Case] = [
    ("spec: no stage at all", "COPY --from=foo bar .\n", [1]),
    (
        "spec: stage defined after",
        "FROM scratch\nCOPY --from=build foo .\nFROM node as build\nRUN baz\n",
        [2],
    ),
    (
        "spec: stage defined before",
        "FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=build foo .\nRUN baz\n",
        [],
    ),
    ("spec: an image with a tag", "COPY --from=haskell:latest bar .\n", []),
    ("spec: index with no stage", "COPY --from=0 bar .\n", [1]),
    (
        "spec: index of an earlier named stage",
        "FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=0 foo .\n",
        [],
    ),
    (
        "spec: index of an earlier unnamed stage",
        "FROM scratch\nRUN foo\nFROM node\nCOPY --from=0 foo .\n",
        [],
    ),
]

OURS: list[Case] = [
    ("a typo", "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /x\n", [3]),
    ("a plain image name", "FROM node:1\nCOPY --from=nginx /a /b\n", [2]),
    ("an image with a digest", "FROM a:1\nCOPY --from=nginx@sha256:abcd /a /b\n", []),
    ("index of a later stage", "FROM a:1\nCOPY --from=1 /a /b\nFROM b:1\n", [2]),
    ("index of the own stage: DL3023", "FROM a:1 AS x\nCOPY --from=0 /a /b\n", []),
    ("own stage name: DL3023", "FROM a:1 AS build\nCOPY --from=build /a /b\n", []),
    ("no --from", "FROM a:1\nCOPY a b\n", []),
    ("empty --from", "FROM a:1\nCOPY --from= a b\n", []),
    ("ONBUILD is not checked", "FROM a:1 AS b\nFROM c:1\nONBUILD COPY --from=nope /a /b\n", []),
    ("a stage two back", "FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1\nCOPY --from=x /a /b\n", []),
    ("each COPY", "FROM a:1\nCOPY --from=p /a /b\nCOPY --from=q /a /b\n", [2, 3]),
    (
        "name of a later stage, the same name earlier",
        "FROM a:1 AS x\nFROM b:1\nCOPY --from=x /a /b\nFROM c:1 AS x\n",
        [],
    ),
]

DIFFERENT: list[Different] = [
    (
        "stage name in another case",
        "FROM node:1 AS Build\nFROM node:1\nCOPY --from=build /a /b\n",
        [3],
        [],
        "BuildKit lower-cases stage names: `build` is the stage `Build`",
    ),
    (
        "an image with a path and no tag",
        "FROM node:1\nCOPY --from=library/nginx /a /b\n",
        [2],
        [],
        "a `/` cannot be in a stage name: the value is an image reference",
    ),
    (
        "an image on a registry, no tag",
        "FROM node:1\nCOPY --from=gcr.io/distroless/base /a /b\n",
        [2],
        [],
        "a `/` cannot be in a stage name: the value is an image reference",
    ),
    (
        "a variable",
        "ARG X=build\nFROM node:1 AS build\nFROM node:1\nCOPY --from=$X /a /b\n",
        [4],
        [],
        "a value with a variable is not judged",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_value_and_the_later_stage() -> None:
    (found,) = findings("FROM scratch\nCOPY --from=build foo .\nFROM node:1 AS build\n", [CODE])
    assert "`--from=build`" in found.message and "line 3" in found.message
    assert found.fix is not None and "before" in found.fix
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1\nCOPY --from=x /a /b\n")}

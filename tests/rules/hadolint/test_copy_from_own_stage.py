"""DL3023 copy-from-own-stage: hadolint's spec cases (test/Hadolint/Rule/DL3023Spec.hs) and
ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3023"

# DL3023Spec.hs at v2.15.1, both cases, in our words. No ONBUILD variants.
SPEC: list[Case] = [
    ("spec: its own stage", "FROM node as foo\nCOPY --from=foo bar .\n", [2]),
    (
        "spec: another stage",
        "FROM scratch as build\nRUN foo\nFROM node as run\nCOPY --from=build foo .\nRUN baz\n",
        [],
    ),
]

OURS: list[Case] = [
    ("no alias", "FROM node:1\nCOPY --from=foo bar .\n", []),
    ("an earlier stage of the same chain", "FROM a:1 AS x\nFROM x AS y\nCOPY --from=x /a /b\n", []),
    ("an image", "FROM a:1 AS x\nCOPY --from=x:1 /a /b\n", []),
    ("ONBUILD is not checked", "FROM node:1 AS build\nONBUILD COPY --from=build /a /b\n", []),
    ("COPY before FROM", "COPY --from=foo bar .\nFROM a:1 AS foo\n", []),
    ("each COPY", "FROM a:1 AS x\nCOPY --from=x /a /b\nCOPY --from=x /c /d\n", [2, 3]),
    ("the later stage of the name", "FROM a:1 AS x\nFROM b:1 AS y\nCOPY --from=x /a /b\n", []),
    ("another index", "FROM a:1\nFROM b:1\nCOPY --from=0 /a /b\n", []),
]

DIFFERENT: list[Different] = [
    (
        "its own name in another case",
        "FROM node:1 AS build\nCOPY --from=Build /a /b\n",
        [],
        [2],
        "BuildKit lower-cases stage names: a circular dependency (hadolint: DL3022)",
    ),
    (
        "its own index",
        "FROM node:1 AS build\nCOPY --from=0 /a /b\n",
        [],
        [2],
        "index 0 is this stage: BuildKit rejects the circular dependency",
    ),
    (
        "its own index, unnamed stage",
        "FROM a:1\nFROM node:1\nCOPY --from=1 /a /b\n",
        [],
        [3],
        "index 1 is this stage: BuildKit rejects the circular dependency",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings("FROM node:1 AS foo\nCOPY --from=foo bar .\n", [CODE])
    assert "`--from=foo`" in found.message
    assert found.fix is not None
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM a:1 AS x\nCOPY --from=x /a /b\n")}

"""DL3002 last-user-root: hadolint's spec cases (test/Hadolint/Rule/DL3002Spec.hs) and ours.

Ported from the v2.15.1 spec, every case (the lines are hadolint 2.15.1's); its "multiple
stages" case, where a build stage ends as root and the final stage does not, is a
deliberate difference (PEERS.md, "hadolint behaviours not to copy", 7)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3002"

SPEC: list[Case] = [
    ("spec: last USER root", "FROM scratch\nUSER root\n", [2]),
    ("spec: a user", "FROM scratch\nUSER foo\n", []),
    ("spec: UID 0", "FROM scratch\nUSER 0\n", [2]),
    ("spec: root:root", "FROM scratch\nUSER root:root\n", [2]),
    ("spec: 0:0", "FROM scratch\nUSER 0:0\n", [2]),
    ("spec: back to a user", "FROM scratch\nUSER root\nRUN something\nUSER foo\n", []),
    (
        "spec: root inherited from the base stage",
        "FROM debian as base\nUSER root\nRUN something\nFROM base\nRUN something else\n",
        [2],
    ),
    (
        "spec: a build stage switches back",
        "FROM debian as base\nUSER root\nRUN something\nUSER foo\nFROM scratch\n"
        "RUN something else\n",
        [],
    ),
]

OURS: list[Case] = [
    ("root with a group", "FROM a:1\nUSER root:1000\n", [2]),
    ("UID 0 with a group", "FROM a:1\nUSER 0:1000\n", [2]),
    ("a variable is not judged", "FROM a:1\nARG U=root\nUSER $U\n", []),
    ("ONBUILD USER is not judged", "FROM a:1\nONBUILD USER root\n", []),
    ("the last of two root USERs", "FROM a:1\nUSER root\nRUN x\nUSER root\n", [4]),
    ("no USER at all", "FROM a:1\nRUN x\n", []),
    ("ROOT is another user", "FROM a:1\nUSER ROOT\n", []),
    (
        "inherited through two stages",
        "FROM a:1 AS b\nUSER root\nFROM b AS c\nRUN x\nFROM c\n",
        [2],
    ),
    (
        "the final stage goes back to root",
        "FROM a:1 AS b\nUSER app\nFROM b\nUSER root\n",
        [4],
    ),
    (
        "a sibling stage is not the base",
        "FROM a:1 AS b\nUSER root\nFROM b\nUSER app\nFROM b\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "the final stage's own USER wins over its base's",
        "FROM a:1 AS b\nUSER root\nFROM b\nUSER app\n",
        [2],
        [],
        "the final image runs as `app`; the base stage's USER is replaced",
    ),
    (
        "UID 00",
        "FROM a:1\nUSER 00\n",
        [],
        [2],
        "`00` is UID 0, root",
    ),
    (
        "spec: a build stage ends as root",
        "FROM debian as base\nUSER root\nRUN something\nFROM scratch\nUSER foo\n"
        "RUN something else\n",
        [2],
        [],
        "only the final image counts; the build stage's user never runs in it",
    ),
    (
        "a build stage copied from",
        "FROM a:1 AS build\nUSER root\nFROM c:1\nCOPY --from=build /out /out\n",
        [2],
        [],
        "files copied out of a stage do not carry its USER",
    ),
    (
        "quoted root",
        'FROM a:1\nUSER "root"\n',
        [],
        [2],
        "Docker removes the quotes: the user is root",
    ),
    (
        "trailing blank",
        "FROM a:1\nUSER root \n",
        [],
        [2],
        "the blank is not part of the user, as Docker reads it",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings("FROM a:1\nUSER root\n", select=[CODE])
    assert "root" in found.message and len(found.message) <= 90
    assert found.fix is not None and "USER 10001" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet("FROM a:1\nUSER root\n")}


def test_superseded_by_dlm110() -> None:
    # DLM110 (runs-as-root) covers the same root cause: selecting both gives one finding,
    # DLM110's, and a pragma naming DL3002 silences DLM110 too.
    text = 'FROM python:3.12-slim\nUSER root\nCMD ["python", "serve.py"]\n'
    assert lint_snippet(text, select=[CODE, "DLM110"]) == [("DLM110", 2)]
    assert lint_snippet(text, select=[CODE]) == [(CODE, 2)]
    pragma = 'FROM python:3.12-slim\n# hadolint ignore=DL3002\nUSER root\nCMD ["python", "s.py"]\n'
    assert lint_snippet(pragma, select=[CODE, "DLM110"]) == []

"""DL3066 non-numeric-user: hadolint's spec cases (test/Hadolint/Rule/DL3066Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3066"
F = "FROM foo:bar\n"

# DL3066Spec.hs: the original version (its cases have no FROM: each gets one) and the first
# five cases of the latest stored version, which 2.15.1 follows, in our words. That version's
# last-stage and last-USER cases came after 2.15.1; the two the binary does not pass are
# ported as 2.15.1 behaves, and the other two as they are. No onbuild variants.
SPEC: list[Case] = [
    ("spec: numeric UID", F + "USER 12345\n", []),
    ("spec: numeric UID:GID", F + "USER 1234:5678\n", []),
    ("spec: a name", F + "USER foobar\n", [2]),
    ("spec: a name and a group", F + "USER foobar:barfoo\n", [2]),
    ("spec: a declared ARG", "ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}\n", []),
    (
        "spec (after 2.15.1): a name in a build stage only",
        "FROM foo:bar AS build\nUSER foobar\nFROM foobar:barfoo\nUSER 1234\n",
        [2],
    ),
    (
        "spec: a name in the last stage",
        "FROM foo:bar AS build\nUSER 1234\nFROM foobar:barfoo\nUSER foobar\n",
        [4],
    ),
    ("spec (after 2.15.1): a name, then a UID", F + "USER foobar\nUSER 1234\n", [2]),
    ("spec: a UID, then a name", F + "USER 1234\nUSER foobar\n", [3]),
]

OURS: list[Case] = [
    ("numeric UID, named group", F + "USER 1000:app\n", []),
    ("an undeclared variable", F + "USER $APP_UID\n", [2]),
    ("an ARG in the stage", F + "ARG APP_UID=1000\nUSER ${APP_UID}\n", []),
    ("an ARG naming a user still exempts", F + "ARG U=app\nUSER $U\n", []),
    ("an ENV from the base image", F + "USER ${NB_UID}\n", [2]),
    ("root", F + "USER root\n", [2]),
    ("Windows account", F + "USER ContainerUser\n", [2]),
    ("each USER", F + "USER a\nRUN x\nUSER b\n", [2, 4]),
    ("each stage", "FROM a:1 AS b\nUSER x\nFROM c:1\nUSER y\n", [2, 4]),
    ("ONBUILD is not checked", F + "ONBUILD USER foo\n", []),
    ("UID 0", F + "USER 0\n", []),
    ("negative", F + "USER -1\n", [2]),
    ("empty user part", F + "USER :1000\n", []),
    ("an ARG of an earlier stage", "FROM a:1 AS x\nARG U=1000\nFROM b:1\nUSER $U\n", []),
    ("an ARG declared later", F + "USER $U\nARG U=1000\n", [2]),
    ("numeric UID:GID with blanks", F + "USER 1000:1000 \n", []),
]

DIFFERENT: list[Different] = [
    (
        "an ENV set to a UID",
        F + "ENV APP_UID=1000\nUSER ${APP_UID}\n",
        [3],
        [],
        "the file sets the variable to a numeric UID; hadolint exempts ARG variables only",
    ),
    (
        "an ENV of a base stage set to a UID",
        "FROM a:1 AS base\nENV UID=10001\nFROM base\nUSER $UID\n",
        [4],
        [],
        "the value is inherited from the base stage and numeric",
    ),
    (
        "an ARG whose name only starts the variable's",
        "ARG A\nFROM a:1\nUSER $AB\n",
        [],
        [3],
        "`$AB` is not `$A`: hadolint matches the text, not the name",
    ),
    (
        "an ARG with a default in the reference",
        F + "ARG U\nUSER ${U:-1000}\n",
        [3],
        [],
        "`${U:-1000}` uses the ARG `U`; hadolint looks for `$U` or `${U}` as text",
    ),
    (
        "trailing blank after a UID",
        F + "USER 1000 \n",
        [2],
        [],
        "the blank is not part of the user, as Docker reads it",
    ),
    (
        "quoted UID",
        F + 'USER "1000"\n',
        [2],
        [],
        "Docker removes the quotes",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_user() -> None:
    (found,) = findings(F + "USER model-server\n", select=[CODE])
    assert "`model-server`" in found.message
    assert found.fix is not None and "USER 10001" in found.fix
    assert len(found.message) <= 90


def test_off_by_default() -> None:
    codes = {code for code, _ in lint_snippet(F + "USER app\n")}
    assert CODE not in codes

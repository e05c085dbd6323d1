"""DL3055 invalid-git-hash-label: hadolint's spec cases (test/Hadolint/Rule/DL3055Spec.hs)
and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3055"
OPTIONS = {"label-schema": {"githash": "hash"}}
F = "FROM foo:1\n"
FULL = "43c572f1272b6b3171dd1db9e41b7027128ce080"


def _at(value: str) -> str:
    return F + f"LABEL githash={value}\n"


# DL3055Spec.hs at v2.15.1, schema {githash: hash}; its cases have no FROM (each gets one),
# and its ONBUILD variants wrap RUN only, so they repeat the plain cases.
SPEC: list[Case] = [
    ("spec: not a hash", _at('"not-git-hash"'), [2]),
    ("spec: a short hash", _at('"2dbfae9"'), []),
    ("spec: a full hash", _at(f'"{FULL}"'), []),
    ("spec: another label", F + 'LABEL other="foo"\n', []),
]

OURS: list[Case] = [
    ("upper case", _at("2DBFAE9"), [2]),
    ("six digits", _at("2dbfae"), [2]),
    ("41 digits", _at(FULL + "0"), [2]),
    ("a branch name", _at("main"), [2]),
    ("a tag", _at("v1.2.3"), [2]),
    ("not hexadecimal", _at("g123456"), [2]),
]

DIFFERENT: list[Different] = [
    (
        "a 10-digit abbreviation",
        _at("2dbfae91ab"),
        [2],
        [],
        "git abbreviates to more than 7 digits in large repositories (`git rev-parse --short`)",
    ),
    (
        "a SHA-256 object id",
        _at("a" * 64),
        [2],
        [],
        "a repository in SHA-256 mode names commits with 64 digits",
    ),
    (
        "a variable",
        F + "ARG GIT_SHA\nLABEL githash=$GIT_SHA\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text `$GIT_SHA`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)

"""DL3056 invalid-semver-label: hadolint's spec cases (test/Hadolint/Rule/DL3056Spec.hs)
and ours."""

from __future__ import annotations

import itertools
import re

from dockerlint_ml.rules.hadolint._label_formats import is_semver
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3056"
OPTIONS = {"label-schema": {"semver": "semver"}}
F = "FROM foo:1\n"


def _at(value: str) -> str:
    return F + f"LABEL semver={value}\n"


# DL3056Spec.hs at v2.15.1, schema {semver: semver}; its cases have no FROM (each gets one),
# and its ONBUILD variants wrap RUN only, so they repeat the plain cases (their values,
# `2.0.1-rc1` and `bar`, are ported once).
SPEC: list[Case] = [
    ("spec: not a version", _at('"not-sem-ver"'), [2]),
    ("spec: a version", _at('"1.0.0"'), []),
    ("spec (onbuild): a pre-release", _at('"2.0.1-rc1"'), []),
    ("spec: another label", F + 'LABEL other="foo"\n', []),
    ("spec (onbuild): another label", F + 'LABEL other="bar"\n', []),
]

OURS: list[Case] = [
    ("a v prefix", _at("v1.0.0"), [2]),
    ("two parts", _at("1.0"), [2]),
    ("four parts", _at("1.2.3.4"), [2]),
    ("pre-release and build", _at("1.0.0-rc.1+build.5"), []),
    ("an underscore in the pre-release", _at("1.0.0-a_b"), [2]),
    ("an empty pre-release part", _at("1.0.0-a..b"), [2]),
    ("latest", _at("latest"), [2]),
]

DIFFERENT: list[Different] = [
    (
        "a leading zero",
        _at("01.2.3"),
        [],
        [2],
        "SemVer 2.0.0 forbids leading zeros; hadolint's parser reads the number",
    ),
    (
        "a numeric pre-release with a leading zero",
        _at("1.2.3-rc.01"),
        [],
        [2],
        "SemVer 2.0.0 forbids leading zeros in numeric identifiers",
    ),
    (
        "an empty pre-release",
        _at("1.2.3-"),
        [],
        [2],
        "SemVer 2.0.0's pre-release has at least one identifier",
    ),
    (
        "a variable",
        F + "ARG VERSION\nLABEL semver=$VERSION\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text `$VERSION`",
    ),
    (
        "an escape Docker removes",
        _at("1.0.\\0"),
        [2],
        [],
        "Docker reads `\\0` as `0`, giving 1.0.0; hadolint keeps the backslash",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


# semver.org's suggested expression, which is_semver replaced by a split-based reading.
_IDENT = r"(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
_SEMVER_ORG = re.compile(
    r"(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)"
    rf"(?:-{_IDENT}(?:\.{_IDENT})*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?",
    re.ASCII,
)


def test_semver_is_semver_orgs_language() -> None:
    for length in range(8):
        for letters in itertools.product("01a-.+", repeat=length):
            text = "".join(letters)
            assert is_semver(text) == bool(_SEMVER_ORG.fullmatch(text)), text
    for text in ("1.2.3-\u0663", "\uff11.2.3", "1.2.3+\u00e9", "1.2.3\n", "1.2.3-a+b+c"):
        assert is_semver(text) == bool(_SEMVER_ORG.fullmatch(text)), text


def test_semver_on_long_identifier_runs() -> None:
    # The shape tests/test_regex_linearity.py named: pre-release identifiers whose
    # alternatives (`0`, `[1-9]\d*`, `\d*[a-zA-Z-]...`) start with the same digit, long.
    n = 50_000
    assert is_semver("1.2.3-" + "1" * n + "a")
    assert not is_semver("1.2.3-" + "0" * n)
    assert is_semver("1.2.3-" + "0a." * n + "1")
    assert not is_semver("1.2.3-" + "0a." * n + "01")
    assert is_semver("1.2.3-rc+" + "0." * n + "0")
    assert not is_semver("1.2.3-" + "1." * n)

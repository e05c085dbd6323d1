"""DL3058 invalid-email-label: hadolint's spec cases (test/Hadolint/Rule/DL3058Spec.hs)
and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3058"
OPTIONS = {"label-schema": {"maintainer": "email"}}
F = "FROM foo:1\n"


def _at(value: str) -> str:
    return F + f"LABEL maintainer={value}\n"


# DL3058Spec.hs at v2.15.1, schema {maintainer: email}; its cases have no FROM (each gets
# one), and its ONBUILD variants wrap RUN only, so they repeat the plain cases.
SPEC: list[Case] = [
    ("spec: not an email", _at('"not-email"'), [2]),
    ("spec: an email", _at('"abcd@google.com"'), []),
    ("spec: another label", F + 'LABEL other="doo"\n', []),
]

OURS: list[Case] = [
    ("a display name", _at('"Jane Doe <jane@example.com>"'), [2]),
    ("plus and dots", _at("a.b+ml@example.org"), []),
    ("no dot in the domain", _at("root@localhost"), []),
    ("two dots", _at("a..b@example.com"), [2]),
    ("a leading dot", _at(".a@example.com"), [2]),
    ("an address literal", _at("ops@[192.0.2.1]"), []),
    ("a hyphen starting a domain label", _at("a@-b.com"), [2]),
    ("an underscore in the domain", _at("a@b_c.com"), [2]),
    ("a 64-character domain label", _at("a@" + "b" * 64 + ".com"), [2]),
    ("a 63-character domain label", _at("a@" + "b" * 63 + ".com"), []),
    ("two @", _at("a@b@example.com"), [2]),
    ("non-ASCII", _at("é@example.com"), [2]),
    ("a quoted local part", _at("'\"a b\"@example.com'"), []),
    ("a comment", _at('"(ml team) ml@example.com"'), []),
    ("a URL", _at("https://example.com/team"), [2]),
    ("legacy form, name and address", F + "LABEL maintainer Jane <jane@example.com>\n", [2]),
    ("legacy form, an address", F + "LABEL maintainer jane@example.com\n", []),
]

DIFFERENT: list[Different] = [
    (
        "a variable",
        F + "ARG AUTHOR\nLABEL maintainer=$AUTHOR\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text `$AUTHOR`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)

"""DL3054 invalid-license-label: hadolint's spec cases (test/Hadolint/Rule/DL3054Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3054"
OPTIONS = {"label-schema": {"spdxlabel": "spdx"}}
F = "FROM foo:1\n"


def _at(value: str) -> str:
    return F + f"LABEL spdxlabel={value}\n"


# DL3054Spec.hs at v2.15.1, schema {spdxlabel: spdx}; its cases have no FROM (each gets
# one), and its ONBUILD variants wrap RUN only, so they repeat the plain cases (their
# values, `MIT` and `bar`, are ported once).
SPEC: list[Case] = [
    ("spec: not an SPDX id", _at('"not-spdx"'), [2]),
    ("spec: an SPDX id", _at('"BSD-3-Clause"'), []),
    ("spec (onbuild): an SPDX id", _at('"MIT"'), []),
    ("spec: another label", F + 'LABEL other="fooo"\n', []),
]

OURS: list[Case] = [
    ("lower case", _at("mit"), [2]),
    ("a deprecated id", _at("GPL-2.0"), [2]),
    ("its replacement", _at("GPL-2.0-only"), []),
    ("a deprecated id with +", _at("GPL-2.0+"), [2]),
    ("a free-form name", _at('"Apache 2"'), [2]),
    ("Proprietary", _at("Proprietary"), [2]),
    ("a slash", _at("MIT/Apache-2.0"), [2]),
    ("lower-case operator", _at('"MIT or Apache-2.0"'), [2]),
]

DIFFERENT: list[Different] = [
    (
        "an SPDX expression",
        _at('"MIT OR Apache-2.0"'),
        [2],
        [],
        "the OCI `licenses` annotation is an SPDX expression; hadolint takes single ids only",
    ),
    (
        "an exception",
        _at('"Apache-2.0 WITH LLVM-exception"'),
        [2],
        [],
        "an SPDX expression of valid ids",
    ),
    (
        "a LicenseRef",
        _at("LicenseRef-Proprietary"),
        [2],
        [],
        "SPDX's own form for a license outside the list",
    ),
    (
        "an id deprecated after hadolint's list",
        _at("Net-SNMP"),
        [],
        [2],
        "packaging's SPDX list (3.25.0 and later) deprecates it; hadolint's list predates that",
    ),
    (
        "an id added after hadolint's list",
        _at("MIT-Khronos-old"),
        [2],
        [],
        "packaging's SPDX list is newer than hadolint's",
    ),
    (
        "a variable",
        F + "ARG LICENSE\nLABEL spdxlabel=$LICENSE\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text `$LICENSE`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_messages_say_what_is_wrong() -> None:
    def message(value: str) -> str:
        (found,) = findings(_at(value), select=[CODE], options={CODE: OPTIONS})
        return found.message

    assert message("mit") == "Label `spdxlabel`: `mit` is spelled `MIT` in the SPDX list."
    assert "deprecated" in message("GPL-2.0")
    assert (
        message("Apache2")
        == "Label `spdxlabel`: `Apache2` is not an SPDX license id or expression."
    )

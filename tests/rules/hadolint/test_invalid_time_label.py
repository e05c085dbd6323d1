"""DL3053 invalid-time-label: hadolint's spec cases (test/Hadolint/Rule/DL3053Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3053"
OPTIONS = {"label-schema": {"datelabel": "rfc3339"}}
F = "FROM foo:1\n"


def _at(value: str) -> str:
    return F + f"LABEL datelabel={value}\n"


# DL3053Spec.hs at v2.15.1, schema {datelabel: rfc3339}; its cases have no FROM (each gets
# one), and its ONBUILD variants wrap RUN only, so they repeat the plain cases.
SPEC: list[Case] = [
    ("spec: not a date", _at('"not-date"'), [2]),
    ("spec: an RFC 3339 time", _at('"2021-03-10T10:26:33.564595127+01:00"'), []),
    ("spec: another label", F + 'LABEL other="doo"\n', []),
]

OURS: list[Case] = [
    ("UTC", _at("2024-05-01T12:00:00Z"), []),
    ("lower-case t and z", _at("2024-05-01t12:00:00z"), []),
    ("a date only", _at("2024-05-01"), [2]),
    ("no offset", _at("2024-05-01T12:00:00"), [2]),
    ("no seconds", _at("2024-05-01T12:00Z"), [2]),
    ("a blank for T", _at('"2024-05-01 12:00:00Z"'), [2]),
    ("a day that does not exist", _at("2021-02-29T00:00:00Z"), [2]),
    ("a leap day", _at("2020-02-29T00:00:00Z"), []),
    ("a leap second", _at("2016-12-31T23:59:60Z"), []),
    ("hour 25", _at("2024-05-01T25:00:00Z"), [2]),
    ("a comma for the fraction", _at("2024-05-01T12:00:00,5Z"), [2]),
    ("a Unix time", _at("1714564800"), [2]),
]

DIFFERENT: list[Different] = [
    (
        "offset without a colon",
        _at("2024-05-01T12:00:00+0100"),
        [],
        [2],
        "RFC 3339's offset is `+hh:mm`; hadolint's parser also takes ISO 8601's `+hhmm`",
    ),
    (
        "a two-digit year",
        _at("24-05-01T12:00:00Z"),
        [],
        [2],
        "RFC 3339's year has four digits; hadolint's parser takes any number",
    ),
    (
        "a point without digits",
        _at("2024-05-01T12:00:00.Z"),
        [],
        [2],
        "RFC 3339's fraction has at least one digit",
    ),
    (
        "an offset past 23:59",
        _at("2024-05-01T12:00:00+24:00"),
        [],
        [2],
        "RFC 3339's offset hour is 00-23",
    ),
    (
        "a variable",
        F + "ARG BUILD_DATE\nLABEL datelabel=${BUILD_DATE}\n",
        [3],
        [],
        "the value is known at build time only; hadolint checks the text",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT, OPTIONS)


def test_message_and_hint() -> None:
    (found,) = findings(_at("2024-05-01"), select=[CODE], options={CODE: OPTIONS})
    assert found.message == "Label `datelabel`: `2024-05-01` is not an RFC 3339 date-time."
    assert found.fix is not None and "date -u" in found.fix

"""facts.python_versions: the CPython release lines and their end-of-life dates."""

from __future__ import annotations

import datetime

import pytest

from dockerlint_ml.facts.python_versions import LINES, python_line, suggested, supported

# The dates of issue 12 (a public contract, each from its release PEP).
ISSUE_DATES = {
    "2.7": "2020-01-01",
    "3.5": "2020-09-13",
    "3.6": "2021-12-23",
    "3.7": "2023-06-27",
    "3.8": "2024-10-07",
    "3.9": "2025-10-31",
    "3.10": "2026-10-31",
    "3.11": "2027-10-31",
    "3.12": "2028-10-31",
    "3.13": "2029-10-31",
    "3.14": "2030-10-31",
}


@pytest.mark.parametrize(("version", "eol"), sorted(ISSUE_DATES.items()))
def test_issue_dates(version: str, eol: str) -> None:
    line = python_line(version)
    assert line is not None
    assert line.eol == datetime.date.fromisoformat(eol)
    assert line.source.startswith("https://")


def test_every_line_has_a_source_and_is_released_before_its_eol() -> None:
    for line in LINES:
        assert line.source.startswith("https://peps.python.org/") or "devguide" in line.source
        assert line.released < line.eol


def test_unknown_versions() -> None:
    assert python_line("3.99") is None
    assert python_line("3") is None


def test_eol_is_inclusive() -> None:
    line = python_line("3.8")
    assert line is not None
    assert not line.is_eol(datetime.date(2024, 10, 6))
    assert line.is_eol(datetime.date(2024, 10, 7))


def test_supported_and_suggested() -> None:
    day = datetime.date(2026, 12, 1)
    assert [line.version for line in supported(day)] == ["3.11", "3.12", "3.13", "3.14"]
    found = suggested(day)
    assert found is not None and found.version == "3.14"
    # 3.13 (2024-10-07) is not out on 2024-09-01; 3.12 is under a year old then.
    early = datetime.date(2024, 9, 1)
    assert [line.version for line in supported(early)] == ["3.8", "3.9", "3.10", "3.11", "3.12"]
    found = suggested(early)
    assert found is not None and found.version == "3.11"
    assert supported(datetime.date(2040, 1, 1)) == ()
    assert suggested(datetime.date(2040, 1, 1)) is None

"""DLM101 python-eol."""

from __future__ import annotations

import datetime

import pytest

from tests.helpers import COURSE, findings, lint_snippet

AS_OF = datetime.date(2026, 12, 1)


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str, as_of: datetime.date = AS_OF) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM101"], as_of=as_of)


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file: python 3.8", COURSE, [("DLM101", 1)]),
    ("3.8 slim", df("FROM python:3.8-slim", 'CMD ["python"]'), [("DLM101", 1)]),
    ("patch version", df("FROM python:3.7.5-slim"), [("DLM101", 1)]),
    ("bookworm variant", df("FROM python:3.9.18-bookworm"), [("DLM101", 1)]),
    ("2.7", df("FROM python:2.7"), [("DLM101", 1)]),
    ("3.4 from the devguide rows", df("FROM python:3.4-alpine"), [("DLM101", 1)]),
    ("3.10 past its date at --as-of", df("FROM python:3.10-slim"), [("DLM101", 1)]),
    ("3.11 supported", df("FROM python:3.11-slim"), []),
    ("3.14 supported", df("FROM python:3.14"), []),
    ("no minor: DLM001's business", df("FROM python:3"), []),
    ("no version at all", df("FROM python:slim"), []),
    ("latest", df("FROM python"), []),
    ("unknown minor", df("FROM python:3.99-slim"), []),
    ("digest only", df("FROM python@sha256:" + "a" * 64), []),
    ("an image without facts", df("FROM mycorp/python:3.8"), []),
    ("debian has no Python fact", df("FROM debian:12"), []),
    ("ARG in FROM", df("ARG PY=3.8", "FROM python:${PY}-slim"), [("DLM101", 2)]),
    ("ARG in FROM, supported", df("ARG PY=3.12", "FROM python:${PY}-slim"), []),
    ("ARG without default", df("ARG PY", "FROM python:${PY}-slim"), []),
    (
        "stage chain: reported on the final FROM",
        df("FROM python:3.8 AS base", "RUN pip install flask", "FROM base", 'CMD ["python"]'),
        [("DLM101", 3)],
    ),
    (
        "two-level chain",
        df("FROM python:3.9-slim AS a", "FROM a AS b", "FROM b"),
        [("DLM101", 3)],
    ),
    (
        "only the final stage counts",
        df("FROM python:3.8 AS build", "RUN pip wheel .", "FROM python:3.12-slim"),
        [],
    ),
    (
        "EOL final stage after a supported builder",
        df("FROM python:3.12 AS build", "FROM python:3.8-slim"),
        [("DLM101", 2)],
    ),
    (
        "uv image with a Python tag",
        df("FROM ghcr.io/astral-sh/uv:python3.9-bookworm-slim"),
        [("DLM101", 1)],
    ),
    (
        "uv image, versioned python tag",
        df("FROM ghcr.io/astral-sh/uv:0.5.11-python3.12-bookworm"),
        [],
    ),
    ("lambda python", df("FROM public.ecr.aws/lambda/python:3.8"), [("DLM101", 1)]),
    ("docker.io spelling", df("FROM docker.io/library/python:3.6-slim"), [("DLM101", 1)]),
    ("lower-case from", df("from python:3.8-slim"), [("DLM101", 1)]),
    ("scratch", df("FROM scratch"), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("version", "day_before", "day_of"),
    [
        ("2.7", "2019-12-31", "2020-01-01"),
        ("3.5", "2020-09-12", "2020-09-13"),
        ("3.6", "2021-12-22", "2021-12-23"),
        ("3.7", "2023-06-26", "2023-06-27"),
        ("3.8", "2024-10-06", "2024-10-07"),
        ("3.9", "2025-10-30", "2025-10-31"),
        ("3.10", "2026-10-30", "2026-10-31"),
        ("3.11", "2027-10-30", "2027-10-31"),
        ("3.12", "2028-10-30", "2028-10-31"),
        ("3.13", "2029-10-30", "2029-10-31"),
        ("3.14", "2030-10-30", "2030-10-31"),
    ],
)
def test_fires_on_and_after_the_eol_date(version: str, day_before: str, day_of: str) -> None:
    text = df(f"FROM python:{version}-slim")
    assert lint(text, datetime.date.fromisoformat(day_before)) == []
    assert lint(text, datetime.date.fromisoformat(day_of)) == [("DLM101", 1)]


def test_message_and_fix() -> None:
    [f] = findings("FROM python:3.8-slim\n", select=["DLM101"], as_of=AS_OF)
    assert f.message == (
        "Python 3.8 (`python:3.8-slim`) reached end of life on 2024-10-07: it gets no security"
        " fixes."
    )
    assert f.fix == (
        "Move to a supported Python (3.11, 3.12, 3.13, 3.14), e.g. `FROM python:3.14-slim`,"
        " and rebuild the dependencies against it."
    )
    assert f.severity.label == "warning"


def test_message_names_the_stage_the_version_comes_from() -> None:
    [f] = findings("FROM python:3.8 AS base\nFROM base\n", select=["DLM101"], as_of=AS_OF)
    assert f.message.startswith("Python 3.8 (`python:3.8`, the base of stage `base`)")
    assert "e.g. `FROM python:3.14`," in (f.fix or "")


def test_fix_names_only_released_lines() -> None:
    [f] = findings("FROM python:3.7-alpine\n", select=["DLM101"], as_of=datetime.date(2024, 3, 1))
    # 3.13 is not out yet on that day; 3.12 is too young to be the example.
    assert f.fix == (
        "Move to a supported Python (3.8, 3.9, 3.10, 3.11, 3.12), e.g. `FROM python:3.11-alpine`,"
        " and rebuild the dependencies against it."
    )


def test_user_facts_name_the_python() -> None:
    images = {"registry.corp/ml-base": {"python": "3.8"}}
    found = findings(
        "FROM registry.corp/ml-base:2024.1\n", select=["DLM101"], as_of=AS_OF, images=images
    )
    assert [(f.code, f.span.line) for f in found] == [("DLM101", 1)]
    assert "no security fixes" in found[0].message
    assert "e.g." not in (found[0].fix or "")

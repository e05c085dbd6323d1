"""facts.users: the USER in effect at the end of the final stage."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts.users import final_user, is_root_user


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM python:3.12-slim\nRUN true\n", None),
        ("FROM python:3.12-slim\nUSER app\nRUN true\nUSER root\n", (0, 4)),
        # carried over from the stage the final one is built on
        ("FROM python:3.12-slim AS base\nUSER app\nFROM base\nRUN true\n", (0, 2)),
        # a build stage copied from is not the final image's
        ("FROM python AS build\nUSER root\nFROM python:3.12-slim\nCOPY --from=build /a /a\n", None),
        # the final stage's own USER wins over its base stage's
        ("FROM python AS base\nUSER root\nFROM base\nUSER app\n", (1, 4)),
        # a USER inside ONBUILD runs in another build
        ("FROM python:3.12-slim\nONBUILD USER root\n", None),
    ],
)
def test_final_user(text: str, expected: tuple[int, int] | None) -> None:
    found = final_user(parse(text))
    assert (None if found is None else (found[0].index, found[1].span.line)) == expected


@pytest.mark.parametrize(
    ("user", "expected"),
    [("root", True), ("0", True), ("000", True), ("", False), ("10", False), ("app", False)],
)
def test_is_root_user(user: str, expected: bool) -> None:
    assert is_root_user(user) is expected

"""BK002's fix: `AS` rewritten in the case of its `FROM` (safe)."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import SAFE, Finding
from tests.helpers import assert_fixed, rule_findings

CODE = "BK002"

CASES = [
    (
        "one-liner",
        "FROM python:3.12-slim as builder\n",
        "FROM python:3.12-slim AS builder\n",
    ),
    (
        "mixed-as",
        "FROM python:3.12-slim As builder\n",
        "FROM python:3.12-slim AS builder\n",
    ),
    (
        "continued-indented",
        "FROM --platform=$BUILDPLATFORM \\\n    python:3.12 \\\n    as build\n",
        "FROM --platform=$BUILDPLATFORM \\\n    python:3.12 \\\n    AS build\n",
    ),
    (
        "lowercase",
        "from python:3.12 AS build\nrun make\n",
        "from python:3.12 as build\nrun make\n",
    ),
    (
        "crlf",
        "FROM x as a\r\nRUN b\r\n",
        "FROM x AS a\r\nRUN b\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM x `\n  as a\n",
        "# escape=`\nFROM x `\n  AS a\n",
    ),
    (
        "no-final-newline",
        "FROM x as a",
        "FROM x AS a",
    ),
    (
        "heredoc-nearby",
        "FROM x as a\nRUN <<EOF\nFROM y as b\nEOF\n",
        "FROM x AS a\nRUN <<EOF\nFROM y as b\nEOF\n",
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE, unsafe=False)  # safe: --fix alone


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_safe_and_at_the_as_word(before: str) -> None:
    (finding,) = _findings(before)
    assert finding.autofix is not None
    assert finding.autofix.applicability == SAFE
    assert finding.span == finding.autofix.edits[0].span
    assert finding.span.end_column - finding.span.column == 2
    assert finding.anchor.line == 1 + before.startswith("#")  # still keyed on the FROM

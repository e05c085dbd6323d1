"""The table tests every hadolint rule's module shares: its cases (hadolint's spec and ours)
and the rows where we deliberately differ from hadolint 2.15.1.

A module keeps its tables and binds the two tests under the names pytest collects:

    lint = linter(CODE)
    test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)

This module is not a test file, so pytest does not rewrite its asserts: each assert names
what it got and what it wanted itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from tests.helpers import lint_snippet

# (label, Dockerfile, lines reported)
Case = tuple[str, str, list[int]]
# (label, Dockerfile, hadolint 2.15.1's lines, ours, why)
Different = tuple[str, str, list[int], list[int], str]

Lint = Callable[[str], list[tuple[str, int]]]


def linter(code: str, options: Mapping[str, Any] | None = None) -> Lint:
    """`lint(text)`: (code, line) of each finding of the one rule `code` in `text`, the rule
    built with `options` when given (the label schema, the trusted registries)."""

    def lint(text: str) -> list[tuple[str, int]]:
        if options is None:
            return lint_snippet(text, select=[code])
        return lint_snippet(text, select=[code], options={code: options})

    return lint


def spec_with_onbuild(head: str, label: str, run: str, caught: bool) -> list[Case]:
    """A spec case run as written after `head` (a FROM line) and inside ONBUILD, as the spec
    files of rules that check ONBUILD write each case twice; reported on line 2 or not."""
    lines = [2] if caught else []
    return [
        (f"spec: {label}", head + run + "\n", lines),
        (f"spec onbuild: {label}", head + "ONBUILD " + run + "\n", lines),
    ]


def _case_id(value: object) -> str:
    return str(value)[:40]


def table_tests(
    code: str,
    cases: Sequence[Case],
    different: Sequence[Different],
    options: Mapping[str, Any] | None = None,
) -> tuple[Callable[..., None], Callable[..., None] | None]:
    """`test_case` over `cases` and `test_deliberately_different` over `different`, for the
    rule `code`: each asserts exactly the lines of `code` reported, nothing else. With no
    `different` row the second is None (pytest collects nothing, rather than a skip)."""
    lint = linter(code, options)

    @pytest.mark.parametrize(("label", "text", "lines"), list(cases), ids=_case_id)
    def test_case(label: str, text: str, lines: list[int]) -> None:
        got, want = lint(text), [(code, line) for line in lines]
        assert got == want, f"{label}: got {got}, want {want}"

    @pytest.mark.parametrize(
        ("label", "text", "theirs", "ours", "reason"),
        list(different),
        ids=[d[0] for d in different],
    )
    def test_deliberately_different(
        label: str, text: str, theirs: list[int], ours: list[int], reason: str
    ) -> None:
        assert theirs != ours, f"{label}: hadolint's lines are ours, {ours}: no difference"
        assert reason, f"{label}: no reason given for the difference"
        got, want = lint(text), [(code, line) for line in ours]
        assert got == want, f"{label}: got {got}, want {want}"

    return test_case, (test_deliberately_different if different else None)

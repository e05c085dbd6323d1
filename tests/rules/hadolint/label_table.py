"""The table tests of the LABEL rules (DL3048-DL3058): table.py's, with the rule's options
(the label schema, strict labels) passed through the Python API."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from tests.helpers import lint_snippet
from tests.rules.hadolint.table import Case, Different, _case_id

Options = Mapping[str, Any]


def label_table_tests(
    code: str, options: Options, cases: Sequence[Case], different: Sequence[Different]
) -> tuple[Callable[..., None], Callable[..., None]]:
    """`test_case` and `test_deliberately_different` for `code` linted with `options`."""

    def lint(text: str) -> list[tuple[str, int]]:
        return lint_snippet(text, select=[code], options={code: options})

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

    return test_case, test_deliberately_different

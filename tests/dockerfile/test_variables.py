"""variables.expand: BuildKit's word processing, bounded in size and linear in the text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dockerlint_ml.dockerfile import variables
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.dockerfile.variables import FILE_BUDGET, UNKNOWN, VALUE_BUDGET, Budget, expand
from tests.helpers import lines_run

ENV: dict[str, Any] = {"A": "a", "E": "", "Q": UNKNOWN}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", ("plain", True)),
        ("$A/${A}x", ("a/ax", True)),
        ("$U-x", ("-x", False)),
        ("${U:-d}|${E:-d}|${E-d}|${A:-d}", ("d|d||a", True)),
        ("${A:+w}|${E:+w}|${E+w}|${U:+w}", ("w||w|", False)),
        ("${U:?no}", ("", False)),
        ("${A#a}", ("", False)),
        ("'$A'\"$A\"\\$A", ("$Aa$A", True)),
        ('"${U:-"x y"}"', ("x y", True)),
        ("${A:-${U}}", ("a", True)),  # the word is not expanded: U does not count
        ("${U:-${A:+${E:-z}}}", ("z", True)),
        ("x${A", ("x${A", False)),
    ],
)
def test_expand_like_buildkit(text: str, expected: tuple[str, bool]) -> None:
    assert expand(text, ENV.get) == expected


@pytest.mark.parametrize("text", ["$Q", "${Q}", "${Q:-d}", "${Q-d}", "${Q:+w}", "${Q:?e}"])
def test_an_unknown_value_makes_every_form_unresolved(text: str) -> None:
    # Whether Q is set, empty or what it holds is not known: no form of it may resolve.
    assert expand("<" + text + ">", ENV.get) == ("<>", False)


def test_backtick_escape() -> None:
    assert expand("`$A$A`\\", ENV.get, "`") == ("$Aa\\", True)


def test_a_value_past_the_value_budget_is_unresolved_and_not_built() -> None:
    half = {"H": "h" * (VALUE_BUDGET // 2)}
    assert expand("$H$H", half.get) == ("h" * VALUE_BUDGET, True)
    text, resolved = expand("$H$H$H", half.get)
    assert (len(text), resolved) == (VALUE_BUDGET, False)
    # Once a substitution did not fit, none is made after it, small as it may be.
    assert expand("$H$H$H$A", {**half, "A": "a"}.get)[0] == "h" * VALUE_BUDGET


def test_the_file_budget_is_shared_and_charged_what_was_put_in() -> None:
    budget = Budget()
    value = {"V": "v" * 1000}
    for _ in range(FILE_BUDGET // 1000):
        assert expand("$V", value.get, budget=budget) == ("v" * 1000, True)
    assert budget.remaining == FILE_BUDGET % 1000
    assert expand("$V", value.get, budget=budget) == ("", False)
    assert expand("${U:-d}", value.get, budget=budget) == ("d", True)  # literal text is free
    assert budget.remaining == FILE_BUDGET % 1000


def _nested_default(depth: int) -> str:
    return "${U:-" * depth + "x" + "}" * depth


def _nested_alternative(depth: int) -> str:
    return "${A:+" * depth + "${A}" + "}" * depth


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_deep_nesting_is_followed_without_recursion(depth: int) -> None:
    assert expand(_nested_default(depth), ENV.get) == ("x", True)
    assert expand(_nested_alternative(depth), ENV.get) == ("a", True)
    assert expand("${A:-" + _nested_default(depth) + "}", ENV.get) == ("a", True)


@pytest.mark.parametrize(
    "make",
    [
        _nested_default,
        _nested_alternative,
        lambda n: "${A:-" + _nested_default(n) + "}",  # a skipped word costs its pairing only
        lambda n: '"' + "x\\\"'$A " * n + '"',
        lambda n: "$A" * n,
    ],
)
def test_work_grows_linearly_with_the_text(make: Callable[[int], str]) -> None:
    small = lines_run((variables,), lambda: expand(make(1_000), ENV.get))
    large = lines_run((variables,), lambda: expand(make(10_000), ENV.get))
    assert large <= 10.5 * small, (small, large)


def test_a_files_rule_expansions_share_its_budget() -> None:
    df = parse("FROM a\nENV V=" + "v" * 60_000 + "\n")
    stage = df.stages[0]

    def lookup(name: str) -> str | None:
        return df.env_at(stage, name)

    results = [df.expand("$V", lookup) for _ in range(FILE_BUDGET // 60_000 + 1)]
    assert results[:-1] == [("v" * 60_000, True)] * (FILE_BUDGET // 60_000)
    assert results[-1] == ("", False)
    assert parse(df.text).expand("$V", lookup) == ("v" * 60_000, True)  # a new file, a new budget

"""run/code_filter.py: which codes of the family rule SC the layered selection keeps, and the
code sets of ignores and pragmas."""

from __future__ import annotations

import pytest

from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.rules.shellcheck import ShellCheck
from dockerlint_ml.run.code_filter import (
    CodeSet,
    FamilyFilter,
    Layer,
    SelectedCodes,
    silenced_codes,
)

REGISTRY = load_registry(plugins=False)


def layer(
    select: list[str] | None = None, extend: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> Layer:
    return Layer(tuple(select) if select is not None else None, tuple(extend), tuple(ignore))


def keeps(*layers: Layer, default_on: bool = True, drop_in: bool = False) -> FamilyFilter:
    return FamilyFilter(ShellCheck, REGISTRY, layers, default_on, drop_in)


def test_registry_knows_family_keys() -> None:
    assert REGISTRY.family("SC2086") == (ShellCheck, "SC2086")
    assert REGISTRY.family("sc20") == (ShellCheck, "SC20")
    assert REGISTRY.family("SC") == (ShellCheck, "SC")
    assert REGISTRY.family("shellcheck") == (ShellCheck, "SC")
    assert REGISTRY.family("DL3003") is None
    assert REGISTRY.family("SC20861") is None  # five digits: no ShellCheck code
    assert REGISTRY.family_rule("SC2086") is ShellCheck
    assert REGISTRY.resolve("SC2086") == [ShellCheck]
    assert REGISTRY.silenced("SC2086") == []  # a code silences findings, not the rule
    assert REGISTRY.silenced("SC") == [ShellCheck]
    assert REGISTRY.unknown(["SC2086", "SC20", "SCX"]) == ["SCX"]


def test_defaults_keep_every_code_not_excluded() -> None:
    f = keeps(layer())
    assert f.keeps("SC2071")
    assert all(not f.keeps(code) for code in ShellCheck.default_excluded)
    assert not keeps(layer(), default_on=False).keeps("SC2071")


def test_the_longest_prefix_of_a_layer_wins_and_ignore_wins_a_tie() -> None:
    f = keeps(layer(select=["SC"], ignore=("SC20",), extend=("SC2071",)))
    assert f.keeps("SC2071")
    assert not f.keeps("SC2005")
    assert f.keeps("SC3009")
    tie = keeps(layer(select=["SC2071"], ignore=("SC2071",)))
    assert not tie.keeps("SC2071")


def test_a_later_layer_decides_what_it_names() -> None:
    config = layer(ignore=("SC20",))
    command_line = layer(extend=("SC2071",))
    f = keeps(config, command_line)
    assert f.keeps("SC2071")  # the command line names it
    assert not f.keeps("SC2005")  # only the configuration names it
    assert f.keeps("SC3009")


def test_a_select_without_the_family_drops_it() -> None:
    f = keeps(layer(select=["DL3003"]))
    assert not f.keeps("SC2071")
    assert not f.any()
    assert keeps(layer(select=["DL3003", "SC2071"])).any()


def test_all_and_the_rule_keep_excluded_codes_off_longer_prefixes_bring_them_back() -> None:
    excluded = sorted(ShellCheck.default_excluded)
    if not excluded:
        pytest.skip("no ShellCheck code is excluded by default")
    code = excluded[0]
    assert not keeps(layer(select=["ALL"])).keeps(code)
    assert not keeps(layer(select=["shellcheck"])).keeps(code)
    assert keeps(layer(extend=(code,))).keeps(code)
    assert keeps(layer(extend=(code[:4],))).keeps(code)
    assert keeps(layer(), drop_in=True).keeps(code)


def test_ignore_code_sets_hold_codes_under_prefixes() -> None:
    found = silenced_codes(REGISTRY, ["SC20", "DL3003"])
    assert "SC2071" in found
    assert "SC3009" not in found
    assert "DL3003" in found
    assert "SC" not in found  # the rule itself is not silenced by a prefix
    every = silenced_codes(REGISTRY, ["SC"])
    assert "SC3009" in every and "SC" in every
    assert "SC2071" not in CodeSet((), (), REGISTRY)


def test_selected_codes_follow_the_family_filter() -> None:
    f = keeps(layer(ignore=("SC20",)))
    selected = SelectedCodes({"SC", "DL3003"}, {"SC": f}, REGISTRY)
    assert "SC3009" in selected
    assert "SC2071" not in selected
    assert "DL3003" in selected
    assert "SC3009" not in SelectedCodes({"DL3003"}, {"SC": f}, REGISTRY)

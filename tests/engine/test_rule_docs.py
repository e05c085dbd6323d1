"""Every rule documents itself, its examples run, and rules/ matches the docstrings."""

from __future__ import annotations

import re

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.engine.docs import examples, expected_pages, sections
from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.rules import BUILTIN_RULES
from dockerlint_ml.run.shellcheck import find_shellcheck
from tests.helpers import REPO

RULES = list(BUILTIN_RULES)
REGISTRY = load_registry(plugins=False)
DEFAULT = [r.code for r in REGISTRY.default_rules()]


def _with(rule: type) -> list[str]:
    """The default selection with `rule` added and the rules superseding it left out (with
    both selected, the superseding rule's finding is the one reported)."""
    covering = {r.code for r in REGISTRY.superseded_by(rule)}
    return [*(c for c in DEFAULT if c not in covering), rule.code]


def _options(rule: type) -> dict[str, dict[str, object]]:
    """The options a rule's examples run with (`example_options`), e.g. DL3026's registries."""
    return {rule.code: dict(rule.example_options)} if rule.example_options else {}


IDS = [r.code for r in RULES]


def test_codes_and_names_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        # A family rule's code is its letters only: its findings carry the digits (SC2086).
        code_form = r"[A-Z]+" if rule.family_digits else r"DLM\d{3}|DL\d{4}|BK\d{3}"
        assert re.fullmatch(code_form, rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    # One family after another (ours, hadolint's, BuildKit's, ShellCheck's), each in code order.
    families = [re.sub(r"\d", "", c) for c in codes]
    assert families == sorted(families, key=["DLM", "DL", "BK", "SC"].index)
    for family in set(families):
        mine = [c for c in codes if re.sub(r"\d", "", c) == family]
        assert mine == sorted(mine)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_docstring_has_required_sections(rule: type) -> None:
    secs = sections(rule)
    assert secs[""], f"{rule.code} has no summary"
    assert "PLACEHOLDER" not in rule.docs()
    for heading in ("Why is this bad?", "Example", "Use instead", "References"):
        assert secs.get(heading), f"{rule.code} lacks ## {heading}"
    bad, good = examples(rule)
    assert len(bad) >= 1 and len(good) >= 1
    if not rule.default:
        assert secs.get("Off by default"), f"{rule.code} is off by default: say why"
    # A fixable rule argues the applicability of its fixes; a rule without fixes has none.
    assert bool(secs.get("Fix")) == (rule.fixable is not None), f"{rule.code}: ## Fix"
    assert rule.fixable in (None, "safe", "unsafe", "mixed"), rule.fixable
    if rule.code.startswith("DL") and not rule.code.startswith("DLM"):
        assert secs.get("Differences from hadolint"), f"{rule.code} lacks its differences"


def _runs(rule: type) -> pytest.MarkDecorator:
    """The SC rule's examples need ShellCheck (selected explicitly, a missing one is an
    error): skipped, with the reason shown, where it is not installed."""
    needs = rule.code == "SC" and find_shellcheck(None) is None
    return pytest.mark.skipif(needs, reason="ShellCheck is not installed (the shellcheck extra)")


EXAMPLE_CASES = [pytest.param(r, id=r.code, marks=_runs(r)) for r in RULES]


@pytest.mark.parametrize("rule", EXAMPLE_CASES)
def test_bad_example_raises_the_rule(rule: type) -> None:
    bad, _ = examples(rule)
    for text in bad:  # as `--extend-select CODE`: a rule off by default documents itself too
        found = lint_text(text, select=_with(rule), options=_options(rule))
        codes = [f.code for f in found]
        # A reserved code (a peer's check no static linter can decide) never reports, and a
        # context rule has no context in a docs example: their pages say so.
        if rule.reserved or rule.needs_context:
            assert rule.code not in codes, f"{rule.code} reported without its facts:\n{text}"
            continue
        if rule.family_digits:  # its findings carry a code of the family: SC3010
            form = rf"{rule.code}\d{{{rule.family_digits}}}"
            assert any(re.fullmatch(form, c) for c in codes), f"{rule.code} not raised:\n{text}"
            continue
        assert rule.code in codes, f"{rule.code} example did not raise it:\n{text}"


@pytest.mark.parametrize("rule", EXAMPLE_CASES)
def test_good_example_does_not_raise_the_rule(rule: type) -> None:
    _, good = examples(rule)
    for text in good:
        linted = lint_text(text, select=_with(rule), options=_options(rule))
        found = [(f.code, f.span.line, f.message) for f in linted]
        assert all(code != rule.code for code, _, _ in found), found
        if rule.family_digits:
            assert all(not code.startswith(rule.code) for code, _, _ in found), found


def test_rules_directory_is_in_sync() -> None:
    pages = expected_pages(RULES)
    directory = REPO / "rules"
    present = {p.name for p in directory.glob("*.md")}
    missing = sorted(set(pages) - present)
    extra = sorted(present - set(pages))
    assert not missing, f"missing pages {missing}: run python -m dockerlint_ml.engine.docs"
    assert not extra, f"stale pages {extra}: run python -m dockerlint_ml.engine.docs"
    stale = [n for n, text in pages.items() if (directory / n).read_text("utf-8") != text]
    assert not stale, f"stale pages {stale}: run python -m dockerlint_ml.engine.docs"


def test_readme_rule_table_matches_the_registry() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("<!-- rules-table:start -->")
    end = readme.index("<!-- rules-table:end -->")
    rows = [line for line in readme[start:end].splitlines() if line.startswith("| [")]
    default = load_registry(plugins=False).default_rules()
    expected = [
        f"| [{r.code}](rules/{r.code}.md) | {r.name} | {r.severity.label} |"
        f" {'yes' if r in default else 'no'} | {r.fixable or '-'} | {r.summary()} |"
        for r in RULES
    ]
    assert rows == expected


def test_readme_image_facts_table_matches_the_table() -> None:
    from dockerlint_ml.engine.docs import with_image_facts

    readme = (REPO / "README.md").read_text("utf-8")
    assert readme == with_image_facts(readme), "run `python3 -m dockerlint_ml.engine.docs`"


def test_readme_migration_table_matches_the_registry() -> None:
    from dockerlint_ml.engine.docs import MIGRATION_END, MIGRATION_START, with_migration_table

    readme = (REPO / "README.md").read_text("utf-8")
    assert readme == with_migration_table(readme, RULES), "run python3 -m dockerlint_ml.engine.docs"
    table = readme[readme.index(MIGRATION_START) : readme.index(MIGRATION_END)]
    codes = re.findall(r"^\| \[(DL\d{4})\]", table, re.MULTILINE)
    assert codes == [r.code for r in RULES if re.fullmatch(r"DL\d{4}", r.code)]

"""Rule documentation: the Markdown pages in rules/ and the examples the tests execute,
all generated from the rules' docstrings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dockerlint_ml.engine.rule import Rule

if TYPE_CHECKING:
    from dockerlint_ml.engine.registry import Registry

_SECTION_RE = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
_BLOCK_RE = re.compile(r"```dockerfile\n(.*?)```", re.DOTALL)


def sections(rule: type[Rule]) -> dict[str, str]:
    """Docstring sections by heading; the text before the first heading is under ""."""
    doc = rule.docs()
    parts = _SECTION_RE.split(doc)
    out = {"": parts[0].strip()}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        out[heading] = body.strip()
    return out


def examples(rule: type[Rule]) -> tuple[list[str], list[str]]:
    """(bad, good) Dockerfile examples: `## Example` must raise the rule, `## Use instead` not."""
    secs = sections(rule)
    bad = _BLOCK_RE.findall(secs.get("Example", ""))
    good = _BLOCK_RE.findall(secs.get("Use instead", ""))
    return bad, good


def _listed(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(names) if names else "none"


@cache
def _builtin() -> Registry:
    """The built-in rules, which the pages describe (read-only)."""
    from dockerlint_ml.engine.registry import load_registry

    return load_registry(plugins=False)


def identity_table(rule: type[Rule], registry: Registry) -> list[str]:
    """The rule's identity as a Markdown table: code, name, level, whether it is in the
    default selection, whether its findings carry fixes (safe, unsafe, mixed), aliases, and
    the rules it supersedes or is superseded by."""
    superseded_by = [r.code for r in registry.superseded_by(rule)]
    if registry.is_default(rule):
        default = "yes"
    elif superseded_by:
        verb = "covers" if len(superseded_by) == 1 else "cover"
        default = f"no: {_listed(superseded_by)} {verb} it"
    elif rule.reserved:
        default = "no: reserved, never reported"
    else:
        default = "no"
    fix = rule.fixable or "no"
    return [
        "| code | name | default level | default | fix | aliases | supersedes | superseded by |",
        "|---|---|---|---|---|---|---|---|",
        f"| {rule.code} | {rule.name} | {rule.severity.label} | {default} | {fix} |"
        f" {_listed(rule.aliases)} | {_listed(rule.supersedes)} | {_listed(superseded_by)} |",
    ]


def render_page(rule: type[Rule], registry: Registry | None = None) -> str:
    """The rules/<CODE>.md page of one rule (`registry`: the built-in rules by default)."""
    return page_body(rule, registry) + (
        "---\n"
        f"Generated from the docstring of `{rule.__module__}.{rule.__name__}`"
        " by `python -m dockerlint_ml.engine.docs`; do not edit by hand.\n"
    )


def page_body(rule: type[Rule], registry: Registry | None = None) -> str:
    """A rule's page without the generated-file footer: what `explain` and SARIF show."""
    secs = sections(rule)
    head = secs[""].splitlines()
    summary = head[0] if head else ""
    intro = "\n".join(head[1:]).strip()
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"{summary}",
        "",
        *identity_table(rule, registry if registry is not None else _builtin()),
        "",
    ]
    if intro:
        lines += [intro, ""]
    for heading, body in secs.items():
        if heading == "References" and "Options" not in secs:
            lines += ["## Options", "", "None.", ""]
        if heading:
            lines += [f"## {heading}", "", body, ""]
        if heading == "Example" and rule.example_options:
            lines += [f"(The examples run with {_options_text(rule.example_options)}.)", ""]
    return "\n".join(lines)


def code_page(rule: type[Rule], code: str, registry: Registry | None = None) -> str:
    """The page `explain SC2086` prints for one code of a family rule: what the family is,
    how its findings map to the Dockerfile, how to select or silence the code, and where
    the code itself is explained."""
    registry = registry if registry is not None else _builtin()
    secs = sections(rule)
    head = secs[""].splitlines()
    intro = "\n".join(head[1:]).strip()
    excluded = code in rule.default_excluded
    on = registry.is_default(rule) and not excluded
    url = rule.code_url(code)
    lines = [
        f"# {code} {rule.name}",
        "",
        f"A finding of the rule {rule.code} ({rule.name}): {head[0] if head else ''}",
        "",
        "| code | name | reported by | default |",
        "|---|---|---|---|",
        f"| {code} | {rule.name} | {rule.code} |"
        f" {'yes' if on else 'no: excluded by default' if excluded else 'no'} |",
        "",
    ]
    if intro:
        lines += [intro, ""]
    lines += [
        "## Selecting and silencing it",
        "",
        f"`--select {code}` or `--extend-select {code}` turns it on, `--ignore {code}` off (a"
        f" prefix such as `{code[: len(rule.code) + 2]}` names every code under it); in a"
        f' configuration file, `severity = {{ {code} = "info" }}` sets its level; above'
        f" an instruction, `# dockerlint-ml ignore={code}` silences it there.",
        "",
    ]
    if url is not None:
        lines += ["## What it means", "", f"{code} is explained on its own page: {url}", ""]
    return "\n".join(lines)


def _options_text(options: Mapping[str, Any]) -> str:
    """`label-schema` set to `{"version": "semver"}` (values written as JSON)."""
    import json

    parts = [f"`{name}` set to `{json.dumps(value)}`" for name, value in options.items()]
    return ("the option " if len(parts) == 1 else "the options ") + ", ".join(parts)


def render_index(rules: list[type[Rule]]) -> str:
    registry = _builtin()
    lines = [
        "# dockerlint-ml rules",
        "",
        "| code | name | default level | default | supersedes | what it finds |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        on = "yes" if registry.is_default(rule) else "no"
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.label} | {on} |"
            f" {_listed(rule.supersedes)} | {rule.summary()} |"
        )
    lines += ["", "Generated by `python -m dockerlint_ml.engine.docs`; do not edit by hand.", ""]
    return "\n".join(lines)


def expected_pages(rules: list[type[Rule]]) -> dict[str, str]:
    registry = _builtin()
    pages = {f"{r.code}.md": render_page(r, registry) for r in rules}
    pages["README.md"] = render_index(rules)
    return pages


RULES_START = "<!-- rules-table:start -->"
RULES_END = "<!-- rules-table:end -->"
FACTS_START = "<!-- image-facts:start -->"
FACTS_END = "<!-- image-facts:end -->"


def render_image_facts() -> str:
    """README's image facts table, one row per row of `image_facts.TABLE`."""
    from dockerlint_ml.facts.image_facts import PYTHON_FROM_TAG, TABLE

    def cell(value: object) -> str:
        if value is None or value == ():
            return ""
        if isinstance(value, (frozenset, tuple)):
            return ", ".join(f"`{v}`" for v in sorted(value)) if value else "none"
        if value == PYTHON_FROM_TAG:  # CUDA_FROM_TAG is the same word
            return "from the tag"
        return f"`{value}`"

    lines = [
        "| image | tag | WORKDIR | USER | Python | /bin/sh | tools | CUDA | ENV it sets |"
        " tags pin by | tags that always move | source |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in TABLE:
        source = f"[link]({row.source})" if row.source else ""
        lines.append(
            f"| `{row.pattern}` | {cell(row.tag)} | {cell(row.workdir)} | {cell(row.user)} |"
            f" {cell(row.python)} | {cell(row.shell)} | {cell(row.tools)} | {cell(row.cuda)} |"
            f" {cell(row.env)} | {cell(row.tags)} | {cell(row.moving)} | {source} |"
        )
    return "\n".join(lines)


def _between(text: str, start_marker: str, end_marker: str, body: str) -> str:
    start = text.index(start_marker) + len(start_marker)
    end = text.index(end_marker)
    return text[:start] + "\n" + body + "\n" + text[end:]


def with_image_facts(readme: str) -> str:
    """README's text with the image facts table between its markers regenerated."""
    return _between(readme, FACTS_START, FACTS_END, render_image_facts())


def with_rules_table(readme: str, rules: list[type[Rule]]) -> str:
    """README's text with its rule table (code, name, level, default, fix, summary)
    regenerated."""
    registry = _builtin()
    lines = [
        "| code | name | default level | default | fix | what it finds |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](rules/{r.code}.md) | {r.name} | {r.severity.label} |"
        f" {'yes' if registry.is_default(r) else 'no'} | {r.fixable or '-'} | {r.summary()} |"
        for r in rules
    ]
    return _between(readme, RULES_START, RULES_END, "\n".join(lines))


MIGRATION_START = "<!-- hadolint-migration:start -->"
MIGRATION_END = "<!-- hadolint-migration:end -->"
_HADOLINT_CODE = re.compile(r"DL[0-9]{4}")


def _first_sentence(text: str) -> str:
    """The first sentence of a Markdown paragraph, on one line."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end == -1 else flat[: end + 1]


def with_migration_table(readme: str, rules: list[type[Rule]]) -> str:
    """README's text with its hadolint migration table regenerated: every DL code, its rule,
    whether it is in the default selection and in drop-in mode's, and why (a superseded
    rule names what covers it; a rule off by default gives its page's reason)."""
    registry = _builtin()
    lines = [
        "| hadolint | rule | default | with a .hadolint.yaml | what it reports, or why it is off |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        if not _HADOLINT_CODE.fullmatch(rule.code):
            continue
        covering = [r.code for r in registry.superseded_by(rule)]
        if registry.is_default(rule):
            why = rule.summary()
        elif covering:
            why = f"superseded by {_listed(covering)}, which covers the same root cause"
        else:
            why = _first_sentence(sections(rule).get("Off by default", "")) or rule.summary()
        drop_in = "yes" if rule.peer_default else "no (hadolint's `ignore` level)"
        lines.append(
            f"| [{rule.code}](rules/{rule.code}.md) | {rule.name} |"
            f" {'yes' if registry.is_default(rule) else 'no'} | {drop_in} | {why} |"
        )
    return _between(readme, MIGRATION_START, MIGRATION_END, "\n".join(lines))


def main() -> None:
    from dockerlint_ml.engine.registry import load_registry

    builtin = load_registry(plugins=False).rules
    repo = Path(__file__).resolve().parents[2]  # the source checkout: dockerlint_ml/engine/
    readme = repo / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = with_rules_table(with_image_facts(text), builtin)
    readme.write_text(with_migration_table(text, builtin), "utf-8")
    out = repo / "rules"
    out.mkdir(exist_ok=True)
    pages = expected_pages(builtin)
    for stale in out.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {out}")


if __name__ == "__main__":
    main()

"""`dockerlint-ml rules` (the rule table) and `dockerlint-ml explain CODE` (one rule's docs).

Both render in the formats of the lint report: rich (a table / rendered Markdown), plain
(aligned columns / the Markdown source) and json. rich is imported on the rich paths only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from dockerlint_ml.engine.registry import Registry
from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.reporters import escape


def _escape_lines(text: str) -> str:
    return "\n".join(escape(line) for line in text.split("\n"))


def rule_dict(rule: type[Rule], registry: Registry) -> dict[str, Any]:
    """A rule's identity as `rules --format json` lists it (ARCHITECTURE.md, "Rule
        identity"); `fixable`: "safe", "unsafe" or "mixed" (the page says which findings get
    which), null for a rule without fixes; `reserved`: a code kept for a
        check that cannot be decided statically, which never reports."""
    return {
        "code": rule.code,
        "name": rule.name,
        "level": rule.severity.label,
        "summary": rule.summary(),
        "aliases": list(rule.aliases),
        "supersedes": list(rule.supersedes),
        "superseded_by": [r.code for r in registry.superseded_by(rule)],
        "default": registry.is_default(rule),
        "fixable": rule.fixable,
        "reserved": rule.reserved,
    }


def render_rules(registry: Registry, fmt: str, out: TextIO) -> None:
    """The table of rules: code, name, default level, in the default selection, summary."""
    rules: Sequence[type[Rule]] = registry.rules
    rows = [rule_dict(r, registry) for r in rules]
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for row in rows:
        row["on"] = "yes" if row["default"] else "no"
        row["fix"] = row["fixable"] or "-"
    header = {
        "code": "CODE",
        "name": "NAME",
        "level": "LEVEL",
        "on": "DEFAULT",
        "fix": "FIX",
        "summary": "SUMMARY",
    }
    if fmt == "rich":
        from rich.table import Table
        from rich.text import Text

        from dockerlint_ml.reporters.rich_format import LEVEL_STYLES, make_console

        table = Table(box=None, header_style="bold", pad_edge=False)
        for key in ("code", "name", "level", "on", "fix", "summary"):
            table.add_column(header[key], no_wrap=key != "summary")
        for rule, row in zip(rules, rows, strict=True):
            table.add_row(
                Text(row["code"], style="bold"),
                Text(escape(row["name"])),
                Text(row["level"], style=LEVEL_STYLES.get(rule.severity, "")),
                Text(row["on"], style="" if row["default"] else "dim"),
                Text(row["fix"], style="" if row["fixable"] else "dim"),
                Text(escape(row["summary"])),
            )
        make_console(out).print(table)
        return
    widths = {
        key: max(len(header[key]), *(len(escape(str(r[key]))) for r in rows))
        for key in ("code", "name", "level", "on", "fix")
    }
    lines = []
    for row in [header, *rows]:
        cells = [
            escape(str(row[k])).ljust(widths[k]) for k in ("code", "name", "level", "on", "fix")
        ]
        lines.append("  ".join([*cells, escape(str(row["summary"]))]).rstrip())
    out.write("\n".join(lines) + "\n")


def render_explain(
    rule: type[Rule], registry: Registry, fmt: str, out: TextIO, code: str | None = None
) -> None:
    """One rule's page (rules/<CODE>.md without its footer): its identity, then its docs;
    with `code`, the page of that code of a family rule (`explain SC2086`)."""
    from dockerlint_ml.engine.docs import code_page, page_body

    docs = page_body(rule, registry) if code is None else code_page(rule, code, registry)
    if fmt == "json":
        data = {**rule_dict(rule, registry), "docs": docs}
        if code is not None:
            url = rule.code_url(code)
            data.update(
                code=code,
                summary=f"A finding of the rule {rule.code} ({rule.name})",
                default=data["default"] and code not in rule.default_excluded,
                url=url,
            )
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "rich":
        from rich.markdown import Markdown

        from dockerlint_ml.reporters.rich_format import make_console

        make_console(out).print(Markdown(_escape_lines(docs)))
        return
    out.write(_escape_lines(docs) + "\n")

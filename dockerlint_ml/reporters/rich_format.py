"""`--format rich`: per file, each finding with its level in colour, message, fix hint and a
code frame of the instruction's lines; then a summary (files, levels, rules, time).

Text from a Dockerfile only ever enters rich as `rich.text.Text` (never as markup) and after
`escape`, so `[bold]` prints as written and an ANSI escape prints as `\\x1b`.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Severity
from dockerlint_ml.reporters import escape, level_count, level_counts, plural, summary_line
from dockerlint_ml.run.results import RunResult

LEVEL_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "blue",
    Severity.STYLE: "magenta",
}
# A long instruction shows its first and last lines only.
FRAME_HEAD = 4
FRAME_TAIL = 2
# Characters of one source line shown in a frame; the rest is cut with an ellipsis.
FRAME_WIDTH = 400


def make_console(out: TextIO) -> Console:
    # markup/emoji/highlight off: nothing but our own styles may colour the output.
    return Console(file=out, highlight=False, markup=False, emoji=False)


def _frame_line(number: int, width: int, raw: str, start: int, end: int | None) -> Text:
    """One gutter + source line; code points [start, end) of `raw` (0-based) highlighted."""
    cut = raw[:FRAME_WIDTH]
    shown = escape(cut)
    text = Text()
    text.append(f"  {number:>{width}} │ ", style="dim")
    body = Text(shown)
    lo = len(escape(cut[:start]))
    hi = len(shown) if end is None else len(escape(cut[:end]))
    if hi > lo:
        body.stylize("bold", lo, hi)
    text.append_text(body)
    if len(raw) > FRAME_WIDTH:
        text.append(f" … ({len(raw) - FRAME_WIDTH} more characters)", style="dim")
    return text


def code_frame(dockerfile: Dockerfile, finding: Finding) -> list[Text]:
    """The instruction's lines with line numbers, the finding's token highlighted; a long
    instruction keeps its first and last lines and the token's."""
    lines = dockerfile.lines
    span = finding.span
    anchor = finding.anchor
    first = max(anchor.line, 1)
    last = min(max(anchor.end_line, first), len(lines))
    if first > len(lines):
        return []
    numbers = list(range(first, last + 1))
    if len(numbers) > FRAME_HEAD + FRAME_TAIL + 1:
        kept = {*numbers[:FRAME_HEAD], *numbers[-FRAME_TAIL:]}
        if finding.instruction is not None:  # a token inside: its first lines are shown too
            token = range(max(span.line, first), min(span.end_line, last) + 1)
            kept.update(list(token)[: FRAME_HEAD + 1])
        numbers = sorted(kept)
    width = len(str(last))
    out: list[Text] = []
    previous = first - 1
    for n in numbers:
        if n > previous + 1:
            skipped = n - previous - 1
            out.append(Text(f"  {'⋮':>{width}} │ … {plural(skipped, 'more line')}", style="dim"))
        previous = n
        if span.line <= n <= span.end_line:
            start = span.column - 1 if n == span.line else 0
            end = span.end_column - 1 if n == span.end_line else None
        else:
            start, end = 0, 0  # outside the token: nothing highlighted
        out.append(_frame_line(n, width, lines[n - 1], start, end))
    return out


def _finding_block(console: Console, dockerfile: Dockerfile, finding: Finding) -> None:
    style = LEVEL_STYLES.get(finding.severity, "")
    head = Text("  ")
    head.append(f"{finding.span.line}:{finding.span.column}", style="cyan")
    head.append("  ")
    head.append(finding.code, style="bold")
    head.append(" ")
    head.append(finding.name)
    head.append("  ")
    head.append(finding.severity.label, style=style)
    console.print(head, no_wrap=True, overflow="ellipsis")
    # Messages and hints wrap under their indent; code frames are cut at the edge instead.
    console.print(Padding(Text(escape(finding.message)), (0, 0, 0, 4), expand=False))
    if finding.fix:
        fix = Text("fix: ", style="green")
        fix.append(escape(finding.fix))
        console.print(Padding(fix, (0, 0, 0, 4), expand=False))
    for line in code_frame(dockerfile, finding):
        console.print(line, no_wrap=True, overflow="ellipsis")


def summary_lines(result: RunResult) -> list[Text]:
    findings = [f for r in result.files for f in r.findings]
    out = [Text(f"{summary_line(result)} ({result.elapsed:.2f} s)", style="bold")]
    if findings:
        levels = Text("  ")
        for i, (level, count) in enumerate(level_counts(findings)):
            if i:
                levels.append(", ")
            levels.append(level_count(level, count), style=LEVEL_STYLES.get(level, ""))
        out.append(levels)
        per_rule = Counter((f.code, f.name) for f in findings)
        for (code, name), count in sorted(per_rule.items()):
            out.append(Text(f"  {count:>4}  {code} {name}"))
    return out


def render(result: RunResult, out: TextIO) -> None:
    console = make_console(out)
    for report in result.files:
        if not report.findings:
            continue
        console.print(Text(escape(report.path), style="bold underline"))
        for finding in report.findings:
            _finding_block(console, report.dockerfile, finding)
            console.print()
    for line in summary_lines(result):
        console.print(line)

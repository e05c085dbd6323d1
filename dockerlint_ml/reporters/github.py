"""`--format github`: GitHub Actions workflow-command annotations, a log summary, a step summary.

1. One annotation per finding, on stdout:
   `::error file=P,line=L,endLine=E,col=C,endColumn=D,title=DLM009 server-bound-to-localhost::M`
   (`::warning` for warnings, `::notice` for info and style; `col` / `endColumn` only when the
   finding is on one line; no file for standard input). Escaping as the runner unescapes it
   (actions/runner `ActionCommand.cs`): `%`, CR and LF in the message; also `:` and `,` in
   property values. Other control characters are made visible (`\\x1b`), as in every format.
2. GitHub shows only 10 annotations of a kind per step, so the plain report follows, folded in
   a log group, between `::stop-commands::TOKEN` and `::TOKEN::` with a random token: text from
   a Dockerfile can then never be read as a workflow command (the runner trims lines and
   finds commands both at `::` and at a legacy `##[` anywhere in a line). The plain summary
   line comes last.
3. When `$GITHUB_STEP_SUMMARY` names a file, a Markdown summary is appended to it: the counts,
   a table per rule (code, name, findings) and the findings, capped at `SUMMARY_ROWS` rows.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from collections import Counter
from typing import TextIO

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.reporters import (
    _ESCAPES,
    ArtifactPath,
    PathResolver,
    escape,
    message_text,
    plural,
    summary_line,
)
from dockerlint_ml.reporters.plain import format_finding
from dockerlint_ml.run.results import RunResult

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
SUMMARY_ROWS = 200
COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.STYLE: "notice",
}

# CR and LF are kept for the runner's own %0D / %0A escapes; everything else invisible or
# terminal-restyling is shown as an escape sequence first.
_VISIBLE = {cp: text for cp, text in _ESCAPES.items() if cp not in (0x0A, 0x0D)}
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})
_MARKDOWN_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR, LF percent-encoded."""
    return text.translate(_VISIBLE).translate(_DATA)


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,` percent-encoded."""
    return text.translate(_VISIBLE).translate(_PROPERTY)


def inert_line(text: str) -> str:
    """A line for stderr, which the runner scans for workflow commands as it does stdout:
    `escape`d (so one line, nothing invisible), then a leading `::` and every legacy `##[`
    broken with a visible escape (`\\x3a:`, `#\\x23[`), so that no file or directory name
    can become a command (`::add-mask::`, `##[error]`)."""
    line = escape(text).replace("##[", "#\\x23[")
    if line.lstrip().startswith("::"):
        cut = len(line) - len(line.lstrip())
        line = f"{line[:cut]}\\x3a{line[cut + 1 :]}"
    return line


def annotation(finding: Finding, where: ArtifactPath) -> str:
    """The `::error ...::message` line of one finding."""
    span = finding.span
    props: list[tuple[str, str]] = []
    if not where.is_stdin:
        props += [("file", where.path), ("line", str(span.line)), ("endLine", str(span.end_line))]
        if span.line == span.end_line:
            props += [("col", str(span.column)), ("endColumn", str(span.end_column))]
    props.append(("title", f"{finding.code} {finding.name}"))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {head}::{escape_data(message_text(finding))}"


def markdown(text: str) -> str:
    """Text from a Dockerfile or a path, safe in a Markdown table cell: controls made
    visible, every ASCII punctuation character backslash-escaped (no markup, links, HTML)."""
    return _MARKDOWN_PUNCT.sub(r"\\\1", escape(text))


def step_summary(result: RunResult, max_rows: int = SUMMARY_ROWS) -> str:
    """The Markdown appended to $GITHUB_STEP_SUMMARY."""
    findings = result.findings
    lines = ["## dockerlint-ml", "", summary_line(result)]
    if result.problems:
        lines[-1] += f"; {plural(len(result.problems), 'problem')} (exit status 2)"
    lines.append("")
    if findings:
        counts = Counter((f.code, f.name) for f in findings)
        lines += ["| rule | name | findings |", "|---|---|---:|"]
        for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {markdown(code)} | {markdown(name)} | {count} |")
        lines += ["", "| file | line | rule | level | message |", "|---|---:|---|---|---|"]
        for f in findings[:max_rows]:
            lines.append(
                f"| {markdown(f.path)} | {f.span.line} | {markdown(f.code)} {markdown(f.name)}"
                f" | {f.severity.label} | {markdown(message_text(f))} |"
            )
        if len(findings) > max_rows:
            more = plural(len(findings) - max_rows, "more finding")
            lines += ["", f"… and {more}, listed in the job log."]
        lines.append("")
    if result.problems:
        lines += ["| problem |", "|---|"]
        lines += [f"| {markdown(p.line())} |" for p in result.problems]
        lines.append("")
    return "\n".join(lines) + "\n"


def _append_summary(result: RunResult) -> None:
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8", errors="replace") as summary:
            summary.write(step_summary(result))
    except OSError as exc:
        # The annotations and the exit status matter more than the summary: warn, go on.
        reason = exc.strerror or type(exc).__name__
        print(
            inert_line(f"dockerlint-ml: cannot append to ${SUMMARY_ENV} ({path}): {reason}"),
            file=sys.stderr,
        )


def render(result: RunResult, out: TextIO) -> None:
    resolver = PathResolver()
    lines = []
    for report in result.files:
        where = resolver.locate(report.path)
        lines += [annotation(f, where) for f in report.findings]
    findings = [format_finding(f) for report in result.files for f in report.findings]
    if findings:
        token = secrets.token_hex(16)
        lines += [
            f"::group::dockerlint-ml: {plural(len(findings), 'finding')}",
            f"::stop-commands::{token}",
            *findings,
            f"::{token}::",
            "::endgroup::",
        ]
    lines.append(summary_line(result))
    out.write("\n".join(lines) + "\n")
    _append_summary(result)

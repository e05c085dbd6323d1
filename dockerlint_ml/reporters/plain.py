"""`--format plain`: one line per finding, `path:line:column: CODE name [level] message`.

Files come in the order they were linted, findings sorted within a file; then one summary
line. Paths and messages are escaped: nothing from a Dockerfile can restyle the terminal.
"""

from __future__ import annotations

from typing import TextIO

from dockerlint_ml.dockerfile.model import Finding
from dockerlint_ml.reporters import escape, summary_line
from dockerlint_ml.run.results import RunResult


def format_finding(finding: Finding) -> str:
    span = finding.span
    return (
        f"{escape(finding.path)}:{span.line}:{span.column}: {finding.code} {finding.name}"
        f" [{finding.severity.label}] {escape(finding.message)}"
    )


def render(result: RunResult, out: TextIO) -> None:
    lines = [format_finding(f) for report in result.files for f in report.findings]
    lines.append(summary_line(result))
    out.write("\n".join(lines) + "\n")

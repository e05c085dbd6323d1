"""`--format json`: always one JSON array of findings, sorted by file, line, column and code.

Each finding has exactly the keys of `KEYS`; `level` is one of error, warning, info, style,
`fix` a string or null, `fixable` "safe", "unsafe" or null, and `edits` the list of
`{line, column, end_line, end_column, text}` that apply the fix (empty when there is none; a
newline in `text` stands for the file's own line ending). Nothing else is written: no
summary, problems go to stderr.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from dockerlint_ml.dockerfile.model import Edit, Finding
from dockerlint_ml.reporters import unicode_text
from dockerlint_ml.run.results import RunResult

KEYS = (
    "file", "line", "column", "end_line", "end_column", "code", "name", "level", "message",
    "fix", "fixable", "edits",
)  # fmt: skip


def finding_dict(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "file": unicode_text(finding.path),
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "code": finding.code,
        "name": finding.name,
        "level": finding.severity.label,
        "message": unicode_text(finding.message),
        "fix": None if finding.fix is None else unicode_text(finding.fix),
        "fixable": None if finding.autofix is None else finding.autofix.applicability,
        "edits": [] if finding.autofix is None else [edit_dict(e) for e in finding.autofix.edits],
    }


def edit_dict(edit: Edit) -> dict[str, Any]:
    span = edit.span
    return {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "text": unicode_text(edit.text),
    }


def render(result: RunResult, out: TextIO) -> None:
    # json.dumps escapes every control character, so the output is valid for any input.
    # One finding at a time, exactly as one json.dumps of the list indents it: a run of a
    # hundred thousand findings never holds all their dicts and the whole text at once.
    findings = result.findings  # sorted on each access: read once
    if not findings:
        out.write("[]\n")
        return
    out.write("[\n")
    last = len(findings) - 1
    for i, finding in enumerate(findings):
        text = json.dumps(finding_dict(finding), ensure_ascii=False, indent=2)
        out.write("  " + text.replace("\n", "\n  ") + (",\n" if i < last else "\n"))
    out.write("]\n")

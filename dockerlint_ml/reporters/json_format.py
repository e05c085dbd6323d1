"""`--format json`: always one JSON array of findings, sorted by file, line, column and code.

Each finding has exactly the keys of `KEYS`; `level` is one of error, warning, info, style and
`fix` a string or null. Nothing else is written: no summary, problems go to stderr.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from dockerlint_ml.dockerfile.model import Finding
from dockerlint_ml.reporters import unicode_text
from dockerlint_ml.run.results import RunResult

KEYS = (
    "file", "line", "column", "end_line", "end_column", "code", "name", "level", "message",
    "fix",
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
    }


def render(result: RunResult, out: TextIO) -> None:
    # json.dumps escapes every control character, so the output is valid for any input.
    data = [finding_dict(f) for f in result.findings]
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

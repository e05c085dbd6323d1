"""Properties that hold for any text: the parser and the linter never raise, spans stay inside
the file and do not overlap, and the JSON output stays valid. scripts/fuzz.py runs these with
a long budget."""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, given, settings

from dockerlint_ml import lint_text
from dockerlint_ml.parser import parse
from dockerlint_ml.reporters import render
from dockerlint_ml.runner import FileReport, RunResult
from tests.strategies import any_text

EXAMPLES = int(os.environ.get("DOCKERLINT_ML_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(any_text)
def test_parser_never_raises_and_spans_are_sane(text: str) -> None:
    df = parse(text)
    n_lines = max(len(df.lines), 1)
    previous_end = 0
    for ins in df.instructions:
        span = ins.span
        assert 1 <= span.line <= span.end_line <= n_lines, (span, n_lines)
        assert span.column >= 1 and span.end_column >= 1
        assert span.line > previous_end, "instructions overlap"
        previous_end = span.end_line
    for error in df.errors:
        assert 1 <= error.line <= n_lines


@SETTINGS
@given(any_text)
def test_lint_never_raises_and_outputs_stay_valid(text: str) -> None:
    findings = lint_text(text)
    assert not [f for f in findings if f.code == "DLM999"], findings
    dockerfile = parse(text)
    n_lines = max(len(dockerfile.lines), 1)
    for f in findings:
        assert 1 <= f.span.line <= f.span.end_line <= n_lines
        assert f.span.column >= 1 and f.span.end_column >= 1
    result = RunResult(files=[FileReport("Dockerfile", findings, dockerfile)])
    out = io.StringIO()
    render("json", result, out)
    assert [(d["code"], d["line"]) for d in json.loads(out.getvalue())] == [
        (f.code, f.span.line) for f in findings
    ]
    out = io.StringIO()
    render("plain", result, out)
    lines = out.getvalue().splitlines()
    # one line per finding plus the summary: no text from the file breaks a line
    assert len(lines) == len(findings) + 1
    assert all(not any(ord(c) < 0x20 and c != "\t" for c in line) for line in lines)

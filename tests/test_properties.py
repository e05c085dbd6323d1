"""Properties that hold for any text: the parser and the linter never raise, spans stay inside
the file and do not overlap, and the JSON output stays valid. scripts/fuzz.py runs these with
a long budget."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings

from dockerlint_ml import lint_text
from dockerlint_ml.parser import parse
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
def test_lint_never_raises_and_json_is_valid(text: str) -> None:
    findings = lint_text(text)
    assert not [f for f in findings if f.code == "DLM999"], findings
    n_lines = max(len(parse(text).lines), 1)
    for f in findings:
        assert 1 <= f.span.line <= f.span.end_line <= n_lines
        assert f.span.column >= 1 and f.span.end_column >= 1
    payload = json.dumps([f.message for f in findings] + [f.fix for f in findings])
    assert json.loads(payload) is not None

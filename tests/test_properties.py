"""Properties that hold for any text: the parser and the linter never raise, spans stay inside
the file and do not overlap, and the JSON output stays valid. scripts/fuzz.py runs these with
a long budget."""

from __future__ import annotations

import fnmatch
import io
import json
import os
import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.lint import lint
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.reporters import render
from dockerlint_ml.rules.ml.cmd_not_exec_form import CmdNotExecForm
from dockerlint_ml.run.config import Glob, GlobError
from dockerlint_ml.run.results import FileReport, RunResult
from tests.strategies import INVISIBLE, any_text, hostile_text

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


# Bound on the Python memory one lint of `text` may allocate (tracemalloc's peak): a fixed
# part for the rules' tables and caches, and a multiple of the text for lines, instructions
# and shell trees. A value expanded past its budget must never be materialised, so an
# expansion bomb of a few hundred bytes stays within the fixed part.
FIXED_PEAK = 32 * 1024 * 1024
PEAK_PER_CHAR = 200
# Linted once, untraced, before the first measure: the first lint of a process imports and
# compiles lazily (tree-sitter, rule tables), which is not what the bound is about.
WARM_UP = (
    "FROM python:3.12-slim AS base\nARG A=x\nENV B=$A C=${A:-y}\nWORKDIR /app\n"
    "COPY Pipfile Pipfile.lock ./\nRUN pip install pipenv && pipenv install --deploy --system\n"
    "COPY . .\nEXPOSE 8000\nCMD gunicorn -b 0.0.0.0:8000 app:app\n"
)
_warm: list[bool] = []


@SETTINGS
@given(hostile_text)
def test_hostile_text_stays_bounded_and_reports_cleanly(text: str) -> None:
    if not _warm:
        lint_text(WARM_UP)
        _warm.append(True)
    tracemalloc.start()
    try:
        findings = lint_text(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= FIXED_PEAK + PEAK_PER_CHAR * len(text), (peak, len(text))
    assert not [f for f in findings if f.code == "DLM999"], findings
    result = RunResult(files=[FileReport("Dockerfile", findings, parse(text))])
    plain = _rendered("plain", result)
    assert len(plain) == len(findings) + 1  # one line per finding plus the summary
    github = _rendered("github", result)
    annotations = [
        line for line in github if line.startswith(("::error ", "::warning ", "::notice "))
    ]
    assert len(annotations) == len(findings)
    # the human copy sits between ::stop-commands::TOKEN and ::TOKEN::, so no text from the
    # file can start a workflow command there
    fenced = [i for i, line in enumerate(github) if line.startswith("::stop-commands::")]
    if findings:
        (start,) = fenced
        token = github[start].removeprefix("::stop-commands::")
        assert github.count(f"::{token}::") == 1
    for text_out in (plain, github):
        assert not set("".join(text_out)) & set(INVISIBLE), text_out


def _rendered(fmt: str, result: RunResult) -> list[str]:
    out = io.StringIO()
    render(fmt, result, out)
    return out.getvalue().splitlines()


@SETTINGS
@given(st.text(alphabet="*?[]!^-az./\\\0", max_size=12), st.text(alphabet="az.-[]!", max_size=16))
def test_glob_of_one_component_matches_as_fnmatch_or_is_refused(pattern: str, name: str) -> None:
    """A configuration glob compiles or is a GlobError (a configuration error, never an
    internal one), and matching never raises; a glob of one component matches a name
    exactly as fnmatch does (globs are matched component by component, in linear time),
    but for `[^...]`, which negates as in shells and .gitignore where fnmatch reads `^`
    as a member."""
    try:
        glob = Glob.compile(pattern)
    except GlobError:
        assert "\0" in pattern or "[" in pattern
        return
    matched = glob.matches(name, name)
    plain = "/" not in pattern and "\\" not in pattern and "^" not in pattern
    if plain and pattern.strip() == pattern and pattern:
        assert matched == fnmatch.fnmatchcase(name, pattern)


FIELD_VALUES = st.one_of(
    st.none(), st.integers(), st.floats(), st.text(max_size=5), st.sampled_from(list(Severity))
)


@SETTINGS
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "code": FIELD_VALUES, "name": FIELD_VALUES, "severity": FIELD_VALUES,
            "message": FIELD_VALUES, "span": st.one_of(FIELD_VALUES, st.builds(
                Span, st.integers(-2, 5), st.integers(-2, 200), st.integers(-2, 5),
                st.integers(-2, 200))),
            "fix": FIELD_VALUES,
        },
    )
)  # fmt: skip
def test_a_plugin_finding_is_reported_or_is_dlm999(fields: dict[str, object]) -> None:
    """Whatever a plugin rule puts in a finding, the engine reports it as it is or turns it
    into one DLM999 naming the rule, and the other rules still report."""
    text = "FROM python:3.12-slim\nCMD python app.py\n"
    good = {
        "code": "ZZZ001", "name": "zzz-plugin", "severity": Severity.WARNING,
        "message": "m", "span": Span(1, 1, 1, 5),
    }  # fmt: skip
    made = {**good, **fields}

    class Plugin(Rule):
        code = "ZZZ001"
        name = "zzz-plugin"
        keywords = frozenset({"FROM"})

        def check(self, instruction: Instruction, ctx: Context) -> list[Finding]:
            finding = object.__new__(Finding)
            for key, value in made.items():
                object.__setattr__(finding, key, value)
            for key in ("fix", "path", "subsumed_by"):
                if key not in made:
                    object.__setattr__(finding, key, None if key != "path" else "")
            return [finding]

    dockerfile = parse(text)
    result = lint(dockerfile, [Plugin(), CmdNotExecForm()])
    codes = [f.code for f in result.findings]
    assert "DLM008" in codes
    if "DLM999" in codes:
        assert codes.count("DLM999") == 1 and "ZZZ001" not in codes
        assert len(result.internal_errors) == 1
        assert result.internal_errors[0].startswith("ZZZ001 zzz-plugin: ")
    else:
        assert codes.count("ZZZ001") == 1 and not result.internal_errors

"""Reporters render a RunResult: exact plain and JSON shapes, escaping, rich code frames."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.registry import Registry
from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.reporters import escape, render, summary_line
from dockerlint_ml.reporters.json_format import KEYS
from dockerlint_ml.reporters.rules_table import render_explain, render_rules
from dockerlint_ml.run.results import FileReport, RunResult

EVIL = 'FROM python:3.12-slim\nLABEL x="[bold red]x[/] \x1b[31mred\x07\u202eevil"\n'


def _finding(
    path: str,
    line: int,
    code: str = "DLM008",
    severity: Severity = Severity.WARNING,
    message: str = "m",
    fix: str | None = None,
    column: int = 1,
    end_line: int | None = None,
) -> Finding:
    span = Span(line, column, end_line or line, 5)
    return Finding(code, f"name-{code[-1]}", severity, message, span, fix, path)


def _result(*files: tuple[str, str, list[Finding]]) -> RunResult:
    return RunResult(
        files=[FileReport(path, findings, parse(text, path)) for path, text, findings in files],
        elapsed=0.125,
    )


def _render(fmt: str, result: RunResult) -> str:
    out = io.StringIO()
    render(fmt, result, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain [bold]text[/] ok", "plain [bold]text[/] ok"),
        ("tab\tkept", "tab\tkept"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("a\rb\nc\x00d\x7fe", "a\\x0db\\x0ac\\x00d\\x7fe"),
        ("c1 \x9b1m \x85", "c1 \\x9b1m \\x85"),
        ("\u2028\u2029\u202a\u202e\u2066\u2069", "\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069"),
        ("é ü 中 \U0001f600 \u00a0", "é ü 中 \U0001f600 \u00a0"),
        # A surrogate-escaped byte of an undecodable file name shows as that byte.
        ("name\udcff", "name\\xff"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("counts", "files", "expected"),
    [
        ([], 1, "0 findings in 1 file"),
        ([Severity.WARNING], 1, "1 finding (1 warning) in 1 file"),
        (
            [Severity.WARNING, Severity.ERROR, Severity.WARNING],
            2,
            "3 findings (1 error, 2 warnings) in 2 files",
        ),
        (
            [Severity.STYLE, Severity.INFO, Severity.INFO, Severity.STYLE, Severity.STYLE],
            1,
            "5 findings (2 info, 3 style) in 1 file",
        ),
        ([], 0, "0 findings in 0 files"),
    ],
)
def test_summary_line(counts: list[Severity], files: int, expected: str) -> None:
    found = [_finding("a", i + 1, severity=s) for i, s in enumerate(counts)]
    result = RunResult(
        files=[FileReport(f"f{i}", found if i == 0 else [], parse("", "x")) for i in range(files)]
    )
    assert summary_line(result) == expected


def test_plain_shape() -> None:
    result = _result(
        (
            "svc/Dockerfile",
            "FROM x\nCMD a\n",
            [
                _finding("svc/Dockerfile", 1, "DLM001", message="unpinned"),
                _finding("svc/Dockerfile", 2, "DLM008", column=3, message="shell form"),
            ],
        ),
        ("b", "FROM x\n", [_finding("b", 1, "DLM000", Severity.ERROR, "bad", "hint")]),
        ("clean", "FROM x\n", []),
    )
    assert _render("plain", result) == (
        "svc/Dockerfile:1:1: DLM001 name-1 [warning] unpinned\n"
        "svc/Dockerfile:2:3: DLM008 name-8 [warning] shell form\n"
        "b:1:1: DLM000 name-0 [error] bad\n"
        "3 findings (1 error, 2 warnings) in 3 files\n"
    )


def test_plain_escapes_paths_and_messages() -> None:
    path = "ev\x1bil\nname"
    result = _result((path, EVIL, [_finding(path, 2, message="saw [b]\x1b[2J\x07")]))
    out = _render("plain", result)
    assert "\x1b" not in out and "\x07" not in out
    expected = "ev\\x1bil\\x0aname:2:1: DLM008 name-8 [warning] saw [b]\\x1b[2J\\x07"
    assert out.splitlines()[0] == expected


def test_json_shape_sorted_and_exact_keys() -> None:
    result = _result(
        ("z", "FROM x\n", [_finding("z", 1, "DLM001")]),
        (
            "a",
            "FROM x\nCMD a\n",
            [
                _finding("a", 2, "DLM008", column=3),
                _finding("a", 2, "DLM000", Severity.ERROR, column=3, fix="do this"),
                _finding("a", 1, "DLM009", Severity.INFO),
            ],
        ),
    )
    data = json.loads(_render("json", result))
    assert isinstance(data, list)
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in data] == [
        ("a", 1, 1, "DLM009"),
        ("a", 2, 3, "DLM000"),
        ("a", 2, 3, "DLM008"),
        ("z", 1, 1, "DLM001"),
    ]
    assert all(set(d) == set(KEYS) for d in data)
    assert data[1] == {
        "file": "a",
        "line": 2,
        "column": 3,
        "end_line": 2,
        "end_column": 5,
        "code": "DLM000",
        "name": "name-0",
        "level": "error",
        "message": "m",
        "fix": "do this",
        "fixable": None,
        "edits": [],
    }
    assert [d["level"] for d in data] == ["info", "error", "warning", "warning"]
    assert data[0]["fix"] is None


def test_json_fixable_and_edits() -> None:
    edits = (Edit(Span(2, 6, 2, 6), " --x"), Edit(Span(2, 1, 2, 4), "cmd"))
    finding = replace(_finding("a", 2, "DLM008"), autofix=Fix("Add --x", UNSAFE, edits))
    (item,) = json.loads(_render("json", _result(("a", "FROM x\nCMD a\n", [finding]))))
    assert item["fixable"] == "unsafe"
    assert item["edits"] == [
        {"line": 2, "column": 6, "end_line": 2, "end_column": 6, "text": " --x"},
        {"line": 2, "column": 1, "end_line": 2, "end_column": 4, "text": "cmd"},
    ]
    assert item["fix"] == finding.fix


def test_json_empty_is_an_array_and_nothing_else() -> None:
    assert _render("json", _result(("a", "FROM x\n", []))) == "[]\n"


def test_json_valid_for_any_text() -> None:
    message = '\x00\x1b[31m\u2028\ud800 "quoted" \\ [bold]'
    path = "p\udcff\x1b"
    out = _render("json", _result((path, EVIL, [_finding(path, 1, message=message)])))
    out.encode("utf-8")  # writable as UTF-8: no lone surrogate left
    (item,) = json.loads(out)
    assert item["message"] == '\x00\x1b[31m\u2028\ufffd "quoted" \\ [bold]'
    assert item["file"] == "p\ufffd\x1b"
    assert "\x1b" not in out  # json.dumps escaped the control characters


def _rich(result: RunResult, monkeypatch: pytest.MonkeyPatch, color: bool) -> str:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    return _render("rich", result)


@pytest.mark.parametrize("color", [False, True])
def test_rich_shows_dockerfile_text_literally(monkeypatch: pytest.MonkeyPatch, color: bool) -> None:
    finding = _finding("Evil", 2, message="label [bold red]x[/] \x1b[31mred", fix="[link=x]y[/]")
    out = _rich(_result(("Evil", EVIL, [finding])), monkeypatch, color)
    assert ("\x1b[" in out) is color  # rich styles only when colour is on
    assert "\x1b[31mred" not in out
    assert "\x07" not in out and "\u202e" not in out
    assert "label [bold red]x[/] \\x1b[31mred" in _strip_ansi(out)
    assert "fix: [link=x]y[/]" in _strip_ansi(out)
    frame = '2 │ LABEL x="[bold red]x[/] \\x1b[31mred\\x07\\u202eevil"'
    assert frame in _strip_ansi(out)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_rich_layout_and_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "FROM python:3.12-slim\nCMD python app.py\n"
    result = _result(
        ("Dockerfile", text, [_finding("Dockerfile", 2, message="shell form", fix="use exec")]),
        ("clean/Dockerfile", "FROM x\n", []),
    )
    lines = _rich(result, monkeypatch, color=False).splitlines()
    assert lines == [
        "Dockerfile",
        "  2:1  DLM008 name-8  warning",
        "    shell form",
        "    fix: use exec",
        "  2 │ CMD python app.py",
        "",
        "1 finding (1 warning) in 2 files (0.12 s)",
        "  1 warning",
        "     1  DLM008 name-8",
    ]


def test_rich_frame_of_a_long_instruction_keeps_first_and_last_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(f"    pkg{i} \\\n" for i in range(2, 12))
    text = f"FROM x\nRUN pip install \\\n{body}    last\n"
    finding = _finding("D", 2, end_line=13)
    out = _rich(_result(("D", text, [finding])), monkeypatch, color=False)
    frame = [line for line in out.splitlines() if "│" in line]
    assert frame == [
        "   2 │ RUN pip install \\",
        "   3 │     pkg2 \\",
        "   4 │     pkg3 \\",
        "   5 │     pkg4 \\",
        "   ⋮ │ … 6 more lines",
        "  12 │     pkg11 \\",
        "  13 │     last",
    ]


def test_rich_frame_shows_the_token_line_of_a_long_instruction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(f"    pkg{i} \\\n" for i in range(2, 12))
    text = f"FROM x\nRUN pip install \\\n{body}    last\n"
    finding = replace(
        _finding("D", 8, end_line=8), span=Span(8, 5, 8, 9), instruction=Span(2, 1, 13, 9)
    )
    out = _rich(_result(("D", text, [finding])), monkeypatch, color=False)
    frame = [line for line in out.splitlines() if "│" in line]
    assert frame == [
        "   2 │ RUN pip install \\",
        "   3 │     pkg2 \\",
        "   4 │     pkg3 \\",
        "   5 │     pkg4 \\",
        "   ⋮ │ … 2 more lines",
        "   8 │     pkg7 \\",
        "   ⋮ │ … 3 more lines",
        "  12 │     pkg11 \\",
        "  13 │     last",
    ]


def test_json_streamed_is_exactly_one_dump_of_the_list() -> None:
    from dockerlint_ml.reporters.json_format import finding_dict

    result = _result(
        ("a", "FROM x\nCMD a\n", [_finding("a", 2, "DLM008", column=3), _finding("a", 1)]),
        ("b", "FROM x\n", [_finding("b", 1, "DLM001", message="multi\nline")]),
    )
    whole = json.dumps([finding_dict(f) for f in result.findings], ensure_ascii=False, indent=2)
    assert _render("json", result) == whole + "\n"


def test_rich_frame_cuts_a_huge_line(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "FROM x\nRUN echo " + "a" * 100_000 + "\n"
    out = _rich(_result(("D", text, [_finding("D", 2)])), monkeypatch, color=False)
    assert len(out) < 5_000
    assert all(len(line) <= 100 for line in out.splitlines())


def test_rich_empty_file_finding_has_no_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    finding = _finding("E", 1, "DLM000", Severity.ERROR, "file with no instructions")
    out = _rich(_result(("E", "", [finding])), monkeypatch, color=False)
    assert "file with no instructions" in out and "│" not in out


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render("xml", RunResult(), io.StringIO())


class _Demo(Rule):
    """Flags a demo [bold]thing[/].

    Longer text with \x1b[31m inside.

    ## Why is this bad?

    Because.
    """

    code = "XYZ001"
    name = "demo-rule"
    severity = Severity.INFO


def test_rules_table_plain_and_json() -> None:
    out = io.StringIO()
    render_rules(Registry([_Demo]), "plain", out)
    assert out.getvalue() == (
        "CODE    NAME       LEVEL  DEFAULT  FIX  SUMMARY\n"
        "XYZ001  demo-rule  info   yes      -    Flags a demo [bold]thing[/].\n"
    )
    out = io.StringIO()
    render_rules(Registry([_Demo]), "json", out)
    assert json.loads(out.getvalue()) == [
        {
            "code": "XYZ001",
            "name": "demo-rule",
            "level": "info",
            "summary": _Demo.summary(),
            "aliases": [],
            "supersedes": [],
            "superseded_by": [],
            "default": True,
            "fixable": None,
            "reserved": False,
        }
    ]


class _Covering(Rule):
    """Covers the demo rule more strictly."""

    code = "XYZ002"
    name = "covering-rule"
    supersedes = ("XYZ001",)


class _Optional(Rule):
    """Off unless selected."""

    code = "XYZ003"
    name = "optional-rule"
    aliases = ("OptionalCheck",)
    default = False


def test_rules_table_shows_the_default_selection_and_supersedes() -> None:
    out = io.StringIO()
    render_rules(Registry([_Demo, _Covering, _Optional]), "json", out)
    rows = {r["code"]: r for r in json.loads(out.getvalue())}
    assert (rows["XYZ001"]["default"], rows["XYZ001"]["superseded_by"]) == (False, ["XYZ002"])
    assert (rows["XYZ002"]["default"], rows["XYZ002"]["supersedes"]) == (True, ["XYZ001"])
    assert (rows["XYZ003"]["default"], rows["XYZ003"]["aliases"]) == (False, ["OptionalCheck"])
    out = io.StringIO()
    render_rules(Registry([_Demo, _Covering, _Optional]), "plain", out)
    assert [line.split()[3] for line in out.getvalue().splitlines()] == [
        "DEFAULT",
        "no",
        "yes",
        "no",
    ]


@pytest.mark.parametrize("fmt", ["plain", "rich"])
def test_explain_escapes_and_keeps_the_docs(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    out = io.StringIO()
    render_explain(_Demo, Registry([_Demo]), fmt, out)
    text = out.getvalue()
    assert "\x1b[31m" not in text and "\\x1b[31m" in text
    assert "XYZ001 demo-rule" in text
    assert "Flags a demo [bold]thing[/]." in text
    if fmt == "plain":
        assert text.startswith("# XYZ001 demo-rule\n\nFlags a demo")
        assert "| XYZ001 | demo-rule | info | yes | no | none | none | none |" in text
        assert "## Why is this bad?\n\nBecause.\n" in text

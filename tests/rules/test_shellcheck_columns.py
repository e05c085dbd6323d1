"""The exact spans of 50 SC findings on the real corpus (tests/rules/shellcheck_columns.tsv).

Each row was checked by hand: the Dockerfile text at the span is what ShellCheck flags (the
`$VAR` of SC2086, the `$(...)` of SC2046...), columns in code points, 1-based, a tab one column,
the end exclusive. The corpus files are read from ../shared (never copied here): without them
the tests skip with the reason (a failure under CI=true, as in tests/test_corpus.py); the span
comparison also needs ShellCheck. All listed files are linted by one dockerlint-ml process.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from dockerlint_ml.run.shellcheck import find_shellcheck
from tests.rules.agreement_helpers import REAL, load_script, require_corpus

sa: Any = load_script("shellcheck_agreement")
TABLE = Path(__file__).with_name("shellcheck_columns.tsv")
HEADER = ["file", "code", "line", "column", "end_line", "end_column", "text", "note"]


class Listed(NamedTuple):
    file: str
    code: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # unescaped
    note: str

    @property
    def span(self) -> tuple[int, int, int, int]:
        return (self.line, self.column, self.end_line, self.end_column)

    def shown(self) -> str:
        return (
            f"{self.file} {self.code} {self.line}:{self.column}-{self.end_line}:{self.end_column}"
        )


def unescape(text: str) -> str:
    """The table's escapes undone: `\\\\` a backslash, `\\t` a tab, `\\n` a line break."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "\\tn":
            out.append({"\\": "\\", "t": "\t", "n": "\n"}[text[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_table(path: Path = TABLE) -> list[Listed]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    assert header == HEADER, f"{path.name}: header {header}"
    rows = []
    for fields in reader:
        assert len(fields) == len(HEADER), f"{path.name}: {fields}"
        file, code, line, column, end_line, end_column, text, note = fields
        rows.append(
            Listed(
                file,
                code,
                int(line),
                int(column),
                int(end_line),
                int(end_column),
                unescape(text),
                note,
            )
        )
    return rows


def text_at(lines: list[str], span: tuple[int, int, int, int]) -> str:
    """The text of a span (1-based columns, end exclusive), line breaks as "\\n"."""
    line, column, end_line, end_column = span
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    middle = lines[line : end_line - 1]
    return "\n".join(
        [lines[line - 1][column - 1 :], *middle, lines[end_line - 1][: end_column - 1]]
    )


ROWS = read_table()


def test_the_table_is_well_formed() -> None:
    assert len(ROWS) == 50
    assert len({(r.file, r.code, r.span) for r in ROWS}) == 50
    codes = Counter(r.code for r in ROWS)
    assert len(codes) >= 30, codes  # spread across codes
    assert all(sa.SC_CODE.fullmatch(r.code) for r in ROWS)
    assert sum(r.end_line > r.line for r in ROWS) >= 3  # spans over several lines
    assert sum("\t" in r.text or "tab" in r.note for r in ROWS) >= 3
    assert sum("heredoc" in r.note for r in ROWS) >= 3
    for r in ROWS:
        assert (r.end_line, r.end_column) > (r.line, r.column), f"{r.shown()}: empty span"
        assert r.text and r.note, r.shown()


def test_the_listed_text_is_at_the_listed_span() -> None:
    require_corpus()
    wrong = []
    for r in ROWS:
        lines = sa.read_text(REAL / r.file).split("\n")
        found = text_at(lines, r.span)
        if found != r.text:
            wrong.append(f"{r.shown()}: the Dockerfile holds {found!r}, the table {r.text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def reported() -> dict[str, set[tuple[str, int, int, int, int]]]:
    require_corpus()
    if find_shellcheck(None) is None:
        pytest.skip("ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')")
    files = sorted({r.file for r in ROWS})
    ours = sa.run_ours(files, REAL)
    assert not ours.side.parse_errors, ours.side.parse_errors
    out: dict[str, set[tuple[str, int, int, int, int]]] = {f: set() for f in files}
    for item in ours.findings:
        out[item["file"]].add(
            (item["code"], item["line"], item["column"], item["end_line"], item["end_column"])
        )
    return out


def test_each_listed_span_is_reported_exactly(
    reported: dict[str, set[tuple[str, int, int, int, int]]],
) -> None:
    missing = []
    for r in ROWS:
        if (r.code, *r.span) in reported[r.file]:
            continue
        near = sorted(
            f"{c} {ln}:{col}-{el}:{ec}"
            for c, ln, col, el, ec in reported[r.file]
            if c == r.code and ln <= r.end_line and el >= r.line
        )
        missing.append(f"{r.shown()} ({r.text!r}): not reported; on those lines: {near}")
    assert not missing, f"{len(missing)} of {len(ROWS)} spans differ:\n" + "\n".join(missing)


def test_unescape() -> None:
    assert unescape(r"'\\tAll'\ta\nb \x") == "'\\tAll'\ta\nb \\x"

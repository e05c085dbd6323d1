"""Source positions of words in instructions: exact spans through continuations, skipped
lines, escape directives, CRLF, tabs and astral characters, for shell and exec forms."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.dockerfile.positions import SourceMap, Word, source_map, token_span
from tests import strategies
from tests.helpers import CORPUS

REAL = CORPUS / "real"


def first(df: Dockerfile, keyword: str) -> Instruction:
    return next(i for i in df.instructions if i.keyword == keyword)


def texts(sm: SourceMap) -> list[str]:
    return [w.text for w in sm.words()]


def source_text(df: Dockerfile, span: Span) -> str:
    """The file's text under `span`, lines joined with "\\n"."""
    if span.line == span.end_line:
        return df.lines[span.line - 1][span.column - 1 : span.end_column - 1]
    out = [df.lines[span.line - 1][span.column - 1 :]]
    out += df.lines[span.line : span.end_line - 1]
    out.append(df.lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(out)


def check_consistent(df: Dockerfile) -> None:
    """What every source map must satisfy, whatever the file."""
    for ins in df.instructions:
        sm = source_map(df, ins)
        target = ins.inner if ins.inner is not None else ins
        if sm.value_start < 0:
            assert sm.words() == ()
            continue
        assert sm.text[sm.value_start : sm.value_start + len(target.value)] == target.value
        for w in sm.words():
            assert sm.text[w.start : w.end] == w.raw
            span = sm.span(w.start, w.end)
            if span.line == span.end_line:
                assert source_text(df, span) == w.raw
        if target.form == "exec" and target.argv is not None:
            assert tuple(texts(sm)) == target.argv


# -- shell form ---------------------------------------------------------------------------


def test_single_line_run() -> None:
    df = parse("FROM python:3.12-slim\nRUN pip install flask\n")
    run = first(df, "RUN")
    assert token_span(df, run, ["pip"]) == Span(2, 5, 2, 8)
    assert token_span(df, run, ["flask"]) == Span(2, 17, 2, 22)
    assert token_span(df, run, ["pip", "install"]) == Span(2, 5, 2, 16)
    assert token_span(df, run, ["django"]) is None


def test_token_on_third_line_of_continuation() -> None:
    df = parse("FROM a\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.text == "RUN apt-get update     && apt-get install -y         curl"
    assert token_span(df, run, ["curl"]) == Span(4, 9, 4, 13)
    assert token_span(df, run, ["&&"]) == Span(3, 5, 3, 7)
    assert token_span(df, run, ["-y"]) == Span(3, 24, 3, 26)


def test_comment_and_blank_lines_inside_continuation() -> None:
    df = parse("FROM a\nRUN a \\\n  # a comment\n\n  && gunicorn app\n")
    run = first(df, "RUN")
    assert texts(source_map(df, run)) == ["a", "&&", "gunicorn", "app"]
    assert token_span(df, run, ["gunicorn"]) == Span(5, 6, 5, 14)


def test_crlf_file() -> None:
    df = parse("FROM a\r\nRUN pip install \\\r\n  flask\r\nCMD x\r\n")
    run = first(df, "RUN")
    assert token_span(df, run, ["install"]) == Span(2, 9, 2, 16)
    assert token_span(df, run, ["flask"]) == Span(3, 3, 3, 8)
    assert token_span(df, first(df, "CMD"), ["x"]) == Span(4, 5, 4, 6)


def test_backtick_escape_directive() -> None:
    df = parse("# escape=`\nFROM a\nRUN echo C:\\dir `\n  && flask run\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.text == "RUN echo C:\\dir   && flask run"
    # the shell's own escape is still `\`: `C:\dir` reads as `C:dir`
    assert texts(sm) == ["echo", "C:dir", "&&", "flask", "run"]
    assert token_span(df, run, ["flask", "run"]) == Span(4, 6, 4, 15)
    assert token_span(df, run, ["C:dir"]) == Span(3, 10, 3, 16)


def test_backtick_file_keeps_a_trailing_backslash() -> None:
    df = parse("# escape=`\nFROM a\nRUN end\\\n")
    sm = source_map(df, first(df, "RUN"))
    assert texts(sm) == ["end\\"]


def test_tabs_are_one_column() -> None:
    df = parse("FROM a\n\tRUN\tpip\tinstall \\\n\t\tflask\n")
    run = first(df, "RUN")
    assert run.span.column == 2
    assert token_span(df, run, ["pip"]) == Span(2, 6, 2, 9)
    assert token_span(df, run, ["flask"]) == Span(3, 3, 3, 8)


def test_astral_and_combining_characters_count_as_code_points() -> None:
    df = parse("FROM a\nRUN echo 🐳 e\u0301 target\n")
    run = first(df, "RUN")
    assert texts(source_map(df, run)) == ["echo", "🐳", "e\u0301", "target"]
    # "RUN echo " is 9 code points, the whale 1, the blank 1, e + combining accent 2
    assert token_span(df, run, ["🐳"]) == Span(2, 10, 2, 11)
    assert token_span(df, run, ["target"]) == Span(2, 15, 2, 21)


def test_quoted_words_text_and_raw() -> None:
    df = parse("FROM a\nRUN gunicorn \"--bind\" '127.0.0.1:80' app\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    words = sm.words()
    assert words[1] == Word(text="--bind", raw='"--bind"', start=13, end=21)
    assert words[2].text == "127.0.0.1:80"
    assert words[2].raw == "'127.0.0.1:80'"
    assert token_span(df, run, ["--bind", "127.0.0.1:80"]) == Span(2, 14, 2, 37)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('a"b c"d', ["ab cd"]),
        ("a\\ b", ["a b"]),
        ('"a\\"b\\\\c\\$d\\`e\\nf"', ['a"b\\c$d`e\\nf']),
        ("'a\\b'", ["a\\b"]),
        ('""', [""]),
        ("echo $(a b) ${c:-d e} `f g`", ["echo", "$(a b)", "${c:-d e}", "`f g`"]),
        ('"$(echo ")") x"', ['$(echo ")") x']),
        ("$((1 + (2)))", ["$((1 + (2)))"]),
        ("a&&b||c;d|e&f", ["a", "&&", "b", "||", "c", ";", "d", "|", "e", "&", "f"]),
        ("(cd x)", ["(", "cd", "x", ")"]),
        (
            "a >f 2>&1 <in >>log 2>>err",
            ["a", ">", "f", "2>&", "1", "<", "in", ">>", "log", "2>>", "err"],
        ),
        ("x2>f", ["x2", ">", "f"]),
        ("a # b", ["a", "#", "b"]),
        ("'unterminated x", ["unterminated x"]),
        ('"unterminated x', ["unterminated x"]),
        ("$(unterminated x", ["$(unterminated x"]),
        ("$HOME/$ x$", ["$HOME/$", "x$"]),
    ],
)
def test_shell_words(value: str, expected: list[str]) -> None:
    df = parse(f"FROM a\nRUN {value}\n")
    sm = source_map(df, first(df, "RUN"))
    assert texts(sm) == expected
    check_consistent(df)


# -- exec form, ONBUILD, HEALTHCHECK ------------------------------------------------------


def test_exec_form_cmd_words() -> None:
    df = parse('FROM a\nCMD ["gunicorn", "-b", "0.0.0.0:80", "caf\\u00e9"]\n')
    cmd = first(df, "CMD")
    sm = source_map(df, cmd)
    assert texts(sm) == ["gunicorn", "-b", "0.0.0.0:80", "café"]
    assert [w.raw for w in sm.words()] == ['"gunicorn"', '"-b"', '"0.0.0.0:80"', '"caf\\u00e9"']
    assert token_span(df, cmd, ["-b", "0.0.0.0:80"]) == Span(2, 18, 2, 36)


def test_exec_form_across_lines() -> None:
    df = parse('FROM a\nENTRYPOINT ["python", \\\n    "-m", "app"]\n')
    ep = first(df, "ENTRYPOINT")
    assert token_span(df, ep, ["python", "-m"]) == Span(2, 13, 3, 9)


def test_malformed_json_is_read_as_shell() -> None:
    df = parse("FROM a\nCMD [python, app.py]\n")
    cmd = first(df, "CMD")
    assert cmd.malformed_json
    assert texts(source_map(df, cmd)) == ["[python,", "app.py]"]


def test_onbuild_run_inner() -> None:
    df = parse("FROM a\nONBUILD RUN pip install \\\n  flask\n")
    onbuild = first(df, "ONBUILD")
    assert onbuild.inner is not None
    sm = source_map(df, onbuild)
    assert sm.text[sm.value_start :] == "pip install   flask"
    assert texts(sm) == ["pip", "install", "flask"]
    assert token_span(df, onbuild, ["pip"]) == Span(2, 13, 2, 16)
    assert token_span(df, onbuild.inner, ["flask"]) == Span(3, 3, 3, 8)


def test_onbuild_exec_form_inner() -> None:
    df = parse('FROM a\nONBUILD CMD ["serve", "--port", "80"]\n')
    onbuild = first(df, "ONBUILD")
    assert texts(source_map(df, onbuild)) == ["serve", "--port", "80"]
    assert token_span(df, onbuild, ["80"]) == Span(2, 33, 2, 37)


def test_healthcheck_exec_and_shell() -> None:
    df = parse(
        "FROM a\n"
        'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n'
        "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
    )
    exec_form, shell_form = (i for i in df.instructions if i.keyword == "HEALTHCHECK")
    assert texts(source_map(df, exec_form)) == ["curl", "-f", "http://localhost/"]
    assert token_span(df, exec_form, ["-f"]) == Span(2, 40, 2, 44)
    # the shell form's words are the value's: `CMD` first
    assert texts(source_map(df, shell_form))[:3] == ["CMD", "curl", "-f"]
    assert token_span(df, shell_form, ["exit", "1"]) == Span(3, 46, 3, 52)


def test_run_with_flags() -> None:
    df = parse("FROM a\nRUN --mount=type=cache,target=/x pip install a\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.value_start == 33
    assert texts(sm) == ["pip", "install", "a"]
    assert token_span(df, run, ["pip"]) == Span(2, 34, 2, 37)


# -- positions ----------------------------------------------------------------------------


def test_file_without_final_newline() -> None:
    df = parse("FROM a\nRUN pip install flask")
    assert token_span(df, first(df, "RUN"), ["flask"]) == Span(2, 17, 2, 22)


def test_occurrence_and_count() -> None:
    df = parse("FROM a\nRUN pip install a && pip install b && pip  install c\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.count(["pip", "install"]) == 3
    assert sm.count(["pip"]) == 3
    assert sm.count(["nope"]) == 0
    assert sm.count([]) == 0
    assert token_span(df, run, ["pip", "install"], occurrence=1) == Span(2, 22, 2, 33)
    assert token_span(df, run, ["pip", "install"], occurrence=2) == Span(2, 39, 2, 51)
    assert token_span(df, run, ["pip", "install"], occurrence=3) is None
    assert sm.find(["pip"], occurrence=-1) is None


def test_runs_do_not_overlap() -> None:
    df = parse("FROM a\nRUN x x x x x\n")
    sm = source_map(df, first(df, "RUN"))
    assert sm.count(["x", "x"]) == 2
    assert sm.find(["x", "x"], 1) == (8, 11)
    assert sm.count(["x", "x", "y"]) == 0


def test_multi_word_run_across_a_continuation() -> None:
    df = parse("FROM a\nRUN pip install \\\n    flask && true\n")
    run = first(df, "RUN")
    assert token_span(df, run, ["install", "flask"]) == Span(2, 9, 3, 10)


def test_end_at_a_continuation_boundary_stays_on_the_earlier_line() -> None:
    df = parse("FROM a\nRUN abc\\\n  def\n")
    sm = source_map(df, first(df, "RUN"))
    assert sm.text == "RUN abc  def"
    boundary = len("RUN abc")
    assert sm.span(4, boundary) == Span(2, 5, 2, 8)
    assert sm.span(boundary, boundary + 2) == Span(3, 1, 3, 3)
    assert sm.point(boundary) == (3, 1)
    assert sm.point(len(sm.text)) == (3, 6)
    # the continued word `abc  def`? no: the blanks of the next line split it
    assert texts(sm) == ["abc", "def"]


def test_lone_escape_line_before_the_keyword() -> None:
    """The parser starts such an instruction on the escape's line; its words are later."""
    df = parse("\\\nRUN x\n")
    run = first(df, "RUN")
    assert run.span.line == 1
    assert token_span(df, run, ["x"]) == Span(2, 5, 2, 6)
    assert source_map(df, run).span(0, 3) == Span(2, 1, 2, 4)


def test_empty_span_is_an_insertion_point() -> None:
    df = parse("FROM a\nRUN pip install flask\n")
    sm = source_map(df, first(df, "RUN"))
    found = sm.find(["flask"])
    assert found is not None
    assert sm.span(found[0], found[0]) == Span(2, 17, 2, 17)
    assert sm.span(len(sm.text), len(sm.text)) == Span(2, 22, 2, 22)
    assert sm.span(0, 0) == Span(2, 1, 2, 1)


def test_value_start() -> None:
    df = parse("FROM a\n  run   --network=none   echo  hi  \nCOPY --from=b  x y\n")
    run, copy = df.instructions[1], df.instructions[2]
    sm = source_map(df, run)
    assert sm.text == "run   --network=none   echo  hi  "
    assert sm.value_start == 23
    assert sm.span(sm.value_start, sm.value_start + len(run.value)) == Span(2, 26, 2, 34)
    assert source_map(df, copy).value_start == len("COPY --from=b  ")


def test_heredoc_words_are_of_the_first_line_only() -> None:
    df = parse("FROM a\nRUN <<EOF python3\npip install flask\nEOF\nCMD x\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.text == "RUN <<EOF python3"
    assert texts(sm) == ["<<", "EOF", "python3"]
    assert token_span(df, run, ["pip"]) is None
    assert token_span(df, run, ["EOF"]) == Span(2, 7, 2, 10)


# -- robustness ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "FROM a\nRUN echo 'unterminated\n",
        'FROM a\nRUN echo "unterminated \\\n',
        "FROM a\nRUN x \\",
        "FROM a\nRUN x \\\n",
        "FROM a\nRUN x \\\n\\\n",
        "\\\nRUN x\n",
        "FROM a\r\nRUN a\\\r\n\r\n  # c\r\n  b\r\n",
        "# escape=`\nFROM a\nRUN x `",
        "# escape=`\nFROM a\nRUN x ``\nRUN y `\n `\n",
        "FROM a\nRUN $($($($(x\n",
        "FROM a\nRUN ${${${\n",
        "FROM a\nRUN `a\\`\n",
        'FROM a\nCMD ["a\\"b", "\\ud83d\\udc33"]\n',
        'FROM a\nCMD ["a", 1]\n',
        "\ufeffFROM a\nRUN 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \\\n  é\n",
        "FROM a\nRUN \fx \\\n\f\n y\n",
        "FROM a\nRUN a\rb \\\n c\n",
        "FROM a\nONBUILD\n",
        "FROM a\nONBUILD FOO bar\n",
        "FROM a\nHEALTHCHECK CMD\n",
        "FROM a\nHEALTHCHECK NONE\n",
        "FROM a\nRUN <<EOF\n",
        "FROM a\nRUN 2>\n",
        "RUN",
    ],
)
def test_hostile_input_never_raises(text: str) -> None:
    df = parse(text)
    check_consistent(df)
    for ins in df.instructions:
        sm = source_map(df, ins)
        for offset in (-5, 0, len(sm.text) // 2, len(sm.text), len(sm.text) + 5):
            sm.point(offset)
            sm.span(offset, offset + 3)
        sm.find(["x"])
        token_span(df, ins, ["x", "y"])


def test_model_that_does_not_match_its_lines() -> None:
    df = parse("FROM a\nRUN pip install flask\n")
    run = first(df, "RUN")
    sm = source_map(df, run)
    assert sm.value_start == 4
    moved = parse("FROM a\nRUN other words\n")
    sm = source_map(moved, run)
    assert sm.value_start == -1
    assert sm.words() == ()
    assert sm.find(["pip"]) is None


@settings(max_examples=300, deadline=None)
@given(strategies.any_text)
def test_any_text_is_consistent(text: str) -> None:
    check_consistent(parse(text))


def test_linear_in_the_instruction_size() -> None:
    """A 1 MB instruction of quotes, expansions and continuations splits in well under a
    second (a quadratic scan would take minutes)."""
    chunk = 'a"b c"d \'e f\' $(g "h)" i) ${j:-k} `l` 2>&1 && \\\n  '
    text = "FROM a\nRUN " + chunk * (1_000_000 // len(chunk)) + "end\n"
    df = parse(text)
    run = first(df, "RUN")
    began = time.perf_counter()
    sm = source_map(df, run)
    assert sm.count(["&&", "end"]) == 1
    assert sm.count(["e f", '$(g "h)" i)']) == len(text) // len(chunk)
    assert time.perf_counter() - began < 10
    assert token_span(df, run, ["end"]) == Span(run.span.end_line, 3, run.span.end_line, 6)


def _real_files() -> list[Path]:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent: the corpus property test needs ../shared/corpus/real")
    return sorted(p for p in REAL.rglob("*") if p.is_file())


def test_real_corpus_is_consistent() -> None:
    """Every word of every instruction of the real corpus maps back to its own text (a few
    seconds: each file is parsed once and each instruction split once)."""
    files = _real_files()
    assert files
    checked = 0
    for path in files:
        df = parse(path.read_bytes().decode("utf-8", "replace"), str(path))
        check_consistent(df)
        for ins in df.instructions:
            assert source_map(df, ins).value_start >= 0, (path, ins.span)
            checked += 1
    assert checked > 1000

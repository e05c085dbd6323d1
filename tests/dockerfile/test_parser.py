"""The parser against BuildKit's behaviour, case by case (the corpus-wide comparison lives in
test_differential.py)."""

from __future__ import annotations

import pytest
from dockerfile_parse.util import WordSplitter
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_ml.dockerfile import model, parser
from dockerlint_ml.dockerfile.model import Dockerfile, Flag, Heredoc, Span, Stage
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.dockerfile.variables import FILE_BUDGET, VALUE_BUDGET
from tests.helpers import lines_run


def shape(text: str) -> list[tuple[str, int, int]]:
    return [(i.keyword, i.span.line, i.span.end_line) for i in parse(text).instructions]


def errors(text: str) -> list[tuple[int, str]]:
    return [(e.line, e.message) for e in parse(text).errors]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a\nRUN x\n", [("FROM", 1, 1), ("RUN", 2, 2)]),
        ("\ufeffFROM a\n", [("FROM", 1, 1)]),
        ("FROM a\r\nRUN x \\\r\n  y\r\n", [("FROM", 1, 1), ("RUN", 2, 3)]),
        ("from a\nrun x\nCoPy a b\n", [("FROM", 1, 1), ("RUN", 2, 2), ("COPY", 3, 3)]),
        # a blank line and a comment inside a continuation do not end the instruction
        (
            "FROM a\nRUN x \\\n\n  # c\n  && y\nCMD z\n",
            [("FROM", 1, 1), ("RUN", 2, 5), ("CMD", 6, 6)],
        ),
        # end of file inside a continuation keeps the instruction
        ("FROM a\nRUN x \\\n", [("FROM", 1, 1), ("RUN", 2, 2)]),
        ("FROM a\nRUN x \\", [("FROM", 1, 1), ("RUN", 2, 2)]),
        # an escaped escape at end of line is not a continuation
        ("FROM a\nENV C x\\\\\nENV D y\n", [("FROM", 1, 1), ("ENV", 2, 2), ("ENV", 3, 3)]),
        # a lone escape on its own line continues
        ("FROM a\nRUN a \\\n\\\n b\n", [("FROM", 1, 1), ("RUN", 2, 4)]),
        # indented keyword and trailing whitespace after the escape
        ("  FROM a\n\tRUN x \\  \n y\n", [("FROM", 1, 1), ("RUN", 2, 3)]),
    ],
)
def test_instruction_lines(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert shape(text) == expected


def test_spans_columns_in_code_points() -> None:
    df = parse("FROM a\n  RUN echo héllo \\\n  wörld\n")
    run = df.instructions[1]
    assert run.span == Span(2, 3, 3, 8)
    assert run.value == "echo héllo   wörld"


def test_continuation_joins_without_the_escape() -> None:
    df = parse("FROM a\nRUN echo hi \\\n \\\n world \\\n\\\n good\\\n\\\nnight\n")
    assert df.instructions[1].value == "echo hi   world  goodnight"


def test_escape_directive_backtick() -> None:
    df = parse("# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo x\n")
    assert df.directives == {"escape": "`"}
    assert shape("# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo x\n")[1] == ("RUN", 3, 4)
    assert df.instructions[1].value == "dir c:\\   && echo x"


def test_directives_only_at_top() -> None:
    df = parse("# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n# escape=`\n")
    assert df.directives == {"syntax": "docker/dockerfile:1", "check": "skip=all"}
    assert parse("\n# syntax=x\nFROM a\n").directives == {}
    assert parse("# foo=bar\n# syntax=x\nFROM a\n").directives == {}


def test_arg_with_several_names_and_defaults() -> None:
    df = parse('ARG A B=2 C="x y"\nFROM img:${B}\nARG A\n')
    assert df.global_args == {"A": None, "B": "2", "C": "x y"}
    assert df.stages[0].base_resolved == "img:2"


@pytest.mark.parametrize(
    ("text", "heredocs", "end_line"),
    [
        ("FROM a\nRUN <<EOF\necho hi\nEOF\n", [Heredoc("EOF", "echo hi\n")], 4),
        (
            "FROM a\nRUN <<-EOF\n\techo hi\n\tEOF\n",
            [Heredoc("EOF", "\techo hi\n", strip_tabs=True)],
            4,
        ),
        ("FROM a\nRUN <<'EOF'\n$x\nEOF\n", [Heredoc("EOF", "$x\n", quoted=True)], 4),
        ('FROM a\nRUN <<"EOF"\n$x\nEOF\n', [Heredoc("EOF", "$x\n", quoted=True)], 4),
        (
            "FROM a\nRUN <<A cat && <<B cat\na\nA\nb\nB\n",
            [Heredoc("A", "a\n"), Heredoc("B", "b\n")],
            6,
        ),
        ("FROM a\nCOPY <<EOF /dest\nx\nEOF\n", [Heredoc("EOF", "x\n")], 4),
        ("FROM a\nRUN 3<<EOF\nx\nEOF\n", [Heredoc("EOF", "x\n", fd=3)], 4),
        # a heredoc after a continuation
        (
            "FROM a\nRUN --mount=type=cache,target=/x \\\n  <<EOF\nls\nEOF\n",
            [Heredoc("EOF", "ls\n")],
            5,
        ),
        # a quoted "<<" is not a heredoc
        ('FROM a\nRUN echo "<<EOF"\n', [], 2),
    ],
)
def test_heredocs(text: str, heredocs: list[Heredoc], end_line: int) -> None:
    df = parse(text)
    ins = df.instructions[1]
    assert list(ins.heredocs) == heredocs
    assert ins.span.end_line == end_line
    assert not df.errors


def test_heredoc_directly_followed_by_next_instruction() -> None:
    assert shape("FROM a\nRUN <<EOF\nls\nEOF\nCMD x\n") == [
        ("FROM", 1, 1),
        ("RUN", 2, 4),
        ("CMD", 5, 5),
    ]


def test_heredoc_body_lines_are_not_instructions() -> None:
    df = parse("FROM a\nRUN <<EOF\nFROM evil\nfoo bar\nEOF\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN"]
    assert not df.errors


def test_unterminated_heredoc_is_an_error_and_rest_is_kept() -> None:
    df = parse("FROM a\nRUN <<EOF\necho\n")
    assert errors("FROM a\nRUN <<EOF\necho\n") == [
        (2, "unterminated heredoc: no line `EOF` closes it")
    ]
    assert df.instructions[1].heredocs[0].body == "echo\n"


def test_heredoc_not_recognised_in_json_form_or_other_instructions() -> None:
    df = parse('FROM a\nRUN ["echo", "<<EOF"]\nUSER <<X\nX\n')
    assert df.instructions[1].heredocs == ()
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "USER", "X"]
    assert (4, "unknown instruction: X") in errors('FROM a\nRUN ["echo", "<<EOF"]\nUSER <<X\nX\n')


@pytest.mark.parametrize(
    ("line", "form", "argv", "malformed"),
    [
        ('CMD ["a", "b"]', "exec", ("a", "b"), False),
        ('CMD [ "a" ,\t"b" ]\t', "exec", ("a", "b"), False),
        ("CMD []", "exec", (), False),
        ('CMD ["\\u2603", "\\" \\\\"]', "exec", ("\u2603", '" \\'), False),
        ("CMD ['a', 'b']", "shell", None, True),
        ('CMD ["a", 1]', "shell", None, True),
        ('CMD ["a"', "shell", None, True),
        ("CMD [NaN]", "shell", None, True),
        ("CMD python app.py", "shell", None, False),
        ('ENTRYPOINT ["gunicorn"]', "exec", ("gunicorn",), False),
        ('RUN ["pip", "install", "x"]', "exec", ("pip", "install", "x"), False),
        ('COPY ["a b", "c/"]', "exec", ("a b", "c/"), False),
        ("WORKDIR /app", None, None, False),
    ],
)
def test_forms(line: str, form: str | None, argv: tuple[str, ...] | None, malformed: bool) -> None:
    ins = parse(f"FROM a\n{line}\n").instructions[1]
    assert (ins.form, ins.argv, ins.malformed_json) == (form, argv, malformed)


def test_malformed_json_cmd_is_not_a_parse_error_but_run_is() -> None:
    assert errors('FROM a\nCMD ["a", 1]\n') == []
    assert errors('FROM a\nRUN ["a", 1]\n') == [(2, "JSON array must contain only strings")]


def test_flags() -> None:
    df = parse("FROM --platform=linux/amd64 a AS b\nCOPY --from=b --link --chmod=644 x y\n")
    assert df.instructions[0].flags == (Flag("platform", "linux/amd64"),)
    copy = df.instructions[1]
    assert copy.flags == (Flag("from", "b"), Flag("link", None), Flag("chmod", "644"))
    assert copy.value == "x y"
    assert copy.flag("link") == "" and copy.flag("from") == "b" and copy.flag("chown") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a\nCOPY --frob x y\n", [(2, "unknown flag: --frob for COPY")]),
        ("FROM a\nCOPY --from x y\n", [(2, "missing a value on flag: --from")]),
        ("FROM a\nWORKDIR --x /a\n", [(2, "unknown flag: --x for WORKDIR")]),
        ("FROM a\nFOO bar\nRUN x\n", [(2, "unknown instruction: FOO")]),
        ("", [(1, "file with no instructions")]),
        ("# just a comment\n\n", [(1, "file with no instructions")]),
        ("FROM a\nENV PATH\n", [(2, "ENV must have two arguments")]),
        ("FROM a\nENV A=1 B\n", [(2, "ENV must be of the form name=value")]),
        ("FROM a\nSHELL /bin/bash -c\n", [(2, "SHELL requires the arguments to be in JSON form")]),
        ("FROM a b c d\n", [(1, "FROM requires either one or three arguments")]),
        ("RUN x\nFROM a\n", [(1, "RUN before the first FROM")]),
        ("FROM a\nHEALTHCHECK CONNECT x\n", [(2, "unknown type for healthcheck: CONNECT")]),
        ("FROM a\nONBUILD FROM b\n", [(2, "FROM isn't allowed as an ONBUILD trigger")]),
        ("# escape=x\nFROM a\n", [(1, "invalid escape token 'x' does not match ` or \\")]),
    ],
)
def test_parse_errors(text: str, expected: list[tuple[int, str]]) -> None:
    assert errors(text) == expected


def test_unknown_instruction_does_not_stop_the_file() -> None:
    df = parse("FROM a\nFOO bar\nRUN x\nCMD y\n")
    assert [i.keyword for i in df.instructions] == ["FROM", "FOO", "RUN", "CMD"]
    assert [i.keyword for i in df.stages[0].instructions] == ["FOO", "RUN", "CMD"]


def test_onbuild_wraps_a_parsed_instruction() -> None:
    ins = parse("FROM a\nONBUILD CMD python app.py\n").instructions[1]
    assert ins.inner is not None
    assert (ins.inner.keyword, ins.inner.form, ins.inner.value) == ("CMD", "shell", "python app.py")


def test_healthcheck_cmd_form() -> None:
    ins = parse('FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "x"]\n').instructions[1]
    assert (ins.form, ins.argv) == ("exec", ("curl", "-f", "x"))
    assert ins.flag("interval") == "5s"


def test_stages_resolve_through_args_and_earlier_stages() -> None:
    df = parse(
        "ARG PY=3.11\nFROM python:${PY}-slim AS base\nFROM base AS final\nFROM ${UNKNOWN}\n"
        "FROM scratch\n"
    )
    s0, s1, s2, s3 = df.stages
    assert s0.base_image is not None and (s0.base_image.name, s0.base_image.tag) == (
        "python",
        "3.11-slim",
    )
    assert (s0.alias, s1.base_stage, s1.base_image) == ("base", 0, None)
    assert df.root_image(s1) == s0.base_image
    assert (s2.base_resolved, s2.base_image) == (None, None)
    assert (s3.base_resolved, s3.base_image) == ("scratch", None)
    assert [i.stage for i in df.instructions] == [None, 0, 1, 2, 3]


def test_env_history_and_inheritance() -> None:
    df = parse(
        "FROM a AS base\nENV PORT=1 HOST=h\nENV PORT=2\nFROM base\nENV X=$PORT\nRUN r\nENV PORT 3\n"
    )
    base, final = df.stages
    assert df.env_at(base, "PORT", before=2) == "1"
    assert df.env_at(base, "PORT", before=3) == "2"
    assert df.env_at(final, "PORT", before=5) == "2"
    assert df.env_at(final, "X") == "2"
    assert df.final_env(final) == {"PORT": "3", "HOST": "h", "X": "2"}


def test_env_values_processed_like_buildkit() -> None:
    # D sees the ENV before this instruction, where A is unset (hadolint DL3044): unresolved,
    # it keeps its text so that rules know its value is not known.
    df = parse('FROM a\nENV A="x y" B=x\\ y C=\'$A\' D="$A"\nENV E hello world\n')
    assert df.final_env(df.stages[0]) == {
        "A": "x y", "B": "x y", "C": "$A", "D": '"$A"', "E": "hello world"
    }  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\\",
        "FROM",
        "RUN <<",
        "<<EOF",
        "FROM a\nRUN <<EOF",
        '["',
        "\x00\x01",
        "FROM a\n" + "\\\n" * 50,
    ],
)
def test_never_raises(text: str) -> None:
    parse(text)


# -- variables that did not resolve, and budgets (issue 8) --------------------------------


def test_a_value_built_from_an_unresolved_one_is_unresolved_too() -> None:
    df = parse(
        "ARG G=$NOPE\nFROM a\nARG G\nARG L=$G\nENV A=$U B=x\nENV C=$A/x D=${A:-d} E=${B:-d}"
        " F=$L\nFROM a\nFROM ${G}b\n"
    )
    stage = df.stages[0]
    # Kept as written, `$` and all, so that rules see them undecidable.
    assert df.final_env(stage) == {
        "A": "$U", "B": "x", "C": "$A/x", "D": "${A:-d}", "E": "x", "F": "$L"
    }  # fmt: skip
    assert [stage.env.known(n) for n in "ABCDEF"] == [False, True, False, False, True, False]
    assert (stage.args.get("L"), stage.args.known("L"), stage.args.known("G")) == ("", False, False)
    assert df.stages[2].base_resolved is None


@pytest.mark.parametrize("start", ["", "ENV A=x\n"])
def test_env_doubling_stops_at_the_value_budget(start: str) -> None:
    df = parse("FROM a\n" + start + "ENV A=$A$A\n" * 40)
    stage = df.stages[0]
    assert df.final_env(stage) == {"A": "$A$A"}
    if start:  # x doubled 16 times is the budget exactly; the 17th doubling is unknown
        last = stage.instructions[16]
        assert df.env_at(stage, "A", before=last.index + 1) == "x" * VALUE_BUDGET
        assert df.env_at(stage, "A", before=last.index + 2) == "$A$A"


def test_arg_doubling_stops_at_the_value_budget_globally_and_in_a_stage() -> None:
    df = parse("ARG A=x\n" + "ARG A=$A$A\n" * 40 + "FROM a\nARG B=y\n" + "ARG B=$B$B\n" * 40)
    # Past the budget the value is unknown; what is kept is the text that fitted (none).
    assert (df.global_args["A"], df.stages[0].args.get("B")) == ("", "")
    assert not df.stages[0].args.known("B")


def test_the_file_budget_leaves_later_values_unresolved() -> None:
    fits = FILE_BUDGET // 60_000
    df = parse("FROM a\nENV A=" + "v" * 60_000 + "\n" + "ENV B=$A\n" * (fits + 2))
    stage = df.stages[0]
    values = [stage.env.get("B", ins.index + 1) for ins in stage.instructions[1:]]
    assert values == ["v" * 60_000] * fits + ["$A"] * 2


@pytest.mark.parametrize("depth", [500, 5_000, 100_000])
def test_deeply_nested_defaults_parse(depth: int) -> None:
    df = parse("FROM a\nENV X=" + "${U:-" * depth + "x" + "}" * depth + "\n")
    assert (df.final_env(df.stages[0]), df.errors) == ({"X": "x"}, ())


# -- stages: lookups through long chains (issue 8) ----------------------------------------


def test_a_stage_name_means_the_last_earlier_stage_with_it() -> None:
    df = parse("FROM a AS x\nFROM b AS X\nFROM x\nFROM c AS x\n")
    assert [s.base_stage for s in df.stages] == [None, None, 1, None]


@st.composite
def _stage_forests(draw: st.DrawFn) -> str:
    """Stages built on earlier ones or images, each setting some of a few names."""
    lines = []
    for i in range(draw(st.integers(1, 12))):
        base = draw(st.one_of(st.just("img"), st.integers(0, max(i - 1, 0)).map(str)))
        lines.append(f"FROM {'s' + base if base != 'img' and i else 'img'} AS s{i}")
        for name in draw(st.lists(st.sampled_from("ABCD"), max_size=3)):
            lines.append(f"ENV {name}={name}{i}${name}")
    return "\n".join(lines) + "\n"


def _walk_env(df: Dockerfile, stage: Stage, name: str, before: int | None) -> str | None:
    """env_at as the chain walk it replaces."""
    at: Stage | None = stage
    while at is not None:
        value = at.env.get(name, before if at is stage else None)
        if value is not None:
            return value
        at = None if at.base_stage is None else df.stages[at.base_stage]
    return None


@settings(max_examples=300, deadline=None)
@given(_stage_forests())
def test_chain_lookups_agree_with_walking_the_chain(text: str) -> None:
    df = parse(text)
    for stage in df.stages:
        chain = [stage]
        while chain[-1].base_stage is not None:
            chain.append(df.stages[chain[-1].base_stage])
        assert df.stage_chain(stage) == chain
        assert df.root_image(stage) == chain[-1].base_image
        for name in "ABCDE":
            for before in [None, *(i.index for i in stage.instructions)]:
                assert df.env_at(stage, name, before) == _walk_env(df, stage, name, before)


def _chained(n: int) -> str:
    head = "FROM python:3.12-slim AS s0\nENV Y=1\n"
    return head + "".join(f"FROM s{i} AS s{i + 1}\nENV X{i}=$Y$Z\n" for i in range(n))


def _use_chain(n: int) -> None:
    df = parse(_chained(n))
    for stage in df.stages:
        df.root_image(stage)
        df.env_at(stage, "Y")
        df.env_at(stage, f"X{stage.index}")


def test_stage_work_grows_linearly_with_the_chain() -> None:
    small = lines_run((parser, model), lambda: _use_chain(300))
    large = lines_run((parser, model), lambda: _use_chain(3_000))
    assert large <= 12 * small, (small, large)


# -- word splitting: linear on long text, the same as WordSplitter (issue 8) ----------------

_SPLIT_TEXT = st.text(alphabet="ab =$\\`'\"\t\n\u00a0\u2003", max_size=40)


@settings(max_examples=2000, deadline=None)
@given(_SPLIT_TEXT, st.booleans())
def test_long_text_splitter_agrees_with_wordsplitter(text: str, dequote: bool) -> None:
    assert parser._split_words(text, dequote) == list(WordSplitter(text).split(dequote=dequote))


@st.composite
def _variable_files(draw: st.DrawFn) -> str:
    pieces = st.sampled_from(["a", " ", "=", '"', "'", "\\", "`", "$a", "${a:-'x y'}", "<<E"])
    lines = [draw(st.sampled_from(["", "# escape=`\n", "# escape=\\\n"])) + "FROM a"]
    for _ in range(draw(st.integers(1, 5))):
        keyword = draw(st.sampled_from(["ENV", "LABEL", "ARG", "RUN", "COPY"]))
        value = "".join(draw(st.lists(pieces, min_size=1, max_size=10)))
        lines.append(f"{keyword} a={value}")
    return "\n".join(lines) + "\nE\n"


def _model(df: Dockerfile) -> object:
    stages = [(s.env.final(), s.args.final()) for s in df.stages]
    return df.instructions, df.errors, dict(df.global_args), stages


@settings(max_examples=500, deadline=None)
@given(_variable_files())
def test_the_model_is_the_same_whichever_splitter_runs(text: str) -> None:
    limit = parser._WORDSPLITTER_MAX
    parser._WORDSPLITTER_MAX = 0  # every text split by _split_words
    try:
        linear = _model(parse(text))
    finally:
        parser._WORDSPLITTER_MAX = limit
    assert linear == _model(parse(text))


def test_long_text_never_reaches_wordsplitter(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def recording(text: str) -> WordSplitter:
        seen.append(len(text))
        return WordSplitter(text)

    monkeypatch.setattr(parser, "WordSplitter", recording)
    value = 'x \\" ' * 200_000
    df = parse(f'FROM a\nENV A="{value}"\nLABEL b=\'{value}\'\nRUN <<"{"E" * 10**6}"\n')
    assert df.final_env(df.stages[0]) == {"A": value.replace('\\"', '"')}
    assert df.instructions[3].heredocs[0].delimiter == "E" * 10**6
    assert max(seen, default=0) <= parser._WORDSPLITTER_MAX

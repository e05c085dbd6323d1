"""DL3059 consecutive-runs: hadolint's spec cases (DL3059Spec.hs) and ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3059"

# DL3059Spec.hs at v2.15.1, in our words (it has no onbuild variants).
SPEC: list[Case] = [
    ("spec: no RUN", "FROM debian:10\n", []),
    ("spec: one RUN", "RUN /foo.sh\n", []),
    ("spec: RUNs apart", "RUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n", []),
    ("spec: two in a row", "RUN /foo.sh\nRUN /bar.sh\n", [2]),
    ("spec: a comment between", "RUN /foo.sh\n# a comment\nRUN /bar.sh\n", [3]),
    ("spec: two comments between", "RUN /foo.sh\n# a comment\n# another\nRUN /bar.sh\n", [4]),
    ("spec: comment then one RUN", "# a comment\nRUN /foo.sh\n", []),
    ("spec: flags differ", "RUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\n", []),
    (
        "spec: mount ids differ",
        "RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh\n",
        [],
    ),
    (
        "spec: same flags",
        "RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh\n",
        [2],
    ),
    ("spec: && then one", "RUN foo && bar\nRUN foobar\n", []),
    ("spec: ; then one", "RUN foo; bar\nRUN foobar\n", []),
    ("spec: one then &&", "RUN foobar\nRUN foo && bar\n", []),
    ("spec: one then ;", "RUN foobar\nRUN foo; bar\n", []),
    ("spec: && then ;", "RUN foo && bar\nRUN foo; bar\n", []),
    ("spec: && then two single", "RUN foo && bar\nRUN foo\nRUN bar\n", [3]),
]

D = "FROM debian:12-slim\n"
OURS: list[Case] = [
    ("three in a row", D + "RUN a\nRUN b\nRUN c\n", [3, 4]),
    ("single, chained, single", D + "RUN a\nRUN b && c\nRUN d\n", []),
    ("a pipe is two commands", D + "RUN a | b\nRUN c\n", []),
    ("a substitution counts", D + "RUN echo $(date)\nRUN c\n", []),
    ("a bare assignment is none", D + "RUN X=1\nRUN c\n", [3]),
    ("a subshell of one", D + "RUN (a)\nRUN b\n", [3]),
    ("if with two commands", D + "RUN if a; then b; fi\nRUN c\n", []),
    ("[ ] is not a command", D + "RUN [ -f x ] && a\nRUN b\n", [3]),
    ("[[ ]] is not a command", D + "RUN [[ -f x ]] && a\nRUN b\n", [3]),
    ("test is a command", D + "RUN test -f x && a\nRUN b\n", []),
    ("a command named by a variable is none", D + "RUN $X a && b\nRUN c\n", [3]),
    ("a versioned python by variable", D + "RUN python$V -m pip install x\nRUN c\n", [3]),
    ("a glob as the name is none", D + "RUN ./a* && c\nRUN d\n", [3]),
    ("a variable in a substitution", D + "RUN echo $($X) && b\nRUN c\n", []),
    ("export is a command", D + "RUN export A=1\nRUN b\n", [3]),
    ("sh -c is one command", D + "RUN bash -c 'a && b'\nRUN c\n", [3]),
    ("two sh -c are two commands", D + "RUN sh -c a; sh -c b\nRUN c\n", []),
    ("sh -c of a compound command", D + "RUN sh -c 'if a; then b; fi'\nRUN c\n", [3]),
    ("sh -c starting with an assignment", D + "RUN sh -c 'X=1; a'\nRUN c\n", [3]),
    ("nested sh -c", D + "RUN sh -c 'sh -c x; y'\nRUN c\n", [3]),
    ("sudo is no extra command", D + "RUN sudo a\nRUN b\n", [3]),
    ("exec form", D + 'RUN ["a"]\nRUN ["b"]\n', [3]),
    ("exec then shell form", D + 'RUN ["a"]\nRUN b\n', [3]),
    ("heredocs of one command", D + "RUN <<EOF\na\nEOF\n\nRUN <<EOF\nb\nEOF\n", [6]),
    ("heredoc of two commands", D + "RUN <<EOF\na\nb\nEOF\n\nRUN c\n", []),
    ("bash reading a heredoc", D + "RUN bash <<EOF\na\nb\nEOF\n\nRUN c\n", [7]),
    ("blank lines between", D + "RUN a\n\n\nRUN b\n", [5]),
    ("ENV between", D + "RUN a\nENV X=1\nRUN b\n", []),
    ("ARG between", D + "RUN a\nARG X\nRUN b\n", []),
    ("across FROM", "FROM a:1\nRUN a\nFROM b:1\nRUN b\n", []),
    ("a pragma is a comment", D + "RUN a\n# hadolint ignore=DL3008\nRUN b\n", [4]),
    ("ONBUILD RUNs", D + "ONBUILD RUN a\nONBUILD RUN b\n", []),
    ("RUN then ONBUILD RUN", D + "RUN a\nONBUILD RUN b\n", []),
    ("ONBUILD RUN between", D + "RUN a\nONBUILD RUN x\nRUN b\n", []),
    (
        "same cache mount",
        D + "RUN --mount=type=cache,target=/x a\nRUN --mount=type=cache,target=/x b\n",
        [3],
    ),
    ("network differs", D + "RUN --network=none a\nRUN b\n", []),
    (
        "flags in another order",
        D + "RUN --network=none --mount=type=cache,target=/x a\n"
        "RUN --mount=type=cache,target=/x --network=none b\n",
        [3],
    ),
    (
        "mount options in another order",
        D + "RUN --mount=type=cache,target=/x a\nRUN --mount=target=/x,type=cache b\n",
        [3],
    ),
    ("continuation lines: the RUN's first line", D + "RUN a\nRUN b \\\n  --flag\n", [3]),
    ("a function body counts", D + "RUN f() { a; }\nRUN c\n", [3]),
    (
        "ignore pragma on one RUN",
        D + "RUN a\n# hadolint ignore=DL3059\nRUN b\nRUN c\n",
        [5],
    ),
]


DIFFERENT: list[Different] = [
    (
        "exec-form sh -c",
        D + 'RUN ["sh", "-c", "a && b"]\nRUN c\n',
        [],
        [3],
        "exec form runs one sh, as the shell form `sh -c 'a && b'` does, which hadolint"
        " counts as one command; hadolint joins the JSON words into shell text instead",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings(D + "RUN pip install a\nRUN pip install b\n", select=[CODE])
    assert found.span.line == 3
    assert "one command" in found.message
    assert found.fix is not None and "&&" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(D + "RUN a\nRUN b\n")}
    (rule,) = [r for r in load_registry(plugins=False).rules if r.code == CODE]
    assert rule.default is False

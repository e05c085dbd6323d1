"""DL3021 copy-destination-missing-slash: hadolint's spec cases
(test/Hadolint/Rule/DL3021Spec.hs) and ours.

Ported from the v2.15.1 spec, every case; its cases have no FROM: each gets one."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3021"
F = "FROM a:1\n"

SPEC: list[Case] = [
    ("spec: two arguments", F + "COPY foo bar\n", []),
    ("spec: three arguments", F + "COPY foo bar baz\n", [2]),
    ("spec: three arguments, a directory", F + "COPY foo bar baz/\n", []),
]

OURS: list[Case] = [
    ("the current directory with a slash", F + "COPY a b ./\n", []),
    ("quoted directory", F + 'COPY a b "c/"\n', []),
    ("JSON form", F + 'COPY ["a", "b", "c"]\n', [2]),
    ("JSON form, a directory", F + 'COPY ["a", "b", "c/"]\n', []),
    ("--from", F + "COPY --from=x /a /b /c\n", [2]),
    ("--chown", F + "COPY --chown=1:1 a b c\n", [2]),
    ("one pattern", F + "COPY *.py /app\n", []),
    ("one source", F + "COPY a /app\n", []),
    ("a directory source", F + "COPY a b/ /app\n", [2]),
    ("ADD is not checked", F + "ADD a b c\n", []),
    ("two heredocs", F + "COPY <<EOF <<EOT /app\nx\nEOF\ny\nEOT\n", [2]),
    ("one heredoc", F + "COPY <<EOF /app/x\nhi\nEOF\n", []),
    ("a variable and a slash", F + "ENV D=/app\nCOPY a b ${D}/\n", []),
    ("ONBUILD is not checked", F + "ONBUILD COPY a b c\n", []),
    ("each COPY", F + "COPY a b c\nCOPY d e f\n", [2, 3]),
    ("a source variable set here", F + "ARG X=x.txt\nCOPY $X b /app\n", [3]),
]

DIFFERENT: list[Different] = [
    (
        "the working directory",
        F + "COPY a b .\n",
        [2],
        [],
        "`.` exists as a directory; BuildKit copies into it (only the legacy builder refuses)",
    ),
    (
        "the parent of the working directory",
        F + "WORKDIR /app/src\nCOPY a b ..\n",
        [3],
        [],
        "`..` exists as a directory; BuildKit copies into it",
    ),
    (
        "an unknown destination",
        F + "COPY a b $D\n",
        [2],
        [],
        "the destination's value is not known here: it may end with `/`",
    ),
    (
        "a destination variable set to a directory",
        F + "ENV D=/app/\nCOPY a b $D\n",
        [3],
        [],
        "`$D` is `/app/`, a directory",
    ),
    (
        "a source variable not set here",
        F + "COPY $EXTRA app.py /app\n",
        [2],
        [],
        "an empty variable is no source: there may be one source only",
    ),
    (
        "a Windows directory",
        F + 'COPY ["a", "b", "c:\\\\app\\\\"]\n',
        [2],
        [],
        "`\\` ends a Windows directory",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + "COPY a.txt b.txt /app\n", select=[CODE])
    assert "2 sources" in found.message and "`/app`" in found.message
    assert len(found.message) <= 90
    assert found.fix is not None and "`/app/`" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(F + "COPY a b c\n")}

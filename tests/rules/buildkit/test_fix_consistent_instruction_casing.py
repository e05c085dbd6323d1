"""BK004's fix: the keyword rewritten in the file's majority casing (safe)."""

from __future__ import annotations

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import SAFE
from tests.helpers import assert_fixed, fixed

CODE = "BK004"

CASES = [
    (
        "one-liner",
        'FROM python:3.12\nrun pip install flask\nCMD ["flask", "run"]\n',
        'FROM python:3.12\nRUN pip install flask\nCMD ["flask", "run"]\n',
    ),
    (
        "continued-indented",
        "FROM x\nRUN a\n  Run b \\\n    c\nRUN d\n",
        "FROM x\nRUN a\n  RUN b \\\n    c\nRUN d\n",
    ),
    (
        "lowercase-majority",
        "from x\nrun a\nRUN b\nrun c\n",
        "from x\nrun a\nrun b\nrun c\n",
    ),
    (
        "crlf",
        "FROM x\r\nrun a\r\nRUN b\r\n",
        "FROM x\r\nRUN a\r\nRUN b\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM x\nrun a `\n  b\nRUN c\n",
        "# escape=`\nFROM x\nRUN a `\n  b\nRUN c\n",
    ),
    (
        "no-final-newline",
        "FROM x\nRUN a\nrun b",
        "FROM x\nRUN a\nRUN b",
    ),
    (
        "heredoc-nearby",
        "FROM x\nRUN <<EOF\nrun me\nEOF\nrun b\n",
        "FROM x\nRUN <<EOF\nrun me\nEOF\nRUN b\n",
    ),
    (
        "from-as-recased-with-it",
        "FROM x AS a\nRUN b\nfrom a as c\nRUN d\n",
        "FROM x AS a\nRUN b\nFROM a AS c\nRUN d\n",
    ),
    (
        "onbuild-keyword-only",
        "FROM x\nRUN a\nonbuild RUN b\n",
        "FROM x\nRUN a\nONBUILD RUN b\n",
    ),
]


def _findings(text: str, codes: tuple[str, ...] = (CODE,)) -> list:
    return [f for f in lint_text(text, select=list(codes)) if f.code in codes]


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE, unsafe=False)  # safe: --fix alone


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_safe_and_at_the_keyword(before: str) -> None:
    for finding in _findings(before):
        assert finding.autofix is not None
        assert finding.autofix.applicability == SAFE
        assert finding.span == finding.autofix.edits[0].span  # the keyword itself
        assert finding.span.end_column - finding.span.column in (3, 4, 7)


def test_a_recased_from_leaves_no_from_as_casing_finding() -> None:
    text = "FROM x AS a\nRUN b\nfrom a as c\nRUN d\n"
    assert _findings(text, ("BK002",)) == []
    out = fixed(text, [CODE], dedented=False)
    assert _findings(out, (CODE, "BK002")) == []


def test_with_from_as_casing_the_file_settles() -> None:
    # BK004 recases `from`, BK002 the `AS` to the old `from`: a later round settles it.
    text = "FROM x\nRUN a\nfrom y AS b\nRUN c\n"
    out = fixed(text, [CODE, "BK002"], dedented=False)
    assert out == "FROM x\nRUN a\nFROM y AS b\nRUN c\n"
    assert _findings(out, (CODE, "BK002")) == []

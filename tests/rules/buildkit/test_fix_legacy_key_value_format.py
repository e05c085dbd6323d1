"""BK013's fix: `ENV key value` -> `ENV key=value` (LABEL too), the value unchanged (safe)."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import SAFE, Finding
from dockerlint_ml.dockerfile.parser import parse
from tests.helpers import assert_fixed, fixed, rule_findings

CODE = "BK013"

CASES = [
    (
        "one-liner",
        "FROM python:3.12\nENV PYTHONUNBUFFERED 1\n",
        "FROM python:3.12\nENV PYTHONUNBUFFERED=1\n",
    ),
    (
        "variable",
        "FROM python:3.12\nENV PATH /opt/venv/bin:$PATH\n",
        "FROM python:3.12\nENV PATH=/opt/venv/bin:$PATH\n",
    ),
    (
        "several-words-quoted",
        "FROM python:3.12\nENV GREETING hello   world\n",
        'FROM python:3.12\nENV GREETING="hello   world"\n',
    ),
    (
        "quoted-value",
        'FROM python:3.12\nLABEL maintainer "Jane Doe"\n',
        'FROM python:3.12\nLABEL maintainer="Jane Doe"\n',
    ),
    (
        "escaped-blank",
        "FROM python:3.12\nENV G a\\ b\n",
        "FROM python:3.12\nENV G=a\\ b\n",
    ),
    (
        "continued-indented",
        "FROM python:3.12\n  ENV FLAGS one \\\n      two\n",
        'FROM python:3.12\n  ENV FLAGS="one \\\n      two"\n',
    ),
    (
        "lowercase",
        "from python:3.12\nenv a 1\nlabel b c\n",
        "from python:3.12\nenv a=1\nlabel b=c\n",
    ),
    (
        "tab",
        "FROM python:3.12\nENV A\t1\n",
        "FROM python:3.12\nENV A=1\n",
    ),
    (
        "crlf",
        "FROM python:3.12\r\nENV A hello world\r\nENV B 2\r\n",
        'FROM python:3.12\r\nENV A="hello world"\r\nENV B=2\r\n',
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM python:3.12\nENV DIR C:\\Program Files\\app\nENV X one `\n  two\n",
        '# escape=`\nFROM python:3.12\nENV DIR="C:\\Program Files\\app"\nENV X="one `\n  two"\n',
    ),
    (
        "no-final-newline",
        "FROM python:3.12\nENV A 1",
        "FROM python:3.12\nENV A=1",
    ),
    (
        "heredoc-nearby",
        "FROM python:3.12\nRUN <<EOF\necho ENV A 1\nEOF\nENV A 1\n",
        "FROM python:3.12\nRUN <<EOF\necho ENV A 1\nEOF\nENV A=1\n",
    ),
    (
        "trailing-blanks",
        "FROM python:3.12\nENV A  x y  \n",
        'FROM python:3.12\nENV A="x y"  \n',
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE, unsafe=False)  # safe: --fix alone


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_safe(before: str) -> None:
    found = _findings(before)
    assert found
    for finding in found:
        assert finding.autofix is not None
        assert finding.autofix.applicability == SAFE


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_buildkit_reads_the_same_pair(before: str, after: str) -> None:
    """BuildKit's own parser (the `dockerfile` package) gives the `=` form one pair, with
    the legacy form's key, and its value as it was or in double quotes; quoted, the value
    holds nothing double quotes read differently, so word processing gives the same."""
    dockerfile = pytest.importorskip("dockerfile")
    escape = parse(before).escape
    old = [c.value for c in dockerfile.parse_string(before) if c.cmd in ("ENV", "LABEL")]
    new = [c.value for c in dockerfile.parse_string(after) if c.cmd in ("ENV", "LABEL")]
    assert len(old) == len(new)
    for (key, value), pair in zip(old, new, strict=True):
        assert len(pair) == 2 and pair[0] == key
        if pair[1] != value:
            assert pair[1] == f'"{value}"'
            assert not any(ch in value for ch in ('"', "'", "$", escape))


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_model_reads_the_same_values(before: str, after: str) -> None:
    old, new = parse(before), parse(after)
    assert old.stages[0].env.final() == new.stages[0].env.final()


@pytest.mark.parametrize(
    "text",
    [
        # Blanks and quotes: double quotes around it would read the quotes otherwise.
        "FROM python:3.12\nENV C 'x y' z\n",
        'FROM python:3.12\nENV C "x" y\n',
        # Blanks and the escape character, or a variable.
        "FROM python:3.12\nENV C a\\ b c\n",
        "FROM python:3.12\nENV C a b $HOME\n",
        "# escape=`\nFROM python:3.12\nENV P a`b c\n",
        # The blanks after the key run over a continuation.
        "FROM python:3.12\nENV D \\\n  one two\n",
    ],
)
def test_no_fix(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is None
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

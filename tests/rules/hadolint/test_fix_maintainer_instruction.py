"""DL4000's fix: `MAINTAINER x` -> `LABEL org.opencontainers.image.authors="x"` (unsafe)."""

from __future__ import annotations

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.parser import parse
from tests.helpers import assert_fixed, assert_unsafe_only, fixed

CODE = "DL4000"
KEY = "org.opencontainers.image.authors"

CASES = [
    (
        "one-liner",
        "FROM python:3.12\nMAINTAINER Jane Doe <jane@example.org>\n",
        f'FROM python:3.12\nLABEL {KEY}="Jane Doe <jane@example.org>"\n',
    ),
    (
        "quotes-dollar-backslash",
        'FROM python:3.12\nMAINTAINER "Jane" $USER a\\b\n',
        f'FROM python:3.12\nLABEL {KEY}="\\"Jane\\" \\$USER a\\\\b"\n',
    ),
    (
        "continued-indented",
        "FROM python:3.12\n  MAINTAINER  Jane \\\n    Doe\n",
        f'FROM python:3.12\n  LABEL  {KEY}="Jane \\\n    Doe"\n',
    ),
    (
        "lowercase",
        "from python:3.12\nmaintainer jane\n",
        f'from python:3.12\nlabel {KEY}="jane"\n',
    ),
    (
        "capitalised",
        "FROM python:3.12\nMaintainer jane\n",
        f'FROM python:3.12\nLabel {KEY}="jane"\n',
    ),
    (
        "crlf",
        "FROM python:3.12\r\nMAINTAINER jane\r\nRUN true\r\n",
        f'FROM python:3.12\r\nLABEL {KEY}="jane"\r\nRUN true\r\n',
    ),
    (
        "escape-backtick",
        '# escape=`\nFROM python:3.12\nMAINTAINER C:\\Users\\jane "J" `\n  x\n',
        f'# escape=`\nFROM python:3.12\nLABEL {KEY}="C:\\Users\\jane `"J`" `\n  x"\n',
    ),
    (
        "no-final-newline",
        "FROM python:3.12\nMAINTAINER jane",
        f'FROM python:3.12\nLABEL {KEY}="jane"',
    ),
    (
        "heredoc-nearby",
        "FROM python:3.12\nRUN <<EOF\necho MAINTAINER\nEOF\nMAINTAINER jane\n",
        f'FROM python:3.12\nRUN <<EOF\necho MAINTAINER\nEOF\nLABEL {KEY}="jane"\n',
    ),
]


def _findings(text: str, code: str = CODE) -> list:
    return [f for f in lint_text(text, select=[code]) if f.code == code]


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_label_holds_what_maintainer_held(before: str, after: str) -> None:
    # MAINTAINER takes its text as it is; the label's value, processed as BuildKit does
    # (quotes removed, escapes resolved, `$USER` left for the variable it is), is that text.
    (old,) = [i for i in parse(before).instructions if i.keyword == "MAINTAINER"]
    (new,) = [i for i in parse(after).instructions if i.keyword == "LABEL"]
    escape = parse(after).escape
    raw = new.value.split("=", 1)[1]
    assert raw[0] == raw[-1] == '"'
    out, i = [], 1
    while i < len(raw) - 1:
        ch = raw[i]
        if ch == escape and raw[i + 1] in ('"', "$", escape):
            ch = raw[i + 1]
            i += 1
        else:
            assert ch not in ('"', "$")  # every quote and dollar is escaped
        out.append(ch)
        i += 1
    assert "".join(out) == old.value


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_unsafe(before: str) -> None:
    assert_unsafe_only(before, CODE)


def test_the_fix_brings_no_other_finding() -> None:
    text = "FROM python:3.12\nMAINTAINER Jane Doe <jane@example.org>\n"
    out = fixed(text, [CODE], unsafe=True, dedented=False)
    before = {f.code for f in lint_text(text)}
    assert {f.code for f in lint_text(out)} <= before - {CODE}


def test_no_fix_before_the_first_from() -> None:
    text = "MAINTAINER jane\nFROM python:3.12\n"
    (finding,) = _findings(text)
    assert finding.autofix is None  # a LABEL there is an error too
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

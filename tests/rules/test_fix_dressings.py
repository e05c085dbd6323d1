"""Every fix of the mission rules under every dressing a real file has: CRLF line endings,
no final newline, lowercase keywords, the backtick escape directive, a heredoc nearby. The
same transformation applied to the input and to the expected text must commute with the
fix: a fix touches only what it changes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from dockerlint_ml import lint_text
from tests.helpers import fixed

HEAD = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n"
PIPENV = HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"

# (code, unsafe, before, after): one plain case per fix.
CASES = [
    (
        "DLM002",
        True,
        "FROM python:3.11 AS app\nWORKDIR /app\n",
        "FROM python:3.11-slim AS app\nWORKDIR /app\n",
    ),
    (
        "DLM003",
        True,
        'FROM python:3.12-slim\nCOPY app.py ./\nCMD ["python", "app.py"]\n',
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py ./\nCMD ["python", "app.py"]\n',
    ),
    (
        "DLM003",
        False,
        "FROM python:3.12-slim\nWORKDIR app\nCOPY app.py ./\n",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py ./\n",
    ),
    (
        "DLM004",
        True,
        HEAD + "WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir flask==3.0.0\n",
        HEAD + "WORKDIR /app\nRUN pip install --no-cache-dir flask==3.0.0\nCOPY . .\n",
    ),
    (
        "DLM005",
        True,
        HEAD + "WORKDIR /app\nCOPY Pipfile .\nRUN pipenv install --system --deploy\n",
        HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\n",
    ),
    (
        "DLM006",
        True,
        PIPENV + "RUN pipenv install --deploy\n",
        PIPENV + "RUN pipenv install --system --deploy\n",
    ),
    (
        "DLM007",
        False,
        PIPENV + "RUN pipenv install --system\n",
        PIPENV + "RUN pipenv install --deploy --system\n",
    ),
    (
        "DLM008",
        False,
        HEAD + "WORKDIR /app\nCMD python app.py --port 8000\n",
        HEAD + 'WORKDIR /app\nCMD ["python", "app.py", "--port", "8000"]\n',
    ),
    (
        "DLM009",
        True,
        HEAD + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn --bind 127.0.0.1:9696 predict:app\n",
        HEAD + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn --bind 0.0.0.0:9696 predict:app\n",
    ),
    (
        "DLM010",
        False,
        HEAD + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n",
        HEAD + "WORKDIR /app\nEXPOSE 9696\nEXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n",
    ),
    (
        "DLM901",
        False,
        HEAD + "# dockerlint-ml ignore=DLM008,DLM003\nCOPY app.py ./\n",
        HEAD + "# dockerlint-ml ignore=DLM003\nCOPY app.py ./\n",
    ),
]

_KEYWORD = re.compile(r"(?m)^([A-Z]+)(?= )")


def _lowercase(text: str) -> str:
    return _KEYWORD.sub(lambda m: m.group(1).lower(), text)


def _heredoc(text: str) -> str:
    """A heredoc RUN right after the FROM (its body holds a line that looks like a keyword)."""
    first, _, rest = text.partition("\n")
    return f"{first}\nRUN <<EOF\necho COPY app.py ./\nEOF\n{rest}"


DRESSINGS: dict[str, Callable[[str], str]] = {
    "plain": lambda t: t,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "no-final-newline": lambda t: t.rstrip("\n"),
    "lowercase": _lowercase,
    "backtick-escape": lambda t: "# escape=`\n" + t,
    "heredoc-nearby": _heredoc,
    "crlf-lowercase-no-final-newline": lambda t: _lowercase(t).replace("\n", "\r\n").rstrip("\r\n"),
}


def _select(code: str) -> list[str]:
    # DLM901 judges suppressions of the rules that ran: its case needs DLM003 and DLM008.
    return ["DLM0", "DLM9"] if code == "DLM901" else [code]


@pytest.mark.parametrize("dressing", DRESSINGS, ids=list(DRESSINGS))
@pytest.mark.parametrize(
    ("code", "unsafe", "before", "after"),
    CASES,
    ids=[f"{c[0]}-{'unsafe' if c[1] else 'safe'}" for c in CASES],
)
def test_fix_commutes_with_the_dressing(
    code: str, unsafe: bool, before: str, after: str, dressing: str
) -> None:
    dress = DRESSINGS[dressing]
    assert fixed(dress(before), _select(code), unsafe=unsafe, dedented=False) == dress(after)
    assert [f for f in lint_text(dress(after), select=_select(code)) if f.code == code] == []

"""DL3020's fix: the keyword `ADD` -> `COPY` for local, non-archive sources (unsafe)."""

from __future__ import annotations

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import Finding
from tests.helpers import assert_fixed, assert_unsafe_only, fixed, rule_findings

CODE = "DL3020"

CASES = [
    (
        "one-liner",
        "FROM python:3.12\nWORKDIR /app\nADD app.py ./\n",
        "FROM python:3.12\nWORKDIR /app\nCOPY app.py ./\n",
    ),
    (
        "continued-indented",
        "FROM python:3.12\nWORKDIR /app\n  ADD --chown=1000:1000 \\\n"
        "      src/ \\\n      /app/src/\n",
        "FROM python:3.12\nWORKDIR /app\n  COPY --chown=1000:1000 \\\n"
        "      src/ \\\n      /app/src/\n",
    ),
    (
        "lowercase",
        "from python:3.12\nworkdir /app\nadd app.py ./\n",
        "from python:3.12\nworkdir /app\ncopy app.py ./\n",
    ),
    (
        "crlf",
        "FROM python:3.12\r\nWORKDIR /app\r\nADD a.py b.py ./\r\n",
        "FROM python:3.12\r\nWORKDIR /app\r\nCOPY a.py b.py ./\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM python:3.12\nWORKDIR /app\nADD --link `\n    app.py ./\n",
        "# escape=`\nFROM python:3.12\nWORKDIR /app\nCOPY --link `\n    app.py ./\n",
    ),
    (
        "no-final-newline",
        "FROM python:3.12\nWORKDIR /app\nADD app.py ./",
        "FROM python:3.12\nWORKDIR /app\nCOPY app.py ./",
    ),
    (
        "heredoc-nearby",
        "FROM python:3.12\nWORKDIR /app\nRUN <<EOF\necho ADD\nEOF\nADD app.py ./\n",
        "FROM python:3.12\nWORKDIR /app\nRUN <<EOF\necho ADD\nEOF\nCOPY app.py ./\n",
    ),
    (
        "heredoc-source",
        "FROM python:3.12\nADD <<EOF /app/run.sh\necho hi\nEOF\n",
        "FROM python:3.12\nCOPY <<EOF /app/run.sh\necho hi\nEOF\n",
    ),
    (
        "exec-form",
        'FROM python:3.12\nADD ["a.py", "b.py", "/app/"]\n',
        'FROM python:3.12\nCOPY ["a.py", "b.py", "/app/"]\n',
    ),
    (
        "shared-flags",
        "FROM python:3.12\nADD --chmod=755 --link --exclude=*.pyc bin/ /usr/local/bin/\n",
        "FROM python:3.12\nCOPY --chmod=755 --link --exclude=*.pyc bin/ /usr/local/bin/\n",
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE)


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_unsafe(before: str) -> None:
    assert_unsafe_only(before, CODE)


def test_the_fix_brings_no_copy_finding() -> None:
    text = "FROM python:3.12\nWORKDIR /app\nADD a.py b.py ./\nADD c.py /app/\n"
    out = fixed(text, [CODE], unsafe=True, dedented=False)
    assert out == "FROM python:3.12\nWORKDIR /app\nCOPY a.py b.py ./\nCOPY c.py /app/\n"
    assert {f.code for f in lint_text(out)} <= {f.code for f in lint_text(text)} - {CODE}


@pytest.mark.parametrize(
    "text",
    [
        # Flags COPY does not take.
        "FROM python:3.12\nADD --checksum=sha256:0123 app.py /app/\n",
        "FROM python:3.12\nADD --keep-git-dir=true app.py /app/\n",
        "FROM python:3.12\nADD --unpack=false app.py /app/\n",
        # A source only ADD handles beside the local one.
        "FROM python:3.12\nADD app.py https://example.com/x.py /app/\n",
        "FROM python:3.12\nADD app.py data.tar.gz /app/\n",
        # A variable: a build argument may make it a URL or an archive.
        "FROM python:3.12\nARG SRC=app.py\nADD $SRC /app/\n",
        # Several sources to a destination without a slash: COPY would be reported (DL3021).
        "FROM python:3.12\nADD a.py b.py /app\n",
    ],
)
def test_no_fix(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is None
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

"""DL3042's fix: `--no-cache-dir` right after `pip install`."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import SAFE, UNSAFE, Finding
from tests.helpers import fixed, rule_findings

CODE = "DL3042"

CASES = [
    (
        "one-liner",
        "FROM python:3.12\nRUN pip install -r requirements.txt\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n",
    ),
    (
        "continued",
        "FROM python:3.12\nRUN python -m venv /v \\\n    && /v/bin/pip install \\\n        flask\n",
        "FROM python:3.12\nRUN python -m venv /v \\\n    && /v/bin/pip install --no-cache-dir \\\n"
        "        flask\n",
    ),
    (
        "third-line-options-first",
        "FROM python:3.12\nRUN set -e; \\\n    echo start; \\\n    pip3 --quiet install torch\n",
        "FROM python:3.12\nRUN set -e; \\\n    echo start; \\\n"
        "    pip3 --quiet install --no-cache-dir torch\n",
    ),
    (
        "lowercase",
        "from python:3.12\nrun pip install flask\n",
        "from python:3.12\nrun pip install --no-cache-dir flask\n",
    ),
    (
        "crlf",
        "FROM python:3.12\r\nRUN pip install \\\r\n    flask\r\n",
        "FROM python:3.12\r\nRUN pip install --no-cache-dir \\\r\n    flask\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM python:3.12\nRUN echo go && `\n    pip install `\n      flask\n",
        "# escape=`\nFROM python:3.12\nRUN echo go && `\n    pip install --no-cache-dir `\n"
        "      flask\n",
    ),
    (
        "no-final-newline",
        "FROM python:3.12\nRUN pip install flask",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask",
    ),
    (
        "heredoc-nearby",
        "FROM python:3.12\nRUN <<EOF\npip install --no-cache-dir a\nEOF\nRUN pip install b\n",
        "FROM python:3.12\nRUN <<EOF\npip install --no-cache-dir a\nEOF\n"
        "RUN pip install --no-cache-dir b\n",
    ),
    (
        "python-m-pip",
        "FROM python:3.12\nRUN python3 -m pip install flask\n",
        "FROM python:3.12\nRUN python3 -m pip install --no-cache-dir flask\n",
    ),
    (
        "two-installs-one-run",  # one finding per RUN: the second is fixed in the next round
        "FROM python:3.12\nRUN pip install a && pip3 install b\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir a && pip3 install --no-cache-dir b\n",
    ),
    (
        "exec-form",
        'FROM python:3.12\nRUN ["pip", "install", "flask"]\n',
        'FROM python:3.12\nRUN ["pip", "install", "--no-cache-dir", "flask"]\n',
    ),
    (
        "onbuild",
        "FROM python:3.12\nONBUILD RUN pip install flask\n",
        "FROM python:3.12\nONBUILD RUN pip install --no-cache-dir flask\n",
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert fixed(before, [CODE], dedented=False) == after  # all safe
    assert _findings(after) == []
    assert fixed(after, [CODE], unsafe=True, dedented=False) == after


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_safe_with_the_default_cache_and_no_mention_of_it(before: str) -> None:
    finding = _findings(before)[0]
    assert finding.autofix is not None
    assert finding.autofix.applicability == SAFE


@pytest.mark.parametrize(
    "text",
    [
        # The file reads the wheels pip cached.
        "FROM python:3.12 AS build\nRUN pip install flask\n"
        "FROM python:3.12\nCOPY --from=build /root/.cache/pip /root/.cache/pip\n",
        # The cache is in a place the file chose.
        "FROM python:3.12\nENV PIP_CACHE_DIR=/wheels\nRUN pip install flask\n",
        "FROM python:3.12\nRUN pip install flask && pip cache list\n",
    ],
)
def test_unsafe_when_the_file_may_rely_on_the_cache(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is not None
    assert finding.autofix.applicability == UNSAFE
    assert fixed(text, [CODE], dedented=False) == text
    assert "pip install --no-cache-dir flask" in fixed(text, [CODE], unsafe=True, dedented=False)


def test_the_finding_points_at_the_command() -> None:
    (finding,) = _findings("FROM python:3.12\nRUN echo hi \\\n    && python -m pip install x\n")
    # `pip install`, the words the shell model reads behind `python -m`.
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (3, 18, 29)
    assert finding.anchor.line == 2


@pytest.mark.parametrize(
    "text",
    [
        'FROM python:3.12\nRUN sh -c "pip install flask"\n',
        "FROM python:3.12\nRUN <<EOF\npip install flask\nEOF\n",
        "FROM python:3.12\nRUN echo pip install && pip install flask\n",
        # A cache the command chooses (and a later --cache-dir would win over the flag).
        "FROM python:3.12\nRUN pip install --cache-dir /w flask\n",
    ],
)
def test_no_fix(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is None
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

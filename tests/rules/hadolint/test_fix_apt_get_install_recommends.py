"""DL3015's fix: `--no-install-recommends` right after `apt-get install` (unsafe)."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import Finding
from tests.helpers import assert_fixed, assert_unsafe_only, fixed, rule_findings

CODE = "DL3015"

CASES = [
    (
        "one-liner",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n",
    ),
    (
        "continued",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n",
        "FROM debian:12\nRUN apt-get update \\\n"
        "    && apt-get install --no-install-recommends -y \\\n        curl\n",
    ),
    (
        "third-line",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl\n",
        "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n"
        "    apt-get install --no-install-recommends -y curl\n",
    ),
    (
        "lowercase",
        "from debian:12\nrun apt-get install -y curl\n",
        "from debian:12\nrun apt-get install --no-install-recommends -y curl\n",
    ),
    (
        "crlf",
        "FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n",
        "FROM debian:12\r\nRUN apt-get update && \\\r\n"
        "    apt-get install --no-install-recommends -y curl\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n"
        "    apt-get install -y `\n      curl\n",
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n"
        "    apt-get install --no-install-recommends -y `\n      curl\n",
    ),
    (
        "no-final-newline",
        "FROM debian:12\nRUN apt-get install -y curl",
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl",
    ),
    (
        "heredoc-nearby",
        "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n"
        "RUN apt-get install --no-install-recommends -y curl\n",
    ),
    (
        "options-before-subcommand",
        "FROM debian:12\nRUN apt-get -qq install curl\n",
        "FROM debian:12\nRUN apt-get -qq install --no-install-recommends curl\n",
    ),
    (
        "exec-form",
        'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n',
        'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "-y", "curl"]\n',
    ),
    (
        "onbuild",
        "FROM debian:12\nONBUILD RUN apt-get install -y curl\n",
        "FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends -y curl\n",
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert_fixed(before, after, CODE)


@pytest.mark.parametrize("before", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_unsafe_only(before: str) -> None:
    assert_unsafe_only(before, CODE)


def test_the_finding_points_at_the_command() -> None:
    (finding,) = _findings("FROM debian:12\nRUN apt-get update \\\n    && apt-get install curl\n")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (3, 8, 23)
    assert finding.anchor.line == 2


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nRUN sh -c "apt-get install -y curl"\n',
        "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n",
        "FROM debian:12\nRUN bash -c 'apt-get update && apt-get install -y curl'\n",
        # `install` is not the subcommand: reported (as before), but no edit is guessed.
        "FROM debian:12\nRUN apt-get download install\n",
    ],
)
def test_no_fix_where_the_command_cannot_be_located(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is None
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

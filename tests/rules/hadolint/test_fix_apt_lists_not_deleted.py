"""DL3009's fix: `&& rm -rf /var/lib/apt/lists/*` appended to a plain `&&` chain (unsafe)."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import Finding
from tests.helpers import assert_fixed, assert_unsafe_only, fixed, rule_findings

CODE = "DL3009"
RM = "rm -rf /var/lib/apt/lists/*"

CASES = [
    (
        "one-liner",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        f"FROM debian:12\nRUN apt-get update && apt-get install -y curl && {RM}\n",
    ),
    (
        "continued-operator-first",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n"
        f"    && {RM}\n",
    ),
    (
        "continued-operator-last",
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n",
        f"FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    {RM}\n",
    ),
    (
        "continued-with-assignment",
        "FROM debian:12\nRUN apt-get update && \\\n"
        "    DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && \\\n"
        f"    DEBIAN_FRONTEND=noninteractive apt-get install -y curl && \\\n    {RM}\n",
    ),
    (
        "comment-line-inside",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n"
        "    # and wget\n    && apt-get install -y wget\n",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n"
        f"    # and wget\n    && apt-get install -y wget \\\n    && {RM}\n",
    ),
    (
        "lowercase",
        "from debian:12\nrun apt-get update && apt-get install -y curl\n",
        f"from debian:12\nrun apt-get update && apt-get install -y curl && {RM}\n",
    ),
    (
        "crlf",
        "FROM debian:12\r\nRUN apt-get update \\\r\n    && apt-get install -y curl\r\n",
        "FROM debian:12\r\nRUN apt-get update \\\r\n    && apt-get install -y curl \\\r\n"
        f"    && {RM}\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl\n",
        "# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl `\n"
        f"    && {RM}\n",
    ),
    (
        "no-final-newline",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl",
        f"FROM debian:12\nRUN apt-get update && apt-get install -y curl && {RM}",
    ),
    (
        "heredoc-nearby",
        "FROM debian:12\nRUN <<EOF\nset -e\necho hi\nEOF\n"
        "RUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN <<EOF\nset -e\necho hi\nEOF\n"
        f"RUN apt-get update && apt-get install -y curl && {RM}\n",
    ),
    (
        "trailing-blanks",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl  \n",
        f"FROM debian:12\nRUN apt-get update && apt-get install -y curl && {RM}  \n",
    ),
    (
        "onbuild",
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n",
        f"FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl && {RM}\n",
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


def test_the_finding_points_at_the_update() -> None:
    (finding,) = _findings(
        "FROM debian:12\nRUN set -e \\\n    && apt-get -q update \\\n"
        "    && apt-get install -y curl\n"
    )
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (3, 8, 25)
    assert finding.anchor.line == 2


@pytest.mark.parametrize(
    "text",
    [
        # Not a plain `&&` chain ending with the install.
        "FROM debian:12\nRUN apt-get update; apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl || true\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl | tee log\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl > /dev/null\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && echo done\n",
        "FROM debian:12\nRUN apt-get update && if true; then apt-get install -y curl; fi\n",
        'FROM debian:12\nRUN sh -c "apt-get update && apt-get install -y curl"\n',
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        # An update with no install after it: the fix is to merge RUNs, not to delete.
        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
    ],
)
def test_no_fix(text: str) -> None:
    found = _findings(text)
    assert found and found[0].autofix is None
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text

"""DL3014's fix: `-y` right after `apt-get install`."""

from __future__ import annotations

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import SAFE, UNSAFE, Finding
from tests.helpers import fixed, rule_findings

CODE = "DL3014"

# (id, before, after): exact texts, each fixed with --unsafe-fixes (the safe ones too).
CASES = [
    (
        "one-liner",
        "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    ),
    (
        "continued",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install \\\n        curl\n",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n",
    ),
    (
        "continued-no-blank-before-escape",
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install\\\n  curl\n",
        "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y\\\n  curl\n",
    ),
    (
        "lowercase",
        "from debian:12\nrun apt-get update && apt-get install curl\n",
        "from debian:12\nrun apt-get update && apt-get install -y curl\n",
    ),
    (
        "crlf",
        "FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install curl\r\n",
        "FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y curl\r\n",
    ),
    (
        "escape-backtick",
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install `\n      curl\n",
        "# escape=`\nFROM debian:12\nRUN apt-get update && `\n"
        "    apt-get install -y `\n      curl\n",
    ),
    (
        "no-final-newline",
        "FROM debian:12\nRUN apt-get update && apt-get install curl",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl",
    ),
    (
        "heredoc-nearby",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y wget\nEOF\n"
        "RUN apt-get install curl\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y wget\nEOF\n"
        "RUN apt-get install -y curl\n",
    ),
    (
        "options-before-subcommand",
        "FROM debian:12\nRUN apt-get update && apt-get -o Dpkg::Options::=--force-confold"
        " install curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get -o Dpkg::Options::=--force-confold"
        " install -y curl\n",
    ),
    (
        "option-value-spelled-install",
        "FROM debian:12\nRUN apt-get update && apt-get -t install install curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get -t install install -y curl\n",
    ),
    (
        "sudo",
        "FROM debian:12\nRUN sudo apt-get update && sudo apt-get install curl\n",
        "FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\n",
    ),
    (
        "exec-form",
        'FROM debian:12\nRUN apt-get update\nRUN ["apt-get", "install", "curl"]\n',
        'FROM debian:12\nRUN apt-get update\nRUN ["apt-get", "install", "-y", "curl"]\n',
    ),
    (
        "exec-form-last-word",
        'FROM debian:12\nRUN apt-get update\nRUN ["apt-get","install"]\n',
        'FROM debian:12\nRUN apt-get update\nRUN ["apt-get","install","-y"]\n',
    ),
    (
        "onbuild",
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install curl\n",
        "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n",
    ),
]


def _findings(text: str) -> list[Finding]:
    return rule_findings(text, CODE)


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fixed_text(before: str, after: str) -> None:
    assert fixed(before, [CODE], unsafe=True, dedented=False) == after
    assert _findings(after) == []  # the finding is gone
    assert fixed(after, [CODE], unsafe=True, dedented=False) == after  # nothing more to do


def test_the_finding_points_at_the_command() -> None:
    (finding,) = _findings("FROM debian:12\nRUN apt-get update \\\n    && apt-get install curl\n")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (3, 8, 23)
    assert finding.anchor.line == 2  # pragmas and fingerprints still key on the RUN


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update && apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update ; apt-get install curl\n",  # the last command
        "FROM debian:12\nRUN apt-get update && apt-get install curl && rm -rf /tmp/x\n",
    ],
)
def test_safe_when_a_failed_install_fails_the_run(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is not None
    assert finding.autofix.applicability == SAFE


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN apt-get update && apt-get install curl; echo done\n",
        "FROM debian:12\nRUN apt-get update && apt-get install curl || apt-get install wget\n",
        "FROM debian:12\nRUN apt-get update && if true; then apt-get install curl; fi\n",
        "FROM debian:12\nRUN apt-get update && apt-get install curl | tee log\n",
    ],
)
def test_unsafe_when_the_run_carries_on_after_a_failed_install(text: str) -> None:
    found = _findings(text)
    assert found and found[0].autofix is not None
    assert found[0].autofix.applicability == UNSAFE
    assert fixed(text, [CODE], dedented=False) == text  # --fix alone leaves it
    assert "install -y curl" in fixed(text, [CODE], unsafe=True, dedented=False)


@pytest.mark.parametrize(
    "text",
    [
        'FROM debian:12\nRUN apt-get update && sh -c "apt-get install curl"\n',
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install curl\nEOF\n",
        "FROM debian:12\nRUN apt-get update && echo apt-get install && apt-get install curl\n",
    ],
)
def test_no_fix_where_the_command_cannot_be_located(text: str) -> None:
    (finding,) = _findings(text)
    assert finding.autofix is None
    assert finding.span.line == 2  # on the RUN
    assert fixed(text, [CODE], unsafe=True, dedented=False) == text


def test_with_dl3015_both_options_are_added() -> None:
    text = "FROM debian:12\nRUN apt-get update && apt-get install curl\n"
    out = fixed(text, [CODE, "DL3015"], unsafe=True, dedented=False)
    assert out in (
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n",
    )
    assert lint_text(out, select=[CODE, "DL3015"]) == []

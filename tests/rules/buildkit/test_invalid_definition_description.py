"""BK019 invalid-definition-description: BuildKit's lint test cases (dockerfile_lint_test.go,
testDefinitionDescription, at moby/buildkit 641a8fd; its Dockerfiles start with the
directive, so the lines are BuildKit's) and ours, checked with tally 0.45.0 (BuildKit's
parser keeps the comments: blank lines do not end a description, an empty `#` does). The
table selects the rule explicitly; the end-to-end tests check the directive."""

from __future__ import annotations

from pathlib import Path

from dockerlint_ml.run.runner import run
from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK019"
_ON = "# check=experimental=InvalidDefinitionDescription\n"

SPEC: list[Case] = [
    (
        "spec: descriptions that name their definitions",
        _ON + "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\n"
        "FROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n"
        "# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n"
        "# comment for something other than ARG or FROM\nCOPY Dockerfile .\n",
        [],
    ),
    (
        "spec: descriptions that do not",
        _ON + "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\n"
        "FROM scratch AS base\n# definitely a bad comment\nARG version=latest\n"
        "# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n",
        [3, 5, 7, 9],
    ),
]

OURS: list[Case] = [
    ("no comment", "ARG x=1\nFROM a:1 AS b\n", []),
    ("a blank line does not separate", "FROM a:1\n# wrong\n\nARG x=1\n", [4]),
    ("an empty # separates", "FROM a:1\n# wrong\n#\nARG x=1\n", []),
    ("a blank # separates", "FROM a:1\n# wrong\n#   \nARG x=1\n", []),
    ("the last comment counts", "FROM a:1\n# x ok\n# wrong\nARG x=1\n", [4]),
    ("the last comment counts (2)", "FROM a:1\n# wrong\n# x ok\nARG x=1\n", []),
    ("the name alone", "FROM a:1\n# x\nARG x\n", []),
    ("blanks after #", "FROM a:1\n#   x  desc\nARG x\n", []),
    ("no blank after #", "FROM a:1\n#x desc\nARG x\n", []),
    ("a tab is no separator", "FROM a:1\n#x\tdesc\nARG x\n", [3]),
    ("the stage name in lower case", "# BasE desc\nFROM a:1 AS BasE\n", [2]),
    ("an unnamed stage", "# anything\nFROM a:1\n", []),
    ("a global ARG", "# wrong\nARG x=1\nFROM a:1\n", [2]),
    (
        "directives are not comments",
        "# syntax=docker/dockerfile:1\n" + _ON + "ARG x\nFROM a:1\n",
        [],
    ),
    ("inside a continuation", "FROM a:1\nRUN a \\\n# wrong\n  b\nARG y\n", []),
    ("ONBUILD ARG", "FROM a:1\n# wrong\nONBUILD ARG x\n", []),
    ("other instructions", "FROM a:1\n# wrong\nRUN x\n", []),
    ("after a heredoc", "FROM a:1\nRUN <<EOF\n# body\nEOF\nARG x\n", []),
    ("case matters", "FROM a:1\n# X desc\nARG x\n", [3]),
]

DIFFERENT: list[Different] = [
    (
        "an indented comment",
        "FROM a:1\n  # x desc\nARG x\n",
        [3],
        [],
        "BuildKit drops the line's first character rather than the `#`, so it reads `# x"
        " desc`; the comment does start with the name",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_definition() -> None:
    (found,) = findings("FROM a:1\n# The version\nARG VERSION=1\n", select=[CODE])
    assert "`# VERSION `" in found.message and found.fix is not None
    assert len(found.message) <= 90
    (several,) = findings("FROM a:1\n# bad\nARG A B\n", select=[CODE])
    assert "`# <name> `" in several.message


def _codes(path: Path, **kw: object) -> list[str]:
    result = run([str(path)], isolated=True, **kw)  # type: ignore[arg-type]
    assert result.problems == []
    return [f.code for f in result.findings]


def test_the_directive_turns_it_on(tmp_path: Path) -> None:
    body = "FROM python:3.12-slim\n# The Python version\nARG PYTHON_VERSION=3.12\n"
    plain = tmp_path / "Dockerfile"
    plain.write_text(body)
    assert CODE not in _codes(plain)
    for directive in ("InvalidDefinitionDescription", "all"):
        plain.write_text(f"# check=experimental={directive}\n" + body)
        assert _codes(plain).count(CODE) == 1
    plain.write_text("# check=experimental=UndefinedVar\n" + body)
    assert CODE not in _codes(plain)

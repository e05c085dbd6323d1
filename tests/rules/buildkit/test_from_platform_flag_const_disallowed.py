"""BK017 from-platform-flag-const-disallowed: BuildKit's lint test cases
(dockerfile_lint_test.go, testFromPlatformFlagConstDisallowed, at moby/buildkit 641a8fd) and
ours. BuildKit's Dockerfiles start with an empty line, which our snippets drop: their lines
here are one less.

tally 0.45.0 reads the flag itself: it reports a value containerd cannot parse
(`--platform=bogus`, where BuildKit's platforms.Parse fails and the check stays silent) and
compares the stage name with the parts as written; the rows follow BuildKit's code, except
the DIFFERENT one."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK017"

SPEC: list[Case] = [
    ("spec: a constant", "FROM --platform=linux/amd64 scratch\n", [1]),
    (
        "spec: the stage names the arch",
        "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
        [],
    ),
    ("spec: the stage names the OS", "FROM --platform=linux/amd64 scratch AS linux\n", []),
]

OURS: list[Case] = [
    ("a variable", "FROM --platform=$BUILDPLATFORM a:1\n", []),
    ("a variable with a default", "FROM --platform=${P:-linux/amd64} a:1\n", []),
    ("quoted", 'FROM --platform="linux/arm64" a:1 AS d\n', [1]),
    ("an arch alone", "FROM --platform=amd64 a:1\n", [1]),
    ("an OS alone", "FROM --platform=linux a:1 AS b\n", [1]),
    ("not a platform (the build fails)", "FROM --platform=bogus a:1\n", []),
    ("a variant", "FROM --platform=linux/arm/v7 a:1 AS b\n", [1]),
    ("stage names compare in lower case", "FROM --platform=linux/amd64 a:1 AS Build-AMD64\n", []),
    ("the normalised arch", "FROM --platform=linux/aarch64 a:1 AS arm64-build\n", []),
    ("no flag", "FROM a:1\n", []),
]

DIFFERENT: list[Different] = [
    (
        "the arch as written",
        "FROM --platform=linux/x86_64 a:1 AS build-x86_64\n",
        [1],
        [],
        "the stage's name says it is for that platform; BuildKit compares it with the"
        " normalised `amd64` only",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings("FROM --platform=linux/amd64 a:1\n", select=[CODE])
    assert "`--platform=linux/amd64`" in found.message and found.fix is not None
    assert len(found.message) <= 90

"""BK018 copy-ignored-file: BuildKit's lint test cases (dockerfile_lint_test.go,
testCopyIgnoredFiles, at moby/buildkit 641a8fd) and ours. BuildKit's first and last
Dockerfiles start with an empty line, which our snippets drop: their lines here are one
less. The check needs the build context's `.dockerignore` (BuildKit's cases ignore
`Dockerfile`, then `foobar`), which is not read yet: the rule is silent on every case."""

from __future__ import annotations

from tests.helpers import lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK018"
_COPY = "FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n"
_SILENT = "silent until the context is read: the `.dockerignore` that excludes `Dockerfile`"

SPEC: list[Case] = [
    ("spec: not experimental-enabled (at 641a8fd)", _COPY, []),
    (
        "spec: copying from a stage",
        "FROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\n"
        "FROM base\nCOPY --from=base /foobar /Dockerfile\n",
        [],
    ),
]

OURS: list[Case] = [
    ("any COPY", "FROM a:1\nCOPY . /app\nADD x.tar.gz /\n", []),
]

DIFFERENT: list[Different] = [
    (
        "spec: the ignored file",
        "# check=experimental=CopyIgnoredFile\n" + _COPY,
        [3, 4],
        [],
        _SILENT,
    ),
    (
        "spec: skip=all does not skip an experimental check",
        "# check=skip=all;experimental=CopyIgnoredFile\n" + _COPY,
        [3, 4],
        [],
        _SILENT,
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_silent_even_when_everything_is_selected() -> None:
    text = "# check=experimental=all\nFROM a:1\nCOPY Dockerfile .\n"
    assert CODE not in {code for code, _ in lint_snippet(text, select=["ALL"])}

"""BK018 copy-ignored-file: BuildKit's lint test cases (dockerfile_lint_test.go,
testCopyIgnoredFiles, at moby/buildkit 641a8fd) and ours. BuildKit's first and last
Dockerfiles start with an empty line, which our snippets drop: their lines here are one
less. The check needs the build context's `.dockerignore` (BuildKit's cases ignore
`Dockerfile`, then `foobar`): the table cases have none, and the rule does not run there;
the cases with a context are built in tmp_path below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.helpers import lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests
from tests.test_cli import cli, write

CODE = "BK018"
_COPY = "FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n"
_SILENT = "no build context in a snippet: the `.dockerignore` excluding `Dockerfile` is below"

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


def _lint(root: Path, dockerfile: str, name: str = "Dockerfile") -> list[tuple[str, int]]:
    found = lint_text(dockerfile, name, select=[CODE], context=str(root))
    return [(f.code, f.span.line) for f in found]


@pytest.mark.parametrize(
    ("ignore", "dockerfile", "expected"),
    [
        # BuildKit's cases, with their `.dockerignore`
        ("Dockerfile\n", _COPY, [(CODE, 2), (CODE, 3)]),
        (
            "foobar\n",
            "FROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\n"
            "FROM base\nCOPY --from=base /foobar /Dockerfile\n",
            [],
        ),
        # through a parent directory, and a `**` pattern
        ("data\n", "FROM a:1\nCOPY data/train.csv /d/\n", [(CODE, 2)]),
        ("**/*.csv\n", "FROM a:1\nCOPY data/train.csv /d/\n", [(CODE, 2)]),
        # re-included by an exception: sent
        ("data\n!data/train.csv\n", "FROM a:1\nCOPY data/train.csv /d/\n", []),
        # a directory excluded, with something below re-included (moby/buildkit#6512)
        ("*\n!app/\n", "FROM a:1\nCOPY . /src/\n", []),
        ("*\n!app/main.py\n", "FROM a:1\nCOPY app /src/app\n", []),
        # a directory with nothing sent below it
        ("data\n", "FROM a:1\nCOPY data /d\n", [(CODE, 2)]),
        # not in the context at all: DLM202's, not this rule's
        ("data\n", "FROM a:1\nCOPY missing.txt /m\n", []),
        # one finding per instruction; wildcards, URLs and --from are not judged
        ("data\n", "FROM a:1\nCOPY data/train.csv data/test.csv /d/\n", [(CODE, 2)]),
        ("data\n", "FROM a:1\nCOPY data/*.csv /d/\n", []),
        ("data\n", "FROM a:1\nADD https://example.com/data /d\n", []),
        # a variable resolved from ARG
        ("data\n", "FROM a:1\nARG D=data\nCOPY ${D}/train.csv /d/\n", [(CODE, 3)]),
        # an ignore file Docker refuses (an unclosed class): cannot tell
        ("[\n", "FROM a:1\nCOPY data/train.csv /d/\n", []),
    ],
)
def test_with_a_build_context(
    tmp_path: Path, ignore: str, dockerfile: str, expected: list[tuple[str, int]]
) -> None:
    for rel in ("Dockerfile", "data/train.csv", "data/test.csv", "app/main.py", "notes.md"):
        write(tmp_path, rel, "x\n")
    write(tmp_path, ".dockerignore", ignore)
    assert _lint(tmp_path, dockerfile) == expected


def test_message_names_the_pattern(tmp_path: Path) -> None:
    write(tmp_path, "data/train.csv", "x")
    write(tmp_path, ".dockerignore", "# data is mounted\n*.md\ndata\n")
    (finding,) = lint_text(
        "FROM a:1\nCOPY data/train.csv /d/\n", select=[CODE], context=str(tmp_path)
    )
    assert finding.message == (
        'Attempting to Copy file "data/train.csv" that is excluded by .dockerignore'
        " (line 3: `data`): it is not in the build context."
    )
    assert finding.fix == (
        "Remove the source from the instruction, or re-include it in .dockerignore with a `!` line."
    )


def test_the_dockerfile_specific_ignore_file_is_used(tmp_path: Path) -> None:
    write(tmp_path, "data/train.csv", "x")
    write(tmp_path, ".dockerignore", "data\n")
    write(tmp_path, "docker/api.Dockerfile.dockerignore", "*.md\n")
    text = "FROM a:1\nCOPY data/train.csv /d/\n"
    assert _lint(tmp_path, text, "docker/api.Dockerfile") == []
    assert _lint(tmp_path, text, "docker/other.Dockerfile") == [(CODE, 2)]


def test_the_cli_reads_the_context_only_when_there_is_one(tmp_path: Path) -> None:
    write(tmp_path, "repo/data/train.csv", "x")
    write(tmp_path, "repo/.dockerignore", "data\n")
    write(tmp_path, "repo/docker/Dockerfile", "FROM a:1\nCOPY data/train.csv /d/\n")
    args = ("--isolated", "--select", CODE, "--format", "json")
    # docker/ holds nothing that makes it a context: no context, no finding
    res = cli(*args, "docker/Dockerfile", cwd=tmp_path / "repo")
    assert (res.code, res.out.strip(), res.err) == (0, "[]", "")
    res = cli(*args, "--context", ".", "docker/Dockerfile", cwd=tmp_path / "repo")
    assert res.code == 1 and [f["line"] for f in json.loads(res.out)] == [2]
    res = cli(*args, "--no-context", "docker/Dockerfile", cwd=tmp_path / "repo")
    assert (res.code, res.out.strip()) == (0, "[]")
    # a Dockerfile beside its .dockerignore: that directory is the context
    write(tmp_path, "repo/Dockerfile", "FROM a:1\nCOPY data/train.csv /d/\n")
    res = cli(*args, "Dockerfile", cwd=tmp_path / "repo")
    assert res.code == 1 and [f["line"] for f in json.loads(res.out)] == [2]
    # standard input: only with --context
    stdin = b"FROM a:1\nCOPY data/train.csv /d/\n"
    res = cli(*args, "-", cwd=tmp_path / "repo", stdin=stdin)
    assert (res.code, res.out.strip()) == (0, "[]")
    res = cli(*args, "--context", ".", "-", cwd=tmp_path / "repo", stdin=stdin)
    assert res.code == 1 and [f["line"] for f in json.loads(res.out)] == [2]

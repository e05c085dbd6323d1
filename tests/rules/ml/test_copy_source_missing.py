"""DLM202 copy-source-missing: in build contexts written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.helpers import lint_snippet
from tests.test_cli import write

CODE = "DLM202"
HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
FILES = ("app.py", "requirements.txt", "src/pkg/__init__.py", "data/train.csv", "notes.md")


def _lint(root: Path, body: str, name: str = "Dockerfile") -> list[tuple[str, int]]:
    found = lint_text(HEAD + body, name, select=[CODE], context=str(root))
    return [(f.code, f.span.line) for f in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for rel in FILES:
        write(tmp_path, rel, "x\n")
    return tmp_path


@pytest.mark.parametrize(
    ("ignore", "body", "expected"),
    [
        (None, "COPY app.py requirements.txt ./\n", []),
        (None, "COPY predict.py ./\n", [(CODE, 3)]),
        (None, "ADD predict.py ./\n", [(CODE, 3)]),
        (None, "COPY ./app.py /srv/\nCOPY /requirements.txt .\n", []),
        (None, "COPY src/ ./src/\nCOPY src/pkg ./pkg\n", []),
        (None, "COPY src/missing/ ./m/\n", [(CODE, 3)]),
        (None, "COPY . .\n", []),
        # one finding per instruction, on the first missing source
        (None, "COPY a.py b.py ./\n", [(CODE, 3)]),
        # variables: resolved from ARG, or not judged
        (None, "ARG F=predict.py\nCOPY ${F} ./\n", [(CODE, 4)]),
        (None, "ARG F=app.py\nCOPY ${F} ./\n", []),
        (None, "ARG F\nCOPY ${F} ./\n", []),
        # not from the context: --from, URLs, heredocs; wildcards are not judged
        (None, "COPY --from=python:3.12 /usr/bin/python3 /x\n", []),
        (None, "ADD https://example.com/model.bin /m\n", []),
        (None, "COPY <<EOF /app/x.txt\nhello\nEOF\n", []),
        (None, "COPY *.py ./\nCOPY missing*.py ./\n", []),
        # left out by .dockerignore
        ("*.md\n", "COPY notes.md ./\n", [(CODE, 3)]),
        ("data\n!data/train.csv\n", "COPY data/train.csv ./\n", []),
        ("data\n", "COPY data ./data\n", [(CODE, 3)]),
        ("*\n!app.py\n!src/\n", "COPY . .\nCOPY src ./src\nCOPY app.py ./\n", []),
        ("*\n!app.py\n", "COPY requirements.txt ./\n", [(CODE, 3)]),
        # an ignore file Docker refuses: nothing judged from it, missing files still are
        ("[\n", "COPY notes.md ./\n", []),
        ("[\n", "COPY predict.py ./\n", [(CODE, 3)]),
    ],
)
def test_cases(
    project: Path, ignore: str | None, body: str, expected: list[tuple[str, int]]
) -> None:
    if ignore is not None:
        write(project, ".dockerignore", ignore)
    assert _lint(project, body) == expected


def test_messages(project: Path) -> None:
    write(project, ".dockerignore", "# docs\n*.md\n")
    found = lint_text(
        HEAD + "COPY predict.py ./\nCOPY notes.md ./\n", select=[CODE], context=str(project)
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            3,
            f"`predict.py` is not in the build context ({project.name}/): the build fails"
            " here with `not found`.",
            "Fix the path, add the file, or build from the directory that holds it (`--context`).",
        ),
        (
            4,
            "`notes.md` is left out of the build context by .dockerignore (line 2: `*.md`):"
            " the build fails here with `not found`.",
            "Re-include it in .dockerignore with a `!` line, or stop copying it.",
        ),
    ]


def test_a_symlink_out_of_the_context_is_not_judged(project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("x", "utf-8")
    (project / "linked.txt").symlink_to(outside)
    (project / "dangling.txt").symlink_to(project / "nowhere")
    assert _lint(project, "COPY linked.txt dangling.txt ./\n") == []


def test_silent_without_a_context() -> None:
    assert lint_snippet(HEAD + "COPY predict.py ./\n", select=[CODE]) == []


def test_supersedes_copy_ignored_file(project: Path) -> None:
    write(project, ".dockerignore", "*.md\n")
    text = HEAD + "COPY notes.md ./\n"
    default = lint_text(text, context=str(project))
    assert [f.code for f in default if f.code in (CODE, "BK018")] == [CODE]
    # one root cause, one finding: with both selected the superseding rule's is kept
    both = lint_text(text, select=[CODE, "BK018"], context=str(project))
    assert [f.code for f in both] == [CODE]
    assert [f.code for f in lint_text(text, select=["BK018"], context=str(project))] == ["BK018"]
    # an ignore of the superseded code silences the superseding rule too
    assert [f.code for f in lint_text(text, ignore=["BK018"], context=str(project))].count(
        CODE
    ) == 0

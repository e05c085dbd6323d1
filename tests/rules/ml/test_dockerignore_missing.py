"""DLM204 dockerignore-missing: in build contexts written to tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.helpers import sparse
from tests.test_cli import cli, write

CODE = "DLM204"
HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
MIB = 1 << 20


def _lint(root: Path, body: str, **kw: object) -> list[tuple[int, str]]:
    found = lint_text(HEAD + body, select=[CODE], context=str(root), **kw)  # type: ignore[arg-type]
    return [(f.span.line, f.message) for f in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "app.py", "print('hi')\n")
    write(tmp_path, "requirements.txt", "flask\n")
    return tmp_path


def test_a_clean_context_is_silent(project: Path) -> None:
    write(project, "src/pkg/__init__.py", "")
    assert _lint(project, "COPY . .\n") == []


@pytest.mark.parametrize(
    ("make", "listed"),
    [
        ([".git/HEAD"], ".git"),
        ([".git"], ".git"),  # a worktree's .git file
        ([".venv/pyvenv.cfg"], ".venv (a virtualenv)"),
        (["env/pyvenv.cfg"], "env (a virtualenv)"),
        (["src/__pycache__/a.pyc"], "__pycache__"),
        (["a/__pycache__/x.pyc", "b/__pycache__/y.pyc"], "__pycache__ (2 directories)"),
        ([".env"], ".env (secrets)"),
        (["mlruns/0/meta.yaml"], "mlruns (MLflow runs)"),
        (["wandb/run-1/files"], "wandb (W&B runs)"),
        ([".ipynb_checkpoints/x.ipynb"], ".ipynb_checkpoints"),
        ([".pytest_cache/README.md"], ".pytest_cache"),
        (["web/node_modules/x/index.js"], "node_modules"),
    ],
)
def test_what_it_finds(project: Path, make: list[str], listed: str) -> None:
    for rel in make:
        write(project, rel, "x\n")
    assert _lint(project, "COPY requirements.txt ./\nCOPY . .\n") == [
        (
            4,
            f"No .dockerignore, and the build context holds {listed}: all of it is sent to"
            " the builder and copied into the image.",
        )
    ]


def test_a_directory_named_env_without_pyvenv_cfg_is_no_virtualenv(project: Path) -> None:
    write(project, "env/settings.py", "X = 1\n")
    write(project, "venv/notes.txt", "x\n")
    assert _lint(project, "COPY . .\n") == []


def test_a_virtualenvs_own_bytecode_is_not_listed_again(project: Path) -> None:
    write(project, ".venv/pyvenv.cfg", "home = /usr/bin\n")
    write(project, ".venv/lib/python3.12/site-packages/__pycache__/x.pyc", "x")
    write(project, ".venv/lib/python3.12/site-packages/pkg/node_modules/x.js", "x")
    assert [m for _, m in _lint(project, "COPY . .\n")] == [
        "No .dockerignore, and the build context holds .venv (a virtualenv): all of it is"
        " sent to the builder and copied into the image."
    ]


def test_everything_found_is_listed_with_one_finding(project: Path) -> None:
    write(project, ".git/HEAD", "ref\n")
    write(project, ".env", "TOKEN=x\n")
    write(project, "src/__pycache__/a.pyc", "x")
    write(project, ".venv/pyvenv.cfg", "home = /usr/bin\n")
    found = lint_text(HEAD + "COPY . .\nCOPY src/ ./src/\n", select=[CODE], context=str(project))
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            3,
            "No .dockerignore, and the build context holds .env (secrets), .git, __pycache__"
            " and .venv (a virtualenv): all of it is sent to the builder and copied into the"
            " image.",
            "Add a .dockerignore beside the Dockerfile that lists `.env`, `.git`,"
            " `**/__pycache__`, `.venv`.",
        )
    ]


def test_a_bulky_directory_of_many_files(project: Path) -> None:
    for i in range(3):
        sparse(project / "data" / f"part{i}.csv", 40 * MIB)
    sparse(project / "models" / "model.pt", 150 * MIB)  # one big file: DLM205's finding
    assert [m for _, m in _lint(project, "COPY . .\n")] == [
        "No .dockerignore, and the build context holds data/ (120 MiB): all of it is sent"
        " to the builder and copied into the image."
    ]
    # the option (shared with DLM205) sets the size
    assert _lint(project, "COPY . .\n", options={CODE: {"large-file-mb": 200}}) == []


def test_a_copied_subdirectory_is_judged_on_what_it_holds(project: Path) -> None:
    write(project, ".git/HEAD", "ref\n")
    write(project, "src/app/__pycache__/a.pyc", "x")
    assert [m for _, m in _lint(project, "COPY src/ ./src/\n")] == [
        "No .dockerignore, and `src/` holds __pycache__: all of it is sent to the builder"
        " and copied into the image."
    ]
    write(project, "lib/util.py", "x\n")
    assert _lint(project, "COPY lib ./lib\nCOPY app.py ./\n") == []


@pytest.mark.parametrize("ignore_file", [".dockerignore", "Dockerfile.dockerignore"])
def test_silent_with_an_ignore_file(project: Path, ignore_file: str) -> None:
    write(project, ".git/HEAD", "ref\n")
    write(project, ignore_file, "# nothing excluded yet\n")
    path = str(project / "Dockerfile")
    found = lint_text(HEAD + "COPY . .\n", path, select=[CODE], context=str(project))
    assert found == []


def test_not_judged(project: Path) -> None:
    write(project, ".git/HEAD", "ref\n")
    body = (
        "COPY --from=builder /src /src\nCOPY *.py ./\nARG D\nCOPY ${D} ./\n"
        "ADD https://example.com/x.tar.gz /x\nCOPY app.py ./\n"
    )
    assert _lint(project, body) == []


def test_symlinks_are_not_followed(project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / ".git").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, project / "vendor")
    assert _lint(project, "COPY . .\n") == []


def test_silent_without_a_context(project: Path) -> None:
    assert lint_text(HEAD + "COPY . .\n", select=[CODE]) == []


@pytest.mark.parametrize(
    ("value", "shown"), [("0", "0"), ("-1", "-1"), ('"100"', "'100'"), ("true", "True")]
)
def test_a_bad_option_is_one_line_and_exit_2(tmp_path: Path, value: str, shown: str) -> None:
    write(tmp_path, "Dockerfile", HEAD)
    write(tmp_path, "pyproject.toml", f"[tool.dockerlint-ml]\nlarge-file-mb = {value}\n")
    res = cli("Dockerfile", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "dockerlint-ml: pyproject.toml: invalid options for rule DLM204 dockerignore-missing:"
        f" DLM204 option large-file-mb must be a positive number of MiB, got {shown}\n"
    )

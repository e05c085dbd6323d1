"""DLM205 large-file-in-image: sparse files in build contexts written to tmp_path."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml import lint_text
from tests.helpers import sparse
from tests.test_cli import write

CODE = "DLM205"
HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
MIB = 1 << 20


def _lint(root: Path, body: str, **kw: object) -> list[tuple[str, int]]:
    found = lint_text(HEAD + body, select=[CODE], context=str(root), **kw)  # type: ignore[arg-type]
    return [(f.code, f.span.line) for f in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, "serve.py", "print('hi')\n")
    sparse(tmp_path / "models" / "model.pt", 150 * MIB)
    sparse(tmp_path / "models" / "small.onnx", 20 * MIB)
    sparse(tmp_path / "data" / "train.csv", 300 * MIB)
    sparse(tmp_path / "weights.tar.gz", 500 * MIB)
    return tmp_path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("COPY serve.py ./\n", []),
        ("COPY models/model.pt ./models/\n", [(CODE, 3)]),
        ("COPY models/small.onnx ./models/\n", []),
        ("COPY models ./models\n", [(CODE, 3)]),
        ("COPY . .\n", [(CODE, 3)]),
        ("ADD models/model.pt /m/\n", [(CODE, 3)]),
        # ADD unpacks a local archive; COPY does not
        ("ADD weights.tar.gz /w/\n", []),
        ("COPY weights.tar.gz /w/\n", [(CODE, 3)]),
        # not judged
        ("COPY models/*.pt ./\n", []),
        ("ARG M\nCOPY ${M} ./\n", []),
        ("COPY --from=trainer /out/model.pt ./\n", []),
        ("COPY missing.bin ./\n", []),
    ],
)
def test_cases(project: Path, body: str, expected: list[tuple[str, int]]) -> None:
    assert _lint(project, body) == expected


def test_messages(project: Path) -> None:
    found = lint_text(
        HEAD + "COPY . .\nCOPY data/train.csv /d/\n", select=[CODE], context=str(project)
    )
    model_hint = (
        "If the model changes less often than the code, COPY it before the code; if more"
        " often, COPY it after the code or mount it at run time."
    )
    other_hint = (
        "Leave it out with .dockerignore if the image does not need it, or mount or download"
        " it at run time."
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            3,
            "`weights.tar.gz` (500 MiB) and 2 more files over 100 MiB are copied into the image.",
            other_hint,
        ),
        (4, "`data/train.csv` (300 MiB) is copied into the image.", other_hint),
    ]
    found = lint_text(HEAD + "COPY models ./models\n", select=[CODE], context=str(project))
    assert [(f.message, f.fix) for f in found] == [
        ("`models/model.pt` (150 MiB) is copied into the image.", model_hint)
    ]


def test_dockerignore_leaves_files_out(project: Path) -> None:
    write(project, ".dockerignore", "**/*.csv\n*.tar.gz\n")
    found = lint_text(HEAD + "COPY . .\n", select=[CODE], context=str(project))
    assert [f.message for f in found] == ["`models/model.pt` (150 MiB) is copied into the image."]
    write(project, ".dockerignore", "models\ndata\n*.gz\n")
    assert _lint(project, "COPY . .\n") == []


def test_only_what_ships(project: Path) -> None:
    body = (
        "FROM python:3.12-slim AS train\nCOPY data/train.csv /d/\n"
        "FROM python:3.12-slim\nCOPY serve.py ./\n"
    )
    found = lint_text(body, select=[CODE], context=str(project))
    assert found == []
    chain = "FROM python:3.12-slim AS base\nCOPY models/model.pt /m/\nFROM base\n"
    assert [f.span.line for f in lint_text(chain, select=[CODE], context=str(project))] == [2]


def test_the_option(project: Path) -> None:
    assert _lint(project, "COPY . .\n", options={CODE: {"large-file-mb": 1000}}) == []
    assert _lint(project, "COPY models/small.onnx ./\n", options={CODE: {"large-file-mb": 10}}) == [
        (CODE, 3)
    ]


def test_a_gigabyte_file_is_only_stat_ed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sparse(project / "big.bin", 1 << 30)
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *args: Any, **kw: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kw)

    def spy_os_open(path: Any, *args: Any, **kw: Any) -> int:
        opened.append(str(path))
        return real_os_open(path, *args, **kw)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    found = lint_text(HEAD + "COPY . .\n", select=["DLM2"], context=str(project))
    monkeypatch.undo()
    assert [(f.code, f.message) for f in found] == [
        (CODE, "`big.bin` (1.0 GiB) and 3 more files over 100 MiB are copied into the image.")
    ]
    assert not [p for p in opened if p.endswith(("big.bin", ".pt", ".csv", ".gz"))]


def test_silent_without_a_context() -> None:
    assert lint_text(HEAD + "COPY . .\n", select=[CODE]) == []

"""ruff (lint and format) and mypy, run by the test command as ARCHITECTURE.md asks."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import REPO

TARGETS = ["dockerlint_ml", "tests", "scripts"]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *cmd], cwd=REPO, capture_output=True, text=True, timeout=600
    )


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (test extra)")
def test_ruff_check() -> None:
    proc = _run("ruff", "check", *TARGETS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (test extra)")
def test_ruff_format() -> None:
    proc = _run("ruff", "format", "--check", *TARGETS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy() -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (test extra)")
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr

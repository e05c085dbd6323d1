"""`python -m dockerlint_ml` imports nothing from the directory it is run in (issue 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOCKERFILE = (
    "FROM python:3.12-slim\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\nCOPY . .\n"
    'CMD ["python", "app.py"]\n'
)


def _plant(root: Path) -> None:
    """A repository that shadows a dependency and declares a plugin distribution."""
    (root / "Dockerfile").write_text(DOCKERFILE, "utf-8")
    marker = "import pathlib; pathlib.Path(__file__).with_suffix('.ran').write_text('x')\n"
    (root / "click.py").write_text(marker + "raise SystemExit(99)\n", "utf-8")
    (root / "evilplugin.py").write_text(marker + "RULES = []\n", "utf-8")
    info = root / "evil.egg-info"
    info.mkdir()
    (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "[dockerlint_ml.rules]\nevil = evilplugin:RULES\n", "utf-8"
    )


@pytest.mark.parametrize("safe_path", [False, True])
def test_module_run_ignores_the_working_directory(tmp_path: Path, safe_path: bool) -> None:
    _plant(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    if safe_path:
        env["PYTHONSAFEPATH"] = "1"  # Python's own switch gives the same result
    done = subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", "--format", "plain", "Dockerfile"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "0 findings in 1 file\n", "")
    assert sorted(p.name for p in tmp_path.glob("*.ran")) == []

"""The large-input rows of the bad-input matrix (README): a 10 MB file, a 1 MB single line,
deeply nested quotes and backslashes are linted, not rejected. No timing is asserted (the
linear-cost script measures that); the subprocess timeout only guards against a hang."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

HANG_GUARD = 600  # seconds


def _lint(path: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        # ShellCheck (its own program, with its own timeout) is not what these test.
        ["dockerlint-ml", "--ignore", "SC", "--format", "json", "--fail-on", "never", str(path)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    findings = json.loads(proc.stdout)
    assert isinstance(findings, list)
    return findings


def test_a_10_mb_file_is_linted(tmp_path: Path) -> None:
    lines = ["FROM python:3.12-slim", "WORKDIR /app", "COPY app.py ./"]
    size = 0
    i = 0
    while size < 10_000_000:
        line = f"RUN echo step{i} && pip install --no-cache-dir pkg{i}==1.0.{i} && echo {i}"
        lines.append(line)
        size += len(line) + 1
        i += 1
    lines.append("CMD gunicorn app:app")
    path = tmp_path / "Dockerfile"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert path.stat().st_size >= 10_000_000
    findings = _lint(path)
    codes = [(f["code"], f["line"]) for f in findings]
    last = len(lines)
    # one DLM004 for the COPY of app.py, on the first install after it, naming the others;
    # the last line is reached and judged
    (dlm004,) = [f for f in findings if f["code"] == "DLM004"]
    assert dlm004["line"] == 4
    assert f"and {last - 13} more." in dlm004["message"]
    assert ("DLM008", last) in codes and ("DLM009", last) in codes


def test_a_1_mb_single_line_is_linted(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM python:3.12-slim\nRUN echo " + "a " * 500_000 + "\nCMD x y\n", "utf-8")
    findings = _lint(path)
    assert [(f["code"], f["line"]) for f in findings] == [("DLM008", 3)]


@pytest.mark.parametrize(
    "line",
    [
        "RUN sh -c " + "\"'" * 5000 + "'\"" * 5000,
        "RUN echo " + "\\" * 100_001,
        'RUN echo "' + "$(" * 3000 + ")" * 3000 + '"',
        "RUN " + "sh -c '" * 2000 + "gunicorn app:app" + "'" * 2000,
        "CMD " + "[" * 50_000 + "]" * 50_000,
    ],
    ids=["quotes", "backslashes", "substitutions", "nested-sh-c", "brackets"],
)
def test_deeply_nested_input_is_linted(tmp_path: Path, line: str) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM python:3.12-slim\nWORKDIR /app\n{line}\n", "utf-8")
    findings = _lint(path)
    assert all(f["code"] != "DLM999" for f in findings)

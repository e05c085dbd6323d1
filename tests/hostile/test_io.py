"""Hostile reads: inputs over the size limit, stdin that never ends, is closed or cannot be
read, and baseline files that are FIFOs, devices or too large (issue 8, item 3).

Each case asserts the exact stderr line, the exit code and that the other inputs are still
linted; the unbounded ones run under the harness's memory bound.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockerlint_ml.run.sources import DEFAULT_MAX_FILE_SIZE
from tests.hostile.harness import HANG_GUARD, Outcome, memory_bound, run_capped
from tests.test_cli import SCRIPT, write

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file types")

PYTHON_M = [sys.executable, "-m", "dockerlint_ml"]
SEL = ("--select", "DLM008", "--format", "json")
WARN = "FROM python:3.12-slim\nCMD python app.py\n"
LIMIT_LINE = "larger than the size limit of {:,} bytes (--max-file-size)"


def _linted(out: str) -> list[str]:
    """The files of the JSON report's findings."""
    return [f["file"] for f in json.loads(out)]


def _run(
    command: list[str],
    args: list[str],
    cwd: Path,
    *,
    stdin: int | None = None,
    close_stdin: bool = False,
    memory: int | None = None,
) -> Outcome:
    """The linter with standard input as given: a file descriptor, or closed (`<&-`:
    `subprocess.DEVNULL` is an open /dev/null, not a closed stdin); memory capped."""

    def setup() -> None:
        if memory is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if close_stdin:
            os.close(0)

    proc = subprocess.run(
        [*command, *args],
        stdin=stdin,
        capture_output=True,
        cwd=cwd,
        preexec_fn=setup,
        timeout=HANG_GUARD,
        check=False,
    )
    out = Outcome(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in out.stderr, out.stderr
    return out


# --- --max-file-size ---------------------------------------------------------------------


def test_a_file_over_the_limit_is_one_line_and_the_others_are_linted(tmp_path: Path) -> None:
    at_limit = WARN + "#" * (1024 - len(WARN) - 1) + "\n"
    write(tmp_path, "ok/Dockerfile", at_limit)
    write(tmp_path, "big/Dockerfile", at_limit + "\n")
    out = run_capped(["--max-file-size", "1K", *SEL, "big", "ok"], input_bytes=2049, cwd=tmp_path)
    assert out.returncode == 2
    assert out.problem_lines == [f"dockerlint-ml: big/Dockerfile: {LIMIT_LINE.format(1024)}"]
    assert _linted(out.stdout) == ["ok/Dockerfile"]


def test_the_default_limit(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN + "#" * (DEFAULT_MAX_FILE_SIZE - len(WARN)) + "\n")
    write(tmp_path, "small.Dockerfile", WARN)
    out = run_capped(
        [*SEL, "Dockerfile", "small.Dockerfile"],
        input_bytes=DEFAULT_MAX_FILE_SIZE,
        cwd=tmp_path,
    )
    assert out.returncode == 2
    limit = LIMIT_LINE.format(DEFAULT_MAX_FILE_SIZE)
    assert out.problem_lines == [f"dockerlint-ml: Dockerfile: {limit}"]
    assert limit == "larger than the size limit of 10,485,760 bytes (--max-file-size)"
    assert _linted(out.stdout) == ["small.Dockerfile"]


@pytest.mark.parametrize(
    ("given", "limit"), [("1000", 1000), ("2k", 2048), ("3K", 3072), ("1M", 1024**2)]
)
def test_max_file_size_syntax(given: str, limit: int) -> None:
    args = ["--max-file-size", given, *SEL, "-"]
    out = run_capped(args, input_bytes=limit, stdin=b"#" * limit)
    assert (out.returncode, out.stdout, out.stderr) == (0, "[]\n", "")
    out = run_capped(args, input_bytes=limit, stdin=b"#" * (limit + 1))
    assert (out.returncode, out.stdout) == (2, "[]\n")
    assert out.problem_lines == [f"dockerlint-ml: -: {LIMIT_LINE.format(limit)}"]


def test_a_gigabyte_limit_is_accepted() -> None:
    out = run_capped(["--max-file-size", "1g", *SEL, "-"], input_bytes=0, stdin=WARN.encode())
    assert (out.returncode, _linted(out.stdout), out.stderr) == (1, ["-"], "")


@pytest.mark.parametrize("given", ["0", "-1", "1.5M", "10MB", "", "K", "1 M", "0x10"])
def test_a_bad_max_file_size_is_a_usage_error(tmp_path: Path, given: str) -> None:
    out = run_capped(["--max-file-size", given, "Dockerfile"], input_bytes=0, cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.problem_lines[-1] == (
        f"Error: Invalid value for '--max-file-size': {given!r} is not a size: a positive"
        " number of bytes, optionally followed by K, M or G (e.g. 10M)"
    )


def test_parse_honours_the_limit(tmp_path: Path) -> None:
    write(tmp_path, "big.Dockerfile", WARN + "#" * 2000 + "\n")
    write(tmp_path, "Dockerfile", WARN)
    out = run_capped(
        ["parse", "--max-file-size", "1K", "big.Dockerfile", "Dockerfile"],
        input_bytes=2100,
        cwd=tmp_path,
    )
    assert out.returncode == 2
    assert out.problem_lines == [f"dockerlint-ml: big.Dockerfile: {LIMIT_LINE.format(1024)}"]
    assert [d["file"] for d in json.loads(out.stdout)] == ["Dockerfile"]


# --- standard input ----------------------------------------------------------------------


@posix_only
def test_stdin_from_dev_zero_is_refused_within_the_memory_bound(tmp_path: Path) -> None:
    # The old reader read until memory ran out; now one byte past the limit at most.
    write(tmp_path, "Dockerfile", WARN)
    with open("/dev/zero", "rb") as zero:
        out = _run(
            PYTHON_M,
            [*SEL, "-", "Dockerfile"],
            tmp_path,
            stdin=zero.fileno(),
            memory=memory_bound(DEFAULT_MAX_FILE_SIZE),
        )
    assert out.returncode == 2
    assert out.problem_lines == [f"dockerlint-ml: -: {LIMIT_LINE.format(DEFAULT_MAX_FILE_SIZE)}"]
    assert _linted(out.stdout) == ["Dockerfile"]


@posix_only
@pytest.mark.parametrize("command", [[SCRIPT], PYTHON_M], ids=["console-script", "python-m"])
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["-", "Dockerfile"], "dockerlint-ml: -: standard input is closed"),
        (
            ["--stdin-filename", "svc/x.Dockerfile", "Dockerfile", "-"],
            "dockerlint-ml: svc/x.Dockerfile: standard input is closed",
        ),
    ],
    ids=["dash", "stdin-filename"],
)
def test_closed_stdin_is_one_problem_line(
    tmp_path: Path, command: list[str], args: list[str], line: str
) -> None:
    write(tmp_path, "Dockerfile", WARN)
    out = _run(command, [*SEL, *args], tmp_path, close_stdin=True)
    assert out.returncode == 2
    assert out.problem_lines == [line]
    assert _linted(out.stdout) == ["Dockerfile"]


@posix_only
def test_closed_stdin_in_parse(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    out = _run(PYTHON_M, ["parse", "-", "Dockerfile"], tmp_path, close_stdin=True)
    assert out.returncode == 2
    assert out.problem_lines == ["dockerlint-ml: -: standard input is closed"]
    assert [d["file"] for d in json.loads(out.stdout)] == ["Dockerfile"]


@posix_only
def test_unreadable_stdin_is_one_problem_line(tmp_path: Path) -> None:
    # (A directory as stdin never gets this far: Python refuses to start.)
    write(tmp_path, "Dockerfile", WARN)
    fd = os.open(tmp_path / "w.txt", os.O_WRONLY | os.O_CREAT)
    try:
        out = _run(PYTHON_M, [*SEL, "-", "Dockerfile"], tmp_path, stdin=fd)
    finally:
        os.close(fd)
    assert out.returncode == 2
    assert out.problem_lines == [
        "dockerlint-ml: -: cannot read standard input: Bad file descriptor"
    ]
    assert _linted(out.stdout) == ["Dockerfile"]


# --- baseline files ----------------------------------------------------------------------


@posix_only
def test_a_fifo_baseline_is_refused_without_being_opened(tmp_path: Path) -> None:
    # Opening a FIFO blocks until a writer comes: the old code hung here.
    write(tmp_path, "Dockerfile", WARN)
    os.mkfifo(tmp_path / "baseline.json")
    out = run_capped(["--baseline", "baseline.json", *SEL], input_bytes=0, cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.problem_lines == ["dockerlint-ml: baseline baseline.json is not a regular file"]


@posix_only
def test_a_device_baseline_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    out = run_capped(["--baseline", "/dev/zero", *SEL], input_bytes=0, cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.problem_lines == ["dockerlint-ml: baseline /dev/zero is not a regular file"]


def test_a_baseline_over_the_limit_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    document = {"version": 1, "tool": "dockerlint-ml", "findings": []}
    text = json.dumps(document) + " " * 2000
    write(tmp_path, "baseline.json", text)
    args = ["--baseline", "baseline.json", *SEL]
    out = run_capped(["--max-file-size", "1K", *args], input_bytes=len(text), cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.problem_lines == [
        f"dockerlint-ml: baseline baseline.json cannot be read: {LIMIT_LINE.format(1024)}"
    ]
    # Within the limit the same file is a valid, empty baseline.
    out = run_capped(args, input_bytes=len(text), cwd=tmp_path)
    assert (out.returncode, _linted(out.stdout), out.stderr) == (1, ["Dockerfile"], "")

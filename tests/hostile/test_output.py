"""Report and baseline files (`--output`, `--write-baseline`) are written atomically and never
through a symlink (issue 8, item 6): a temporary file in the same directory renamed over the
target, so parallel writers, a failing reporter or a full disk never leave a partial file.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from dockerlint_ml import cli
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.reporters import sarif
from dockerlint_ml.run.results import FileReport, RunResult
from tests.hostile.harness import HANG_GUARD, run_capped

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX symlinks and modes")

# The ENV keeps DLM109 (python-unbuffered-missing) out of the counts.
WARN = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCMD python app.py\n"
SYMLINK = "is a symlink (not followed, not replaced)"


def _dockerfile(directory: Path, findings: int = 1, name: str = "Dockerfile") -> Path:
    """A Dockerfile with `findings` DLM008 findings (each CMD is one)."""
    path = directory / name
    text = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n" + "CMD python app.py\n" * findings
    path.write_text(text, "utf-8")
    return path


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".dockerlint-ml-"))


def test_interleaved_writers_leave_one_whole_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writer A starts, writer B writes a longer report meanwhile, then A finishes. Written
    # in place (the old code), the file became A's report followed by the end of B's.
    reports = {"a": '{"a": 1}\n', "b": '{"b": "' + "x" * 4096 + '"}\n'}
    a_started, b_done = threading.Event(), threading.Event()

    def render(result: RunResult, out: TextIO) -> None:
        text = reports[result.files[0].path]
        if result.files[0].path == "a":
            out.write(text[:3])
            a_started.set()
            assert b_done.wait(HANG_GUARD)
            out.write(text[3:])
        else:
            out.write(text)

    monkeypatch.setattr(sarif, "render", render)
    target = str(tmp_path / "out.sarif")

    def write(name: str) -> None:
        result = RunResult(files=[FileReport(name, [], parse("", name))])
        assert cli._write_output("sarif", result, target)

    writer_a = threading.Thread(target=write, args=("a",))
    writer_a.start()
    assert a_started.wait(HANG_GUARD)
    write("b")
    b_done.set()
    writer_a.join(HANG_GUARD)
    assert (tmp_path / "out.sarif").read_text("utf-8") == reports["a"]
    assert _leftovers(tmp_path) == []


def test_ten_parallel_processes_leave_a_valid_report(tmp_path: Path) -> None:
    # End to end: ten pre-commit batches of different sizes writing one SARIF file.
    args = [sys.executable, "-m", "dockerlint_ml", "--select", "DLM008", "--format", "sarif"]
    for i in range(10):
        _dockerfile(tmp_path, findings=50 * (i + 1), name=f"{i}.Dockerfile")
    writers = [
        subprocess.Popen(
            [*args, "-o", "out.sarif", f"{i}.Dockerfile"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(10)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=HANG_GUARD)
        assert (writer.returncode, err) == (1, b"")
    report = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    assert len(report["runs"][0]["results"]) in {50 * (i + 1) for i in range(10)}
    assert _leftovers(tmp_path) == []


@posix_only
@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_a_symlink_is_never_followed_nor_replaced(tmp_path: Path, option: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _dockerfile(repo)
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", "utf-8")
    (repo / "out.json").symlink_to(outside)
    out = run_capped(["--format", "json", option, "out.json"], input_bytes=0, cwd=repo)
    assert out.returncode == 2
    what = "cannot write the report" if option == "--output" else "cannot write baseline"
    assert out.problem_lines[-1] == f"dockerlint-ml: out.json: {what}: {SYMLINK}"
    assert outside.read_text("utf-8") == "precious\n"
    assert os.readlink(repo / "out.json") == str(outside)
    assert _leftovers(repo) == []


@posix_only
def test_a_symlink_to_a_device_is_refused_not_replaced(tmp_path: Path) -> None:
    # As `-o /dev/stdout` is: renaming over that link (as root) would break it for everyone.
    _dockerfile(tmp_path)
    (tmp_path / "out").symlink_to("/dev/null")
    out = run_capped(["-o", "out", "Dockerfile"], input_bytes=0, cwd=tmp_path)
    assert out.returncode == 2
    assert out.problem_lines == [f"dockerlint-ml: out: cannot write the report: {SYMLINK}"]
    assert os.readlink(tmp_path / "out") == "/dev/null"


@posix_only
def test_an_existing_file_keeps_its_permissions_and_a_new_one_gets_the_umask(
    tmp_path: Path,
) -> None:
    _dockerfile(tmp_path)
    kept = tmp_path / "kept.sarif"
    kept.write_text("old\n", "utf-8")
    kept.chmod(0o640)
    for name in ("kept.sarif", "new.sarif"):
        out = run_capped(
            ["--format", "sarif", "-o", name, "Dockerfile"], input_bytes=0, cwd=tmp_path
        )
        assert (out.returncode, out.stdout, out.stderr) == (
            1,
            "1 finding (1 warning) in 1 file\n",
            "",
        )
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.sarif").stat().st_mode) == 0o666 & ~umask
    assert json.loads(kept.read_text("utf-8"))["version"] == "2.1.0"


def test_a_directory_is_one_line(tmp_path: Path) -> None:
    _dockerfile(tmp_path)
    (tmp_path / "out").mkdir()
    out = run_capped(["-o", "out", "Dockerfile"], input_bytes=0, cwd=tmp_path)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.problem_lines == ["dockerlint-ml: out: cannot write the report: is a directory"]
    assert list((tmp_path / "out").iterdir()) == []


@posix_only
def test_a_device_is_written_in_place(tmp_path: Path) -> None:
    # Only the user can name a device (a repository holds none): /dev/null works, and
    # /dev/full shows a full disk as one line.
    _dockerfile(tmp_path)
    out = run_capped(["-o", "/dev/null", "Dockerfile"], input_bytes=0, cwd=tmp_path)
    assert (out.returncode, out.stdout, out.stderr) == (1, "1 finding (1 warning) in 1 file\n", "")
    if os.path.exists("/dev/full"):
        out = run_capped(["-o", "/dev/full", "Dockerfile"], input_bytes=0, cwd=tmp_path)
        assert (out.returncode, out.stdout) == (2, "")
        assert out.problem_lines == [
            "dockerlint-ml: /dev/full: cannot write the report: no space left on device"
        ]


def _half_then(exc: BaseException) -> Callable[[RunResult, TextIO], None]:
    """A reporter that writes the start of a report, then fails with `exc`."""

    def render(result: RunResult, out: TextIO) -> None:
        out.write('{"version": "2.1.0", "runs": [')
        raise exc

    return render


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (
            RuntimeError("simulated reporter bug"),
            "dockerlint-ml: internal error: RuntimeError: simulated reporter bug; please report"
            " it on the dockerlint-ml issue tracker, with the Dockerfile if you can",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "dockerlint-ml: out.sarif: cannot write the report: no space left on device",
        ),
    ],
    ids=["reporter-bug", "disk-full"],
)
def test_a_failed_render_leaves_the_previous_file_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    line: str,
) -> None:
    _dockerfile(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCKERLINT_ML_TRACEBACK", raising=False)
    (tmp_path / "out.sarif").write_text("previous report\n", "utf-8")
    monkeypatch.setattr(sarif, "render", _half_then(exc))
    assert cli.run_cli(["--format", "sarif", "-o", "out.sarif", "Dockerfile"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [line]
    assert (tmp_path / "out.sarif").read_text("utf-8") == "previous report\n"
    assert _leftovers(tmp_path) == []

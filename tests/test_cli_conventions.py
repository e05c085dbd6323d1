"""Command-line conventions users type without thinking (ruff's and hadolint's): `-V`,
`-f`, `--exit-zero` / `--no-fail`, and the nearest match for a mistyped rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockerlint_ml import __version__
from tests.test_cli import cli, write

# DLM008 (a warning) and nothing else under these options.
WARN = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCMD python app.py\n"
BASE = ("--isolated", "--no-context", "--select", "DLM008")


def test_dash_v_prints_the_version() -> None:
    assert (cli("-V").code, cli("-V").out) == (0, f"dockerlint-ml {__version__}\n")


def test_dash_f_is_format(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", WARN)
    found = json.loads(cli(*BASE, "-f", "json", str(path)).out)
    assert [f["code"] for f in found] == ["DLM008"]
    rules = json.loads(cli("rules", "-f", "json").out)
    assert rules[0]["code"] == "DLM000"


@pytest.mark.parametrize("flag", ["--exit-zero", "--no-fail"])
def test_exit_zero_wins_over_fail_on(tmp_path: Path, flag: str) -> None:
    path = write(tmp_path, "Dockerfile", WARN)
    assert cli(*BASE, str(path)).code == 1
    done = cli(*BASE, "--fail-on", "style", flag, "--format", "plain", str(path))
    assert done.code == 0
    assert " DLM008 cmd-not-exec-form [warning] " in done.out
    # A problem still exits 2.
    assert cli(*BASE, flag, str(path), str(tmp_path / "missing")).code == 2


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("dlm0009", "DLM009"), ("server-bound-to-localhos", "server-bound-to-localhost")],
)
def test_explain_suggests_the_nearest_rule(typed: str, meant: str) -> None:
    done = cli("explain", typed)
    assert done.code == 2
    assert done.err == (
        f"dockerlint-ml: unknown rule {typed!r} (did you mean {meant!r}?);"
        " `dockerlint-ml rules` lists them\n"
    )


def test_a_bad_select_suggests_the_nearest_rule(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", WARN)
    done = cli("--select", "DLM0008", str(path))
    assert done.code == 2
    assert "unknown rule selector in --select: 'DLM0008' (did you mean 'DLM008'?)" in done.err
    for far in ("XYZQWV", "BOOM001"):  # nothing close: BOOM001 is not BK001
        assert (
            f"unknown rule selector in --select: '{far}'\n" in cli("--select", far, str(path)).err
        )

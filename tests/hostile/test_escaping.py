"""Names a repository chooses cannot fool a reader or a CI runner (issue 8, item 4).

A file `Dockerfile<U+202E>`, a directory `##[error]x` holding a Dockerfile, an empty
directory `::add-mask::x` and a missing `##[error]x/gone<U+200B>`, in every format: human
formats show the invisible characters as escapes, JSON and SARIF carry them as data, and
under `--format github` no stderr line is a workflow command (the Actions runner reads
stderr for `::add-mask::`, `##[error]` and `::stop-commands::` too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockerlint_ml.reporters import escape
from tests.reporters.test_ci_formats import workflow_commands

SCRIPT = [sys.executable, "-m", "dockerlint_ml"]
WARN = "FROM python:3.12-slim\nCMD python app.py\n"
RLO, ZWSP = "\u202e", "\u200b"
NAMES = [f"Dockerfile{RLO}", "##[error]x", "::add-mask::x", f"##[error]x/gone{ZWSP}"]
MESSAGE = "DLM008 cmd-not-exec-form [warning] CMD in shell form runs under `/bin/sh -c`"
# The problem lines, and the same under --format github.
STDERR = (
    "dockerlint-ml: ::add-mask::x: no Dockerfile found in this directory\n"
    "dockerlint-ml: ##[error]x/gone\\u200b: no such file or directory\n"
)
GITHUB_STDERR = (
    "dockerlint-ml: ::add-mask::x: no Dockerfile found in this directory\n"
    "dockerlint-ml: #\\x23[error]x/gone\\u200b: no such file or directory\n"
)
INVISIBLE = [
    0x061C, *range(0x200B, 0x2010), 0x2028, 0x2029, *range(0x202A, 0x202F), 0x2060,
    *range(0x2066, 0x206A), 0xFEFF,
]  # fmt: skip


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository root for the CI formats' paths
    (tmp_path / NAMES[0]).write_text(WARN, "utf-8")
    (tmp_path / "##[error]x").mkdir()
    (tmp_path / "##[error]x" / "Dockerfile").write_text(WARN, "utf-8")
    (tmp_path / "::add-mask::x").mkdir()
    return tmp_path


def _lint(tree: Path, fmt: str, *extra: str) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR")}
    proc = subprocess.run(
        [*SCRIPT, "--select", "DLM008", "--format", fmt, *extra, *NAMES],
        capture_output=True,
        cwd=tree,
        env={**env, "COLUMNS": "200"},
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("code", INVISIBLE, ids=[f"U+{c:04X}" for c in INVISIBLE])
def test_escape_shows_every_invisible_and_bidi_character(code: int) -> None:
    assert escape(f"a{chr(code)}b") == f"a\\u{code:04x}b"


@pytest.mark.parametrize("fmt", ["plain", "rich", "junit"])
def test_human_formats_show_the_names_escaped(tree: Path, fmt: str) -> None:
    code, out, err = _lint(tree, fmt)
    assert (code, err.decode()) == (2, STDERR)
    text = out.decode()
    assert not any(chr(c) in text for c in INVISIBLE)
    if fmt == "plain":
        assert [line.split(" CMD in")[0] for line in text.splitlines()] == [
            "Dockerfile\\u202e:2:1: DLM008 cmd-not-exec-form [warning]",
            "##[error]x/Dockerfile:2:1: DLM008 cmd-not-exec-form [warning]",
            "2 findings (2 warnings) in 2 files",
        ]
    elif fmt == "rich":
        assert text.splitlines()[0] == "Dockerfile\\u202e"
        assert "##[error]x/Dockerfile" in text.splitlines()
    else:
        assert '<testsuite name="Dockerfile\\u202e" tests="1"' in text
        assert '<testsuite name="##[error]x/gone\\u200b" tests="1" failures="0" errors="1"' in text


def test_github_stdout_and_stderr_hold_no_command_but_the_annotations(tree: Path) -> None:
    code, out, err = _lint(tree, "github")
    assert (code, err.decode()) == (2, GITHUB_STDERR)
    assert workflow_commands(err.decode()) == []
    commands = workflow_commands(out.decode())
    assert [(c.name, c.props.get("file")) for c in commands] == [
        ("warning", "Dockerfile\\u202e"),
        ("warning", "##[error]x/Dockerfile"),
        ("group", None),
        ("endgroup", None),
    ]
    lines = out.decode().splitlines()
    assert lines[0].startswith("::warning file=Dockerfile\\u202e,line=2,endLine=2,col=1,")
    assert lines[1].startswith("::warning file=##[error]x/Dockerfile,line=2,endLine=2,col=1,")
    # The plain report inside the stop-commands fence is escaped as in plain.
    assert lines[4].startswith(f"Dockerfile\\u202e:2:1: {MESSAGE}")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        # A usage error quotes the command line, where a shell glob puts file names.
        (
            ["--fail-on", "##[error]x\n::add-mask::y"],
            "Error: Invalid value for '--fail-on': '#\\x23[error]x\\n::add-mask::y' is not one"
            " of 'error', 'warning', 'info', 'style', 'never'.",
        ),
        # (click words this one differently from version to version)
        (["--##[error]x"], "--#\\x23[error]x"),
    ],
    ids=["bad-value", "bad-option"],
)
def test_github_usage_errors_are_inert(tree: Path, args: list[str], line: str) -> None:
    proc = subprocess.run(
        [*SCRIPT, "--format", "github", *args, "Dockerfile"],
        capture_output=True,
        cwd=tree,
        timeout=60,
        check=False,
    )
    err = proc.stderr.decode()
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert err.splitlines()[-1].startswith("Error: ")
    assert line in err.splitlines()[-1]
    assert workflow_commands(err) == []


def test_github_config_key_is_inert(tree: Path) -> None:
    (tree / "##[error]x" / ".dockerlint-ml.toml").write_text(f'"##[error]k{RLO}" = 1\n', "utf-8")
    code, out, err = _lint(tree, "github")
    assert (code, out) == (2, b"")
    # The path and the key both hold `##[`; both are broken.
    assert err.decode().startswith(
        "dockerlint-ml: #\\x23[error]x/.dockerlint-ml.toml: unknown key '#\\x23[error]k\\u202e'"
    )
    assert workflow_commands(err.decode()) == []


def test_github_step_summary_failure_is_inert(tree: Path) -> None:
    (tree / "##[error]s").mkdir()
    proc = subprocess.run(
        [*SCRIPT, "--select", "DLM008", "--format", "github", NAMES[0]],
        capture_output=True,
        cwd=tree,
        env={**os.environ, "GITHUB_STEP_SUMMARY": "##[error]s"},
        timeout=60,
        check=False,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert err == (
        "dockerlint-ml: cannot append to $GITHUB_STEP_SUMMARY (#\\x23[error]s): Is a directory\n"
    )


def test_json_and_sarif_carry_the_real_characters(tree: Path) -> None:
    code, out, err = _lint(tree, "json")
    assert (code, err.decode()) == (2, STDERR)
    assert [f["file"] for f in json.loads(out)] == ["##[error]x/Dockerfile", f"Dockerfile{RLO}"]
    code, out, err = _lint(tree, "sarif")
    assert (code, err.decode()) == (2, STDERR)
    run = json.loads(out)["runs"][0]
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]
    assert uris == ["Dockerfile%E2%80%AE", "%23%23%5Berror%5Dx/Dockerfile"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[1]["message"]["text"] == f"##[error]x/gone{ZWSP}: no such file or directory"


def test_gitlab_keeps_the_path_and_escapes_the_description(tree: Path) -> None:
    (tree / "zw.Dockerfile").write_text(f"FROM python:3.12-slim\nFOO{ZWSP}BAR x\n", "utf-8")
    proc = subprocess.run(
        [*SCRIPT, "--select", "DLM000", "--format", "gitlab", "zw.Dockerfile", NAMES[0]],
        capture_output=True,
        cwd=tree,
        timeout=60,
        check=False,
    )
    issues = json.loads(proc.stdout)
    assert [(i["location"]["path"], i["description"]) for i in issues] == [
        ("zw.Dockerfile", "DLM000 parse-error: unknown instruction: FOO\\u200bBAR")
    ]
    proc = subprocess.run(
        [*SCRIPT, "--select", "DLM008", "--format", "gitlab", NAMES[0]],
        capture_output=True,
        cwd=tree,
        timeout=60,
        check=False,
    )
    assert [i["location"]["path"] for i in json.loads(proc.stdout)] == [f"Dockerfile{RLO}"]


def test_plain_message_and_config_text_escape_invisible_characters(tree: Path) -> None:
    (tree / "zw.Dockerfile").write_text(f"FROM python:3.12-slim\nFOO{ZWSP}BAR x\n", "utf-8")
    proc = subprocess.run(
        [*SCRIPT, "--select", "DLM000", "--format", "plain", "zw.Dockerfile"],
        capture_output=True,
        cwd=tree,
        timeout=60,
        check=False,
    )
    assert proc.stdout.decode().splitlines()[0] == (
        "zw.Dockerfile:2:1: DLM000 parse-error [error] unknown instruction: FOO\\u200bBAR"
    )
    (tree / f"c{RLO}").mkdir()
    proc = subprocess.run(
        [*SCRIPT, "config", f"c{RLO}"], capture_output=True, cwd=tree, timeout=60, check=False
    )
    assert proc.stdout.decode().splitlines()[0] == (
        "# Effective dockerlint-ml configuration for c\\u202e"
    )

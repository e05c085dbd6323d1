"""The CLI contract, through the installed `dockerlint-ml` console script in a subprocess.

Exit codes and their precedence, stdin, discovery, bad inputs, formats, selectors,
subcommands, and output safety. Most tests select DLM000 and DLM008 only, so that they
depend on two rules and nothing else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockerlint_ml import __version__
from dockerlint_ml.engine.docs import page_body
from dockerlint_ml.engine.registry import load_registry

SCRIPT = shutil.which("dockerlint-ml") or str(Path(sys.executable).with_name("dockerlint-ml"))
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file types")

SEL = ("--select", "DLM000,DLM008")
CLEAN = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n'
WARN = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD python app.py\n"
ERR = 'FROM python:3.12-slim\nWORKDIR /app\nFOO bar\nCMD ["python", "app.py"]\n'
WARN_LINE = "{}:4:1: DLM008 cmd-not-exec-form [warning] "
ERR_LINE = "{}:3:1: DLM000 parse-error [error] unknown instruction: FOO"
PLAIN_RE = re.compile(
    r"^(.+):(\d+):(\d+): (DLM\d{3}) ([a-z0-9-]+) \[(error|warning|info|style)\] .+$"
)


@dataclass
class Result:
    code: int
    out: str
    err: str
    raw: bytes


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # No colour settings and no hadolint configuration from the developer's environment.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR") and not k.startswith("HADOLINT_")
    }
    env.pop("DOCKERLINT_ML_TRACEBACK", None)
    env["COLUMNS"] = "120"
    env.update(extra or {})
    return env


def cli(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes = b"",
    env: dict[str, str] | None = None,
    command: list[str] | None = None,
) -> Result:
    if command is None:
        assert os.path.exists(SCRIPT), f"{SCRIPT} missing: run `pip install -e .` first"
    proc = subprocess.run(
        [*(command or [SCRIPT]), *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=_env(env),
        timeout=60,
    )
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return Result(proc.returncode, out, err, proc.stdout)


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    return path


def finding_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if PLAIN_RE.match(line)]


# --- exit codes and plain shape -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "lines"),
    [
        (CLEAN, 0, []),
        (WARN, 1, [WARN_LINE.format("Dockerfile")]),
        (ERR, 1, [ERR_LINE.format("Dockerfile")]),
    ],
)
def test_exit_codes_and_plain_lines(tmp_path: Path, text: str, code: int, lines: list[str]) -> None:
    write(tmp_path, "Dockerfile", text)
    res = cli(*SEL, "--format", "plain", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.err) == (code, "")
    found = res.out.splitlines()[:-1]
    assert len(found) == len(lines)
    assert all(line.startswith(prefix) for line, prefix in zip(found, lines, strict=True))
    assert all(PLAIN_RE.match(line) for line in found)


def test_plain_summary_line(tmp_path: Path) -> None:
    write(tmp_path, "a/Dockerfile", WARN + "FOO\n")
    write(tmp_path, "b/Dockerfile", WARN)
    write(tmp_path, "c/Dockerfile", CLEAN)
    res = cli(
        *SEL, "--format", "plain", "a/Dockerfile", "b/Dockerfile", "c/Dockerfile", cwd=tmp_path
    )
    assert res.code == 1
    assert res.out.splitlines()[-1] == "3 findings (1 error, 2 warnings) in 3 files"
    assert [line.split(":")[0] for line in finding_lines(res.out)] == [
        "a/Dockerfile",
        "a/Dockerfile",
        "b/Dockerfile",
    ]


def test_no_path_means_dockerfile_in_the_working_directory(tmp_path: Path) -> None:
    res = cli(*SEL, cwd=tmp_path)
    assert (res.code, res.err) == (2, "dockerlint-ml: Dockerfile: no such file or directory\n")
    write(tmp_path, "Dockerfile", WARN)
    res = cli(*SEL, cwd=tmp_path)
    assert res.code == 1
    assert finding_lines(res.out)[0].startswith(WARN_LINE.format("Dockerfile"))


def test_missing_path_wins_and_other_files_are_still_reported(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    for fail_on in ("warning", "never"):
        res = cli(*SEL, "--fail-on", fail_on, "missing", "Dockerfile", cwd=tmp_path)
        assert res.code == 2
        assert res.err == "dockerlint-ml: missing: no such file or directory\n"
        assert finding_lines(res.out)[0].startswith(WARN_LINE.format("Dockerfile"))


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (ERR, "never", 0),
        (ERR, "error", 1),
        (WARN, "error", 0),
        (WARN, "warning", 1),
        (WARN, "WARNING", 1),
        (WARN, "info", 1),
        (WARN, "style", 1),
        (CLEAN, "style", 0),
    ],
)
def test_fail_on(tmp_path: Path, text: str, fail_on: str, code: int) -> None:
    write(tmp_path, "Dockerfile", text)
    res = cli(*SEL, "--fail-on", fail_on, "Dockerfile", cwd=tmp_path)
    assert (res.code, res.err) == (code, "")


def test_bad_fail_on_and_format_are_usage_errors(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", CLEAN)
    for args in (["--fail-on", "fatal"], ["--format", "xml"], ["--nope"]):
        res = cli(*args, "Dockerfile", cwd=tmp_path)
        assert res.code == 2 and res.out == ""
        assert "Usage: dockerlint-ml" in res.err


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "2026-1-1", ""])
def test_bad_as_of_is_a_usage_error(tmp_path: Path, value: str) -> None:
    write(tmp_path, "Dockerfile", CLEAN)
    res = cli("--as-of", value, "Dockerfile", cwd=tmp_path)
    assert res.code == 2 and res.out == ""
    assert f"Invalid value for '--as-of': must be a date YYYY-MM-DD, got {value!r}" in res.err


# --- stdin ------------------------------------------------------------------------------------


def test_stdin(tmp_path: Path) -> None:
    res = cli(*SEL, "-", stdin=WARN.encode())
    assert res.code == 1
    assert finding_lines(res.out)[0].startswith(WARN_LINE.format("-"))
    res = cli(*SEL, "--stdin-filename", "svc/Dockerfile", "-", stdin=WARN.encode())
    assert finding_lines(res.out)[0].startswith(WARN_LINE.format("svc/Dockerfile"))
    # --stdin-filename alone reads stdin too; JSON names the file by it.
    res = cli(*SEL, "--format", "json", "--stdin-filename", "api.Dockerfile", stdin=WARN.encode())
    assert [(f["file"], f["line"], f["code"]) for f in json.loads(res.out)] == [
        ("api.Dockerfile", 4, "DLM008")
    ]


def test_stdin_with_files_and_binary_stdin(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", ERR)
    res = cli(*SEL, "Dockerfile", "-", cwd=tmp_path, stdin=b"FROM x\0\n")
    assert res.code == 2
    assert res.err == "dockerlint-ml: -: binary file, not a Dockerfile\n"
    assert finding_lines(res.out) == [ERR_LINE.format("Dockerfile")]


# --- discovery --------------------------------------------------------------------------------


@posix_only
def test_directory_discovery(tmp_path: Path) -> None:
    for name in [
        "Dockerfile",
        "svc/Dockerfile.prod",
        "svc/api.dockerfile",
        "svc/DOCKERFILE",
        "gpu/Containerfile",
        "gpu/containerfile.cuda",
        "svc/Dockerfile.dockerignore",
        "node_modules/x/Dockerfile",
        ".git/Dockerfile",
        ".venv/Dockerfile",
        "venv/Dockerfile",
        ".tox/py/Dockerfile",
        "myenv/Dockerfile",
    ]:
        write(tmp_path / "repo", name, WARN)
    write(tmp_path / "repo", "myenv/pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path, "outside/Dockerfile", WARN)
    (tmp_path / "repo" / "svc" / "link").symlink_to(tmp_path / "outside")  # not followed
    res = cli(*SEL, "--format", "plain", "repo", cwd=tmp_path)
    assert (res.code, res.err) == (1, "")
    assert [line.split(":")[0] for line in finding_lines(res.out)] == [
        "repo/Dockerfile",
        "repo/gpu/Containerfile",
        "repo/gpu/containerfile.cuda",
        "repo/svc/DOCKERFILE",
        "repo/svc/Dockerfile.prod",
        "repo/svc/api.dockerfile",
    ]
    assert res.out.splitlines()[-1] == "6 findings (6 warnings) in 6 files"


@posix_only
def test_symlink_loop_is_one_stderr_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "repo/Dockerfile", WARN)
    (tmp_path / "repo" / "loop").symlink_to("loop")
    res = cli(*SEL, "repo", cwd=tmp_path)
    assert res.code == 2
    assert res.err == "dockerlint-ml: repo/loop: symlink loop, skipped\n"
    assert [line.split(":")[0] for line in finding_lines(res.out)] == ["repo/Dockerfile"]


def test_directory_without_dockerfile(tmp_path: Path) -> None:
    write(tmp_path, "empty/app.py", "print(1)\n")
    write(tmp_path, "Dockerfile", WARN)
    res = cli(*SEL, "empty", "Dockerfile", cwd=tmp_path)
    assert res.code == 2
    assert res.err == "dockerlint-ml: empty: no Dockerfile found in this directory\n"
    assert finding_lines(res.out)[0].startswith(WARN_LINE.format("Dockerfile"))


# --- bad inputs -------------------------------------------------------------------------------


@posix_only
def test_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "Dockerfile.pipe")
    write(tmp_path, "Dockerfile", WARN)
    res = cli(*SEL, "Dockerfile.pipe", "Dockerfile", cwd=tmp_path)  # would hang if opened
    assert res.code == 2
    assert res.err == "dockerlint-ml: Dockerfile.pipe: not a regular file\n"
    assert len(finding_lines(res.out)) == 1


@posix_only
def test_device_and_socket(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(tmp_path / "sock"))
        res = cli(*SEL, "sock", "/dev/null", cwd=tmp_path)
    assert res.code == 2
    assert res.err == (
        "dockerlint-ml: sock: not a regular file\ndockerlint-ml: /dev/null: not a regular file\n"
    )


def test_binary_file(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", b"FROM python\n\x00\x01\x02\xff")
    res = cli(*SEL, "--fail-on", "never", "Dockerfile", cwd=tmp_path)
    assert res.code == 2
    assert res.err == "dockerlint-ml: Dockerfile: binary file, not a Dockerfile\n"
    assert res.out == "0 findings in 0 files\n"


def test_non_utf8_file_is_linted_with_dlm000_on_the_first_bad_line(tmp_path: Path) -> None:
    text = b"FROM python:3.12-slim\nLABEL a=\xe9t\xe9\nWORKDIR /app\nCMD python \xff.py\n"
    write(tmp_path, "Dockerfile", text)
    res = cli(*SEL, "--format", "json", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.err) == (1, "")
    found = [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(res.out)]
    assert found[0] == (
        2,
        9,
        "DLM000",
        "invalid UTF-8 on line 2; the bytes were replaced with U+FFFD",
    )
    assert [(line, code) for line, _, code, _ in found] == [(2, "DLM000"), (4, "DLM008")]
    # DLM000 can be ignored, the invalid UTF-8 finding included.
    res = cli("--select", "DLM008", "--format", "json", "Dockerfile", cwd=tmp_path)
    assert [f["code"] for f in json.loads(res.out)] == ["DLM008"]


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n# and another\n"])
def test_empty_or_comment_only_file(tmp_path: Path, text: str) -> None:
    write(tmp_path, "Dockerfile", text)
    res = cli("--format", "json", "Dockerfile", cwd=tmp_path)
    assert res.code == 1
    assert [
        (f["line"], f["column"], f["code"], f["level"], f["message"]) for f in json.loads(res.out)
    ] == [(1, 1, "DLM000", "error", "file with no instructions")]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file regardless of mode"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", WARN)
    path.chmod(0)
    try:
        res = cli(*SEL, "Dockerfile", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert (res.code, res.err) == (2, "dockerlint-ml: Dockerfile: permission denied\n")


# --- selectors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["--select", "DLM000,DLM008"], ["DLM000", "DLM008"]),
        (["--select", "dlm008", "--select", "parse-error"], ["DLM000", "DLM008"]),
        (["--select", "cmd-not-exec-form"], ["DLM008"]),
        (
            ["--select", "DLM00", "--ignore", "DLM001,DLM002,DLM003,DLM004,DLM005"],
            ["DLM000", "DLM008"],
        ),
        (["--select", "DLM000,DLM008", "--ignore", "DLM008"], ["DLM000"]),
        (["--select", "DLM008", "--ignore", "DLM00"], []),
        (["--select", "ALL", "--ignore", "ALL"], []),
        (["--ignore", "ALL"], []),
    ],
)
def test_select_and_ignore(tmp_path: Path, args: list[str], codes: list[str]) -> None:
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    res = cli(*args, "--format", "json", "Dockerfile", cwd=tmp_path)
    assert sorted({f["code"] for f in json.loads(res.out)}) == codes
    assert res.code == (1 if codes else 0)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_selector_is_a_usage_error_naming_it(tmp_path: Path, option: str) -> None:
    write(tmp_path, "Dockerfile", WARN)
    res = cli(option, "DLM008,nope-rule", "Dockerfile", cwd=tmp_path)
    assert res.code == 2 and res.out == ""
    assert f"unknown rule selector in {option}: 'nope-rule'" in res.err


# --- JSON -------------------------------------------------------------------------------------


def test_json_shape_and_order(tmp_path: Path) -> None:
    write(tmp_path, "b/Dockerfile", WARN)
    write(tmp_path, "a/Dockerfile", "FROM python:3.12-slim\nFOO\nCMD python app.py\n")
    res = cli(*SEL, "--format", "json", "b/Dockerfile", "missing", "a/Dockerfile", cwd=tmp_path)
    assert res.code == 2
    assert res.err == "dockerlint-ml: missing: no such file or directory\n"
    data = json.loads(res.out)
    assert [(d["file"], d["line"], d["code"]) for d in data] == [
        ("a/Dockerfile", 2, "DLM000"),
        ("a/Dockerfile", 3, "DLM008"),
        ("b/Dockerfile", 4, "DLM008"),
    ]
    keys = {"file", "line", "column", "end_line", "end_column", "code", "name", "level"}
    assert all(set(d) == keys | {"message", "fix", "fixable", "edits"} for d in data)
    first = data[0]
    assert {k: first[k] for k in keys} == {
        "file": "a/Dockerfile",
        "line": 2,
        "column": 1,
        "end_line": 2,
        "end_column": 4,
        "code": "DLM000",
        "name": "parse-error",
        "level": "error",
    }
    assert isinstance(first["message"], str) and first["fix"] is None
    assert isinstance(data[1]["fix"], str)


def test_json_is_only_an_array_even_when_clean(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", CLEAN)
    res = cli(*SEL, "--format", "json", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.out, res.err) == (0, "[]\n", "")


# --- subcommands ------------------------------------------------------------------------------


def test_rules_table() -> None:
    res = cli("rules", "--format", "plain")
    assert (res.code, res.err) == (0, "")
    lines = res.out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "LEVEL", "DEFAULT", "FIX", "SUMMARY"]
    registry = load_registry()
    assert len(lines) == 1 + len(registry.rules)
    default = registry.default_rules()
    for line, rule in zip(lines[1:], registry.rules, strict=True):
        on = "yes" if rule in default else "no"
        fix = rule.fixable or "-"
        assert line.split()[:5] == [rule.code, rule.name, rule.severity.label, on, fix]
    data = json.loads(cli("rules", "--format", "json").out)
    assert [(r["code"], r["name"]) for r in data] == [(r.code, r.name) for r in registry.rules]
    keys = ["code", "name", "level", "summary", "aliases", "supersedes", "superseded_by"]
    assert all(list(row) == [*keys, "default", "fixable", "reserved"] for row in data)
    # Every hadolint code (71 of 2.15.1, 11 newer) and BuildKit's 22 checks, one reserved.
    assert len([r for r in data if re.fullmatch(r"DL\d{4}", r["code"])]) == 82
    assert [r["code"] for r in data if r["code"].startswith("BK")] == [
        f"BK{n:03d}" for n in range(1, 23)
    ]
    assert [r["code"] for r in data if r["reserved"]] == ["BK022"]
    dlm008 = next(row for row in data if row["code"] == "DLM008")
    assert (dlm008["supersedes"], dlm008["default"]) == (["DL3025", "JSONArgsRecommended"], True)


@pytest.mark.parametrize("key", ["DLM001", "dlm001", "base-image-unpinned"])
def test_explain(key: str) -> None:
    rule = load_registry().by_code("DLM001")
    assert rule is not None
    res = cli("explain", key)
    assert (res.code, res.err) == (0, "")
    # the rules/DLM001.md page, without its generated-file footer
    assert res.out == page_body(rule) + "\n"
    assert res.out.startswith("# DLM001 base-image-unpinned\n")
    row = (
        f"| DLM001 | base-image-unpinned | {rule.severity.label} | yes | no | none |"
        " DL3006, DL3007 |"
    )
    assert row in res.out


def test_explain_unknown_rule() -> None:
    res = cli("explain", "nope")
    assert (res.code, res.out) == (2, "")
    assert res.err == "dockerlint-ml: unknown rule 'nope'; `dockerlint-ml rules` lists them\n"
    assert cli("explain").code == 2


def test_subcommand_name_wins_but_a_path_spelled_otherwise_is_linted(tmp_path: Path) -> None:
    write(tmp_path, "rules", ERR)
    write(tmp_path, "explain", WARN)
    assert cli("rules", "--format", "plain", cwd=tmp_path).out.startswith("CODE")
    res = cli(*SEL, "./rules", "./explain", cwd=tmp_path)
    assert res.code == 1
    assert [line.split(":")[0] for line in finding_lines(res.out)] == ["./rules", "./explain"]


def test_version() -> None:
    res = cli("--version")
    assert (res.code, res.out) == (0, f"dockerlint-ml {__version__}\n")


def test_help_mentions_subcommands() -> None:
    res = cli("--help")
    assert res.code == 0
    assert "explain" in res.out and "--fail-on" in res.out


def test_python_dash_m_is_the_same_command(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    script = cli(*SEL, "--format", "json", "Dockerfile", cwd=tmp_path)
    module = cli(
        *SEL,
        "--format",
        "json",
        "Dockerfile",
        cwd=tmp_path,
        command=[sys.executable, "-m", "dockerlint_ml"],
    )
    assert (module.code, module.out, module.err) == (script.code, script.out, script.err)
    assert module.code == 1


# --- plugins and internal errors --------------------------------------------------------------

BOOM = """
    from dockerlint_ml.dockerfile.model import Severity
    from dockerlint_ml.engine.rule import Rule

    class Boom(Rule):
        '''Always raises.'''

        code = "BOOM001"
        name = "boom"
        keywords = frozenset({{"CMD"}})

        def check(self, instruction, ctx):
            raise {raised}
"""


def _plugin_env(tmp_path: Path, raised: str = 'ValueError("kaboom")') -> dict[str, str]:
    """The environment of a run that has the BOOM001 plugin installed, raising `raised`."""
    site = tmp_path / "site"
    write(site, "boomplugin.py", textwrap.dedent(BOOM.format(raised=raised)))
    write(
        site,
        "boomplugin-0.1.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: boomplugin\nVersion: 0.1\n",
    )
    write(
        site,
        "boomplugin-0.1.dist-info/entry_points.txt",
        "[dockerlint_ml.rules]\nboom = boomplugin:Boom\n",
    )
    return {"PYTHONPATH": str(site)}


def test_a_rule_that_raises_is_dlm999_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    env = _plugin_env(tmp_path)
    res = cli(
        "--select", "DLM008,BOOM001", "--fail-on", "never", "Dockerfile", cwd=tmp_path, env=env
    )
    assert res.code == 2
    # the plugin's own bug: its authors are the ones to tell, not dockerlint-ml's
    assert res.err.splitlines() == [
        "dockerlint-ml: Dockerfile: plugin rule failed: BOOM001 boom: ValueError: kaboom at"
        " boomplugin.py:13; report it to the authors of 'boomplugin'"
    ]
    codes = [line.split()[1] for line in finding_lines(res.out)]
    assert codes == ["DLM999", "DLM008"]


def test_no_plugins(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    env = _plugin_env(tmp_path)
    res = cli("--no-plugins", "--format", "json", "Dockerfile", cwd=tmp_path, env=env)
    assert (res.code, res.err) == (1, "")
    assert {f["code"] for f in json.loads(res.out)} == {"DLM008", "DLM109"}
    res = cli("--no-plugins", "--select", "BOOM001", "Dockerfile", cwd=tmp_path, env=env)
    assert res.code == 2
    assert res.err.splitlines()[-1] == "Error: unknown rule selector in --select: 'BOOM001'"
    listed = cli("rules", "--format", "json", cwd=tmp_path, env=env)
    assert "BOOM001" in [r["code"] for r in json.loads(listed.out)]
    listed = cli("rules", "--no-plugins", "--format", "json", cwd=tmp_path, env=env)
    assert "BOOM001" not in [r["code"] for r in json.loads(listed.out)]
    res = cli("explain", "--no-plugins", "BOOM001", cwd=tmp_path, env=env)
    assert (res.code, res.err) == (
        2,
        "dockerlint-ml: unknown rule 'BOOM001'; `dockerlint-ml rules` lists them\n",
    )
    res = cli("config", "--no-plugins", "--select", "BOOM001", ".", cwd=tmp_path, env=env)
    assert res.code == 2
    assert res.err.splitlines()[-1] == "Error: unknown rule selector in --select: 'BOOM001'"


@pytest.mark.parametrize(
    "command", [None, [sys.executable, "-m", "dockerlint_ml"]], ids=["script", "python-m"]
)
def test_keyboard_interrupt_in_a_rule_is_exit_130(
    tmp_path: Path, command: list[str] | None
) -> None:
    write(tmp_path, "Dockerfile", WARN)
    env = _plugin_env(tmp_path, raised="KeyboardInterrupt")
    res = cli("Dockerfile", "other", cwd=tmp_path, env=env, command=command)
    assert (res.code, res.out, res.err) == (130, "", "dockerlint-ml: interrupted\n")


def test_unexpected_exception_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dockerlint_ml import cli as cli_module
    from dockerlint_ml.run import runner

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(runner, "run", broken)
    monkeypatch.delenv("DOCKERLINT_ML_TRACEBACK", raising=False)
    assert cli_module.run_cli(["--format", "plain", "Dockerfile"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("dockerlint-ml: internal error: RuntimeError: simulated bug;")
    assert len(captured.err.splitlines()) == 1


@pytest.mark.parametrize(
    "patched", ["dockerlint_ml.run.runner.run", "dockerlint_ml.run.sources.read_path"]
)
def test_keyboard_interrupt_anywhere_is_one_line_and_exit_130(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    patched: str,
) -> None:
    from dockerlint_ml import cli as cli_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    write(tmp_path, "Dockerfile", WARN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(patched, interrupted)
    assert cli_module.run_cli(["Dockerfile"]) == 130
    assert capsys.readouterr() == ("", "dockerlint-ml: interrupted\n")


@pytest.mark.parametrize("code", [0, None, 1, "bye"])
def test_a_stray_system_exit_is_an_internal_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: object,
) -> None:
    # A SystemExit a rule raises is its DLM999 (the engine's); one from anywhere else in
    # the run must not become the exit status it asks for (0: a green gate, no output).
    from dockerlint_ml import cli as cli_module

    def exits(*args: object, **kwargs: object) -> None:
        raise SystemExit(code)

    write(tmp_path, "Dockerfile", WARN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("dockerlint_ml.run.sources.read_path", exits)
    assert cli_module.run_cli(["Dockerfile"]) == 2
    assert capsys.readouterr() == (
        "",
        f"dockerlint-ml: internal error: SystemExit({code!r}) during the run;"
        f" {cli_module.REPORT_BUG}\n",
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--select", ""),
        ("--select", ","),
        ("--select", "DLM008,"),
        ("--ignore", ""),
        ("--extend-select", " "),
    ],
)
@pytest.mark.parametrize("subcommand", [[], ["config"]], ids=["lint", "config"])
def test_an_empty_selector_is_a_usage_error(
    tmp_path: Path, option: str, value: str, subcommand: list[str]
) -> None:
    # `--select ''` used to select nothing and exit 0.
    write(tmp_path, "Dockerfile", WARN)
    res = cli(*subcommand, option, value, cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err.splitlines()[-1] == f"Error: empty rule selector in {option}"


# --- output safety ----------------------------------------------------------------------------

EVIL = (
    "FROM python:3.12-slim\n"
    "WORKDIR /app\n"
    "COPY --x\x1b[31m=1 app.py .\n"
    'LABEL note="[bold red]x[/] \x1b[31mred\x07 \u202eevil \x9b2J"\n'
    "FOO [bold]y[/bold] \x1b]0;title\x07 \r\x1b[2K\n"
    "CMD python [link=https://example.com]app[/link].py \x1b[5m\n"
)


@pytest.mark.parametrize(
    ("fmt", "env"),
    [("plain", {}), ("rich", {}), ("rich", {"FORCE_COLOR": "1"}), ("json", {"FORCE_COLOR": "1"})],
)
def test_dockerfile_text_is_shown_literally(tmp_path: Path, fmt: str, env: dict[str, str]) -> None:
    write(tmp_path, "Dockerfile", EVIL)
    res = cli(*SEL, "--format", fmt, "Dockerfile", cwd=tmp_path, env=env)
    assert res.code == 1
    # No escape sequence from the Dockerfile reaches stdout, nor any C1 / bidi control.
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", res.out), "a non-style escape sequence leaked"
    for raw in ("\x1b[31mred", "\x1b[5m", "\x1b[2K", "\x07", "\r", "\u202e", "\x9b"):
        assert raw not in res.out
    if fmt == "json":
        data = json.loads(res.out)
        assert "--x\x1b[31m" in data[0]["message"]
        return
    text = re.sub(r"\x1b\[[0-9;]*m", "", res.out)
    assert "unknown flag: --x\\x1b[31m for COPY" in text
    if fmt == "plain":
        assert "\x1b" not in res.out
    else:
        assert ("\x1b[" in res.out) == ("FORCE_COLOR" in env)
        assert "│ FOO [bold]y[/bold] \\x1b]0;title\\x07 \\x0d\\x1b[2K" in text
        assert "│ CMD python [link=https://example.com]app[/link].py \\x1b[5m" in text


@posix_only
def test_control_characters_in_paths_are_escaped_on_both_streams(tmp_path: Path) -> None:
    name = "Docker\x1b[31mfile"
    write(tmp_path, name, WARN)
    res = cli(*SEL, "--format", "plain", name, "gone\x1b[2J", cwd=tmp_path)
    assert res.code == 2
    assert finding_lines(res.out)[0].startswith("Docker\\x1b[31mfile:4:1: DLM008")
    assert res.err == "dockerlint-ml: gone\\x1b[2J: no such file or directory\n"


@pytest.mark.skipif(sys.platform != "linux", reason="needs a byte-oriented file system")
def test_undecodable_file_name(tmp_path: Path) -> None:
    os.makedirs(tmp_path / "d")
    with open(os.path.join(os.fsencode(tmp_path / "d"), b"Dockerfile.\xff"), "wb") as handle:
        handle.write(WARN.encode())
    plain = cli(*SEL, "--format", "plain", "d", cwd=tmp_path)
    assert finding_lines(plain.out)[0].startswith("d/Dockerfile.\\xff:4:1: DLM008")
    data = json.loads(cli(*SEL, "--format", "json", "d", cwd=tmp_path).out)
    assert data[0]["file"] == "d/Dockerfile.\ufffd"


# --- default format and start-up cost ---------------------------------------------------------


def run_on_a_terminal(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run the installed script with stdout on a pseudo-terminal: (exit code, output)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [SCRIPT, *args], stdout=slave, stderr=subprocess.PIPE, cwd=cwd, env=_env(env)
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the child closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8")


def _on_a_terminal(tmp_path: Path, env: dict[str, str]) -> str:
    code, out = run_on_a_terminal([*SEL, "Dockerfile"], tmp_path, env)
    assert code == 1
    return out


@posix_only
@pytest.mark.parametrize(
    ("env", "fmt"), [({}, "rich"), ({"NO_COLOR": "1"}, "plain"), ({"NO_COLOR": ""}, "rich")]
)
def test_default_format(tmp_path: Path, env: dict[str, str], fmt: str) -> None:
    write(tmp_path, "Dockerfile", WARN)
    out = _on_a_terminal(tmp_path, env).replace("\r\n", "\n")
    plain_line = "Dockerfile:4:1: DLM008 cmd-not-exec-form [warning]"
    assert (plain_line in out) == (fmt == "plain")
    assert ("4:1  DLM008 cmd-not-exec-form" in re.sub(r"\x1b\[[0-9;]*m", "", out)) == (
        fmt == "rich"
    )
    # Not on a terminal: plain.
    assert cli(*SEL, "Dockerfile", cwd=tmp_path).out.startswith(plain_line)


def _imported(tmp_path: Path, *args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dockerlint_ml", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}


@pytest.mark.parametrize(
    ("args", "uses_rich"),
    [
        (["--format", "plain", "Dockerfile"], False),
        (["--format", "json", "Dockerfile"], False),
        (["Dockerfile"], False),  # not a terminal: plain
        (["rules", "--format", "plain"], False),
        (["--format", "rich", "Dockerfile"], True),
    ],
)
def test_rich_is_imported_only_to_render_with_it(
    tmp_path: Path, args: list[str], uses_rich: bool
) -> None:
    write(tmp_path, "Dockerfile", WARN)
    modules = _imported(tmp_path, *args)
    assert "dockerlint_ml.cli" in modules  # the measurement works
    assert any(m == "rich" or m.startswith("rich.") for m in modules) == uses_rich


# --- the Python API behind the CLI ------------------------------------------------------------


def test_lint_paths_api(tmp_path: Path) -> None:
    import io

    from dockerlint_ml import lint_paths
    from dockerlint_ml.run.results import Problem, UsageError

    write(tmp_path, "svc/Dockerfile", WARN)
    result = lint_paths(
        [str(tmp_path / "svc"), "-", str(tmp_path / "missing")],
        select=["DLM000", "DLM008"],
        stdin_filename="piped",
        stdin=io.BytesIO(b"FROM python:3.12-slim\nFOO\n"),
    )
    # Sorted by path: the absolute path comes before "piped".
    assert [(f.path, f.span.line, f.code) for f in result.findings] == [
        (str(tmp_path / "svc" / "Dockerfile"), 4, "DLM008"),
        ("piped", 2, "DLM000"),
    ]
    assert result.problems == [Problem(str(tmp_path / "missing"), "no such file or directory")]
    assert (result.exit_code(), result.exit_code(None)) == (2, 2)
    assert [r.path for r in result.files] == [str(tmp_path / "svc" / "Dockerfile"), "piped"]
    with pytest.raises(UsageError, match="'nope'"):
        lint_paths([], select=["nope"])

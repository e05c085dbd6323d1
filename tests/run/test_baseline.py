"""Baseline files: write, survive line shifts, tell identical instructions apart, fail cleanly."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.model import Finding, Severity, Span
from dockerlint_ml.run.baseline import BaselineError, load_baseline, write_baseline
from dockerlint_ml.run.results import FileReport
from dockerlint_ml.run.runner import run

SERVICE = """\
FROM python
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD python app.py
"""

# The same file with blank and comment lines inserted above and between the instructions.
SHIFTED = """\
# syntax=docker/dockerfile:1

# The model service.
FROM python

WORKDIR /app
# sources
COPY . .


RUN pip install -r requirements.txt
# start
CMD python app.py
"""


# The rules the exact expectations below are written for: the mission's and the engine's
# (DLM0xx, DLM9xx), so that a rule joining the default selection or the ML-image family
# (DLM1xx) does not change them (the default also reports DL3042 on the `pip install`).
DLM = ["DLM0", "DLM9"]


def _pairs(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in findings]


def _lint(*paths: str, select: list[str] | None = None) -> list[FileReport]:
    result = run(list(paths), select=select, isolated=True)
    assert result.problems == []
    return result.files


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_round_trip_survives_shifted_lines(repo: Path) -> None:
    (repo / "Dockerfile").write_text(SERVICE)
    files = _lint("Dockerfile", select=DLM)
    assert _pairs(files[0].findings) == [("DLM001", 1), ("DLM002", 1), ("DLM004", 4), ("DLM008", 5)]
    write_baseline("baseline.json", files)

    (repo / "Dockerfile").write_text(SHIFTED)
    shifted = _lint("Dockerfile", select=DLM)
    assert _pairs(shifted[0].findings) == [
        ("DLM001", 4),
        ("DLM002", 4),
        ("DLM004", 11),
        ("DLM008", 13),
    ]
    baseline = load_baseline("baseline.json")
    assert len(baseline) == 4
    assert baseline.filter(shifted[0]) == []


def test_changed_instruction_is_new(repo: Path) -> None:
    (repo / "Dockerfile").write_text(SERVICE)
    write_baseline("baseline.json", _lint("Dockerfile"))
    (repo / "Dockerfile").write_text(SERVICE.replace("CMD python app.py", "CMD python main.py"))
    (report,) = _lint("Dockerfile")
    # Both findings on the changed CMD are new (DLM109: the python base is block-buffered).
    assert _pairs(load_baseline("baseline.json").filter(report)) == [("DLM008", 5), ("DLM109", 5)]


def test_identical_instructions_told_apart_by_order(repo: Path) -> None:
    two = "FROM python\nRUN true\nFROM python\nRUN true\n"
    (repo / "Dockerfile").write_text(two)
    files = _lint("Dockerfile", select=["DLM001"])
    assert _pairs(files[0].findings) == [("DLM001", 1), ("DLM001", 3)]
    write_baseline("baseline.json", files)
    entries = json.loads((repo / "baseline.json").read_text())["findings"]
    assert [e["fingerprint"][-2:] for e in entries] == [":0", ":1"]

    # A third identical FROM, after two blank lines: exactly the new one is reported.
    (repo / "Dockerfile").write_text("\n" + two + "\nFROM python\n")
    (report,) = _lint("Dockerfile", select=["DLM001"])
    assert _pairs(report.findings) == [("DLM001", 2), ("DLM001", 4), ("DLM001", 7)]
    assert _pairs(load_baseline("baseline.json").filter(report)) == [("DLM001", 7)]


def test_an_entry_matches_at_most_once(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM python\n")
    write_baseline("baseline.json", _lint("Dockerfile", select=["DLM001"]))
    # The one recorded finding cannot also excuse a copy of its instruction placed before it.
    (repo / "Dockerfile").write_text("FROM python AS build\nFROM python\nFROM python\n")
    (report,) = _lint("Dockerfile", select=["DLM001"])
    assert _pairs(report.findings) == [("DLM001", 1), ("DLM001", 2), ("DLM001", 3)]
    assert _pairs(load_baseline("baseline.json").filter(report)) == [("DLM001", 1), ("DLM001", 3)]


def test_file_is_deterministic_sorted_and_ends_with_newline(repo: Path) -> None:
    for name in ("b", "a"):
        (repo / name).mkdir()
        (repo / name / "Dockerfile").write_text(SERVICE)
    files = _lint("b/Dockerfile", "a/Dockerfile")
    write_baseline("one.json", files)
    write_baseline("two.json", list(reversed(files)))
    text = (repo / "one.json").read_text()
    assert text == (repo / "two.json").read_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    document = json.loads(text)
    assert list(document) == ["version", "tool", "findings"]
    assert document["version"] == 1 and document["tool"] == "dockerlint-ml"
    keys = [(e["file"], e["line"], e["code"]) for e in document["findings"]]
    assert keys == sorted(keys)
    assert keys[0] == ("a/Dockerfile", 1, "DLM001") and keys[-1] == ("b/Dockerfile", 5, "DLM109")
    first = document["findings"][0]
    assert list(first) == ["file", "code", "fingerprint", "line", "message"]
    assert first["message"] == files[1].findings[0].message
    # Rewriting an unchanged repository gives the same bytes.
    write_baseline("one.json", files)
    assert (repo / "one.json").read_text() == text


def test_paths_are_relative_to_the_baseline_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "ci").mkdir()
    (repo / "svc").mkdir()
    (repo / "svc" / "Dockerfile").write_text(SERVICE)
    svc = _lint(os.path.join("svc", "Dockerfile"), select=DLM)
    write_baseline(os.path.join("ci", "baseline.json"), svc)
    files = {e["file"] for e in json.loads((repo / "ci" / "baseline.json").read_text())["findings"]}
    assert files == {"../svc/Dockerfile"}
    # The same file linted from another working directory is still known.
    monkeypatch.chdir(repo / "svc")
    (report,) = _lint("Dockerfile", select=DLM)
    assert report.findings
    assert load_baseline(str(repo / "ci" / "baseline.json")).filter(report) == []
    # A different file with the same content is not.
    (repo / "other").mkdir()
    (repo / "other" / "Dockerfile").write_text(SERVICE)
    (other,) = _lint(str(repo / "other" / "Dockerfile"), select=DLM)
    assert len(load_baseline(str(repo / "ci" / "baseline.json")).filter(other)) == 4


def test_internal_errors_are_never_recorded(repo: Path) -> None:
    (repo / "Dockerfile").write_text("FROM python\n")
    (report,) = _lint("Dockerfile", select=["DLM001"])
    crash = Finding(
        "DLM999", "internal-error", Severity.ERROR, "rule failed", Span(1, 1, 1, 12), None, "x"
    )
    with_crash = replace(report, findings=[*report.findings, crash])
    write_baseline("baseline.json", [with_crash])
    codes = [e["code"] for e in json.loads((repo / "baseline.json").read_text())["findings"]]
    assert codes == ["DLM001"]
    assert load_baseline("baseline.json").filter(with_crash) == [crash]


def test_empty_run_writes_an_empty_baseline(repo: Path) -> None:
    write_baseline("baseline.json", [])
    assert json.loads((repo / "baseline.json").read_text()) == {
        "version": 1,
        "tool": "dockerlint-ml",
        "findings": [],
    }
    assert len(load_baseline("baseline.json")) == 0


def test_write_to_a_missing_directory_raises_oserror(repo: Path) -> None:
    with pytest.raises(OSError):
        write_baseline(os.path.join("missing", "baseline.json"), [])
    assert list(repo.iterdir()) == []


GOOD = {"version": 1, "tool": "dockerlint-ml", "findings": []}
ENTRY = {"file": "Dockerfile", "code": "DLM001", "fingerprint": "DLM001:abc:0"}

CORRUPT = [
    ("truncated-json", '{"version": 1, "findings": [', "is not valid JSON: "),
    ("empty-file", "", "is not valid JSON: Expecting value at line 1 column 1"),
    ("a-list", "[]", 'is not a dockerlint-ml baseline (no "findings" list)'),
    ("other-tool", json.dumps({**GOOD, "tool": "hadolint"}), "was written by 'hadolint'"),
    ("future-version", json.dumps({**GOOD, "version": 2}), "has version 2;"),
    ("no-version", json.dumps({"tool": "dockerlint-ml", "findings": []}), "has version None;"),
    ("findings-not-a-list", json.dumps({**GOOD, "findings": {}}), '"findings" is not a list'),
    ("entry-not-an-object", json.dumps({**GOOD, "findings": ["x"]}), "finding 1 is not an object"),
    (
        "entry-without-fingerprint",
        json.dumps({**GOOD, "findings": [ENTRY, {"file": "Dockerfile", "code": "DLM001"}]}),
        'finding 2 has no "fingerprint" string',
    ),
    (
        "entry-with-numeric-code",
        json.dumps({**GOOD, "findings": [{**ENTRY, "code": 1}]}),
        'finding 1 has no "code" string',
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CORRUPT], ids=[c[0] for c in CORRUPT]
)
def test_corrupted_baseline(repo: Path, text: str, expected: str) -> None:
    (repo / "baseline.json").write_text(text)
    with pytest.raises(BaselineError) as caught:
        load_baseline("baseline.json")
    message = str(caught.value)
    assert message.startswith("baseline baseline.json ")
    assert expected in message
    assert "\n" not in message


def test_unreadable_baselines(repo: Path) -> None:
    (repo / "latin1.json").write_bytes(b'{"tool": "caf\xe9"}')
    cases = {
        "missing.json": "does not exist; create it with --write-baseline",
        ".": "is a directory, not a baseline file",
        "latin1.json": "is not UTF-8 text",
    }
    for path, expected in cases.items():
        with pytest.raises(BaselineError) as caught:
            load_baseline(path)
        assert str(caught.value) == f"baseline {path} {expected}"


def test_valid_minimal_baseline_loads(repo: Path) -> None:
    """`line` and `message` are informational: an entry without them still counts."""
    (repo / "baseline.json").write_text(json.dumps({**GOOD, "findings": [ENTRY]}))
    baseline = load_baseline("baseline.json")
    assert [(e.file, e.code, e.fingerprint, e.line) for e in baseline.entries] == [
        ("Dockerfile", "DLM001", "DLM001:abc:0", 0)
    ]


def test_a_deeply_nested_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    with pytest.raises(BaselineError, match="nests too deeply"):
        load_baseline(str(path))

"""Golden findings for the realistic Dockerfiles in fixtures/.

Each fixtures/<name>/expected.json holds the JSON array `--format json` prints for that file
(with "file" relative to the fixture directory). An entry whose "message" is null was written
by hand from the rule table before the wording existed: only its code, name, level and
position are compared. `pytest --regen-fixtures` rewrites every expected.json from the
current output, so a change in findings shows up as a reviewed diff.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import Finding
from tests.helpers import REPO

FIXTURES = REPO / "fixtures"
FIXTURE_DIRS = sorted(p.parent for p in FIXTURES.glob("*/Dockerfile"))
# Compared when an expected entry has no message yet (hand-written from the spec).
POSITIONAL = ("code", "name", "level", "line", "end_line", "column")
# The reference date of date-dependent rules, so that goldens do not change with the day.
AS_OF = datetime.date(2026, 12, 1)


def as_json(finding: Finding, file: str) -> dict[str, Any]:
    """The object `--format json` prints for a finding."""
    return {
        "file": file,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "code": finding.code,
        "name": finding.name,
        "level": finding.severity.label,
        "message": finding.message,
        "fix": finding.fix,
    }


def actual_findings(fixture: Path) -> list[dict[str, Any]]:
    text = (fixture / "Dockerfile").read_text(encoding="utf-8")
    return [as_json(f, "Dockerfile") for f in lint_text(text, path="Dockerfile", as_of=AS_OF)]


def comparable(expected: dict[str, Any], actual: dict[str, Any]) -> dict[str, Any]:
    """`actual` reduced to what `expected` pins down."""
    if expected.get("message") is None:
        return {k: actual.get(k) for k in POSITIONAL}
    return actual


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=[p.name for p in FIXTURE_DIRS])
def test_fixture_findings(fixture: Path, request: pytest.FixtureRequest) -> None:
    actual = actual_findings(fixture)
    golden = fixture / "expected.json"
    if request.config.getoption("--regen-fixtures"):
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {golden.relative_to(REPO)}")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert len(actual) == len(expected), (
        f"{fixture.name}: {len(actual)} findings, expected {len(expected)}\n"
        f"actual: {[(f['code'], f['line']) for f in actual]}\n"
        f"expected: {[(f['code'], f['line']) for f in expected]}"
    )
    got = [comparable(e, a) for e, a in zip(expected, actual, strict=True)]
    want = [e if e.get("message") is not None else {k: e[k] for k in POSITIONAL} for e in expected]
    assert got == want


def test_fixture_set_is_complete() -> None:
    names = {p.name for p in FIXTURE_DIRS}
    assert len(names) >= 16
    assert {"course-clean", "showcase"} <= names
    for fixture in FIXTURE_DIRS:
        assert (fixture / "expected.json").is_file(), f"{fixture.name} has no expected.json"
    clean = [p for p in FIXTURE_DIRS if json.loads((p / "expected.json").read_text()) == []]
    dirty = [p for p in FIXTURE_DIRS if p not in clean]
    assert clean and dirty, "fixtures should mix clean and dirty files"


def test_course_file_has_none_of_the_mission_mistakes() -> None:
    # The course file does everything the mission rules ask. The hadolint rules of the
    # default selection still see two true problems in it: `pip install pipenv` leaves pipenv
    # unpinned (DL3013) and keeps pip's cache in the layer (DL3042). The ML-image rules see
    # two more: Python 3.8 reached its end of life on 2024-10-07 (DLM101, at the pinned
    # date), and gunicorn's logs are block-buffered without PYTHONUNBUFFERED (DLM109).
    found = [(f["code"], f["line"]) for f in actual_findings(FIXTURES / "course-clean")]
    assert found == [("DLM101", 1), ("DL3013", 2), ("DL3042", 2), ("DLM109", 8)]


def test_showcase_shows_many_rules() -> None:
    """The README quick start lints this file: it must show most rules and fail the gate."""
    codes = {f["code"] for f in actual_findings(FIXTURES / "showcase")}
    # The loopback bind on a port outside EXPOSE is one root cause: DLM009 alone says both.
    required = {"DLM001", "DLM002", "DLM003", "DLM004", "DLM008", "DLM009"}
    assert required <= codes, f"missing {sorted(required - codes)}"
    assert "DLM005" in codes or {"DLM006", "DLM007"} <= codes
    assert "DLM000" not in codes and "DLM999" not in codes


def test_readme_quick_start_shows_what_the_showcase_prints() -> None:
    """README's quick start quotes the first set-up command's output, each long message
    cut short with ` ...`: every finding line and the summary must be the real ones."""
    import subprocess
    import sys

    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("What the first command prints")
    block = readme[readme.index("```text\n", start) + len("```text\n") :]
    quoted = block[: block.index("```")].splitlines()
    run = subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", "--format", "plain", "--isolated",
         "fixtures/showcase/Dockerfile"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    printed = run.stdout.splitlines()
    assert run.returncode == 1
    assert len(quoted) == len(printed), (quoted, printed)
    for shown, real in zip(quoted, printed, strict=True):
        if shown.endswith(" ..."):
            cut = shown[: -len(" ...")]
            assert real.startswith(cut) and len(real) > len(cut), (shown, real)
        else:
            assert shown == real

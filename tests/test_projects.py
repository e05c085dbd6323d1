"""The acceptance corpus of the context rules: the build contexts in fixtures/projects/.

Each fixtures/projects/<name>/ is a small ML service folder as a real project has it (code,
manifests, `.dockerignore`), with a project.json (its schema is in
fixtures/projects/README.md) saying which Dockerfile to lint, which build context to give,
what to create that git should not hold (`.git`, `.venv`, `__pycache__`, `.env`, sparse
model files of 150 MiB), and the context-rule findings a careful reviewer expects.

Every test copies one project into its own tmp_path, creates what "make" lists there, and
runs the command line in process, as a user does, from the copy's root:

    dockerlint-ml --isolated --as-of 2026-12-01 --format json --fail-on never \
        [--context DIR] DOCKERFILE

- test_precision_verdicts: the (code, line) of the findings of DLM2xx, DLM009 and DLM010
  equal the hand-written "expect" (the precision review: each listed finding is a true
  positive, anything else among those codes a false positive).
- test_golden_output: the whole JSON report equals expected.json ("file" relative to the
  project). `pytest --regen-fixtures tests/test_projects.py` rewrites expected.json from the
  current output (and skips), so a change in findings is a reviewed diff.
- test_without_context_no_context_rule_fires: with `--no-context` the same Dockerfile gives
  no DLM2xx finding and no error.

Nothing is shared between tests (each has its own copy and working directory), so they run
under pytest-xdist in any order.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from dockerlint_ml.cli import run_cli
from tests.helpers import REPO

PROJECTS_DIR = REPO / "fixtures" / "projects"
PROJECTS = sorted(p.parent for p in PROJECTS_DIR.glob("*/project.json"))
IDS = [p.name for p in PROJECTS]
# Files of the corpus itself, not of the project: never copied into the build context.
META = ("project.json", "expected.json")
FLAGS = ("--isolated", "--as-of", "2026-12-01", "--format", "json", "--fail-on", "never")
MIB = 1 << 20
# What git must not hold (or the repository's .gitignore drops): "make" creates it.
NOT_IN_GIT = frozenset({".git", ".venv", "venv", "__pycache__", ".env", ".pytest_cache"})
# The corpus stays small: text files of a few KB.
MAX_FILE_BYTES = 32 * 1024
MAX_TOTAL_BYTES = 512 * 1024
KEYS = {"about", "dockerfile", "context", "make", "expect", "why"}


def load(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / "project.json").read_text("utf-8"))
    return data


def is_context_code(code: str) -> bool:
    return code.startswith("DLM2") or code in ("DLM009", "DLM010")


def _inside(root: Path, rel: str) -> Path:
    path = PurePosixPath(rel)
    assert not path.is_absolute() and ".." not in path.parts, f"bad path in make: {rel!r}"
    return root.joinpath(*path.parts)


def build(project: Path, tmp_path: Path) -> Path:
    """A copy of the project in tmp_path with what "make" lists created in it."""
    root = tmp_path / project.name
    shutil.copytree(project, root, ignore=lambda folder, names: [n for n in names if n in META])
    for entry in load(project)["make"]:
        if "dir" in entry:
            _inside(root, entry["dir"]).mkdir(parents=True, exist_ok=True)
            continue
        path = _inside(root, entry["path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        if "sparse_mib" in entry:
            # A hole and one byte: the file has the size, never the blocks.
            with open(path, "wb") as fh:
                fh.seek(int(entry["sparse_mib"]) * MIB - 1)
                fh.write(b"\0")
        else:
            path.write_text(entry["text"], "utf-8")
    return root


def lint(
    root: Path,
    spec: dict[str, Any],
    extra: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, list[dict[str, Any]], str]:
    """Exit code, findings and stderr of the CLI run from the copy's root."""
    args = [*FLAGS, *extra]
    if spec["context"] is not None and "--no-context" not in extra:
        args += ["--context", str(_inside(root, spec["context"]))]
    monkeypatch.chdir(root)
    capsys.readouterr()
    code = run_cli([*args, spec["dockerfile"]])
    out, err = capsys.readouterr()
    findings: list[dict[str, Any]] = json.loads(out) if out.strip() else []
    for finding in findings:
        file = finding["file"]
        if os.path.isabs(file):
            finding["file"] = Path(os.path.relpath(file, root)).as_posix()
    return code, findings, err


def verdicts(findings: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((f["code"], f["line"]) for f in findings if is_context_code(f["code"]))


@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_precision_verdicts(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = load(project)
    _, findings, err = lint(build(project, tmp_path), spec, (), monkeypatch, capsys)
    expected = sorted((code, line) for code, line in spec["expect"])
    assert verdicts(findings) == expected, (
        f"{project.name}: {spec['about']}\nstderr: {err}\n"
        + "\n".join(
            f"  {f['code']} line {f['line']}: {f['message']}"
            for f in findings
            if is_context_code(f["code"])
        )
    )


@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_golden_output(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    spec = load(project)
    code, findings, err = lint(build(project, tmp_path), spec, (), monkeypatch, capsys)
    assert (code, err) == (0, ""), f"{project.name}: exit {code}\n{err}"
    golden = project / "expected.json"
    if request.config.getoption("--regen-fixtures"):
        text = json.dumps(findings, indent=2, ensure_ascii=False) + "\n"
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {golden.relative_to(REPO)}")
    expected = json.loads(golden.read_text("utf-8"))
    assert findings == expected, (
        f"{project.name}: {[(f['code'], f['line']) for f in findings]}"
        f" != {[(f['code'], f['line']) for f in expected]}"
    )


@pytest.mark.parametrize("project", PROJECTS, ids=IDS)
def test_without_context_no_context_rule_fires(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = load(project)
    root = build(project, tmp_path)
    code, findings, err = lint(root, spec, ("--no-context",), monkeypatch, capsys)
    assert (code, err) == (0, ""), f"{project.name}: exit {code}\n{err}"
    assert [(f["code"], f["line"]) for f in findings if f["code"].startswith("DLM2")] == []


def test_the_corpus_is_complete_and_well_formed() -> None:
    assert len(PROJECTS) >= 15
    listed = (PROJECTS_DIR / "README.md").read_text("utf-8")
    total = 0
    for project in PROJECTS:
        spec = load(project)
        name = project.name
        assert set(spec) == KEYS, f"{name}: keys {sorted(spec)}"
        assert isinstance(spec["about"], str) and spec["about"], name
        assert (project / spec["dockerfile"]).is_file(), f"{name}: no {spec['dockerfile']}"
        assert spec["context"] is None or (project / spec["context"]).is_dir(), name
        assert (project / "expected.json").is_file(), f"{name} has no expected.json"
        assert f"| {name} |" in listed, f"{name} is not in fixtures/projects/README.md"
        for code, line in spec["expect"]:
            assert is_context_code(code) and isinstance(line, int) and line >= 1, (name, code)
        why = spec["why"]
        assert isinstance(why, str) or len(why) == len(spec["expect"]), f"{name}: why"
        for entry in spec["make"]:
            assert len(entry.keys() & {"path", "dir"}) == 1, (name, entry)
            if "path" in entry:
                assert len(entry.keys() & {"sparse_mib", "text"}) == 1, (name, entry)
                where = entry["path"]
            else:
                assert set(entry) == {"dir"}, (name, entry)
                where = entry["dir"]
            assert not _inside(project, where).exists(), f"{name}: {where} is in the tree"
        for path in project.rglob("*"):
            rel = path.relative_to(project)
            assert not (NOT_IN_GIT & set(rel.parts)), f"{name}: {rel} belongs in make"
            if path.is_dir():  # git holds no empty directory: a checkout would lack it
                assert any(path.iterdir()), f"{name}: {rel} is empty (use make)"
            if path.is_file():
                size = path.stat().st_size
                assert size <= MAX_FILE_BYTES, f"{name}: {rel} is {size} bytes"
                path.read_text("utf-8")  # text only
                total += size
    assert total <= MAX_TOTAL_BYTES, f"fixtures/projects holds {total} bytes"
    verdict_sets = [load(p)["expect"] for p in PROJECTS]
    assert any(v == [] for v in verdict_sets) and any(v for v in verdict_sets)

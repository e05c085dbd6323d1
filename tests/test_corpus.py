"""No traceback and no internal error on any real-world Dockerfile of the shared corpus.

The corpus lives outside the repository (../shared/corpus). Without it these tests skip with
a visible reason, except under CI=true, where its absence is a failure.
"""

from __future__ import annotations

import csv
import os
import traceback
from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.engine.lint import INTERNAL_ERROR_CODE
from tests.helpers import CORPUS

MANIFEST = CORPUS / "MANIFEST.tsv"
BUILDKIT = CORPUS / "buildkit-parser"


def require(path: Path) -> None:
    if path.exists():
        return
    reason = f"shared corpus not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the corpus is required)")
    pytest.skip(reason)


def lint_problems(path: Path) -> list[str]:
    """Why linting `path` went wrong: an exception or DLM999 findings; [] when it went right."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found = lint_text(text, path=str(path))
    except Exception:
        return [traceback.format_exc(limit=-3)]
    return [f"{f.code} {f.message}" for f in found if f.code == INTERNAL_ERROR_CODE]


def manifest_files() -> list[Path]:
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [CORPUS / row["file"] for row in rows]


def test_real_corpus_lints_without_internal_errors() -> None:
    require(MANIFEST)
    files = manifest_files()
    assert len(files) > 600, f"MANIFEST.tsv lists only {len(files)} files"
    failures: dict[str, list[str]] = {}
    for path in files:
        problems = ["missing"] if not path.is_file() else lint_problems(path)
        if problems:
            failures[str(path.relative_to(CORPUS))] = problems
    report = "\n".join(f"{name}:\n  " + "\n  ".join(p) for name, p in failures.items())
    assert not failures, f"{len(failures)} of {len(files)} files failed:\n{report}"


def test_buildkit_parser_cases_lint_without_internal_errors() -> None:
    require(BUILDKIT)
    files = sorted(BUILDKIT.glob("*/Dockerfile"))
    assert len(files) >= 30, f"only {len(files)} BuildKit parser cases found"
    failures = {p.parent.name: lint_problems(p) for p in files}
    failures = {k: v for k, v in failures.items() if v}
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())

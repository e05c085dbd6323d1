"""The precision review's verdicts hold: every TP (and every `missed` case) is reported, no FP.

tests/corpus_verdicts.tsv records, for findings on ../shared/corpus/real, what a reviewer
decided after reading the file whole (scripts/corpus_review.py draws the sample). It holds
keys and reasons only: file (relative to corpus/real), code, the instruction's start line,
verdict (TP, FP, unclear, missed) and the reason. Findings are keyed exactly as the review
script keys them, by importing it, so the sheet and this test never disagree.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from functools import cache
from types import ModuleType
from typing import Any

import pytest

from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.run.shellcheck import find_shellcheck
from tests.helpers import REPO
from tests.test_corpus import MANIFEST, require

VERDICTS = REPO / "tests" / "corpus_verdicts.tsv"


@cache
def review() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "corpus_review", REPO / "scripts" / "corpus_review.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@cache
def reported() -> frozenset[tuple[str, str, int]]:
    """What the default selection reports on the judged files, plus what the judged rules
    that are off by default (reviewed for `--select`) report on theirs."""
    verdicts = review().read_verdicts(VERDICTS)
    files = sorted({v.file for v in verdicts})
    found = review().lint_corpus(files)
    registry = load_registry()
    off = sorted(
        {v.code for v in verdicts if registry.by_code(v.code) is not None}
        - {r.code for r in registry.default_rules()}
    )
    if off:
        judged = sorted({v.file for v in verdicts if v.code in off})
        found += review().lint_corpus(judged, off)
    return frozenset((r.file, r.code, r.line) for r in found)


def test_verdicts_file_is_well_formed() -> None:
    rows = review().read_verdicts(VERDICTS)
    assert len(rows) >= 100, f"only {len(rows)} verdicts"
    kinds = Counter(v.verdict for v in rows)
    assert set(kinds) <= set(review().VERDICT_KINDS), kinds
    keys = Counter((v.file, v.code, v.line) for v in rows)
    duplicated = [k for k, n in keys.items() if n > 1]
    assert not duplicated, f"judged twice: {duplicated}"
    assert all(v.reason.strip() for v in rows), "every verdict gives its reason"


def test_verdict_files_are_in_the_corpus() -> None:
    require(MANIFEST)
    known = set(review().manifest())
    unknown = sorted({v.file for v in review().read_verdicts(VERDICTS)} - known)
    assert not unknown, f"not in MANIFEST.tsv: {unknown}"


# ShellCheck's findings need ShellCheck: without it their verdicts are skipped, visibly.
NO_SHELLCHECK = pytest.mark.skipif(
    find_shellcheck(None) is None, reason="ShellCheck is not installed (the shellcheck extra)"
)


def _cases(kind: tuple[str, ...]) -> list[object]:
    return [
        pytest.param(
            v,
            id=f"{v.code}-{v.verdict}-{v.file}:{v.line}",
            marks=[NO_SHELLCHECK] if v.code.startswith("SC") else [],
        )
        for v in review().read_verdicts(VERDICTS)
        if v.verdict in kind
    ]


@pytest.mark.parametrize("verdict", _cases(("TP", "missed")))
def test_true_findings_are_reported(verdict: Any) -> None:
    require(MANIFEST)
    v = verdict
    assert (v.file, v.code, v.line) in reported(), f"not reported: {v.reason}"


@pytest.mark.parametrize("verdict", _cases(("FP",)))
def test_rejected_findings_are_not_reported(verdict: Any) -> None:
    require(MANIFEST)
    v = verdict
    assert (v.file, v.code, v.line) not in reported(), f"still reported: {v.reason}"

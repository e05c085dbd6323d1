#!/usr/bin/env python3
"""How far dockerlint-ml's BuildKit rules agree with BuildKit's checks (through tally-cli
0.45.0, which embeds BuildKit v0.32.2) on the real corpus.

    python3 scripts/buildkit_agreement.py                  # the table, every check we have
    python3 scripts/buildkit_agreement.py --checks UndefinedVar,FromAsCasing
    python3 scripts/buildkit_agreement.py --unlisted       # disagreements the ledger lacks
    python3 scripts/buildkit_agreement.py --stale          # ledger rows that no longer apply

What is compared. The checks dockerlint-ml implements: a built-in BK rule's alias is the
check's name (`dockerlint-ml rules --format json --no-plugins`). Our side is
`dockerlint-ml --isolated --no-plugins --select DLM000,<those BK codes> --format json`,
each finding renamed to its check. tally's side is `tally lint --no-config --ignore '*'
--select 'buildkit/*' --slow-checks off --format json -`, one process per file, the file
on standard input (tally refuses file names it does not recognise, `Dockerfile_amd` and
the like); its `buildkit/<Check>` findings are kept, its exit status 2 is a parse error.
Both sides honour `# check=skip=` directives.

A finding is the triple (file, check, instruction start line), a set on each side (tally
reports one finding per check and line); lines are mapped to the start line of the
instruction holding them, by our parser. A file where either side fails to parse is left
out, on both sides. Per check: tally, ours, both, recall = both / tally, precision =
both / ours, IoU = both / (tally + ours - both), raw and after the ledger
(tests/buildkit_ledger.tsv), applied as scripts/hadolint_agreement.py applies its own: a
`tally` row drops tally's finding, an `ours` row adds ours to tally's set, so IoU after
the ledger is 1.0 exactly when every disagreement is listed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement_common import (
    Key,
    Ratios,
    Row,
    Side,
    builtin_rules,
    corpus_files,
    find_binary,
    instruction_starts,
    read_text,
    run_ours,
    start_line,
)
from agreement_common import compare as _compare
from agreement_common import ledger_problems as _ledger_problems
from agreement_common import parse_ledger as _parse_ledger
from agreement_common import read_ledger as _read_ledger
from agreement_common import table as _table

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
DEFAULT_LEDGER = REPO / "tests" / "buildkit_ledger.tsv"
LEDGER_HEADER = ("file", "line", "check", "side", "reason")
SIDES = ("tally", "ours")
REFERENCE_VERSION = "0.45.0"
TALLY_PREFIX = "buildkit/"
TALLY_ARGS = (
    "lint", "--no-config", "--ignore", "*", "--select", "buildkit/*",
    "--slow-checks", "off", "--format", "json", "-",
)  # fmt: skip


@dataclass(frozen=True)
class Stats(Ratios):
    tally: int
    ours: int
    both: int

    @property
    def peer(self) -> int:
        return self.tally


@dataclass
class Comparison:
    codes: list[str]  # check names
    files: int
    excluded: dict[str, list[str]]
    peer: set[Key]
    ours: set[Key]
    applied: list[Row]
    stale: list[Row]
    unlisted: list[Row]
    per_code: dict[str, tuple[Stats, Stats]]
    overall: tuple[Stats, Stats]


def compare(
    tally: Side,
    ours: Side,
    checks: Iterable[str],
    ledger: Iterable[Row] = (),
    *,
    files: Collection[str] | None = None,
    implemented: Collection[str] | None = None,
) -> Comparison:
    """Both sides' findings (keys named by check) compared, the ledger applied."""
    result: Comparison = _compare(
        tally, ours, checks, ledger, peer_side="tally", make_stats=Stats,
        make_comparison=Comparison, files=files, implemented=implemented,
    )  # fmt: skip
    return result


def parse_ledger(text: str) -> tuple[list[Row], list[str]]:
    return _parse_ledger(text, LEDGER_HEADER)


def read_ledger(path: Path) -> tuple[list[Row], list[str]]:
    return _read_ledger(path, LEDGER_HEADER)


def ledger_problems(
    rows: Sequence[Row], checks: Collection[str], files: Collection[str]
) -> list[str]:
    return _ledger_problems(rows, checks, files, SIDES, "a check dockerlint-ml implements")


def renamed(side: Side, names: Mapping[str, str]) -> Side:
    """Our side with each BK code replaced by its check name."""
    found = {Key(k.file, names[k.code], k.line) for k in side.found if k.code in names}
    return Side(found=found, parse_errors=set(side.parse_errors))


def tally_findings(payload: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(check, line) of each `buildkit/` finding in tally's JSON output."""
    out = []
    for entry in payload.get("files") or ():
        for v in entry.get("violations") or ():
            rule = str(v.get("rule", ""))
            if rule.startswith(TALLY_PREFIX):
                out.append((rule[len(TALLY_PREFIX) :], int(v["location"]["start"]["line"])))
    return out


# --- the two tools ------------------------------------------------------------------------


def find_tally() -> str | None:
    return find_binary("tally")


def tally_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    words = out.stdout.split()
    return words[2] if len(words) > 2 and words[:2] == ["tally", "version"] else out.stdout


def run_tally(files: Sequence[str], corpus: Path, binary: str, jobs: int) -> Side:
    side = Side()

    def one(rel: str) -> tuple[str, int, bytes]:
        data = (corpus / rel).read_bytes()
        if not data:
            return rel, 0, b""  # tally refuses an empty input (exit 3): nothing to report
        proc = subprocess.run([binary, *TALLY_ARGS], input=data, capture_output=True, check=False)
        return rel, proc.returncode, proc.stdout

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for rel, code, out in pool.map(one, files):
            if code == 2:
                side.parse_errors.add(rel)
                continue
            if code not in (0, 1):
                raise RuntimeError(f"tally exited {code} on {rel}")
            found = tally_findings(json.loads(out or b"{}"))
            if found:
                spans = instruction_starts(read_text(corpus / rel))
                side.found.update(Key(rel, c, start_line(spans, n)) for c, n in found)
    return side


def implemented_checks() -> dict[str, str]:
    """BK code -> check name, for dockerlint-ml's built-in BK rules."""
    return {
        r["code"]: r["aliases"][0]
        for r in builtin_rules()
        if r["code"].startswith("BK") and r.get("aliases")
    }


# --- the report ---------------------------------------------------------------------------


def table(comparison: Comparison) -> list[str]:
    return _table(comparison, "check", "tally")


@dataclass
class Run:
    comparison: Comparison
    tally: Side
    ours: Side
    implemented: dict[str, str]
    files: list[str]
    ledger: list[Row]
    ledger_problems: list[str]
    version: str


def run(
    corpus: Path = DEFAULT_CORPUS,
    ledger_path: Path = DEFAULT_LEDGER,
    checks: Collection[str] | None = None,
    jobs: int | None = None,
    binary: str | None = None,
) -> Run:
    jobs = jobs or os.cpu_count() or 1
    binary = binary or find_tally()
    if binary is None:
        raise RuntimeError("tally not found (tally-cli 0.45.0)")
    files = corpus_files(corpus)
    implemented = implemented_checks()
    names = {code: name for code, name in implemented.items() if not checks or name in checks}
    rows, problems = read_ledger(ledger_path)
    problems += ledger_problems(rows, set(implemented.values()), set(files))
    tally = run_tally(files, corpus, binary, jobs)
    ours = renamed(run_ours(files, corpus, sorted(names), jobs), names)
    comparison = compare(
        tally, ours, names.values(), rows, files=files, implemented=set(implemented.values())
    )
    return Run(comparison, tally, ours, implemented, files, rows, problems, tally_version(binary))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", help="comma list of check names (default: all ours)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ledger", type=Path, default=DEFAULT_LEDGER)
    parser.add_argument("--unlisted", action="store_true")
    parser.add_argument("--stale", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"buildkit_agreement: {args.corpus} not found", file=sys.stderr)
        return 2
    checks = {c.strip() for c in args.checks.split(",")} if args.checks else None
    try:
        result = run(args.corpus, args.ledger, checks, max(1, args.jobs))
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"buildkit_agreement: {exc}", file=sys.stderr)
        return 2
    if result.version != REFERENCE_VERSION:
        print(
            f"buildkit_agreement: tally {result.version}, not {REFERENCE_VERSION}", file=sys.stderr
        )
    for problem in result.ledger_problems:
        print(f"buildkit_agreement: {args.ledger}: {problem}", file=sys.stderr)
    c = result.comparison
    if args.unlisted or args.stale:
        if args.unlisted:
            print(f"# {len(c.unlisted)} disagreements not in the ledger")
            print("\n".join(r.tsv() for r in c.unlisted))
        if args.stale:
            print(f"# {len(c.stale)} ledger rows that no longer apply")
            print("\n".join(r.tsv() for r in c.stale))
        return 0
    print(
        f"tally {result.version} and dockerlint-ml on {len(result.files)} files;"
        f" {len(c.excluded)} left out for a parse error"
    )
    print()
    print("\n".join(table(c)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

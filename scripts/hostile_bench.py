#!/usr/bin/env python3
"""Time and memory on hostile input at n and 10n, dockerlint-ml beside hadolint (not a test).

For every class in tests/hostile/inputs.py: the file at a base size n and at 10n, the wall
time and peak RSS of `dockerlint-ml --format json` and of `hadolint --no-fail` on each, and
the growth factor time(10n) / time(n). Linear cost shows as a factor near 10 (less while
start-up dominates); a quadratic pass shows as ~100. hadolint gets the same files in the
same run, and stops being measured on a class once one run passes --budget seconds.
Every child runs under RLIMIT_AS of --memory MiB, so a memory bomb fails the run it is in
("out of memory") instead of the machine.

Usage: python scripts/hostile_bench.py [--only NAME,...] [--budget SECONDS]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile.inputs import CLASSES  # noqa: E402

Result = tuple[float, int] | str  # (wall seconds, peak RSS in MiB), or why there is none


def measure(argv: list[str], budget: float, memory_mib: int) -> Result:
    """One child's wall time and peak RSS, or "> N s" / "out of memory"."""
    cap = memory_mib * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as errors:  # a file: a pipe could fill and block
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=limit)
        deadline = start + budget
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                wall = time.perf_counter() - start
                errors.seek(0)
                killed = os.waitstatus_to_exitcode(status) < 0
                if killed or b"MemoryError" in errors.read():
                    return "out of memory"
                return wall, usage.ru_maxrss // 1024
            if time.perf_counter() > deadline:
                proc.kill()
                proc.wait()
                return f"> {budget:.0f} s"
            time.sleep(0.01)


def cell(result: Result) -> str:
    return result if isinstance(result, str) else f"{result[0]:.2f} s, {result[1]} MiB"


def growth(small: Result, large: Result) -> str:
    if isinstance(small, str) or isinstance(large, str):
        return "n/a"
    return f"{large[0] / small[0]:.1f}×"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma list of class names")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per run at most")
    ap.add_argument("--memory", type=int, default=4096, help="MiB of address space per run")
    args = ap.parse_args()
    only = {s for s in args.only.split(",") if s}
    ours = [sys.executable, "-m", "dockerlint_ml", "--format", "json", "--fail-on", "never"]
    hadolint = shutil.which("hadolint")
    print("| class | n | bytes at 10n | dockerlint-ml n | dockerlint-ml 10n | growth |"
          " hadolint n | hadolint 10n | growth |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for hostile in CLASSES:
            if only and hostile.name not in only:
                continue
            n = hostile.test_sizes[-1] // 10
            paths = []
            for size in (n, 10 * n):
                path = Path(tmp, f"{hostile.name}-{size}.Dockerfile")
                path.write_bytes(hostile.make(size))
                paths.append(path)
            mine = [measure([*ours, str(p)], args.budget, args.memory) for p in paths]
            if hadolint is None:
                peer = "not installed | not installed | n/a"
            else:
                first = measure([hadolint, "--no-fail", str(paths[0])], args.budget, args.memory)
                if isinstance(first, str):
                    peer = f"{cell(first)} | not run | n/a"
                else:
                    second = measure(
                        [hadolint, "--no-fail", str(paths[1])], args.budget, args.memory
                    )
                    peer = f"{cell(first)} | {cell(second)} | {growth(first, second)}"
            print(
                f"| {hostile.name} | {n:,} | {paths[1].stat().st_size:,}"
                f" | {cell(mine[0])} | {cell(mine[1])} | {growth(*mine)} | {peer} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

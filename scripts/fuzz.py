#!/usr/bin/env python3
"""Run the property tests (tests/test_properties.py) for a long time budget.

Each round runs pytest with a fresh Hypothesis seed and a large example count; the first
failure stops the run and its output (with Hypothesis's reproduction blob and the seed) is
printed, so it can be replayed with `pytest tests/test_properties.py --hypothesis-seed=SEED`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROPERTY_TESTS = REPO / "tests" / "test_properties.py"


def property_test_count() -> int:
    """How many property tests one round runs (each runs --examples examples)."""
    return PROPERTY_TESTS.read_text("utf-8").count("\n@given(")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--examples", type=int, default=5000, help="examples per test per round")
    args = ap.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    env = dict(os.environ, DOCKERLINT_ML_FUZZ_EXAMPLES=str(args.examples))
    rounds = 0
    examples = 0
    tests = property_test_count()
    started = time.monotonic()
    while time.monotonic() < deadline:
        seed = random.randrange(2**32)
        cmd = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "tests/test_properties.py", f"--hypothesis-seed={seed}",
        ]  # fmt: skip
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
        rounds += 1
        if proc.returncode != 0:
            print(proc.stdout[-20000:])
            print(proc.stderr[-5000:])
            print(f"FAILED in round {rounds} with seed {seed}: replay with")
            print(
                f"  DOCKERLINT_ML_FUZZ_EXAMPLES={args.examples} python -m pytest "
                f"tests/test_properties.py --hypothesis-seed={seed}"
            )
            return 1
        examples += tests * args.examples
        elapsed = time.monotonic() - started
        print(
            f"round {rounds}: seed {seed} ok; {examples:,} examples in {elapsed / 60:.1f} min",
            flush=True,
        )
    minutes = (time.monotonic() - started) / 60
    print(f"no failure: {rounds} rounds, {examples:,} examples, {minutes:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())

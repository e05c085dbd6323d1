#!/usr/bin/env python3
"""Lint time against file size, to show the cost stays linear (not a test: it prints).

Generates Dockerfiles of 100 to 20,000 instructions in three shapes: RUN and ENV
interleaved (hadolint's quadratic case), long continuations, and huge single lines; lints
each in-process with every rule on and prints a Markdown table with the time per
instruction, whose flatness is the linearity claim. `--hadolint N` also times hadolint on
the interleaved shape up to N instructions.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable

from dockerlint_ml import lint_text

HEAD = "FROM python:3.12-slim\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
TAIL = 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n'


def interleaved(n: int) -> str:
    body = []
    for i in range(n // 2):
        body.append(f"ENV VAR_{i}=value_{i} PORT={8000 + i % 100}\n")
        body.append(f"RUN echo $VAR_{i} && pip install --no-cache-dir pkg{i}==1.{i}\n")
    return HEAD + "".join(body) + TAIL


def continuations(n: int) -> str:
    # n instructions, each a RUN of 10 continuation lines
    run = "RUN apt-get update \\\n" + "".join(f"  && echo step{j} \\\n" for j in range(8))
    run += "  && true\n"
    return HEAD + run * n + TAIL


def long_lines(n: int) -> str:
    # n instructions, each a single 1,000-character line of && commands
    run = "RUN " + " && ".join(f"echo word{j}" for j in range(80)) + "\n"
    return HEAD + run * n + TAIL


SHAPES: dict[str, Callable[[int], str]] = {
    "RUN+ENV interleaved": interleaved,
    "10-line continuations": continuations,
    "1,000-char single lines": long_lines,
}


def time_lint(text: str) -> float:
    start = time.perf_counter()
    lint_text(text)
    return time.perf_counter() - start


def time_hadolint(text: str) -> float | None:
    exe = shutil.which("hadolint")
    if exe is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".Dockerfile", delete=False) as fh:
        fh.write(text)
    start = time.perf_counter()
    subprocess.run([exe, "--no-fail", fh.name], capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000,10000,20000")
    ap.add_argument("--hadolint", type=int, default=0, help="also time hadolint up to N")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    lint_text(HEAD)  # warm imports so the first row is not charged for them
    print("| shape | instructions | lines | seconds | µs per instruction | hadolint seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for shape, make in SHAPES.items():
        for n in sizes:
            text = make(n)
            seconds = time_lint(text)
            had = ""
            if shape.startswith("RUN+ENV") and n <= args.hadolint:
                h = time_hadolint(text)
                had = f"{h:.2f}" if h is not None else "n/a"
            lines = text.count("\n")
            print(
                f"| {shape} | {n:,} | {lines:,} | {seconds:.3f} | {seconds / n * 1e6:.0f} | {had} |"
            )


if __name__ == "__main__":
    main()

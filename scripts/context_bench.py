#!/usr/bin/env python3
"""Time and memory of the context rules on a synthetic build context, beside hadolint (not a test).

Writes a build context of --files files (default 100,000, in directories of 1,000) with a
sparse model file of --model-gib GiB (default 10; sparse, so it takes no disk space), a
`.git` and `__pycache__` directories, and a Dockerfile that copies all of it. Then, in the
same run and each the median of --repeat runs, wall time and peak RSS of:

- dockerlint-ml with its default rules, the context detected beside the Dockerfile
  (DLM202-DLM205 walk the context: one lstat per entry, nothing opened);
- the same with a `.dockerignore` (`**/__pycache__`, `.git`, `*.pt`), whose patterns are
  matched against the big files only;
- the same with `--no-context` (what the context costs is the difference);
- hadolint on the same Dockerfile (it never reads the context: the reference for a lint
  that does not).

Usage: python scripts/context_bench.py [--files N] [--model-gib G] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import find_tool, linter_command, version
from hostile_bench import Result, measure

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "predict:app"]
"""


def make_context(root: Path, files: int, model_gib: float) -> None:
    (root / "Dockerfile").write_text(DOCKERFILE, "utf-8")
    (root / "requirements.txt").write_text("flask==3.0.3\ngunicorn==22.0.0\n", "utf-8")
    (root / "predict.py").write_text("from flask import Flask\napp = Flask(__name__)\n", "utf-8")
    for name in (".git/HEAD", "src/__pycache__/predict.cpython-312.pyc"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", "utf-8")
    per_dir = 1000
    for i in range(files):
        folder = root / "data" / f"shard{i // per_dir:04d}"
        if i % per_dir == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"sample{i:06d}.json").write_bytes(b"{}")
    model = root / "models" / "model.pt"
    model.parent.mkdir(parents=True, exist_ok=True)
    with open(model, "wb") as fh:
        fh.truncate(int(model_gib * (1 << 30)))


def median(results: list[Result]) -> Result:
    good = [r for r in results if not isinstance(r, str)]
    if len(good) != len(results):
        return next(r for r in results if isinstance(r, str))
    return statistics.median(r[0] for r in good), max(r[1] for r in good)


def cell(result: Result) -> str:
    return result if isinstance(result, str) else f"{result[0] * 1000:.0f} ms, {result[1]} MiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--model-gib", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    linter = linter_command()
    hadolint = find_tool("hadolint")
    with tempfile.TemporaryDirectory(prefix="context-bench-") as tmp:
        root = Path(tmp)
        make_context(root, args.files, args.model_gib)
        dockerfile = str(root / "Dockerfile")
        lint = [*linter, "--isolated", "--format", "json", "--fail-on", "never"]
        rows: list[tuple[str, list[str], bool]] = [
            ("dockerlint-ml, context, no .dockerignore", [*lint, dockerfile], False),
            ("dockerlint-ml, context, with .dockerignore", [*lint, dockerfile], True),
            ("dockerlint-ml --no-context", [*lint, "--no-context", dockerfile], False),
        ]
        if hadolint:
            rows.append(("hadolint (reads no context)", [hadolint, "--no-fail", dockerfile], False))
        theirs = version([hadolint]) if hadolint else "-"
        print(f"dockerlint-ml {version(linter)}; hadolint {theirs}")
        print(
            f"context: {args.files:,} files + a {args.model_gib:g} GiB sparse model;"
            f" median of {args.repeat} runs (wall, peak RSS)\n"
        )
        width = max(len(name) for name, _, _ in rows)
        for name, argv, ignored in rows:
            ignore = root / ".dockerignore"
            if ignored:
                ignore.write_text("**/__pycache__\n.git\n*.pt\nmodels\n", "utf-8")
            elif ignore.exists():
                ignore.unlink()
            results = [measure(argv, 120.0, 4096) for _ in range(args.repeat)]
            print(f"{name:<{width}}  {cell(median(results))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

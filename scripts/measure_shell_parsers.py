#!/usr/bin/env python3
"""Compare shell tokenizers on the corpus and on synthetic worst cases; print a table.

Candidates: bashlex, stdlib shlex (punctuation_chars), tree-sitter-bash (when installed),
and dockerlint_ml.facts.shell itself (tree-sitter + unwrapping, and its fallback lexer).

Corpus: every shell-form RUN/CMD/ENTRYPOINT (ONBUILD's too) of ../shared/corpus/real,
parsed with dockerlint_ml.dockerfile.parser.parse, text from Instruction.shell_text().
Each synthetic case runs in a child process with a time limit, so a candidate that is
superlinear or recurses too deep shows as a timeout or an exception instead of a hang.

    python scripts/measure_shell_parsers.py [--corpus DIR] [--limit SECONDS] [--big]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dockerlint_ml import shell  # noqa: E402
from dockerlint_ml.dockerfile.parser import parse  # noqa: E402

Parse = Callable[[str], Any]


def _bashlex(text: str) -> Any:
    import bashlex

    return bashlex.parse(text)


def _shlex(text: str) -> Any:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _tree_sitter(text: str) -> Any:
    parser = shell._tree_sitter_parser()
    return parser.parse(text.encode("utf-8", "surrogatepass"))


def _ours(text: str) -> Any:
    return shell.parse_commands(text)


def _ours_fallback(text: str) -> Any:
    saved = shell._TS_LANGUAGE
    shell._TS_LANGUAGE = None
    try:
        return shell.parse_commands(text)
    finally:
        shell._TS_LANGUAGE = saved


def candidates() -> dict[str, Parse]:
    found: dict[str, Parse] = {}
    try:
        import bashlex  # noqa: F401

        found["bashlex"] = _bashlex
    except ImportError:
        pass
    found["shlex"] = _shlex
    if shell._TS_LANGUAGE is not None:
        found["tree-sitter-bash"] = _tree_sitter
        found["ours (tree-sitter)"] = _ours
    found["ours (fallback)"] = _ours_fallback
    return found


def corpus_texts(root: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        df = parse(path.read_text(encoding="utf-8", errors="surrogateescape"), str(path))
        for ins in df.instructions:
            for one in (ins, ins.inner):
                if one is None or one.form != "shell":
                    continue
                if one.keyword in ("RUN", "CMD", "ENTRYPOINT"):
                    texts.append(one.shell_text())
    return texts


def synthetic(big: bool) -> dict[str, Callable[[], str]]:
    mb = 1_000_000
    cases: dict[str, Callable[[], str]] = {
        "100 KB line of words": lambda: "echo " + "ab " * (mb // 30),
        "1 MB line of words": lambda: "echo " + "ab " * (mb // 3),
        "1 MB single word": lambda: "echo " + "a" * mb,
        "1 MB `&&` chain": lambda: " && ".join(["pip install x"] * (mb // 17)),
        "nested $( depth 1 000": lambda: "$(" * 1000 + "echo" + ")" * 1000,
        "nested quotes depth 10 000": lambda: 'echo "$(echo "' * 10_000 + "x" + '")"' * 10_000,
    }
    if big:
        line = "set -eux; \\\n  pip install --no-cache-dir 'a b' c\\ d 2>&1 | tee log\n"
        cases["10 MB script"] = lambda: line * (10 * mb // len(line))
    return cases


def _child(conn: Any, name: str, case: str, big: bool) -> None:
    sys.setrecursionlimit(10_000)
    text = synthetic(big)[case]()
    func = candidates()[name]
    start = time.perf_counter()
    try:
        func(text)
        outcome = f"{time.perf_counter() - start:.2f} s"
    except RecursionError:
        outcome = "RecursionError"
    except Exception as exc:
        outcome = type(exc).__name__
    conn.send(outcome)


def run_case(name: str, case: str, big: bool, limit: float) -> str:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, name, case, big))
    proc.start()
    outcome = f"> {limit:.0f} s"
    if parent.poll(limit):
        outcome = parent.recv()
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    elif proc.exitcode not in (0, None) and outcome.startswith(">"):
        outcome = f"crashed ({proc.exitcode})"
    return str(outcome)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "real")
    ap.add_argument("--limit", type=float, default=60.0, help="seconds per synthetic case")
    ap.add_argument("--big", action="store_true", help="also run a 10 MB script")
    opts = ap.parse_args()

    names = list(candidates())
    rows: dict[str, dict[str, str]] = {}
    if opts.corpus.is_dir():
        texts = corpus_texts(opts.corpus)
        size = sum(len(t) for t in texts)
        rows[f"corpus: {len(texts)} texts, {size // 1000} KB: failures"] = {}
        rows["corpus: total time"] = {}
        rows["corpus: slowest text"] = {}
        rows["corpus: texts with syntax errors recovered"] = {}
        for name in names:
            func = candidates()[name]
            failures: Counter[str] = Counter()
            recovered = 0
            slowest = 0.0
            start = time.perf_counter()
            for text in texts:
                t0 = time.perf_counter()
                try:
                    result = func(text)
                    if name == "tree-sitter-bash" and result.root_node.has_error:
                        recovered += 1
                except Exception as exc:
                    failures[type(exc).__name__] += 1
                slowest = max(slowest, time.perf_counter() - t0)
            total = time.perf_counter() - start
            count = sum(failures.values())
            detail = ", ".join(f"{k} {v}" for k, v in failures.most_common())
            rows[f"corpus: {len(texts)} texts, {size // 1000} KB: failures"][name] = (
                f"{count} ({100 * count / max(len(texts), 1):.1f}%)"
                + (f": {detail}" if detail else "")
            )
            rows["corpus: total time"][name] = f"{total:.2f} s"
            rows["corpus: slowest text"][name] = f"{slowest * 1000:.1f} ms"
            rows["corpus: texts with syntax errors recovered"][name] = (
                str(recovered) if name == "tree-sitter-bash" else "-"
            )
    else:
        print(f"corpus not found at {opts.corpus}: corpus rows skipped", file=sys.stderr)

    for case in synthetic(opts.big):
        rows[case] = {name: run_case(name, case, opts.big, opts.limit) for name in names}

    width = max(len(r) for r in rows)
    print("| measure".ljust(width + 2) + " | " + " | ".join(names) + " |")
    print("|" + "-" * (width + 2) + "|" + "|".join("-" * (len(n) + 2) for n in names) + "|")
    for row, cells in rows.items():
        print(f"| {row.ljust(width)} | " + " | ".join(cells.get(n, "-") for n in names) + " |")
    print(f"\nbackend in use: {shell.BACKEND}; python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Precision review of every rule on the real corpus: a stable sample to judge, and the score.

    python3 scripts/corpus_review.py                  # write the review sheet, print the table
    python3 scripts/corpus_review.py --per-rule 40    # a larger sample
    python3 scripts/corpus_review.py --sheet FILE     # where the sheet goes (default: a temp dir)
    python3 scripts/corpus_review.py --select DL3014  # a candidate for the default selection

The sheet lists, per rule, a sample of the findings on ../shared/corpus/real, each with the
instruction it is reported on and, when tests/corpus_verdicts.tsv already judges it, the
verdict. A reviewer reads each sampled file whole and adds a row to the verdicts file (file,
code, instruction start line, TP / FP / unclear, reason); `missed` rows record findings a
rule should have given. The sheet stays outside git: it quotes corpus text.

Sampling is stable: findings are grouped by rule and by the folded text of the instruction
and of its stage's FROM (student copies of one course file are one group, judged once), and
the groups are ranked by a hash of that key. The first N groups are the sample, so removing
or adding findings elsewhere does not reshuffle it. A rule with fewer than N findings has
every finding in the sample.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dockerlint_ml import lint_text  # noqa: E402
from dockerlint_ml.dockerfile.model import Dockerfile, Instruction  # noqa: E402
from dockerlint_ml.dockerfile.parser import parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REAL = CORPUS / "real"
VERDICTS = ROOT / "tests" / "corpus_verdicts.tsv"
VERDICT_KINDS = ("TP", "FP", "unclear", "missed")
# Meta rules judge the linter's own plumbing, not the Dockerfile: DLM999 must never appear,
# and DLM901 needs pragmas the corpus does not carry.
NOT_REVIEWED = frozenset({"DLM999"})
# The reference date of date-dependent rules (DLM101) in the review: verdicts must not
# change with the day the tests run.
REVIEW_AS_OF = datetime.date(2026, 12, 1)


@dataclass(frozen=True)
class Verdict:
    file: str
    code: str
    line: int
    verdict: str
    reason: str


@dataclass(frozen=True)
class Reported:
    """One finding on the corpus, located by the instruction it is reported on."""

    file: str  # relative to corpus/real
    code: str
    line: int  # the instruction's start line (the verdicts' key)
    message: str
    fix: str | None
    instruction: str  # the instruction's text, folded
    group: str  # the sampling key's hash


def read_verdicts(path: Path = VERDICTS) -> list[Verdict]:
    if not path.exists():
        return []
    rows: list[Verdict] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append(
                Verdict(row["file"], row["code"], int(row["line"]), row["verdict"], row["reason"])
            )
    return rows


def manifest() -> list[str]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row["file"].removeprefix("real/") for row in rows]


def _fold(text: str) -> str:
    return " ".join(text.split())


def _instruction_at(dockerfile: Dockerfile, line: int) -> Instruction | None:
    for ins in dockerfile.instructions:
        if ins.span.line <= line <= ins.span.end_line:
            return ins
    return None


def _text_of(dockerfile: Dockerfile, ins: Instruction) -> str:
    return _fold("\n".join(dockerfile.lines[ins.span.line - 1 : ins.span.end_line]))


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def lint_corpus(files: Iterable[str], select: list[str] | None = None) -> list[Reported]:
    """The findings of the default selection (or of `select`) on the corpus files."""
    found: list[Reported] = []
    for rel in files:
        path = REAL / rel
        text = path.read_bytes().decode("utf-8", errors="replace")
        dockerfile = parse(text, str(path))
        for f in lint_text(text, path=str(path), select=select, as_of=REVIEW_AS_OF):
            if f.code in NOT_REVIEWED:
                continue
            ins = _instruction_at(dockerfile, f.anchor.line)
            line = ins.span.line if ins is not None else f.anchor.line
            shown = _text_of(dockerfile, ins) if ins is not None else ""
            stage_from = ""
            if ins is not None and ins.stage is not None:
                stage_from = _text_of(dockerfile, dockerfile.stages[ins.stage].from_instruction)
            found.append(
                Reported(
                    file=rel,
                    code=f.code,
                    line=line,
                    message=f.message,
                    fix=f.fix,
                    instruction=shown,
                    group=_hash(f.code, shown, stage_from),
                )
            )
    return found


def sample(found: list[Reported], per_rule: int) -> dict[str, list[Reported]]:
    """Per rule, the findings to judge (see the module docstring)."""
    by_rule: dict[str, list[Reported]] = defaultdict(list)
    for r in found:
        by_rule[r.code].append(r)
    chosen: dict[str, list[Reported]] = {}
    for code, items in sorted(by_rule.items()):
        if len(items) <= per_rule:
            chosen[code] = sorted(items, key=lambda r: (r.file, r.line))
            continue
        groups: dict[str, list[Reported]] = defaultdict(list)
        for r in items:
            groups[r.group].append(r)
        # Each group's representative is stable too: the finding with the smallest hash.
        reps = [min(g, key=lambda r: _hash(r.file, r.code, r.instruction)) for g in groups.values()]
        reps.sort(key=lambda r: r.group)
        chosen[code] = reps[:per_rule]
    return chosen


def score(
    found: list[Reported], chosen: dict[str, list[Reported]], verdicts: list[Verdict]
) -> list[dict[str, object]]:
    # A `missed` finding that is now reported was judged a true one.
    judged = {
        (v.file, v.code, v.line): v if v.verdict != "missed" else replace(v, verdict="TP")
        for v in verdicts
    }
    counts = Counter(r.code for r in found)
    rows = []
    for code in sorted(set(counts) | {v.code for v in verdicts}):
        picked = chosen.get(code, [])
        seen = Counter(
            judged[(r.file, r.code, r.line)].verdict
            for r in picked
            if (r.file, r.code, r.line) in judged
        )
        rows.append(
            {
                "code": code,
                "findings": counts.get(code, 0),
                "sampled": len(picked),
                "TP": seen["TP"],
                "FP": seen["FP"],
                "unclear": seen["unclear"],
                "unjudged": len(picked) - sum(seen.values()),
            }
        )
    return rows


def drift(found: list[Reported], verdicts: list[Verdict]) -> list[str]:
    """Verdicts the current output contradicts: a TP or missed no longer reported, an FP
    still reported."""
    reported = {(r.file, r.code, r.line) for r in found}
    lines = []
    for v in verdicts:
        key = (v.file, v.code, v.line)
        if v.verdict in ("TP", "missed") and key not in reported:
            lines.append(f"{v.verdict} not reported: {v.file}:{v.line} {v.code} ({v.reason})")
        elif v.verdict == "FP" and key in reported:
            lines.append(f"FP still reported: {v.file}:{v.line} {v.code} ({v.reason})")
    return lines


def write_sheet(path: Path, chosen: dict[str, list[Reported]], verdicts: list[Verdict]) -> None:
    judged = {(v.file, v.code, v.line): v for v in verdicts}
    out = ["# dockerlint-ml corpus review sheet", ""]
    out.append("Judge each NEW row: read the file whole, then add to tests/corpus_verdicts.tsv")
    out.append("`file<TAB>code<TAB>line<TAB>TP|FP|unclear<TAB>reason` (file relative to real/).")
    for code, items in chosen.items():
        out += ["", f"## {code} ({len(items)} sampled)", ""]
        for r in items:
            v = judged.get((r.file, r.code, r.line))
            state = f"judged {v.verdict}: {v.reason}" if v else "NEW"
            out.append(f"- [{state}] `{r.file}` line {r.line} (group {r.group})")
            out.append(f"  - instruction: `{r.instruction[:300]}`")
            out.append(f"  - message: {r.message}")
            if r.fix:
                out.append(f"  - fix: {r.fix}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-rule", type=int, default=25, help="sample size per rule")
    parser.add_argument("--sheet", type=Path, help="where to write the review sheet")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument(
        "--select",
        help="comma list of rules to review instead of the default selection (a rule that is"
        " a candidate for it)",
    )
    args = parser.parse_args(argv)
    if not REAL.is_dir():
        print(f"corpus_review: {REAL} not found", file=sys.stderr)
        return 2
    verdicts = read_verdicts(args.verdicts)
    bad = [v for v in verdicts if v.verdict not in VERDICT_KINDS]
    if bad:
        print(f"corpus_review: unknown verdict {bad[0].verdict!r} in {args.verdicts}")
        return 2
    select = [s.strip() for s in args.select.split(",") if s.strip()] if args.select else None
    found = lint_corpus(manifest(), select)
    chosen = sample(found, args.per_rule)
    sheet = args.sheet or Path(tempfile.mkdtemp(prefix="dockerlint-ml-review-")) / "sheet.md"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    write_sheet(sheet, chosen, verdicts)
    print(f"sheet: {sheet}")
    print()
    print("| rule | findings | sampled | TP | FP | unclear | unjudged | precision seen |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in score(found, chosen, verdicts):
        decided = int(row["TP"]) + int(row["FP"])  # type: ignore[call-overload]
        precision = f"{int(row['TP']) / decided:.0%}" if decided else "-"  # type: ignore[call-overload]
        print(
            f"| {row['code']} | {row['findings']} | {row['sampled']} | {row['TP']} | {row['FP']}"
            f" | {row['unclear']} | {row['unjudged']} | {precision} |"
        )
    # With --select, only the verdicts of the rules that ran can drift.
    ran = set(select) | {r.code for r in found} if select else None
    problems = drift(found, [v for v in verdicts if ran is None or v.code in ran])
    if problems:
        print()
        print(f"{len(problems)} verdicts contradicted by today's output:")
        for line in problems:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

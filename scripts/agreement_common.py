"""What scripts/hadolint_agreement.py and scripts/buildkit_agreement.py share: findings as
(file, code, instruction start line) keys, the corpus listing, our side of the comparison,
the ledger's rows and the set arithmetic that applies them (each script's docstring says
what the figures mean; a "peer" is hadolint or tally)."""

from __future__ import annotations

import bisect
import csv
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

OURS_PARSE_ERROR = "DLM000"
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
    side: str  # the peer's name: the peer reports it and we do not; "ours": the reverse
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


def ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class Ratios:
    """recall, precision and IoU of a (peer, ours, both) count: the base of each script's
    frozen `Stats` dataclass, which names the peer's count after the peer and gives it
    back as `peer`."""

    ours: int
    both: int

    @property
    def peer(self) -> int:
        raise NotImplementedError

    @property
    def recall(self) -> float | None:
        return ratio(self.both, self.peer)

    @property
    def precision(self) -> float | None:
        return ratio(self.both, self.ours)

    @property
    def iou(self) -> float:
        union = self.peer + self.ours - self.both
        # Two empty sets are the same set: a code neither side reports agrees perfectly.
        return 1.0 if union == 0 else self.both / union


class _Compared(Protocol):
    @property
    def codes(self) -> Sequence[str]: ...
    @property
    def applied(self) -> Sequence[Row]: ...
    @property
    def per_code(self) -> Mapping[str, tuple[Ratios, Ratios]]: ...
    @property
    def overall(self) -> tuple[Ratios, Ratios]: ...


def table(comparison: _Compared, label: str, peer: str) -> list[str]:
    """The Markdown table of a comparison: a row per code (`label`: "code" or "check"),
    then `all`; the peer's column is named `peer`, * marks the figures after the ledger."""
    out = [
        f"| {label} | {peer} | ours | both | recall | precision | IoU"
        f" | listed | {peer}* | recall* | precision* | IoU* |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    listed = Counter(r.code for r in comparison.applied)
    rows = [(code, *comparison.per_code[code], listed[code]) for code in comparison.codes]
    rows.append(("all", *comparison.overall, len(comparison.applied)))
    for code, raw, after, n in rows:
        name = f"**{code}**" if code == "all" else code
        out.append(
            f"| {name} | {raw.peer} | {raw.ours} | {raw.both} | {fmt(raw.recall)}"
            f" | {fmt(raw.precision)} | {fmt(raw.iou)} | {n} | {after.peer}"
            f" | {fmt(after.recall)} | {fmt(after.precision)} | {fmt(after.iou)} |"
        )
    return out


def find_binary(name: str, beside: str | None = None) -> str | None:
    """A tool's binary: the one installed beside this Python first (`beside`, default
    `name`; a pyenv shim on PATH costs ~150 ms per call), else `name` on PATH."""
    there = Path(sys.executable).with_name(beside or name)
    if there.is_file() and os.access(there, os.X_OK):
        return str(there)
    return shutil.which(name)


def builtin_rules() -> list[dict[str, Any]]:
    """dockerlint-ml's built-in rules as `rules --format json --no-plugins` lists them (the
    CLI's listing stays put while the package's modules move)."""
    out = subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", "rules", "--format", "json", "--no-plugins"],
        capture_output=True,
        text=True,
        check=True,
    )
    rules: list[dict[str, Any]] = json.loads(out.stdout)
    return rules


T = TypeVar("T")
C = TypeVar("C")


def row_order(row: Row) -> tuple[str, int, str, str]:
    return (row.file, row.line, row.code, row.side)


def compare(
    peer: Side,
    ours: Side,
    codes: Iterable[str],
    ledger: Iterable[Row],
    *,
    peer_side: str,
    make_stats: Callable[[int, int, int], T],
    make_comparison: Callable[..., C],
    files: Collection[str] | None = None,
    implemented: Collection[str] | None = None,
) -> C:
    """The comparison of peer and ours on `codes` (the scripts' docstrings): files with a
    parse error on either side left out, ledger rows applied or found stale. `make_stats`
    builds a (peer, ours, both) record, `make_comparison` the result from keyword fields.

    A ledger row of a code outside `codes` is out of scope (not judged), unless
    `implemented` is given and does not hold its code: such a row can never apply, so it
    is stale."""
    codes = sorted(set(codes))
    wanted = set(codes)
    excluded: dict[str, list[str]] = {}
    for name, side in ((peer_side, peer), ("ours", ours)):
        for f in side.parse_errors:
            excluded.setdefault(f, []).append(name)
    if files is None:
        files = {k.file for k in peer.found | ours.found} | set(excluded)
    h = {k for k in peer.found if k.code in wanted and k.file not in excluded}
    o = {k for k in ours.found if k.code in wanted and k.file not in excluded}

    applied: list[Row] = []
    stale: list[Row] = []
    listed: set[tuple[Key, str]] = set()
    for row in ledger:
        if row.code not in wanted:
            if implemented is not None and row.code not in implemented:
                stale.append(row)
            continue  # a code left out by the caller: not judged
        k = row.key
        applies = (row.side == peer_side and k in h and k not in o) or (
            row.side == "ours" and k in o and k not in h
        )
        (applied if applies else stale).append(row)
        if applies:
            listed.add((k, row.side))
    # The peer's set after the ledger: listed peer-only findings dropped, listed ours-only
    # added.
    h_after = {k for k in h if (k, peer_side) not in listed} | {
        k for k, side in listed if side == "ours"
    }
    unlisted = [
        Row(k.file, k.line, k.code, side)
        for side, keys in ((peer_side, h - o), ("ours", o - h))
        for k in keys
        if (k, side) not in listed
    ]

    def stats(a: Collection[Key], b: Collection[Key]) -> T:
        x, y = set(a), set(b)
        return make_stats(len(x), len(y), len(x & y))

    per_code = {
        code: (
            stats({k for k in h if k.code == code}, {k for k in o if k.code == code}),
            stats({k for k in h_after if k.code == code}, {k for k in o if k.code == code}),
        )
        for code in codes
    }
    return make_comparison(
        codes=codes,
        files=len(set(files) - set(excluded)),
        excluded={f: sorted(v) for f, v in sorted(excluded.items())},
        peer=h,
        ours=o,
        applied=sorted(applied, key=row_order),
        stale=sorted(stale, key=row_order),
        unlisted=sorted(unlisted, key=row_order),
        per_code=per_code,
        overall=(stats(h, o), stats(h_after, o)),
    )


def parse_ledger(text: str, header: Sequence[str]) -> tuple[list[Row], list[str]]:
    """Rows of a ledger's text (its columns: file, line, code or check, side, reason), and
    the problems that kept lines from being rows (a wrong header, too few fields, a line
    that is not a number). Blank lines and lines starting with `#` are comments."""
    rows: list[Row] = []
    problems: list[str] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        # The reason is the last field, so a tab inside it does not shift the others.
        fields = line.split("\t", len(header) - 1)
        if not header_seen:
            header_seen = True
            if tuple(fields) != tuple(header):
                problems.append(
                    f"line {number}: the header must be {chr(9).join(header)!r}, got {line!r}"
                )
            continue
        if len(fields) != len(header):
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


def read_ledger(path: Path, header: Sequence[str]) -> tuple[list[Row], list[str]]:
    """`parse_ledger` of the file at `path`; no rows and no problems where it is missing."""
    return parse_ledger(path.read_text(encoding="utf-8"), header) if path.exists() else ([], [])


def ledger_problems(
    rows: Sequence[Row],
    known_codes: Collection[str],
    corpus_files: Collection[str],
    sides: Sequence[str],
    what: str,
) -> list[str]:
    """Why rows are not well formed: an unknown code (`what` names the kind), a side not
    in `sides`, an empty reason, a file the corpus does not hold, the same row twice."""
    problems: list[str] = []
    seen: dict[tuple[Key, str], str] = {}
    for row in rows:
        where = f"line {row.where}" if row.where else repr(row.tsv())
        if row.code not in known_codes:
            problems.append(f"{where}: {row.code!r} is not {what}")
        if row.side not in sides:
            problems.append(f"{where}: side {row.side!r} is not one of {', '.join(sides)}")
        if not row.reason:
            problems.append(f"{where}: no reason (name the PEERS.md entry or a reproduction)")
        if row.file not in corpus_files:
            problems.append(f"{where}: {row.file!r} is not a corpus file")
        if (row.key, row.side) in seen:
            problems.append(f"{where}: the same row as {seen[row.key, row.side]}")
        else:
            seen[row.key, row.side] = where
    return problems


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


def batches(files: Sequence[str], corpus: Path, jobs: int) -> list[list[str]]:
    """At least `jobs` batches (one process each), each command line under MAX_ARGS_CHARS."""
    size = sum(len(str(corpus / f)) + 1 for f in files)
    count = max(1, jobs, -(-size // MAX_ARGS_CHARS))
    per = -(-len(files) // count)
    return [list(files[i : i + per]) for i in range(0, len(files), per)]


def run_ours(
    files: Sequence[str],
    corpus: Path,
    codes: Sequence[str],
    jobs: int,
    drop_in: Path | None = None,
) -> Side:
    """Our findings of `codes` and our parse errors (DLM000), lines mapped to instruction
    start lines. Our CLI runs with the interpreter that runs this script, so that the rule
    listing and the linting come from the same installation.

    `drop_in`: a directory holding a `.hadolint.yaml`; the CLI then runs there, reading it
    (drop-in mode, with HOME there too and no HADOLINT_* variable), instead of
    `--isolated`."""
    side = Side()
    wanted = set(codes)
    select = ",".join([OURS_PARSE_ERROR, *codes])
    by_path = {str(corpus / f): f for f in files}
    env = None
    if drop_in is not None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
        env.pop("XDG_CONFIG_HOME", None)
        env["HOME"] = str(drop_in)
    isolated = ["--isolated"] if drop_in is None else []

    def one(batch: list[str]) -> list[dict[str, Any]]:
        argv = [
            sys.executable, "-m", "dockerlint_ml", *isolated, "--no-plugins",
            "--select", select, "--format", "json", "--fail-on", "never",
            *(str(corpus / f) for f in batch),
        ]  # fmt: skip
        proc = subprocess.run(argv, capture_output=True, check=False, cwd=drop_in, env=env)
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

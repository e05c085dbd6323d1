"""Applying findings' fixes to a file's text, the unified diff of the change, and writing
the fixed file back (`--fix`, `--diff`).

Positions are the parser's: lines split on "\\n" only, a "\\r" before it not part of any
column, columns in code points, a byte-order mark not counted on line 1. An edit's newline
is written as the line ending of the line it lands on, so a CRLF file stays CRLF.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from dockerlint_ml.dockerfile.model import SAFE, Edit, Finding, Fix

# ruff's bound: after this many rounds of apply-and-relint, what is left is reported.
MAX_ROUNDS = 10


class FixWriteError(Exception):
    """A fixed file that could not be written; `str(exc)` is the reason shown after the path."""


@dataclass(frozen=True, slots=True)
class FixMode:
    """What `--fix`, `--unsafe-fixes`, `--fix-only` and `--diff` ask of a run."""

    unsafe: bool = False  # apply the unsafe fixes too
    write: bool = True  # write the fixed files (False: `--diff`, compute only)

    def wants(self, fix: Fix) -> bool:
        return self.unsafe or fix.applicability == SAFE


class _Lines:
    """Offsets in a text of each line's start, for turning (line, column) into offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bom = 1 if text.startswith("\ufeff") else 0
        starts = [self.bom]
        find = text.find
        at = find("\n", self.bom)
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        if len(starts) > 1 and starts[-1] == len(text):
            starts.pop()  # the parser's lines: no empty line after a final newline
        self.starts = starts

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts):
            raise ValueError(f"line {line} is not in the text")
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        if line == len(self.starts) and end > start and self.text[end - 1] == "\n":
            end -= 1
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        at = start + column - 1
        if not start <= at <= end:
            raise ValueError(f"column {column} is not on line {line}")
        return at

    def newline_at(self, offset: int) -> str:
        """The line ending of the line holding `offset` (the file's first one when that line
        has none: the last line of a file without a final newline)."""
        end = self.text.find("\n", offset)
        if end == -1:
            end = self.text.find("\n")
            if end == -1:
                return "\n"
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"


def _range(lines: _Lines, edit: Edit) -> tuple[int, int]:
    span = edit.span
    return lines.offset(span.line, span.column), lines.offset(span.end_line, span.end_column)


def _conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two edits' ranges overlap or touch: touching edits (an insertion where
    another edit starts or ends) have no defined order, so one of them waits a round."""
    return a[0] <= b[1] and b[0] <= a[1]


def choose(text: str, fixes: Sequence[Fix]) -> list[Fix]:
    """The fixes, in the order given, whose edits conflict with no fix chosen before them;
    the others wait for the next round (after a re-lint, their findings are recomputed)."""
    lines = _Lines(text)
    taken: list[tuple[int, int]] = []
    chosen: list[Fix] = []
    for fix in fixes:
        try:
            ranges = [_range(lines, e) for e in fix.edits]
        except ValueError:
            continue  # a finding of an earlier text: never applied
        if any(_conflict(r, t) for r in ranges for t in taken):
            continue
        taken.extend(ranges)
        chosen.append(fix)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with the edits applied; the edits must not overlap (raises ValueError when
    one does, or points outside the text)."""
    lines = _Lines(text)
    placed = sorted(((*_range(lines, e), e.text) for e in edits), key=lambda r: (r[0], r[1]))
    out: list[str] = []
    pos = 0
    for start, end, new in placed:
        if start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos:start])
        if "\n" in new:
            newline = lines.newline_at(start)
            if newline != "\n":
                new = new.replace("\r\n", "\n").replace("\n", newline)
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def fixes_of(findings: Sequence[Finding], mode: FixMode) -> list[Fix]:
    """The fixes `mode` applies among the findings' (in finding order)."""
    return [f.autofix for f in findings if f.autofix is not None and mode.wants(f.autofix)]


def unified_diff(path: str, old: str, new: str) -> str:
    """The unified diff from `old` to `new` as `patch -p1 --binary` applies it: `--- a/PATH`,
    `+++ b/PATH`, three lines of context, line endings kept as they are, and `\\ No newline
    at end of file` after a last line without one. Empty when the texts are equal."""
    if old == new:
        return ""
    a = _split(old)
    b = _split(new)
    # A name with a blank ends with a tab, as diff and git write it: patch reads a name up to
    # a tab, else up to the first blank.
    tail = "\t" if any(c in path for c in " \t") else ""
    out = [f"--- a/{path}{tail}\n", f"+++ b/{path}{tail}\n"]
    for line in list(difflib.unified_diff(a, b, n=3))[2:]:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _split(text: str) -> list[str]:
    """Lines with their "\\n" (patch's notion of a line; "\\r" stays in the line)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def write_fixed(path: str, original: bytes, text: str) -> None:
    """Write the fixed text over the file at `path` (a symlink: over its target),
    atomically and keeping its permissions, unless it changed since it was read as
    `original`. Raises FixWriteError with the reason."""
    from dockerlint_ml.run.sources import replace_file

    target = os.path.realpath(path)
    try:
        with open(target, "rb") as handle:
            now = handle.read(len(original) + 1)
    except OSError as exc:
        raise FixWriteError(f"cannot write the fixed file: {_reason(exc)}") from None
    if now != original:
        raise FixWriteError("not fixed: the file changed on disk since it was read")

    def write(out: TextIO) -> None:
        out.write(text)

    try:
        replace_file(target, write)
    except OSError as exc:
        raise FixWriteError(f"cannot write the fixed file: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    detail = exc.strerror or type(exc).__name__
    return detail[:1].lower() + detail[1:]

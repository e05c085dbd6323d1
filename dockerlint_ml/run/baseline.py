"""Baseline files: record today's findings so that only new ones fail the gate.

The file is JSON, written deterministically (sorted entries, two-space indent, a final
newline) so that it diffs well under version control:

    {
      "version": 1,
      "tool": "dockerlint-ml",
      "findings": [
        {"file": "svc/Dockerfile", "code": "DLM001", "fingerprint": "DLM001:3f2a...:0",
         "line": 1, "message": "..."}
      ]
    }

A finding is known when its file, code and fingerprint (`dockerlint_ml.run.fingerprints`: the
instruction's text with whitespace folded, plus its order among identical ones) match an
entry; `line` and `message` are informational. Moving lines therefore keeps a finding known,
editing its instruction makes it new, and each entry matches at most one finding. File paths
are stored relative to the baseline file's directory with `/` separators, so a baseline at the
repository root works from any working directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from dockerlint_ml.dockerfile.model import Finding
from dockerlint_ml.run.fingerprints import fingerprints
from dockerlint_ml.run.sources import (
    IS_DIRECTORY,
    NO_SUCH_FILE,
    NOT_REGULAR,
    SourceError,
    read_bytes,
    replace_file,
)

if TYPE_CHECKING:
    from dockerlint_ml.run.results import FileReport

VERSION = 1
TOOL = "dockerlint-ml"
# Internal errors (a rule that crashed) are never recorded: they are bugs, not debt.
_NEVER_RECORDED = frozenset({"DLM999"})


class BaselineError(Exception):
    """A baseline file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    file: str
    code: str
    fingerprint: str
    line: int = 0
    message: str = ""


def file_key(display_path: str, directory: str) -> str:
    """A report's path as the baseline stores it: relative to `directory`, `/`-separated.

    Standard input without a name (`-`) stays `-`; a path on another drive (Windows) stays
    absolute.
    """
    if display_path == "-":
        return "-"
    absolute = os.path.abspath(display_path)
    try:
        key = os.path.relpath(absolute, directory)
    except ValueError:
        key = absolute
    return key.replace(os.sep, "/")


def _directory_of(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def entries_of(files: Iterable[FileReport], directory: str) -> list[BaselineEntry]:
    """The entries recording every finding of `files`, in the file's (stable) order."""
    out: list[BaselineEntry] = []
    for report in files:
        key = file_key(report.path, directory)
        prints = fingerprints(report.findings, report.dockerfile)
        for finding, fingerprint in zip(report.findings, prints, strict=True):
            if finding.code in _NEVER_RECORDED:
                continue
            out.append(
                BaselineEntry(key, finding.code, fingerprint, finding.anchor.line, finding.message)
            )
    out.sort(key=lambda e: (e.file, e.line, e.code, e.fingerprint, e.message))
    return out


def dumps(entries: Iterable[BaselineEntry]) -> str:
    document = {
        "version": VERSION,
        "tool": TOOL,
        "findings": [
            {
                "file": e.file,
                "code": e.code,
                "fingerprint": e.fingerprint,
                "line": e.line,
                "message": e.message,
            }
            for e in entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str, files: list[FileReport]) -> None:
    """Record every finding of `files` in `path`, replacing it atomically
    (`sources.replace_file`: a temporary file renamed over it, symlinks never followed).

    Raises OSError when the file cannot be written (the runner reports it as a problem).
    """
    text = dumps(entries_of(files, _directory_of(path)))
    replace_file(path, lambda out: _write_text(out, text))


def _write_text(out: TextIO, text: str) -> None:
    out.write(text)


class Baseline:
    """A loaded baseline; `filter` keeps the findings it does not record."""

    def __init__(self, path: str, entries: Iterable[BaselineEntry]) -> None:
        self.path = path
        self.directory = _directory_of(path)
        self.entries = list(entries)
        self._by_file: dict[str, Counter[tuple[str, str]]] = {}
        for e in self.entries:
            self._by_file.setdefault(e.file, Counter())[(e.code, e.fingerprint)] += 1

    def __len__(self) -> int:
        return len(self.entries)

    def filter(self, report: FileReport) -> list[Finding]:
        """The findings of `report` that are not in the baseline (in their order).

        Each entry matches at most one finding; two identical instructions with the same
        finding need two entries, and are told apart by their order in the file.
        """
        recorded = self._by_file.get(file_key(report.path, self.directory))
        if not recorded or not report.findings:
            return list(report.findings)
        left = Counter(recorded)
        kept: list[Finding] = []
        prints = fingerprints(report.findings, report.dockerfile)
        for finding, fingerprint in zip(report.findings, prints, strict=True):
            key = (finding.code, fingerprint)
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(finding)
        return kept


# What follows "baseline FILE" for the reasons `read_bytes` gives; others are "cannot be read".
_UNREADABLE = {
    NO_SUCH_FILE: "does not exist; create it with --write-baseline",
    IS_DIRECTORY: "is a directory, not a baseline file",
    NOT_REGULAR: "is not a regular file",
}


def load_baseline(path: str, max_bytes: int | None = None) -> Baseline:
    """Read a baseline file; raises BaselineError (one line) when it is missing or invalid.

    It is opened as a Dockerfile is (`sources.read_bytes`): a regular file only, never a
    FIFO or a device, of at most `max_bytes` (default `sources.DEFAULT_MAX_FILE_SIZE`).
    """
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except SourceError as exc:
        raise _error(path, _UNREADABLE.get(exc.reason, f"cannot be read: {exc.reason}")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _error(path, "is not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(
            path, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise _error(path, "is not a baseline: its JSON nests too deeply") from None
    return Baseline(path, _entries(path, document))


def _entries(path: str, document: Any) -> list[BaselineEntry]:
    if not isinstance(document, dict) or "findings" not in document:
        raise _error(path, 'is not a dockerlint-ml baseline (no "findings" list)')
    if document.get("tool", TOOL) != TOOL:
        raise _error(path, f"was written by {document.get('tool')!r}, not dockerlint-ml")
    version = document.get("version")
    if version != VERSION:
        raise _error(path, f"has version {version!r}; this dockerlint-ml reads version 1")
    findings = document["findings"]
    if not isinstance(findings, list):
        raise _error(path, '"findings" is not a list')
    entries = []
    for number, item in enumerate(findings, start=1):
        if not isinstance(item, dict):
            raise _error(path, f"finding {number} is not an object")
        for key in ("file", "code", "fingerprint"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise _error(path, f'finding {number} has no "{key}" string')
        line = item.get("line", 0)
        message = item.get("message", "")
        entries.append(
            BaselineEntry(
                item["file"],
                item["code"],
                item["fingerprint"],
                line if isinstance(line, int) else 0,
                message if isinstance(message, str) else "",
            )
        )
    return entries


def _error(path: str, what: str) -> BaselineError:
    return BaselineError(f"baseline {path} {what}".replace("\r", " ").replace("\n", " "))

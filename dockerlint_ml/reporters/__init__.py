"""Report formats, one module each; render only, decide nothing.

Every text format passes text that comes from a Dockerfile (or a path) through `escape`, so
control characters, ANSI escape sequences, line separators and bidi overrides are shown as
visible escapes (`\\x1b`) and never reach the terminal raw. rich is imported only by
`rich_format`, loaded on demand by `render`.

The CI formats (sarif, github, gitlab, junit) name files relative to the repository root:
`PathResolver` is the one place that decides how.
"""

from __future__ import annotations

import importlib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TextIO

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.run.results import RunResult

FORMATS = ("rich", "plain", "json", "sarif", "github", "gitlab", "junit")
_MODULES = {
    "rich": "rich_format",
    "plain": "plain",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}
# The display path of standard input when no --stdin-filename was given.
STDIN_DISPLAY = "-"


def _escape_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        if cp != 0x09:  # a tab is harmless
            table[cp] = f"\\x{cp:02x}"
    # Line separators, bidi embeddings, overrides, isolates and marks (which reorder what a
    # reader sees: "Trojan Source"), and the zero-width characters that hide text.
    for cp in [
        0x061C, *range(0x200B, 0x2010), 0x2028, 0x2029, *range(0x202A, 0x202F), 0x2060,
        *range(0x2066, 0x206A), 0xFEFF,
    ]:  # fmt: skip
        table[cp] = f"\\u{cp:04x}"
    # Lone surrogates only come from undecodable file names (surrogateescape): show the byte.
    for cp in range(0xD800, 0xE000):
        table[cp] = f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"
    return table


_ESCAPES = _escape_table()


def escape(text: str) -> str:
    """`text` with every character that could restyle or break a terminal line made visible.

    C0 controls but tab, DEL, C1 controls, U+2028/U+2029, the bidi embedding, override,
    isolate and mark characters (U+061C, U+200E/F, U+202A-E, U+2066-9) and the zero-width
    ones (U+200B-D, U+2060, U+FEFF) become `\\xNN` / `\\uNNNN`. The one function every
    human-readable output uses (reports, stderr, `config`, `rules`); JSON and SARIF carry
    the characters as data. Linear in the length of the text.
    """
    return text.translate(_ESCAPES)


_SURROGATE = re.compile("[\ud800-\udfff]")


def unicode_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, for the formats that carry text
    as data (JSON, SARIF, GitLab): one comes only from an undecodable file name, is no
    Unicode character and cannot be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def level_count(level: Severity, count: int) -> str:
    """`1 error`, `2 warnings`, `2 info`, `3 style` (info and style are not counted nouns)."""
    if level in (Severity.INFO, Severity.STYLE):
        return f"{count} {level.label}"
    return plural(count, level.label)


def level_counts(findings: Iterable[Finding]) -> list[tuple[Severity, int]]:
    """(level, count) for each level present, most severe first."""
    counts = Counter(f.severity for f in findings)
    return [(level, counts[level]) for level in sorted(counts, reverse=True)]


def summary_line(result: RunResult) -> str:
    """`3 findings (1 error, 2 warnings) in 2 files`."""
    findings = [f for r in result.files for f in r.findings]
    text = plural(len(findings), "finding")
    if findings:
        parts = ", ".join(level_count(level, n) for level, n in level_counts(findings))
        text += f" ({parts})"
    return f"{text} in {plural(len(result.files), 'file')}"


def message_text(finding: Finding) -> str:
    """The message, then the fix hint if any: `... is unpinned. Fix: pin it.`"""
    text = finding.message.strip() or finding.name
    if finding.fix:
        if not text.endswith((".", "!", "?")):
            text += "."
        text += f" Fix: {finding.fix.strip()}"
    return text


@dataclass(frozen=True, slots=True)
class ArtifactPath:
    """Where a linted input lives, as CI systems want it.

    `path` is a posix path relative to `root` when the file is below it, an absolute posix
    path when it is not (`root` is then None), or `"stdin"` for standard input (`is_stdin`).
    """

    path: str
    root: Path | None
    is_stdin: bool = False


class PathResolver:
    """Display paths -> paths relative to the repository root.

    The root of a file is the nearest directory above it that holds `.git` (a directory, or
    the file of a worktree or submodule), else the working directory. Symlinks are resolved
    first, as GitHub code scanning requires. Lookups are cached per directory, so a run over
    many files in one tree checks each directory once.
    """

    def __init__(self, cwd: str | os.PathLike[str] | None = None) -> None:
        self.cwd = Path(os.getcwd() if cwd is None else cwd).resolve()
        self._roots: dict[Path, Path | None] = {}

    def _git_root(self, directory: Path) -> Path | None:
        chain: list[Path] = []
        found: Path | None = None
        for candidate in (directory, *directory.parents):
            if candidate in self._roots:
                found = self._roots[candidate]
                break
            chain.append(candidate)
            try:
                has_git = os.path.lexists(candidate / ".git")
            except (OSError, ValueError):
                has_git = False
            if has_git:
                found = candidate
                break
        for seen in chain:
            # A directory below the root found has that root; the root itself is its own.
            self._roots[seen] = found
        return found

    def locate(self, display: str) -> ArtifactPath:
        if display == STDIN_DISPLAY:
            return ArtifactPath("stdin", None, is_stdin=True)
        try:
            real = (self.cwd / display).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, an invalid name
            real = Path(os.path.abspath(self.cwd / display))
        root = self._git_root(real.parent) or self.cwd
        try:
            return ArtifactPath(real.relative_to(root).as_posix(), root)
        except ValueError:
            return ArtifactPath(PurePath(real).as_posix(), None)


def render(fmt: str, result: RunResult, out: TextIO) -> None:
    """Write `result` to `out` in format `fmt` (one of FORMATS)."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    module.render(result, out)

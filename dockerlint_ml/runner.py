"""Lint command-line paths: discovery, reading, parsing and the engine, problems collected.

`run()` is what `dockerlint-ml PATHS` and `dockerlint_ml.lint_paths` call. It never prints
and never raises for a bad input: every path that cannot be linted becomes a `Problem`, and
the other paths are still linted. The caller renders `RunResult.files` and prints
`RunResult.problems`, then exits with `RunResult.exit_code(fail_on)`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from dockerlint_ml.model import Dockerfile, Finding, Severity, Span
from dockerlint_ml.rule import Rule

PARSE_ERROR_CODE = "DLM000"
PARSE_ERROR_NAME = "parse-error"

# Problem kinds; each one makes the run exit 2.
INPUT = "input"  # a path that cannot be linted (missing, not a regular file, binary, ...)
PLUGIN = "plugin"  # a rule plugin that failed to load
INTERNAL = "internal"  # a rule or dockerlint-ml itself failed: a bug to report


class UsageError(ValueError):
    """Bad arguments to `run` (an unknown rule selector); nothing was linted."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that makes the run exit 2; `path` is None when no file is concerned."""

    path: str | None
    message: str
    kind: str = INPUT

    def line(self) -> str:
        """The one stderr line for this problem, without the program name."""
        return self.message if self.path is None else f"{self.path}: {self.message}"


@dataclass
class FileReport:
    """One linted input: its display path, its findings (sorted), its parsed model."""

    path: str
    findings: list[Finding]
    dockerfile: Dockerfile


@dataclass
class RunResult:
    """Everything a run found; rendering and the exit code are derived from it."""

    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    elapsed: float = 0.0  # seconds
    # The rules that ran (built-in and plugins), for reporters that describe them (SARIF).
    rules: list[type[Rule]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted by file, line, column and code."""
        return sorted((f for r in self.files for f in r.findings), key=Finding.sort_key)

    def exit_code(self, fail_on: Severity | None = Severity.WARNING) -> int:
        """2 if any problem; else 1 if a finding is at or above `fail_on` (None: never); else 0."""
        if self.problems:
            return 2
        if fail_on is not None and any(
            f.severity >= fail_on for r in self.files for f in r.findings
        ):
            return 1
        return 0


def _bad_utf8_finding(dockerfile: Dockerfile, line: int, column: int) -> Finding:
    text = dockerfile.lines[line - 1] if 1 <= line <= len(dockerfile.lines) else ""
    return Finding(
        code=PARSE_ERROR_CODE,
        name=PARSE_ERROR_NAME,
        severity=Severity.ERROR,
        message=f"invalid UTF-8 on line {line}; the bytes were replaced with U+FFFD",
        span=Span(line, column, line, max(len(text) + 1, column + 1)),
        fix="save the file as UTF-8",
        path=dockerfile.path,
    )


def run(
    paths: Sequence[str] = (),
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    stdin_filename: str | None = None,
    stdin: BinaryIO | None = None,
    plugins: bool = True,
) -> RunResult:
    """Lint files, directories and standard input as `dockerlint-ml PATHS` does.

    - `paths`: files, directories (searched for Dockerfiles, see `discovery`) and `-` for
      standard input. Empty means `./Dockerfile`, or standard input when `stdin_filename`
      is given.
    - `select` / `ignore`: rule selectors (codes, names, code prefixes, peer aliases or ALL);
      ignore wins. An unknown selector raises `UsageError` naming it, before anything is read.
    - `options`: a rule's code or name -> its options, e.g. `{"DLM001": {"pin": "digest"}}`.
    - `stdin_filename`: the name standard input gets in reports (default `-`).
    - `stdin`: a binary stream to read instead of `sys.stdin.buffer`.
    - `plugins`: load third-party rules from the `dockerlint_ml.rules` entry points.

    Every path that cannot be linted, every plugin that failed to load and every internal
    error (a rule that raised: DLM999) becomes a `Problem`; the other paths are still linted.
    Fresh rule instances are created for each file.
    """
    from dockerlint_ml.discovery import Problem as PathProblem
    from dockerlint_ml.discovery import discover
    from dockerlint_ml.engine import lint
    from dockerlint_ml.parser import parse
    from dockerlint_ml.registry import load_registry
    from dockerlint_ml.sources import SourceError, read_path, read_stdin

    started = time.perf_counter()
    select = list(select) if select is not None else None
    ignore = list(ignore) if ignore is not None else None
    registry = load_registry(plugins=plugins)
    for flag, selectors in (("select", select), ("ignore", ignore)):
        unknown = registry.unknown(selectors or [])
        if unknown:
            names = ", ".join(repr(s) for s in unknown)
            raise UsageError(f"unknown rule selector in --{flag}: {names}")

    result = RunResult()
    result.problems.extend(Problem(None, error, PLUGIN) for error in registry.errors)
    selected = registry.select(select, ignore)
    result.rules = list(selected)
    keep_parse_errors = any(r.code == PARSE_ERROR_CODE for r in selected)

    if not paths:
        paths = ["-"] if stdin_filename is not None else ["Dockerfile"]
    for target in discover(paths).items:
        if isinstance(target, PathProblem):
            result.problems.append(Problem(target.path, target.reason))
            continue
        display = target.display
        if target.is_stdin and stdin_filename is not None:
            display = stdin_filename
        try:
            if target.path is None:
                source = read_stdin(display, stdin)
            else:
                source = read_path(target.path, display)
        except SourceError as exc:
            result.problems.append(Problem(exc.path, exc.reason))
            continue
        try:
            dockerfile = parse(source.text, display)
            rules = []
            for rule_cls in selected:
                opts = None
                if options:
                    opts = options.get(rule_cls.code) or options.get(rule_cls.name)
                rules.append(rule_cls(opts))
            linted = lint(dockerfile, rules)
        except Exception as exc:  # the parser and engine must never raise; if they do, go on
            detail = f"{type(exc).__name__}: {exc}"
            result.problems.append(Problem(display, f"internal error: {detail}", INTERNAL))
            continue
        findings = [f if f.path == display else replace(f, path=display) for f in linted.findings]
        if source.bad_utf8 is not None and keep_parse_errors:
            bad = source.bad_utf8
            findings.append(_bad_utf8_finding(dockerfile, bad.line, bad.column))
            findings.sort(key=Finding.sort_key)
        result.problems.extend(
            Problem(display, f"internal error: {error}", INTERNAL)
            for error in linted.internal_errors
        )
        result.files.append(FileReport(display, findings, dockerfile))
    result.elapsed = time.perf_counter() - started
    return result

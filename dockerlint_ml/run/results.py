"""What a run produces and the errors that stop one: shared by the runner, the
configuration, the baseline and the reporters (below all of them, so none imports another
for its types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Severity
from dockerlint_ml.engine.rule import Rule

PARSE_ERROR_CODE = "DLM000"
PARSE_ERROR_NAME = "parse-error"

# Problem kinds; each one makes the run exit 2.
INPUT = "input"  # a path that cannot be linted (missing, not a regular file, binary, ...)
PLUGIN = "plugin"  # a rule plugin that failed to load
INTERNAL = "internal"  # a rule or dockerlint-ml itself failed: a bug to report


class UsageError(ValueError):
    """Bad arguments to `run` (an unknown rule selector); nothing was linted."""


class SetupError(ValueError):
    """A configuration or baseline file that cannot be used; nothing was linted.

    `str(exc)` is the one stderr line (without the program name): `<file>: <reason>`.
    """


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
    """One linted input: its display path, its findings (sorted), its parsed model.

    `fail_on`: the level at or above which this file's findings fail the run (None: never),
    from `--fail-on`, else the file's configuration, else warning.
    """

    path: str
    findings: list[Finding]
    dockerfile: Dockerfile
    fail_on: Severity | None = Severity.WARNING
    # The findings a baseline written by this run records (before any baseline filter).
    recorded: list[Finding] = field(default_factory=list)
    # With fixes asked for (`run(fix=...)`): the text as read, the fixed text (None: no
    # change) and the findings whose fixes were applied, in order; `findings` and
    # `dockerfile` are then those of the fixed text.
    original: str | None = None
    fixed: str | None = None
    applied: list[Finding] = field(default_factory=list)
    from_stdin: bool = False


class _PerFile:
    """The default of `RunResult.exit_code`: each file's own fail-on."""


PER_FILE: Any = _PerFile()


@dataclass
class RunResult:
    """Everything a run found; rendering and the exit code are derived from it."""

    files: list[FileReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # one stderr line each, not problems
    elapsed: float = 0.0  # seconds
    # The rules that ran (built-in and plugins), for reporters that describe them (SARIF).
    rules: list[type[Rule]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted by file, line, column and code."""
        return sorted((f for r in self.files for f in r.findings), key=Finding.sort_key)

    def exit_code(self, fail_on: Severity | None = PER_FILE) -> int:
        """2 if any problem; else 1 if a finding is at or above the threshold; else 0.

        The threshold is each file's own `fail_on` unless `fail_on` is given (None: never).
        """
        if self.problems:
            return 2
        for report in self.files:
            threshold = report.fail_on if fail_on is PER_FILE else fail_on
            if threshold is not None and any(f.severity >= threshold for f in report.findings):
                return 1
        return 0

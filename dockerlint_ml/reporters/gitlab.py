"""`--format gitlab`: a GitLab Code Quality report (a JSON array, one object per finding).

The fields GitLab reads (docs.gitlab.com/ci/testing/code_quality, "Implement a custom tool"):
`description`, `check_name`, `fingerprint`, `severity` (info, minor, major, critical or
blocker), `location.path` (relative to the repository root) and `location.lines.begin`.
We also give `location.lines.end` (Code Climate's spec, which GitLab's format is a subset of).

- `description` is `CODE name: message Fix: hint`, since the merge request widget shows the
  description and not the check name; as text for people it is `escape`d (controls,
  bidi and zero-width characters made visible), while `location.path` is the exact path;
- `check_name` is the rule code;
- `severity`: error -> major, warning -> minor, info and style -> info;
- `fingerprint`: GitLab shows findings with the same fingerprint as one, so it must be unique
  per finding yet stable across runs: a hash of the path relative to the repository root and
  of `dockerlint_ml.run.fingerprints` (code, instruction text, order among identical ones), which
  ignores line shifts. Should two findings still collide (the same file given twice), the
  later one gets a counter mixed in.

Written with `ensure_ascii` and without a byte order mark (GitLab rejects one).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.reporters import PathResolver, escape, message_text, unicode_text
from dockerlint_ml.run.fingerprints import fingerprints
from dockerlint_ml.run.results import RunResult

SEVERITIES = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
    Severity.STYLE: "info",
}


def _digest(*parts: str) -> str:
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


def code_quality(result: RunResult, cwd: str | None = None) -> list[dict[str, Any]]:
    """The report as a JSON-ready list, paths relative to `cwd`'s repository root."""
    resolver = PathResolver(cwd)
    issues: list[dict[str, Any]] = []
    used: set[str] = set()
    for report in result.files:
        path = resolver.locate(report.path).path
        prints = fingerprints(report.findings, report.dockerfile)
        for finding, fingerprint in zip(report.findings, prints, strict=True):
            digest = _digest(path, fingerprint)
            n = 0
            while digest in used:
                n += 1
                digest = _digest(path, fingerprint, str(n))
            used.add(digest)
            span = finding.span
            begin = max(span.line, 1)
            issues.append(
                {
                    "description": escape(
                        f"{finding.code} {finding.name}: {message_text(finding)}"
                    ),
                    "check_name": finding.code,
                    "fingerprint": digest,
                    "severity": SEVERITIES[finding.severity],
                    "location": {
                        "path": unicode_text(path),
                        "lines": {"begin": begin, "end": max(span.end_line, begin)},
                    },
                }
            )
    return issues


def render(result: RunResult, out: TextIO) -> None:
    out.write(json.dumps(code_quality(result), ensure_ascii=True, indent=2) + "\n")

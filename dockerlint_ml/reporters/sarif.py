"""`--format sarif`: one SARIF 2.1.0 log, shaped for GitHub code scanning.

What GitHub renders, and so what every log carries:

- `tool.driver` with name, version and `rules[]`: one descriptor per rule that ran (id, name,
  short and full description, help text and Markdown = the rule's page,
  defaultConfiguration.level, tags and aliases), plus one for any other code a finding
  carries (DLM999 internal-error is produced by the engine, not by a rule class);
- results with ruleId, ruleIndex, level (error, warning; info and style -> note), message
  (the message and the fix hint), one location whose URI is relative to the repository root
  (`%SRCROOT%`, see `PathResolver`), a region with start/end line and column (columns in
  Unicode code points, declared by `columnKind`), and `partialFingerprints` that survive line
  shifts (`dockerlint_ml.run.fingerprints`);
- `invocations[0]`: whether the run succeeded, and each problem (an unreadable input, a
  plugin that failed, an internal error) as a tool execution notification.

The JSON is written with `ensure_ascii`, so it stays valid whatever the encoding of stdout.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from dockerlint_ml import __version__
from dockerlint_ml.dockerfile.model import SAFE, Finding, Severity, Span
from dockerlint_ml.engine.docs import code_page, page_body, sections
from dockerlint_ml.engine.lint import INTERNAL_ERROR_CODE, INTERNAL_ERROR_NAME
from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.reporters import ArtifactPath, PathResolver, message_text, unicode_text
from dockerlint_ml.run.fingerprints import fingerprints
from dockerlint_ml.run.results import RunResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "dockerlint-ml"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "dockerlintMl/v1"

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.STYLE: "note",
}
# GitHub's `properties.problem.severity` for rules that are not security rules.
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
    Severity.STYLE: "recommendation",
}
# GitHub's limits for reportingDescriptor.shortDescription.text and .name.
SHORT_MAX = 1024
NAME_MAX = 255


_INTERNAL_SHORT = "A rule failed with an exception while checking the file."
_INTERNAL_FULL = (
    "dockerlint-ml itself failed: one rule raised an exception on this file, so that rule's"
    " findings for the file are missing. The other rules still ran."
)
_INTERNAL_HELP = (
    f"# {INTERNAL_ERROR_CODE} {INTERNAL_ERROR_NAME}\n\n{_INTERNAL_FULL}\n\n"
    "This is a bug in dockerlint-ml or in a rule plugin, not in the Dockerfile. The message"
    " names the rule and the exception; please report it with the Dockerfile if you can. The"
    " run exits with status 2 while it happens.\n"
)


def _folded(text: str) -> str:
    return " ".join(text.split())


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    """The reportingDescriptor of one rule class, from its docs."""
    secs = sections(rule)
    head = secs[""].splitlines()
    summary = _folded(head[0]) if head else ""
    intro = _folded("\n".join(head[1:]))
    why = _folded(secs.get("Why is this bad?", ""))
    short = summary or rule.name or rule.code
    page = page_body(rule)
    tags = ["dockerfile", *getattr(rule, "tags", ()), *rule.aliases, *rule.supersedes]
    return {
        "id": rule.code,
        "name": rule.name[:NAME_MAX] or rule.code,
        "shortDescription": {"text": short[:SHORT_MAX]},
        "fullDescription": {"text": intro or why or short},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys(tags)),
            "aliases": list(rule.aliases),
            "supersedes": list(rule.supersedes),
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def family_descriptor(rule: type[Rule], code: str) -> dict[str, Any]:
    """The reportingDescriptor of one code of a family rule (SC2086 of the rule SC), with
    `helpUri` to the page that explains the code."""
    page = code_page(rule, code)
    short = f"ShellCheck {code}" if rule.code == "SC" else f"{rule.name} {code}"
    descriptor: dict[str, Any] = {
        "id": code,
        "name": rule.name[:NAME_MAX],
        "shortDescription": {"text": short},
        "fullDescription": {"text": _folded(sections(rule)[""].splitlines()[0])},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["dockerfile", rule.name],
            "aliases": [],
            "supersedes": [],
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }
    url = rule.code_url(code)
    if url is not None:
        descriptor["helpUri"] = url
    return descriptor


def _family_of(code: str, rules: Iterable[type[Rule]]) -> type[Rule] | None:
    for rule in rules:
        if rule.family_digits and code.startswith(rule.code) and code != rule.code:
            return rule
    return None


def _fallback_descriptor(finding: Finding, rules: Iterable[type[Rule]] = ()) -> dict[str, Any]:
    """A descriptor for a code no rule class of this run describes."""
    if finding.code == INTERNAL_ERROR_CODE:
        short, full, page = _INTERNAL_SHORT, _INTERNAL_FULL, _INTERNAL_HELP
        tags = ["dockerfile", "internal"]
    else:
        from dockerlint_ml.rules import BUILTIN_RULES

        family = _family_of(finding.code, (*rules, *BUILTIN_RULES))
        if family is not None:
            return family_descriptor(family, finding.code)
        for rule in BUILTIN_RULES:
            if rule.code == finding.code:
                return rule_descriptor(rule)
        name = finding.name or finding.code
        short = f"{finding.code} {name}"
        full = f"Findings of {finding.code} {name}; the rule is not installed in this run."
        page = f"# {finding.code} {name}\n\n{full}\n"
        tags = ["dockerfile"]
    return {
        "id": finding.code,
        "name": (finding.name or finding.code)[:NAME_MAX],
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "tags": tags,
            "aliases": [],
            "problem.severity": PROBLEM_SEVERITY[finding.severity],
        },
    }


def artifact_location(where: ArtifactPath) -> dict[str, Any]:
    """artifactLocation: a percent-encoded URI relative to %SRCROOT% when possible."""
    if where.is_stdin:
        return {"uri": where.path}
    try:
        raw = os.fsencode(where.path)  # an undecodable name keeps its bytes
    except UnicodeEncodeError:  # a surrogate no file system name decodes to (API input)
        raw = unicode_text(where.path).encode("utf-8")
    if where.root is None:
        return {"uri": "file://" + quote(raw, safe="/")}
    return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}


def _region(finding: Finding) -> dict[str, int]:
    return _span_region(finding.span)


def _fixes(finding: Finding, location: dict[str, Any]) -> list[dict[str, Any]]:
    """SARIF `fixes`: the finding's edits as one artifact change (an insertion is a
    zero-length region); an unsafe fix says so in its description."""
    fix = finding.autofix
    if fix is None:
        return []
    title = fix.title if fix.applicability == SAFE else f"{fix.title} (unsafe)"
    replacements = [
        {"deletedRegion": _span_region(e.span), "insertedContent": {"text": unicode_text(e.text)}}
        for e in fix.edits
    ]
    return [
        {
            "description": {"text": unicode_text(title)},
            "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
        }
    ]


def _span_region(span: Span) -> dict[str, int]:
    line = max(span.line, 1)
    column = max(span.column, 1)
    end_line = max(span.end_line, line)
    end_column = max(span.end_column, 1)
    if end_line == line:
        end_column = max(end_column, column)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _notifications(result: RunResult, resolver: PathResolver) -> list[dict[str, Any]]:
    out = []
    for problem in result.problems:
        note: dict[str, Any] = {
            "level": "error",
            "message": {"text": unicode_text(problem.line())},
            "descriptor": {"id": problem.kind},
        }
        if problem.path is not None:
            location = artifact_location(resolver.locate(problem.path))
            note["locations"] = [{"physicalLocation": {"artifactLocation": location}}]
        out.append(note)
    return out


def _root_uri(roots: Iterable[Path | None]) -> dict[str, Any]:
    distinct = {root for root in roots if root is not None}
    if len(distinct) != 1:
        # Files from several repositories: each URI is relative to its own root, which a
        # single %SRCROOT% cannot name; consumers then resolve against the upload's checkout.
        return {}
    (root,) = distinct
    return {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}


def sarif_log(result: RunResult, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF log of `result` as a JSON-ready dict (paths relative to `cwd`'s repository)."""
    resolver = PathResolver(cwd)
    # A family rule (SC) gets one descriptor per code it reported, not one for itself.
    descriptors = [rule_descriptor(rule) for rule in result.rules if not rule.family_digits]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    roots: list[Path | None] = []
    for report in result.files:
        where = resolver.locate(report.path)
        roots.append(where.root)
        location = artifact_location(where)
        prints = fingerprints(report.findings, report.dockerfile)
        for finding, fingerprint in zip(report.findings, prints, strict=True):
            if finding.code not in index:
                index[finding.code] = len(descriptors)
                descriptors.append(_fallback_descriptor(finding, result.rules))
            results.append(
                {
                    "ruleId": finding.code,
                    "ruleIndex": index[finding.code],
                    "level": LEVELS[finding.severity],
                    "message": {"text": unicode_text(message_text(finding))},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": location,
                                "region": _region(finding),
                            }
                        }
                    ],
                    "partialFingerprints": {FINGERPRINT_KEY: unicode_text(fingerprint)},
                }
            )
            fixes = _fixes(finding, location)
            if fixes:
                results[-1]["fixes"] = fixes
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not result.problems,
                "toolExecutionNotifications": _notifications(result, resolver),
                "workingDirectory": {"uri": resolver.cwd.as_uri().rstrip("/") + "/"},
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    base = _root_uri(roots)
    if base:
        run["originalUriBaseIds"] = base
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(result: RunResult, out: TextIO) -> None:
    out.write(json.dumps(sarif_log(result), ensure_ascii=True, indent=2) + "\n")

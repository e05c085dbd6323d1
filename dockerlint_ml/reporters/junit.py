"""`--format junit`: JUnit XML for CI test dashboards.

One `<testsuite>` per linted file (named by its display path) and in it one `<testcase>` per
rule that ran (`DLM001 base-image-unpinned`): it fails with one `<failure type="DLM001">`
listing the rule's findings (line, column, level, message and fix) when the rule found
something, and passes otherwise; a code no rule of the run describes (DLM999) gets its own
failing testcase. Every problem that makes the run exit 2 (an unreadable input, a plugin
that failed, an internal error) is a testcase with an `<error>`, in the suite of its file
(a suite of its own when that file was not linted, `dockerlint-ml` when no file is
concerned). Every level counts as a failure: the dashboard shows what the linter found,
the exit status (`--fail-on`) decides whether the job fails.

Built with xml.etree, so markup in a Dockerfile is always escaped; text is first passed through
`escape` (control characters, ANSI escapes, bidi overrides made visible) and anything else
XML 1.0 forbids is replaced, so the document is well-formed for any input. Written as ASCII
with character references, so it stays valid whatever the encoding of stdout.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from dockerlint_ml.dockerfile.model import Finding
from dockerlint_ml.reporters import escape, message_text, plural
from dockerlint_ml.run.results import Problem, RunResult

SUITES_NAME = "dockerlint-ml"

# Everything outside XML 1.0's Char production (after `escape`, only U+FFFE and U+FFFF remain).
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` made visible (`escape`) and legal in XML 1.0."""
    return _ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", escape(text))


def _finding_line(finding: Finding) -> str:
    span = finding.span
    return (
        f"{xml_text(finding.path)}:{span.line}:{span.column}: [{finding.severity.label}]"
        f" {xml_text(message_text(finding))}"
    )


def _add_errors(suite: ET.Element, classname: str, problems: Iterable[Problem]) -> int:
    count = 0
    for problem in problems:
        case = ET.SubElement(
            suite, "testcase", classname=classname, name=f"dockerlint-ml {problem.kind}"
        )
        error = ET.SubElement(case, "error", message=xml_text(problem.message), type=problem.kind)
        error.text = xml_text(problem.line())
        count += 1
    return count


def _finish_suite(suite: ET.Element, failures: int, errors: int) -> tuple[int, int, int]:
    tests = len(suite)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return tests, failures, errors


def junit_tree(result: RunResult) -> ET.Element:
    """The `<testsuites>` element of `result`."""
    root = ET.Element("testsuites", name=SUITES_NAME)
    rule_names = {rule.code: rule.name for rule in result.rules}
    problems: dict[str | None, list[Problem]] = {}
    for problem in result.problems:
        problems.setdefault(problem.path, []).append(problem)
    totals = [0, 0, 0]

    def add(counts: tuple[int, int, int]) -> None:
        for i, n in enumerate(counts):
            totals[i] += n

    linted = set()
    for report in result.files:
        path = xml_text(report.path)
        suite = ET.SubElement(root, "testsuite", name=path)
        by_code: dict[str, list[Finding]] = {}
        names = dict(rule_names)
        for finding in report.findings:
            by_code.setdefault(finding.code, []).append(finding)
            names.setdefault(finding.code, finding.name)
        failures = 0
        for code, name in names.items():
            case = ET.SubElement(suite, "testcase", classname=path, name=xml_text(f"{code} {name}"))
            found = by_code.get(code)
            if found:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=xml_text(f"{plural(len(found), 'finding')} of {code} {name}"),
                    type=xml_text(code),
                )
                failure.text = "\n".join(_finding_line(f) for f in found)
        errors = 0
        if report.path not in linted:
            linted.add(report.path)
            errors = _add_errors(suite, path, problems.get(report.path, ()))
        add(_finish_suite(suite, failures, errors))
    for where, items in problems.items():
        if where is not None and where in linted:
            continue
        name = SUITES_NAME if where is None else xml_text(where)
        suite = ET.SubElement(root, "testsuite", name=name)
        add(_finish_suite(suite, 0, _add_errors(suite, name, items)))
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    root.set("time", f"{result.elapsed:.3f}")
    return root


def render(result: RunResult, out: TextIO) -> None:
    root = junit_tree(result)
    ET.indent(root)
    body = ET.tostring(root, encoding="us-ascii", xml_declaration=False).decode("ascii")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")

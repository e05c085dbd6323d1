"""lint(dockerfile, rules) -> findings: one pass over the instructions, then each rule's finish."""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Dockerfile,
    Edit,
    Finding,
    Fix,
    Instruction,
    Severity,
    Span,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.image_facts import ImageFacts

INTERNAL_ERROR_CODE = "DLM999"
INTERNAL_ERROR_NAME = "internal-error"


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    # One line per rule that raised: "DLMnnn name: ExceptionType: message".
    internal_errors: list[str] = field(default_factory=list)


def drop_subsumed(findings: list[Finding]) -> list[Finding]:
    """Findings whose root cause a reported finding already covers, dropped (one root
    cause, one finding); call after suppressions, before baselines."""
    if not any(f.subsumed_by for f in findings):
        return findings
    # A finding is covered by a reported one whose lines hold its first line: ShellCheck's
    # SC2164 on the `cd` of a RUN's third line is DL3003's, reported on the whole RUN.
    wanted = {(f.path, f.subsumed_by) for f in findings if f.subsumed_by is not None}
    covering: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for f in findings:
        if (f.path, f.code) in wanted:
            covering.setdefault((f.path, f.code), []).append((f.anchor.line, f.anchor.end_line))
    return [
        f
        for f in findings
        if f.subsumed_by is None
        or not any(
            start <= f.anchor.line <= end
            for start, end in covering.get((f.path, f.subsumed_by), ())
        )
    ]


def drop_superseded(
    findings: list[Finding], superseders: Mapping[str, frozenset[str]]
) -> list[Finding]:
    """The findings of superseded rules on a line where a rule superseding them reports
    (`superseders`: code -> superseding codes, from `Registry.superseders`), dropped: with
    both selected, DL3025 and DLM008 on one CMD are one root cause, and the stricter rule's
    finding is the one kept. Call before suppressions, so that silencing the stricter rule
    on that line does not bring the other finding back."""
    if not any(f.code in superseders for f in findings):
        return findings
    reported = {(f.path, f.code, f.anchor.line) for f in findings}
    return [
        f
        for f in findings
        if not any(
            (f.path, code, f.anchor.line) in reported for code in superseders.get(f.code, ())
        )
    ]


def _whole_file(dockerfile: Dockerfile) -> Span:
    last = max(len(dockerfile.lines), 1)
    end_col = len(dockerfile.lines[-1]) + 1 if dockerfile.lines else 1
    return Span(1, 1, last, end_col)


# Rules are code from anywhere (plugins): whatever one raises, its own __str__ included, is
# caught and shown in at most this many characters, on one line.
_SHOWN_CHARS = 200


def _shown(text: Callable[[], str]) -> str:
    """`text()` on one line and cut short; what an object that cannot show itself raised."""
    try:
        shown = " ".join(text().split())
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a plugin's __str__ or __repr__ may raise anything
        shown = f"<unprintable {type(exc).__name__}>"
    return shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 3] + "..."


def safe_repr(value: object) -> str:
    """`repr(value)` on one line and cut short, whatever the object's __repr__ does."""
    return _shown(lambda: repr(value))


def error_text(exc: BaseException) -> str:
    """`ExceptionType: message` on one line (the type alone when the message is empty),
    whatever the exception's __str__ does."""
    message = _shown(lambda: str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def error_message(exc: BaseException) -> str:
    """The message alone, or `error_text` when there is none."""
    return _shown(lambda: str(exc)) or type(exc).__name__


def _command_index(by_keyword: dict[str, list[Rule]]) -> dict[str, dict[str, list[Rule]]]:
    """keyword -> program name -> the rules (in registry order) that declare it."""
    index: dict[str, dict[str, list[Rule]]] = {}
    for kw, found in by_keyword.items():
        for rule in found:
            for name in rule.commands:
                index.setdefault(kw, {}).setdefault(name, []).append(rule)
    return index


def _program_names(ctx: Context, instruction: Instruction) -> set[str]:
    """The programs an instruction runs, by base name and by base name without a version
    suffix (`pip3.11` is `pip` too): what `Rule.commands` is matched against."""
    names: set[str] = set()
    for command in ctx.commands(instruction):
        name = command.name
        names.add(name)
        names.add(name.rstrip("0123456789.") or name)
    return names


class UnbuiltRule(Rule):
    """Stands in for a rule whose constructor raised: `lint` reports that as its DLM999."""

    def __init__(self, rule: type[Rule], error: BaseException) -> None:
        super().__init__()
        self.rule = rule
        self.error = error


def make_rule(rule: type[Rule], options: Mapping[str, Any] | None = None) -> Rule:
    """An instance of `rule`, or an UnbuiltRule holding what its constructor raised
    (SystemExit included: a plugin must not end the run; KeyboardInterrupt still does)."""
    try:
        return rule(options)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return UnbuiltRule(rule, exc)


def _number(n: int) -> str:
    """An int as messages show it: a 5000-digit one cannot even be converted to text."""
    return str(n) if abs(n) < 10**18 else "-huge" if n < 0 else "huge"


def _span_problem(span: Span, lines: Sequence[str]) -> str | None:
    """What makes `span` point outside the file, or None when it points into it."""
    numbers = (span.line, span.column, span.end_line, span.end_column)
    if any(type(n) is not int for n in numbers):
        return f"span {safe_repr(numbers)} holds a value that is not an int"
    line, column, end_line, end_column = (_number(n) for n in numbers)
    last = max(len(lines), 1)
    if not 1 <= span.line <= span.end_line <= last:
        return f"span lines {line}-{end_line} are not within the file's 1-{last}"

    def width(line: int) -> int:  # the column just after the line's last character
        return len(lines[line - 1]) + 1 if lines else 1

    if not 1 <= span.column <= width(span.line) or not 1 <= span.end_column <= width(span.end_line):
        return f"span columns {column}-{end_column} are outside their lines"
    if span.line == span.end_line and span.end_column < span.column:
        return f"span columns {column}-{end_column} are inverted"
    return None


def _own_code(code: str, rule: Rule) -> bool:
    """Whether a finding's code is the rule's: its code, or for a rule reporting a family
    of codes (ShellCheck's), its letters and exactly `family_digits` digits."""
    if code == rule.code:
        return not rule.family_digits
    digits = code[len(rule.code) :]
    return (
        bool(rule.family_digits)
        and code.startswith(rule.code)
        and len(digits) == rule.family_digits
        and digits.isascii()
        and digits.isdigit()
    )


def malformed(finding: object, rule: Rule, lines: Sequence[str]) -> str | None:
    """What makes a finding `rule` produced unreportable, or None when it is well formed:
    exact types (a subclass could change how it compares, hashes or prints), the rule's own
    code and name, and a span within the file."""
    if type(finding) is not Finding:
        return f"produced {type(finding).__name__}, not a Finding"
    if type(finding.severity) is not Severity:
        return f"severity {safe_repr(finding.severity)} is not a Severity"
    texts = (("code", finding.code), ("name", finding.name), ("message", finding.message))
    for label, value in (*texts, ("fix", finding.fix), ("subsumed_by", finding.subsumed_by)):
        if type(value) is not str and not (value is None and label in ("fix", "subsumed_by")):
            return f"{label} is {type(value).__name__}, not str"
    if not _own_code(finding.code, rule) or finding.name != rule.name:
        given = _shown(lambda: f"{finding.code} {finding.name}")
        return f"code and name {given} are not the rule's"
    if type(finding.span) is not Span:
        return f"span is {type(finding.span).__name__}, not a Span"
    problem = _span_problem(finding.span, lines)
    if problem is None and finding.instruction is not None:
        if type(finding.instruction) is not Span:
            return f"instruction is {type(finding.instruction).__name__}, not a Span"
        problem = _span_problem(finding.instruction, lines)
    if problem is None and finding.autofix is not None:
        problem = _fix_problem(finding.autofix, lines)
    return problem


def _fix_problem(fix: object, lines: Sequence[str]) -> str | None:
    """What makes a finding's autofix unusable, or None: exact types, a known
    applicability, edits within the file that do not overlap."""
    if type(fix) is not Fix:
        return f"autofix is {type(fix).__name__}, not a Fix"
    if type(fix.title) is not str or fix.applicability not in (SAFE, UNSAFE):
        return (
            f"autofix {safe_repr((fix.title, fix.applicability))} has no str title or applicability"
        )
    if type(fix.edits) is not tuple or not fix.edits:
        return "autofix edits are not a non-empty tuple"
    ranges = []
    for edit in fix.edits:
        if type(edit) is not Edit or type(edit.span) is not Span or type(edit.text) is not str:
            return f"autofix edit {safe_repr(edit)} is not an Edit of a Span and a str"
        problem = _span_problem(edit.span, lines)
        if problem is not None:
            return f"autofix edit: {problem}"
        ranges.append(
            ((edit.span.line, edit.span.column), (edit.span.end_line, edit.span.end_column))
        )
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        if start < end:
            return "autofix edits overlap"
    return None


def _label(rule: Rule) -> str:
    """`CODE name` of a rule (of the class an UnbuiltRule stands for), as DLM999 shows it."""
    named = rule.rule if isinstance(rule, UnbuiltRule) else rule
    return _shown(lambda: f"{named.code} {named.name}")


def _close(found: Iterator[object]) -> None:
    """Stop a rule's generator now, so that its cleanup runs here rather than at garbage
    collection (where what it raises would be printed on stderr); the rule already failed."""
    try:
        getattr(found, "close", lambda: None)()
    except KeyboardInterrupt:
        raise
    except BaseException:  # nothing more to report: the rule is already a DLM999
        return


def lint(
    dockerfile: Dockerfile,
    rules: Sequence[Rule],
    images: Sequence[ImageFacts] = (),
    context: Context | None = None,
) -> LintResult:
    """Run fresh rule instances over one parsed file.

    A rule that raises (anything but KeyboardInterrupt, from `check`, `finish` or while its
    findings are iterated), that could not be built (UnbuiltRule) or that produces a
    malformed finding becomes one DLM999 on the file and is not called again; the others
    still run. `images`: the user's image facts, consulted before the built-in table;
    `context`: the file's Context when the caller built it (to gather its scripts for
    ShellCheck first), else a new one."""
    ctx = context if context is not None else Context(dockerfile, images)
    result = LintResult()
    lines = dockerfile.lines
    by_keyword: dict[str, list[Rule]] = {}
    onbuild: dict[str, list[Rule]] = {}
    broken: set[int] = set()  # id() of each rule that failed: never called again

    def fail(rule: Rule, detail: str) -> None:
        broken.add(id(rule))
        label = _label(rule)
        result.internal_errors.append(f"{label}: {detail}")
        result.findings.append(
            Finding(
                code=INTERNAL_ERROR_CODE,
                name=INTERNAL_ERROR_NAME,
                severity=Severity.ERROR,
                message=f"rule {label} failed: {detail}",
                span=_whole_file(dockerfile),
                path=dockerfile.path,
            )
        )

    def raised(rule: Rule, exc: BaseException) -> None:
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
        fail(rule, f"{error_text(exc)}{where}")

    def collect(rule: Rule, produced: Iterable[Finding] | None) -> None:
        if produced is None:
            return
        found = iter(produced)
        for f in found:
            problem = malformed(f, rule, lines)
            if problem is not None:
                fail(rule, f"malformed finding: {problem}")
                _close(found)
                return
            result.findings.append(replace(f, path=dockerfile.path))

    def run(rule: Rule, call: Callable[..., Iterable[Finding] | None], *args: object) -> None:
        if id(rule) in broken:
            return
        try:
            collect(rule, call(*args))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit too: one broken rule must not stop the run
            raised(rule, exc)

    if ctx.build_context is None:
        # Without a build context the context rules have nothing to judge: not run at all.
        rules = [r for r in rules if isinstance(r, UnbuiltRule) or not r.needs_context]
    for rule in rules:
        if isinstance(rule, UnbuiltRule):
            raised(rule, rule.error)
            continue
        try:
            for kw in rule.keywords:
                by_keyword.setdefault(kw, []).append(rule)
                if rule.onbuild:
                    onbuild.setdefault(kw, []).append(rule)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raised(rule, exc)
    plain = {kw: [r for r in found if not r.commands] for kw, found in by_keyword.items()}
    plain_onbuild = {kw: [r for r in found if not r.commands] for kw, found in onbuild.items()}
    by_command = _command_index(by_keyword)
    by_command_onbuild = _command_index(onbuild)

    def dispatch(
        ins: Instruction, always: list[Rule], by_name: dict[str, list[Rule]] | None
    ) -> None:
        for rule in always:
            run(rule, rule.check, ins, ctx)
        if not by_name:
            return
        wanted: dict[int, Rule] = {}
        for name in _program_names(ctx, ins):
            for rule in by_name.get(name, ()):
                wanted.setdefault(id(rule), rule)
        for rule in wanted.values():
            run(rule, rule.check, ins, ctx)

    for ins in dockerfile.instructions:
        dispatch(ins, plain.get(ins.keyword, []), by_command.get(ins.keyword))
        inner = ins.inner
        if inner is not None:
            dispatch(
                inner, plain_onbuild.get(inner.keyword, []), by_command_onbuild.get(inner.keyword)
            )
    for rule in rules:
        # Most rules judge instruction by instruction: the base class's finish does nothing.
        if type(rule).finish is not Rule.finish:
            run(rule, rule.finish, ctx)
    result.findings.sort(key=Finding.sort_key)
    return result

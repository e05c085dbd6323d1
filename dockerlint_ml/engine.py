"""lint(dockerfile, rules) -> findings: one pass over the instructions, then each rule's finish."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from dockerlint_ml.image_facts import ImageFacts
from dockerlint_ml.model import Dockerfile, Finding, Severity, Span
from dockerlint_ml.rule import Context, Rule

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
    reported = {(f.path, f.code, f.span.line) for f in findings}
    return [
        f
        for f in findings
        if f.subsumed_by is None or (f.path, f.subsumed_by, f.span.line) not in reported
    ]


def _whole_file(dockerfile: Dockerfile) -> Span:
    last = max(len(dockerfile.lines), 1)
    end_col = len(dockerfile.lines[-1]) + 1 if dockerfile.lines else 1
    return Span(1, 1, last, end_col)


def lint(
    dockerfile: Dockerfile, rules: Sequence[Rule], images: Sequence[ImageFacts] = ()
) -> LintResult:
    """Run fresh rule instances over one parsed file; a rule that raises becomes DLM999.

    `images`: the user's image facts, consulted before the built-in table."""
    ctx = Context(dockerfile, images)
    result = LintResult()
    by_keyword: dict[str, list[Rule]] = {}
    onbuild: dict[str, list[Rule]] = {}
    for rule in rules:
        for kw in rule.keywords:
            by_keyword.setdefault(kw, []).append(rule)
            if rule.onbuild:
                onbuild.setdefault(kw, []).append(rule)
    broken: set[str] = set()

    def collect(rule: Rule, produced: Iterable[Finding] | None) -> None:
        if produced:
            for f in produced:
                result.findings.append(replace(f, path=dockerfile.path))

    def fail(rule: Rule, exc: BaseException) -> None:
        broken.add(rule.code)
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
        detail = f"{type(exc).__name__}: {exc}{where}"
        result.internal_errors.append(f"{rule.code} {rule.name}: {detail}")
        result.findings.append(
            Finding(
                code=INTERNAL_ERROR_CODE,
                name=INTERNAL_ERROR_NAME,
                severity=Severity.ERROR,
                message=f"rule {rule.code} {rule.name} failed: {detail}",
                span=_whole_file(dockerfile),
                path=dockerfile.path,
            )
        )

    for ins in dockerfile.instructions:
        for rule in by_keyword.get(ins.keyword, ()):
            if rule.code in broken:
                continue
            try:
                collect(rule, rule.check(ins, ctx))
            except Exception as exc:  # isolation: one broken rule must not stop the others
                fail(rule, exc)
        if ins.inner is not None:
            for rule in onbuild.get(ins.inner.keyword, ()):
                if rule.code in broken:
                    continue
                try:
                    collect(rule, rule.check(ins.inner, ctx))
                except Exception as exc:
                    fail(rule, exc)
    for rule in rules:
        if rule.code in broken:
            continue
        try:
            collect(rule, rule.finish(ctx))
        except Exception as exc:
            fail(rule, exc)
    result.findings.sort(key=Finding.sort_key)
    return result

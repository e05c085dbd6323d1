"""Inline suppression comments: our own pragmas, hadolint's and BuildKit's `# check=skip=`.

Forms (the tool word and keywords are case-insensitive, spaces around `=` and after commas
are allowed, and a reason may follow a second `#`):

    # dockerlint-ml ignore=DLM001,cmd-not-exec-form  # reason
    # dockerlint-ml stage ignore=DLM004
    # dockerlint-ml global ignore=DLM002
    # hadolint ignore=DL3006 / # hadolint stage ignore=... / # hadolint global ignore=...
    # check=skip=JSONArgsRecommended,WorkdirRelativePath   (BuildKit parser directive)
    # check=skip=all

An entry is a rule code, a rule name or an alias, matched without regard to case; naming a rule
also silences the rules that supersede it, and a peer code that only a `supersedes` entry names
(`DL3000`, `JSONArgsRecommended`) silences the rules that supersede it. Code prefixes and ALL
are not accepted: a suppression names each rule it silences, so that an unused one can be
reported. The codes of a family rule are the exception: `SC2086`, a prefix such as `SC20`,
and `SC` itself each name the ShellCheck findings under them. BuildKit check names are
matched with their exact case, as BuildKit does, against aliases and `supersedes` entries;
`skip=all` covers every rule that carries a BuildKit check name (a letters-only CamelCase
word) there.

Where each form applies, as line ranges (a finding is covered when its first line is in the
range; the lines between the comment and the instruction are covered too):

- ignore: from the line after the comment to the last line of the next instruction;
- stage ignore: from the line after the comment to the last line of the stage that the next
  instruction belongs to: placed just before a FROM, that whole stage (the FROM included);
  placed inside a stage, the rest of it; before the first FROM, up to that FROM;
- global ignore and check=skip: the whole file.

Only comment lines outside every instruction's span are read: a `#` line inside a heredoc body
or between continuation lines belongs to its instruction. Our own pragmas are checked: an entry
that silenced nothing, names no rule of ours, or a comment that starts like a pragma but does
not parse, is reported as DLM901 unused-suppression on the comment. hadolint and BuildKit
pragmas are never reported, so a repository can keep them while it uses both tools.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dockerlint_ml.dockerfile.comments import PRAGMA_RE, comment_lines
from dockerlint_ml.dockerfile.model import SAFE, Dockerfile, Edit, Finding, Fix, Severity, Span

if TYPE_CHECKING:
    from dockerlint_ml.engine.registry import Registry
    from dockerlint_ml.engine.rule import Rule

OURS = "dockerlint-ml"
HADOLINT = "hadolint"
BUILDKIT = "check"
BUILDKIT_PREFIX = "BK"  # the codes of BuildKit's checks

NEXT = "next"
STAGE = "stage"
GLOBAL = "global"

UNUSED_CODE = "DLM901"

# The start of a pragma: `# dockerlint-ml` or `# hadolint` followed by a keyword; a comment
# that starts this way but does not parse is a malformed pragma (ours are reported). The
# blanks after an optional colon are their own run: `[ \t]*:?[ \t]*` would try every split
# of a long run of blanks (quadratic).
_HEAD_RE = re.compile(
    r"^#[ \t]*(dockerlint-ml|hadolint)[ \t]*(?::[ \t]*)?(?:global|stage|ignore)\b",
    re.IGNORECASE,
)
# BuildKit check names are CamelCase words (JSONArgsRecommended); hadolint's are DLnnnn.
_BUILDKIT_NAME_RE = re.compile(r"^[A-Z][A-Za-z]*[a-z][A-Za-z]*$")
_MALFORMED_FIX = (
    "write `# dockerlint-ml ignore=CODE[,CODE...]` (or `stage ignore=` / `global ignore=`)"
    " and put any reason after a second `#`"
)


@dataclass(eq=False, slots=True)
class _Pragma:
    source: str  # OURS, HADOLINT or BUILDKIT
    scope: str  # NEXT, STAGE or GLOBAL
    line: int  # the comment's line (0 for the check directive)
    span: Span  # the comment, where DLM901 is reported
    start: int  # first covered line
    end: int  # last covered line; end < start means nothing is covered
    target: int = 0  # first line of the next instruction (0: none follows)


@dataclass(eq=False, slots=True)
class _Entry:
    text: str  # as written
    codes: frozenset[str]  # the rules it names; empty when it names none of ours
    pragma: _Pragma
    used: bool = False
    # Where its item of the comma-separated list is on the comment's line: the 1-based
    # columns of the item (blanks around it included) and of the list (0: not known).
    item: tuple[int, int] = (0, 0)
    listed: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class _Parsed:
    entries: list[_Entry] = field(default_factory=list)
    malformed: list[_Pragma] = field(default_factory=list)


def apply_pragmas(
    dockerfile: Dockerfile,
    findings: list[Finding],
    registry: Registry,
    selected: Collection[str],
    enabled: bool = True,
) -> list[Finding]:
    """The findings no pragma silences, plus DLM901 for our pragmas that silenced nothing.

    `selected` holds the codes of the rules that ran (with the family codes their selection
    kept: `code_filter.SelectedCodes`): a pragma naming a rule that did not run is not
    reported (whether it would have silenced something is unknown), and DLM901 is only
    produced when "DLM901" is among them. With `enabled=False` (`--disable-pragmas`) every
    pragma is ignored, hadolint's and BuildKit's included, and the findings are returned as
    they are. The result is sorted by `Finding.sort_key`.
    """
    if not enabled:
        return list(findings)
    parsed = _parse(dockerfile, registry)
    if not parsed.entries and not parsed.malformed:
        return sorted(findings, key=Finding.sort_key)
    kept = _suppress(findings, parsed.entries, registry)
    if UNUSED_CODE in selected:
        reports = _unused(dockerfile, parsed, registry, selected)
        kept.extend(_suppress(reports, parsed.entries, registry))
    kept.sort(key=Finding.sort_key)
    return kept


def _parse(dockerfile: Dockerfile, registry: Registry) -> _Parsed:
    lookup, buildkit = registry.derived("pragma-lookups", _lookups)
    instructions = dockerfile.instructions
    starts = [ins.span.line for ins in instructions]
    froms = [i for i, ins in enumerate(instructions) if ins.keyword == "FROM"]
    everything = max(len(dockerfile.lines), 1) + 1
    out = _Parsed()

    for number in comment_lines(dockerfile):
        text = dockerfile.lines[number - 1]
        stripped = text.strip(" \t\r")
        head = _HEAD_RE.match(stripped)
        if head is None:
            continue
        column = len(text) - len(text.lstrip(" \t")) + 1
        span = Span(number, column, number, len(text.rstrip(" \t\r")) + 1)
        source = OURS if head.group(1).lower() == OURS else HADOLINT
        m = PRAGMA_RE.match(stripped)
        if m is None:
            if source == OURS:
                out.malformed.append(_Pragma(source, NEXT, number, span, 1, 0))
            continue
        scope = (m.group(2) or NEXT).lower()
        start, end, target = number + 1, number, 0  # empty unless an instruction follows
        nxt = bisect.bisect_right(starts, number)
        if nxt < len(instructions):
            target = instructions[nxt].span.line
        if scope == GLOBAL:
            start, end = 1, everything
        elif target and scope == NEXT:
            end = instructions[nxt].span.end_line
        elif target:
            # The stage of the next instruction ends just before the first FROM after it.
            after = bisect.bisect_right(froms, nxt)
            last = froms[after] - 1 if after < len(froms) else len(instructions) - 1
            end = instructions[last].span.end_line
        pragma = _Pragma(source, scope, number, span, start, end, target)
        first = column + m.start(3)  # the list's column on the line
        listed = (first, first + len(m.group(3)))
        at = first
        for word in m.group(3).split(","):
            entry = word.strip()
            codes = lookup.get(entry.casefold())
            if codes is None:
                family = registry.family(entry)
                codes = frozenset() if family is None else frozenset({family[1]})
            item = (at, at + len(word))
            out.entries.append(_Entry(entry, codes, pragma, item=item, listed=listed))
            at += len(word) + 1

    check = dockerfile.directives.get("check")
    if check:
        out.entries.extend(_check_directive(check, buildkit, everything))
    return out


def _lookups(
    registry: Registry,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(casefolded code, name or alias -> codes; exact BuildKit check name -> codes).

    A name maps to its rule and to every rule that supersedes it; a code or check name that
    only appears in some rule's `supersedes` maps to that rule (`# hadolint ignore=DL3000`
    silences DLM003, which covers hadolint's DL3000)."""
    lookup: dict[str, set[str]] = {}
    buildkit: dict[str, set[str]] = {}
    for rule in registry.rules:
        for key in (rule.code, rule.name, *rule.aliases, *rule.supersedes):
            codes = {r.code for r in registry.silenced(key)}
            lookup.setdefault(key.casefold(), set()).update(codes)
            if key not in (rule.code, rule.name) and _BUILDKIT_NAME_RE.match(key):
                buildkit.setdefault(key, set()).update(codes)
    return (
        {k: frozenset(v) for k, v in lookup.items()},
        {k: frozenset(v) for k, v in buildkit.items()},
    )


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What `# check=...` says besides `skip` (BuildKit's ParseLintOptions)."""

    error: bool = False  # error=true: a check's finding fails the build
    experimental: frozenset[str] = frozenset()  # check names, or {"all"}


def check_options(dockerfile: Dockerfile) -> CheckOptions:
    """The `error` and `experimental` settings of the file's `# check=` directive; a value
    BuildKit cannot read (`error=maybe`) leaves the setting off."""
    value = dockerfile.directives.get("check")
    if not value:
        return CheckOptions()
    error = False
    experimental: set[str] = set()
    for part in value.split(";"):
        key, sep, setting = part.partition("=")
        key, setting = key.strip(), setting.strip()
        if not sep:
            continue
        if key == "error":
            error = setting.lower() in ("true", "1", "t")  # Go's strconv.ParseBool
        elif key == "experimental":
            experimental.update(n.strip() for n in setting.split(",") if n.strip())
    return CheckOptions(error, frozenset(experimental))


def experimental_rules(
    options: CheckOptions, registry: Registry, ignored: Collection[str]
) -> list[type[Rule]]:
    """The experimental checks the directive turns on for this file, unless the user's
    selection ignores them."""
    if not options.experimental:
        return []
    every = "all" in options.experimental
    return [
        rule
        for rule in registry.rules
        if rule.experimental
        and rule.code not in ignored
        and (every or not options.experimental.isdisjoint(rule.aliases))
    ]


def checks_as_errors(findings: list[Finding]) -> list[Finding]:
    """`error=true`: the findings of BuildKit's checks (the BK rules) at error level. A DL
    or DLM rule reporting in place of a check it supersedes keeps its own level: its
    scope is not the check's (DLM003 also reports a file with no WORKDIR at all)."""
    return [
        replace(f, severity=Severity.ERROR)
        if f.code.startswith(BUILDKIT_PREFIX) and f.severity != Severity.ERROR
        else f
        for f in findings
    ]


def _check_directive(value: str, buildkit: dict[str, frozenset[str]], end: int) -> list[_Entry]:
    """Entries of `# check=skip=A,B;error=true`, parsed as BuildKit's ParseLintOptions does."""
    pragma = _Pragma(BUILDKIT, GLOBAL, 0, Span(1, 1, 1, 1), 1, end)
    entries: list[_Entry] = []
    for part in value.split(";"):
        key, sep, names = part.partition("=")
        if not sep or key.strip() != "skip":
            continue
        names = names.strip()
        if names == "all":
            every = frozenset(c for codes in buildkit.values() for c in codes)
            entries.append(_Entry(names, every, pragma))
            continue
        for name in names.split(","):
            name = name.strip()
            entries.append(_Entry(name, buildkit.get(name, frozenset()), pragma))
    return entries


def _keys(code: str, registry: Registry) -> tuple[str, ...]:
    """The entry codes that cover a finding code: itself, and for a family code (SC2086)
    each of its prefixes down to the family rule's code (SC208, ..., SC)."""
    rule = registry.family_rule(code)
    if rule is None or code == rule.code:
        return (code,)
    return tuple(code[:end] for end in range(len(code), len(rule.code) - 1, -1))


def _suppress(
    findings: Iterable[Finding], entries: Sequence[_Entry], registry: Registry
) -> list[Finding]:
    """The findings no entry covers; every entry that covers a finding is marked used.

    One sweep over the findings in line order with the active ranges in a heap, so the cost
    is linear in findings plus pragmas (and the matches), not their product.
    """
    ranged = sorted(
        (e for e in entries if e.codes and e.pragma.start <= e.pragma.end),
        key=lambda e: e.pragma.start,
    )
    ordered = sorted(findings, key=lambda f: f.anchor.line)
    active: dict[str, dict[int, _Entry]] = {}
    families = any(registry.family_rule(f.code) is not None for f in findings)
    ending: list[tuple[int, int, _Entry]] = []
    kept: list[Finding] = []
    pos = 0
    for finding in ordered:
        line = finding.anchor.line
        while pos < len(ranged) and ranged[pos].pragma.start <= line:
            entry = ranged[pos]
            for code in entry.codes:
                active.setdefault(code, {})[pos] = entry
            heapq.heappush(ending, (entry.pragma.end, pos, entry))
            pos += 1
        while ending and ending[0][0] < line:
            _, key, entry = heapq.heappop(ending)
            for code in entry.codes:
                active[code].pop(key, None)
        hit = False
        for name in _keys(finding.code, registry) if families else (finding.code,):
            hits = active.get(name)
            if hits:
                hit = True
                for entry in hits.values():
                    entry.used = True
        if not hit:
            kept.append(finding)
    return kept


def _unused(
    dockerfile: Dockerfile, parsed: _Parsed, registry: Registry, selected: Collection[str]
) -> list[Finding]:
    from dockerlint_ml.rules.ml.unused_suppression import UnusedSuppression

    def report(pragma: _Pragma, message: str, fix: str, autofix: Fix | None = None) -> Finding:
        return Finding(
            code=UnusedSuppression.code,
            name=UnusedSuppression.name,
            severity=UnusedSuppression.severity,
            message=message,
            span=pragma.span,
            fix=fix,
            path=dockerfile.path,
            autofix=autofix,
        )

    per_pragma: dict[int, int] = {}
    for entry in parsed.entries:
        per_pragma[id(entry.pragma)] = per_pragma.get(id(entry.pragma), 0) + 1

    out = [
        report(p, "this suppression comment is malformed, so it silences nothing", _MALFORMED_FIX)
        for p in parsed.malformed
    ]
    for entry in parsed.entries:
        pragma = entry.pragma
        if pragma.source != OURS:
            continue
        if not entry.codes:
            out.append(
                report(
                    pragma,
                    f"unknown rule '{entry.text}' in suppression",
                    _unknown_fix(entry, registry),
                )
            )
        elif (
            entry.used
            or UNUSED_CODE in entry.codes
            or not all(code in selected for code in entry.codes)
        ):
            # A rule that did not run might have had findings here: nothing is known.
            continue
        else:
            out.append(
                report(
                    pragma,
                    _unused_message(entry),
                    f"remove {entry.text} from the comment, or the whole comment if it names"
                    " nothing else",
                    _removal(dockerfile, entry, per_pragma[id(pragma)]),
                )
            )
    return out


def _removal(dockerfile: Dockerfile, entry: _Entry, entries: int) -> Fix | None:
    """Remove an unused entry from its comment (with one comma beside it), or the comment's
    whole line when it is the comment's only entry."""
    number = entry.pragma.line
    lines = dockerfile.lines
    if not 1 <= number <= len(lines) or entry.item == (0, 0):
        return None
    if entries == 1:
        if number < len(lines):
            span = Span(number, 1, number + 1, 1)
        elif number > 1:
            span = Span(number - 1, len(lines[number - 2]) + 1, number, len(lines[number - 1]) + 1)
        else:
            span = Span(number, 1, number, len(lines[number - 1]) + 1)
        return Fix("Remove the unused suppression comment", SAFE, (Edit(span, ""),))
    start, end = entry.item
    text = lines[number - 1]
    if end < entry.listed[1]:
        end += 1  # the comma after it, and the blanks that start the next item
        while end < entry.listed[1] and text[end - 1] in " \t":
            end += 1
    elif start > entry.listed[0]:
        start -= 1  # the last item: the comma before it
        if not text[start - 1 : end - 1].startswith(","):
            return None
    else:
        return None
    span = Span(number, start, number, end)
    return Fix(f"Remove {entry.text} from the suppression", SAFE, (Edit(span, ""),))


def _unused_message(entry: _Entry) -> str:
    pragma = entry.pragma
    if pragma.scope == GLOBAL:
        return f"global suppression of {entry.text} silenced nothing"
    if pragma.start > pragma.end:
        return f"suppression of {entry.text} silenced nothing: no instruction follows it"
    if pragma.scope == STAGE:
        lines = f"lines {pragma.target}-{pragma.end}"
        return f"stage suppression of {entry.text} on {lines} silenced nothing"
    return f"suppression of {entry.text} on line {pragma.target} silenced nothing"


def _unknown_fix(entry: _Entry, registry: Registry) -> str:
    prefix = entry.text.upper()
    matches = [r.code for r in registry.rules if r.code.startswith(prefix)]
    if matches:
        examples = ", ".join(matches[:3])
        return f"code prefixes are not accepted in suppressions: name each rule, e.g. {examples}"
    return (
        "name a rule by its code (DLM001) or its name (base-image-unpinned), or a peer code"
        " it supersedes (DL3006); `dockerlint-ml rules` lists them"
    )


__all__ = ["apply_pragmas"]

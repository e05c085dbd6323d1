"""Shell-word processing as BuildKit applies it to ENV, ARG, FROM, EXPOSE and WORKDIR values:
quote removal, escapes, and `$VAR` / `${VAR}` / `${VAR:-word}` / `${VAR:+word}` substitution.

Hostile text cannot make it slow or big (issue 8). Nested `${...}` are followed with an
explicit stack, never recursion, and every character of the text is examined at most twice
(once to pair the braces, once to expand), however deep the nesting. Substituted text is
capped per value and, through a `Budget`, per file; a substitution that would go past a cap
is not made and the value counts as unresolved, so rules treat it as undecidable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

# Characters of substituted text (the values of variables put in) one value may hold. Real
# values are paths, versions and flags: the largest in the 687-file corpus is a few hundred
# characters, so 64 KiB never cuts a real value, and 16 lines of `ENV A=$A$A` reach it.
VALUE_BUDGET: Final = 64 * 1024
# Characters substituted into all values of one file (the parser's ENV, ARG and FROM). The
# corpus's largest file substitutes a few kilobytes; 1 MiB keeps a file's resolved values,
# which the model holds for the whole run, within a few MiB whatever the file repeats.
FILE_BUDGET: Final = 1024 * 1024


class Unknown:
    """What a lookup returns for a variable that is set, to a value that cannot be known."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()

# A value; None when the variable is not set; UNKNOWN when set to an undecidable value.
Lookup = Callable[[str], "str | Unknown | None"]


class Budget:
    """Characters one file may still substitute; shared by the expansions of that file."""

    __slots__ = ("remaining",)

    def __init__(self, limit: int = FILE_BUDGET) -> None:
        self.remaining = limit


_SPECIAL = {esc: re.compile("[$'\"" + re.escape(esc) + "]") for esc in ("\\", "`")}


def _name_end(text: str, start: int, end: int) -> int:
    i = start
    while i < end and (text[i].isalnum() or text[i] == "_"):
        i += 1
    return i


def _brace_closes(text: str) -> dict[int, int]:
    """Index of each `{` -> index of the `}` closing it, for the whole text in one pass.

    Braces pair by depth and a backslash hides the next character, whatever the escape
    directive and the quotes (as BuildKit's lexer reads a `${...}` body). A `{` the scan
    meets is never one a backslash hides at the `${` that opens it, so this table answers
    for every `${` the expansion reaches, inside nested words too.
    """
    closes: dict[int, int] = {}
    opens: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            opens.append(i)
        elif c == "}" and opens:
            closes[opens.pop()] = i
        i += 1
    return closes


def expand(
    text: str, lookup: Lookup, escape: str = "\\", budget: Budget | None = None
) -> tuple[str, bool]:
    """Process one shell word; returns the result and whether every variable resolved.

    Unresolved variables expand to "" (as BuildKit does) and flip the flag, so a caller can
    tell a value it may trust from one it may not; so does a variable set to UNKNOWN, and a
    substitution past VALUE_BUDGET or the file's `budget`, which is charged what is put in.
    """
    if "$" not in text and "'" not in text and '"' not in text and escape not in text:
        return text, True  # nothing to process: the common case, kept cheap
    return _Expansion(text, lookup, escape, budget).run()


# How a `${name<op>word}` form ends, by operator: "value" (the variable's value), "word"
# (expand the word in place) or "empty"; for set (first) and unset (second) variables.
_OPERATORS: Final = (
    (":-", "value", "word"),
    (":+", "word", "empty"),
    (":?", "value", "value"),
    ("-", "value", "word"),
    ("+", "word", "empty"),
    ("?", "value", "value"),
)


def _operator(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    for form in _OPERATORS:
        if text.startswith(form[0], start, end):
            return form
    return None


class _Expansion:
    """One expansion; `${name:-word}` words are expanded in place with an explicit stack."""

    __slots__ = (
        "budget",
        "closes",
        "escape",
        "frames",
        "limit",
        "lookup",
        "ok",
        "out",
        "spent",
        "text",
        "used",
    )

    def __init__(self, text: str, lookup: Lookup, escape: str, budget: Budget | None) -> None:
        self.text = text
        self.lookup = lookup
        self.escape = escape
        self.budget = budget
        self.limit = VALUE_BUDGET if budget is None else min(VALUE_BUDGET, budget.remaining)
        self.used = 0  # characters substituted
        self.spent = False  # a substitution did not fit: none is made after it
        self.out: list[str] = []
        self.ok = True
        self.closes = _brace_closes(text) if "${" in text else {}
        # Per word being expanded: where it ends and the quote state around its `${`.
        self.frames: list[tuple[int, str | None]] = []

    def run(self) -> tuple[str, bool]:
        text, escape, out = self.text, self.escape, self.out
        special = _SPECIAL.get(escape) or re.compile("[$'\"" + re.escape(escape) + "]")
        end = len(text)
        quote: str | None = None
        i = 0
        while True:
            if i >= end:
                if not self.frames:
                    break
                i = end + 1  # past the word's closing brace
                end, quote = self.frames.pop()
                continue
            c = text[i]
            if c == escape and quote != "'":
                if i + 1 < end:
                    nxt = text[i + 1]
                    if quote == '"' and nxt not in ('"', "$", escape):
                        out.append(c)
                    out.append(nxt)
                    i += 2
                else:
                    i += 1
            elif quote is None and c in ("'", '"'):
                quote = c
                i += 1
            elif quote is not None and c == quote:
                quote = None
                i += 1
            elif c == "$" and quote != "'" and i + 1 < end and text[i + 1] == "{":
                close = self.closes.get(i + 1, -1)
                if close < 0 or close >= end:
                    out.append(text[i:end])
                    self.ok = False
                    i = end
                    continue
                word = self._braced(i + 2, close)
                if word is None:
                    i = close + 1
                else:
                    self.frames.append((end, quote))
                    i, end, quote = word, close, None
            elif c == "$" and quote != "'" and _name_end(text, i + 1, end) > i + 1:
                name_end = _name_end(text, i + 1, end)
                self._put(self.lookup(text[i + 1 : name_end]))
                i = name_end
            else:
                m = special.search(text, i + 1, end)
                stop = m.start() if m else end
                out.append(text[i:stop])
                i = stop
        if self.budget is not None:
            self.budget.remaining -= self.used
        return "".join(out), self.ok

    def _put(self, value: str | Unknown | None) -> None:
        """Add a variable's value, unless it is unset or unknown or the budget is spent."""
        if value is None or isinstance(value, Unknown):
            self.ok = False
        elif self.spent or self.used + len(value) > self.limit:
            self.ok = False
            self.spent = True
        else:
            self.out.append(value)
            self.used += len(value)

    def _braced(self, start: int, close: int) -> int | None:
        """Handle `${body}` (body in text[start:close]); the start of a word to expand in
        place, or None when the form's value has been put (or is empty or unknown)."""
        text = self.text
        name_end = _name_end(text, start, close)
        name = text[start:name_end]
        value = self.lookup(name) if name else None
        if name_end == close:
            self._put(value)
            return None
        form = _operator(text, name_end, close)
        if form is None:
            # Pattern operators (${X#p}, ${X%p}, ${X/a/b}) are rare in Dockerfiles: unknown.
            self.ok = False
            return None
        op, if_set, if_unset = form
        if isinstance(value, Unknown):
            self.ok = False  # whether it is set, empty or what it holds: nobody knows
            return None
        is_set = value is not None and (value != "" or not op.startswith(":"))
        action = if_set if is_set else if_unset
        if action == "word":
            return name_end + len(op)
        if action == "value":
            self._put(value)
        elif value is None:
            self.ok = False  # `${X:+word}` of an unset X: empty, but only maybe
        return None

"""Offsets in an instruction's joined text -> exact source positions.

The parser joins an instruction's continued physical lines into one logical line and drops
the escapes, the comment lines and the blank lines in between, so a rule that finds a word in
`instruction.value` knows neither its line nor its column. A finding that points at the
instruction as a whole is vague, and a fix that edits it must rewrite every line. So this
module rebuilds the joined text the way `parser._logical_lines` does, remembering where each
piece came from, and splits the value into words (shell words, or the strings of an exec
form's JSON array) with their offsets: `token_span` then gives the exact span of a word or a
run of words.

Everything here is linear in the instruction's size: rules ask about single instructions of
files that may hold 20,000 of them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Span
from dockerlint_ml.dockerfile.parser import _is_blank, _is_comment, continuation_re

# Runs of characters that cannot end a word or change the tokenizer's state, per state.
# Outside quotes: anything but blanks, quotes, escapes, expansions and operator characters.
_PLAIN_RUN = re.compile(r"[^ \t'\"\\$`;&|()<>]+")
_DOUBLE_RUN = re.compile(r'[^"\\$`]+')
# Inside `$(...)`, `${...}` and backquotes, only nesting and quoting characters matter.
_NESTED_RUN = {
    "(": re.compile(r"[^()'\"\\`$]+"),
    "{": re.compile(r"[^}'\"\\`$]+"),
    '"': re.compile(r'[^"\\`$]+'),
    "`": re.compile(r"[^`\\]+"),
}
_CLOSER = {"(": ")", "{": "}", '"': '"', "`": "`"}
# Shell operators, longest first (the alternation takes the first that matches). `<<` and
# `<<-` are here so that `RUN <<EOF` reads as the words `<<` and `EOF`.
_OPERATOR = re.compile(r"&>>|&>|&&|\|\||\|&|;;|>>|>&|>\||<<<|<<-|<<|<&|<>|[;&|()<>]")
# A JSON string literal (the array is known to be valid JSON: the parser decoded it).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of an instruction's value, as the shell (or JSON) reads it and as written.

    Rules compare `text` (what the command receives) and report at `start`..`end` (where
    `raw` sits in `SourceMap.text`), so `"--bind"` matches `--bind` and the finding still
    covers the quotes a fix must replace.
    """

    text: str  # quotes removed, backslash escapes resolved; exec form: the decoded string
    raw: str  # as written in the joined text, quotes included
    start: int  # offset of raw in SourceMap.text
    end: int  # end offset (exclusive)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of the joined text copied from one physical line."""

    offset: int  # where it starts in the joined text
    line: int  # 1-based physical line
    column: int  # 0-based code-point column of its first character in that line


class SourceMap:
    """An instruction's joined text with the physical position of every character.

    `text` is the logical line exactly as the parser joins it (keyword included, escapes,
    skipped lines and heredoc bodies left out), so an offset found in it (a word of
    `words()`, or `value_start + i` for an offset `i` in the value) maps back with `span`.
    """

    __slots__ = ("_kind", "_offsets", "_pieces", "_value", "_words", "text", "value_start")

    def __init__(
        self,
        text: str,
        pieces: Sequence[_Piece],
        value: str,
        value_start: int,
        kind: tuple[str, int, tuple[str, ...]] | None,
    ) -> None:
        self.text = text
        self.value_start = value_start
        self._pieces = tuple(pieces)
        self._offsets = [p.offset for p in self._pieces]
        self._value = value
        # ("exec", offset of the JSON array in text, argv) or ("shell", value_start, ());
        # None: no words.
        self._kind = kind
        self._words: tuple[Word, ...] | None = None

    # -- positions ------------------------------------------------------------------------
    def point(self, offset: int) -> tuple[int, int]:
        """(line, column) of the position before `text[offset]`; `len(text)`: just after the
        last character. Out-of-range offsets are clamped: a finding is never worth a crash."""
        if not self._pieces:
            return (1, 1)
        offset = min(max(offset, 0), len(self.text))
        if offset == len(self.text) and offset > 0:
            return self._after(offset - 1)
        k = max(bisect.bisect_right(self._offsets, offset) - 1, 0)
        piece = self._pieces[k]
        return (piece.line, piece.column + offset - piece.offset + 1)

    def _after(self, offset: int) -> tuple[int, int]:
        """(line, column) just after `text[offset]`, on that character's own line."""
        k = max(bisect.bisect_right(self._offsets, offset) - 1, 0)
        piece = self._pieces[k]
        return (piece.line, piece.column + offset - piece.offset + 2)

    def span(self, start: int, end: int) -> Span:
        """The span of `text[start:end]`. An empty range is an insertion point before
        `text[start]`; a non-empty one ends just after its last character, on that
        character's line (not at the start of the next piece, which may be lines later)."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        line, column = self.point(start)
        if end == start or not self._pieces:
            return Span(line, column, line, column)
        end_line, end_column = self._after(end - 1)
        return Span(line, column, end_line, end_column)

    # -- words ----------------------------------------------------------------------------
    def words(self) -> tuple[Word, ...]:
        """The words of the value, computed on first use (most instructions are never
        asked about); () when the joined text could not be rebuilt."""
        if self._words is None:
            self._words = self._compute_words()
        return self._words

    def _compute_words(self) -> tuple[Word, ...]:
        if self._kind is None:
            return ()
        kind, offset, argv = self._kind
        if kind == "exec":
            words = _json_words(self.text, offset)
            # The parser decoded the same array: anything else means the text is not it.
            return words if tuple(w.text for w in words) == argv else ()
        return _shell_words(self._value, offset)

    def find(self, words: Sequence[str], occurrence: int = 0) -> tuple[int, int] | None:
        """(start, end) offsets of the `occurrence`-th (0-based) run of consecutive words
        whose texts are `words`, counted as `count` counts them; None when there is none."""
        if occurrence < 0:
            return None
        for n, (first, last) in enumerate(self._runs(words)):
            if n == occurrence:
                return (first.start, last.end)
        return None

    def count(self, words: Sequence[str]) -> int:
        """How many non-overlapping runs of `words` there are, left to right."""
        return sum(1 for _ in self._runs(words))

    def _runs(self, pattern: Sequence[str]) -> list[tuple[Word, Word]]:
        """(first, last) word of each non-overlapping run, by Knuth-Morris-Pratt: linear in
        the number of words however the pattern repeats itself."""
        m = len(pattern)
        if m == 0:
            return []
        fail = [0] * m
        k = 0
        for i in range(1, m):
            while k and pattern[i] != pattern[k]:
                k = fail[k - 1]
            if pattern[i] == pattern[k]:
                k += 1
            fail[i] = k
        found: list[tuple[Word, Word]] = []
        words = self.words()
        k = 0
        for i, word in enumerate(words):
            while k and word.text != pattern[k]:
                k = fail[k - 1]
            if word.text == pattern[k]:
                k += 1
            if k == m:
                found.append((words[i - m + 1], word))
                k = 0  # non-overlapping: the next run starts after this one
        return found


def _pieces(dockerfile: Dockerfile, instruction: Instruction) -> tuple[str, list[_Piece]]:
    """The joined text from the instruction's first line, as `parser._logical_lines` joins
    it, and the pieces it is made of."""
    lines = dockerfile.lines
    n = len(lines)
    i = instruction.span.line - 1
    if not 0 <= i < n:
        return "", []
    escape = dockerfile.escape
    cont_re = continuation_re(escape)
    raw = lines[i]
    i += 1
    stripped = raw.lstrip(" \t")
    column = len(raw) - len(stripped)
    parts: list[str] = []
    pieces: list[_Piece] = []
    offset = 0

    def keep(text: str, line: int, col: int) -> None:
        nonlocal offset
        parts.append(text)
        pieces.append(_Piece(offset=offset, line=line, column=col))
        offset += len(text)

    m = cont_re.search(stripped) if escape in stripped else None
    if m is None:
        keep(stripped, i, column)
    else:
        keep(stripped[: m.start()], i, column)
        while i < n:
            nxt = lines[i]
            i += 1
            if _is_comment(nxt) or _is_blank(nxt):
                continue
            m = cont_re.search(nxt) if escape in nxt else None
            if m is None:
                keep(nxt, i, 0)
                break
            keep(nxt[: m.start()], i, 0)
    return "".join(parts), pieces


def _effective(instruction: Instruction) -> Instruction:
    """The instruction whose value the words are of: an ONBUILD's trigger when it has one."""
    while instruction.inner is not None:
        instruction = instruction.inner
    return instruction


def source_map(dockerfile: Dockerfile, instruction: Instruction) -> SourceMap:
    """Rebuild `instruction`'s joined text with the position of each character.

    For an ONBUILD with a trigger, `value_start` and `words` are the trigger's (`ONBUILD RUN
    x`: of `x`); passing `instruction.inner` gives the same map. When the rebuilt text does
    not hold the value where the parser's slicing puts it (a model built by hand, or a
    parser that changed), `value_start` is -1 and there are no words.
    """
    text, pieces = _pieces(dockerfile, instruction)
    target = _effective(instruction)
    value = target.value
    # The parser's value is the logical line stripped, minus its keyword (and an ONBUILD's
    # trigger keyword), its flags and the blanks after them: a suffix of text.rstrip().
    end = len(text.rstrip())
    start = end - len(value)
    consistent = (
        bool(pieces)
        and pieces[0].column + 1 == instruction.span.column
        and start >= 0
        and text[start:end] == value
        and bool(text.strip())
    )
    if not consistent:
        return SourceMap(text, pieces, value, -1, None)
    kind: tuple[str, int, tuple[str, ...]] | None = ("shell", start, ())
    if target.form == "exec" and target.argv is not None:
        array = _array_offset(target, value)
        kind = None if array is None else ("exec", start + array, target.argv)
    return SourceMap(text, pieces, value, start, kind)


def _array_offset(instruction: Instruction, value: str) -> int | None:
    """Where the JSON array starts in the value: at once, or after HEALTHCHECK's `CMD`."""
    if instruction.keyword == "HEALTHCHECK":
        head = value.split(None, 1)
        if len(head) < 2:
            return None
        return len(value) - len(head[1])
    return 0


def token_span(
    dockerfile: Dockerfile, instruction: Instruction, words: Sequence[str], occurrence: int = 0
) -> Span | None:
    """The span from the first to the last word of the `occurrence`-th run of `words` in the
    instruction's value, or None. Each call rebuilds the map: to locate several tokens of
    one instruction, keep a `source_map` and call its `find`."""
    sm = source_map(dockerfile, instruction)
    found = sm.find(words, occurrence)
    return None if found is None else sm.span(*found)


# -- word splitting ---------------------------------------------------------------------------
def _json_words(text: str, offset: int) -> tuple[Word, ...]:
    """The string literals of the JSON array at `text[offset:]`, decoded. The parser has
    decoded the array, so outside its strings there are only `[`, `,`, `]` and blanks; a
    literal that does not decode (which would mean it has not) gives no words."""
    words: list[Word] = []
    pos = text.find('"', offset)
    while pos >= 0:
        m = _JSON_STRING.match(text, pos)
        if m is None:
            return ()
        raw = m.group()
        try:
            decoded = json.loads(raw)
        except ValueError:
            return ()
        if not isinstance(decoded, str):
            return ()
        words.append(Word(text=decoded, raw=raw, start=m.start(), end=m.end()))
        pos = text.find('"', m.end())
    return tuple(words)


def _skip_nested(s: str, i: int) -> int:
    """The end (exclusive) of the `$(...)`, `${...}` or backquoted text starting at `s[i]`,
    or len(s) when it is not closed. Quotes and nested expansions inside it are followed
    (a `)` in `$(echo ")")` does not close it) with an explicit stack, so depth costs no
    recursion, and each character is read once."""
    n = len(s)
    if s[i] == "`":
        stack = ["`"]
        i += 1
    else:
        stack = [s[i + 1]]  # "(" or "{"
        i += 2
    while i < n and stack:
        top = stack[-1]
        run = _NESTED_RUN[top].match(s, i)
        if run is not None:
            i = run.end()
            continue
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == _CLOSER[top]:
            stack.pop()
            i += 1
            continue
        if top == "`":  # only `\` and the closing backquote matter inside backquotes
            i += 1
            continue
        if c == "$":
            nxt = s[i + 1 : i + 2]
            if nxt in ("(", "{"):
                stack.append(nxt)
                i += 2
            else:
                i += 1
            continue
        if c in ('"', "`"):
            stack.append(c)
            i += 1
            continue
        if c == "'" and top != '"':
            close = s.find("'", i + 1)
            i = n if close < 0 else close + 1
            continue
        if c == "(" and top == "(":
            stack.append("(")
        i += 1
    return min(i, n)


def _shell_words(s: str, base: int) -> tuple[Word, ...]:
    """Split shell text into words, as a POSIX tokenizer reads it, enough to locate tokens.

    Words end at unquoted blanks (space, tab) and at operators (`;`, `&&`, `||`, `|`, `&`,
    `(`, `)`, redirections), which are words of their own; a redirection right after a word
    of digits takes it in (`2>`). Quotes and escaping backslashes are removed in `text`
    (inside double quotes `\\` escapes only `"`, `\\`, `$` and a backquote); `$VAR`, `${...}`,
    `$(...)` and backquotes stay verbatim. An unterminated quote or expansion runs to the
    end. `#` is an ordinary character: a RUN line rarely holds a comment, and a `#` inside a
    word (`a#b`, `${x#y}`) is not one, so reading it as text errs the safe way. The shell's
    escape is always `\\`, whatever the file's escape directive says.
    """
    words: list[Word] = []
    parts: list[str] = []
    start = -1  # the current word's start in s; -1: between words
    n = len(s)
    i = 0

    def finish(end: int) -> None:
        nonlocal start
        if start >= 0:
            words.append(Word("".join(parts), s[start:end], base + start, base + end))
            parts.clear()
            start = -1

    while i < n:
        run = _PLAIN_RUN.match(s, i)
        if run is not None:
            if start < 0:
                start = i
            parts.append(run.group())
            i = run.end()
            continue
        c = s[i]
        if c in " \t":
            finish(i)
            i += 1
            continue
        op = _OPERATOR.match(s, i)
        if op is not None:
            io_number = (
                start >= 0 and op.group()[0] in "<>" and all(ch in _DIGITS for ch in s[start:i])
            )
            if io_number:
                raw = s[start : op.end()]
                words.append(Word(raw, raw, base + start, base + op.end()))
                parts.clear()
                start = -1
            else:
                finish(i)
                words.append(Word(op.group(), op.group(), base + i, base + op.end()))
            i = op.end()
            continue
        if start < 0:
            start = i
        if c == "'":
            close = s.find("'", i + 1)
            end = n if close < 0 else close
            parts.append(s[i + 1 : end])
            i = min(end + 1, n)
        elif c == '"':
            i = _double_quoted(s, i + 1, parts)
        elif c == "\\":
            parts.append(s[i + 1] if i + 1 < n else "\\")
            i += 2
        elif c == "`" or (c == "$" and s[i + 1 : i + 2] in ("(", "{")):
            end = _skip_nested(s, i)
            parts.append(s[i:end])
            i = end
        else:  # a `$` before anything else
            parts.append(c)
            i += 1
    finish(min(i, n))
    return tuple(words)


def _double_quoted(s: str, i: int, parts: list[str]) -> int:
    """Read the inside of a double-quoted string from `s[i]` into `parts`; the index after
    its closing quote (len(s) when there is none)."""
    n = len(s)
    while i < n:
        run = _DOUBLE_RUN.match(s, i)
        if run is not None:
            parts.append(run.group())
            i = run.end()
            continue
        c = s[i]
        if c == '"':
            return i + 1
        if c == "\\":
            nxt = s[i + 1 : i + 2]
            parts.append(nxt if nxt in ('"', "\\", "$", "`") else "\\" + nxt)
            i += 2
        elif c == "`" or (c == "$" and s[i + 1 : i + 2] in ("(", "{")):
            end = _skip_nested(s, i)
            parts.append(s[i:end])
            i = end
        else:
            parts.append(c)
            i += 1
    return n

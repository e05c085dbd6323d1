"""The script ShellCheck reads for a shell-form RUN, and the map from its positions back to
the Dockerfile.

The script is a shebang naming the shell that reads the RUN, an `export` line for the ARG
and ENV variables the RUN references (ShellCheck would call them unassigned, SC2154), then
the RUN's text as that shell receives it: the command line with its continuations joined
as the parser joins them, followed by its heredoc bodies and terminators, as BuildKit
hands them over; or, for a RUN that is one heredoc, the heredoc's body, which BuildKit
runs as the script itself. Every character that comes from the Dockerfile keeps its Dockerfile
line and column, so that a ShellCheck range becomes a Dockerfile span.

ShellCheck 0.11 counts json1 columns in code points, a tab as one column (measured with
é, 中, an emoji, a combining accent and tabs): the same as Python's str indices, so no
conversion is needed.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from dockerlint_ml.dockerfile.model import Dockerfile, Heredoc, Instruction, Span
from dockerlint_ml.dockerfile.parser import continuation_re
from dockerlint_ml.facts.run_state import RunShell, program_name, shebang

# Docker passes these build arguments to every RUN without an ARG for them.
PROXY_NAMES = frozenset(
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    }
)  # fmt: skip

# Program name -> the dialect ShellCheck checks it as. ShellCheck 0.11 knows sh, bash,
# dash, ksh and `busybox sh`; it refuses zsh (SC1071) and mksh (SC1008, `-s mksh` is an
# unknown shell). It reads `#!/bin/ash` as dash with a warning (SC2187), but Docker's ash is
# BusyBox's (Alpine), whose `[[ ]]`, `${v:0:1}` and `$'..'` dash checking would reject.
_DIALECTS = {"sh": "sh", "bash": "bash", "dash": "dash", "ksh": "ksh", "ash": "busybox"}
_BUSYBOX_SHELLS = frozenset({"sh", "ash"})
# The interpreter written when the SHELL's own word would not read as the dialect:
# `#!bash` draws SC2239 (not absolute), `#!/bin/ash` SC2187, `#!/bin/busybox` SC1008.
_CANONICAL = {
    "sh": "/bin/sh",
    "bash": "/bin/bash",
    "dash": "/bin/dash",
    "ksh": "/bin/ksh",
    "busybox": "/bin/busybox sh",
}
# `$name`, `${name...}`, `${#name}`, `${!name}`: a superset of the references (quotes and
# escapes are not read), which costs at most a needless export.
_REFERENCE_RE = re.compile(r"\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)")

# json1's `insertionPoint` of a fix's replacement: the side of its start it belongs to, for
# an insertion where two pieces of the Dockerfile meet (`$HOME\` then a continuation line).
BEFORE_START = "beforeStart"  # ends the text before the point: the closing quote of `$a`
AFTER_END = "afterEnd"  # starts the text after the point: the opening quote of `$b`


class _Positions:
    """Per script line, the Dockerfile pieces it is made of, in flat arrays: script line k
    owns segments first[k] to first[k + 1]; segment j holds the characters from script
    column start[j] (0-based) on, `size[j]` of them, read from Dockerfile line `line[j]` at
    0-based column `column[j]`. A line we wrote (shebang, exports) owns none."""

    __slots__ = ("anchor", "column", "first", "last", "length", "line", "size", "start", "texts")

    def __init__(self, anchor: tuple[int, int, int], last: tuple[int, int]) -> None:
        self.anchor = anchor  # the keyword: line, column, length
        self.last = last  # the instruction's last character: line, column
        self.first: list[int] = [0]
        self.length: list[int] = []  # each script line's length
        self.texts: list[str] = []  # the script's lines, as ShellCheck counts them
        self.start: list[int] = []
        self.size: list[int] = []
        self.line: list[int] = []
        self.column: list[int] = []

    def add(self, length: int, pieces: Iterable[tuple[int, int, int]] = ()) -> None:
        """A script line of `length` characters made of (Dockerfile line, 0-based column,
        size) pieces, in order; none for a line we wrote."""
        at = 0
        for line, column, size in pieces:
            self.start.append(at)
            self.size.append(size)
            self.line.append(line)
            self.column.append(column)
            at += size
        self.length.append(length)
        self.first.append(len(self.start))

    def _segment(self, line: int, column: int) -> tuple[int, int] | None:
        """(segment, offset in it) of a 1-based script position, the offset clamped to the
        segment's size; None for a line we wrote or a line past the end."""
        k = line - 1
        if not 0 <= k < len(self.length) or self.first[k] == self.first[k + 1]:
            return None
        lo, hi = self.first[k], self.first[k + 1]
        col0 = max(column - 1, 0)
        j = bisect.bisect_right(self.start, col0, lo, hi) - 1
        return j, min(col0 - self.start[j], self.size[j])

    def _outside(self, line: int, after: bool) -> tuple[int, int]:
        """A position on a line we wrote (the keyword) or past the end (the last character)."""
        if line > len(self.length):
            last_line, last_column = self.last
            return last_line, last_column + (1 if after else 0)
        kw_line, kw_column, kw_size = self.anchor
        return kw_line, kw_column + (kw_size if after else 0)

    def char(self, line: int, column: int) -> tuple[int, int]:
        """The Dockerfile position of the character at a script position (clamped to its
        line's last character)."""
        found = self._segment(line, column)
        if found is None:
            return self._outside(line, False)
        j, offset = found
        if offset == self.size[j]:  # past the line's end: its last character
            offset = max(offset - 1, 0)
        return self.line[j], self.column[j] + offset + 1

    def after(self, line: int, column: int) -> tuple[int, int]:
        """The Dockerfile position just after the character at a script position."""
        found = self._segment(line, column)
        if found is None:
            return self._outside(line, True)
        j, offset = found
        return self.line[j], self.column[j] + min(offset + 1, self.size[j]) + 1

    def gap(self, line: int, column: int, after: bool | None) -> tuple[int, int] | None:
        """The Dockerfile position (1-based) of the gap before a 1-based script column,
        when it is a real place there: inside a piece, or where two pieces meet (the end
        of one Dockerfile line's text, the start of the next), the start of the later piece
        when `after`, the end of the earlier one when not, none when `after` is None. None
        on a line we wrote or off the line."""
        k = line - 1
        if not 0 <= k < len(self.length) or self.first[k] == self.first[k + 1]:
            return None
        col0 = column - 1
        if not 0 <= col0 <= self.length[k]:
            return None
        places: list[tuple[int, int]] = []
        for j in range(self.first[k], self.first[k + 1]):
            if self.start[j] <= col0 <= self.start[j] + self.size[j]:
                place = (self.line[j], self.column[j] + col0 - self.start[j] + 1)
                if place not in places:
                    places.append(place)
        if len(places) == 1:
            return places[0]
        if len(places) != 2 or after is None:
            return None
        return places[1] if after else places[0]

    def boundary(self, line: int, column: int) -> tuple[int, int]:
        """The Dockerfile position of the gap before a script column (after the line's last
        character when the column is past it)."""
        k = line - 1
        if 0 <= k < len(self.length) and column - 1 >= self.length[k]:
            return self.after(line, column - 1) if self.length[k] else self.char(line, 1)
        return self.char(line, column) if line <= len(self.length) else self._outside(line, True)


@dataclass(frozen=True, slots=True)
class Script:
    """A script ShellCheck reads for one RUN."""

    text: str  # exactly what ShellCheck reads
    dialect: str  # "sh", "bash", "dash", "ksh" or "busybox": pass it as `--shell`
    line: int  # the RUN's first Dockerfile line (the ONBUILD's for ONBUILD RUN)
    _positions: _Positions = field(repr=False, compare=False)

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        """A ShellCheck range (script lines/columns, 1-based, end exclusive) as a
        Dockerfile Span (1-based, end_column just after the last character)."""
        positions = self._positions
        if (end_line, end_column) <= (line, column):
            # An empty range (a parser note such as SC1083) is about the character at its
            # column, where ShellCheck's own report puts the caret.
            end_line, end_column = line, column + 1
        start = positions.char(line, column)
        if end_column > 1:
            end = positions.after(end_line, end_column - 1)
        else:  # the range ends with the previous line's newline: after its last character
            end = positions.after(end_line - 1, sys.maxsize)
        if end <= start:
            end = (start[0], start[1] + 1)
        return Span(start[0], start[1], end[0], end[1])

    def exact(
        self,
        lines: Sequence[str],
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        insertion: str | None = None,
    ) -> Span | None:
        """The Dockerfile span (of `lines`, the Dockerfile's) holding exactly the script
        text of a ShellCheck range (1-based, end exclusive), or None when there is none:
        the range covers a line we wrote, or its text is not the same characters in the
        Dockerfile (a continuation or a dropped comment line inside it, the tabs `<<-`
        strips from the next line). An empty range is an insertion point: where two pieces
        meet it takes the side json1's `insertionPoint` gives (BEFORE_START: after the
        earlier piece, AFTER_END: before the later one)."""
        positions = self._positions
        if (end_line, end_column) < (line, column):
            return None
        if (end_line, end_column) == (line, column):
            after = {AFTER_END: True, BEFORE_START: False}.get(insertion or "")
            at = positions.gap(line, column, after)
            return None if at is None else Span(at[0], at[1], at[0], at[1])
        # The range's first character holds its start, its last character its end.
        start = positions.gap(line, column, True)
        end = positions.gap(end_line, end_column, False)
        if start is None or end is None or end < start:
            return None
        written = _slice(positions.texts, (line, column), (end_line, end_column))
        found = _slice(lines, start, end)
        if written is None or written != found:
            return None
        return Span(start[0], start[1], end[0], end[1])

    def generated(self, line: int) -> bool:
        """Whether script line `line` was written here (shebang, exports), not read from
        the Dockerfile: a ShellCheck comment on it is about that preamble."""
        positions = self._positions
        k = line - 1
        return 0 <= k < len(positions.length) and positions.first[k] == positions.first[k + 1]


def _slice(lines: Sequence[str], start: tuple[int, int], end: tuple[int, int]) -> str | None:
    """The text of `lines` from `start` to `end` (1-based lines and columns, end
    exclusive), lines joined by "\\n"; None when a position is off its line."""
    (line, column), (end_line, end_column) = start, end
    if not 1 <= line <= end_line <= len(lines):
        return None
    if not 1 <= column <= len(lines[line - 1]) + 1:
        return None
    if not 1 <= end_column <= len(lines[end_line - 1]) + 1:
        return None
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    middle = lines[line : end_line - 1]
    return "\n".join(
        [lines[line - 1][column - 1 :], *middle, lines[end_line - 1][: end_column - 1]]
    )


def scripts_of(
    dockerfile: Dockerfile,
    instruction: Instruction,
    reader: RunShell,
    in_scope: Callable[[str], str | bool],
    outer: Instruction | None = None,
) -> tuple[Script, ...]:
    """The scripts ShellCheck should read for a RUN (one, or none: exec form, a shell that
    is not POSIX or that ShellCheck does not know, a heredoc that does not end).

    `instruction` is a RUN, or an ONBUILD's inner RUN with the ONBUILD as `outer`;
    `reader` is what run_state.run_shell says reads it; `in_scope(name)` what an ARG or ENV
    variable of that name holds for it: its value, True when it is defined with a value
    not known here, False when it is not defined (PROXY_NAMES always are, values unknown).
    """
    if instruction.keyword != "RUN" or instruction.form != "shell" or not instruction.value:
        return ()
    found = _interpreter(reader)
    if found is None:
        return ()
    dialect, program = found
    holder = instruction if outer is None else outer
    if outer is not None and not instruction.heredocs and "<<" in instruction.value:
        # The parser reads no heredoc after ONBUILD RUN (BuildKit does): the bodies became
        # instructions of their own, and the command line alone is not what runs.
        return ()
    command = _command(dockerfile, holder, instruction.value)
    if command is None:
        return ()
    pieces, last_line = command
    bodies = _bodies(dockerfile, last_line, instruction.heredocs)
    if bodies is None:
        return ()
    span = holder.span
    positions = _Positions(
        (span.line, span.column, len(holder.keyword)), (span.end_line, max(span.end_column - 1, 1))
    )
    lines: list[str] = []
    shebang_line = "#!" + _shebang_path(dialect, program)
    lines_of = dockerfile.lines

    def emit(text: str, segments: Iterable[tuple[int, int, int]] = ()) -> None:
        lines.append(text)
        positions.add(len(text), segments)

    fed = _fed_shell(instruction)
    if fed is not None:
        # `RUN <<EOF bash -ex`: the RUN's shell starts bash, which reads the heredoc as its
        # script; the shell line itself holds nothing to check.
        shebang_line = "#!" + _shebang_path(*fed)
    if fed is not None or _lone_heredoc(instruction):
        heredoc = instruction.heredocs[0]
        first, count, _ = bodies[0]
        body = [_body_line(lines_of, n, heredoc.strip_tabs) for n in range(first, first + count)]
        exports = _exports((text for text, _, _ in body), in_scope)
        rest = 0
        if fed is None and reader.how == "shebang" and body and body[0][0].startswith("#!"):
            rest = 1  # BuildKit runs the body as a file: its own shebang stays line 1
            emit(body[0][0], [(body[0][1], body[0][2], len(body[0][0]))])
        else:
            emit(shebang_line)
        # A `# shellcheck` directive before the first command covers the whole script:
        # the export line goes after the comments that open the body, not before them.
        opening = rest
        while opening < len(body) and _comment_or_blank(body[opening][0]):
            opening += 1
        for index, (text, number, column) in enumerate(body):
            if index == opening and exports:
                emit(exports)
            if index >= rest:
                emit(text, [(number, column, len(text))])
        if opening == len(body) and exports:
            emit(exports)
    else:
        command_text = "".join(text for _, _, text in pieces)
        data = [lines_of[n - 1] for first, count, _ in bodies for n in range(first, first + count)]
        exports = _exports([command_text, *data], in_scope)
        emit(shebang_line)
        if exports:
            emit(exports)
        emit(command_text, [(line, column, len(text)) for line, column, text in pieces])
        for heredoc, (first, count, terminator) in zip(instruction.heredocs, bodies, strict=True):
            for number in range(first, first + count):
                text = lines_of[number - 1]
                emit(text, [(number, 0, len(text))])
            # BuildKit appends the bare delimiter; under `<<-` the line may hold tabs first.
            written = lines_of[terminator - 1]
            tabs = len(written) - len(written.lstrip("\t"))
            emit(heredoc.delimiter, [(terminator, tabs, len(heredoc.delimiter))])
    text = "\n".join(lines) + "\n"
    positions.texts = text.split("\n")  # what Script.exact compares with the Dockerfile
    return (Script(text, dialect, span.line, positions),)


def _interpreter(reader: RunShell) -> tuple[str, str] | None:
    """(dialect, the interpreter's word as written) for a reader ShellCheck can check."""
    if reader.how not in ("shell", "shebang") or not reader.posix:
        return None
    words: Sequence[str] = reader.argv
    if words and program_name(words[0]) == "env":
        # `SHELL ["/usr/bin/env", "bash", "-c"]`: env's options are skipped as a `#!` line's
        # are, by the one reader of them.
        words = shebang("#!" + " ".join(words)) or ()
    if not words:
        return None
    name = program_name(words[0])
    if name == "busybox":
        if len(words) > 1 and program_name(words[1]) in _BUSYBOX_SHELLS:
            return "busybox", words[0]
        return None
    dialect = _DIALECTS.get(name)
    return None if dialect is None else (dialect, words[0])


def _shebang_path(dialect: str, program: str) -> str:
    """The SHELL's interpreter when ShellCheck reads it as `dialect` (an absolute path,
    without blanks, named as the dialect), else the dialect's usual path (always for
    BusyBox, whose shell is an applet named after the path)."""
    if (
        dialect != "busybox"
        and program.startswith("/")
        and not any(c.isspace() for c in program)
        and program.rsplit("/", 1)[-1] == dialect
    ):
        return program
    return _CANONICAL[dialect]


def _fed_shell(instruction: Instruction) -> tuple[str, str] | None:
    """(dialect, program) when the RUN is one heredoc handed to a shell that reads it as
    its script: `<<"EOF" bash -ex` or `sh -e <<'EOF'`, the shell given options only (no
    `-c` command, no script file), so the body is what it runs. Only a quoted delimiter:
    under `<<EOF` the RUN's own shell expands the body first, so what the inner shell reads
    is not the text written."""
    if len(instruction.heredocs) != 1 or not instruction.heredocs[0].quoted:
        return None
    words = instruction.value.split()
    redirects = [w for w in words if w.lstrip("0123456789").startswith("<<")]
    rest = [w for w in words if w not in redirects]
    if len(redirects) != 1 or not rest or redirects[0].lstrip("0123456789") != redirects[0]:
        return None  # a heredoc on another descriptor is not the shell's input
    program, options = rest[0], rest[1:]
    dialect = _DIALECTS.get(program_name(program))
    if dialect is None or dialect == "busybox":
        return None
    for option in options:
        if not option.startswith(("-", "+")) or option in ("-", "--") or "c" in option:
            return None  # a script file, a command string, or an end of options
        if not option[1:].isalnum():
            return None  # `>`, `|`, quotes: a command line, not a shell's options
    return dialect, program


def _lone_heredoc(instruction: Instruction) -> bool:
    """Whether the RUN is one heredoc word (`RUN <<EOF`), as run_state.run_shell tells it:
    BuildKit then runs the body itself (as a file when it has a shebang)."""
    words = instruction.value.split()
    return (
        len(instruction.heredocs) == 1
        and len(words) == 1
        and words[0].lstrip("0123456789").startswith("<<")
    )


def _dropped(line: str) -> bool:
    """A comment or blank line inside a continuation, which the parser leaves out."""
    return line.lstrip(" \t").startswith("#") or not line.strip(" \t\r\n\f\v")


def _comment_or_blank(line: str) -> bool:
    return line.lstrip(" \t").startswith("#") or not line.strip()


def _command(
    dockerfile: Dockerfile, holder: Instruction, value: str
) -> tuple[list[tuple[int, int, str]], int] | None:
    """The pieces of the instruction's value, each (Dockerfile line, 0-based column, text),
    and the last line of its command; None when the lines do not join into `value`."""
    lines = dockerfile.lines
    escape = dockerfile.escape
    cont = continuation_re(escape)
    number = holder.span.line  # 1-based, the line being read
    if not 1 <= number <= len(lines):
        return None
    column = holder.span.column - 1
    text = lines[number - 1][column:]
    parts: list[tuple[int, int, str]] = []
    m = cont.search(text) if escape in text else None
    parts.append((number, column, text if m is None else text[: m.start()]))
    while m is not None and number < len(lines):
        number += 1
        text = lines[number - 1]
        if _dropped(text):
            continue
        m = cont.search(text) if escape in text else None
        parts.append((number, 0, text if m is None else text[: m.start()]))
    joined = "".join(text for _, _, text in parts)
    end = len(joined.rstrip())
    start = end - len(value)
    if start < 0 or joined[start:end] != value:
        return None
    pieces: list[tuple[int, int, str]] = []
    at = 0
    for line, column, text in parts:
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            pieces.append((line, column + lo - at, text[lo - at : hi - at]))
        at += len(text)
    return pieces, number


def _bodies(
    dockerfile: Dockerfile, after: int, heredocs: Sequence[Heredoc]
) -> list[tuple[int, int, int]] | None:
    """(first body line, number of body lines, terminator line) of each heredoc, which
    follow line `after` in order; None when one has no terminator."""
    lines = dockerfile.lines
    found: list[tuple[int, int, int]] = []
    first = after + 1
    for heredoc in heredocs:
        count = heredoc.body.count("\n")  # each body line keeps its newline
        terminator = first + count
        if terminator > len(lines):
            return None
        written = lines[terminator - 1]
        if (written.lstrip("\t") if heredoc.strip_tabs else written) != heredoc.delimiter:
            return None
        found.append((first, count, terminator))
        first = terminator + 1
    return found


def _body_line(lines: Sequence[str], number: int, strip_tabs: bool) -> tuple[str, int, int]:
    """A lone heredoc's body line as BuildKit runs it (`<<-` strips leading tabs), with
    its line and the 0-based column it starts at."""
    written = lines[number - 1]
    text = written.lstrip("\t") if strip_tabs else written
    return text, number, len(written) - len(text)


def _exports(texts: Iterable[str], in_scope: Callable[[str], str | bool]) -> str:
    """`export A=1 B='x y'` for the names the texts reference that are defined for the RUN,
    sorted; "" when there is none. A known value is given as it is, since ShellCheck reads
    it: the unquoted `$B` of a value with a blank is reported (SC2086), that of `/opt/app`
    is not. An unknown value (a build argument without a default, a proxy) is `1`, as
    hadolint writes every value: a word without blanks, the usual case."""
    referenced = {m.group(1) for text in texts for m in _REFERENCE_RE.finditer(text)}
    assignments = []
    for name in sorted(referenced):
        value = True if name in PROXY_NAMES else in_scope(name)
        if isinstance(value, str):
            assignments.append(f"{name}={_shell_word(value)}")
        elif value:
            assignments.append(f"{name}=1")
    return "export " + " ".join(assignments) if assignments else ""


# A value made of these needs no quotes to stay one literal word in any POSIX shell.
_PLAIN_WORD_RE = re.compile(r"[A-Za-z0-9_./:@%+,=-]+")


def _shell_word(value: str) -> str:
    """`value` as one literal shell word (single-quoted unless it needs no quotes)."""
    if _PLAIN_WORD_RE.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"

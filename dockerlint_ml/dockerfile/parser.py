"""Text -> Dockerfile model, following BuildKit's parser; never raises on any text.

dockerfile-parse's line splitter drops heredocs, ends an instruction at a blank line inside
a continuation, loses an instruction cut by end of file, keeps a BOM in the first keyword and
counts lines from 0. So the logical-line pass here is our own, written against BuildKit's
`parser.Parse`, and dockerfile-parse supplies the quote-aware word splitting (`WordSplitter`)
used for ENV, LABEL and ARG pairs and for finding heredoc words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dockerfile_parse.util import WordSplitter

from dockerlint_ml.dockerfile.model import (
    Dockerfile,
    EnvHistory,
    Flag,
    Heredoc,
    Instruction,
    Lineage,
    ParseError,
    Span,
    Stage,
)
from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.dockerfile.variables import UNKNOWN, Budget, Lookup, Unknown, expand

KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
        "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
        "WORKDIR",
    }
)  # fmt: skip

# Flags each instruction accepts (BuildKit's instructions/parse.go); None: takes no value.
_VALUE = "value"
_BOOL = "bool"
KNOWN_FLAGS: dict[str, dict[str, str]] = {
    "FROM": {"platform": _VALUE},
    "RUN": {"mount": _VALUE, "network": _VALUE, "security": _VALUE, "device": _VALUE},
    "COPY": {
        "from": _VALUE, "chown": _VALUE, "chmod": _VALUE, "link": _BOOL, "parents": _BOOL,
        "exclude": _VALUE,
    },
    "ADD": {
        "chown": _VALUE, "chmod": _VALUE, "link": _BOOL, "keep-git-dir": _BOOL,
        "checksum": _VALUE, "exclude": _VALUE, "unpack": _BOOL,
    },
    "HEALTHCHECK": {
        "interval": _VALUE, "timeout": _VALUE, "start-period": _VALUE,
        "start-interval": _VALUE, "retries": _VALUE,
    },
}  # fmt: skip

# Instructions whose argument may be a JSON array.
_JSON_CAPABLE = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
_HEREDOC_CAPABLE = frozenset({"RUN", "COPY", "ADD"})
_NEEDS_ARGUMENT = KNOWN_INSTRUCTIONS - {"CMD", "ENTRYPOINT"}

# `# key = value`: the key and `=` by pattern, the value (anything after `=`) by str.strip;
# a pattern ending in `(.+?)\s*$` retries the blank run for each character of the value.
_DIRECTIVE_RE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=")
_VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_HEREDOC_WORD_RE = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_HEREDOC_OP_RE = re.compile(r"^\d*<<-?$")
_STAGE_NAME_RE = re.compile(r"^[a-z][a-z0-9-_.]*$", re.IGNORECASE)


class _NotStringArray(Exception):
    pass


def _json_array(text: str) -> list[str] | None:
    """The string list of a JSON array, None when `text` is not JSON; raises when not strings."""

    def reject_constant(name: str) -> object:
        raise ValueError(name)  # Go's encoding/json has no NaN or Infinity

    try:
        data = json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    if not all(isinstance(x, str) for x in data):
        raise _NotStringArray
    return data


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


def _is_comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n\f\v")


def _split_flags(rest: str) -> tuple[str, list[str], int]:
    """BuildKit's extractBuilderFlags: leading `--flag` words; returns (rest, flags, offset)."""
    words: list[str] = []
    n = len(rest)
    pos = 0
    while True:
        while pos < n and rest[pos].isspace():
            pos += 1
        if pos >= n - 1 or rest[pos] != "-" or rest[pos + 1] != "-":
            return rest[pos:], words, pos
        word: list[str] = []
        blank_ok = False
        quote: str | None = None
        while pos < n:
            c = rest[pos]
            if quote is None:
                if c.isspace():
                    break
                if c in ("'", '"'):
                    quote = c
                    blank_ok = True
                    pos += 1
                    continue
            elif c == quote:
                quote = None
                pos += 1
                continue
            if c == "\\":
                pos += 1
                if pos >= n:
                    break
                c = rest[pos]
            word.append(c)
            pos += 1
        text = "".join(word)
        if text == "--":
            while pos < n and rest[pos].isspace():
                pos += 1
            return rest[pos:], words, pos
        if blank_ok or text:
            words.append(text)


@dataclass
class _Logical:
    text: str  # continuation-joined line
    start: int  # 1-based physical line
    end: int
    column: int  # 1-based column of the keyword
    heredocs: list[Heredoc] = field(default_factory=list)
    error: str | None = None


@dataclass
class _State:
    errors: list[ParseError] = field(default_factory=list)

    def error(self, line: int, message: str, column: int = 1, kind: str | None = None) -> None:
        self.errors.append(ParseError(line=line, message=message, column=column, kind=kind))


def _has_unescaped_quote(word: str) -> bool:
    """A quoted heredoc word (`<<'EOF'`, `<<E"O"F`) turns off expansion; `<<E\\'F` does not."""
    i = 0
    while i < len(word):
        if word[i] == "\\":
            i += 2
            continue
        if word[i] in "'\"":
            return True
        i += 1
    return False


# Text up to this length is split by dockerfile-parse's WordSplitter (the design card's
# parser base), longer text by `_split_words`, which reads it the same way in one pass:
# WordSplitter grows each word by string concatenation, so a long word costs its length
# squared (a 1 MB quoted ENV value took 17 s). tests/test_parser.py checks that the two
# agree on generated text with quotes, backslashes and both escape directives.
_WORDSPLITTER_MAX = 4096
# Runs of characters that cannot change the splitter's state, per quoting state.
_PLAIN_RUN = {
    None: re.compile(r"[^\s\\'\"]+"),
    "'": re.compile(r"[^']+"),
    '"': re.compile(r'[^"\\]+'),
}


def _split_words(text: str, dequote: bool) -> list[str]:
    """WordSplitter(text).split(dequote=...) in linear time: words at unquoted, unescaped
    blanks; a backslash escapes the next character except inside single quotes (inside
    double quotes it stays, when dequoting, before any character but `"`); quotes delimit,
    and are dropped with the escaping backslashes when `dequote`."""
    words: list[str] = []
    word: list[str] = []
    started = False  # blanks are not words, but `""` is one
    quote: str | None = None
    i, n = 0, len(text)
    while i < n:
        run = _PLAIN_RUN[quote].match(text, i)
        if run is not None:
            word.append(run.group())
            started = True
            i = run.end()
            continue
        c = text[i]
        if quote is None and c.isspace():
            if started:
                words.append("".join(word))
            word, started = [], False
            i += 1
            continue
        started = True
        if c == "\\" and quote != "'":
            nxt = text[i + 1 : i + 2]
            keeps_backslash = not dequote or (quote == '"' and nxt not in ('"', ""))
            word.append(c + nxt if keeps_backslash else nxt)
            i += 2
            continue
        quote = c if quote is None else None  # here c opens a quote or closes this one
        if not dequote:
            word.append(c)
        i += 1
    if started:
        words.append("".join(word))
    return words


def raw_words(text: str) -> list[str] | None:
    """Whitespace-separated words with quotes and escapes kept; None if splitting fails.
    Text without quotes or backslashes splits as str.split does, which is many times
    faster on large files."""
    if "'" not in text and '"' not in text and "\\" not in text:
        return text.split()
    return _words(text, dequote=False)


def _words(text: str, dequote: bool) -> list[str] | None:
    if len(text) > _WORDSPLITTER_MAX:
        return _split_words(text, dequote)
    try:
        return list(WordSplitter(text).split(dequote=dequote))
    except Exception:  # WordSplitter is third-party: never let it stop the parse
        return None


def _heredoc_words(line: str) -> list[tuple[str, bool, bool, int]]:
    """(name, strip_tabs, quoted, fd) for each heredoc word of a logical line."""
    found: list[tuple[str, bool, bool, int]] = []
    words = raw_words(line)
    if words is None:
        return found
    # BuildKit's lexer reads `<< EOF` (blanks after the operator) as the word `<<EOF`; the
    # v0.12 parser did not, current ones do (parser_heredoc_test.go).
    merged: list[str] = []
    for word in words:
        if merged and _HEREDOC_OP_RE.match(merged[-1]):
            merged[-1] += word
        else:
            merged.append(word)
    for word in merged:
        m = _HEREDOC_WORD_RE.match(word)
        if not m or not m.group(3):
            continue
        raw = m.group(3)
        unquoted = _words(raw, dequote=True)
        if unquoted is None or len(unquoted) != 1 or not unquoted[0]:
            continue
        name = unquoted[0]
        found.append((name, m.group(2) == "-", _has_unescaped_quote(raw), int(m.group(1) or 0)))
    return found


def continuation_re(escape: str) -> re.Pattern[str]:
    """BuildKit's line continuation: the escape token, not itself escaped, then only blanks
    up to the end of the line; a match's start is where the line's kept text ends."""
    esc = re.escape(escape)
    return re.compile(r"(?:(?<=[^" + esc + r"])|^)" + esc + r"[ \t]*$")


def _logical_lines(lines: list[str], escape: str, state: _State) -> list[_Logical]:
    cont_re = continuation_re(escape)
    out: list[_Logical] = []
    n = len(lines)
    i = 0
    while i < n:
        raw = _strip_eol(lines[i])
        i += 1
        stripped = raw.lstrip(" \t")
        if stripped.startswith("#") or not stripped.strip():
            continue
        start = i
        column = len(raw) - len(stripped) + 1
        m = cont_re.search(stripped) if escape in stripped else None
        if m is None:
            text = stripped
        else:
            parts = [stripped[: m.start()]]
            while i < n:
                nxt = _strip_eol(lines[i])
                i += 1
                if _is_comment(nxt) or _is_blank(nxt):
                    continue
                m = cont_re.search(nxt) if escape in nxt else None
                if m is None:
                    parts.append(nxt)
                    break
                parts.append(nxt[: m.start()])
            text = "".join(parts)
            if not text.strip():
                continue
        logical = _Logical(text=text, start=start, end=i, column=column)
        keyword = text.split(None, 1)[0].upper() if text.split(None, 1) else ""
        if keyword in _HEREDOC_CAPABLE and "<<" in text and not _looks_json(keyword, text):
            for name, strip_tabs, quoted, fd in _heredoc_words(text):
                body: list[str] = []
                terminated = False
                while i < n:
                    phys = lines[i]
                    i += 1
                    candidate = _strip_eol(phys)
                    if strip_tabs:
                        candidate = candidate.lstrip("\t")
                    if candidate == name:
                        terminated = True
                        break
                    body.append(phys)
                logical.heredocs.append(
                    Heredoc(
                        delimiter=name,
                        body="".join(body),
                        strip_tabs=strip_tabs,
                        quoted=quoted,
                        fd=fd,
                    )
                )
                if not terminated:
                    state.error(start, f"unterminated heredoc: no line `{name}` closes it")
                    break
            logical.end = i
        out.append(logical)
    return out


def _looks_json(keyword: str, text: str) -> bool:
    rest = text.split(None, 1)
    if len(rest) < 2:
        return False
    value, _flags, _ = _split_flags(rest[1])
    if not value.lstrip().startswith("["):
        return False
    try:
        return _json_array(value) is not None
    except _NotStringArray:
        return True


def _parse_directives(lines: list[str], state: _State) -> tuple[dict[str, str], str]:
    directives: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        text = _strip_eol(line)
        m = _DIRECTIVE_RE.match(text)
        if not m or m.end() == len(text):
            break
        value = text[m.end() :].strip()  # may be blank: `# escape= ` is an invalid escape
        key = m.group(1).lower()
        if key not in _VALID_DIRECTIVES:
            break
        if key in directives:
            state.error(number, f"only one {key} parser directive can be used")
            continue
        directives[key] = value
    escape = directives.get("escape", "\\")
    if escape not in ("\\", "`"):
        state.error(1, f"invalid escape token {escape!r} does not match ` or \\")
        escape = "\\"
    return directives, escape


def key_values(value: str) -> list[tuple[str, str]] | None:
    """ENV/LABEL pairs, raw (quotes kept); None when a word of the `k=v` form lacks `=`."""
    words = raw_words(value)
    if words is None:
        return None
    if not words:
        return []
    if "=" not in words[0]:
        parts = value.split(None, 1)
        return [(parts[0], parts[1] if len(parts) > 1 else "")]
    pairs = []
    for word in words:
        if "=" not in word:
            return None
        key, val = word.split("=", 1)
        pairs.append((key, val))
    return pairs


def arg_words(value: str) -> list[tuple[str, str | None]]:
    """ARG words as (name, default or None), raw (quotes kept)."""
    words = raw_words(value)
    if words is None:
        words = value.split()
    out: list[tuple[str, str | None]] = []
    for word in words:
        if "=" in word:
            key, val = word.split("=", 1)
            out.append((key, val))
        else:
            out.append((word, None))
    return out


def _end_column(lines: list[str], end_line: int) -> int:
    if 1 <= end_line <= len(lines):
        return len(_strip_eol(lines[end_line - 1])) + 1
    return 1


class _Builder:
    """Turns logical lines into instructions, stages and variable histories in one pass."""

    def __init__(self, lines: list[str], escape: str, state: _State) -> None:
        self.lines = lines
        self.escape = escape
        self.state = state
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.global_args: dict[str, str | None] = {}
        self._stage_items: list[list[Instruction]] = []
        self._stage_env: list[EnvHistory] = []
        self._stage_args: list[EnvHistory] = []
        self._stage_from: list[Instruction] = []
        self._stage_meta: list[tuple[str | None, str, str | None, int | None]] = []
        self._aliases: dict[str, int] = {}  # lower-cased stage name -> its last stage
        # Per stage, its ENV pairs and ARG words, resolved once every base is known (finish).
        self._stage_vars: list[list[tuple[Instruction, list[tuple[str, str | None]]]]] = []
        self._unknown_globals: set[str] = set()  # global ARGs whose default did not resolve
        self.budget = Budget()

    # -- per instruction -------------------------------------------------------------
    def instruction(self, logical: _Logical, index: int) -> Instruction | None:
        parts = logical.text.strip().split(None, 1)
        if not parts:
            return None
        span = Span(
            line=logical.start,
            column=logical.column,
            end_line=logical.end,
            end_column=_end_column(self.lines, logical.end),
        )
        keyword = parts[0].upper()
        rest = parts[1] if len(parts) > 1 else ""
        stage = len(self.stages) - 1 if self.stages else None
        if keyword == "FROM":
            stage = len(self.stages)
        if keyword not in KNOWN_INSTRUCTIONS:
            # Kept in the model (BuildKit's parser keeps it too; the build step rejects it).
            self.state.error(logical.start, f"unknown instruction: {parts[0]}", logical.column)
        return self._build(keyword, rest, span, logical.heredocs, index, stage)

    def _build(
        self,
        keyword: str,
        rest: str,
        span: Span,
        heredocs: list[Heredoc],
        index: int,
        stage: int | None,
    ) -> Instruction:
        value, raw_flags, _ = _split_flags(rest)
        value = value.strip()
        flags = self._flags(keyword, raw_flags, span)
        form: str | None = None
        argv: tuple[str, ...] | None = None
        malformed = False
        inner: Instruction | None = None
        if keyword == "ONBUILD":
            inner_parts = value.split(None, 1)
            if inner_parts:
                inner_kw = inner_parts[0].upper()
                if inner_kw in ("ONBUILD", "FROM", "MAINTAINER"):
                    self.state.error(
                        span.line,
                        f"{inner_kw} isn't allowed as an ONBUILD trigger",
                        kind="onbuild-trigger",
                    )
                elif inner_kw not in KNOWN_INSTRUCTIONS:
                    self.state.error(span.line, f"unknown instruction: {inner_parts[0]}")
                else:
                    inner_rest = inner_parts[1] if len(inner_parts) > 1 else ""
                    inner = self._build(inner_kw, inner_rest, span, [], index, stage)
        elif keyword == "HEALTHCHECK":
            head = value.split(None, 1)
            if head and head[0].upper() == "CMD":
                form, argv, malformed = self._form(keyword, head[1] if len(head) > 1 else "", span)
            elif head and head[0].upper() != "NONE":
                self.state.error(span.line, f"unknown type for healthcheck: {head[0]}")
            elif head and head[0].upper() == "NONE" and len(head) > 1:
                self.state.error(span.line, "HEALTHCHECK NONE takes no arguments")
        elif keyword in _JSON_CAPABLE:
            form, argv, malformed = self._form(keyword, value, span)
            if keyword == "SHELL" and form != "exec":
                self.state.error(span.line, "SHELL requires the arguments to be in JSON form")
        if keyword in _NEEDS_ARGUMENT and not value and not heredocs:
            self.state.error(span.line, f"{keyword} requires at least one argument", span.column)
        return Instruction(
            index=index,
            keyword=keyword,
            span=span,
            flags=flags,
            value=value,
            form=form,
            argv=argv,
            heredocs=tuple(heredocs),
            stage=stage,
            inner=inner,
            malformed_json=malformed,
        )

    def _form(
        self, keyword: str, value: str, span: Span
    ) -> tuple[str | None, tuple[str, ...] | None, bool]:
        if not value:
            return None, None, False
        if value.lstrip().startswith("["):
            try:
                arr = _json_array(value)
            except _NotStringArray:
                if keyword not in ("CMD", "ENTRYPOINT"):
                    self.state.error(span.line, "JSON array must contain only strings")
                return "shell", None, True
            if arr is not None:
                return "exec", tuple(arr), False
            return "shell", None, True
        return "shell", None, False

    def _flags(self, keyword: str, raw: list[str], span: Span) -> tuple[Flag, ...]:
        known = KNOWN_FLAGS.get(keyword, {})
        flags: list[Flag] = []
        for word in raw:
            body = word[2:] if word.startswith("--") else word
            name, sep, val = body.partition("=")
            kind = known.get(name)
            if kind is None:
                self.state.error(span.line, f"unknown flag: --{name} for {keyword}", span.column)
            elif kind == _VALUE and not sep:
                self.state.error(span.line, f"missing a value on flag: --{name}", span.column)
            elif kind == _BOOL and sep and val.lower() not in ("true", "false"):
                self.state.error(span.line, f"expecting boolean value for flag {name}, not: {val}")
            flags.append(Flag(name=name, value=val if sep else None))
        return tuple(flags)

    # -- stages and variables ----------------------------------------------------------
    def add(self, ins: Instruction) -> None:
        self.instructions.append(ins)
        if ins.keyword == "FROM":
            self._open_stage(ins)
            return
        if ins.keyword not in KNOWN_INSTRUCTIONS:
            if self._stage_items:
                self._stage_items[-1].append(ins)
            return
        if not self.stages and not self._stage_items:
            if ins.keyword == "ARG":
                self._global_arg(ins)
            else:
                self.state.error(
                    ins.span.line,
                    f"{ins.keyword} before the first FROM",
                    ins.span.column,
                    kind="before-from",
                )
            return
        self._stage_items[-1].append(ins)
        if ins.keyword == "ENV":
            pairs = self._env_pairs(ins)
            if pairs:
                self._stage_vars[-1].append((ins, list(pairs)))
        elif ins.keyword == "LABEL":
            if key_values(ins.value) is None:
                self.state.error(ins.span.line, "LABEL must be of the form name=value")
        elif ins.keyword == "ARG":
            self._stage_vars[-1].append((ins, arg_words(ins.value)))

    def _global_arg(self, ins: Instruction) -> None:
        for name, default in arg_words(ins.value):
            value, resolved = default, True
            if default is not None:
                value, resolved = expand(default, self._global_lookup, self.escape, self.budget)
            self.global_args[name] = value
            if resolved:
                self._unknown_globals.discard(name)
            else:
                self._unknown_globals.add(name)

    def _env_pairs(self, ins: Instruction) -> list[tuple[str, str]]:
        """The ENV's name/value pairs as written; the form errors reported."""
        pairs = key_values(ins.value)
        if pairs is None:
            self.state.error(ins.span.line, "ENV must be of the form name=value")
            return []
        if len(pairs) == 1 and "=" not in ins.value.split(None, 1)[0] and not pairs[0][1]:
            self.state.error(ins.span.line, "ENV must have two arguments")
        for key, _ in pairs:
            if not key:
                self.state.error(ins.span.line, "ENV names can not be blank")
        return [(key, raw) for key, raw in pairs if key]

    def _resolve_stage(self, index: int, nearest: Callable[[str], int | None]) -> None:
        """Fill a stage's ENV and ARG histories; its bases' are complete (Lineage's order)."""
        env, args = self._stage_env[index], self._stage_args[index]
        for ins, words in self._stage_vars[index]:
            lookup = self._stage_lookup(index, ins.index, nearest)
            for name, raw in words:
                if raw is None:  # `ARG NAME`: the global default, if there is one
                    inherited = self.global_args.get(name)
                    if inherited is not None:
                        args.set(name, ins.index, inherited, name not in self._unknown_globals)
                    continue
                value, resolved = expand(raw, lookup, self.escape, self.budget)
                if ins.keyword == "ARG":
                    args.set(name, ins.index, value, resolved)
                else:
                    # An unresolved variable may come from the base image or a build
                    # argument: keep the text as written so that rules can tell it is
                    # undecidable, and so that no later value is built from it.
                    env.set(name, ins.index, value if resolved else raw, resolved)

    def _global_lookup(self, name: str) -> str | Unknown | None:
        return UNKNOWN if name in self._unknown_globals else self.global_args.get(name)

    def _stage_lookup(
        self, index: int, before: int, nearest: Callable[[str], int | None]
    ) -> Lookup:
        """Variables as instruction `before` of stage `index` sees them: the stage's ENV,
        then its ARGs, then the ENV of the nearest stage of its chain that sets them."""
        own = (self._stage_env[index], self._stage_args[index])

        def lookup(name: str) -> str | Unknown | None:
            for history in own:
                value = history.get(name, before)
                if value is not None:
                    return value if history.known(name, before) else UNKNOWN
            setter = nearest(name)
            if setter is None:
                return None
            inherited = self._stage_env[setter]
            return inherited.get(name) if inherited.known(name) else UNKNOWN

        return lookup

    def _open_stage(self, ins: Instruction) -> None:
        words = ins.value.split()
        alias: str | None = None
        if len(words) == 3 and words[1].lower() == "as":
            alias = words[2]
            if not _STAGE_NAME_RE.match(alias):
                self.state.error(ins.span.line, f"invalid name for build stage: {alias!r}")
        elif len(words) > 1:
            self.state.error(ins.span.line, "FROM requires either one or three arguments")
        base_text = words[0] if words else ""
        resolved, ok = expand(base_text, self._global_lookup, self.escape, self.budget)
        base_resolved = resolved if ok and resolved else None
        base_stage = None if base_resolved is None else self._aliases.get(base_resolved.lower())
        index = len(self._stage_meta)
        if alias is not None:
            self._aliases[alias.lower()] = index
        self._stage_meta.append((alias, base_text, base_resolved, base_stage))
        self._stage_items.append([])
        self._stage_env.append(EnvHistory())
        self._stage_args.append(EnvHistory())
        self._stage_vars.append([])
        self._stage_from.append(ins)
        # A placeholder keeps len(self.stages) equal to the number of FROMs seen so far.
        self.stages.append(self._stage(index))

    def _stage(self, i: int) -> Stage:
        alias, base_text, base_resolved, base_stage = self._stage_meta[i]
        image = None
        if base_resolved is not None and base_stage is None and base_resolved != "scratch":
            image = parse_image(base_resolved)
        return Stage(
            index=i,
            from_instruction=self._stage_from[i],
            alias=alias,
            base_text=base_text,
            base_resolved=base_resolved,
            base_image=image,
            base_stage=base_stage,
            instructions=tuple(self._stage_items[i]),
            env=self._stage_env[i],
            args=self._stage_args[i],
        )

    def finish(self) -> tuple[tuple[Stage, ...], Lineage]:
        """The stages, with their variables resolved bases first (the lineage's depth-first
        order: file order for a chain; the file budget is spent in that order too)."""
        stages = tuple(self._stage(i) for i in range(len(self._stage_meta)))
        return stages, Lineage(stages, self._resolve_stage)


def parse(
    text: str, path: str = "Dockerfile", *, invalid_utf8: tuple[int, int] | None = None
) -> Dockerfile:
    """Parse Dockerfile text; problems become `errors`, never exceptions.

    `invalid_utf8` is the (line, column) where the bytes the text was decoded from stopped
    being UTF-8 (see sources.py); it becomes a parse error there.
    """
    state = _State()
    if invalid_utf8 is not None:
        line, column = invalid_utf8
        state.errors.append(
            ParseError(
                line=line,
                column=column,
                message=f"invalid UTF-8 on line {line}; the bytes were replaced with U+FFFD",
                fix="Save the file as UTF-8.",
            )
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    # BuildKit's scanner splits on "\n" only, keeping each line's newline for heredoc bodies.
    raw_lines = text.split("\n")
    lines = [line + "\n" for line in raw_lines[:-1]]
    if raw_lines[-1]:
        lines.append(raw_lines[-1])
    directives, escape = _parse_directives(lines, state)
    builder = _Builder(lines, escape, state)
    for logical in _logical_lines(lines, escape, state):
        ins = builder.instruction(logical, len(builder.instructions))
        if ins is not None:
            builder.add(ins)
    if not builder.instructions:
        state.error(1, "file with no instructions")
    stages, lineage = builder.finish()
    errors = sorted(state.errors, key=lambda e: (e.line, e.column))
    return Dockerfile(
        path=path,
        text=text,
        lines=tuple(_strip_eol(line) for line in lines),
        directives=directives,
        instructions=tuple(builder.instructions),
        stages=stages,
        global_args=builder.global_args,
        errors=tuple(errors),
        escape=escape,
        lineage=lineage,
    )

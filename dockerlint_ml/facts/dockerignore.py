"""What a build context's `.dockerignore` leaves out, answered the way BuildKit answers it.

`DockerIgnore.parse` reads an ignore file's text and `DockerIgnore.excluded` says whether a
path of the context is left out of it; `ignore_file_for` says which ignore file applies to a
Dockerfile. Every answer follows the code Docker runs, not its prose, read from these sources:

- reading the file: moby/patternmatcher `ignorefile.ReadAll`
  https://github.com/moby/patternmatcher/blob/main/ignorefile/ignorefile.go, read with Go's
  `bufio.Scanner` (a line of more than 64 KiB fails the build) https://pkg.go.dev/bufio;
- cleaning, checking and matching a pattern: moby/patternmatcher `New`, `Pattern.compile` and
  `Pattern.match` https://github.com/moby/patternmatcher/blob/main/patternmatcher.go, which
  check a pattern with Go's `filepath.Match(pattern, ".")` https://pkg.go.dev/path/filepath
  and then translate it into a Go regular expression https://pkg.go.dev/regexp/syntax;
- which paths are sent: tonistiigi/fsutil `filterFS.Walk` (`MatchesUsingParentResults`, one
  directory level at a time, skipping an excluded directory's subtree when no exception can
  reach into it) and `filterFS.Open` (`MatchesOrParentMatches`), used by BuildKit's file sync
  https://github.com/tonistiigi/fsutil/blob/master/filter.go;
- which file applies: BuildKit's Dockerfile frontend reads `<Dockerfile name>.dockerignore`
  from the Dockerfile's directory and falls back to the context's `.dockerignore`
  https://github.com/moby/buildkit/blob/master/frontend/dockerui/config.go,
  https://docs.docker.com/build/concepts/context/#dockerignore-files; symlinks are resolved
  inside that directory, as fsutil's `FollowLinks` does
  https://github.com/tonistiigi/fsutil/blob/master/followlinks.go.

Docker's translation to a regular expression has quirks that a glob reading would miss, and
they are kept: `**` not followed by `/` still means "any directories" (`a**b` matches `a/x/b`
but not `axb`), a pattern starting with `**` and otherwise literal is a plain suffix test
(`**foo` matches `barfoo`), a negated class matches `/` (`a[^x]b` matches `a/b`), and a `^`
outside a class anchors at the start of the path. Constructs whose translation would need a
general regular-expression engine (`\\d`, `\\w` and other letter escapes, POSIX classes, `*`
or `?` inside a class, a trailing backslash) are not computed: a path whose answer depends on
such a rule gets None ("cannot tell"), and `DockerIgnore.unsupported` names the rule.

Matching never uses `re` or `fnmatch`: a pattern becomes a small automaton run over the path
once, with Python integers as bit sets (one bit per pattern item), so one pattern costs
O(len(path)) big-integer steps whatever its shape. Sizes are capped (MAX_IGNORE_BYTES,
MAX_PATTERN_CHARS, and a work budget per question); past a cap the answer is None.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from dockerlint_ml.facts.files import read_regular_file

# The most of an ignore file that is read. Docker itself has no cap, but a larger file is
# almost surely not a hand-written ignore file, and reading it would let a hostile
# repository make the linter slow; such a file is recorded as an error (every answer None).
MAX_IGNORE_BYTES = 1 << 20

# The longest pattern that is matched. Docker accepts up to a 64 KiB line; a longer pattern
# than this is never a real path (PATH_MAX is 4096), and the cap bounds the bit sets of the
# automaton, so such a rule is unsupported (None for the paths it would decide).
MAX_PATTERN_CHARS = 4096

# bufio.Scanner's default MaxScanTokenSize is 64 KiB and the line's `\n` must fit in the
# buffer too: a longer line makes ReadAll, and so the build, fail.
_MAX_LINE_BYTES = 64 * 1024 - 1

# Work budgets of one question: rules x directory levels for the level-by-level walk, and
# characters fed to the automata. Past them the answer is None rather than slow.
_STEP_BUDGET = 2_000_000
_CHAR_BUDGET = 2_000_000

# Each automaton remembers the masks of this many distinct characters (paths use few), so a
# hostile run of distinct characters costs time within the budget but no unbounded memory.
_MAX_CACHED_CHARS = 256

# Go's strings.TrimSpace trims unicode.IsSpace (White_Space), not str.isspace(): it keeps
# U+001C..U+001F, which str.strip() would remove.
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Characters patternmatcher escapes before building its regular expression; `^`, `[`, `]`,
# `-` and `\` are passed through and keep their regular-expression meaning.
_REGEX_ESCAPED = frozenset(".+()|{}$")

# fsutil skips an excluded directory's subtree only when no exception pattern holds one of
# these (after dropping a trailing `/**` or `/*`).
_GLOB_CHARS = frozenset("*[]?^\\")


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One pattern of an ignore file, as Docker keeps it."""

    pattern: str  # as cleaned, without the `!`
    exception: bool  # written with `!`: re-includes what earlier rules excluded
    line: int  # 1-based line in the file


# --- matchers ------------------------------------------------------------------------------

# patternmatcher's match kinds: three plain string tests, and a regular expression.
_EXACT, _PREFIX, _SUFFIX, _REGEXP = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Literal:
    """patternmatcher's exactMatch, prefixMatch and suffixMatch: plain string tests."""

    kind: int
    text: str


@dataclass(frozen=True, slots=True)
class _Unsupported:
    """A valid rule whose translation this module does not compute."""

    reason: str


@dataclass(frozen=True, slots=True)
class _Nfa:
    """patternmatcher's regexpMatch as a bit-parallel automaton.

    Bit k of a state is "the first k items are matched"; bit `size` is "all matched". Items
    that consume one character shift their bit up; loops (`[^/]*`, `.*`, the `.*` of
    `(.*/)?`) keep it; `eps` items may be skipped without reading.
    """

    size: int
    start: int  # the state before the first character, skips taken
    lits: dict[str, int]  # character -> items that are that literal character
    classes: tuple[tuple[int, tuple[tuple[int, int], ...], bool], ...]  # bit, ranges, negated
    any_char: int  # `?` items: any character but `/`
    star: int  # `*` items: loop on any character but `/`
    dot_loops: int  # `**` items: loop on any character but a newline
    group: int  # `(.*/)?` items: a `/` also ends the group
    eps_any: int  # loops left to the next item whether or not they read
    eps: int  # items skipped when arrived at (loops, and the optional group)
    required: str  # a literal run every match contains (a quick filter)
    masks: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)


_Matcher = _Literal | _Nfa | _Unsupported


class _Rejected(Exception):
    """Docker rejects the pattern (the build fails)."""


class _NotComputed(Exception):
    """The pattern is valid but its translation is not computed here."""


class _Undecidable(Exception):
    """This question cannot be answered (an unsupported rule, or a budget spent)."""


# --- the ignore file -----------------------------------------------------------------------


@dataclass(frozen=True)
class DockerIgnore:
    """The rules of one ignore file; an empty one excludes nothing."""

    rules: tuple[IgnoreRule, ...] = ()
    # One line each: why Docker would refuse this file. Any error makes every answer None.
    errors: tuple[str, ...] = ()
    # One line each: a valid rule whose effect is not computed (None where it decides).
    unsupported: tuple[str, ...] = ()
    _matchers: tuple[_Matcher, ...] = field(default=(), repr=False, compare=False)
    # The exceptions as fsutil compares them with a directory, each with a `/` added; None
    # when one of them is a glob (fsutil then walks every excluded directory).
    _subtree_prefixes: tuple[str, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if len(self._matchers) != len(self.rules):  # built by hand, not by parse
            object.__setattr__(
                self, "_matchers", tuple(_compile_quietly(r.pattern) for r in self.rules)
            )
        prefixes = [_without_trailing_glob(r.pattern) for r in self.rules if r.exception]
        if not any(_GLOB_CHARS.intersection(p) for p in prefixes):
            object.__setattr__(self, "_subtree_prefixes", tuple(p + "/" for p in prefixes))

    @classmethod
    def parse(cls, text: str) -> DockerIgnore:
        """The rules of an ignore file's text; never raises."""
        if not isinstance(text, str):
            return cls(errors=("the ignore file is not text",))
        if len(text) > MAX_IGNORE_BYTES or _utf8_len(text) > MAX_IGNORE_BYTES:
            return cls(errors=(f"the ignore file is larger than {MAX_IGNORE_BYTES} bytes",))
        lines, too_long = _scan_lines(text)
        if too_long:
            return cls(
                errors=(
                    f"line {too_long}: longer than {_MAX_LINE_BYTES} bytes; Docker fails to"
                    " read the file (bufio.Scanner: token too long)",
                )
            )
        rules: list[IgnoreRule] = []
        matchers: list[_Matcher] = []
        errors: list[str] = []
        unsupported: list[str] = []
        # A repeated line is compiled once (matchers are immutable, so they can be shared).
        seen: dict[str, tuple[IgnoreRule, _Matcher] | str | None] = {}
        for number, line in enumerate(lines, start=1):
            pattern = _read_pattern(line)
            if pattern is None:
                continue
            if pattern not in seen:
                seen[pattern] = _new_compiled_rule(pattern)
            compiled = seen[pattern]
            if compiled is None:
                continue
            if isinstance(compiled, str):
                errors.append(f"line {number}: {compiled}; Docker fails")
                continue
            rule, matcher = compiled
            if isinstance(matcher, _Unsupported):
                unsupported.append(
                    f"line {number}: `{_show(rule.pattern)}` uses {matcher.reason}, which is"
                    " not computed here"
                )
            rules.append(IgnoreRule(rule.pattern, rule.exception, number))
            matchers.append(matcher)
        return cls(tuple(rules), tuple(errors), tuple(unsupported), tuple(matchers))

    @classmethod
    def read(cls, path: Path) -> DockerIgnore:
        """The rules of the ignore file at `path` (a regular file, not a symlink: pass what
        `ignore_file_for` answers); reads at most MAX_IGNORE_BYTES + 1 bytes, never raises."""
        try:
            data = read_regular_file(path, MAX_IGNORE_BYTES + 1)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return cls(errors=(f"cannot read {os.fspath(path)!r}: {reason}",))
        if len(data) > MAX_IGNORE_BYTES:
            return cls(errors=(f"the ignore file is larger than {MAX_IGNORE_BYTES} bytes",))
        # Docker reads bytes: undecodable ones survive as surrogates, as file names do.
        return cls.parse(data.decode("utf-8", "surrogateescape"))

    def excluded(self, path: str) -> bool | None:
        """Whether `path` (relative to the context root, `/`-separated) is left out of the
        build context: True, False, or None when it cannot be told (an invalid file, an
        unsupported rule, a path outside the context, a budget spent).

        The answer is for the entry itself: an excluded directory may still be sent, empty
        but for the descendants an exception re-includes.
        """
        return self._decide(path)[0]

    def rule_for(self, path: str) -> IgnoreRule | None:
        """The rule that decided `path` (the last one that changed its fate, an exception
        for a re-included path); None when no rule did or the answer is None."""
        answer, index = self._decide(path)
        if answer is None or index is None:
            return None
        return self.rules[index]

    def _decide(self, path: str) -> tuple[bool | None, int | None]:
        if self.errors:
            return None, None
        rel = _context_path(path)
        if rel is None:
            return None, None
        if rel == "." or not self.rules:
            # patternmatcher never lets `.` be excluded: the root is always sent.
            return False, None
        ends = _level_ends(rel)
        if len(self.rules) * len(ends) > _STEP_BUDGET:
            return None, None
        directs = _Directs(self._matchers, rel, ends)
        try:
            sent_by_walk, index = self._walk(directs, rel, ends)
            if not sent_by_walk:
                return True, index
            # The walk lists the file, but its content is read through Open, which asks
            # MatchesOrParentMatches: when that says excluded the file arrives without its
            # content (the two disagree only for odd orders of repeated rules).
            if self._matches_or_parent_matches(directs):
                return None, None
        except _Undecidable:
            return None, None
        return False, index

    def _walk(self, directs: _Directs, rel: str, ends: list[int]) -> tuple[bool, int | None]:
        """fsutil's filterFS.Walk: True when the path is sent, and the deciding rule.

        Each directory level is matched with MatchesUsingParentResults: a rule that matched
        the parent counts as matching here, other rules are tried on this level's path,
        skipped (as patternmatcher does) when they could not change the answer.
        """
        rules = self.rules
        previous: bytearray | None = None
        matched = False
        decider: int | None = None
        last = len(ends) - 1
        for level, end in enumerate(ends):
            current = bytearray(len(rules))
            matched = False
            decider = None
            for i, rule in enumerate(rules):
                hit = previous[i] if previous is not None else 0
                if not hit:
                    if rule.exception != matched:
                        continue
                    hit = directs.levels(i)[level]
                if hit:
                    current[i] = 1
                    if matched == rule.exception:
                        decider = i
                    matched = not rule.exception
            if level < last and matched and self._skips_subtree(rel[:end]):
                return False, decider
            previous = current
        return not matched, decider

    def _skips_subtree(self, directory: str) -> bool:
        """Whether fsutil skips an excluded directory's subtree instead of walking it: when
        no exception is a glob and none names a path inside it."""
        prefixes = self._subtree_prefixes
        if prefixes is None:
            return False
        inside = directory + "/"
        return not any(p.startswith(inside) for p in prefixes)

    def _matches_or_parent_matches(self, directs: _Directs) -> bool:
        """patternmatcher's MatchesOrParentMatches: every rule sees the path and all its
        parent directories at once."""
        matched = False
        for i, rule in enumerate(self.rules):
            if rule.exception != matched:
                continue
            if directs.anywhere(i):
                matched = not rule.exception
        return matched


def ignore_file_for(context_root: Path, dockerfile: Path) -> Path | None:
    """The ignore file BuildKit applies to a build of `dockerfile` with `context_root` as its
    context: `<Dockerfile name>.dockerignore` beside the Dockerfile when it is a regular
    file, else the context's `.dockerignore`, else None.

    A symlink is resolved the way BuildKit reads it, inside the directory it was found in
    (`..` stops at that directory, an absolute target starts there), so the answer never
    lies outside it; the answer is that resolved path. Only metadata is read (lstat,
    readlink), never a file's content.
    """
    try:
        dockerfile = Path(dockerfile)
        own = _regular_file_inside(dockerfile.parent, dockerfile.name + ".dockerignore")
        if own is not None:
            return own
        return _regular_file_inside(Path(context_root), ".dockerignore")
    except (OSError, ValueError, TypeError):
        return None


# --- reading (ignorefile.ReadAll, then patternmatcher.New) ---------------------------------


def _scan_lines(text: str) -> tuple[list[str], int]:
    """The lines bufio.Scanner returns (split at `\\n`, one trailing `\\r` dropped), and the
    number of the first line too long for it (0 when none)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text ended with a newline: no empty last line
    for number, line in enumerate(lines, start=1):
        # 4 bytes a character at most: only a long line needs to be measured.
        if len(line) * 4 > _MAX_LINE_BYTES and _utf8_len(line) > _MAX_LINE_BYTES:
            return [], number
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]  # ReadAll drops a UTF-8 byte-order mark from the first line
    return lines, 0


def _read_pattern(line: str) -> str | None:
    """ignorefile.ReadAll for one line: the pattern string it passes on, or None."""
    # The comment test comes before any trimming: `  # x` is the pattern `# x`.
    if line.startswith("#"):
        return None
    pattern = line.strip(_GO_SPACE)
    if not pattern:
        return None
    invert = pattern[0] == "!"
    if invert:
        pattern = pattern[1:].strip(_GO_SPACE)
    if pattern:
        pattern = _go_clean(pattern)
        if len(pattern) > 1 and pattern[0] == "/":
            pattern = pattern[1:]
    return "!" + pattern if invert else pattern


def _new_compiled_rule(pattern: str) -> tuple[IgnoreRule, _Matcher] | str | None:
    """A pattern from ReadAll as New and then Pattern.compile take it: the rule (line 0)
    and its matcher, why Docker rejects it, or None when New skips it."""
    rule = _new_rule(pattern)
    if rule is None or isinstance(rule, str):
        return rule
    try:
        return rule, _compile(rule.pattern)
    except _Rejected as exc:
        return f"`{_show(rule.pattern)}`: {exc}"


def _new_rule(pattern: str) -> IgnoreRule | str | None:
    """patternmatcher.New for one pattern: the rule (line 0), why Docker rejects it, or None
    when New skips it."""
    # New trims and cleans again, the `!` included: `!../../a` becomes the plain rule `a`,
    # and `/ foo` (ReadAll's ` foo`) becomes `foo`.
    p = pattern.strip(_GO_SPACE)
    if not p:
        return None  # `/ /` is ReadAll's ` `, which New drops
    p = _go_clean(p)
    exception = p[0] == "!"
    if exception:
        if len(p) == 1:
            return "`!` without a pattern (illegal exclusion pattern)"
        p = p[1:]
    if _go_match_rejects(p):
        return f"`{_show(p)}` is not a valid pattern (filepath.Match: syntax error)"
    return IgnoreRule(p, exception, 0)


def _go_clean(path: str) -> str:
    """Go's filepath.Clean on `/`: no empty or `.` element, `..` folded where it can be."""
    if "/" not in path:
        return path or "."  # one element: only `.` and `..` are special, and both stay
    rooted = path[0] == "/"
    parts: list[str] = []
    kept_dotdots = 0  # leading `..` of a relative path stay
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if len(parts) > kept_dotdots:
                parts.pop()
            elif not rooted:
                parts.append("..")
                kept_dotdots += 1
            continue
        parts.append(part)
    body = "/".join(parts)
    if rooted:
        return "/" + body
    return body or "."


def _utf8_len(text: str) -> int:
    try:
        return len(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return len(text.encode("utf-8", "surrogatepass"))


def _show(pattern: str) -> str:
    """A pattern for a one-line message."""
    shown = pattern[:60]
    if not shown.isprintable():
        shown = repr(shown)[1:-1]
    return shown + ("…" if len(pattern) > 60 else "")


# --- validation: Go's filepath.Match(pattern, ".") -----------------------------------------


def _go_match_rejects(pattern: str) -> bool:
    """Whether filepath.Match(pattern, ".") returns ErrBadPattern, as New checks.

    Go stops at the first chunk that fails to match, so a malformed part after it passes
    here (and fails later, when the regular expression is compiled).
    """
    name = "."
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return False
        rest, ok, bad = _match_chunk(chunk, name)
        if ok and (not rest or pattern):
            name = rest
            continue
        if bad:
            return True
        after = _match_after_star(chunk, name, pattern) if star else None
        if after is None:
            return False
        name = after
    return False


def _match_after_star(chunk: str, name: str, pattern: str) -> str | None:
    """The star loop of filepath.Match: the rest of `name` once the chunk matches after a
    run of non-`/` characters, or None. (The chunk was checked by the first try.)"""
    i = 0
    while i < len(name) and name[i] != "/":
        rest, ok, _ = _match_chunk(chunk, name[i + 1 :])
        if ok and (pattern or not rest):
            return rest
        i += 1
    return None


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    """filepath's scanChunk: leading stars, then up to the next `*` outside a class."""
    start = 0
    while start < len(pattern) and pattern[start] == "*":
        start += 1
    star = start > 0
    in_range = False
    i = start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            return star, pattern[start:i], pattern[i:]
        i += 1
    return star, pattern[start:], ""


def _match_chunk(chunk: str, s: str) -> tuple[str, bool, bool]:
    """filepath's matchChunk: (rest of s, matched, malformed). It reads the whole chunk
    even after a mismatch, to report a malformed one."""
    failed = False
    i = 0
    si = 0
    while i < len(chunk):
        failed = failed or si >= len(s)
        c = chunk[i]
        if c == "[":
            r = -1
            if not failed:
                r = ord(s[si])
                si += 1
            i, hit, bad = _match_class(chunk, i + 1, r)
            if bad:
                return "", False, True
            failed = failed or not hit
            continue
        if c == "\\":
            i += 1
            if i >= len(chunk):
                return "", False, True
        elif c == "?":
            if not failed:
                failed = s[si] == "/"
                si += 1
            i += 1
            continue
        if not failed:
            failed = chunk[i] != s[si]
            si += 1
        i += 1
    if failed:
        return "", False, False
    return s[si:], True, False


def _match_class(chunk: str, i: int, r: int) -> tuple[int, bool, bool]:
    """The `[...]` of matchChunk from after the `[`: (index after it, matched, malformed)."""
    negated = i < len(chunk) and chunk[i] == "^"
    if negated:
        i += 1
    match = False
    ranges = 0
    while True:
        if i < len(chunk) and chunk[i] == "]" and ranges > 0:
            return i + 1, match != negated, False
        lo, i, bad = _get_esc(chunk, i)
        if bad:
            return i, False, True
        hi = lo
        if chunk[i] == "-":
            hi, i, bad = _get_esc(chunk, i + 1)
            if bad:
                return i, False, True
        match = match or lo <= r <= hi
        ranges += 1


def _get_esc(chunk: str, i: int) -> tuple[int, int, bool]:
    """filepath's getEsc: one class character, possibly escaped, that must not end the chunk."""
    if i >= len(chunk) or chunk[i] in "-]":
        return 0, i, True
    if chunk[i] == "\\":
        i += 1
        if i >= len(chunk):
            return 0, i, True
    c = chunk[i]
    # A surrogate stands for an undecodable byte, which Go reads as utf8.RuneError.
    bad = "\ud800" <= c <= "\udfff"
    i += 1
    return ord(c), i, bad or i >= len(chunk)


# --- compiling: Pattern.compile, then Go's regexp parser -----------------------------------

_STAR = ("star", "")
_GROUP = ("group", "")  # `**` inside a pattern: `(.*/)?`
_DOTSTAR = ("dotstar", "")  # `**` ending a pattern that is not a plain prefix: `.*`
_ANY = ("any", "")
_BACKSLASH = ("backslash", "")  # a trailing `\`
_ANCHOR = ("anchor", "")
_Item = tuple[str, str]


def _compile_quietly(p: str) -> _Matcher:
    try:
        return _compile(p)
    except _Rejected as exc:
        return _Unsupported(str(exc))


def _compile(p: str) -> _Matcher:
    """Pattern.compile: the matcher for a cleaned pattern, or _Rejected."""
    if len(p) > MAX_PATTERN_CHARS:
        return _Unsupported(f"more than {MAX_PATTERN_CHARS} characters")
    # Go's text/scanner skips one leading U+FEFF (possible from line 2 on), so compile's
    # loop never sees it; the plain string tests still use the whole pattern.
    bom = p.startswith("\ufeff")
    try:
        kind, items = _translate(p[1:] if bom else p)
    except _NotComputed as exc:  # an escape, which always makes a regexp
        return _Unsupported(str(exc))
    if kind == _EXACT:
        return _Literal(_EXACT, p)
    if kind == _PREFIX:
        return _Literal(_PREFIX, p[:-2])  # the trailing `**` dropped
    if kind == _SUFFIX:
        # The leading `**` dropped by slicing two bytes: after a U+FEFF (EF BB BF) that
        # leaves its last byte, which no real path holds before `**`.
        return _Literal(_SUFFIX, "\udcbf" + p[1:] if bom else p[2:])
    if any("\ud800" <= c <= "\udfff" or c == "\ufffd" for c in p):
        # Go's scanner turns an undecodable byte into U+FFFD, which then also matches one.
        return _Unsupported("an undecodable byte")
    try:
        return _build_nfa(_regexp_items(items))
    except _NotComputed as exc:
        return _Unsupported(str(exc))


def _translate(p: str) -> tuple[int, list[_Item]]:
    """Pattern.compile's loop: the match kind and the pieces of the regular expression."""
    kind = _EXACT
    items: list[_Item] = []
    n = len(p)
    k = 0
    first = True
    while k < n:
        ch = p[k]
        k += 1
        if ch == "*":
            if k < n and p[k] == "*":
                k += 1
                if k < n and p[k] == "/":
                    k += 1  # `**/` is read as `**`
                if k == n:
                    if kind == _EXACT:
                        kind = _PREFIX
                    else:
                        items.append(_DOTSTAR)
                        kind = _REGEXP
                else:
                    items.append(_GROUP)
                    kind = _REGEXP
                if first:
                    kind = _SUFFIX  # even when later items make it a regexp again
            else:
                items.append(_STAR)
                kind = _REGEXP
        elif ch == "?":
            items.append(_ANY)
            kind = _REGEXP
        elif ch in _REGEX_ESCAPED:
            items.append(("lit", ch))
        elif ch == "\\":
            if k < n:
                items.append(_escape(p[k]))
                k += 1
                kind = _REGEXP
            else:
                items.append(_BACKSLASH)
        elif ch in "[]":
            items.append(("raw", ch))
            kind = _REGEXP
        else:
            items.append(("raw", ch))
        first = False
    return kind, items


def _escape(c: str) -> _Item:
    """`\\c` in the regular expression: Go reads punctuation as itself, letters and digits as
    escapes (`\\d`, `\\b`, ...), and rejects a non-ASCII character."""
    if c >= "\x80":
        raise _Rejected("an escape that Go's regular expressions reject")
    if c.isalnum():
        raise _NotComputed(f"the regular-expression escape `\\{c}`")
    return ("lit", c)


def _regexp_items(items: list[_Item]) -> list[tuple[object, ...]]:
    """How Go's regexp parser reads the translation: the automaton's items."""
    out: list[tuple[object, ...]] = []
    i = 0
    while i < len(items):
        kind, c = items[i]
        if kind == "backslash":
            # The regexp then ends in `\$`: a literal `$` and no end anchor.
            raise _NotComputed("a trailing backslash")
        if kind == "raw" and c == "[":
            token, i = _regexp_class(items, i + 1)
            out.append(token)
            continue
        if kind == "raw":
            out.append(_ANCHOR if c == "^" else ("lit", c))
        else:
            out.append((kind, c))
        i += 1
    return out


def _regexp_class(items: list[_Item], i: int) -> tuple[tuple[object, ...], int]:
    """Go's parseClass from after the `[`: the class item and the index after its `]`."""
    negated = i < len(items) and items[i] == ("raw", "^")
    if negated:
        i += 1
    ranges: list[tuple[int, int]] = []
    first = True  # a `]` first in the class is a member
    while True:
        if i >= len(items):
            raise _Rejected("a character class is not closed")
        if items[i] == ("raw", "]") and not first:
            return ("class", tuple(ranges), negated), i + 1
        first = False
        if items[i] == ("raw", "[") and i + 1 < len(items) and items[i + 1] == ("raw", ":"):
            raise _NotComputed("a POSIX class (`[:`) inside a class")
        lo = _class_char(items[i])
        hi = lo
        i += 1
        if i < len(items) and items[i] == ("raw", "-"):
            if i + 1 >= len(items):
                raise _Rejected("a character class is not closed")
            if items[i + 1] != ("raw", "]"):
                hi = _class_char(items[i + 1])
                i += 2
                if hi < lo:
                    raise _Rejected("a character range is reversed")
        ranges.append((lo, hi))


def _class_char(item: _Item) -> int:
    kind, c = item
    if kind in ("raw", "lit"):
        return ord(c)
    if kind == "backslash":
        raise _Rejected("a character class is not closed")
    # `*`, `?` and `**` put `[^/]*`, `[^/]` or `(.*/)?` inside the class.
    raise _NotComputed("`*`, `?` or `**` inside a character class")


def _bits(positions: list[int]) -> int:
    """The integer with these bits set, built in one pass."""
    if not positions:
        return 0
    buf = bytearray((max(positions) >> 3) + 1)
    for k in positions:
        buf[k >> 3] |= 1 << (k & 7)
    return int.from_bytes(buf, "little")


def _fill(arrived: int, eps: int) -> int:
    """`arrived` with every item reachable from it by skipping `eps` items.

    Adding the arrivals to `eps` carries through each run of skippable items up to the first
    item that is not; the XOR keeps the bits the carry swept over.
    """
    return arrived | ((eps + (arrived & eps)) ^ eps)


def _build_nfa(tokens: list[tuple[object, ...]]) -> _Nfa:
    lits: dict[str, list[int]] = {}
    kinds: dict[str, list[int]] = {"any": [], "star": [], "dotstar": [], "group": [], "anchor": []}
    classes: list[tuple[int, tuple[tuple[int, int], ...], bool]] = []
    required, run = "", []
    for k, token in enumerate(tokens):
        kind = token[0]
        if kind == "lit":
            c = str(token[1])
            lits.setdefault(c, []).append(k)
            run.append(c)
            continue
        if len(run) > len(required):
            required = "".join(run)
        run = []
        if kind == "class":
            ranges = token[1]
            assert isinstance(ranges, tuple)
            classes.append((1 << k, ranges, bool(token[2])))
        else:
            kinds[str(kind)].append(k)
    if len(run) > len(required):
        required = "".join(run)
    star, dotstar, group = _bits(kinds["star"]), _bits(kinds["dotstar"]), _bits(kinds["group"])
    eps = star | dotstar | group
    return _Nfa(
        size=len(tokens),
        start=_fill(1, eps | _bits(kinds["anchor"])),  # `^` is passed only before reading
        lits={c: _bits(ks) for c, ks in lits.items()},
        classes=tuple(classes),
        any_char=_bits(kinds["any"]),
        star=star,
        dot_loops=dotstar | group,
        group=group,
        eps_any=star | dotstar,
        eps=eps,
        required=required,
    )


def _char_masks(nfa: _Nfa, c: str) -> tuple[int, int]:
    """The items that read `c` and move on, and the loops that read `c` and stay."""
    advance = nfa.lits.get(c, 0)
    if c != "/":
        advance |= nfa.any_char
    else:
        advance |= nfa.group
    o = ord(c)
    for bit, ranges, negated in nfa.classes:
        if any(lo <= o <= hi for lo, hi in ranges) != negated:
            advance |= bit  # Go's classes, negated ones too, match `/` and newlines
    stay = 0 if c == "/" else nfa.star
    if c != "\n":  # Go's `.` never matches a newline
        stay |= nfa.dot_loops
    return advance, stay


def _nfa_levels(nfa: _Nfa, rel: str, ends: list[int], budget: _Budget) -> bytearray:
    """Which levels of `rel` (its parent directories, then itself) the automaton matches."""
    out = bytearray(len(ends))
    if nfa.required not in rel:
        return out
    budget.spend(len(rel))
    accept = 1 << nfa.size
    eps, eps_any, masks = nfa.eps, nfa.eps_any, nfa.masks
    state = nfa.start
    level = 0
    for c in rel:
        if c == "/":
            if state & accept:
                out[level] = 1  # matched the parent directory that ends here
            level += 1
        pair = masks.get(c)
        if pair is None:
            pair = _char_masks(nfa, c)
            if len(masks) < _MAX_CACHED_CHARS:
                masks[c] = pair
        advance, loop = pair
        stay = state & loop
        arrived = ((state & advance) | (stay & eps_any)) << 1
        state = stay | _fill(arrived, eps)
        if not state:
            return out
    if state & accept:
        out[level] = 1
    return out


# --- answering -----------------------------------------------------------------------------


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise _Undecidable


class _Directs:
    """Each rule's own matches at each level of one path, computed when first needed."""

    def __init__(self, matchers: tuple[_Matcher, ...], rel: str, ends: list[int]) -> None:
        self._matchers = matchers
        self._rel = rel
        self._ends = ends
        self._levels: dict[int, bytearray] = {}
        self._budget = _Budget(_CHAR_BUDGET)

    def levels(self, i: int) -> bytearray:
        found = self._levels.get(i)
        if found is None:
            found = self._levels[i] = self._compute(self._matchers[i])
        return found

    def anywhere(self, i: int) -> bool:
        return 1 in self.levels(i)

    def _compute(self, matcher: _Matcher) -> bytearray:
        if isinstance(matcher, _Unsupported):
            raise _Undecidable
        if isinstance(matcher, _Nfa):
            return _nfa_levels(matcher, self._rel, self._ends, self._budget)
        return _literal_levels(matcher, self._rel, self._ends)


def _literal_levels(matcher: _Literal, rel: str, ends: list[int]) -> bytearray:
    out = bytearray(len(ends))
    text = matcher.text
    if matcher.kind == _EXACT:
        _mark_equal(out, rel, text)
    elif matcher.kind == _PREFIX:
        if rel.startswith(text):
            first = bisect_left(ends, len(text))  # every level at least as long as the prefix
            out[first:] = b"\x01" * (len(ends) - first)
    else:
        for level, end in enumerate(ends):
            if rel.endswith(text, 0, end):
                out[level] = 1
        if text.startswith("/"):
            _mark_equal(out, rel, text[1:])  # `**/foo` also matches `foo` itself
    return out


def _mark_equal(out: bytearray, rel: str, text: str) -> None:
    """Mark the level of `rel` that equals `text`, if one does."""
    if text and rel.startswith(text) and (len(rel) == len(text) or rel[len(text)] == "/"):
        out[text.count("/")] = 1


def _context_path(path: str) -> str | None:
    """`path` as the walk names it (cleaned, no leading `/`), or None outside the context."""
    if not isinstance(path, str):
        return None
    rel = _go_clean(path).lstrip("/") or "."
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


def _level_ends(rel: str) -> list[int]:
    """Where each level of `rel` ends: each parent directory, then the path itself."""
    ends = []
    at = rel.find("/")
    while at != -1:
        ends.append(at)
        at = rel.find("/", at + 1)
    ends.append(len(rel))
    return ends


def _without_trailing_glob(pattern: str) -> str:
    """fsutil's patternWithoutTrailingGlob."""
    if pattern.endswith("/**"):
        pattern = pattern[:-3]
    if pattern.endswith("/*"):
        pattern = pattern[:-2]
    return pattern


# --- finding the file ----------------------------------------------------------------------

_MAX_LINK_HOPS = 40  # Linux's own limit before ELOOP


def _regular_file_inside(directory: Path, name: str) -> Path | None:
    """`directory/name` resolved inside `directory`, when that is a regular file."""
    root = os.path.realpath(directory)
    if not os.path.isdir(root):
        return None
    resolved = _resolve_inside(root, name)
    if resolved is None:
        return None
    try:
        mode = os.lstat(resolved).st_mode
    except OSError:
        return None
    return Path(resolved) if stat.S_ISREG(mode) else None


def _resolve_inside(root: str, name: str) -> str | None:
    """`name` under `root` with symlinks followed as if `root` were `/`."""
    done: list[str] = []
    todo = [name]
    hops = 0
    while todo:
        part = todo.pop()
        if part in ("", "."):
            continue
        if part == "..":
            if done:
                done.pop()  # never above the root
            continue
        candidate = os.path.join(root, *done, part)
        try:
            mode = os.lstat(candidate).st_mode
            if not stat.S_ISLNK(mode):
                done.append(part)
                continue
            target = os.readlink(candidate)
        except OSError:
            return None
        hops += 1
        if hops > _MAX_LINK_HOPS:
            return None
        if target.startswith("/"):
            done = []  # an absolute target starts again at the root
        todo.extend(reversed(target.split("/")))
    return os.path.join(root, *done)

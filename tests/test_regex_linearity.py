"""Every regular expression in dockerlint_ml is linear in the text it reads (issue 8, item 2).

Python's `re` backtracks, so a pattern is linear only by construction. The check parses every
pattern with the standard library's own parser and rejects the three shapes that backtrack
super-linearly on some input:

- NESTED: an unbounded repeat whose body holds an unbounded repeat, as in `(a+)+`, unless
  every iteration must consume a delimiter character that none of the body's repeats can
  match, and the end of one iteration cannot trade characters with the start of the next
  (`(?:,\\w+)*` passes; `(?:\\w+,\\w+)*` and `(\\w|\\d)+` do not);
- ADJACENT: two unbounded repeats with only optional items between them that can both
  match the same character at their junction, as in `\\s*:?\\s*` (every split of a run of
  blanks is tried);
- SCANNING: a pattern used with `search`, `finditer`, `findall`, `sub` or `split` that is
  not anchored at the start and holds an unbounded repeat that can run over a character a
  match can start with, followed by something that can fail, as in `.*=.*=` (every start
  position re-reads the rest of the run).

Patterns are collected from every dockerlint_ml module: module attributes that are compiled
patterns (in dicts, lists and tuples too), and inline `re.match(...)`-style calls with a
literal pattern, found in the source. An inline call whose pattern is computed at run time
cannot be checked here, so it must be listed in DYNAMIC with the reason it is linear.
Character sets are compared over a sample alphabet (ASCII plus a few non-ASCII letters,
digits and blanks), enough to tell `\\s` from `\\w` from `,`.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import dockerlint_ml

try:  # Python 3.11+
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

SCANNING_METHODS = frozenset({"search", "finditer", "findall", "sub", "subn", "split"})
RE_FUNCTIONS = SCANNING_METHODS | {"match", "fullmatch", "compile"}

# (module, attribute or "inline:SOURCE") -> why the pattern is linear although the checker
# rejects it. Empty: every pattern passes as written.
ALLOWED: dict[tuple[str, str], str] = {}

# Patterns that never read a linted file: (module, attribute) -> what they read.
TRUSTED_INPUT: dict[tuple[str, str], str] = {
    ("dockerlint_ml.engine.docs", "_SECTION_RE"): "the docstrings of installed rules",
    ("dockerlint_ml.engine.docs", "_BLOCK_RE"): "the docstrings of installed rules",
}

# Inline calls whose pattern is built at run time: (module, source of the pattern argument)
# -> why the built pattern is linear.
DYNAMIC: dict[tuple[str, str], str] = {
    ("dockerlint_ml.run.config", "''.join((regex for regex, _ in items))"): (
        "a fixed-length chunk of a configuration glob: single-character items, no repeat"
    ),
    ("dockerlint_ml.dockerfile.parser", "'(?:(?<=[^' + esc + '])|^)' + esc + '[ \\\\t]*$'"): (
        "the escape character is one literal character; the pattern is a literal, a"
        " bounded lookbehind and one run of blanks anchored at the end"
    ),
    ("dockerlint_ml.dockerfile.variables", "'[$\\'\"' + re.escape(escape) + ']'"): (
        "one character class, no repeat"
    ),
}

_ALPHABET = frozenset(
    [chr(i) for i in range(128)]
    + ["é", "É", "ß", "ſ", "K", "\u00a0", "\u2028", "\u0663", "²", "中", "\U0001f600"]
)
_UNBOUNDED = sre.MAXREPEAT
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
_CATEGORY_SAMPLES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}

Item = tuple[Any, Any]
Seq = list[Item]


@dataclass(frozen=True)
class Pattern:
    where: str  # "module.attribute" or "module:line"
    key: tuple[str, str]
    text: str
    flags: int
    scanning: bool  # used with search, finditer, findall, sub or split


class Checker:
    """The three rules above, for one pattern."""

    def __init__(self, flags: int) -> None:
        self.ignorecase = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.multiline = bool(flags & re.MULTILINE)

    # Character sets, first and last characters, nullability.

    def _case(self, chars: set[str]) -> frozenset[str]:
        if self.ignorecase:
            chars |= {c.swapcase() for c in chars} | {c.casefold() for c in chars}
        return frozenset(chars & _ALPHABET)

    def single(self, op: Any, av: Any) -> frozenset[str]:
        """The characters one single-character item matches."""
        if op is sre.LITERAL:
            return self._case({chr(av)})
        if op is sre.NOT_LITERAL:
            return _ALPHABET - self._case({chr(av)})
        if op is sre.ANY:
            return _ALPHABET if self.dotall else _ALPHABET - {"\n"}
        chars: set[str] = set()
        negate = False
        for kind, value in av:
            if kind is sre.NEGATE:
                negate = True
            elif kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE:
                chars |= {c for c in _ALPHABET if value[0] <= ord(c) <= value[1]}
            elif kind is sre.CATEGORY:
                sample = re.compile(_CATEGORY_SAMPLES[value])
                chars |= {c for c in _ALPHABET if sample.fullmatch(c)}
            else:
                raise AssertionError(f"unknown set member {kind}")
        folded = self._case(chars)
        return _ALPHABET - folded if negate else folded

    def nullable(self, seq: Seq) -> bool:
        return all(self._nullable_item(op, av) for op, av in seq)

    def _nullable_item(self, op: Any, av: Any) -> bool:
        if op in _SINGLE:
            return False
        if op in (*_REPEATS, sre.POSSESSIVE_REPEAT):
            return av[0] == 0 or self.nullable(av[2])
        if op is sre.SUBPATTERN:
            return self.nullable(av[3])
        if op is sre.ATOMIC_GROUP:
            return self.nullable(av)
        if op is sre.BRANCH:
            return any(self.nullable(alt) for alt in av[1])
        if op is sre.GROUPREF_EXISTS:
            return self.nullable(av[1]) or av[2] is None or self.nullable(av[2])
        return True  # anchors, lookarounds, group references: zero width or unknown

    def edge(self, seq: Seq, last: bool) -> frozenset[str]:
        """The characters a match of `seq` can start with (or end with, when `last`)."""
        out: frozenset[str] = frozenset()
        for op, av in reversed(seq) if last else seq:
            out |= self._edge_item(op, av, last)
            if not self._nullable_item(op, av):
                break
        return out

    def _edge_item(self, op: Any, av: Any, last: bool) -> frozenset[str]:
        if op in _SINGLE:
            return self.single(op, av)
        if op in (*_REPEATS, sre.POSSESSIVE_REPEAT):
            return self.edge(av[2], last) if av[1] else frozenset()
        if op is sre.SUBPATTERN:
            return self.edge(av[3], last)
        if op is sre.ATOMIC_GROUP:
            return self.edge(av, last)
        if op is sre.BRANCH:
            return frozenset().union(*(self.edge(alt, last) for alt in av[1]))
        if op is sre.GROUPREF_EXISTS:
            parts = [av[1]] + ([av[2]] if av[2] is not None else [])
            return frozenset().union(*(self.edge(p, last) for p in parts))
        if op is sre.GROUPREF:
            return _ALPHABET
        return frozenset()  # anchors and lookarounds consume nothing

    def chars(self, seq: Seq) -> frozenset[str]:
        """Every character a match of `seq` can consume."""
        out: frozenset[str] = frozenset()
        for op, av in seq:
            if op in _SINGLE:
                out |= self.single(op, av)
            elif op is sre.GROUPREF:
                out = _ALPHABET
            else:
                for child in _children(op, av):
                    out |= self.chars(child)
        return out

    # Unbounded repeats at the start or end of a sequence: (their characters at that edge).

    def repeat_edge(self, seq: Seq, last: bool) -> frozenset[str]:
        """Characters that a backtracking repeat can consume at the start (or end) of `seq`."""
        out: frozenset[str] = frozenset()
        for op, av in reversed(seq) if last else seq:
            out |= self._repeat_edge_item(op, av, last)
            if not self._nullable_item(op, av):
                break
        return out

    def _repeat_edge_item(self, op: Any, av: Any, last: bool) -> frozenset[str]:
        if op in _REPEATS and av[1] == _UNBOUNDED:
            return self.edge(av[2], last)
        if op in _SINGLE or op is sre.POSSESSIVE_REPEAT or op is sre.ATOMIC_GROUP:
            return frozenset()  # possessive and atomic parts never give characters back
        out: frozenset[str] = frozenset()
        for child in _children(op, av):
            out |= self.repeat_edge(child, last)
        return out

    # The rules.

    def problems(self, seq: Seq, scanning: bool) -> list[str]:
        found: list[str] = []
        self._walk(seq, found)
        if scanning and not self._anchored(seq):
            found.extend(self._rescans(seq, self.edge(seq, last=False), seq_fails=False))
        return found

    def _walk(self, seq: Seq, found: list[str]) -> None:
        found.extend(self._adjacent(seq))
        for op, av in seq:
            if op in _REPEATS and av[1] == _UNBOUNDED:
                found.extend(self._nested(av[2]))
            for child in _children(op, av):
                self._walk(child, found)

    def _adjacent(self, seq: Seq) -> Iterator[str]:
        for i, (op, av) in enumerate(seq):
            ends = self._repeat_edge_item(op, av, last=True)
            if not ends:
                continue
            for op2, av2 in seq[i + 1 :]:
                overlap = ends & self._repeat_edge_item(op2, av2, last=False)
                if overlap:
                    yield f"ADJACENT repeats can both match {_show(overlap)}"
                    break
                if not self._nullable_item(op2, av2):
                    break

    def _nested(self, body: Seq) -> Iterator[str]:
        for alternatives in _branches(body):
            firsts = [self.edge(alt, last=False) for alt in alternatives]
            if any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1 :]):
                yield "NESTED alternatives in a repeat can start with the same character"
                return
        inner = self._open_repeats(body)
        if not inner:
            return
        if self.nullable(body):
            yield "NESTED repeat whose body can match nothing"
            return
        if not self._delimited(body, inner):
            yield "NESTED repeats with no delimiter that the inner repeats cannot match"
            return
        junction = self.repeat_edge(body, last=True) & self.repeat_edge(body, last=False)
        if junction:
            yield f"NESTED repeats: iterations can trade {_show(junction)} at their junction"

    def _delimited(self, body: Seq, inner: list[Seq]) -> bool:
        """Whether every iteration of `body` must read a delimiter that fixes where it ends.

        A delimiter is a required character that none of the inner repeats can match
        (`,` in `(?:,\\w+)*`), or a required run of one class of characters that nothing
        else in the body can match (`\\s+` in `(?:<<\\S+\\s+)+`): iterations then cannot
        trade characters, since each delimiter belongs to exactly one of them.
        """
        inner_chars = frozenset().union(*(self.chars(b) for b in inner))
        items = _flatten(body)
        for i, (op, av) in enumerate(items):
            if op in _SINGLE and not (self.single(op, av) & inner_chars):
                return True
            if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] in _SINGLE:
                others = self.chars(items[:i] + items[i + 1 :])
                if not (self.single(*av[2][0]) & others):
                    return True
        return False

    def _open_repeats(self, seq: Seq) -> list[Seq]:
        """Bodies of the unbounded repeats in `seq` that can stop at more than one place.

        A repeat followed by a required character it cannot match (`[^}]*\\}`) stops at the
        first such character: it has one way to match, so it is left out.
        """
        out: list[Seq] = []
        for i, (op, av) in enumerate(seq):
            if op in _REPEATS and av[1] == _UNBOUNDED and not self._terminated(av[2], seq[i + 1 :]):
                out.append(av[2])
            for child in _children(op, av):
                out.extend(self._open_repeats(child))
        return out

    def _terminated(self, body: Seq, rest: Seq) -> bool:
        if not rest or rest[0][0] not in _SINGLE:
            return False
        return not (self.single(*rest[0]) & self.chars(body))

    def _anchored(self, seq: Seq) -> bool:
        starts = {sre.AT_BEGINNING_STRING} | (set() if self.multiline else {sre.AT_BEGINNING})
        return bool(seq) and seq[0][0] is sre.AT and seq[0][1] in starts

    def _rescans(self, seq: Seq, starts: frozenset[str], seq_fails: bool) -> Iterator[str]:
        """Unbounded repeats that can run over a match start and then fail (SCANNING)."""
        for i, (op, av) in enumerate(seq):
            rest_fails = seq_fails or self._can_fail(seq[i + 1 :])
            if op in _REPEATS and av[1] == _UNBOUNDED:
                over = self.chars(av[2]) & starts
                if over and rest_fails:
                    yield f"SCANNING repeat runs over match starts {_show(over)} and can then fail"
                    return
            if op in (sre.ASSERT, sre.ASSERT_NOT):
                continue  # a lookaround reads a bounded amount here or is checked by _walk
            for child in _children(op, av):
                yield from self._rescans(child, starts, rest_fails)

    def _can_fail(self, seq: Seq) -> bool:
        return not all(op in (*_REPEATS, sre.POSSESSIVE_REPEAT) and av[0] == 0 for op, av in seq)


def _children(op: Any, av: Any) -> list[Seq]:
    if op in (*_REPEATS, sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.GROUPREF_EXISTS:
        return [av[1]] + ([av[2]] if av[2] is not None else [])
    return []


def _flatten(seq: Seq) -> Seq:
    """`seq` with groups that hold a plain sequence opened (their items must all match)."""
    out: Seq = []
    for op, av in seq:
        if op is sre.SUBPATTERN:
            out.extend(_flatten(av[3]))
        else:
            out.append((op, av))
    return out


def _branches(seq: Seq) -> Iterator[list[Seq]]:
    for op, av in seq:
        if op is sre.BRANCH:
            yield list(av[1])
        for child in _children(op, av):
            yield from _branches(child)


def _show(chars: frozenset[str]) -> str:
    return repr("".join(sorted(chars))[:20])


def check(text: str, flags: int = 0, scanning: bool = False) -> list[str]:
    """Why `text` is not linear; empty when the checker accepts it."""
    parsed = sre_parse.parse(text, flags)
    return Checker(parsed.state.flags).problems(list(parsed), scanning)


# Collecting the patterns.


def _modules() -> list[str]:
    names = [dockerlint_ml.__name__]
    for info in pkgutil.walk_packages(dockerlint_ml.__path__, prefix="dockerlint_ml."):
        names.append(info.name)
    return sorted(names)


def _compiled(value: object) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _compiled(item)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from _compiled(item)


def _scanned_names(tree: ast.AST) -> set[str]:
    """Module names that a scanning method is called on (`NAME.search(...)`,
    `NAME[key].sub(...)`)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SCANNING_METHODS:
            continue
        target = node.func.value
        if isinstance(target, ast.Subscript):
            target = target.value
        if isinstance(target, ast.Name):
            names.add(target.id)
    return names


def _inline_calls(tree: ast.Module) -> Iterator[ast.Call]:
    """`re.FUNCTION(...)` calls, except module-level `re.compile` (found as attributes)."""
    skip = _module_level_compiles(tree)
    for node in ast.walk(tree):
        if node in skip:
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in RE_FUNCTIONS
            and node.args
        ):
            yield node


def _module_level_compiles(tree: ast.Module) -> set[ast.AST]:
    calls: set[ast.AST] = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(statement):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "compile"
            ):
                calls.add(node)
    return calls


def _flags(call: ast.Call) -> int:
    flags = 0
    for node in [*call.args[2:], *(k.value for k in call.keywords if k.arg == "flags")]:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                flags |= int(getattr(re, sub.attr, 0))
    return flags


def collect() -> tuple[list[Pattern], list[tuple[str, str]]]:
    """(every pattern found, inline calls whose pattern is computed: (module, its source))."""
    patterns: list[Pattern] = []
    dynamic: list[tuple[str, str]] = []
    for name in _modules():
        module = importlib.import_module(name)
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        tree = ast.parse(source)
        scanned = _scanned_names(tree)
        for attr, value in vars(module).items():
            for pattern in _compiled(value):
                if getattr(module, "__name__", None) != name:
                    continue
                patterns.append(
                    Pattern(
                        f"{name}.{attr}",
                        (name, attr),
                        pattern.pattern,
                        pattern.flags,
                        attr in scanned,
                    )
                )
        for call in _inline_calls(tree):
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                line = ast.get_source_segment(source, call) or ""
                patterns.append(
                    Pattern(
                        f"{name}:{call.lineno}",
                        (name, f"inline:{line}"),
                        arg.value,
                        _flags(call),
                        call.func.attr in SCANNING_METHODS,
                    )
                )
            else:
                dynamic.append((name, ast.unparse(arg)))
    return patterns, dynamic


PATTERNS, DYNAMIC_FOUND = collect()


def test_patterns_are_collected() -> None:
    """The collection reaches the modules that read user text, inline calls included."""
    where = {p.where for p in PATTERNS}
    for expected in ("dockerlint_ml.run.pragmas._HEAD_RE", "dockerlint_ml.facts.shell._BLANK"):
        assert expected in where
    assert any(p.where.startswith("dockerlint_ml.facts.copies:") for p in PATTERNS)
    assert any(p.scanning for p in PATTERNS)
    assert len(PATTERNS) > 50


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.where for p in PATTERNS])
def test_pattern_is_linear(pattern: Pattern) -> None:
    if pattern.key in TRUSTED_INPUT:
        return
    problems = check(pattern.text, pattern.flags, pattern.scanning)
    if pattern.key in ALLOWED:
        assert problems, f"{pattern.where} passes now: drop it from ALLOWED"
    else:
        assert problems == [], (pattern.where, pattern.text)


def test_dynamic_patterns_are_listed() -> None:
    assert sorted(DYNAMIC_FOUND) == sorted(DYNAMIC)


def test_exceptions_name_existing_patterns() -> None:
    keys = {p.key for p in PATTERNS}
    assert set(ALLOWED) | set(TRUSTED_INPUT) <= keys


# The checker itself: it must reject the classic shapes and accept linear ones.


@pytest.mark.parametrize(
    ("text", "scanning", "rule"),
    [
        (r"(a+)+", False, "NESTED"),
        (r"(a*)*b", False, "NESTED"),
        (r"(\w|\d\d)+$", False, "NESTED"),
        (r"(\w|\d+)+$", False, "NESTED"),
        (r"(?:\w+,\w+)*$", False, "NESTED"),
        (r"(?:[ab]+|b)+c", False, "NESTED"),
        (r"(?:\s+a?)+$", False, "NESTED"),
        (r"(?:[._]|__)+", False, "NESTED"),
        (r"\s*\s*x", False, "ADJACENT"),
        (r"^#[ \t]*foo[ \t]*:?[ \t]*bar", False, "ADJACENT"),
        (r"\d+(?:\.\d*)?\d+", False, "ADJACENT"),
        (r"(x\s*|y)\s*z", False, "ADJACENT"),
        (r"(.+?)\s*$", False, "ADJACENT"),
        (r"\w+\d+", False, "ADJACENT"),
        (r".*=.*=", True, "SCANNING"),
        (r"\s+x", True, "SCANNING"),
        (r"\[[^\]]*\]$", True, "SCANNING"),
        (r"x[^y]*y", True, "SCANNING"),
        (r"(?i)A[a-z]*!", True, "SCANNING"),
    ],
)
def test_checker_rejects(text: str, scanning: bool, rule: str) -> None:
    problems = check(text, scanning=scanning)
    assert problems, text
    assert problems[0].startswith(rule), problems


@pytest.mark.parametrize(
    ("text", "scanning"),
    [
        (r"^#[ \t]*foo[ \t]*(?::[ \t]*)?bar", False),
        (r"[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*$", False),
        (r"[-_]v?\d+\.\d+(\.\d+)*$", True),
        (r"(?<![\w/.$-])/[\w.-]+(?:/[\w.-]+)*", True),
        (r"egg=([A-Za-z0-9._-]+)", True),
        (r"^\s+x", True),
        (r"\s+x", False),
        (r"[\\'\"$`]", True),
        (r"\d*<<", False),
        (r"\.(tar(\.(gz|bz2|xz))?|tgz)$", True),
        (r"a++a", False),
        # CPython's parser turns single-character alternatives into one set: this is
        # `[\w\d]+$`, linear (its backtracking cousins `(\w|\d\d)+$` are rejected above).
        (r"(\w|\d)+$", False),
        (r"\s*(?:\d*<<-?\S+\s+)+", False),
        (r"(?:\S+\s+)+$", False),
        (r"[a-z0-9]+(?:(?:\.|__?|-+)[a-z0-9]+)*", False),
        (r"^(?:\$\{[^}]*\}|\$\w+)+$", False),
    ],
)
def test_checker_accepts(text: str, scanning: bool) -> None:
    assert check(text, scanning=scanning) == []

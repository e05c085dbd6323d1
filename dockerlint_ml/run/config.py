"""Configuration files: where they are found, what they may say, and what each file gets.

Where. A table `[tool.dockerlint-ml]` in a `pyproject.toml`, or the same keys at the top
level of a `.dockerlint-ml.toml`. For each linted file the nearest configuration wins,
searched from the file's directory upward to the file system root (like ruff: a
`pyproject.toml` without the table does not stop the search, and nothing is merged from
farther files). When both files sit in one directory, `.dockerlint-ml.toml` wins (as
`.ruff.toml` wins over `pyproject.toml` for ruff). The search does not stop at a `.git`
directory either (ruff does not), so a monorepo can keep one configuration at its top for
every checkout below it. Each directory is looked up once per run: discovery is linear in
the number of directories. `--config PATH` names one file for every input (its directory
is the base of relative globs); `--isolated` ignores all configuration files.

What. `KEYS`; anything else is an error naming the key and the closest valid one.

- select, extend-select, ignore, extend-ignore: rule selectors (codes, names, aliases, code
  prefixes, ALL); an ignore may also name a peer code a rule supersedes. Without select, the
  default selection runs: the rules marked default that no rule supersedes.
- fixable, unfixable: rule selectors; `--fix` applies the fixes of the rules `fixable`
  selects (default ALL) that `unfixable` does not (unfixable wins). A finding of an
  unfixable rule is reported without its fix (JSON `fixable` null).
- fail-on: error, warning, info, style or never.
- exclude: globs of files not linted when found by a directory search (and, under
  `--force-exclude`, even when named on the command line).
- per-file-ignores: glob -> selectors not reported for the files it matches.
- severity: rule (code, name or alias), or a family rule's code or code prefix (`SC2086`,
  `SC20`) -> level; replaces any level the rule chose (the longest prefix wins).
- rules.<rule>: that rule's options, checked against the rule's `default_options`; a
  value the rule refuses (its constructor raises) is an error too.
- trusted-registries, label-schema, strict-labels, large-file-mb: options shared by several
  rules (DL3026's registries, the label rules' schema, the size DLM204 and DLM205 call
  large), set for every rule that has the option; a rule's own `rules.<rule>` table wins.
- shellcheck-path: the ShellCheck program the SC rule runs (relative to the configuration's
  directory), instead of the one beside the interpreter or on PATH. Used only from a file
  named by `--config`: a configuration found beside the linted files belongs to the
  repository being linted, which must not choose a program for the linter to run.
- images."<name-glob>[:<tag-glob>]": facts about the user's own base images (workdir,
  user, python, shell, tools, cuda, env, tags, moving), read by the rules before the
  built-in table (`image_facts.py`).
- as-of: the reference date of date-dependent rules (DLM101's end-of-life dates), a TOML
  date or a "YYYY-MM-DD" string; default today. `--as-of` replaces it.
- context: the build context directory of every Dockerfile the file applies to (relative
  to the configuration's directory); contexts: glob -> directory, per Dockerfile (the first
  matching entry wins over `context`); no-context: true turns the context rules (DLM2xx)
  off. `--context` and `--no-context` replace all three. Each directory must exist.

Globs are relative to the configuration file's directory, with `/` as separator: `*`, `?`
and `[...]` (a class, `[!...]` negated) stay inside one path component, `**` spans
directories; an unclosed `[` and a backslash are literal. A glob that cannot match (a
reversed range `[z-a]`, a NUL, a class holding `/`) is an error. A glob without `/` matches
a file or directory name at any depth (`legacy`, `*.dev`); a glob with `/` is anchored at
the configuration's directory (`svc/*`, `/Dockerfile`). A glob matching a directory
matches everything below it.

Precedence (as ruff): the command line wins over the file, the file over the defaults.
Rule selection is applied in layers, defaults (ALL), then the file, then the command line;
in each layer `select` (when given) replaces everything selected so far, `extend-select`
adds, and `ignore` / `extend-ignore` remove (ignore wins within a layer). So `--select`
replaces the file's select, extend-select, ignore and extend-ignore; `--extend-select`
adds to the file's selection; `--ignore` removes from it. The codes of a family rule (SC2086
under the rule SC) are selected the same way, the most specific selector winning within a
layer (`run.code_filter`). per-file-ignores, severity,
exclude and rule options always come from the file; `--fail-on` replaces fail-on.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.lint import UnbuiltRule, error_message, make_rule
from dockerlint_ml.engine.registry import Registry
from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.facts.image_facts import FactsError, ImageFacts, parse_user_facts
from dockerlint_ml.facts.image_facts import describe as describe_facts
from dockerlint_ml.run.code_filter import (
    CodeSet,
    FamilyFilter,
    Layer,
    SelectedCodes,
    silenced_codes,
)
from dockerlint_ml.run.nearest import nearest_above
from dockerlint_ml.run.results import SetupError

CONFIG_FILE = ".dockerlint-ml.toml"
PYPROJECT = "pyproject.toml"
TOOL = "dockerlint-ml"

KEYS = (
    "select",
    "extend-select",
    "ignore",
    "extend-ignore",
    "fixable",
    "unfixable",
    "fail-on",
    "exclude",
    "per-file-ignores",
    "severity",
    "rules",
    "images",
    "trusted-registries",
    "large-file-mb",
    "label-schema",
    "strict-labels",
    "shellcheck-path",
    "as-of",
    "context",
    "contexts",
    "no-context",
)
# Options several rules share (the trusted registries of DL3026, the label schema of the
# label rules): a top-level key sets the option of every rule that has it, unless the rule's
# own `rules.<rule>` table sets it.
SHARED_OPTIONS = ("trusted-registries", "label-schema", "strict-labels", "large-file-mb")
# Docker allows 255 characters in an image name and 128 in a tag; a glob four times as long
# is generous, and keeps fnmatch's per-character compile off a megabyte-long key.
IMAGE_GLOB_CHARS = 1024
SELECTOR_KEYS = ("select", "extend-select", "ignore", "extend-ignore")
LEVELS = ("error", "warning", "info", "style")
FAIL_ON = (*LEVELS, "never")
DEFAULT_FAIL_ON = "warning"

# Where a setting came from, as `dockerlint-ml config` shows it.
DEFAULT = "default"
COMMAND_LINE = "command line"


# A message quotes what the file says (a key, a selector, a glob): cut short, so that a
# megabyte-long key is one readable line.
_MESSAGE_CHARS = 1000


class ConfigError(SetupError):
    """A configuration file that cannot be used; `str(exc)` / `line()` is its stderr line."""

    def __init__(self, path: str, message: str) -> None:
        if len(message) > _MESSAGE_CHARS:
            message = message[: _MESSAGE_CHARS - 3] + "..."
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def line(self) -> str:
        return f"{self.path}: {self.message}"


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def suggest_rule(registry: Registry, word: str) -> str:
    """` (did you mean 'DLM009'?)` for the rule code, name or alias closest to `word`
    (compared without case: `dlm0009`, `Server-Bound-To-Localhost`), or "". The cutoff is
    stricter than `suggest`'s: a plugin code such as BOOM001 must not be read as BK001."""
    import difflib

    written = {w.lower(): w for w in rule_words(registry)}
    close = difflib.get_close_matches(word.strip().lower(), list(written), n=1, cutoff=0.75)
    return f" (did you mean {written[close[0]]!r}?)" if close else ""


def display_path(path: str) -> str:
    """A path as messages show it: relative to the working directory when below it."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if rel == ".." or rel.startswith(".." + os.sep) else rel


# --- globs ------------------------------------------------------------------------------------


# Globs are matched without backtracking: a pattern is split at `/` into parts, each a
# `**` (any number of components) or one component's pattern; the parts are run as a set of
# states over the path's components (one pass, every prefix at once), and a component's
# pattern is cut at its `*`s into fixed-length chunks, each found leftmost in turn (which
# is exact for `*`). Work is at most (components x parts) component matches, each linear
# in the component; a regex translation (`*` as `[^/]*`) backtracks exponentially on
# `*a*a*a*a*b` against a long name.

# A fixed-length chunk: a literal string, or a regex of single-character items.
_Chunk = str | re.Pattern[str]


class GlobError(ValueError):
    """A glob that cannot mean what it says (a reversed range, a NUL)."""


def _class_end(pattern: str, i: int) -> int:
    """The index of the `]` closing the class opened at `pattern[i]`, or -1 (then `[` is a
    literal). As fnmatch: a `!`/`^` may follow `[`, and a `]` right after is a member."""
    j = i + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    return pattern.find("]", j)


def _class_regex(body: str) -> str:
    """A `[...]` body as a regex class; every member is escaped, so only ranges and the
    leading `!`/`^` mean anything. A reversed range (`z-a`) raises GlobError."""
    negate = body[:1] in ("!", "^")
    chars = body[1:] if negate else body
    items: list[str] = []
    k = 0
    while k < len(chars):
        low = chars[k]
        if k + 2 < len(chars) and chars[k + 1] == "-":
            high = chars[k + 2]
            if high < low:
                raise GlobError(f"its character range {low!r}-{high!r} is reversed")
            items.append(f"{re.escape(low)}-{re.escape(high)}")
            k += 3
        else:
            items.append(re.escape(low))
            k += 1
    return ("[^" if negate else "[") + "".join(items) + "]"


def check_glob(pattern: str, *, path: bool = True) -> None:
    """Raise GlobError for a glob that cannot mean what it says: a NUL, a reversed range,
    and in a path glob a class holding `/` (which always separates components). `path`
    False: an fnmatch glob (image facts), whose classes read the same."""
    if "\0" in pattern:
        raise GlobError("it contains a NUL character")
    i = pattern.find("[")
    while i != -1:
        end = _class_end(pattern, i)
        if end == -1:
            return
        body = pattern[i + 1 : end]
        if path and "/" in body:
            raise GlobError("a [...] class in it holds '/', which only separates components")
        _class_regex(body)
        i = pattern.find("[", end + 1)


def _chunk(items: list[tuple[str, str | None]]) -> _Chunk:
    """Single-character items, each (regex, the character when literal), as one chunk."""
    literals = [literal for _, literal in items if literal is not None]
    if len(literals) == len(items):
        return "".join(literals)
    return re.compile("".join(regex for regex, _ in items), re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Component:
    """One component's pattern: fixed-length chunks with a `*` between each two."""

    chunks: tuple[_Chunk, ...]
    sizes: tuple[int, ...]  # each chunk's length in characters

    @classmethod
    def compile(cls, pattern: str) -> _Component:
        chunks: list[_Chunk] = []
        sizes: list[int] = []
        items: list[tuple[str, str | None]] = []
        i = 0
        while i < len(pattern):
            c = pattern[i]
            if c == "*":
                chunks.append(_chunk(items))
                sizes.append(len(items))
                items = []
                while i < len(pattern) and pattern[i] == "*":  # `**` inside a name is `*`
                    i += 1
                continue
            end = _class_end(pattern, i) if c == "[" else -1
            if end != -1:
                items.append((_class_regex(pattern[i + 1 : end]), None))
                i = end + 1
                continue
            items.append(("[^/]", None) if c == "?" else (re.escape(c), c))
            i += 1
        chunks.append(_chunk(items))
        sizes.append(len(items))
        return cls(tuple(chunks), tuple(sizes))


def _at(chunk: _Chunk, text: str, pos: int) -> bool:
    if isinstance(chunk, str):
        return text.startswith(chunk, pos)
    return chunk.match(text, pos) is not None


def _find(chunk: _Chunk, text: str, pos: int, end: int) -> int:
    """Where `chunk` first occurs in text[pos:end], or -1."""
    if isinstance(chunk, str):
        return text.find(chunk, pos, end)
    found = chunk.search(text, pos, end)
    return -1 if found is None else found.start()


def _component_matches(component: _Component, text: str) -> bool:
    chunks, sizes = component.chunks, component.sizes
    if len(chunks) == 1:
        return len(text) == sizes[0] and _at(chunks[0], text, 0)
    tail = len(text) - sizes[-1]
    if sizes[0] > tail or not _at(chunks[0], text, 0) or not _at(chunks[-1], text, tail):
        return False
    pos = sizes[0]
    for chunk, size in zip(chunks[1:-1], sizes[1:-1], strict=True):
        # Leftmost is best: any later placement leaves less room for the chunks after it.
        found = _find(chunk, text, pos, tail)
        if found == -1:
            return False
        pos = found + size
    return True


_ANY = _Component(("", ""), (0, 0))  # `*`


@dataclass(frozen=True, slots=True)
class Glob:
    """One exclude / per-file-ignores pattern, compiled."""

    pattern: str  # as written
    parts: tuple[_Component | None, ...]  # None: `**`, any number of components
    anchored: bool  # has a `/`: matched against the path from the config's directory

    @classmethod
    def compile(cls, pattern: str) -> Glob:
        """Raises GlobError for a pattern that cannot match anything."""
        check_glob(pattern)
        text = pattern.strip().replace(os.sep, "/") if os.sep != "/" else pattern.strip()
        while text.startswith("./"):
            text = text[2:]
        anchored = text.startswith("/")
        text = text.strip("/")
        anchored = anchored or "/" in text
        parts: list[_Component | None] = []
        for piece in text.split("/"):
            if piece != "**":
                parts.append(_Component.compile(piece))
            elif not parts or parts[-1] is not None:  # `**/**` is `**`
                parts.append(None)
        if parts[-1] is None:  # a trailing `**` needs something below: `svc/**` is not `svc`
            parts[-1:] = [_ANY, None]
        return cls(pattern, tuple(parts), anchored)

    def _skip_globstars(self, states: list[bool]) -> list[bool]:
        """`states` with each reached `**` also passed over (it may match no component)."""
        for i, part in enumerate(self.parts):
            if part is None and states[i]:
                states[i + 1] = True
        return states

    def _advance(self, states: list[bool], component: str) -> list[bool]:
        after = [False] * len(states)
        for i, part in enumerate(self.parts):
            if not states[i]:
                continue
            if part is None:
                after[i] = True
            elif _component_matches(part, component):
                after[i + 1] = True
        return self._skip_globstars(after)

    def prefix_matches(self, components: Sequence[str]) -> list[bool]:
        """For k = 0..len(components): whether components[:k] matches, in one pass."""
        states = self._skip_globstars([True] + [False] * len(self.parts))
        found = [states[-1]]
        for component in components:
            states = self._advance(states, component)
            if not any(states):
                return found + [False] * (len(components) + 1 - len(found))
            found.append(states[-1])
        return found

    def matches(self, rel: str | None, name: str) -> bool:
        """`rel`: the path from the config's directory (None when outside it); `name`: the
        last component."""
        if self.anchored:
            return rel is not None and self.prefix_matches(rel.split("/"))[-1]
        return self.prefix_matches([name])[-1]


# --- the configuration ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidates:
    """A file and the ancestor directories a glob may match, nearest first."""

    components: list[str]  # the file's path from the config's directory, split at `/`
    # (how many of `components` lead to it, 0 for the config's directory itself, None
    # outside it; its name) for the file, then each directory up.
    levels: list[tuple[int | None, str]]

    def nearest(self, glob: Glob) -> int | None:
        """The index in `levels` of the nearest one `glob` matches, or None. An anchored glob
        reads every prefix of the path in one pass, not once per directory."""
        prefixes = glob.prefix_matches(self.components) if glob.anchored else None
        for index, (depth, name) in enumerate(self.levels):
            if prefixes is None:
                hit = glob.matches(None, name)
            elif depth is None:
                hit = False
            else:
                hit = prefixes[depth] if depth else glob.matches(".", name)
            if hit:
                return index
        return None


@dataclass(frozen=True)
class Config:
    """One configuration file's settings (or the defaults, when `path` is None).

    Selectors are kept as written (validated against the registry when loaded); `severity`
    and `rules` are keyed by rule code.
    """

    path: str | None = None  # as messages show it
    base: str = field(default_factory=os.getcwd)  # absolute; globs are relative to it
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    fixable: tuple[str, ...] | None = None  # None: ALL
    unfixable: tuple[str, ...] = ()
    fail_on: str | None = None
    exclude: tuple[Glob, ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    images: tuple[ImageFacts, ...] = ()  # the user's image facts, in file order
    keys: frozenset[str] = frozenset()  # the keys the file sets
    shared_options: Mapping[str, Any] = field(default_factory=dict)  # SHARED_OPTIONS
    # Drop-in mode (run.hadolint_config): hadolint's default selection and fail-on.
    drop_in: bool = False
    pragmas: bool = True  # False: inline pragmas are not honoured (disable-ignore-pragma)
    # hadolint's `ignored`: never reported, whatever the selection (as per-file-ignores are
    # applied after it), so that `--select DL` keeps them out as hadolint would.
    ignored: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()  # one stderr line each, once per run
    shellcheck_path: str | None = None  # absolute
    as_of: datetime.date | None = None  # None: today
    context: str | None = None  # absolute: the build context of the files it applies to
    contexts: tuple[tuple[Glob, str], ...] = ()  # glob -> absolute context directory
    no_context: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)  # setting -> where it came from

    def _candidates(self, path: str, below: str | None) -> _Candidates:
        """The file and each ancestor directory that patterns may match: those inside
        `below` (exclusive) when given, else those inside the config's directory."""
        absolute = os.path.abspath(path)
        stop = os.path.abspath(below) if below is not None else self.base
        rel = self._relative(absolute)
        components = [] if rel in (None, ".") else rel.split("/")
        levels: list[tuple[int | None, str]] = []
        current = absolute
        while True:
            inside = _inside(current, self.base)
            depth = len(components) - len(levels) if inside else None
            levels.append((depth, os.path.basename(current)))
            parent = os.path.dirname(current)
            if parent in (current, stop) or not _inside(parent, stop):
                break
            current = parent
        return _Candidates(components, levels)

    def _relative(self, absolute: str) -> str | None:
        if not _inside(absolute, self.base):
            return None
        rel = os.path.relpath(absolute, self.base)
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

    def excluded(self, path: str, *, below: str | None = None) -> str | None:
        """The exclude pattern matching `path` (or one of its directories), else None; the
        nearest match wins, then the first pattern.

        `below`: the directory a search started from; only what lies under it is tested
        (a directory named on the command line is searched even when excluded, as in ruff).
        """
        if not self.exclude:
            return None
        candidates = self._candidates(path, below)
        found: tuple[int, str] | None = None
        for glob in self.exclude:
            level = candidates.nearest(glob)
            if level is not None and (found is None or level < found[0]):
                found = (level, glob.pattern)
        return None if found is None else found[1]

    def file_ignores(self, path: str) -> list[tuple[str, tuple[str, ...]]]:
        """The per-file-ignores entries (pattern, selectors) that apply to `path`."""
        if not self.per_file_ignores:
            return []
        candidates = self._candidates(path, None)
        return [
            (glob.pattern, selectors)
            for glob, selectors in self.per_file_ignores
            if candidates.nearest(glob) is not None
        ]

    def context_for(self, path: str) -> str | None:
        """The build context directory the configuration names for the file at `path`: the
        first `contexts` entry matching it, else `context`; None when it names none."""
        if self.contexts:
            candidates = self._candidates(path, None)
            for glob, directory in self.contexts:
                if candidates.nearest(glob) is not None:
                    return directory
        return self.context

    def for_file(self, path: str) -> FileSettings:
        """What this configuration says about one file, `path` as displayed (cwd-relative)."""
        entries = self.file_ignores(path)
        return FileSettings(
            path=path,
            excluded_by=self.excluded(path),
            ignore=tuple(s for _, selectors in entries for s in selectors),
            ignore_patterns=tuple(pattern for pattern, _ in entries),
        )


@dataclass(frozen=True, slots=True)
class FileSettings:
    path: str
    excluded_by: str | None  # the exclude pattern matching the file or a directory above it
    ignore: tuple[str, ...]  # selectors from the matching per-file-ignores entries
    ignore_patterns: tuple[str, ...]  # those entries' patterns

    @property
    def excluded(self) -> bool:
        return self.excluded_by is not None


def _inside(path: str, directory: str) -> bool:
    if path == directory:
        return True
    prefix = directory if directory.endswith(os.sep) else directory + os.sep
    return path.startswith(prefix)


# --- loading and validation -------------------------------------------------------------------


def _parse_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib as toml
    else:
        import tomli as toml  # type: ignore[import-not-found, unused-ignore]
    try:
        data: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ValueError(" ".join(str(exc).split())) from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise ValueError("arrays or tables nest too deeply") from None
    return data


def _read_toml(path: str, shown: str, max_bytes: int | None = None) -> dict[str, Any]:
    """Read as a lint input is (a regular file within the size limit, never a FIFO or a
    device), then parse; raises ConfigError."""
    from dockerlint_ml.run.sources import SourceError, read_bytes

    try:
        raw = read_bytes(path, shown, max_bytes=max_bytes)
    except SourceError as exc:
        raise ConfigError(shown, f"cannot read configuration: {exc.reason}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(shown, "invalid TOML: not UTF-8 text") from None
    try:
        return _parse_toml(text)
    except ValueError as exc:
        raise ConfigError(shown, f"invalid TOML: {exc}") from None


def _pyproject_table(data: Mapping[str, Any]) -> Any:
    tool = data.get("tool")
    if not isinstance(tool, dict):
        return None
    return tool.get(TOOL)


def rule_words(registry: Registry) -> list[str]:
    """Every code, name and alias a selector may name."""
    return [w for r in registry.rules for w in (r.code, r.name, *r.aliases)]


class _Validator:
    def __init__(self, shown: str, registry: Registry) -> None:
        self.shown = shown
        self.registry = registry

    def fail(self, message: str) -> ConfigError:
        return ConfigError(self.shown, message)

    def strings(self, what: str, value: Any) -> tuple[str, ...]:
        """`what`: how messages name the value (`'select'`, `per-file-ignores entry 'x'`)."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what} must be a list of strings")
        return tuple(value)

    def selectors(
        self, where: str, value: Any, what: str | None = None, ignoring: bool = False
    ) -> tuple[str, ...]:
        """Rule selectors; with `ignoring`, a code only some rule supersedes is valid too
        (ignoring it silences that rule)."""
        items = self.strings(what or repr(where), value)
        for item in items:
            if not item.strip() or self.registry.unknown([item], ignoring):
                hint = suggest(item, rule_words(self.registry))
                raise self.fail(f"unknown rule selector in {where}: {item!r}{hint}")
        return items

    def rule(self, where: str, key: str) -> type[Rule]:
        found = self.registry.by_key(key)
        if found is None:
            hint = suggest(key, rule_words(self.registry))
            raise self.fail(f"unknown rule {key!r} in {where}{hint}")
        return found

    def glob(self, key: str, pattern: str) -> Glob:
        if not pattern.strip("/ "):
            raise self.fail(f"{key!r} has an empty pattern")
        try:
            return Glob.compile(pattern)
        except GlobError as exc:
            raise self.fail(f"{key!r} has an invalid glob {pattern!r}: {exc}") from None

    def image_glob(self, where: str, pattern: str) -> None:
        """An image name or tag glob (fnmatch, compiled by image_facts at lint time)."""
        if len(pattern) > IMAGE_GLOB_CHARS:
            raise self.fail(  # the reason first: the key itself may be cut short
                f"a glob of {len(pattern):,} characters, longer than any image reference"
                f" (at most {IMAGE_GLOB_CHARS:,}), in {where}"
            )
        try:
            check_glob(pattern, path=False)
        except GlobError as exc:
            raise self.fail(f"{where} has an invalid glob {pattern!r}: {exc}") from None

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{key!r} must be a table")
        return value

    def rule_options(self, rule: type[Rule], key: str, value: Any) -> dict[str, Any]:
        options = self.table(f"rules.{key}", value)
        valid = list(rule.default_options)
        for name in options:
            if name not in valid:
                label = f"{rule.code} {rule.name}"
                if not valid:
                    raise self.fail(f"unknown option {name!r} for rule {label}: it has no options")
                hint = suggest(name, valid) or f" (valid: {', '.join(valid)})"
                raise self.fail(f"unknown option {name!r} for rule {label}{hint}")
        built = make_rule(rule, options)
        if isinstance(built, UnbuiltRule):  # the rule refuses the value: its message says why
            detail = error_message(built.error)
            raise self.fail(f"invalid options for rule {rule.code} {rule.name}: {detail}")
        return dict(options)


def config_from_table(
    table: Mapping[str, Any], *, shown: str, base: str, registry: Registry
) -> Config:
    """Validate the keys of one configuration table; raises ConfigError on the first problem."""
    check = _Validator(shown, registry)
    for key in table:
        if key not in KEYS:
            hint = suggest(key, KEYS) or f" (valid keys: {', '.join(KEYS)})"
            raise check.fail(f"unknown key {key!r}{hint}")
    values: dict[str, Any] = {}
    for key in SELECTOR_KEYS:
        if key in table:
            ignoring = key in ("ignore", "extend-ignore")
            values[key.replace("-", "_")] = check.selectors(key, table[key], ignoring=ignoring)
    for key in ("fixable", "unfixable"):
        if key in table:
            values[key] = check.selectors(key, table[key], ignoring=True)
    if "fail-on" in table:
        fail_on = table["fail-on"]
        if not isinstance(fail_on, str) or fail_on.strip().lower() not in FAIL_ON:
            hint = suggest(str(fail_on), FAIL_ON) if isinstance(fail_on, str) else ""
            raise check.fail(
                f"'fail-on' must be one of {', '.join(FAIL_ON)}, got {fail_on!r}{hint}"
            )
        values["fail_on"] = fail_on.strip().lower()
    if "exclude" in table:
        patterns = check.strings("'exclude'", table["exclude"])
        values["exclude"] = tuple(check.glob("exclude", p) for p in patterns)
    if "per-file-ignores" in table:
        entries = []
        for pattern, selectors in check.table(
            "per-file-ignores", table["per-file-ignores"]
        ).items():
            where = f"per-file-ignores entry {pattern!r}"
            entries.append(
                (
                    check.glob("per-file-ignores", pattern),
                    check.selectors(where, selectors, where, ignoring=True),
                )
            )
        values["per_file_ignores"] = tuple(entries)
    if "severity" in table:
        severity: dict[str, Severity] = {}
        for key, level in check.table("severity", table["severity"]).items():
            family = registry.family(key)
            code = family[1] if family is not None else check.rule("severity", key).code
            if not isinstance(level, str) or level.strip().lower() not in LEVELS:
                hint = suggest(str(level), LEVELS) if isinstance(level, str) else ""
                raise check.fail(
                    f"severity of {key!r} must be one of {', '.join(LEVELS)}, got {level!r}{hint}"
                )
            severity[code] = Severity.parse(level)
        values["severity"] = severity
    if "rules" in table:
        rules: dict[str, dict[str, Any]] = {}
        for key, options in check.table("rules", table["rules"]).items():
            rule = check.rule("rules", key)
            merged = {**rules.get(rule.code, {}), **check.rule_options(rule, key, options)}
            rules[rule.code] = merged
        values["rules"] = rules
    shared = {key: table[key] for key in SHARED_OPTIONS if key in table}
    if shared:
        if "trusted-registries" in shared:
            check.strings("'trusted-registries'", shared["trusted-registries"])
        if "label-schema" in shared:
            check.table("label-schema", shared["label-schema"])
        if "strict-labels" in shared and not isinstance(shared["strict-labels"], bool):
            raise check.fail("'strict-labels' must be true or false")
        validate_shared_options(shared, registry, shown)
        values["shared_options"] = shared
    if "shellcheck-path" in table:
        given = table["shellcheck-path"]
        if not isinstance(given, str) or not given.strip():
            raise check.fail("'shellcheck-path' must be a path to the shellcheck program")
        values["shellcheck_path"] = os.path.join(base, os.path.expanduser(given))
    if "as-of" in table:
        try:
            values["as_of"] = parse_as_of(table["as-of"])
        except ValueError as exc:
            raise check.fail(f"'as-of' {exc}") from None
    if "context" in table:
        values["context"] = _context_dir(check, "'context'", table["context"], base)
    if "contexts" in table:
        values["contexts"] = tuple(
            (
                check.glob("contexts", pattern),
                _context_dir(check, f"contexts entry {pattern!r}", directory, base),
            )
            for pattern, directory in check.table("contexts", table["contexts"]).items()
        )
    if "no-context" in table:
        if not isinstance(table["no-context"], bool):
            raise check.fail("'no-context' must be true or false")
        values["no_context"] = table["no-context"]
    if "images" in table:
        try:
            images = parse_user_facts(check.table("images", table["images"]))
        except FactsError as exc:
            raise check.fail(str(exc)) from None
        for key, facts in zip(table["images"], images, strict=True):
            for glob in (facts.pattern, facts.tag or "", *facts.moving):
                check.image_glob(f"images entry {key!r}", glob)
        values["images"] = images
    return Config(path=shown, base=base, keys=frozenset(table), **values)


def _context_dir(check: _Validator, what: str, value: object, base: str) -> str:
    """A configured build context: a path relative to the configuration's directory that
    names an existing directory (absolute, normalised)."""
    if not isinstance(value, str) or not value.strip():
        raise check.fail(f"{what} must be a path to a directory")
    directory = os.path.normpath(os.path.join(base, os.path.expanduser(value)))
    if not os.path.isdir(directory):
        raise check.fail(f"{what} names no directory: {value!r}")
    return directory


def parse_as_of(value: object) -> datetime.date:
    """A reference date from TOML (a date, or a `YYYY-MM-DD` string); ValueError names what
    was given."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date YYYY-MM-DD, got {value!r}")


def validate_shared_options(shared: Mapping[str, Any], registry: Registry, shown: str) -> None:
    """Build every rule having one of the shared options with its value, so that a value a
    rule refuses is one error line (ConfigError) when the configuration is read."""
    for rule in registry.rules:
        given = {name: shared[name] for name in rule.default_options if name in shared}
        if not given:
            continue
        built = make_rule(rule, given)
        if isinstance(built, UnbuiltRule):
            detail = error_message(built.error)
            raise ConfigError(shown, f"invalid options for rule {rule.code} {rule.name}: {detail}")


def load_config(
    path: str | os.PathLike[str],
    registry: Registry | None = None,
    *,
    shown: str | None = None,
    max_bytes: int | None = None,
) -> Config:
    """Load and validate one configuration file (a pyproject.toml reads its
    `[tool.dockerlint-ml]` table, any other file its top-level keys). Raises ConfigError.

    `max_bytes`: the size limit (default `sources.DEFAULT_MAX_FILE_SIZE`)."""
    path = os.fspath(path)
    shown = shown if shown is not None else display_path(path)
    if registry is None:
        from dockerlint_ml.engine.registry import load_registry

        registry = load_registry()
    data = _read_toml(path, shown, max_bytes)
    base = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == PYPROJECT:
        table = _pyproject_table(data)
        if table is None:
            raise ConfigError(shown, f"no [tool.{TOOL}] table")
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(shown, f"[tool.{TOOL}] must be a table")
    return config_from_table(table, shown=shown, base=base, registry=registry)


def _pyproject_has_table(path: str, max_bytes: int | None) -> bool:
    # Most pyproject.toml files never mention us: skip them without parsing, so an unrelated
    # file that is not valid TOML (or cannot be read) cannot break linting.
    from dockerlint_ml.run.sources import SourceError, read_bytes

    try:
        raw = read_bytes(path, max_bytes=max_bytes)
    except SourceError:
        return False
    if TOOL.encode() not in raw:
        return False
    return _pyproject_table(_read_toml(path, display_path(path), max_bytes)) is not None


def _special(path: str) -> bool:
    """Whether `path` is a FIFO, a device or a socket: not read (it may block or never end)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _config_in(directory: str, max_bytes: int | None) -> str | None:
    """The configuration file in `directory`, or None. A FIFO, device or socket under
    either name is returned too, so that loading it fails with one line naming it: skipped,
    it would silently hand the directory to a farther configuration or to the defaults."""
    candidate = os.path.join(directory, CONFIG_FILE)
    if os.path.isfile(candidate) or _special(candidate):
        return candidate
    candidate = os.path.join(directory, PYPROJECT)
    if _special(candidate):
        return candidate
    if os.path.isfile(candidate) and _pyproject_has_table(candidate, max_bytes):
        return candidate
    return None


class ConfigFinder:
    """Nearest-configuration lookups for many files, each directory visited once."""

    def __init__(
        self,
        registry: Registry | None = None,
        max_bytes: int | None = None,
        fallback: Config | None = None,
    ) -> None:
        """`fallback`: the configuration of files no configuration file applies to (hadolint's,
        in drop-in mode); the defaults when None."""
        self._registry = registry
        self._max_bytes = max_bytes
        self._fallback = fallback
        self._by_dir: dict[str, str | None] = {}
        self._loaded: dict[str, Config] = {}

    def find(self, start_dir: str | os.PathLike[str]) -> str | None:
        """The nearest configuration file's path at or above `start_dir`, or None."""
        return nearest_above(
            os.fspath(start_dir), self._by_dir, lambda d: _config_in(d, self._max_bytes)
        )

    def config_for(self, start_dir: str | os.PathLike[str]) -> Config:
        """The loaded nearest configuration (defaults based at the working directory when
        there is none)."""
        path = self.find(start_dir)
        if path is None:
            return self._loaded.setdefault("", self._fallback or Config())
        if path not in self._loaded:
            self._loaded[path] = load_config(path, self._registry, max_bytes=self._max_bytes)
        return self._loaded[path]


def find_config(start_dir: str | os.PathLike[str]) -> str | None:
    """The nearest configuration file at or above `start_dir` (see the module docstring)."""
    return ConfigFinder().find(start_dir)


# --- effective settings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """What the command line (or the Python API) says; None / empty: not given."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    options: Mapping[str, Mapping[str, Any]] | None = None  # Python API only
    shared_options: Mapping[str, Any] | None = None  # --trusted-registry, --require-label


@dataclass
class Settings:
    """One configuration merged with the overrides and resolved against the registry."""

    config: Config
    # select (None: not set), extend-select, ignore, extend-ignore, as merged
    selection: dict[str, list[str] | None]
    rules: list[type[Rule]]
    fail_on: Severity | None  # None: never
    fail_on_label: str
    severity: dict[str, Severity]
    options: dict[str, dict[str, Any]]  # code -> options given (file, then API)
    sources: dict[str, str]  # setting -> where it came from
    registry: Registry
    # Family rule code -> which of its codes the selection keeps (run.code_filter).
    families: dict[str, FamilyFilter] = field(default_factory=dict)
    _codes_cache: dict[tuple[str, ...], CodeSet] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    def make_rules(self) -> list[Rule]:
        """Fresh rule instances with their options; a rule whose constructor raises is an
        UnbuiltRule, which the engine reports as that rule's DLM999 on the file."""
        return [make_rule(r, self.options.get(r.code)) for r in self.rules]

    @property
    def unwanted(self) -> CodeSet:
        """The codes the selection's ignore and extend-ignore silence."""
        ignore = self.selection.get("ignore") or []
        extend = self.selection.get("extend-ignore") or []
        return self.ignored_codes([*ignore, *extend])

    def ignored_codes(self, selectors: Sequence[str]) -> CodeSet:
        """The finding codes ignores naming `selectors` silence (family prefixes too)."""
        key = tuple(selectors)
        cached = self._codes_cache.get(key)
        if cached is None:
            cached = silenced_codes(self.registry, selectors)
            self._codes_cache[key] = cached
        return cached

    def fixable(self, code: str) -> bool:
        """Whether `--fix` may apply the fixes of a finding code (`fixable`, `unfixable`)."""
        config = self.config
        if config.unfixable and code in self.ignored_codes(list(config.unfixable)):
            return False
        return config.fixable is None or code in self.ignored_codes(list(config.fixable))

    def keeps(self, code: str) -> bool:
        """Whether the selection keeps a finding code (only a family rule's codes are
        filtered: any other finding comes from a selected rule)."""
        if not self.families:
            return True
        rule = self.registry.family_rule(code)
        found = self.families.get(rule.code) if rule is not None else None
        return found is None or code == rule.code or found.keeps(code)  # type: ignore[union-attr]

    def level_of(self, code: str) -> Severity | None:
        """The level `severity` gives a finding code: its own entry, or for a family code
        the entry of its longest prefix; None: the rule's choice stands."""
        level = self.severity.get(code)
        if level is not None or self.registry.family_rule(code) is None:
            return level
        for end in range(len(code) - 1, 0, -1):
            level = self.severity.get(code[:end])
            if level is not None:
                return level
        return None

    def names_family(self, code: str) -> bool:
        """Whether the selection names the family rule `code` itself, not only through the
        defaults or ALL: a `select` / `extend-select` selector for it or for its codes (in
        the file or on the command line)."""
        for key in ("select", "extend-select"):
            for selector in self.selection.get(key) or ():
                family = self.registry.family(selector)
                if family is not None and family[0].code == code:
                    return True
        return False

    def selected_codes(self, codes: Iterable[str]) -> SelectedCodes:
        """The codes of the rules that ran (`codes`), as suppressions see them."""
        return SelectedCodes(codes, self.families, self.registry)


def _layer(
    registry: Registry,
    current: set[str],
    select: Sequence[str] | None,
    extend: Sequence[str],
    ignore: Sequence[str],
) -> set[str]:
    chosen = _codes(registry.resolve, select) if select is not None else set(current)
    chosen |= _codes(registry.resolve, extend)
    return chosen - _codes(registry.silenced, ignore)


def _codes(lookup: Callable[[str], list[type[Rule]]], selectors: Sequence[str]) -> set[str]:
    return {r.code for s in selectors for r in lookup(s)}


def cli_shared_options(
    registry: Registry, trusted: Iterable[str], labels: Mapping[str, str] | None
) -> dict[str, Any]:
    """The shared options the command line gives (hadolint's `--trusted-registry` and
    `--require-label`), each checked by the rules having it; raises UsageError."""
    from dockerlint_ml.run.results import UsageError

    shared: dict[str, Any] = {}
    if trusted := tuple(trusted):
        shared["trusted-registries"] = trusted
    if labels:
        shared["label-schema"] = dict(labels)
    try:
        validate_shared_options(shared, registry, "command line")
    except ConfigError as exc:
        raise UsageError(exc.message) from None
    return shared


def merge_shared(first: Mapping[str, Any], then: Mapping[str, Any]) -> dict[str, Any]:
    """Shared options of two layers, as hadolint merges its configurations: lists add up,
    mappings are updated, anything else is replaced."""
    merged = dict(first)
    for key, value in then.items():
        before = merged.get(key)
        if isinstance(before, (list, tuple)) and isinstance(value, (list, tuple)):
            merged[key] = tuple(dict.fromkeys((*before, *value)))
        elif isinstance(before, Mapping) and isinstance(value, Mapping):
            merged[key] = {**before, **value}
        else:
            merged[key] = value
    return merged


def resolve(config: Config, registry: Registry, overrides: Overrides | None = None) -> Settings:
    """The effective settings for files under `config` (see the module docstring)."""
    over = overrides or Overrides()
    source = config.path or DEFAULT
    sources: dict[str, str] = {}

    def mark(key: str, by_cli: bool = False) -> None:
        if by_cli:
            sources[key] = COMMAND_LINE
        elif key in config.sources:
            sources[key] = config.sources[key]
        else:
            sources[key] = source if key in config.keys else DEFAULT

    defaults = registry.hadolint_defaults() if config.drop_in else registry.default_rules()
    selected = {r.code for r in defaults}
    selected = _layer(
        registry,
        selected,
        config.select,
        config.extend_select,
        (*config.ignore, *config.extend_ignore),
    )
    selected = _layer(registry, selected, over.select, over.extend_select, over.ignore)
    layers = (
        Layer(config.select, config.extend_select, (*config.ignore, *config.extend_ignore)),
        Layer(over.select, over.extend_select, over.ignore),
    )
    families: dict[str, FamilyFilter] = {}
    default_codes = {r.code for r in defaults}
    for rule in registry.rules:
        if rule.family_digits:
            found = FamilyFilter(rule, registry, layers, rule.code in default_codes, config.drop_in)
            families[rule.code] = found
            # The rule runs when any of its codes may be kept (`SC2086` alone selects it,
            # `--ignore SC20` keeps it running for the others).
            if found.any():
                selected.add(rule.code)
            else:
                selected.discard(rule.code)
    for key in SELECTOR_KEYS:
        mark(key)
    selection: dict[str, list[str] | None]
    if over.select is not None:
        selection = {
            "select": list(over.select),
            "extend-select": list(over.extend_select),
            "ignore": list(over.ignore),
            "extend-ignore": [],
        }
        for key in SELECTOR_KEYS:
            sources[key] = f"{COMMAND_LINE} (--select replaces the file's selection)"
    else:
        selection = {
            # None: not set, so the default selection (json: null)
            "select": list(config.select) if config.select is not None else None,
            "extend-select": [*config.extend_select, *over.extend_select],
            "ignore": [*config.ignore, *over.ignore],
            "extend-ignore": list(config.extend_ignore),
        }
        if over.extend_select:
            sources["extend-select"] += f" + {COMMAND_LINE}"
        if over.ignore:
            sources["ignore"] += f" + {COMMAND_LINE}"

    fail_on = over.fail_on or config.fail_on or DEFAULT_FAIL_ON
    fail_on = fail_on.lower()
    mark("fail-on", by_cli=over.fail_on is not None)
    for key in (
        "fixable",
        "unfixable",
        "exclude",
        "per-file-ignores",
        "severity",
        "rules",
        "images",
        "ignored",
        "as-of",
        "context",
        "contexts",
        "no-context",
    ):
        mark(key)
    cli_shared = over.shared_options or {}
    shared = merge_shared(config.shared_options, cli_shared)
    for key in SHARED_OPTIONS:
        mark(key)
        if key in cli_shared:
            in_file = key in config.shared_options
            sources[key] = f"{sources[key]} + {COMMAND_LINE}" if in_file else COMMAND_LINE

    options: dict[str, dict[str, Any]] = {}
    for rule in registry.rules:
        inherited = {name: shared[name] for name in rule.default_options if name in shared}
        if inherited:
            options[rule.code] = inherited
    for code, own in config.rules.items():
        options[code] = {**options.get(code, {}), **own}
    if over.options:
        for rule in registry.rules:
            given = over.options.get(rule.code) or over.options.get(rule.name)
            if given:
                options[rule.code] = {**options.get(rule.code, {}), **given}
    return Settings(
        config=config,
        selection=selection,
        rules=[r for r in registry.rules if r.code in selected],
        fail_on=None if fail_on == "never" else Severity.parse(fail_on),
        fail_on_label=fail_on,
        severity=dict(config.severity),
        options=options,
        sources=sources,
        registry=registry,
        families=families,
    )


def describe(settings: Settings, target: str, file: FileSettings | None) -> dict[str, Any]:
    """The effective configuration as plain data (`dockerlint-ml config --format json`)."""
    config = settings.config
    rules_options = {}
    enabled = set(settings.codes)
    for rule in settings.registry.rules:
        # The options of the rules that run, and of any rule the configuration sets.
        if rule.default_options and (rule.code in enabled or rule.code in config.rules):
            merged = {**rule.default_options, **settings.options.get(rule.code, {})}
            rules_options[rule.code] = merged
    data: dict[str, Any] = {
        "path": target,
        "config_file": config.path,
        "settings": {
            **settings.selection,
            "fail-on": settings.fail_on_label,
            "fixable": list(config.fixable) if config.fixable is not None else None,
            "unfixable": list(config.unfixable),
            "as-of": config.as_of.isoformat() if config.as_of is not None else None,
            "context": config.context,
            "contexts": {g.pattern: d for g, d in config.contexts},
            "no-context": config.no_context,
            "exclude": [g.pattern for g in config.exclude],
            "per-file-ignores": {g.pattern: list(s) for g, s in config.per_file_ignores},
            "ignored": list(config.ignored),
            "severity": {code: level.label for code, level in settings.severity.items()},
            "rules": rules_options,
            "images": {
                f.pattern if f.tag is None else f"{f.pattern}:{f.tag}": describe_facts(f)
                for f in config.images
            },
        },
        "sources": dict(settings.sources),
        "enabled": settings.codes,
    }
    if file is not None:
        data["file"] = {
            "excluded_by": file.excluded_by,
            "ignore": list(file.ignore),
            "ignore_patterns": list(file.ignore_patterns),
        }
    return data


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}" if inner else "{}"
    if value is None:
        return '""'
    return json.dumps(str(value), ensure_ascii=False)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key: str) -> str:
    import json

    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


PRECEDENCE_NOTE = (
    "Precedence: command line > configuration file > defaults. --select replaces the file's",
    "select, extend-select, ignore and extend-ignore; --extend-select adds to its selection;",
    "--ignore removes from it; --fail-on replaces fail-on. exclude, per-file-ignores,",
    "severity and rule options come from the file only.",
)


def render_text(data: Mapping[str, Any], line: Callable[[str], None]) -> None:
    """The TOML-like view of `describe()`; each setting is followed by where it came from."""
    settings = data["settings"]
    sources = data["sources"]
    line(f"# Effective dockerlint-ml configuration for {data['path']}")
    config_file = data["config_file"]
    line(f"# Configuration file: {config_file if config_file else '(none: defaults)'}")
    for note in PRECEDENCE_NOTE:
        line(f"# {note}")
    line("")
    keys = ["select", "extend-select", "ignore", "extend-ignore", "fixable", "unfixable"]
    keys += ["fail-on", "exclude"]
    if settings["ignored"]:  # drop-in mode: hadolint's `ignored`
        keys.append("ignored")
    keys += ["as-of", "context", "no-context"]
    unset = {
        "select": "the default selection",
        "fixable": "ALL",
        "as-of": "today",
        "context": "each Dockerfile's directory when it looks like a build context",
    }
    for key in keys:
        if settings[key] is None:  # TOML has no null, so a comment says what holds
            line(f"# {key} is not set: {unset[key]}  # {sources.get(key, DEFAULT)}")
            continue
        line(f"{key} = {_toml_value(settings[key])}  # {sources.get(key, DEFAULT)}")
    line(f"enabled = {_toml_value(data['enabled'])}  # the rules that run")
    file = data.get("file")
    if file is not None:
        excluded = file["excluded_by"]
        note = f"exclude pattern {excluded!r}" if excluded else "not excluded"
        line(f"excluded = {_toml_value(excluded is not None)}  # {note}")
        line(
            f"file-ignores = {_toml_value(file['ignore'])}  # per-file-ignores matching"
            f" {data['path']}: {_toml_value(file['ignore_patterns'])}"
        )
    for key in ("contexts", "per-file-ignores", "severity"):
        line("")
        line(f"[{key}]  # {sources.get(key, DEFAULT)}")
        for name, value in settings[key].items():
            line(f"{_toml_key(name)} = {_toml_value(value)}")
    for code, options in settings["rules"].items():
        line("")
        source = sources.get("rules", DEFAULT)
        shared = [sources[n] for n in options if n in SHARED_OPTIONS and n in sources]
        if source == DEFAULT and any(s != DEFAULT for s in shared):
            source = next(s for s in shared if s != DEFAULT)  # a top-level shared option
        line(f"[rules.{_toml_key(code)}]  # {source}, else the defaults")
        for name, value in options.items():
            line(f"{_toml_key(name)} = {_toml_value(value)}")
    for pattern, facts in settings["images"].items():
        line("")
        line(f"[images.{_toml_key(pattern)}]  # {sources.get('images', DEFAULT)}")
        for name, value in facts.items():
            line(f"{_toml_key(name)} = {_toml_value(value)}")

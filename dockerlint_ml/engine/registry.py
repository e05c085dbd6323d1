"""The rule registry: built-in rules plus the `dockerlint_ml.rules` entry points, and selectors."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.lint import error_text, safe_repr
from dockerlint_ml.engine.rule import Rule

# hadolint's codes: DL and four digits (ours are DLM and three).
HADOLINT_CODE = re.compile(r"DL[0-9]{4}")
PARSE_ERROR_CODE = "DLM000"
# hadolint runs ShellCheck on every RUN by default: drop-in mode keeps the rule on.
SHELLCHECK_CODE = "SC"

ENTRY_POINT_GROUP = "dockerlint_ml.rules"
_T = TypeVar("_T")
_CODE_RE = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")
# A rule reporting a family of codes (Rule.family_digits) has a letters-only code.
_FAMILY_CODE_RE = re.compile(r"^[A-Z]{2,8}$")
_MAX_FAMILY_DIGITS = 6
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# A code prefix: the letters of a code family, then the start of its digits.
_CODE_PREFIX_RE = re.compile(r"^([A-Z]+)([0-9]*)$")


class RegistryError(Exception):
    """A rule set that cannot be used: a duplicate code, or a plugin that failed to load."""


@dataclass
class Registry:
    rules: list[type[Rule]] = field(default_factory=list)
    # Problems met while loading plugins; the CLI prints each on stderr and exits 2.
    errors: list[str] = field(default_factory=list)
    _built: _Index | None = field(default=None, repr=False, compare=False)

    def add(self, rule: type[Rule], origin: str) -> None:
        if not (isinstance(rule, type) and issubclass(rule, Rule)):
            raise RegistryError(
                f"{origin}: {safe_repr(rule)} is not a dockerlint_ml.engine.rule.Rule subclass"
            )
        code, name = rule.code, rule.name
        family = isinstance(rule.family_digits, int) and rule.family_digits > 0
        code_re = _FAMILY_CODE_RE if family else _CODE_RE
        if not (isinstance(code, str) and code_re.match(code)) or not (
            isinstance(name, str) and _NAME_RE.match(name)
        ):
            raise RegistryError(
                f"{origin}: rule {rule.__name__} needs a code like ABC123 and a kebab-case name,"
                f" got {safe_repr(code)} / {safe_repr(name)}"
            )
        problem = _declaration_problem(rule)
        if problem is not None:
            raise RegistryError(f"{origin}: rule {code} {name}: {problem}")
        for known in self.rules:
            if known.code == rule.code or known.name == rule.name:
                raise RegistryError(
                    f"duplicate rule {rule.code} {rule.name}: {known.__module__}.{known.__name__}"
                    f" and {rule.__module__}.{rule.__name__} ({origin})"
                )
            taken = {known.code, known.name.upper(), *(a.upper() for a in known.aliases)}
            clash = next((a for a in rule.aliases if a.upper() in taken), None)
            clash = clash or next(
                (a for a in known.aliases if a.upper() in {rule.code, rule.name.upper()}), None
            )
            if clash is not None:
                raise RegistryError(
                    f"alias {clash!r} names two rules: {known.code} {known.name} and"
                    f" {rule.code} {rule.name} ({origin})"
                )
        self.rules.append(rule)

    def _index(self) -> _Index:
        """The lookup tables, built once per rule set (rules may be appended directly)."""
        key = tuple(self.rules)
        if self._built is None or self._built.key != key:
            self._built = _Index(key)
        return self._built

    def by_code(self, code: str) -> type[Rule] | None:
        """The rule with this code or name (case-insensitive), or None."""
        return self._index().codes.get(code.strip().upper())

    def by_key(self, key: str) -> type[Rule] | None:
        """The rule with this code, name or alias (case-insensitive), or None."""
        upper = key.strip().upper()
        index = self._index()
        return index.codes.get(upper) or index.aliases.get(upper)

    def family(self, key: str) -> tuple[type[Rule], str] | None:
        """(the rule, the code prefix) for a key naming codes of a rule's own family
        (Rule.family_digits): `SC2086`, `SC20`, `SC` or the rule's name (`shellcheck`),
        whose prefix is the rule's code; None for any other key."""
        upper = key.strip().upper()
        index = self._index()
        named = index.codes.get(upper)
        if named is not None:
            return (named, named.code) if named.code in index.families else None
        prefix = _CODE_PREFIX_RE.match(upper)
        if prefix is None:
            return None
        letters, digits = prefix.groups()
        rule = index.families.get(letters)
        if rule is None or len(digits) > rule.family_digits:
            return None
        return rule, upper

    def family_rule(self, code: str) -> type[Rule] | None:
        """The rule whose family a finding code (`SC2086`) belongs to, or None."""
        return self._index().families.get(_family(code))

    def resolve(self, selector: str) -> list[type[Rule]]:
        """Rules matched by a code, a name, an alias, a code prefix, or ALL.

        A prefix selects a code family: its letters must be the code's letters and its
        digits must start the code's digits (`DL` and `DL30` select DL3xxx rules, never
        DLMnnn ones; `DLM1` selects DLM1xx)."""
        key = selector.strip()
        if not key:
            return []
        if key.upper() == "ALL":
            return list(self.rules)
        exact = self.by_key(key)
        if exact is not None:
            return [exact]
        family = self.family(key)
        if family is not None:  # `SC2086` or `SC20` selects the rule that reports them
            return [family[0]]
        prefix = _CODE_PREFIX_RE.match(key.upper())
        if prefix is None:
            return []
        letters, digits = prefix.groups()
        return [
            r
            for r in self.rules
            if _family(r.code) == letters and _digits(r.code).startswith(digits)
        ]

    def superseded_by(self, rule: type[Rule]) -> list[type[Rule]]:
        """The rules that supersede `rule` (name its code or an alias in `supersedes`)."""
        index = self._index()
        found: list[type[Rule]] = []
        for name in (rule.code, *rule.aliases):
            found += [r for r in index.superseding.get(name.upper(), ()) if r not in found]
        return found

    def silenced(self, selector: str) -> list[type[Rule]]:
        """The rules an ignore, a per-file-ignore or a pragma naming `selector` silences:
        those it selects, and every rule that supersedes a code it names exactly, so that
        `# hadolint ignore=DL3025` keeps silencing DLM008, which covers DL3025. A prefix or
        ALL names no single code: it silences what it selects. A code or prefix of a rule's
        own family (`SC2086`, `SC20`) silences no whole rule: `Settings` filters its
        findings by code."""
        key = selector.strip().upper()
        if not key:
            return []
        family = self.family(key)
        if family is not None and family[1] != family[0].code:
            return []
        found = self.resolve(selector)
        exact = self.by_key(selector)
        if key == "ALL":
            return found
        if exact is not None:
            names = [key, exact.code, *(a.upper() for a in exact.aliases)]
        elif found:  # a prefix names no single code
            return found
        else:  # a code no rule has, which a rule may supersede
            names = [key]
        superseding = self._index().superseding
        for name in names:
            found += [r for r in superseding.get(name, ()) if r not in found]
        return found

    def derived(self, key: str, build: Callable[[Registry], _T]) -> _T:
        """A value computed from the rule set (`build(self)`), built once per rule set and
        kept until a rule is added: what a run needs per file but need not rebuild per file
        (the pragmas' lookup tables)."""
        index = self._index()
        if key not in index.derived:
            index.derived[key] = build(self)
        found: _T = index.derived[key]
        return found

    def superseders(self) -> dict[str, frozenset[str]]:
        """Code -> the codes of the rules that supersede it, for every superseded rule."""
        return self.derived(
            "superseders",
            lambda reg: {
                r.code: frozenset(s.code for s in by)
                for r in reg.rules
                if (by := reg.superseded_by(r))
            },
        )

    def is_default(self, rule: type[Rule]) -> bool:
        """Whether `rule` is in the default selection: marked `default`, and no rule of this
        set supersedes it (a rule need not belong to the set: a plugin's page)."""
        return rule.default and not self.superseded_by(rule)

    def default_rules(self) -> list[type[Rule]]:
        """The default selection, in registry order."""
        return [r for r in self.rules if self.is_default(r)]

    def hadolint_defaults(self) -> list[type[Rule]]:
        """Drop-in mode's selection: what hadolint runs by default (every rule under a DL
        code hadolint does not keep at its `ignore` level, superseded or not), and
        parse-error, in registry order."""
        return [
            r
            for r in self.rules
            if r.code == PARSE_ERROR_CODE
            or r.code == SHELLCHECK_CODE
            or (HADOLINT_CODE.fullmatch(r.code) and r.peer_default)
        ]

    def unknown(self, selectors: Iterable[str], ignoring: bool = False) -> list[str]:
        """The selectors that match no rule; with `ignoring`, a code some rule supersedes
        counts as known (ignoring it silences that rule)."""
        lookup = self.silenced if ignoring else self.resolve
        return [s for s in selectors if s.strip() and not lookup(s) and self.family(s) is None]

    def select(
        self, select: Sequence[str] | None, ignore: Sequence[str] | None
    ) -> list[type[Rule]]:
        """Selected rules in registry order (`select=None`: the default selection);
        `ignore` wins over `select`."""
        if select is None:
            chosen = {r.code for r in self.default_rules()}
        else:
            chosen = {r.code for s in select for r in self.resolve(s)}
        dropped = {r.code for s in (ignore or []) for r in self.silenced(s)}
        return [r for r in self.rules if r.code in chosen and r.code not in dropped]


class _Index:
    """Upper-cased code and name -> rule, alias -> rule, and superseded name -> the rules
    that supersede it, for one rule set."""

    def __init__(self, rules: tuple[type[Rule], ...]) -> None:
        self.key = rules
        self.codes: dict[str, type[Rule]] = {}
        self.aliases: dict[str, type[Rule]] = {}
        self.superseding: dict[str, list[type[Rule]]] = {}
        self.families: dict[str, type[Rule]] = {}  # letters-only code -> its family rule
        self.derived: dict[str, Any] = {}  # Registry.derived
        for rule in rules:
            if rule.family_digits:
                self.families.setdefault(rule.code, rule)
            self.codes.setdefault(rule.code.upper(), rule)
            self.codes.setdefault(rule.name.upper(), rule)
            for alias in rule.aliases:
                self.aliases.setdefault(alias.upper(), rule)
            for name in rule.supersedes:
                self.superseding.setdefault(name.upper(), []).append(rule)


def _family(code: str) -> str:
    """The letters of a code: `DLM001` -> `DLM`, `DL3008` -> `DL`."""
    return code.rstrip("0123456789")


def _digits(code: str) -> str:
    return code[len(_family(code)) :]


def _strings(value: object) -> bool:
    return isinstance(value, (tuple, list, set, frozenset)) and all(
        isinstance(v, str) for v in value
    )


def _declaration_problem(rule: type[Rule]) -> str | None:
    """What is wrong with a rule class's declared attributes (those the engine, the
    selectors and the reporters read before any rule code runs), or None."""
    if not isinstance(rule.severity, Severity):
        return f"severity must be a Severity, got {safe_repr(rule.severity)}"
    if not _strings(rule.keywords):
        return f"keywords must be a set of instruction names, got {safe_repr(rule.keywords)}"
    if not _strings(rule.commands):
        return f"commands must be a set of program names, got {safe_repr(rule.commands)}"
    if not isinstance(rule.onbuild, bool):
        return f"onbuild must be True or False, got {safe_repr(rule.onbuild)}"
    if not _strings(rule.aliases):
        return f"aliases must be a tuple of strings, got {safe_repr(rule.aliases)}"
    if not _strings(rule.supersedes):
        return f"supersedes must be a tuple of strings, got {safe_repr(rule.supersedes)}"
    if not isinstance(rule.default, bool):
        return f"default must be True or False, got {safe_repr(rule.default)}"
    digits = rule.family_digits
    if type(digits) is not int or not 0 <= digits <= _MAX_FAMILY_DIGITS:
        return (
            f"family_digits must be an int from 0 to {_MAX_FAMILY_DIGITS}, got {safe_repr(digits)}"
        )
    excluded = rule.default_excluded
    if not _strings(excluded) or not all(
        e.startswith(rule.code)
        and e[len(rule.code) :].isdigit()
        and len(e) == len(rule.code) + digits
        for e in excluded
    ):
        return f"default_excluded must be codes of the rule's family, got {safe_repr(excluded)}"
    if not isinstance(rule.default_options, Mapping):
        return f"default_options must be a mapping, got {safe_repr(rule.default_options)}"
    if not isinstance(rule.__doc__, (str, type(None))):  # the rule's page, in every report
        return f"the docstring must be text, got {safe_repr(rule.__doc__)}"
    return None


def _plugin_rules(value: object, origin: str) -> list[type[Rule]]:
    if isinstance(value, type):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return list(value)
    raise RegistryError(
        f"{origin}: expected a Rule subclass or an iterable of them, got {safe_repr(value)}"
    )


def _is_working_directory(entry: str | os.PathLike[str]) -> bool:
    """Whether a sys.path entry (or a distribution's location) is the working directory:
    `""` is, as the Python API, `python -c` or an interactive session put it there. What
    lies there is the linted repository, not an installed distribution."""
    try:
        return os.path.abspath(entry or ".") == os.getcwd()
    except OSError:  # the working directory was removed: only `""` can name it
        return not entry


def _may_have_plugins() -> bool:
    """Whether any installed distribution declares our entry-point group.

    importlib.metadata costs ~25 ms to import (it pulls in the email package) and reads every
    distribution's metadata; a pre-commit hook starts often, so first look for the group's
    name in the entry_points.txt files on sys.path, and only then ask importlib.metadata.
    """
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        if _is_working_directory(entry):
            continue
        try:
            with os.scandir(entry) as it:
                names = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            # A zip archive on sys.path may hold distributions: let importlib.metadata look.
            if os.path.isfile(entry):
                return True
            continue
        for name in names:
            try:
                with open(os.path.join(entry, name, "entry_points.txt"), "rb") as fh:
                    if marker.encode() in fh.read():
                        return True
            except OSError:
                continue
    return False


def load_registry(plugins: bool = True) -> Registry:
    """Built-in rules, then each installed plugin; plugin problems land in `errors`.

    Plugins come from installed distributions only: one whose metadata lies in the working
    directory (a sys.path entry `""`) is the linted repository's and is not loaded."""
    # The one import from a layer above: the built-in rules are a rule set like a plugin's,
    # loaded when a registry is built (tests/test_layers.py lists it as the exception).
    from dockerlint_ml.rules import BUILTIN_RULES

    registry = Registry()
    for rule in BUILTIN_RULES:
        registry.add(rule, "built-in")
    if not plugins or not _may_have_plugins():
        return registry
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.dist is not None and _is_working_directory(str(ep.dist.locate_file(""))):
            continue  # a `*.egg-info` of the linted repository, never installed
        origin = f"plugin {ep.name} ({ep.value})"
        try:
            loaded = _plugin_rules(ep.load(), origin)
            for rule in loaded:
                registry.add(rule, origin)
        except RegistryError as exc:
            registry.errors.append(str(exc))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit at import too: one line, never the end
            registry.errors.append(f"{origin} failed to load: {error_text(exc)}")
    return registry

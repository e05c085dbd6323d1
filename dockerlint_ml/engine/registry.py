"""The rule registry: built-in rules plus the `dockerlint_ml.rules` entry points, and selectors."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.lint import error_text, safe_repr
from dockerlint_ml.engine.rule import Rule

ENTRY_POINT_GROUP = "dockerlint_ml.rules"
_CODE_RE = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class RegistryError(Exception):
    """A rule set that cannot be used: a duplicate code, or a plugin that failed to load."""


@dataclass
class Registry:
    rules: list[type[Rule]] = field(default_factory=list)
    # Problems met while loading plugins; the CLI prints each on stderr and exits 2.
    errors: list[str] = field(default_factory=list)

    def add(self, rule: type[Rule], origin: str) -> None:
        if not (isinstance(rule, type) and issubclass(rule, Rule)):
            raise RegistryError(
                f"{origin}: {safe_repr(rule)} is not a dockerlint_ml.engine.rule.Rule subclass"
            )
        code, name = rule.code, rule.name
        if not (isinstance(code, str) and _CODE_RE.match(code)) or not (
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
        self.rules.append(rule)

    def by_code(self, code: str) -> type[Rule] | None:
        key = code.strip()
        for rule in self.rules:
            if rule.code == key.upper() or rule.name == key.lower():
                return rule
        return None

    def resolve(self, selector: str) -> list[type[Rule]]:
        """Rules matched by a code, a name, a code prefix, a peer alias, or ALL."""
        key = selector.strip()
        if not key:
            return []
        if key.upper() == "ALL":
            return list(self.rules)
        upper = key.upper()
        return [
            r
            for r in self.rules
            if r.code.startswith(upper)
            or r.name == key.lower()
            or any(a.upper() == upper for a in r.aliases)
        ]

    def unknown(self, selectors: Iterable[str]) -> list[str]:
        return [s for s in selectors if s.strip() and not self.resolve(s)]

    def select(
        self, select: Sequence[str] | None, ignore: Sequence[str] | None
    ) -> list[type[Rule]]:
        """Selected rules in registry order; `ignore` wins over `select`."""
        chosen = {r.code for s in (select or ["ALL"]) for r in self.resolve(s)}
        dropped = {r.code for s in (ignore or []) for r in self.resolve(s)}
        return [r for r in self.rules if r.code in chosen and r.code not in dropped]


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
    if not isinstance(rule.onbuild, bool):
        return f"onbuild must be True or False, got {safe_repr(rule.onbuild)}"
    if not _strings(rule.aliases):
        return f"aliases must be a tuple of strings, got {safe_repr(rule.aliases)}"
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

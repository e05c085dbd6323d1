"""The rule registry: built-in rules plus the `dockerlint_ml.rules` entry points, and selectors."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dockerlint_ml.rule import Rule

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
            raise RegistryError(f"{origin}: {rule!r} is not a dockerlint_ml.rule.Rule subclass")
        if not _CODE_RE.match(rule.code) or not _NAME_RE.match(rule.name):
            raise RegistryError(
                f"{origin}: rule {rule.__name__} needs a code like ABC123 and a kebab-case name,"
                f" got {rule.code!r} / {rule.name!r}"
            )
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


def _plugin_rules(value: object, origin: str) -> list[type[Rule]]:
    if isinstance(value, type):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return list(value)
    raise RegistryError(f"{origin}: expected a Rule subclass or an iterable of them, got {value!r}")


def _may_have_plugins() -> bool:
    """Whether any installed distribution declares our entry-point group.

    importlib.metadata costs ~25 ms to import (it pulls in the email package) and reads every
    distribution's metadata; a pre-commit hook starts often, so first look for the group's
    name in the entry_points.txt files on sys.path, and only then ask importlib.metadata.
    """
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                names = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            # A zip archive on sys.path may hold distributions: let importlib.metadata look.
            if os.path.isfile(entry):
                return True
            continue
        for name in names:
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), "rb") as fh:
                    if marker.encode() in fh.read():
                        return True
            except OSError:
                continue
    return False


def load_registry(plugins: bool = True) -> Registry:
    """Built-in rules, then each installed plugin; plugin problems land in `errors`."""
    from dockerlint_ml.rules import BUILTIN_RULES

    registry = Registry()
    for rule in BUILTIN_RULES:
        registry.add(rule, "built-in")
    if not plugins or not _may_have_plugins():
        return registry
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        origin = f"plugin {ep.name} ({ep.value})"
        try:
            loaded = _plugin_rules(ep.load(), origin)
            for rule in loaded:
                registry.add(rule, origin)
        except RegistryError as exc:
            registry.errors.append(str(exc))
        except Exception as exc:  # a plugin's import error must not become a traceback
            registry.errors.append(f"{origin} failed to load: {type(exc).__name__}: {exc}")
    return registry

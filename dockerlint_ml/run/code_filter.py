"""Selection below a rule: which codes of a family rule (ShellCheck's SC2086 under the rule SC)
a run keeps, and sets of codes that understand such families.

A family rule's codes and their prefixes (`SC2086`, `SC20`) are selectors of their own, so
the usual rule selection cannot say which of its findings to report. The layers are those of
the rule selection (defaults, the configuration file, the command line; `run.config`); a
code's fate is decided by the last layer with a selector matching it, and within that layer
by the most specific one (the longest prefix; ignore wins a tie), as ruff decides between
`E` and `E501`. A layer whose `select` matches nothing of the code drops it. `SC`, the rule's
name and ALL keep the codes the rule leaves off by default (`default_excluded`) off; a longer
prefix or the code itself brings them back. Drop-in mode keeps every code, as hadolint
reports every ShellCheck finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockerlint_ml.engine.registry import Registry
    from dockerlint_ml.engine.rule import Rule


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer's selectors, as written."""

    select: tuple[str, ...] | None
    extend: tuple[str, ...]
    ignore: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Prefixes:
    """One layer's selectors that concern a family: code prefixes ("" for ALL)."""

    select: bool  # the layer has a select (matching this family or not)
    keep: tuple[str, ...]
    drop: tuple[str, ...]


class FamilyFilter:
    """Which codes of one family rule the layered selection keeps."""

    def __init__(
        self,
        rule: type[Rule],
        registry: Registry,
        layers: Sequence[Layer],
        default_on: bool,
        drop_in: bool,
    ) -> None:
        self.rule = rule
        self.default_on = default_on
        self.excluded = frozenset() if drop_in else frozenset(rule.default_excluded)
        self._layers = [
            _Prefixes(
                layer.select is not None,
                self._prefixes(registry, (*(layer.select or ()), *layer.extend)),
                self._prefixes(registry, layer.ignore),
            )
            for layer in layers
        ]

    def _prefixes(self, registry: Registry, selectors: Iterable[str]) -> tuple[str, ...]:
        found: list[str] = []
        for selector in selectors:
            if selector.strip().upper() == "ALL":
                found.append("")
                continue
            family = registry.family(selector)
            if family is not None and family[0] is self.rule:
                found.append(family[1])
        return tuple(found)

    def keeps(self, code: str) -> bool:
        """Whether a code of the family (or a prefix of codes, `SC20`) is kept."""
        family = len(self.rule.code)
        for layer in reversed(self._layers):
            best: tuple[int, bool] | None = None  # (prefix length, keep)
            for prefix in layer.keep:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), True)
            for prefix in layer.drop:
                if code.startswith(prefix) and (best is None or len(prefix) >= best[0]):
                    best = (len(prefix), False)
            if best is not None:
                length, keep = best
                return keep and (length > family or code not in self.excluded)
            if layer.select:
                return False
        return self.default_on and code not in self.excluded

    def any(self) -> bool:
        """Whether some code may be kept (then the rule runs): each prefix the selectors
        name and each excluded code is tried, and the family's code for all others."""
        probes = {self.rule.code, *self.excluded}
        for layer in self._layers:
            probes.update(p for p in (*layer.keep, *layer.drop) if len(p) > len(self.rule.code))
        return any(self.keeps(p) for p in probes)


class CodeSet:
    """Finding codes named by selectors: the rule codes they silence, and for a family rule
    the codes under a prefix (`SC20` holds SC2086; `SC` or ALL holds every SC code)."""

    def __init__(self, codes: Iterable[str], prefixes: Iterable[str], registry: Registry) -> None:
        self.codes = frozenset(codes)
        self.prefixes = tuple(dict.fromkeys(prefixes))
        self._registry = registry

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        if code in self.codes:
            return True
        if not self.prefixes and not self.codes:
            return False
        rule = self._registry.family_rule(code)
        if rule is None or code == rule.code:
            return False
        return rule.code in self.codes or any(code.startswith(p) for p in self.prefixes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __bool__(self) -> bool:
        return bool(self.codes or self.prefixes)


def silenced_codes(registry: Registry, selectors: Sequence[str]) -> CodeSet:
    """The codes that ignores naming `selectors` silence (per-file-ignores, `ignored`)."""
    codes = {r.code for s in selectors for r in registry.silenced(s)}
    prefixes = []
    for selector in selectors:
        family = registry.family(selector)
        if family is not None:
            prefixes.append(family[1])
    return CodeSet(codes, prefixes, registry)


class SelectedCodes:
    """The codes of the rules that ran on a file, with the codes their families kept:
    what a suppression may name and still be known to have been checked (DLM901)."""

    def __init__(
        self, codes: Iterable[str], families: dict[str, FamilyFilter], registry: Registry
    ) -> None:
        self.codes = frozenset(codes)
        self.families = families
        self._registry = registry

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        rule = self._registry.family_rule(code)
        if rule is not None and code != rule.code:
            if rule.code not in self.codes:
                return False
            found = self.families.get(rule.code)
            return found is None or found.keeps(code)
        return code in self.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

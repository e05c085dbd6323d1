"""Built-in rules, one module per rule, in one subpackage per family; each subpackage lists
its rules explicitly (no registration by import)."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules import buildkit, hadolint, ml
from dockerlint_ml.rules.shellcheck import ShellCheck

BUILTIN_RULES: tuple[type[Rule], ...] = (
    *ml.RULES,
    *hadolint.RULES,
    *buildkit.RULES,
    ShellCheck,
)

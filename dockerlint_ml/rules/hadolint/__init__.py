"""hadolint's rules under their DL codes, with hadolint 2.15.1's semantics (one module per
rule, named after the rule's kebab-case name)."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule

RULES: tuple[type[Rule], ...] = ()

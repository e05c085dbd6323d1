"""BuildKit's build checks as BK001-BK022, each with BuildKit's check name as its alias."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule

RULES: tuple[type[Rule], ...] = ()

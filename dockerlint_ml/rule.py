"""Documented alias of `dockerlint_ml.engine.rule`, kept so that plugins written against the
first releases (`from dockerlint_ml.rule import Rule`) keep working; new code imports
`dockerlint_ml.plugin`."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Context, Rule

__all__ = ["Context", "Rule"]

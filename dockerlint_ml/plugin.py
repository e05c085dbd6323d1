"""The plugin API: what a rule module imports. Internal moves never break these names.

A plugin distribution declares an entry point in the `dockerlint_ml.rules` group whose
object is a `Rule` subclass or an iterable of them (README, "Writing a rule").
"""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Dockerfile,
    Edit,
    Finding,
    Fix,
    Flag,
    Heredoc,
    ImageRef,
    Instruction,
    Severity,
    Span,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.image_facts import ImageFacts

__all__ = [
    "SAFE",
    "UNSAFE",
    "Context",
    "Dockerfile",
    "Edit",
    "Finding",
    "Fix",
    "Flag",
    "Heredoc",
    "ImageFacts",
    "ImageRef",
    "Instruction",
    "Rule",
    "Severity",
    "Span",
    "Stage",
]

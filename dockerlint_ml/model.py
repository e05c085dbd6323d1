"""Documented alias of `dockerlint_ml.dockerfile.model`, kept so that plugins written against
the first releases (`from dockerlint_ml.model import Severity`) keep working; new code
imports `dockerlint_ml.plugin`."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import (
    Dockerfile,
    EnvHistory,
    Finding,
    Flag,
    Heredoc,
    ImageRef,
    Instruction,
    Lineage,
    ParseError,
    Severity,
    Span,
    Stage,
)

__all__ = [
    "Dockerfile",
    "EnvHistory",
    "Finding",
    "Flag",
    "Heredoc",
    "ImageRef",
    "Instruction",
    "Lineage",
    "ParseError",
    "Severity",
    "Span",
    "Stage",
]

"""One-line helpers shared by the tests."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from dockerlint_ml import lint_text
from dockerlint_ml.model import Finding

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
# The course Dockerfile from issue 2, which must raise no finding at all.
COURSE = (REPO / "fixtures" / "course-clean" / "Dockerfile").read_text("utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def findings(text: str, select: Sequence[str] | None = None, **kw: object) -> list[Finding]:
    return lint_text(dedent(text), select=select, **kw)  # type: ignore[arg-type]


def lint_snippet(
    text: str, select: Sequence[str] | None = None, **kw: object
) -> list[tuple[str, int]]:
    """(code, line) of every finding, e.g. lint_snippet(df, select=["DLM009"])."""
    return [(f.code, f.span.line) for f in findings(text, select, **kw)]

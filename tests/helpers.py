"""One-line helpers shared by the tests."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import Finding

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
    return [(f.code, f.anchor.line) for f in findings(text, select, **kw)]


def lines_run(modules: tuple[Any, ...], call: Callable[[], object]) -> int:
    """Lines of `modules` executed by `call`: the work it does, whatever the machine."""
    count = 0
    sources = {m.__file__ for m in modules}

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        count += event == "line"
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename in sources else None

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space (a hole), its directories made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def fixed(
    text: str,
    select: Sequence[str],
    *,
    unsafe: bool = False,
    dedented: bool = True,
    **kw: Any,
) -> str:
    """The text `--fix` (with `unsafe`: `--fix --unsafe-fixes`) makes of a Dockerfile, the
    rules of `select` only, no configuration, no build context unless `context` is given."""
    import io

    from dockerlint_ml.run.fixing import FixMode
    from dockerlint_ml.run.runner import run

    source = dedent(text) if dedented else text
    if "context" not in kw:
        kw["no_context"] = True
    result = run(
        ["-"],
        stdin=io.BytesIO(source.encode("utf-8")),
        isolated=True,
        select=list(select),
        fix=FixMode(unsafe=unsafe, write=False),
        as_of=kw.pop("as_of", None),
        **kw,
    )
    assert not result.problems, [p.line() for p in result.problems]
    (report,) = result.files
    return report.fixed if report.fixed is not None else source


def rule_findings(text: str, code: str, **kw: Any) -> list[Finding]:
    """The findings of one rule on an exact text (not dedented), that rule alone selected."""
    return [f for f in lint_text(text, select=[code], **kw) if f.code == code]


def assert_fixed(before: str, after: str, code: str, *, unsafe: bool = True) -> None:
    """`--fix` (with `unsafe`: `--unsafe-fixes` too) of rule `code` turns the exact text
    `before` into `after`, which that rule no longer reports and a second fix leaves alone."""
    assert fixed(before, [code], unsafe=unsafe, dedented=False) == after
    assert rule_findings(after, code) == []
    assert fixed(after, [code], unsafe=True, dedented=False) == after


def assert_unsafe_only(before: str, code: str) -> None:
    """Rule `code` reports the exact text `before` once, with an unsafe fix that `--fix`
    without `--unsafe-fixes` does not apply."""
    (finding,) = rule_findings(before, code)
    assert finding.autofix is not None
    assert finding.autofix.applicability == "unsafe"
    assert fixed(before, [code], dedented=False) == before

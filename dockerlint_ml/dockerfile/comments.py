"""Comment lines of a Dockerfile and the suppression-pragma grammar they may hold: read by
the runner's pragmas (run/pragmas.py), by DL1001, which reports them, and by the facts that
honour `# hadolint shell=`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Dockerfile

_ENTRY = r"[A-Za-z0-9_-]+"
_LIST = rf"{_ENTRY}(?:[ \t]*,[ \t]*{_ENTRY})*"
# `# dockerlint-ml ignore=A,B`, `# hadolint global ignore=...`, `# hadolint stage ignore=...`
# with an optional trailing `# reason`: (1) whose, (2) the scope, (3) the entries.
PRAGMA_RE = re.compile(
    rf"^#[ \t]*(dockerlint-ml|hadolint)[ \t]+(?:(global|stage)[ \t]+)?ignore[ \t]*=[ \t]*"
    rf"({_LIST})[ \t]*(?:#.*)?$",
    re.IGNORECASE,
)


def comment_lines(dockerfile: Dockerfile) -> Iterator[int]:
    """The numbers of the comment lines outside every instruction's span (a `#` line in a
    heredoc body or between continuation lines belongs to its instruction), in order; one
    pass over the lines and the instructions."""
    lines = dockerfile.lines
    spans = iter(dockerfile.instructions)
    nxt = next(spans, None)
    number = 1
    while number <= len(lines):
        if nxt is not None and number >= nxt.span.line:
            number = max(number, nxt.span.end_line + 1)
            nxt = next(spans, None)
            continue
        if lines[number - 1].lstrip(" \t\r").startswith("#"):
            yield number
        number += 1

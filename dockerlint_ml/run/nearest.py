"""The nearest directory at or above a start that holds something: configuration files and
ShellCheck's rc files are both found so, and each directory is probed once per run."""

from __future__ import annotations

import os
from collections.abc import Callable


def nearest_above(
    start_dir: str, memo: dict[str, str | None], probe: Callable[[str], str | None]
) -> str | None:
    """What `probe` finds in `start_dir` or the nearest directory above it, or None.
    `memo` maps every directory visited to the answer, so later starts below a directory
    already walked stop there."""
    directory = os.path.abspath(start_dir)
    visited: list[str] = []
    found: str | None = None
    while True:
        if directory in memo:
            found = memo[directory]
            break
        visited.append(directory)
        found = probe(directory)
        if found is not None:
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for seen in visited:
        memo[seen] = found
    return found

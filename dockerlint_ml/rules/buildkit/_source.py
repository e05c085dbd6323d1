"""What BuildKit's checks read that the model does not keep: keywords as written, the
variables a word refers to, and "did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from dockerlint_ml.dockerfile.model import Dockerfile
from dockerlint_ml.dockerfile.variables import Lookup, Unknown

# BuildKit's automatic platform arguments: defined for FROM lines, and inside a stage only
# once an ARG declares them.
PLATFORM_ARGS = frozenset(
    {
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
    }
)
# Suggestions compare a name with at most this many candidates (a hostile file may define
# thousands of names: a suggestion per finding over all of them would be quadratic).
MAX_CANDIDATES = 64


def self_consistent(word: str) -> bool:
    """All lower case or all upper case (`run`, `RUN`; not `Run`)."""
    return word == word.lower() or word == word.upper()


def referenced(dockerfile: Dockerfile, word: str, lookup: Lookup) -> list[str]:
    """The names of the variables `word` looks up, in order, as BuildKit's word processing
    meets them (`${A:-$B}` looks up A, and B only when A is unset or empty)."""
    names: list[str] = []

    def record(name: str) -> str | Unknown | None:
        names.append(name)
        return lookup(name)

    dockerfile.expand(word, record)
    return names


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is sure to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def suggestion(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` is most likely a typo of: same letters in another case, or
    within a small edit distance (a third of the name's length, at most 2)."""
    limit = min(2, max(1, len(name) // 3))
    best: tuple[int, str] | None = None
    for count, candidate in enumerate(candidates):
        if count >= MAX_CANDIDATES:
            break
        if candidate == name:
            continue
        if candidate.lower() == name.lower():
            return candidate
        d = _distance(name, candidate, limit)
        if d <= limit and (best is None or (d, candidate) < best):
            best = (d, candidate)
    return None if best is None else best[1]

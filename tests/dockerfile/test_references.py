"""Image references (dockerfile/references.py): BuildKit's reference grammar, which
invalid-default-arg-in-from (BK016) and base-image-unpinned (DLM001) read."""

from __future__ import annotations

import itertools
import re

from dockerlint_ml.dockerfile.references import (
    _DOMAIN_COMPONENT,
    _PATH_COMPONENT,
    _REFERENCE,
    valid_reference,
)


def test_reference_grammar() -> None:
    good = ["python", "python:3.12", "ghcr.io/org/app:1", "localhost:5000/a/b", "a__b-c.d"]
    bad = ["", "python:", "/app", "Python", "a:b:c", "-a", "a" * 64, "x:" + "t" * 129]
    assert all(valid_reference(t) for t in good)
    assert not any(valid_reference(t) for t in bad)


# distribution/reference's own spelling (regexp.go): the rewritten pattern must accept
# exactly what it accepts.
_GO_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_GO_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"


def test_grammar_is_the_upstream_one() -> None:
    ours = re.compile(_PATH_COMPONENT), re.compile(_DOMAIN_COMPONENT)
    go = re.compile(_GO_PATH_COMPONENT), re.compile(_GO_DOMAIN_COMPONENT)
    for length in range(7):
        for letters in itertools.product("a._-B", repeat=length):
            text = "".join(letters)
            for mine, theirs in zip(ours, go, strict=True):
                assert bool(mine.fullmatch(text)) == bool(theirs.fullmatch(text)), text


def test_reference_on_long_separator_runs() -> None:
    # The shape tests/test_regex_linearity.py named: alternatives of a repeat starting with
    # the same character (`_` and `__`; a one-character domain component and a longer one).
    n = 50_000
    assert _REFERENCE.fullmatch("docker.io/a" + "__a" * n) is not None
    assert _REFERENCE.fullmatch("docker.io/a" + "__a" * n + "_") is None
    assert _REFERENCE.fullmatch("docker.io/a" + "_-a" * n) is None
    assert _REFERENCE.fullmatch("a" + ".a-b" * n + "/x") is not None
    assert _REFERENCE.fullmatch("a" + ".a-" * n + "/x") is None
    assert not valid_reference("a" + "__a" * n)  # a valid shape, but over 255 characters

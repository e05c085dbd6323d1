"""BK016 invalid-default-arg-in-from: BuildKit's lint test cases (dockerfile_lint_test.go,
testInvalidDefaultArgInFrom, at moby/buildkit 641a8fd; the build arguments they pass do not
take part in the check) and ours. BuildKit's Dockerfiles start with an empty line, which our
snippets drop: their lines here are one less. tally 0.45.0 agrees on every SPEC and OURS
row."""

from __future__ import annotations

import itertools
import re

from dockerlint_ml.rules.buildkit.invalid_default_arg_in_from import (
    _DOMAIN_COMPONENT,
    _PATH_COMPONENT,
    _REFERENCE,
    valid_reference,
)
from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK016"

SPEC: list[Case] = [
    ("spec: an empty tag", "ARG VERSION\nFROM busybox:$VERSION\n", [2]),
    ("spec: an empty name", "ARG IMAGE\nFROM $IMAGE\n", [2]),
    ("spec: a default ending in :", 'ARG SFX="box:"\nFROM busy${SFX}\n', [2]),
    ("spec: a default", 'ARG VERSION="latest"\nFROM busybox:${VERSION}\n', []),
    (
        "spec: an empty default",
        'ARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n',
        [],
    ),
    (
        "spec: no default, still valid",
        "\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t\n",
        [],
    ),
]

OURS: list[Case] = [
    ("an empty registry", "ARG REG\nFROM ${REG}/app:1\n", [2]),
    ("an undeclared variable", "FROM $UNDECLARED\n", [1]),
    ("an upper-case name", "FROM Ubuntu:20.04\n", [1]),
    ("a stage name", "FROM a:1 AS base\nFROM base\n", []),
    ("scratch", "FROM scratch\n", []),
    ("a default from another ARG", "ARG V=3.12\nARG TAG=$V-slim\nFROM python:$TAG\n", []),
    ("an ARG redeclared without default keeps it", "ARG A=x\nARG A\nFROM img:$A\n", []),
    ("a platform argument", "FROM img:${TARGETARCH}\n", []),
    ("a default operator", "ARG V\nFROM python:${V:-3.12}\n", []),
    ("a required variable is not judged", "ARG V\nFROM img:${V:?set V}\n", []),
    ("a digest", "FROM python@sha256:" + "a" * 64 + "\n", []),
    ("an ARG in a stage does not count", "FROM a:1\nARG V=1\nFROM img:$V\n", [3]),
    ("each FROM", "ARG V\nFROM a:$V\nFROM b:$V\n", [2, 3]),
    ("a FROM BuildKit cannot read", "FROM Apache Spark 3.4.1\n", []),
]

DIFFERENT: list[Different] = [
    (
        "TARGETVARIANT",
        "FROM img:${TARGETVARIANT}\n",
        [1],
        [],
        "empty for linux/amd64 (where BuildKit and tally judged it), not for linux/arm/v7:"
        " a value known only at build time is not judged",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_shows_the_expansion() -> None:
    (found,) = findings("ARG V\nFROM python:$V\n", select=[CODE])
    assert "`python:$V` gives `python:`" in found.message and found.fix is not None
    assert len(found.message) <= 90


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

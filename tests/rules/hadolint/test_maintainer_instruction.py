"""DL4000 maintainer-instruction: hadolint's spec cases (test/Hadolint/Rule/DL4000Spec.hs)
and ours.

Ported from the v2.15.1 spec, every case; nothing left out."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4000"

SPEC: list[Case] = [
    ("spec: MAINTAINER with an address", "FROM busybox\nMAINTAINER hudu@mail.com\n", [2]),
    ("spec: MAINTAINER with a name", "FROM debian\nMAINTAINER Lukas\n", [2]),
    ("spec: MAINTAINER before FROM", "MAINTAINER Lukas\nFROM DEBIAN\n", [1]),
    ("spec: no MAINTAINER", "FROM debian\n", []),
]

OURS: list[Case] = [
    ("lower-case keyword", "FROM debian:12\nmaintainer Lukas\n", [2]),
    ("each MAINTAINER", "FROM debian:12\nMAINTAINER a\nFROM alpine:3\nMAINTAINER b\n", [2, 4]),
    ("ONBUILD MAINTAINER is DL3043's", "FROM debian:12\nONBUILD MAINTAINER a\n", []),
    ("the label", 'FROM debian:12\nLABEL org.opencontainers.image.authors="a"\n', []),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_and_fix() -> None:
    (found,) = findings("FROM debian:12\nMAINTAINER a@b.c\n", select=[CODE])
    assert "deprecated" in found.message and len(found.message) <= 90
    assert found.fix is not None and "org.opencontainers.image.authors" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet("FROM debian:12\nMAINTAINER a\n")}

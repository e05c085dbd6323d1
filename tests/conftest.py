"""Shared pytest options."""

from __future__ import annotations

import sys

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-fixtures",
        action="store_true",
        default=False,
        help="rewrite fixtures/*/expected.json from the current findings (review them as a diff)",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Figures that tests collected for the reader (e.g. how many files the differential
    test compared with BuildKit's parser)."""
    module = sys.modules.get("tests.test_differential")
    for line in getattr(module, "SUMMARY", []):
        terminalreporter.write_line(line)

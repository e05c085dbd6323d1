"""Shared pytest options."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

# ShellCheck's answers are cached in one new directory per test run, never the user's: the
# controller of pytest-xdist makes it, its workers inherit it through the environment.
if "DOCKERLINT_ML_TEST_CACHE" not in os.environ:
    os.environ["DOCKERLINT_ML_TEST_CACHE"] = tempfile.mkdtemp(prefix="dockerlint-ml-test-cache-")
os.environ["DOCKERLINT_ML_CACHE_DIR"] = os.environ["DOCKERLINT_ML_TEST_CACHE"]


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

"""What the two corpus-agreement tests share (tests/rules/hadolint/test_hadolint_agreement.py,
tests/rules/buildkit/test_buildkit_agreement.py): loading their script, and the skips for a
missing corpus or peer tool."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from types import ModuleType

import pytest

from tests.helpers import CORPUS, REPO

REAL = CORPUS / "real"


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as the module `name`."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def require_corpus() -> None:
    """Skip without the shared corpus; under CI=true its absence fails (tests/test_corpus.py)."""
    if REAL.is_dir():
        return
    reason = f"shared corpus not found at {REAL}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the corpus is required)")
    pytest.skip(reason)


def require_tool(
    tool: str,
    binary: str | None,
    version_of: Callable[[str], str],
    reference: str,
    install: str,
) -> str:
    """The peer tool's binary; skip when it is missing (`install` says how to get it) or is
    not the `reference` version the ledger is for."""
    if binary is None:
        pytest.skip(f"{tool} not installed ({install})")
    version = version_of(binary)
    if version != reference:
        pytest.skip(f"{tool} {version} found; the ledger is for {reference}")
    return str(binary)

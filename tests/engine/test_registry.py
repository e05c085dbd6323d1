"""Selectors and third-party rules through the `dockerlint_ml.rules` entry-point group."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dockerlint_ml.engine.registry import Registry, RegistryError, load_registry
from dockerlint_ml.engine.rule import Rule


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, ["DLM000", "DLM001", "DLM002", "DLM003", "DLM004", "DLM005", "DLM006",
                      "DLM007", "DLM008", "DLM009", "DLM010", "DLM901"]),
        (["DLM00"], ["DLM000"], ["DLM001", "DLM002", "DLM003", "DLM004", "DLM005", "DLM006",
                                 "DLM007", "DLM008", "DLM009"]),
        (["server-bound-to-localhost", "DLM001"], None, ["DLM001", "DLM009"]),
        (["ALL"], ["ALL"], []),
        (["DLM01"], None, ["DLM010"]),
        (["dl3025"], None, ["DLM008"]),
        (["JSONArgsRecommended"], None, ["DLM008"]),
    ],
)  # fmt: skip
def test_selectors(select: list[str] | None, ignore: list[str] | None, expected: list[str]) -> None:
    registry = load_registry(plugins=False)
    assert [r.code for r in registry.select(select, ignore)] == expected


def test_unknown_selector_is_reported() -> None:
    registry = load_registry(plugins=False)
    assert registry.unknown(["DLM001", "nope", "XYZ9"]) == ["nope", "XYZ9"]


def test_duplicate_code_names_both() -> None:
    class A(Rule):
        """a"""

        code = "ABC001"
        name = "first"

    class B(Rule):
        """b"""

        code = "ABC001"
        name = "second"

    registry = Registry()
    registry.add(A, "built-in")
    with pytest.raises(
        RegistryError, match=r"duplicate rule ABC001 second: .*A and .*B \(plugin x\)"
    ):
        registry.add(B, "plugin x")


def _install_plugin(site: Path, module_body: str, value: str) -> None:
    """A minimal installed distribution: a module plus a dist-info with entry_points.txt."""
    (site / "myplugin.py").write_text(textwrap.dedent(module_body), "utf-8")
    info = site / "myplugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: myplugin\nVersion: 0.1\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[dockerlint_ml.rules]\nmine = {value}\n", "utf-8")


PLUGIN = """
    from dockerlint_ml.dockerfile.model import Severity
    from dockerlint_ml.engine.rule import Rule

    class NoLatestPython(Rule):
        '''No python:latest here.'''

        code = "ACME001"
        name = "acme-no-user"
        severity = Severity.INFO
        keywords = frozenset({"FROM"})

        def check(self, instruction, ctx):
            yield self.finding(instruction, "acme says hi")

    RULES = [NoLatestPython]
"""


def _run(site: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        "PYTHONPATH": f"{site}:{Path(__file__).resolve().parents[2]}",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def test_plugin_rules_run_through_the_entry_point(tmp_path: Path) -> None:
    _install_plugin(tmp_path, PLUGIN, "myplugin:RULES")
    proc = _run(tmp_path, "--format", "json", "-", stdin="FROM python:3.12-slim\nWORKDIR /app\n")
    assert proc.returncode == 0, proc.stderr
    found = [(f["code"], f["name"], f["level"], f["line"]) for f in json.loads(proc.stdout)]
    assert found == [("ACME001", "acme-no-user", "info", 1)]


def test_a_plugin_that_fails_to_load_is_one_line_and_exit_2(tmp_path: Path) -> None:
    _install_plugin(tmp_path, "raise ImportError('no such thing')\n", "myplugin:RULES")
    proc = _run(tmp_path, "--format", "json", "-", stdin="FROM python:3.12-slim\nWORKDIR /app\n")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "plugin mine (myplugin:RULES) failed to load" in lines[0]
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout) == []


def test_a_plugin_duplicating_a_builtin_code_is_an_error(tmp_path: Path) -> None:
    _install_plugin(tmp_path, PLUGIN.replace("ACME001", "DLM001"), "myplugin:NoLatestPython")
    proc = _run(tmp_path, "--format", "json", "-", stdin="FROM python:3.12-slim\n")
    assert proc.returncode == 2
    assert "duplicate rule DLM001" in proc.stderr and "BaseImageUnpinned" in proc.stderr


def test_plugin_scan_before_importing_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockerlint_ml.engine.registry import _may_have_plugins

    other = tmp_path / "other-1.0.dist-info"
    other.mkdir()
    (other / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n", "utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert _may_have_plugins() is False
    (other / "entry_points.txt").write_text("[dockerlint_ml.rules]\nmine = m:R\n", "utf-8")
    assert _may_have_plugins() is True
    archive = tmp_path / "deps.zip"
    archive.write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert _may_have_plugins() is True  # a zip on sys.path may hold distributions

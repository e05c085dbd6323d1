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
        (["DLM00"], ["DLM000"], ["DLM001", "DLM002", "DLM003", "DLM004", "DLM005", "DLM006",
                                 "DLM007", "DLM008", "DLM009"]),
        (["server-bound-to-localhost", "DLM001"], None, ["DLM001", "DLM009"]),
        (["ALL"], ["ALL"], []),
        (["DLM01"], None, ["DLM010", "DLM011"]),
        (["DLM"], ["DLM00", "DLM1", "DLM2", "DLM9"], ["DLM010", "DLM011"]),
        (["DLM008"], ["JSONArgsRecommended"], []),
        (["DLM008", "DLM001"], ["dl3025"], ["DLM001"]),
    ],
)  # fmt: skip
def test_selectors(select: list[str] | None, ignore: list[str] | None, expected: list[str]) -> None:
    registry = load_registry(plugins=False)
    assert [r.code for r in registry.select(select, ignore)] == expected


def test_every_own_rule_but_dlm110_is_in_the_default_selection() -> None:
    registry = load_registry(plugins=False)
    default = [r.code for r in registry.select(None, None)]
    assert default == [r.code for r in registry.default_rules()]
    assert [c for c in default if c.startswith("DLM")] == [
        "DLM000", "DLM001", "DLM002", "DLM003", "DLM004", "DLM005", "DLM006", "DLM007",
        "DLM008", "DLM009", "DLM010", "DLM011", "DLM101", "DLM102", "DLM103", "DLM104",
        "DLM105", "DLM106", "DLM107", "DLM108", "DLM109", "DLM111", "DLM112", "DLM113",
        "DLM114", "DLM115", "DLM116", "DLM201", "DLM202", "DLM203", "DLM204", "DLM205",
            "DLM901",
    ]  # fmt: skip


def _rule(code: str, name: str, **attrs: object) -> type[Rule]:
    return type(name.title().replace("-", ""), (Rule,), {"code": code, "name": name, **attrs})


# A rule set shaped like the catalogue: a mission rule superseding a hadolint rule and a
# BuildKit check, the BuildKit check's own rule, a rule off by default, an ML rule.
IDENTITY = Registry(
    [
        _rule("DLM008", "cmd-not-exec-form", supersedes=("DL3025", "JSONArgsRecommended")),
        _rule("DLM101", "python-eol"),
        _rule("DL3008", "apt-get-install-unpinned", default=False),
        _rule("DL3025", "shell-form-cmd-entrypoint"),
        _rule("DL4006", "pipe-without-pipefail"),
        _rule("BK002", "json-args-recommended", aliases=("JSONArgsRecommended",)),
        _rule("BK010", "from-as-casing", aliases=("FromAsCasing",)),
    ]
)


@pytest.mark.parametrize(
    ("selector", "selected"),
    [
        ("DL", ["DL3008", "DL3025", "DL4006"]),  # letters equal: never DLM, never BK
        ("dl30", ["DL3008", "DL3025"]),
        ("DL4", ["DL4006"]),
        ("DLM", ["DLM008", "DLM101"]),
        ("DLM1", ["DLM101"]),
        ("BK", ["BK002", "BK010"]),
        ("D", []),
        ("DLM0080", []),
        ("JSONArgsRecommended", ["BK002"]),  # an alias is the same rule
        ("jsonargsrecommended", ["BK002"]),
        ("json-args-recommended", ["BK002"]),
        ("DL3025", ["DL3025"]),  # a superseded rule is selected by its own code
        ("DL3000", []),
        ("ALL", ["DLM008", "DLM101", "DL3008", "DL3025", "DL4006", "BK002", "BK010"]),
    ],
)
def test_a_selector_selects_the_rule_or_its_code_family(selector: str, selected: list[str]) -> None:
    assert [r.code for r in IDENTITY.resolve(selector)] == selected


@pytest.mark.parametrize(
    ("selector", "silenced"),
    [
        ("DL3025", ["DL3025", "DLM008"]),  # the superseded code silences its superseder
        ("shell-form-cmd-entrypoint", ["DL3025", "DLM008"]),
        ("JSONArgsRecommended", ["BK002", "DLM008"]),
        ("BK002", ["BK002", "DLM008"]),  # named by code, its alias is what DLM008 names
        ("DLM008", ["DLM008"]),  # the superseder silences only itself
        ("DL", ["DL3008", "DL3025", "DL4006"]),  # a prefix names no single code
        ("DL3000", []),
        ("nope", []),
    ],
)
def test_an_ignore_naming_a_superseded_rule_silences_its_superseder(
    selector: str, silenced: list[str]
) -> None:
    assert [r.code for r in IDENTITY.silenced(selector)] == silenced


def test_a_superseded_rule_is_off_by_default_and_runs_when_selected() -> None:
    assert [r.code for r in IDENTITY.default_rules()] == ["DLM008", "DLM101", "DL4006", "BK010"]
    assert [r.code for r in IDENTITY.select(None, None)] == ["DLM008", "DLM101", "DL4006", "BK010"]
    assert [r.code for r in IDENTITY.select(["DL3025", "DL3008"], None)] == ["DL3008", "DL3025"]
    assert [r.code for r in IDENTITY.select(None, ["DL3025"])] == ["DLM101", "DL4006", "BK010"]
    dl3025 = IDENTITY.by_key("DL3025")
    bk002 = IDENTITY.by_key("jsonargsrecommended")
    assert dl3025 is not None and bk002 is not None
    assert [r.code for r in IDENTITY.superseded_by(dl3025)] == ["DLM008"]
    assert [r.code for r in IDENTITY.superseded_by(bk002)] == ["DLM008"]


def test_an_ignore_may_name_a_code_only_a_rule_supersedes() -> None:
    registry = Registry([_rule("DLM003", "workdir-missing", supersedes=("DL3000",))])
    assert registry.unknown(["DL3000"]) == ["DL3000"]  # nothing to select
    assert registry.unknown(["DL3000"], ignoring=True) == []
    assert [r.code for r in registry.select(None, ["DL3000"])] == []


def test_an_alias_may_name_only_one_rule() -> None:
    registry = Registry()
    registry.add(_rule("BK002", "json-args-recommended", aliases=("JSONArgsRecommended",)), "x")
    with pytest.raises(RegistryError, match="alias 'jsonargsrecommended' names two rules"):
        registry.add(_rule("BK003", "other-check", aliases=("jsonargsrecommended",)), "y")
    with pytest.raises(RegistryError, match="names two rules"):
        registry.add(_rule("BK004", "json-args-recommended-two", aliases=("BK002",)), "z")


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


def test_a_derived_value_is_built_once_per_rule_set() -> None:
    registry = Registry()
    registry.add(_rule("XYZ001", "first-rule"), "x")
    built: list[int] = []

    def build(r: Registry) -> int:
        built.append(len(r.rules))
        return len(r.rules)

    assert (registry.derived("n", build), registry.derived("n", build)) == (1, 1)
    registry.add(_rule("XYZ002", "second-rule"), "x")
    assert registry.derived("n", build) == 2
    assert built == [1, 2]

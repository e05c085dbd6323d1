"""A plugin rule can raise anything and yield anything: one DLM999 on that file, never the run.

Issue 8, item 5. Rules here are classes defined in the test and handed to `engine.lint`
(no installed distribution needed); the last tests install a plugin through an entry point
in a temporary site directory and run the command line.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.lint import UnbuiltRule, lint, make_rule
from dockerlint_ml.engine.registry import Registry, load_registry
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.run.config import Config, resolve
from tests.engine.test_registry import _install_plugin

REPO = Path(__file__).resolve().parents[2]
TEXT = "FROM python:3.12-slim\nRUN pip install flask\nCMD python app.py\n"
DOCKERFILE = parse(TEXT, "Dockerfile")


class Healthy(Rule):
    """Reports every RUN: the rule whose findings must survive a broken neighbour."""

    code = "TST100"
    name = "healthy"
    keywords = frozenset({"RUN"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield self.finding(instruction, "a run")


def _raising(error: BaseException, where: str, *, after_one: bool = False) -> type[Rule]:
    """A rule raising `error` from `where` (__init__, check, finish or iteration)."""

    class Raising(Rule):
        """Raises."""

        code = "TST200"
        name = "raising"
        keywords = frozenset({"FROM", "RUN"})

        def __init__(self, options: object = None) -> None:
            super().__init__()
            if where == "__init__":
                raise error

        def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
            if where == "check":
                raise error
            if where == "iteration":
                if after_one:
                    yield self.finding(instruction, "before the failure")
                raise error
            return
            yield  # a generator, so that "iteration" raises while it is consumed

        def finish(self, ctx: Context) -> None:
            if where == "finish":
                raise error

    return Raising


def _codes(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in findings]


ERRORS = [
    pytest.param(lambda: ValueError("bad value"), "ValueError: bad value", id="Exception"),
    pytest.param(lambda: SystemExit(0), "SystemExit: 0", id="SystemExit"),
    pytest.param(lambda: SystemExit(), "SystemExit", id="SystemExit-no-code"),
    pytest.param(lambda: GeneratorExit("x"), "GeneratorExit: x", id="GeneratorExit"),
    pytest.param(lambda: MemoryError(), "MemoryError", id="MemoryError"),
]


@pytest.mark.parametrize(("make_error", "shown"), ERRORS)
@pytest.mark.parametrize("where", ["__init__", "check", "finish", "iteration"])
def test_anything_a_rule_raises_is_one_dlm999_and_the_others_still_run(
    make_error: Callable[[], BaseException], shown: str, where: str
) -> None:
    rule = make_rule(_raising(make_error(), where))
    result = lint(DOCKERFILE, [rule, Healthy()])
    assert _codes(result.findings) == [("DLM999", 1), ("TST100", 2)]
    dlm999 = result.findings[0]
    assert (dlm999.name, dlm999.severity, dlm999.path) == (
        "internal-error",
        Severity.ERROR,
        "Dockerfile",
    )
    assert dlm999.span == Span(1, 1, 3, 18)  # the whole file
    assert dlm999.message.startswith(f"rule TST200 raising failed: {shown}")
    assert len(result.internal_errors) == 1
    assert result.internal_errors[0].startswith(f"TST200 raising: {shown}")


def test_a_constructor_that_raises_gives_an_unbuilt_rule() -> None:
    built = make_rule(_raising(SystemExit(3), "__init__"))
    assert isinstance(built, UnbuiltRule) and isinstance(built.error, SystemExit)
    assert built.rule.code == "TST200"


def test_settings_make_rules_does_not_abort_the_file_for_a_bad_constructor() -> None:
    registry = Registry()
    registry.add(_raising(SystemExit(1), "__init__"), "plugin test")
    registry.add(Healthy, "plugin test")
    rules = resolve(Config(), registry).make_rules()
    assert [type(r).__name__ for r in rules] == ["UnbuiltRule", "Healthy"]
    assert _codes(lint(DOCKERFILE, rules).findings) == [("DLM999", 1), ("TST100", 2)]


def test_findings_yielded_before_a_failure_are_kept() -> None:
    rule = _raising(RuntimeError("late"), "iteration", after_one=True)()
    result = lint(DOCKERFILE, [rule])
    assert [(f.code, f.span.line) for f in result.findings] == [("DLM999", 1), ("TST200", 1)]
    assert result.findings[1].message == "before the failure"
    assert re.fullmatch(
        r"rule TST200 raising failed: RuntimeError: late at test_plugins\.py:\d+",
        result.findings[0].message,
    )


@pytest.mark.parametrize("where", ["__init__", "check", "finish", "iteration"])
def test_keyboard_interrupt_still_stops_the_run(where: str) -> None:
    with pytest.raises(KeyboardInterrupt):
        lint(DOCKERFILE, [make_rule(_raising(KeyboardInterrupt(), where))])


def test_an_exception_that_cannot_print_itself() -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise SystemExit("no")

    result = lint(DOCKERFILE, [_raising(Unprintable(), "check")()])
    assert result.internal_errors[0].startswith(
        "TST200 raising: Unprintable: <unprintable SystemExit> at test_plugins.py:"
    )


def test_a_long_multiline_message_is_one_short_line() -> None:
    result = lint(DOCKERFILE, [_raising(ValueError("x\n" * 10_000), "check")()])
    (line,) = result.internal_errors
    assert "\n" not in line and len(line) < 300
    assert line.startswith("TST200 raising: ValueError: x x x") and "... at " in line


def test_a_broken_keywords_attribute_is_a_dlm999() -> None:
    class NoKeywords(Rule):
        """Keywords that are not iterable (a registry refuses it; the API may not)."""

        code = "TST300"
        name = "no-keywords"
        keywords = None  # type: ignore[assignment]

    result = lint(DOCKERFILE, [NoKeywords(), Healthy()])
    assert _codes(result.findings) == [("DLM999", 1), ("TST100", 2)]
    assert result.internal_errors[0].startswith("TST300 no-keywords: TypeError:")


# --- malformed findings ----------------------------------------------------------------------

GOOD = Finding("TST400", "yields", Severity.WARNING, "fine", Span(2, 1, 2, 22))


class FindingSubclass(Finding):
    """A Finding subclass: it could change how findings sort, compare or print."""


def _with(**changes: Any) -> Finding:
    """GOOD with fields a type checker would refuse: a plugin is not type-checked."""
    return replace(GOOD, **changes)


def _span(*numbers: Any) -> Span:
    return Span(*numbers)


MALFORMED = [
    ("not a finding", "a string", "produced str, not a Finding"),
    ("None", None, "produced NoneType, not a Finding"),
    ("subclass", FindingSubclass("TST400", "yields", Severity.WARNING, "fine", GOOD.span),
     "produced FindingSubclass, not a Finding"),
    ("severity str", _with(severity="fatal"), "severity 'fatal' is not a Severity"),
    ("severity int", _with(severity=7), "severity 7 is not a Severity"),
    ("message", _with(message=b"bytes"), "message is bytes, not str"),
    ("fix", _with(fix=42), "fix is int, not str"),
    ("code type", _with(code=None), "code is NoneType, not str"),
    ("name type", _with(name=["x"]), "name is list, not str"),
    ("subsumed_by", _with(subsumed_by=1), "subsumed_by is int, not str"),
    ("other code", _with(code="DLM001"), "code and name DLM001 yields are not the rule's"),
    ("other name", _with(name="pinned"), "code and name TST400 pinned are not the rule's"),
    ("span tuple", _with(span=(2, 1, 2, 22)), "span is tuple, not a Span"),
    ("zero line", _with(span=Span(0, 1, 1, 1)), "span lines 0-1 are not within"),
    ("negative", _with(span=Span(-5, 1, 2, 1)), "span lines -5-2 are not within"),
    ("inverted lines", _with(span=Span(3, 1, 2, 1)), "span lines 3-2 are not within"),
    ("past the end", _with(span=Span(2, 1, 4, 1)), "span lines 2-4 are not within the file's 1-3"),
    ("huge int", _with(span=Span(1, 1, 10**5000, 1)), "span lines 1-huge are not"),
    ("huge column", _with(span=Span(1, -(10**5000), 1, 1)), "span columns -huge-1"),
    ("zero column", _with(span=Span(2, 0, 2, 3)), "span columns 0-3 are outside"),
    ("past the line", _with(span=Span(2, 1, 2, 23)), "span columns 1-23 are outside"),
    ("inverted columns", _with(span=Span(2, 5, 2, 4)), "span columns 5-4 are inverted"),
    ("NaN", _with(span=_span(2, math.nan, 2, 3)), "span (2, nan, 2, 3) holds a value"),
    ("float", _with(span=_span(2.0, 1, 2, 3)), "span (2.0, 1, 2, 3) holds a value"),
    ("bool", _with(span=_span(True, 1, 2, 3)), "span (True, 1, 2, 3) holds a value"),
]  # fmt: skip


def _yielding(produced: object, where: str = "check") -> Rule:
    class Yields(Rule):
        """Yields what the test gives it."""

        code = "TST400"
        name = "yields"
        keywords = frozenset({"RUN"})

        def check(  # type: ignore[override]
            self, instruction: Instruction, ctx: Context
        ) -> Iterator[object]:
            if where == "check":
                yield produced

        def finish(self, ctx: Context) -> Iterator[object]:  # type: ignore[override]
            if where == "finish":
                yield produced

    return Yields()


@pytest.mark.parametrize("where", ["check", "finish"])
@pytest.mark.parametrize(("label", "produced", "problem"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_finding_is_a_dlm999_naming_the_rule_and_the_fault(
    label: str, produced: object, problem: str, where: str
) -> None:
    result = lint(DOCKERFILE, [_yielding(produced, where), Healthy()])
    assert _codes(result.findings) == [("DLM999", 1), ("TST100", 2)]
    (line,) = result.internal_errors
    assert line.startswith(f"TST400 yields: malformed finding: {problem}")
    assert len(line) < 300  # a 5000-digit line number is cut short, not printed whole
    assert result.findings[0].message == f"rule {line.replace(':', ' failed:', 1)}"


def test_well_formed_findings_pass_at_every_edge_of_the_file() -> None:
    edges = [Span(1, 1, 1, 1), Span(1, 22, 1, 22), Span(1, 1, 3, 18), Span(3, 18, 3, 18)]
    rules = [_yielding(replace(GOOD, span=span), "check") for span in edges]
    result = lint(DOCKERFILE, rules[:1])
    assert result.internal_errors == []
    for rule in rules:
        assert lint(DOCKERFILE, [rule]).internal_errors == []
    empty = parse("", "empty")
    assert lint(empty, [_yielding(replace(GOOD, span=Span(1, 1, 1, 1)), "finish")]).findings[
        0
    ].span == Span(1, 1, 1, 1)


def test_a_returned_non_iterable_is_a_dlm999() -> None:
    class ReturnsInt(Rule):
        """Returns 5."""

        code = "TST500"
        name = "returns-int"
        keywords = frozenset({"RUN"})

        def check(self, instruction: Instruction, ctx: Context) -> object:  # type: ignore[override]
            return 5

    result = lint(DOCKERFILE, [ReturnsInt(), Healthy()])
    assert _codes(result.findings) == [("DLM999", 1), ("TST100", 2)]
    assert result.internal_errors[0].startswith("TST500 returns-int: TypeError:")


def test_the_generator_behind_a_malformed_finding_is_closed_under_the_guard(
    capfd: pytest.CaptureFixture[str],
) -> None:
    cleaned: list[str] = []

    class Stubborn(Rule):
        """Yields a bad finding, then raises from its cleanup."""

        code = "TST600"
        name = "stubborn"
        keywords = frozenset({"RUN"})

        def check(  # type: ignore[override]
            self, instruction: Instruction, ctx: Context
        ) -> Iterator[object]:
            try:
                yield "not a finding"
            finally:
                cleaned.append("closed")
                raise SystemExit("from cleanup")

    result = lint(DOCKERFILE, [Stubborn(), Healthy()])
    assert cleaned == ["closed"]
    assert _codes(result.findings) == [("DLM999", 1), ("TST100", 2)]
    assert result.internal_errors == [
        "TST600 stubborn: malformed finding: produced str, not a Finding"
    ]
    del result
    import gc

    gc.collect()
    assert capfd.readouterr().err == ""  # nothing left for the garbage collector to print


def test_validation_costs_a_few_checks_per_finding() -> None:
    """Many well-formed findings: each is checked once (no quadratic re-validation)."""
    many = parse("FROM a\n" + "RUN x\n" * 5000, "many")

    class Every(Rule):
        """One finding per RUN."""

        code = "TST700"
        name = "every"
        keywords = frozenset({"RUN"})

        def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
            yield self.finding(instruction, "run")

    import dockerlint_ml.engine.lint as engine

    calls = 0
    original = engine.malformed

    def counting(*args: object) -> str | None:
        nonlocal calls
        calls += 1
        return original(*args)  # type: ignore[arg-type]

    engine.malformed = counting  # type: ignore[assignment]
    try:
        result = lint(many, [Every()])
    finally:
        engine.malformed = original
    assert len(result.findings) == 5000 and result.internal_errors == []
    assert calls == 5000


# --- registry --------------------------------------------------------------------------------


def _install(site: Path, body: str) -> None:
    _install_plugin(site, body, "myplugin:RULES")


def _run(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": f"{site}{os.pathsep}{REPO}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", *args],
        capture_output=True, text=True, env=env, timeout=60, cwd=cwd, check=False,
    )  # fmt: skip


DECLARED = """
    from dockerlint_ml.engine.rule import Rule

    class Declared(Rule):
        '''A rule with one bad declaration.'''

        code = "ACME001"
        name = "acme-declared"
        {line}

    RULES = [Declared]
"""


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("severity = 'fatal'", "severity must be a Severity, got 'fatal'"),
        ("keywords = None", "keywords must be a set of instruction names, got None"),
        ("keywords = 'RUN'", "keywords must be a set of instruction names, got 'RUN'"),
        ("onbuild = 'yes'", "onbuild must be True or False, got 'yes'"),
        ("aliases = (1,)", "aliases must be a tuple of strings, got (1,)"),
        ("default_options = []", "default_options must be a mapping, got []"),
        ("__doc__ = 5", "the docstring must be text, got 5"),
    ],
)
def test_a_bad_declaration_is_a_registry_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, problem: str
) -> None:
    _install(tmp_path, DECLARED.format(line=line))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "myplugin", raising=False)  # each test its own module
    registry = load_registry()
    assert registry.errors == [
        f"plugin mine (myplugin:RULES): rule ACME001 acme-declared: {problem}"
    ]
    assert "ACME001" not in [r.code for r in registry.rules]


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("raise SystemExit(0)\n", "SystemExit: 0"),
        ("raise SystemExit\n", "SystemExit"),
        ("raise GeneratorExit('at import')\n", "GeneratorExit: at import"),
    ],
)
def test_a_plugin_exiting_at_import_is_one_line_and_exit_2(
    tmp_path: Path, body: str, shown: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install(site, body)
    (tmp_path / "Dockerfile").write_text(TEXT, "utf-8")
    proc = _run(site, "--format", "json", "Dockerfile", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"dockerlint-ml: plugin mine (myplugin:RULES) failed to load: {shown}"
    ]
    # the built-in rules still ran: `pip install flask` unpinned and cached, CMD shell form,
    # python's output block-buffered
    assert [f["code"] for f in json.loads(proc.stdout)] == ["DL3013", "DL3042", "DLM008", "DLM109"]


def test_a_distribution_in_the_working_directory_is_never_loaded(tmp_path: Path) -> None:
    """`python -c` (and the Python API from a script) have `""` first on sys.path."""
    marker = "import pathlib; pathlib.Path(__file__).with_suffix('.ran').write_text('x')\n"
    (tmp_path / "evilplugin.py").write_text(marker + "RULES = []\n", "utf-8")
    info = tmp_path / "evil.egg-info"
    info.mkdir()
    (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1\n", "utf-8")
    (info / "entry_points.txt").write_text("[dockerlint_ml.rules]\nevil = evilplugin:RULES\n")
    script = (
        "import sys; assert sys.path[0] == '', sys.path[0]\n"
        "from dockerlint_ml.engine.registry import load_registry\n"
        "print(load_registry().errors, len(load_registry().rules))\n"
    )
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"[] {len(load_registry(plugins=False).rules)}\n"
    assert sorted(p.name for p in tmp_path.glob("*.ran")) == []


# --- end to end ------------------------------------------------------------------------------

PLUGIN = """
    from dockerlint_ml.dockerfile.model import Severity
    from dockerlint_ml.engine.rule import Rule

    class Exits(Rule):
        '''Ends the process on a file named bad.Dockerfile.'''

        code = "ACME001"
        name = "acme-exits"
        keywords = frozenset({"FROM"})

        def check(self, instruction, ctx):
            if ctx.dockerfile.path.endswith("bad.Dockerfile"):
                raise SystemExit(0)
            return None

    class Fatal(Rule):
        '''Reports a level no reporter knows.'''

        code = "ACME002"
        name = "acme-fatal"
        keywords = frozenset({"CMD"})

        def check(self, instruction, ctx):
            finding = self.finding(instruction, "fatal")
            yield finding.__class__(**{**{k: getattr(finding, k) for k in finding.__slots__},
                                       "severity": "fatal"})

    RULES = [Exits, Fatal]
"""


@pytest.mark.parametrize("fmt", ["json", "sarif", "plain"])
def test_a_plugin_exiting_or_yielding_garbage_is_dlm999_and_exit_2_end_to_end(
    tmp_path: Path, fmt: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install(site, PLUGIN)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "bad.Dockerfile").write_text(TEXT, "utf-8")
    (tree / "good.Dockerfile").write_text("FROM python:3.12-slim\nCMD python app.py\n", "utf-8")
    proc = _run(site, "--format", fmt, "bad.Dockerfile", "good.Dockerfile", cwd=tree)
    assert proc.returncode == 2, proc.stderr
    tell = "; report it to the authors of 'myplugin'"
    assert proc.stderr.splitlines() == [
        "dockerlint-ml: bad.Dockerfile: plugin rule failed: ACME001 acme-exits: SystemExit: 0"
        f" at myplugin.py:14{tell}",
        "dockerlint-ml: bad.Dockerfile: plugin rule failed: ACME002 acme-fatal: malformed"
        f" finding: severity 'fatal' is not a Severity{tell}",
        "dockerlint-ml: good.Dockerfile: plugin rule failed: ACME002 acme-fatal: malformed"
        f" finding: severity 'fatal' is not a Severity{tell}",
    ]
    if fmt != "json":
        assert "DLM999" in proc.stdout and "DLM008" in proc.stdout
        return
    found = [(f["file"], f["code"], f["line"]) for f in json.loads(proc.stdout)]
    assert found == [
        ("bad.Dockerfile", "DLM999", 1),
        ("bad.Dockerfile", "DLM999", 1),
        ("bad.Dockerfile", "DL3013", 2),
        ("bad.Dockerfile", "DL3042", 2),
        ("bad.Dockerfile", "DLM008", 3),
        ("bad.Dockerfile", "DLM109", 3),
        ("good.Dockerfile", "DLM999", 1),
        ("good.Dockerfile", "DLM008", 2),
        ("good.Dockerfile", "DLM109", 2),
    ]

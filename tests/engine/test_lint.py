"""The engine: dispatch by keyword, ONBUILD, finish, isolation of a failing rule."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.lint import drop_superseded, lint
from dockerlint_ml.engine.rule import Context, Rule
from tests.helpers import lint_snippet


class SeesRuns(Rule):
    """Test rule."""

    code = "TST001"
    name = "sees-runs"
    keywords = frozenset({"RUN"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield self.finding(instruction, f"run {instruction.value}")


class Explodes(Rule):
    """Test rule."""

    code = "TST002"
    name = "explodes"
    keywords = frozenset({"CMD"})

    def check(self, instruction: Instruction, ctx: Context) -> None:
        raise KeyError("boom")


class Counts(Rule):
    """Test rule."""

    code = "TST003"
    name = "counts"
    severity = Severity.INFO
    keywords = frozenset({"RUN", "CMD"})

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def check(self, instruction: Instruction, ctx: Context) -> None:
        self.seen += 1

    def finish(self, ctx: Context) -> Iterator[Finding]:
        yield self.finding(ctx.dockerfile.instructions[0], f"{self.seen} seen")


TEXT = "FROM a\nRUN one\nCMD x\nONBUILD RUN two\nRUN three\n"


def test_dispatch_onbuild_and_finish() -> None:
    result = lint(parse(TEXT, "f"), [SeesRuns(), Counts()])
    assert [(f.code, f.span.line, f.message) for f in result.findings] == [
        ("TST003", 1, "3 seen"),
        ("TST001", 2, "run one"),
        ("TST001", 4, "run two"),
        ("TST001", 5, "run three"),
    ]
    assert all(f.path == "f" for f in result.findings)
    assert result.internal_errors == []


def test_a_rule_that_raises_becomes_dlm999_and_others_still_run() -> None:
    result = lint(parse(TEXT, "f"), [Explodes(), SeesRuns()])
    codes = [(f.code, f.span.line) for f in result.findings]
    assert codes == [("DLM999", 1), ("TST001", 2), ("TST001", 4), ("TST001", 5)]
    dlm999 = result.findings[0]
    assert dlm999.name == "internal-error" and dlm999.severity is Severity.ERROR
    assert "TST002 explodes" in dlm999.message and "KeyError" in dlm999.message
    assert (dlm999.span.end_line, dlm999.span.end_column) == (5, 10)
    assert len(result.internal_errors) == 1
    assert result.internal_errors[0].startswith("TST002 explodes: KeyError: 'boom'")


def test_a_superseding_rule_on_the_same_line_drops_the_superseded_finding() -> None:
    def at(code: str, line: int, path: str = "Dockerfile") -> Finding:
        span = Span(line, 1, line, 5)
        return Finding(code=code, name=code.lower(), severity=Severity.WARNING, message="m",
                       span=span, path=path)  # fmt: skip

    found = [at("DLM008", 3), at("DL3025", 3), at("DL3025", 4), at("DL3025", 3, "other")]
    kept = drop_superseded(found, {"DL3025": frozenset({"DLM008"})})
    assert [(f.code, f.span.line, f.path) for f in kept] == [
        ("DLM008", 3, "Dockerfile"),
        ("DL3025", 4, "Dockerfile"),
        ("DL3025", 3, "other"),
    ]
    assert drop_superseded(found, {}) == found


def test_silencing_the_superseding_rule_does_not_bring_the_superseded_finding_back() -> None:
    text = "FROM python:3.12-slim\n# dockerlint-ml ignore=DLM008\nCMD python app.py\n"
    assert lint_snippet(text, select=["DLM008", "DL3025"]) == []
    assert lint_snippet(text.replace("DLM008", "DL3025"), select=["DLM008", "DL3025"]) == []
    shell_form = "FROM python:3.12-slim\nCMD python app.py\n"
    assert lint_snippet(shell_form, select=["DLM008", "DL3025"]) == [("DLM008", 2)]
    assert lint_snippet(shell_form, select=["DL3025"]) == [("DL3025", 2)]


class _PipCalls(Rule):
    """Counts the instructions it is called for."""

    code = "XYZ010"
    name = "pip-calls"
    keywords = frozenset({"RUN"})
    commands = frozenset({"pip"})
    onbuild = True
    seen: list[int]

    def __init__(self) -> None:
        super().__init__()
        self.seen = []

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        self.seen.append(instruction.span.line)
        yield from ()


def test_a_rule_naming_commands_is_called_only_for_runs_that_run_them() -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN apt-get update\n"
        "RUN pip install x\n"
        "RUN /usr/local/bin/pip3.11 install y && echo done\n"
        "RUN echo pip\n"
        "RUN sh -c 'pip install z'\n"
        "ONBUILD RUN pip install w\n"
        "CMD pip list\n"
    )
    rule = _PipCalls()
    lint(parse(text), [rule])
    assert rule.seen == [3, 4, 6, 7]

"""Inline pragmas: ours, hadolint's and BuildKit's check=skip, and DLM901 unused-suppression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.lint import lint
from dockerlint_ml.engine.registry import Registry, load_registry
from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.run.pragmas import (
    CheckOptions,
    apply_pragmas,
    check_options,
    checks_as_errors,
    experimental_rules,
)
from tests.helpers import dedent

REGISTRY = load_registry(plugins=False)
# The mission's rules and the engine's (DLM0xx, DLM9xx) only, for exact expectations: with
# ALL the superseded peers (DL3006, DL3025) run too and report beside DLM001 and DLM008
# (`drop_subsumed`, after the pragmas, is not run here), and the ML-image rules (DLM1xx)
# report on the Python start commands of the test files.
DLM = ["DLM0", "DLM9"]


# Left out where a test selects ALL to see what the pragmas do to the other rules: DL1001
# (inline-ignore-pragma) reports every pragma a test writes, and DL3057 (healthcheck-missing)
# every test file; both are off by default (hadolint's `ignore` level). DLM110 (runs-as-root,
# off by default) and DLM109 (python-unbuffered-missing) report on every test file that
# starts Python on the python image without a USER or PYTHONUNBUFFERED.
NOT_PER_FILE = ["DL1001", "DL3057", "DLM109", "DLM110"]


def _run(
    text: str,
    select: Sequence[str] | None,
    enabled: bool = True,
    ignore: Sequence[str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """(raw findings of the engine, findings after the pragmas)."""
    rules = REGISTRY.select(select, ignore)
    dockerfile = parse(dedent(text), "Dockerfile")
    raw = lint(dockerfile, [r() for r in rules]).findings
    kept = apply_pragmas(dockerfile, raw, REGISTRY, {r.code for r in rules}, enabled=enabled)
    return raw, kept


def _pairs(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in findings]


# (id, Dockerfile, rules selected, expected (code, line) after the pragmas). Every case's
# pragmas are also checked to matter: without them (enabled=False) the result differs.
CASES = [
    (
        "next-instruction-code",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM008
        CMD python app.py
        CMD python other.py
        """,
        ["DLM008", "DLM901"],
        [("DLM008", 4)],
    ),
    (
        "next-instruction-name-and-code-trailing-reason",
        """
        # dockerlint-ml ignore=DLM001,base-image-not-slim  # legacy image, tracked in OPS-12
        FROM python
        CMD python app.py
        """,
        ["DLM001", "DLM002", "DLM008", "DLM901"],
        [("DLM008", 3)],
    ),
    (
        "lowercase-code-spaces-around-equals-and-commas",
        """
        FROM python:3.12-slim
        #dockerlint-ml   ignore = dlm008 ,  Base-Image-Unpinned#no space before the reason
        CMD python app.py
        """,
        ["DLM008"],
        [],
    ),
    (
        "tool-and-keywords-any-case",
        """
        FROM python:3.12-slim
        # DockerLint-ML IGNORE=DLM008
        CMD python app.py
        """,
        ["DLM008"],
        [],
    ),
    (
        "peer-alias-in-our-pragma",
        """
        # dockerlint-ml ignore=DL3006
        FROM python
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "comments-and-blank-lines-between-pragma-and-instruction",
        """
        FROM python:3.12-slim

        # dockerlint-ml ignore=DLM008

        # the launcher needs a shell
        CMD python app.py
        """,
        ["DLM008", "DLM901"],
        [],
    ),
    (
        "covers-every-line-of-a-multi-line-instruction",
        """
        FROM python:3.12-slim
        COPY app.py /app/
        # dockerlint-ml ignore=DLM008
        CMD python \\
            app.py
        """,
        ["DLM008"],
        [],
    ),
    (
        "indented-pragma",
        """
        FROM python:3.12-slim
            # dockerlint-ml ignore=DLM008
        CMD python app.py
        """,
        ["DLM008"],
        [],
    ),
    (
        "only-the-next-instruction",
        """
        # dockerlint-ml ignore=DLM001
        FROM python AS build
        FROM python
        """,
        ["DLM001"],
        [("DLM001", 3)],
    ),
    (
        "global-at-the-end",
        """
        FROM python
        FROM python AS other
        # dockerlint-ml global ignore=base-image-unpinned
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "global-in-the-middle-covers-earlier-lines",
        """
        FROM python
        CMD python app.py
        # dockerlint-ml global ignore=DLM008
        FROM python:3.12-slim
        CMD python app.py
        """,
        ["DLM001", "DLM008", "DLM901"],
        [("DLM001", 1)],
    ),
    (
        "stage-before-from-covers-that-stage-only",
        """
        # dockerlint-ml stage ignore=DLM001,DLM008
        FROM python AS build
        CMD python build.py
        FROM python
        CMD python app.py
        """,
        ["DLM001", "DLM008", "DLM901"],
        [("DLM001", 4), ("DLM008", 5)],
    ),
    (
        "stage-before-second-from",
        """
        FROM python AS build
        CMD python build.py
        # dockerlint-ml stage ignore=DLM001,DLM008
        FROM python
        CMD python app.py
        """,
        ["DLM001", "DLM008", "DLM901"],
        [("DLM001", 1), ("DLM008", 2)],
    ),
    (
        "stage-inside-covers-rest-of-stage-not-earlier-lines",
        """
        FROM python:3.12-slim AS build
        CMD python one.py
        # dockerlint-ml stage ignore=DLM008
        CMD python two.py

        CMD python three.py
        FROM python:3.12-slim
        CMD python app.py
        """,
        ["DLM008", "DLM901"],
        [("DLM008", 2), ("DLM008", 8)],
    ),
    (
        "stage-before-first-from-after-global-args",
        """
        ARG PY=3.12
        # dockerlint-ml stage ignore=DLM001
        FROM python
        FROM python AS second
        """,
        ["DLM001", "DLM901"],
        [("DLM001", 4)],
    ),
    (
        "hadolint-next-instruction-with-reason",
        """
        FROM python:3.12-slim
        # hadolint ignore=DL3025,SC2086 # signals handled by tini in the base image
        CMD python app.py
        CMD python other.py
        """,
        ["DLM008", "DLM901"],
        [("DLM008", 4)],
    ),
    (
        "hadolint-global",
        """
        # hadolint global ignore=DL3007,DL3008
        FROM python:latest
        FROM python:latest AS b
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "hadolint-stage",
        """
        # hadolint stage ignore=DL3006
        FROM python AS build
        FROM python
        """,
        ["DLM001", "DLM901"],
        [("DLM001", 3)],
    ),
    (
        "hadolint-buildkit-name-via-alias",
        """
        FROM python:3.12-slim
        # hadolint ignore=WorkdirRelativePath
        WORKDIR app
        """,
        ["DLM003"],
        [],
    ),
    (
        "hadolint-pragma-for-the-copy",
        """
        FROM python:3.12-slim
        # hadolint ignore=DL3045
        COPY app.py ./
        """,
        ["DLM003", "DLM901"],
        [],
    ),
    (
        "buildkit-check-skip-with-error",
        """
        # syntax=docker/dockerfile:1
        # check=skip=JSONArgsRecommended,StageNameCasing;error=true
        FROM python
        CMD python app.py
        """,
        ["DLM001", "DLM008", "DLM901"],
        [("DLM001", 3)],
    ),
    (
        "buildkit-check-skip-workdir",
        """
        # check=skip=WorkdirRelativePath
        FROM python:3.12-slim
        WORKDIR app
        """,
        ["DLM003"],
        [],
    ),
    (
        "buildkit-check-skip-all-only-rules-with-a-buildkit-alias",
        """
        # check=skip=all
        FROM python
        WORKDIR app
        CMD python app.py
        """,
        ["DLM001", "DLM003", "DLM008", "DLM901"],
        [("DLM001", 2)],
    ),
    (
        "parse-error-on-the-next-instruction",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM000
        COPY --frobnicate app.py /app/
        """,
        ["DLM000", "DLM901"],
        [],
    ),
]

# Pragmas that must have no effect: the finding stays.
INERT = [
    (
        "buildkit-names-are-case-sensitive",
        """
        # check=skip=jsonargsrecommended
        FROM python:3.12-slim
        CMD python app.py
        """,
        ["DLM008"],
        [("DLM008", 3)],
    ),
    (
        "pragma-in-heredoc-body-is-not-a-pragma",
        """
        FROM python:3.12-slim
        RUN <<EOF
        # dockerlint-ml global ignore=DLM008
        echo hi
        EOF
        CMD python app.py
        """,
        ["DLM008", "DLM901"],
        [("DLM008", 6)],
    ),
    (
        "pragma-between-continuation-lines-is-not-a-pragma",
        """
        FROM python:3.12-slim
        RUN echo one \\
        # dockerlint-ml global ignore=DLM008
            && echo two
        CMD python app.py
        """,
        ["DLM008", "DLM901"],
        [("DLM008", 5)],
    ),
]


@pytest.mark.parametrize(
    ("text", "select", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_pragma_forms(text: str, select: list[str], expected: list[tuple[str, int]]) -> None:
    raw, kept = _run(text, select)
    assert _pairs(kept) == expected
    # The pragma did something: without it the result is different.
    _, unfiltered = _run(text, select, enabled=False)
    assert _pairs(unfiltered) == _pairs(raw)
    assert _pairs(unfiltered) != expected


@pytest.mark.parametrize(
    ("text", "select", "expected"), [c[1:] for c in INERT], ids=[c[0] for c in INERT]
)
def test_inert_pragmas(text: str, select: list[str], expected: list[tuple[str, int]]) -> None:
    raw, kept = _run(text, select)
    assert _pairs(kept) == _pairs(raw) == expected


# (id, Dockerfile, select, expected DLM901 (line, message) pairs)
UNUSED = [
    (
        "next-instruction-silenced-nothing",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt ./
        # dockerlint-ml ignore=DLM008,DLM004
        CMD python app.py
        """,
        ["ALL"],
        [(4, "suppression of DLM004 on line 5 silenced nothing")],
    ),
    (
        "unknown-code-and-name",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM123,no-such-rule,DL3039
        CMD ["python", "app.py"]
        """,
        ["ALL"],
        [
            (2, "unknown rule 'DLM123' in suppression"),
            (2, "unknown rule 'no-such-rule' in suppression"),
            # A hadolint code that no rule has and no rule supersedes.
            (2, "unknown rule 'DL3039' in suppression"),
        ],
    ),
    (
        "hadolint-code-of-a-rule-of-ours-is-checked",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DL3008
        CMD ["python", "app.py"]
        """,
        ["DL3008", "DLM901"],
        [(2, "suppression of DL3008 on line 3 silenced nothing")],
    ),
    (
        "prefix-is-unknown",
        """
        # dockerlint-ml global ignore=DLM00
        FROM python:3.12-slim
        """,
        ["ALL"],
        [(1, "unknown rule 'DLM00' in suppression")],
    ),
    (
        "global-silenced-nothing",
        """
        FROM python:3.12-slim
        # dockerlint-ml global ignore=DLM001
        """,
        ["ALL"],
        [(2, "global suppression of DLM001 silenced nothing")],
    ),
    (
        "stage-silenced-nothing",
        """
        # dockerlint-ml stage ignore=DLM001
        FROM python:3.12-slim AS build
        RUN true
        FROM python
        """,
        ["DLM001", "DLM901"],
        [(1, "stage suppression of DLM001 on lines 2-3 silenced nothing")],
    ),
    (
        "no-instruction-after-it",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM001
        """,
        ["ALL"],
        [(2, "suppression of DLM001 silenced nothing: no instruction follows it")],
    ),
    (
        "reason-without-hash-is-malformed",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM008 because the launcher needs a shell
        CMD python app.py
        """,
        ["DLM008", "DLM901"],
        [(2, "this suppression comment is malformed, so it silences nothing")],
    ),
    (
        "colon-form-is-malformed",
        """
        FROM python:3.12-slim
        # dockerlint-ml: ignore=DLM008
        CMD ["python", "app.py"]
        """,
        ["ALL"],
        [(2, "this suppression comment is malformed, so it silences nothing")],
    ),
    (
        "hadolint-and-buildkit-pragmas-never-reported",
        """
        # check=skip=JSONArgsRecommended,NoSuchCheck
        # hadolint global ignore=DL3008,DL3025
        FROM python:3.12-slim
        # hadolint ignore=DL3006,SC2086
        CMD ["python", "app.py"]
        # hadolint ignore=DL3006 because
        """,
        ["ALL"],
        [],
    ),
    (
        "deselected-rule-is-not-unused",
        """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM008
        CMD ["python", "app.py"]
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "code-and-name-of-the-same-rule-both-used",
        """
        # dockerlint-ml ignore=DLM001,base-image-unpinned,DL3006
        FROM python
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "overlapping-pragmas-both-used",
        """
        # dockerlint-ml global ignore=DLM001
        # dockerlint-ml ignore=DLM001
        FROM python
        """,
        ["DLM001", "DLM901"],
        [],
    ),
    (
        "prose-mentioning-the-tool-is-not-a-pragma",
        """
        # dockerlint-ml checks this file in CI
        FROM python:3.12-slim
        """,
        ["ALL"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "select", "expected"), [c[1:] for c in UNUSED], ids=[c[0] for c in UNUSED]
)
def test_unused_suppression(text: str, select: list[str], expected: list[tuple[int, str]]) -> None:
    _, kept = _run(text, select)
    assert [(f.span.line, f.message) for f in kept if f.code == "DLM901"] == expected


def test_unused_finding_shape() -> None:
    text = """
        FROM python:3.12-slim
          # dockerlint-ml ignore=DLM008  # reason   \n
        CMD ["python", "app.py"]
        """
    _, kept = _run(text, ["ALL"], ignore=NOT_PER_FILE)
    (finding,) = kept
    assert finding.code == "DLM901"
    assert finding.name == "unused-suppression"
    assert finding.severity is Severity.INFO
    assert finding.path == "Dockerfile"
    # The comment's span: from its `#` to its last non-blank character.
    assert finding.span == Span(2, 3, 2, 42)
    assert finding.fix and "DLM008" in finding.fix


def test_unused_prefix_fix_names_full_codes() -> None:
    _, kept = _run(
        "# dockerlint-ml global ignore=DLM00\nFROM python:3.12-slim\n", ["ALL"], ignore=NOT_PER_FILE
    )
    (finding,) = kept
    assert finding.fix is not None
    assert "prefixes are not accepted" in finding.fix and "DLM001" in finding.fix


def test_no_dlm901_when_deselected() -> None:
    text = """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM123,DLM001
        # dockerlint-ml ignore=DLM008 no hash before this reason
        CMD python app.py
        """
    _, with_901 = _run(text, ["DLM001", "DLM008", "DLM901"])
    assert [c for c, _ in _pairs(with_901)] == ["DLM901", "DLM901", "DLM901", "DLM008"]
    _, without = _run(text, ["DLM001", "DLM008"])
    assert _pairs(without) == [("DLM008", 4)]


def test_dlm901_silenced_by_global_ignore() -> None:
    text = """
        # dockerlint-ml global ignore=DLM901
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM001,DLM123
        CMD ["python", "app.py"]
        """
    _, kept = _run(text, ["ALL"], ignore=NOT_PER_FILE)
    assert _pairs(kept) == []
    # Without the global ignore both entries are reported.
    _, shown = _run(
        text.replace("global ignore=DLM901", "nothing here"), ["ALL"], ignore=NOT_PER_FILE
    )
    assert _pairs(shown) == [("DLM901", 3), ("DLM901", 3)]


def test_dlm901_silenced_by_a_stacked_ignore() -> None:
    """A next-instruction ignore=DLM901 covers the pragma comments between it and the CMD."""
    text = """
        FROM python:3.12-slim
        # dockerlint-ml ignore=DLM901
        # dockerlint-ml ignore=DLM008,DLM004  # DLM004 kept for the rewrite in OPS-7
        CMD python app.py
        # dockerlint-ml ignore=DLM001
        CMD python app.py
        """
    _, kept = _run(text, DLM)
    assert _pairs(kept) == [("DLM901", 5), ("DLM008", 6)]
    assert kept[0].message == "suppression of DLM001 on line 6 silenced nothing"
    # Without the stacked ignore, the DLM004 entry on line 3 is reported too.
    _, shown = _run(text.replace("ignore=DLM901", "-"), DLM)
    assert _pairs(shown) == [("DLM901", 3), ("DLM901", 5), ("DLM008", 6)]


def test_global_ignore_of_dlm901_is_never_itself_unused() -> None:
    _, kept = _run(
        "# dockerlint-ml global ignore=DLM901\nFROM python:3.12-slim\n",
        ["ALL"],
        ignore=NOT_PER_FILE,
    )
    assert kept == []


def test_disabled_ignores_every_pragma() -> None:
    text = """
        # check=skip=JSONArgsRecommended
        # hadolint global ignore=DL3006
        # dockerlint-ml global ignore=DLM002,DLM123
        FROM python
        # dockerlint-ml ignore=DLM008
        CMD python app.py
        """
    raw, kept = _run(text, DLM, enabled=False)
    assert kept == raw
    assert _pairs(kept) == [("DLM001", 4), ("DLM002", 4), ("DLM008", 6)]
    _, applied = _run(text, DLM)
    assert _pairs(applied) == [("DLM901", 3)]


def test_result_sorted_and_inputs_untouched() -> None:
    text = """
        FROM python
        # dockerlint-ml ignore=DLM004
        CMD python app.py
        """
    raw, kept = _run(text, DLM)
    before = list(raw)
    assert kept == sorted(kept, key=Finding.sort_key)
    assert _pairs(kept) == [("DLM001", 1), ("DLM002", 1), ("DLM901", 2), ("DLM008", 3)]
    assert raw == before


def test_plugin_rule_aliases_are_honoured() -> None:
    from dockerlint_ml.engine.rule import Rule
    from dockerlint_ml.rules import BUILTIN_RULES

    class NoHealthcheck(Rule):
        """A plugin rule with a hadolint alias."""

        code = "XYZ100"
        name = "no-healthcheck"
        aliases = ("DL3039",)

        def finish(self, ctx):  # type: ignore[no-untyped-def]
            yield self.finding(ctx.dockerfile.instructions[0], "no HEALTHCHECK")

    registry = Registry()
    for rule in (*BUILTIN_RULES, NoHealthcheck):
        registry.add(rule, "test")
    dockerfile = parse("# hadolint ignore=DL3039\nFROM python:3.12-slim\n", "Dockerfile")
    raw = lint(dockerfile, [NoHealthcheck()]).findings
    assert _pairs(raw) == [("XYZ100", 2)]
    assert apply_pragmas(dockerfile, raw, registry, {"XYZ100", "DLM901"}) == []


def _at(line: int, code: str = "DLM008") -> Finding:
    rule = REGISTRY.by_code(code)
    assert rule is not None
    return Finding(code, rule.name, rule.severity, "synthetic", Span(line, 1, line, 2), None, "D")


@pytest.mark.parametrize(
    ("line", "suppressed"),
    [
        (1, False),  # the FROM before the pragma
        (2, False),  # the pragma itself
        (3, True),  # a blank line between pragma and instruction
        (4, True),  # the CMD's first line
        (5, True),  # its continuation line
        (6, True),  # its last line
        (7, False),  # the next instruction
    ],
)
def test_next_instruction_range(line: int, suppressed: bool) -> None:
    """A finding is covered when its first line lies between the pragma and the end of the
    next instruction (a rule may report on a continuation line, DLM000 on a stray line)."""
    text = (
        "FROM python:3.12-slim\n"
        "# dockerlint-ml ignore=DLM008\n"
        "\n"
        'CMD ["python", \\\n'
        '     "app.py", \\\n'
        '     "--port", "80"]\n'
        "EXPOSE 80\n"
    )
    dockerfile = parse(text, "D")
    assert [i.span.line for i in dockerfile.instructions] == [1, 4, 7]
    kept = apply_pragmas(dockerfile, [_at(line)], REGISTRY, {"DLM008"})
    assert (kept == []) is suppressed


def test_many_pragmas_and_findings_stay_linear() -> None:
    """Smoke test of the sweep: 2000 suppressed instructions, each with its own pragma."""
    body = "".join(f"# dockerlint-ml ignore=DLM008\nCMD python app{i}.py\n" for i in range(2000))
    dockerfile = parse("FROM python:3.12-slim\n" + body, "Dockerfile")
    rules = REGISTRY.select(["DLM008", "DLM901"], None)
    raw = lint(dockerfile, [r() for r in rules]).findings
    assert len(raw) == 2000
    assert apply_pragmas(dockerfile, raw, REGISTRY, {r.code for r in rules}) == []


# --- `# check=error=true` and `# check=experimental=...` -----------------------------------


def _df(text: str) -> Dockerfile:
    return parse(text, "Dockerfile")


@pytest.mark.parametrize(
    ("directive", "error", "experimental"),
    [
        ("", False, frozenset()),
        ("# check=skip=all;error=true\n", True, frozenset()),
        ("# check=error=True\n", True, frozenset()),
        ("# check=error=maybe\n", False, frozenset()),
        ("# check=experimental=all\n", False, frozenset({"all"})),
        (
            "# check=experimental=InvalidDefinitionDescription, Other;error=false\n",
            False,
            frozenset({"InvalidDefinitionDescription", "Other"}),
        ),
    ],
)
def test_check_options(directive: str, error: bool, experimental: frozenset[str]) -> None:
    assert check_options(_df(directive + "FROM a:1\n")) == CheckOptions(error, experimental)


def test_experimental_rules_follow_the_directive() -> None:
    def rule(code: str, alias: str, experimental: bool) -> type[Rule]:
        attrs = {"code": code, "name": alias.lower(), "aliases": (alias,)}
        return type(alias, (Rule,), {**attrs, "experimental": experimental, "default": False})

    one, two = rule("BK019", "Described", True), rule("BK020", "Plain", False)
    registry = Registry([one, two])
    assert experimental_rules(CheckOptions(), registry, ()) == []
    assert experimental_rules(CheckOptions(False, frozenset({"all"})), registry, ()) == [one]
    named = CheckOptions(False, frozenset({"Described"}))
    assert experimental_rules(named, registry, ()) == [one]
    assert experimental_rules(named, registry, {"BK019"}) == []  # the user ignores it
    assert experimental_rules(CheckOptions(False, frozenset({"Plain"})), registry, ()) == []


def test_error_true_raises_only_buildkit_checks() -> None:
    def finding(code: str, level: Severity) -> Finding:
        return Finding(code, "x", level, "m", Span(1, 1, 1, 2), "Dockerfile")

    got = checks_as_errors(
        [finding("BK013", Severity.WARNING), finding("DLM003", Severity.WARNING)]
    )
    assert [(f.code, f.severity) for f in got] == [
        ("BK013", Severity.ERROR),
        ("DLM003", Severity.WARNING),
    ]


def test_error_true_fails_the_run_on_a_check(tmp_path: Any, monkeypatch: Any) -> None:
    from dockerlint_ml.run.runner import run

    monkeypatch.chdir(tmp_path)
    body = "FROM python:3.12-slim as build\nFROM build\n"  # BK002 from-as-casing, a warning
    (tmp_path / "Dockerfile").write_text(body)
    plain = run(["Dockerfile"], plugins=False, select=["BK002"], isolated=True)
    assert [(f.code, f.severity) for f in plain.findings] == [("BK002", Severity.WARNING)]
    assert plain.exit_code(Severity.ERROR) == 0
    (tmp_path / "Dockerfile").write_text("# check=error=true\n" + body)
    strict = run(["Dockerfile"], plugins=False, select=["BK002"], isolated=True)
    assert [(f.code, f.severity) for f in strict.findings] == [("BK002", Severity.ERROR)]
    assert strict.exit_code(Severity.ERROR) == 1

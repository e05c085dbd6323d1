"""`--format github`, `gitlab` and `junit`: exact shapes, escaping, hostile input."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dockerlint_ml.dockerfile.model import Finding, Severity, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.reporters import escape, message_text, render
from dockerlint_ml.reporters.github import SUMMARY_ENV, escape_data, escape_property, step_summary
from dockerlint_ml.reporters.plain import format_finding
from dockerlint_ml.rules.ml.workdir_missing import WorkdirMissing
from dockerlint_ml.run.results import FileReport, RunResult
from dockerlint_ml.run.runner import run
from tests.reporters.ci_inputs import DIRTY, HOSTILE, SELECT, make_repo, write_file

HOSTILE_MESSAGE = "50% done\r\n::error::injected ##[add-mask]secret %0A, a|b <img src=x> `x`"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (`.git` is enough) with three Dockerfiles; the cwd is its `docker/`."""
    root = make_repo(tmp_path)
    monkeypatch.chdir(root / "docker")
    monkeypatch.delenv(SUMMARY_ENV, raising=False)
    return root


def _render(fmt: str, result: RunResult) -> str:
    out = io.StringIO()
    render(fmt, result, out)
    return out.getvalue()


def visible(text: str) -> str:
    """`escape`, but CR and LF kept (the github format percent-encodes those)."""
    return "\n".join("\r".join(escape(p) for p in line.split("\r")) for line in text.split("\n"))


def _with_message(result: RunResult, message: str) -> RunResult:
    for report in result.files:
        report.findings = [replace(f, message=message) for f in report.findings]
    return result


# --- github -------------------------------------------------------------------------------


@dataclass
class Command:
    name: str
    props: dict[str, str] = field(default_factory=dict)
    data: str = ""


REGISTERED = {
    "error", "warning", "notice", "debug", "group", "endgroup", "add-mask", "set-output",
    "set-env", "add-path", "save-state", "echo", "add-matcher", "remove-matcher",
}  # fmt: skip


def _unescape(text: str, pairs: list[tuple[str, str]]) -> str:
    for escaped, raw in pairs:
        text = text.replace(escaped, raw)
    return text


_DATA = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
_PROP = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]


def _parse_v2(line: str, registered: set[str]) -> Command | None:
    # A port of actions/runner ActionCommand.TryParseV2.
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, rest = info.partition(" ")
    if name.lower() not in registered:
        return None
    cmd = Command(name.lower())
    for part in rest.strip().split(","):
        key, eq, value = part.partition("=")
        if part and key and eq and value:
            cmd.props[key] = _unescape(value, _PROP)
    cmd.data = _unescape(message[end + 2 :], _DATA)
    return cmd


def _parse_legacy(line: str, registered: set[str]) -> Command | None:
    # A port of actions/runner ActionCommand.TryParse (`##[name k=v;]data` anywhere).
    start = line.find("##[")
    if start < 0:
        return None
    end = line.find("]", start)
    if end < 0:
        return None
    name = line[start + 3 : end].partition(" ")[0]
    return Command(name.lower(), data=line[end + 1 :]) if name.lower() in registered else None


def workflow_commands(output: str) -> list[Command]:
    """The commands a GitHub runner would process in `output`, stop-commands honoured."""
    registered = set(REGISTERED) | {"stop-commands"}
    token: str | None = None
    processed = []
    for line in re.split(r"\r\n|\r|\n", output):
        cmd = _parse_v2(line, registered) or _parse_legacy(line, registered)
        if cmd is None:
            continue
        if token is not None:
            if cmd.name == token.lower():
                registered.discard(token.lower())
                token = None
            continue
        if cmd.name == "stop-commands":
            token = cmd.data
            registered.add(token.lower())
            continue
        processed.append(cmd)
    return processed


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("%0A", "%250A", "%250A"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a::b", "a::b", "a%3A%3Ab"),
        ("a,b", "a,b", "a%2Cb"),
        ("x=1", "x=1", "x=1"),
        ("\x1b[31mred\x07", "\\x1b[31mred\\x07", "\\x1b[31mred\\x07"),
        ("\u202eevil\u2028", "\\u202eevil\\u2028", "\\u202eevil\\u2028"),
        ("tab\tkept é", "tab\tkept é", "tab\tkept é"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_annotations_exact(repo: Path) -> None:
    result = run(["Dockerfile", "../svc/Dockerfile.api", "../svc/ml"], select=SELECT)
    lines = _render("github", result).splitlines()
    findings = [f for r in result.files for f in r.findings]
    heads = [line.split("::")[1] for line in lines[: len(findings)]]
    assert heads == [
        "warning file=docker/Dockerfile,line=1,endLine=1,col=6,endColumn=14,"
        "title=DLM001 base-image-unpinned",
        "warning file=docker/Dockerfile,line=1,endLine=1,col=6,endColumn=14,"
        "title=DLM002 base-image-not-slim",
        "warning file=docker/Dockerfile,line=2,endLine=2,col=1,endColumn=14,"
        "title=DLM003 workdir-missing",
        "warning file=docker/Dockerfile,line=3,endLine=3,col=5,endColumn=16,"
        "title=DLM004 dependencies-installed-after-code",
        "error file=docker/Dockerfile,line=5,endLine=5,col=1,endColumn=28,"
        "title=DLM009 server-bound-to-localhost",
        # Several lines: no col / endColumn.
        "warning file=svc/Dockerfile.api,line=4,endLine=5,title=DLM008 cmd-not-exec-form",
        # info (and style) are notices.
        "notice file=svc/ml/Dockerfile,line=4,endLine=4,col=1,endColumn=50,"
        "title=DLM006 pipenv-install-without-system",
    ]
    first = lines[0]
    assert first.endswith("::" + message_text(findings[0]))
    assert "Fix: Start the tag with major.minor" in first


def test_github_log_has_plain_report_in_a_group_then_the_summary(repo: Path) -> None:
    result = run(["Dockerfile", "../svc"], select=SELECT)
    lines = _render("github", result).splitlines()
    n = len(result.findings)
    assert n == 7
    assert lines[n] == "::group::dockerlint-ml: 7 findings"
    token = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[n + 1])
    assert token is not None
    plain = [format_finding(f) for r in result.files for f in r.findings]
    assert lines[n + 2 : n + 2 + len(plain)] == plain
    assert lines[n + 2 + len(plain) :] == [
        f"::{token.group(1)}::",
        "::endgroup::",
        "7 findings (1 error, 5 warnings, 1 info) in 3 files",
    ]


def test_github_clean_run_prints_only_the_summary(repo: Path) -> None:
    result = run(["Dockerfile"], select=["DLM010"])
    assert _render("github", result) == "0 findings in 1 file\n"


def test_github_hostile_messages_and_paths_cannot_inject_commands(repo: Path) -> None:
    docker = repo / "docker"
    names = ["we,i:rd%.Dockerfile", "::warning file=x::pwned", "##[add-mask]secret", "a\r\nb"]
    for name in names:
        write_file(docker / name, HOSTILE)
    # BK016 quotes the hostile image names (DLM001 is silent on names BuildKit refuses).
    result = run([*names, "Dockerfile"], select=["DLM001", "BK016", "DLM000", "DLM009"])
    # One more hostile message, with CR/LF, `%`, `::` and a legacy `##[` command.
    last = result.files[-1]
    last.findings = [replace(f, message=HOSTILE_MESSAGE) for f in last.findings]
    output = _render("github", result)
    commands = workflow_commands(output)
    findings = [f for r in result.files for f in r.findings]
    assert len(findings) == 4 * 3 + 2
    assert [c.name for c in commands] == [
        *("error" if f.severity is Severity.ERROR else "warning" for f in findings),
        "group",
        "endgroup",
    ]
    for cmd, finding in zip(commands, findings, strict=False):
        assert cmd.props["file"] == visible("docker/" + finding.path)
        assert cmd.props["line"] == str(finding.span.line)
        assert cmd.props["title"] == f"{finding.code} {finding.name}"
        assert cmd.data == visible(message_text(finding))
    assert commands[-3].data.startswith(HOSTILE_MESSAGE + ". Fix: ")
    assert "\x1b" not in output
    assert "50%25 done%0D%0A::error::injected ##[add-mask]secret %250A, a|b" in output


def test_github_step_summary_is_appended(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    monkeypatch.setenv(SUMMARY_ENV, str(summary))
    result = run(["Dockerfile", "../svc"], select=SELECT)
    _render("github", result)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("previous step\n## dockerlint-ml\n\n")
    assert "7 findings (1 error, 5 warnings, 1 info) in 3 files\n" in text
    rows = [line for line in text.splitlines() if line.startswith("| DLM")]
    assert rows == [
        "| DLM001 | base\\-image\\-unpinned | 1 |",
        "| DLM002 | base\\-image\\-not\\-slim | 1 |",
        "| DLM003 | workdir\\-missing | 1 |",
        "| DLM004 | dependencies\\-installed\\-after\\-code | 1 |",
        "| DLM006 | pipenv\\-install\\-without\\-system | 1 |",
        "| DLM008 | cmd\\-not\\-exec\\-form | 1 |",
        "| DLM009 | server\\-bound\\-to\\-localhost | 1 |",
    ]
    findings = [line for line in text.splitlines() if line.startswith("| Dockerfile ")]
    assert len(findings) == 5
    assert findings[4].startswith("| Dockerfile | 5 | DLM009 server\\-bound\\-to\\-localhost |")
    _render("github", result)
    assert summary.read_text(encoding="utf-8").count("## dockerlint-ml") == 2


def test_github_step_summary_escapes_markdown_and_caps_rows(repo: Path) -> None:
    result = _with_message(run(["Dockerfile", "../svc"], select=SELECT), HOSTILE_MESSAGE)
    text = step_summary(result, max_rows=3)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "\\|" in line]
    assert len(rows) == 3
    assert "… and 4 more findings, listed in the job log." in text
    assert re.search(r"(?<!\\)[<>\[\]`|]", text.split("\n\n", 2)[2].replace("|", "")) is None
    assert "\r" not in text
    assert "50\\% done\\\\x0d\\\\x0a\\:\\:error\\:\\:injected \\#\\#\\[add\\-mask\\]secret" in text
    assert "a\\|b \\<img src\\=x\\> \\`x\\`" in text
    # Every row has exactly the table's five cells.
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 6


def test_github_step_summary_lists_problems(repo: Path) -> None:
    text = step_summary(run(["Dockerfile", "missing"], select=["DLM001"]))
    assert "1 finding (1 warning) in 1 file; 1 problem (exit status 2)" in text
    assert "| missing\\: no such file or directory |" in text


def test_github_without_summary_env_writes_no_file(repo: Path) -> None:
    before = sorted(p.name for p in repo.iterdir())
    _render("github", run(["Dockerfile"]))
    assert sorted(p.name for p in repo.iterdir()) == before


def test_github_unwritable_summary_warns_and_goes_on(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SUMMARY_ENV, str(repo))  # a directory
    output = _render("github", run(["Dockerfile"], select=["DLM001"]))
    assert output.startswith("::warning file=docker/Dockerfile,")
    err = capsys.readouterr().err
    assert err.startswith("dockerlint-ml: cannot append to $GITHUB_STEP_SUMMARY (")


def test_github_stdin_annotation_has_no_file(repo: Path) -> None:
    result = run(["-"], stdin=io.BytesIO(DIRTY.encode()), select=["DLM001"])
    line = _render("github", result).splitlines()[0]
    assert line.startswith("::warning title=DLM001 base-image-unpinned::`python:3`")


# --- gitlab -------------------------------------------------------------------------------


def _gitlab(result: RunResult) -> list[dict[str, Any]]:
    text = _render("gitlab", result)
    assert text.isascii()
    assert not text.startswith("\ufeff")
    data: list[dict[str, Any]] = json.loads(text)
    return data


def test_gitlab_shape(repo: Path) -> None:
    result = run(["Dockerfile", "../svc"], select=SELECT)
    issues = _gitlab(result)
    assert len(issues) == 7
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert set(issue["location"]) == {"path", "lines"}
        assert all(isinstance(issue[k], str) and issue[k] for k in ("description", "check_name"))
        assert re.fullmatch("[0-9a-f]{32}", issue["fingerprint"])
    first = issues[0]
    assert first["check_name"] == "DLM001"
    assert first["severity"] == "minor"
    assert first["description"] == "DLM001 base-image-unpinned: " + message_text(
        result.files[0].findings[0]
    )
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"])
        for i in issues
    ] == [
        ("DLM001", "minor", "docker/Dockerfile", {"begin": 1, "end": 1}),
        ("DLM002", "minor", "docker/Dockerfile", {"begin": 1, "end": 1}),
        ("DLM003", "minor", "docker/Dockerfile", {"begin": 2, "end": 2}),
        ("DLM004", "minor", "docker/Dockerfile", {"begin": 3, "end": 3}),
        ("DLM009", "major", "docker/Dockerfile", {"begin": 5, "end": 5}),
        ("DLM008", "minor", "svc/Dockerfile.api", {"begin": 4, "end": 5}),
        ("DLM006", "info", "svc/ml/Dockerfile", {"begin": 4, "end": 4}),
    ]


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.ERROR, "major"),
        (Severity.WARNING, "minor"),
        (Severity.INFO, "info"),
        (Severity.STYLE, "info"),
    ],
)
def test_gitlab_severity_mapping(repo: Path, severity: Severity, expected: str) -> None:
    result = run(["Dockerfile"], select=["DLM003"])
    result.files[0].findings = [replace(f, severity=severity) for f in result.files[0].findings]
    assert [i["severity"] for i in _gitlab(result)] == [expected]


def test_gitlab_fingerprints_unique_and_stable(repo: Path) -> None:
    twice = "FROM python:3 AS a\nFROM python:3 AS a\n"
    write_file(repo / "docker" / "twice" / "Dockerfile", twice)
    write_file(repo / "copy" / "Dockerfile", DIRTY)
    paths = ["Dockerfile", "../copy/Dockerfile", "twice"]

    def lint() -> RunResult:
        result = run(paths, select=SELECT)
        result.files.append(result.files[0])  # the runner never lints a file twice; still
        return result

    before = _gitlab(lint())
    prints = [i["fingerprint"] for i in before]
    # Identical files in two directories, identical instructions, the same file twice.
    assert len(prints) == len(set(prints)) == 5 + 5 + 3 + 5
    assert {i["location"]["path"] for i in before[-5:]} == {"docker/Dockerfile"}
    write_file(repo / "docker" / "twice" / "Dockerfile", "# moved\n\n" + twice)
    after = _gitlab(lint())
    assert [i["fingerprint"] for i in after] == prints
    assert [i["location"]["lines"]["begin"] for i in after][10:13] == [3, 4, 4]


def test_gitlab_stdin_and_empty(repo: Path) -> None:
    issues = _gitlab(run(["-"], stdin=io.BytesIO(DIRTY.encode()), select=["DLM001"]))
    assert [i["location"]["path"] for i in issues] == ["stdin"]
    assert _render("gitlab", RunResult()) == "[]\n"


def test_gitlab_hostile_file(repo: Path) -> None:
    write_file(repo / "docker" / "we,i:rd%.Dockerfile", HOSTILE)
    issues = _gitlab(run(["we,i:rd%.Dockerfile"]))
    # `[red]evil[/red]` has no image facts: DLM003 cannot know its WORKDIR.
    # BK016: neither name is one BuildKit's reference grammar accepts (DLM001 leaves them
    # to it).
    assert [i["check_name"] for i in issues] == ["BK016", "BK016", "DLM000", "DLM008"]
    assert {i["location"]["path"] for i in issues} == {"docker/we,i:rd%.Dockerfile"}
    # The description is text for people (the merge request widget): made visible, as in
    # every human format; the path is data, kept exact.
    assert "`python:3\\x1b[31m[bold]x\\x07\\u202e`" in issues[0]["description"]


# --- junit --------------------------------------------------------------------------------


def _junit(result: RunResult) -> ET.Element:
    text = _render("junit", result)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert text.isascii()
    return ET.fromstring(text.encode("ascii"))


def _counts(el: ET.Element) -> tuple[str | None, ...]:
    return tuple(el.get(k) for k in ("tests", "failures", "errors"))


def test_junit_counts(repo: Path) -> None:
    result = run(["Dockerfile", "../svc/Dockerfile.api"], select=["DLM001", "DLM003", "DLM008"])
    root = _junit(result)
    assert root.tag == "testsuites"
    assert _counts(root) == ("6", "3", "0")
    suites = root.findall("testsuite")
    assert [(s.get("name"), _counts(s)) for s in suites] == [
        ("Dockerfile", ("3", "2", "0")),
        ("../svc/Dockerfile.api", ("3", "1", "0")),
    ]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == [
        "DLM001 base-image-unpinned",
        "DLM003 workdir-missing",
        "DLM008 cmd-not-exec-form",
    ]
    assert {c.get("classname") for c in cases} == {"Dockerfile"}
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "DLM001"
    assert failure.get("message") == "1 finding of DLM001 base-image-unpinned"
    assert failure.text == "Dockerfile:1:6: [warning] " + message_text(result.files[0].findings[0])
    assert cases[2].find("failure") is None
    assert list(cases[2]) == []


def test_junit_several_findings_of_one_rule(repo: Path) -> None:
    write_file(repo / "docker" / "twice", "FROM python:3 AS a\nFROM python:3 AS b\n")
    root = _junit(run(["twice"], select=["DLM001"]))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "2 findings of DLM001 base-image-unpinned"
    assert failure.text is not None
    assert [line.split(" [")[0] for line in failure.text.splitlines()] == [
        "twice:1:6:",
        "twice:2:6:",
    ]


def test_junit_problems_are_errors(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: WorkdirMissing, *args: object) -> None:
        raise RuntimeError("boom <&>")

    monkeypatch.setattr(WorkdirMissing, "check", broken)
    result = run(["Dockerfile", "missing"], select=["DLM001", "DLM003"])
    root = _junit(result)
    suites = root.findall("testsuite")
    assert [(s.get("name"), _counts(s)) for s in suites] == [
        # DLM001, DLM003 (passes: it raised), DLM999 (fails), the internal error.
        ("Dockerfile", ("4", "2", "1")),
        ("missing", ("1", "0", "1")),
    ]
    assert _counts(root) == ("5", "2", "2")
    names = [c.get("name") for c in suites[0].findall("testcase")]
    assert names == [
        "DLM001 base-image-unpinned",
        "DLM003 workdir-missing",
        "DLM999 internal-error",
        "dockerlint-ml internal",
    ]
    error = suites[0].find("testcase/error")
    assert error is not None
    assert error.get("type") == "internal"
    assert error.text is not None
    assert "RuntimeError: boom <&>" in error.text
    missing = suites[1].find("testcase/error")
    assert missing is not None
    assert missing.get("type") == "input"


def test_junit_hostile_file_is_well_formed(repo: Path) -> None:
    write_file(repo / "docker" / "we,i:rd%.Dockerfile", HOSTILE)
    root = _junit(run(["we,i:rd%.Dockerfile"]))
    text = ET.tostring(root, encoding="unicode")
    assert "\x1b" not in text
    assert "\\x1b[31m[bold]x\\x07\\u202e" in text
    assert "[red]evil[/red]:latest" in text
    suite = root.find("testsuite")
    assert suite is not None
    assert _counts(suite) == (str(len(run(["we,i:rd%.Dockerfile"]).rules)), "3", "0")


def test_junit_empty_run() -> None:
    root = _junit(RunResult())
    assert _counts(root) == ("0", "0", "0")
    assert list(root) == []


# --- every CI format, any text ------------------------------------------------------------

ANY_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(path=ANY_TEXT, message=ANY_TEXT, fix=st.none() | ANY_TEXT, problem=ANY_TEXT)
# A lone surrogate no file name decodes to; XML-illegal U+FFFE; markup and a command.
@example(path="\ud800", message="\ufffe<x>&", fix="\x00", problem="::error::x\n")
def test_any_text_gives_well_formed_output(
    path: str, message: str, fix: str | None, problem: str
) -> None:
    from dockerlint_ml.run.results import Problem

    path = path or "Dockerfile"
    finding = Finding("DLM001", "base-image-unpinned", Severity.WARNING, message, Span(1, 1, 1, 2),
                      fix, path)  # fmt: skip
    result = RunResult(
        files=[FileReport(path, [finding], parse("FROM x\n", path))],
        problems=[Problem(path, problem), Problem(None, problem, "plugin")],
    )
    root = _junit(result)
    assert _counts(root) == ("3", "1", "2")
    sarif = json.loads(_render("sarif", result))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "DLM001"
    assert len(_gitlab(result)) == 1
    commands = workflow_commands(_render("github", result))
    assert [c.name for c in commands] == ["warning", "group", "endgroup"]
    assert commands[0].data == visible(message_text(finding))
    assert commands[0].props["title"] == "DLM001 base-image-unpinned"

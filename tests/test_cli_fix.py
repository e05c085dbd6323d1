"""The fix workflow on the command line: --fix, --unsafe-fixes, --fix-only, --show-fixes,
--diff, standard input, what is never fixed, and the exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli import cli, write

BASE = ("--isolated", "--no-context", "--select", "DLM0,DLM9")
# DLM007 (safe) and DLM006 (unsafe) on one `pipenv install`; nothing else reported.
PIPENV = """\
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir pipenv==2024.4.0
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv install
COPY app.py ./
CMD ["python", "app.py"]
"""
SAFE_FIXED = PIPENV.replace("RUN pipenv install\n", "RUN pipenv install --deploy\n")
ALL_FIXED = PIPENV.replace("RUN pipenv install\n", "RUN pipenv install --deploy --system\n")


def test_fix_writes_the_safe_fixes_and_reports_what_remains(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--format", "plain", "--fix", str(path))
    assert path.read_text() == SAFE_FIXED
    assert done.code == 1  # DLM006 (unsafe) remains, an error
    assert [line.split()[1] for line in done.out.splitlines()[:-1]] == ["DLM006"]
    assert done.out.splitlines()[0].startswith(f"{path}:6:5: DLM006 ")


def test_unsafe_fixes_too_and_exit_0_when_nothing_remains(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--format", "json", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == ALL_FIXED
    assert (done.code, json.loads(done.out)) == (0, [])


def test_fix_never_applies_fixes_of_silenced_findings(tmp_path: Path) -> None:
    text = PIPENV.replace(
        "RUN pipenv install\n", "# dockerlint-ml ignore=DLM007\nRUN pipenv install\n"
    )
    path = write(tmp_path, "Dockerfile", text)
    cli(*BASE, "--fix", str(path))
    assert path.read_text() == text
    cli(*BASE, "--ignore", "DLM007", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == text.replace("pipenv install\n", "pipenv install --system\n")


def test_unfixable_in_the_configuration(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    write(tmp_path, ".dockerlint-ml.toml", 'select = ["DLM0", "DLM9"]\nunfixable = ["DLM007"]\n')
    done = cli("--no-context", "--format", "json", "--fix", str(path), cwd=tmp_path)
    assert path.read_text() == PIPENV
    assert [(f["code"], f["fixable"], f["edits"]) for f in json.loads(done.out)] == [
        ("DLM006", "unsafe", [{"line": 6, "column": 19, "end_line": 6, "end_column": 19,
                               "text": " --system"}]),
        ("DLM007", None, []),
    ]  # fmt: skip
    write(tmp_path, ".dockerlint-ml.toml", 'select = ["DLM0", "DLM9"]\nfixable = ["DLM006"]\n')
    cli("--no-context", "--fix", "--unsafe-fixes", str(path), cwd=tmp_path)
    assert path.read_text() == PIPENV.replace("install\n", "install --system\n")


def test_unknown_fixable_selector_is_a_configuration_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    write(tmp_path, ".dockerlint-ml.toml", 'unfixable = ["DLM7"]\n')
    done = cli("--fix", str(path), cwd=tmp_path)
    assert done.code == 2
    assert "unknown rule selector in unfixable: 'DLM7'" in done.err


def test_fix_only_and_show_fixes(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--fix-only", "--show-fixes", "--unsafe-fixes", str(path))
    assert path.read_text() == ALL_FIXED
    assert done.code == 0
    assert done.out.splitlines() == [
        f"{path}:6:5: DLM006 Add --system",
        f"{path}:6:5: DLM007 Add --deploy",
        "fixed 2 findings in 1 file",
    ]
    again = cli(*BASE, "--fix-only", str(path))
    assert (again.code, again.out) == (0, "no fixes applied\n")


def test_diff_writes_nothing_and_exits_1_when_there_is_a_diff(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--diff", "Dockerfile", cwd=tmp_path)
    assert path.read_text() == PIPENV
    assert done.code == 1
    assert done.out == (
        "--- a/Dockerfile\n"
        "+++ b/Dockerfile\n"
        "@@ -3,6 +3,6 @@\n"
        " RUN pip install --no-cache-dir pipenv==2024.4.0\n"
        " WORKDIR /app\n"
        " COPY Pipfile Pipfile.lock ./\n"
        "-RUN pipenv install\n"
        "+RUN pipenv install --deploy\n"
        " COPY app.py ./\n"
        ' CMD ["python", "app.py"]\n'
    )
    assert done.err == "dockerlint-ml: would fix 1 finding in 1 file\n"
    clean = write(tmp_path, "Dockerfile", SAFE_FIXED)
    none = cli(*BASE, "--diff", str(clean))
    assert (none.code, none.out, none.err) == (0, "", "dockerlint-ml: no fixes to apply\n")


def test_diff_exits_2_on_problems(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--diff", "Dockerfile", "missing/Dockerfile", cwd=tmp_path)
    assert done.code == 2
    assert done.out.startswith("--- a/Dockerfile\n")
    assert "missing/Dockerfile: no such file or directory" in done.err


def test_diff_with_fix_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    done = cli(*BASE, "--diff", "--fix", str(path))
    assert done.code == 2
    assert "--diff cannot be used with --fix or --fix-only" in done.err


def test_fix_on_stdin_prints_the_fixed_text_and_reports_on_stderr() -> None:
    done = cli(*BASE, "--format", "plain", "--fix", "-", stdin=PIPENV.encode())
    assert done.out == SAFE_FIXED
    assert done.code == 1
    assert "-:6:5: DLM006 pipenv-install-without-system" in done.err
    assert "1 finding (1 error) in 1 file" in done.err


def test_fix_keeps_crlf_and_a_missing_final_newline(tmp_path: Path) -> None:
    text = PIPENV.replace("\n", "\r\n").rstrip("\r\n")
    path = write(tmp_path, "Dockerfile", text.encode())
    cli(*BASE, "--fix", str(path))
    assert path.read_bytes() == SAFE_FIXED.replace("\n", "\r\n").rstrip("\r\n").encode()


def test_fix_skips_an_instruction_with_a_parse_error(tmp_path: Path) -> None:
    # `--bogus` is an unknown flag: DLM000 on the RUN, whose fix is then not applied.
    text = PIPENV.replace("RUN pipenv install\n", "RUN --bogus pipenv install\n")
    path = write(tmp_path, "Dockerfile", text)
    done = cli(*BASE, "--format", "json", "--fix", str(path))
    assert path.read_text() == text
    found = {(f["code"], f["fixable"]) for f in json.loads(done.out)}
    assert ("DLM000", None) in found and ("DLM007", None) in found


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only directories")
def test_a_file_that_cannot_be_written_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "ro", "Dockerfile", PIPENV)
    path.parent.chmod(0o555)
    try:
        done = cli(*BASE, "--fix", str(path))
    finally:
        path.parent.chmod(0o755)
    assert done.code == 2
    assert f"{path}: cannot write the fixed file: permission denied" in done.err
    assert path.read_text() == PIPENV


def test_symlinked_dockerfile_is_fixed_in_its_target(tmp_path: Path) -> None:
    target = write(tmp_path, "real/Dockerfile", PIPENV)
    link = tmp_path / "Dockerfile"
    link.symlink_to(target)
    cli(*BASE, "--fix", str(link))
    assert link.is_symlink()
    assert target.read_text() == SAFE_FIXED


def test_rules_lists_fixability(tmp_path: Path) -> None:
    rows = {r["code"]: r["fixable"] for r in json.loads(cli("rules", "--format", "json").out)}
    assert (rows["DLM007"], rows["DLM006"], rows["DLM008"], rows["DLM011"]) == (
        "safe",
        "unsafe",
        "mixed",
        None,
    )
    plain = cli("rules", "--format", "plain").out.splitlines()
    assert plain[0].split()[:5] == ["CODE", "NAME", "LEVEL", "DEFAULT", "FIX"]
    assert next(line for line in plain if line.startswith("DLM007 ")).split()[4] == "safe"


# A plugin whose fix is always offered again (it never converges), or breaks the parse.
PLUGIN = '''
from dockerlint_ml.plugin import SAFE, Edit, Fix, Rule, Severity, Span


class Loop(Rule):
    """Demo.

    ## Why is this bad?

    Demo.
    """

    code = "XYZ001"
    name = "always-again"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    fixable = "safe"

    def check(self, instruction, ctx):
        span = instruction.span
        end = Span(span.end_line, span.end_column, span.end_line, span.end_column)
        text = {text!r}
        yield self.finding(instruction, "again", autofix=Fix("t", SAFE, (Edit(end, text),)))
'''


def _plugin(tmp_path: Path, text: str) -> dict[str, str]:
    site = tmp_path / "site"
    write(site, "loopplugin.py", PLUGIN.replace("{text!r}", repr(text)))
    write(site, "loopplugin-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: loopplugin\n")
    write(
        site,
        "loopplugin-0.1.dist-info/entry_points.txt",
        "[dockerlint_ml.rules]\nloop = loopplugin:Loop\n",
    )
    return {"PYTHONPATH": str(site)}


def test_fixes_that_never_converge_stop_after_ten_rounds(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", "FROM python:3.12-slim\n")
    env = _plugin(tmp_path, " ")
    done = cli("--isolated", "--select", "XYZ001", "--fix", str(path), env=env)
    assert path.read_text() == "FROM python:3.12-slim" + " " * 10 + "\n"
    assert f"dockerlint-ml: notice: {path}: fixes did not converge after 10 rounds" in done.err
    assert done.code == 1  # the finding left is reported


def test_a_fix_that_breaks_the_parse_is_not_applied(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", "FROM python:3.12-slim\n")
    env = _plugin(tmp_path, "\nRUN --bogus true")
    done = cli("--isolated", "--select", "XYZ001", "--fix", str(path), env=env)
    assert path.read_text() == "FROM python:3.12-slim\n"
    assert f"notice: {path}: a fix left the file unparsable; not applied" in done.err


def test_fix_never_applies_fixes_of_baselined_findings(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", PIPENV)
    baseline = tmp_path / "baseline.json"
    assert cli(*BASE, "--write-baseline", str(baseline), str(path)).code == 0
    done = cli(*BASE, "--baseline", str(baseline), "--fix", "--unsafe-fixes", str(path))
    assert (done.code, path.read_text()) == (0, PIPENV)


def test_a_fix_that_changes_nothing_ends_quietly(tmp_path: Path) -> None:
    path = write(tmp_path, "Dockerfile", "FROM python:3.12-slim\n")
    env = _plugin(tmp_path, "")  # an empty insertion: the text stays as it is
    done = cli("--isolated", "--select", "XYZ001", "--fix", str(path), env=env)
    assert path.read_text() == "FROM python:3.12-slim\n"
    assert "notice" not in done.err
    assert done.code == 1

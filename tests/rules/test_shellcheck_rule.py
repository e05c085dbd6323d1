"""The SC rule end to end, with the real ShellCheck: exact Dockerfile positions, the SHELL
each RUN runs under, selectors, pragmas, severities, rc files, the twin with DL3003, the
cache, and what a missing or failing ShellCheck turns into."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import dockerlint_ml.run.shellcheck_jobs as shellcheck_jobs
from dockerlint_ml.run.runner import run
from dockerlint_ml.run.shellcheck import find_shellcheck
from dockerlint_ml.run.shellcheck_jobs import ShellCheckRun

pytestmark = pytest.mark.skipif(
    find_shellcheck(None) is None,
    reason="ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')",
)
CLI = [sys.executable, "-m", "dockerlint_ml"]
Row = tuple[str, int, int, int, int]
# Every ShellCheck code, those off by default too: a prefix longer than `SC` names them.
EVERY = ("SC1", "SC2", "SC3")


def lint(tmp_path: Path, text: str, select: tuple[str, ...] = EVERY, **kw: object) -> list[Row]:
    path = tmp_path / "Dockerfile"
    path.write_bytes(text.encode("utf-8"))
    result = run([str(path)], select=list(select), isolated=True, plugins=False, **kw)  # type: ignore[arg-type]
    assert result.problems == [], [p.line() for p in result.problems]
    return [
        (f.code, f.span.line, f.span.column, f.span.end_line, f.span.end_column)
        for f in result.findings
    ]


# --- positions -----------------------------------------------------------------------------
# Columns are code points, 1-based; the end column is just after the last character.

CONTINUED = "FROM debian:12-slim\nRUN apt-get update && \\\n    echo $(ls) && \\\n    cd /x\n"
CONTINUED_FOUND = [
    ("SC2005", 3, 10, 3, 15),
    ("SC2046", 3, 10, 3, 15),
    ("SC2164", 4, 5, 4, 10),
]


def test_positions_over_continuation_lines(tmp_path: Path) -> None:
    assert lint(tmp_path, CONTINUED) == CONTINUED_FOUND


def test_positions_with_crlf_line_ends(tmp_path: Path) -> None:
    assert lint(tmp_path, CONTINUED.replace("\n", "\r\n")) == CONTINUED_FOUND


def test_positions_with_tabs(tmp_path: Path) -> None:
    # A tab is one column, as in every other finding (ShellCheck's json1 counts it so).
    text = "FROM debian:12-slim\nRUN\techo\t$(ls) \\\n\t&& cd /x\n"
    assert lint(tmp_path, text) == [
        ("SC2005", 2, 10, 2, 15),
        ("SC2046", 2, 10, 2, 15),
        ("SC2164", 3, 5, 3, 10),
    ]


def test_positions_under_the_backtick_escape_directive(tmp_path: Path) -> None:
    text = "# escape=`\nFROM debian:12-slim\nRUN echo $(ls) `\n    && cd /x\n"
    assert lint(tmp_path, text) == [
        ("SC2005", 3, 10, 3, 15),
        ("SC2046", 3, 10, 3, 15),
        ("SC2164", 4, 8, 4, 13),
    ]


def test_positions_in_a_heredoc_body(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN <<EOF\nset -e\necho $(ls)\nEOF\n"
    assert lint(tmp_path, text) == [("SC2005", 4, 6, 4, 11), ("SC2046", 4, 6, 4, 11)]


def test_positions_after_non_ascii_text(tmp_path: Path) -> None:
    text = 'FROM debian:12-slim\nRUN echo "héllo→" $(ls)\n'
    assert lint(tmp_path, text) == [("SC2046", 2, 19, 2, 24)]


def test_onbuild_run(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nONBUILD RUN echo $(ls)\n"
    assert lint(tmp_path, text) == [("SC2005", 2, 18, 2, 23), ("SC2046", 2, 18, 2, 23)]


def test_every_finding_of_one_run(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN echo $(ls) && [[ -d /opt ]] && cd /x\n"
    assert lint(tmp_path, text) == [
        ("SC2005", 2, 10, 2, 15),
        ("SC2046", 2, 10, 2, 15),
        ("SC3010", 2, 19, 2, 32),
        ("SC2164", 2, 36, 2, 41),
    ]


# --- the script each RUN is ----------------------------------------------------------------


def test_the_shell_is_kept_after_arg_and_env(tmp_path: Path) -> None:
    # hadolint 2.15.1 checks this RUN as /bin/sh and reports SC3010.
    bash = 'FROM debian:12-slim\nSHELL ["/bin/bash", "-c"]\nARG V=1\nENV W=2\nRUN [[ -d /opt ]]\n'
    assert lint(tmp_path, bash) == []
    sh = "FROM debian:12-slim\nARG V=1\nRUN [[ -d /opt ]]\n"
    assert lint(tmp_path, sh) == [("SC3010", 3, 5, 3, 18)]


def test_the_shell_is_inherited_from_the_parent_stage(tmp_path: Path) -> None:
    text = (
        'FROM debian:12-slim AS base\nSHELL ["/usr/bin/env", "bash", "-c"]\n'
        "FROM base\nRUN [[ -d /opt ]]\n"
    )
    assert lint(tmp_path, text) == []


def test_build_arguments_of_a_parent_stage_are_in_scope(tmp_path: Path) -> None:
    # BuildKit passes the ARGs of `base` on to `FROM base`; `missing` is nowhere.
    text = (
        "FROM debian:12-slim AS base\nARG version=1.2\nFROM base AS full\n"
        'RUN echo "$version" "$missing"\n'
    )
    assert lint(tmp_path, text) == [("SC2154", 4, 22, 4, 30)]


def test_variables_are_checked_with_their_values(tmp_path: Path) -> None:
    text = 'FROM debian:12-slim\nARG DIR="a b"\nARG OK=/opt\nRUN ls $DIR $OK\n'
    assert lint(tmp_path, text) == [("SC2086", 4, 8, 4, 12)]


def test_a_directive_in_a_heredoc_body(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN <<EOF\n# shellcheck disable=SC2046\necho $(ls)\nEOF\n"
    assert lint(tmp_path, text) == [("SC2005", 4, 6, 4, 11)]


def test_a_quoted_heredoc_handed_to_a_shell_is_its_script(tmp_path: Path) -> None:
    # bash reads the body: checked as bash (no SC3010 for `[[`), at the body's positions.
    text = 'FROM debian:12-slim\nRUN <<"EOF" bash -ex\nrm -rf $DIR\n[[ -d /x ]]\nEOF\n'
    assert lint(tmp_path, text) == [("SC2086", 3, 8, 3, 12)]
    under_sh = "FROM debian:12-slim\nRUN sh -e <<'EOF'\n[[ -d /x ]]\nEOF\n"
    assert lint(tmp_path, under_sh) == [("SC3010", 3, 1, 3, 12)]
    # Unquoted, the RUN's shell expands the body first; with -c, the body is not the script.
    assert lint(tmp_path, "FROM debian:12-slim\nRUN sh -e <<EOF\n[[ -d /x ]]\nEOF\n") == []
    assert lint(tmp_path, "FROM debian:12-slim\nRUN <<'EOF' bash -c 'true'\n[[ x ]]\nEOF\n") == []


def test_heredocs_a_program_reads_are_not_scripts(tmp_path: Path) -> None:
    text = (
        "FROM python:3.12-slim\nRUN python3 <<EOF\nprint($(x))\nEOF\n"
        "RUN cat <<EOF > /f\necho $(ls)\nEOF\n"
    )
    assert lint(tmp_path, text) == []


def test_exec_form_and_other_shells_are_not_checked(tmp_path: Path) -> None:
    text = (
        'FROM debian:12-slim\nRUN ["sh", "-c", "echo $(ls)"]\n'
        'SHELL ["pwsh", "-Command"]\nRUN echo $(ls)\n'
    )
    assert lint(tmp_path, text) == []


def test_a_shellcheckrc_above_the_dockerfile_is_honoured(tmp_path: Path) -> None:
    (tmp_path / ".shellcheckrc").write_text("disable=SC2046\n", "utf-8")
    sub = tmp_path / "svc"
    sub.mkdir()
    assert lint(sub, "FROM debian:12-slim\nRUN echo $(ls)\n") == [("SC2005", 2, 10, 2, 15)]


# --- selectors, pragmas, severities ----------------------------------------------------------


def test_codes_off_by_default_need_their_code_or_a_longer_prefix(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN echo $(ls) && pip install flask>=3.0 x>=1\n"
    default = [r[0] for r in lint(tmp_path, text, ("DLM001",), extend_select=None)]
    assert default == []  # DLM001 only: the selection above names no SC code
    assert [r[0] for r in lint(tmp_path, text, ("SC",))] == ["SC2005", "SC2261", "SC2261"]
    assert [r[0] for r in lint(tmp_path, text, ("ALL",)) if r[0].startswith("SC")] == [
        "SC2005",
        "SC2261",
        "SC2261",
    ]
    assert [r[0] for r in lint(tmp_path, text, ("SC", "SC2046"))] == [
        "SC2005",
        "SC2046",
        "SC2261",
        "SC2261",
    ]


def test_codes_and_prefixes_select_and_ignore(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN echo $(ls) && [[ -d /opt ]]\n"
    assert [r[0] for r in lint(tmp_path, text, ("SC3010",))] == ["SC3010"]
    assert [r[0] for r in lint(tmp_path, text, ("SC20",))] == ["SC2005", "SC2046"]
    assert [r[0] for r in lint(tmp_path, text, EVERY, ignore=["SC20"])] == ["SC3010"]
    assert [r[0] for r in lint(tmp_path, text, EVERY, ignore=["SC2005"])] == [
        "SC2046",
        "SC3010",
    ]


def test_pragmas_name_codes_and_unused_ones_are_reported(tmp_path: Path) -> None:
    text = (
        "FROM debian:12-slim\n# dockerlint-ml ignore=SC20\nRUN echo $(ls)\n"
        "# dockerlint-ml ignore=SC2086\nRUN echo hi\n"
    )
    assert lint(tmp_path, text, (*EVERY, "DLM901")) == [("DLM901", 4, 1, 4, 30)]


def test_dl3003_keeps_the_cd_finding(tmp_path: Path) -> None:
    text = "FROM debian:12-slim\nRUN cd /x; make\n"
    assert lint(tmp_path, text) == [("SC2164", 2, 5, 2, 10)]
    assert [r[0] for r in lint(tmp_path, text, (*EVERY, "DL3003"))] == ["DL3003"]


def test_configuration_keys_take_codes_and_prefixes(tmp_path: Path) -> None:
    (tmp_path / ".dockerlint-ml.toml").write_text(
        'select = ["SC1", "SC2", "SC3"]\nseverity = { SC2046 = "error", SC30 = "style" }\n'
        'per-file-ignores = { "legacy/*" = ["SC20"] }\n',
        "utf-8",
    )
    text = "FROM debian:12-slim\nRUN echo $(ls) && [[ -d /opt ]]\n"
    (tmp_path / "Dockerfile").write_text(text, "utf-8")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "Dockerfile").write_text(text, "utf-8")
    result = run([str(tmp_path)], plugins=False)
    assert result.problems == []
    assert [(f.code, f.severity.label) for f in result.files[0].findings] == [
        ("SC2005", "style"),
        ("SC2046", "error"),
        ("SC3010", "style"),
    ]
    assert [f.code for f in result.files[1].findings] == ["SC3010"]


# --- the cache ---------------------------------------------------------------------------------


def test_a_second_run_spawns_no_shellcheck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKERLINT_ML_CACHE_DIR", str(tmp_path / "cache"))
    runs: list[ShellCheckRun] = []

    class Recorded(ShellCheckRun):
        def __init__(self, **kw: bool) -> None:
            super().__init__(**kw)
            runs.append(self)

    monkeypatch.setattr(shellcheck_jobs, "ShellCheckRun", Recorded)
    for n in range(3):
        (tmp_path / f"Dockerfile.{n}").write_text(f"FROM debian:12-slim\nRUN echo $(ls {n})\n")
    paths = [str(tmp_path / f"Dockerfile.{n}") for n in range(3)]
    first = run(paths, select=list(EVERY), isolated=True, plugins=False)
    # Not even `shellcheck --version` runs the second time: the version is cached too.
    real_run = subprocess.run

    def no_process(*args: object, **kw: object) -> object:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "run", no_process)
    second = run(paths, select=list(EVERY), isolated=True, plugins=False)
    monkeypatch.setattr(subprocess, "run", real_run)
    assert first.findings == second.findings
    assert len(first.findings) == 6
    assert runs[0].spawned() == 1
    assert runs[1].spawned() == 0
    # Three scripts and the program's version, all from the cache.
    assert [s.cache.hits for s in runs[1]._services.values()] == [4]  # type: ignore[union-attr]
    # --no-cache: no reads, no writes, ShellCheck asked again.
    third = run(paths, select=list(EVERY), isolated=True, plugins=False, cache=False)
    assert third.findings == first.findings
    assert runs[2].spawned() == 1


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian:12-slim\nRUN echo $(ls)\n", "utf-8")
    cache = tmp_path / "cache"
    env = {"DOCKERLINT_ML_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    args = [*CLI, "--isolated", "--select", "SC2", str(tmp_path / "Dockerfile")]
    done = subprocess.run([*args, "--no-cache"], capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    assert not cache.exists()
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    # The script's answer and the program's version.
    assert len(list((cache / "shellcheck").glob("*/*.json"))) == 2


# --- ShellCheck missing or failing ---------------------------------------------------------------


@pytest.fixture
def no_shellcheck(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shellcheck_jobs.find_shellcheck
    monkeypatch.setattr(
        shellcheck_jobs, "find_shellcheck", lambda c: None if c is None else real(c)
    )


MISSING = "ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')"


@pytest.mark.usefixtures("no_shellcheck")
def test_missing_when_selected_by_default_is_one_notice(tmp_path: Path) -> None:
    text = "FROM python\n# dockerlint-ml ignore=SC2046\nRUN echo $(ls)\n"
    for n in range(2):
        (tmp_path / f"Dockerfile.{n}").write_text(text, "utf-8")
    result = run([str(tmp_path)], isolated=True, extend_select=["DLM901"], plugins=False)
    assert result.problems == []
    assert result.notices == [f"{MISSING}: the SC rules (ShellCheck inside RUN) are skipped"]
    # The rest is linted; the SC pragma is not called unused when ShellCheck did not run.
    assert [f.code for f in result.findings] == ["DLM001", "DLM002", "DLM001", "DLM002"]
    assert all(r.code != "SC" for r in result.rules)


@pytest.mark.usefixtures("no_shellcheck")
@pytest.mark.parametrize("select", [["SC"], ["SC2086"], ["shellcheck"]])
def test_missing_when_selected_explicitly_is_one_problem(tmp_path: Path, select: list[str]) -> None:
    for n in range(2):
        (tmp_path / f"Dockerfile.{n}").write_text("FROM python\nRUN echo $(ls)\n")
    result = run([str(tmp_path)], isolated=True, extend_select=select, plugins=False)
    assert [p.line() for p in result.problems] == [f"{MISSING}, and the SC rules are selected"]
    assert result.exit_code() == 2
    assert [f.code for f in result.findings] == ["DLM001", "DLM002", "DLM001", "DLM002"]


def test_a_shellcheck_path_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".dockerlint-ml.toml").write_text('shellcheck-path = "bin/nope"\n', "utf-8")
    (tmp_path / "Dockerfile").write_text("FROM debian:12-slim\nRUN echo $(ls)\n", "utf-8")
    config = str(tmp_path / ".dockerlint-ml.toml")
    done = subprocess.run(
        [*CLI, "--config", config, "--format", "json", str(tmp_path / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"dockerlint-ml: shellcheck-path {tmp_path / 'bin' / 'nope'} does not exist,"
        " and the SC rules are selected"
    ]


def test_a_failing_shellcheck_fails_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ShellCheck that hangs on the script saying `hang`, and is the real one otherwise.
    program = tmp_path / "flaky-shellcheck"
    program.write_text(
        '#!/bin/sh\nfor f; do case "$f" in *.sh) if grep -q hang "$f"; then exec sleep 30;'
        f' fi ;; esac; done\nexec "{find_shellcheck(None)}" "$@"\n',
        "utf-8",
    )
    program.chmod(0o755)
    monkeypatch.setattr(shellcheck_jobs, "TIMEOUT", 1.0)
    (tmp_path / ".dockerlint-ml.toml").write_text(f'shellcheck-path = "{program}"\n', "utf-8")
    (tmp_path / "a.Dockerfile").write_text("FROM debian:12-slim\nRUN echo $(ls)\n", "utf-8")
    (tmp_path / "b.Dockerfile").write_text("FROM debian:12-slim\nRUN hang\n", "utf-8")
    config = str(tmp_path / ".dockerlint-ml.toml")
    result = run([str(tmp_path)], select=list(EVERY), plugins=False, cache=False, config=config)
    assert [p.line() for p in result.problems] == [
        f"{tmp_path / 'b.Dockerfile'}: ShellCheck failed: shellcheck timed out after 1 s"
    ]
    assert [(r.path, [f.code for f in r.findings]) for r in result.files] == [
        (str(tmp_path / "a.Dockerfile"), ["SC2005", "SC2046"]),
        (str(tmp_path / "b.Dockerfile"), []),  # linted by the other rules selected
    ]


def test_explain_a_code(tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "explain", "SC2086"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# SC2086 shellcheck\n")
    assert "https://www.shellcheck.net/wiki/SC2086" in done.stdout


def test_a_found_configuration_cannot_choose_the_program(tmp_path: Path) -> None:
    # The repository being linted names a program of its own: it is not run.
    program = tmp_path / "evil"
    program.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\nexit 3\n", "utf-8")
    program.chmod(0o755)
    (tmp_path / ".dockerlint-ml.toml").write_text('shellcheck-path = "evil"\n', "utf-8")
    (tmp_path / "Dockerfile").write_text("FROM debian:12-slim\nRUN echo $(ls)\n", "utf-8")
    result = run([str(tmp_path / "Dockerfile")], select=list(EVERY), plugins=False, cache=False)
    assert not (tmp_path / "ran").exists()
    assert result.problems == []
    assert result.notices == [
        f"{tmp_path / '.dockerlint-ml.toml'}: 'shellcheck-path' is used only from a file named"
        " by --config; the installed ShellCheck runs instead"
    ]
    assert [f.code for f in result.findings] == ["SC2005", "SC2046"]

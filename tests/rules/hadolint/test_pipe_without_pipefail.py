"""DL4006 pipe-without-pipefail: hadolint's spec cases (DL4006Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, linter, table_tests

CODE = "DL4006"

WGET = "RUN wget -O - https://some.site | wc -l file > /number\n"
PS = "RUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n"

# DL4006Spec.hs at v2.15.1, in our words (it has no onbuild variants).
SPEC: list[Case] = [
    (
        "spec: a pipe and no SHELL",
        "FROM scratch\nRUN wget -O - https://some.site | wc -l > /number\n",
        [2],
    ),
    (
        "spec: no pipe",
        "FROM scratch as build\nRUN wget -O - https://some.site && wc -l file > /number\n",
        [],
    ),
    (
        "spec: bash -eo pipefail",
        'FROM scratch as build\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\n' + WGET,
        [],
    ),
    (
        "spec: bash -e -o pipefail",
        'FROM scratch as build\nSHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]\n' + WGET,
        [],
    ),
    (
        "spec: bash -o errexit -o pipefail",
        'FROM scratch as build\nSHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]\n'
        + WGET,
        [],
    ),
    (
        "spec: zsh -o pipefail",
        'FROM scratch as build\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\n' + WGET,
        [],
    ),
    ("spec: pwsh", 'FROM scratch as build\nSHELL ["pwsh", "-c"]\n' + PS, []),
    (
        "spec: plain sh -o pipefail still warns",
        'FROM scratch as build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n' + WGET,
        [3],
    ),
    (
        "spec: every FROM of an image starts over",
        'FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        + WGET
        + "FROM scratch as build2\n"
        + WGET,
        [5],
    ),
    (
        "spec: a later SHELL without pipefail",
        'FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        + WGET
        + 'SHELL ["/bin/sh", "-c"]\n'
        + WGET,
        [5],
    ),
    (
        "spec: pwsh with spaces in the array",
        'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "pwsh", "-c" ]\n' + PS,
        [],
    ),
    (
        "spec: powershell.exe",
        'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "powershell.exe" ]\n' + PS,
        [],
    ),
    (
        "spec: cmd.exe",
        'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "cmd.exe", "/c" ]\n' + PS,
        [],
    ),
    # Added to DL4006Spec.hs after 2.15.1 (#977): 2.15.1 reports them, we follow the fix.
    (
        "spec after 2.15.1: /usr/bin/bash",
        'FROM scratch as build\nSHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]\n' + WGET,
        [],
    ),
    (
        "spec after 2.15.1: /usr/local/bin/zsh",
        'FROM scratch as build\nSHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]\n' + WGET,
        [],
    ),
]

D = "FROM debian:12-slim\n"
BASH = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
OURS: list[Case] = [
    ("pipe to bash", D + "RUN curl -fsSL https://x/setup.sh | bash -\n", [2]),
    ("echo then a command that can fail", D + "RUN echo x | a | b\n", [2]),
    ("grep without -q", D + "RUN curl -fsSL x | grep -v '^#' > list\n", [2]),
    ("grep -q then a real pipe", D + "RUN a | grep -q x && curl x | sh\n", [2]),
    ("echo first, a real pipe later", D + "RUN echo x | sha256sum -c - && curl x | sh\n", [2]),
    ("|& is a pipe", D + "RUN a |& b\n", [2]),
    ("|| is not a pipe", D + "RUN a || b\n", []),
    ("a quoted bar is not a pipe", D + "RUN echo 'a|b' \"c | d\"\n", []),
    ("in a substitution", D + "RUN x=$(a | b) && echo $x\n", [2]),
    ("in a subshell", D + "RUN (a | b)\n", [2]),
    ("in an if body", D + "RUN if true; then a | b; fi\n", [2]),
    ("once per RUN", D + "RUN a | b && c | d\n", [2]),
    ("each RUN", D + "RUN a | b\nRUN c | d\n", [2, 3]),
    ("continuation lines: the RUN's first line", D + "RUN echo start && \\\n  a | b\n", [2]),
    ("variables", D + "RUN $CMD | $OTHER\n", [2]),
    ("bash -euxo pipefail", D + 'SHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN a | b\n', []),
    (
        "bash --login -o pipefail",
        D + 'SHELL ["bash", "--login", "-o", "pipefail", "-c"]\nRUN a | b\n',
        [],
    ),
    (
        "ash -o pipefail",
        'FROM alpine:3\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\n',
        [],
    ),
    ("bash without pipefail", D + 'SHELL ["/bin/bash", "-c"]\nRUN a | b\n', [3]),
    (
        "bash -opipefail is no option",
        D + 'SHELL ["/bin/bash", "-opipefail", "-c"]\nRUN a | b\n',
        [3],
    ),
    ("dash -o pipefail", D + 'SHELL ["/bin/dash", "-o", "pipefail", "-c"]\nRUN a | b\n', [3]),
    ("SHELL after the RUN", D + "RUN a | b\n" + BASH, [2]),
    ("SHELL kept after ENV and ARG", D + BASH + "ENV A=1\nARG B\nRUN a | b\n", []),
    ("bash -c string is another shell's", D + "RUN bash -c 'a | b'\n", []),
    ("set -o pipefail after the pipe", D + "RUN a | b; set -o pipefail\n", [2]),
    ("exec form sh -c", D + 'RUN ["sh", "-c", "a | b"]\n', [2]),
    ("exec form bash -o pipefail", D + 'RUN ["bash", "-o", "pipefail", "-c", "a | b"]\n', []),
    ("heredoc", D + "RUN <<EOF\na | b\nEOF\n", [2]),
    ("heredoc under a pipefail SHELL", D + BASH + "RUN <<EOF\na | b\nEOF\n", []),
    ("heredoc fed to bash", D + "RUN <<EOF bash\na | b\nEOF\n", [2]),
    ("heredoc data", D + "RUN cat > /x.sh <<EOF\na | b\nEOF\n", []),
    ("heredoc python script", D + "RUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n", []),
    ("ONBUILD RUN is not checked", D + "ONBUILD RUN a | b\n", []),
    (
        "multi-stage: each stage has its own SHELL",
        "FROM debian:12 AS base\n" + BASH + "FROM debian:12\nRUN a | b\n",
        [4],
    ),
    (
        "a checksum piped from echo (reported, as hadolint does: the rule is off by default)",
        D + 'RUN echo "$SHA  f.tar.gz" | sha256sum -c -\n',
        [2],
    ),
    (
        "printf in a substitution (reported, as hadolint does: the rule is off by default)",
        D + 'RUN dst="$(printf %s "$src" | tr -d 3)" && ln -s "$src" "$dst"\n',
        [2],
    ),
    (
        "a grep -q test (reported, as hadolint does: the rule is off by default)",
        D + 'RUN if head -n 1 .git | grep -q "^gitdir:"; then echo worktree; fi\n',
        [2],
    ),
    (
        "a --help check (reported, as hadolint does: the rule is off by default)",
        D + 'RUN optimum-cli export openvino --help | grep -qi "usage: optimum-cli"\n',
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "set -o pipefail in the RUN",
        "FROM alpine:3\nRUN set -o pipefail && a | b\n",
        [2],
        [],
        "the option is on for the pipeline; hadolint only reads SHELL",
    ),
    (
        "heredoc with a bash shebang and set -euo pipefail",
        D + "RUN <<EOF\n#!/bin/bash\nset -euo pipefail\na | b\nEOF\n",
        [2],
        [],
        "BuildKit runs such a heredoc as a bash script, which turns pipefail on (#806)",
    ),
    (
        "heredoc fed to bash that sets pipefail",
        D + "RUN <<EOF bash\nset -o pipefail\na | b\nEOF\n",
        [2],
        [],
        "the shell that runs the pipeline has pipefail on (#1137)",
    ),
    (
        "exec form without a shell",
        D + 'RUN ["a", "|", "b"]\n',
        [2],
        [],
        "no shell runs it: `|` is an argument",
    ),
    (
        "SHELL inherited through FROM <stage>",
        "FROM debian:12 AS base\n" + BASH + "FROM base\nRUN a | b\n",
        [4],
        [],
        "Docker keeps the SHELL of the stage built on; hadolint resets it at every FROM",
    ),
    (
        "/usr/bin/pwsh",
        D + 'SHELL ["/usr/bin/pwsh", "-c"]\nRUN a | b\n',
        [3],
        [],
        "PowerShell by any path; hadolint matches a text prefix",
    ),
    (
        "powershell.exe by a Windows path",
        D + 'SHELL ["C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe",'
        ' "-Command"]\nRUN a | b\n',
        [3],
        [],
        "PowerShell by any path",
    ),
    (
        "/usr/bin/bash (2.15.1; fixed upstream by #1231)",
        D + 'SHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n',
        [3],
        [],
        "bash by any path",
    ),
    (
        "bash -e heredoc (hadolint does not read it)",
        D + "RUN bash -e <<EOF\na | b\nEOF\n",
        [],
        [2],
        "bash runs the heredoc without pipefail; hadolint reads a heredoc only when the"
        " RUN starts with its operator",
    ),
    (
        "a pipefail SHELL does not reach a new bash",
        D + BASH + "RUN <<EOF bash\na | b\nEOF\n",
        [],
        [3],
        "the bash reading the heredoc is a new process without the option",
    ),
]


lint = linter(CODE)
test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_pipeline() -> None:
    (found,) = findings(D + "RUN curl -fsSL https://x | tar xz -C / | cat | wc\n", select=[CODE])
    assert "`curl | tar | cat | ...`" in found.message
    assert found.fix is not None and "pipefail" in found.fix
    (exec_form,) = findings(D + 'RUN ["/bin/sh", "-c", "a | b"]\n', select=[CODE])
    assert exec_form.fix is not None and '"/bin/sh", "-o", "pipefail"' in exec_form.fix


def test_off_by_default_and_run_when_selected() -> None:
    assert lint_snippet(D + "RUN a | b\n") == []
    assert lint_snippet(D + "RUN a | b\n", select=[CODE]) == [(CODE, 2)]


def test_many_pipelines_stay_linear() -> None:
    from dockerlint_ml.facts import run_state
    from dockerlint_ml.rules.hadolint import pipe_without_pipefail
    from tests.helpers import lines_run

    def count(n: int) -> int:
        text = D + "RUN " + "; ".join(["echo x | tr a b"] * n) + "; curl x | sh\n"
        return lines_run((pipe_without_pipefail, run_state), lambda: lint(text))

    small, large = count(10), count(80)
    assert large <= 9 * small, (small, large)

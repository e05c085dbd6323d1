"""DL3047 wget-without-progress: hadolint's spec cases (DL3047Spec.hs) and ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3047"

N = "FROM node as foo\n"
_SPEC_RUNS: list[tuple[str, str, list[int]]] = [
    ("no option", "wget my.xyz", [2]),
    ("--progress=dot:giga", "wget --progress=dot:giga my.xyz", []),
    ("-q", "wget -q my.xyz", []),
    ("--quiet", "wget --quiet my.xyz", []),
    ("-nv", "wget -nv my.xyz", []),
    ("--no-verbose", "wget --no-verbose my.xyz", []),
    ("--output-file=", "wget --output-file=/tmp/wget.log my.xyz", []),
    ("-o FILE", "wget -o /tmp/wget.log my.xyz", []),
    ("--append-output=", "wget --append-output=/tmp/wget.log my.xyz", []),
    ("-a FILE", "wget -a /tmp/wget.log my.xyz", []),
]
# DL3047Spec.hs at v2.15.1, in our words, each with its onbuild variant.
SPEC: list[Case] = [
    (f"spec: {label}", f"{N}RUN {run}\n", lines) for label, run, lines in _SPEC_RUNS
]
SPEC += [
    (f"spec onbuild: {label}", f"{N}ONBUILD RUN {run}\n", lines) for label, run, lines in _SPEC_RUNS
]

D = "FROM debian:12-slim\n"
OURS: list[Case] = [
    ("-O FILE is not quiet", D + "RUN wget -O /tmp/x https://x/y\n", [2]),
    ("-O - piped", D + "RUN wget -O - https://x/y | tar x\n", [2]),
    ("-qO- group", D + "RUN wget -qO- https://x/y | tar x\n", []),
    ("-cq group", D + "RUN wget -cq https://x/y\n", []),
    ("-nc is not -nv", D + "RUN wget -nc https://x/y\n", [2]),
    ("-nvO group is not -nv", D + "RUN wget -nvO x https://x/y\n", [2]),
    ("--progress=bar:force", D + "RUN wget --progress=bar:force https://x/y\n", []),
    ("--show-progress", D + "RUN wget --show-progress https://x/y\n", [2]),
    ("--quiet=on", D + "RUN wget --quiet=on https://x/y\n", []),
    ("-P DIR", D + "RUN wget -P /tmp https://x/y\n", [2]),
    ("-e robots=off", D + "RUN wget -e robots=off https://x/y\n", [2]),
    ("-q in the URL", D + "RUN wget http://x/-q\n", [2]),
    ("--help", D + "RUN wget --help\n", [2]),
    ("busybox wget", D + "RUN busybox wget https://x/y\n", [2]),
    ("busybox wget -q", D + "RUN busybox wget -q https://x/y\n", []),
    ("command wget", D + "RUN command wget https://x/y\n", [2]),
    ("command -v wget", D + "RUN command -v wget\n", []),
    ("once per RUN", D + "RUN wget https://x/a && wget https://x/b\n", [2]),
    ("one of two lacks it", D + "RUN wget -q https://x/a && wget https://x/b\n", [2]),
    ("curl", D + "RUN curl -fsSL https://x/y -o y\n", []),
    ("wget as an argument", D + "RUN apt-get install -y wget\n", []),
    (
        "continuation lines: the RUN's first line",
        D + "RUN set -eux; \\\n    wget -O a.tgz https://x/a.tgz; \\\n    tar xf a.tgz\n",
        [2],
    ),
    ("in an if body", D + "RUN if true; then wget https://x/y; fi\n", [2]),
    ("exec form", D + 'RUN ["wget", "https://x/y"]\n', [2]),
    ("exec form -q", D + 'RUN ["wget", "-q", "https://x/y"]\n', []),
    ("heredoc", D + "RUN <<EOF\nwget https://x/y\nEOF\n", [2]),
    ("heredoc data", D + "RUN cat > /x.sh <<EOF\nwget https://x/y\nEOF\n", []),
    ("variable URL", D + "ARG URL=https://x/y\nRUN wget $URL\n", [3]),
    (
        "multi-stage: each stage",
        "FROM debian:12 AS get\nRUN wget https://x/a\nFROM debian:12\nRUN wget -q https://x/b\n",
        [2],
    ),
    ("Alpine: BusyBox wget too", "FROM alpine:3.20\nRUN wget -O /x https://x/y\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "behind sudo",
        D + "RUN sudo wget https://x/y\n",
        [],
        [2],
        "sudo runs wget; hadolint sees only the command name `sudo`",
    ),
    (
        "written as a path",
        D + "RUN /usr/bin/wget https://x/y\n",
        [],
        [2],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        D + "RUN sh -c 'wget https://x/y'\n",
        [],
        [2],
        "the shell runs wget; hadolint does not read the quoted script",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_fix_hint_is_safe_on_busybox() -> None:
    # BusyBox wget (Alpine) has no --progress: the hint leads with -q, which both have.
    (found,) = findings("FROM alpine:3.20\nRUN wget -O /x https://x/y\n", select=[CODE])
    assert found.fix is not None and found.fix.startswith("Add `-q`")
    assert "GNU wget" in found.fix and "BusyBox" in found.fix


def test_off_by_default() -> None:
    text = D + "RUN wget https://x/y\n"
    assert CODE not in {code for code, _ in lint_snippet(text)}
    (rule,) = [r for r in load_registry(plugins=False).rules if r.code == CODE]
    assert rule.default is False

"""DL3015 apt-get-install-recommends: hadolint's spec cases (DL3015Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3015"

# DL3015Spec.hs at v2.15.1, in our words, each with its onbuild variant.
SPEC: list[Case] = [
    ("spec: flag given", "FROM debian\nRUN apt-get install --no-install-recommends python\n", []),
    ("spec: flag missing", "FROM debian\nRUN apt-get install python\n", [2]),
    ("spec: -y before install", "FROM debian\nRUN apt-get -y install python\n", [2]),
    (
        "spec: -o APT::Install-Recommends=false",
        "FROM debian\nRUN apt-get -o APT::Install-Recommends=false install python\n",
        [],
    ),
    (
        "spec onbuild: flag given",
        "FROM debian\nONBUILD RUN apt-get install --no-install-recommends python\n",
        [],
    ),
    ("spec onbuild: flag missing", "FROM debian\nONBUILD RUN apt-get install python\n", [2]),
    (
        "spec onbuild: -y before install",
        "FROM debian\nONBUILD RUN apt-get -y install python\n",
        [2],
    ),
    (
        "spec onbuild: -o APT::Install-Recommends=false",
        "FROM debian\nONBUILD RUN apt-get -o APT::Install-Recommends=false install python\n",
        [],
    ),
]

D = "FROM debian:12-slim\n"
OURS: list[Case] = [
    ("update only", D + "RUN apt-get update\n", []),
    ("flag after packages", D + "RUN apt-get install -y curl --no-install-recommends\n", []),
    ("flag before install", D + "RUN apt-get --no-install-recommends -y install curl\n", []),
    ("flag with a value", D + "RUN apt-get install -y --no-install-recommends=true curl\n", []),
    ("quoted -o value", D + 'RUN apt-get -o "APT::Install-Recommends=false" install x\n', []),
    ("typo in the flag", D + "RUN apt-get install -y --no-install-recommend curl\n", [2]),
    ("suggests is not recommends", D + "RUN apt-get install -y --no-install-suggests x\n", [2]),
    ("-o =true", D + "RUN apt-get -o APT::Install-Recommends=true install x\n", [2]),
    ("another -o option", D + "RUN apt-get -o Dpkg::Use-Pty=0 install -y x\n", [2]),
    ("once per RUN", D + "RUN apt-get install -y a && apt-get install -y b\n", [2]),
    (
        "one install of two lacks it",
        D + "RUN apt-get install -y a && apt-get install -y --no-install-recommends b\n",
        [2],
    ),
    ("fix-broken install", D + "RUN apt-get install -f\n", [2]),
    ("no package named", D + "RUN apt-get -y install\n", [2]),
    ("local .deb", D + "RUN apt-get install -y ./pkg.deb\n", [2]),
    ("apt, not apt-get", D + "RUN apt install -y curl\n", []),
    ("aptitude", D + "RUN aptitude install -y curl\n", []),
    ("install as an argument", D + "RUN echo apt-get install x\n", []),
    (
        "continuation lines: the RUN's first line",
        D + "RUN apt-get update \\\n && apt-get install -y \\\n    curl\n",
        [2],
    ),
    ("in an if body", D + "RUN if true; then apt-get install -y x; fi\n", [2]),
    ("exec form", D + 'RUN ["apt-get", "install", "-y", "curl"]\n', [2]),
    (
        "exec form with the flag",
        D + 'RUN ["apt-get", "install", "-y", "--no-install-recommends", "curl"]\n',
        [],
    ),
    ("heredoc", D + "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", [2]),
    (
        "heredoc with the flag",
        D + "RUN <<EOF\napt-get install -y --no-install-recommends curl\nEOF\n",
        [],
    ),
    ("variable package list", D + "ARG PKGS=curl\nRUN apt-get install -y $PKGS\n", [3]),
    (
        "multi-stage: each stage",
        "FROM debian:12 AS build\nRUN apt-get install -y gcc\n"
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
        [2],
    ),
    (
        "apt.conf setting is not read",
        D + "RUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norec"
        " && apt-get install -y curl\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "simulated install",
        D + "RUN apt-get install -s curl > /dev/null\n",
        [2],
        [],
        "`-s` only simulates: nothing is installed (an availability probe)",
    ),
    (
        "simulated install, long option",
        D + "RUN apt-get install --dry-run curl\n",
        [2],
        [],
        "`--dry-run` only simulates",
    ),
    (
        "simulate in a group of short options",
        D + "RUN apt-get install -qs curl\n",
        [2],
        [],
        "`-qs` is `-q -s`",
    ),
    (
        "-o ...=0",
        D + "RUN apt-get -o APT::Install-Recommends=0 install curl\n",
        [2],
        [],
        "APT reads 0 as false",
    ),
    (
        "-o in one word",
        D + "RUN apt-get -oAPT::Install-Recommends=false install curl\n",
        [2],
        [],
        "apt-get takes the value of -o in the same word",
    ),
    (
        "-o in a group of short options",
        D + "RUN apt-get -yo APT::Install-Recommends=no install curl\n",
        [2],
        [],
        "`-yo X` is `-y -o X`, and APT reads no as false",
    ),
    (
        "--option=",
        D + "RUN apt-get --option=APT::Install-Recommends=false install curl\n",
        [2],
        [],
        "`--option=X` is the long spelling of `-o X`",
    ),
    (
        "behind sudo",
        D + "RUN sudo apt-get install -y curl\n",
        [],
        [2],
        "sudo runs apt-get; hadolint sees only the command name `sudo`",
    ),
    (
        "a script a shell reads from a heredoc",
        D + "RUN bash -ex <<EOF\napt-get install -y bc\nEOF\n",
        [],
        [2],
        "bash runs the heredoc as its script; hadolint sees only `bash`",
    ),
    (
        "written as a path",
        D + "RUN /usr/bin/apt-get install -y curl\n",
        [],
        [2],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        D + "RUN sh -c 'apt-get install -y curl'\n",
        [],
        [2],
        "the shell runs apt-get; hadolint does not read the quoted script",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(D + "RUN apt-get install -y curl\n", select=[CODE])
    assert "`apt-get install`" in found.message
    assert "--no-install-recommends" in found.message
    assert found.fix is not None and "ca-certificates" in found.fix


def test_default_selection() -> None:
    assert (CODE, 2) in lint_snippet(D + "RUN apt-get install -y curl\n")

"""DL3027 apt-in-run: hadolint's spec cases (test/Hadolint/Rule/DL3027Spec.hs) and ours."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3027"

# DL3027Spec.hs at v2.15.1, in our words; each RUN also wrapped in ONBUILD, as its
# onbuild variant does.
SPEC: list[Case] = [
    ("spec: apt install", "FROM ubuntu\nRUN apt install python\n", [2]),
    ("spec onbuild: apt install", "FROM ubuntu\nONBUILD RUN apt install python\n", [2]),
]

OURS: list[Case] = [
    ("apt update alone", "FROM ubuntu:24.04\nRUN apt update\n", [2]),
    ("any subcommand", "FROM ubuntu:24.04\nRUN apt list --installed\n", [2]),
    ("once per RUN", "FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n", [2]),
    ("one finding per RUN", "FROM ubuntu:24.04\nRUN apt update\nRUN apt install -y x\n", [2, 3]),
    ("apt-get", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y x\n", []),
    ("apt-cache", "FROM ubuntu:24.04\nRUN apt-cache policy curl\n", []),
    ("aptitude", "FROM ubuntu:24.04\nRUN aptitude install x\n", []),
    ("apt as an argument", "FROM ubuntu:24.04\nRUN echo apt\n", []),
    ("apt in a quoted string", "FROM ubuntu:24.04\nRUN echo 'apt install x'\n", []),
    ("apt in a word", "FROM ubuntu:24.04\nRUN ls /etc/apt\n", []),
    (
        "assignment prefix",
        "FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt install -y x\n",
        [2],
    ),
    ("in a subshell", "FROM ubuntu:24.04\nRUN (apt update) && echo ok\n", [2]),
    ("in an if body", "FROM ubuntu:24.04\nRUN if true; then apt install x; fi\n", [2]),
    (
        "continuation lines: the RUN's first line",
        "FROM ubuntu:24.04\nRUN echo a \\\n    && apt-get update \\\n    && apt install x\n",
        [2],
    ),
    ("exec form", 'FROM ubuntu:24.04\nRUN ["apt", "install", "x"]\n', [2]),
    ("heredoc", "FROM ubuntu:24.04\nRUN <<EOF\napt-get update\napt install x\nEOF\n", [2]),
    ("heredoc data", "FROM ubuntu:24.04\nRUN cat > /x.txt <<EOF\napt install x\nEOF\n", []),
    (
        "multi-stage: each stage",
        "FROM ubuntu:24.04 AS build\nRUN apt update\nFROM ubuntu:24.04\nRUN apt update\n",
        [2, 4],
    ),
    ("an unknown word is not apt", "FROM ubuntu:24.04\nARG TOOL=apt\nRUN $TOOL install x\n", []),
    ("CMD is not a RUN", 'FROM ubuntu:24.04\nCMD ["apt", "list"]\n', []),
]

DIFFERENT: list[Different] = [
    (
        "behind sudo",
        "FROM ubuntu:24.04\nRUN sudo apt install -y x\n",
        [],
        [2],
        "sudo runs apt itself; hadolint sees only the command name `sudo`",
    ),
    (
        "written as a path",
        "FROM ubuntu:24.04\nRUN /usr/bin/apt install -y x\n",
        [],
        [2],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        "FROM ubuntu:24.04\nRUN sh -c 'apt update'\n",
        [],
        [2],
        "the shell runs apt; hadolint does not read the quoted script",
    ),
    (
        "behind env",
        "FROM ubuntu:24.04\nRUN env DEBIAN_FRONTEND=noninteractive apt install -y x\n",
        [],
        [2],
        "env runs apt; hadolint sees only `env`",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


@pytest.mark.parametrize(
    ("run", "shown", "fix"),
    [
        ("apt -y install curl", "`apt install`", "`apt-get install`"),
        ("apt full-upgrade -y", "`apt full-upgrade`", "`apt-get dist-upgrade`"),
        ("apt -y upgrade", "`apt upgrade`", "`apt-get upgrade --with-new-pkgs`"),
        ("apt -o Debug::x=1 search curl", "`apt search`", "`apt-cache search`"),
        ("apt list --installed", "`apt list`", "`dpkg-query -W`"),
        ("apt", "`apt`", "`apt-get` or `apt-cache`"),
    ],
)
def test_message_names_the_command_and_the_replacement(run: str, shown: str, fix: str) -> None:
    (found,) = findings(f"FROM ubuntu:24.04\nRUN {run}\n", select=[CODE])
    assert shown in found.message
    assert found.fix is not None and fix in found.fix


def test_default_selection() -> None:
    assert (CODE, 2) in lint_snippet("FROM ubuntu:24.04\nRUN apt update\n")

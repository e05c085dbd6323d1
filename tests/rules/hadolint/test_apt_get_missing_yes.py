"""DL3014 apt-get-missing-yes: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3014Spec.hs as hadolint 2.15.1 runs it (every case checked
with the 2.15.1 binary), each also wrapped in ONBUILD as its onbuild variants do. Nothing is
left out. The spec's installs run on a stage with no `apt-get update`, which we do not report
(no package lists, no prompt): the SPEC rows run after an update RUN (hadolint's lines are the
same), and the spec's reported case without it is a DIFFERENT row.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3014"
# The package lists an install reads come from an update: most rows run after one.
D = "FROM debian:12-slim\nRUN apt-get update\n"
B = "FROM debian:12-slim\n"

_SPEC: list[Case] = [
    ("spec: no -y", "RUN apt-get install python\n", [1]),
    ("spec: -yq", "RUN apt-get install -yq python\n", []),
    ("spec: -qq implies -y", "RUN apt-get install -qq python\n", []),
    ("spec: -y after install", "RUN apt-get install -y python\n", []),
    ("spec: -y before install", "RUN apt-get -y install python\n", []),
    ("spec: --yes", "RUN apt-get --yes install python\n", []),
    ("spec: --assume-yes", "RUN apt-get --assume-yes install python\n", []),
]
SPEC: list[Case] = [(label, D + text, [n + 2 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("-q alone does not answer", D + "RUN apt-get -q install curl\n", [3]),
    ("-q=2", D + "RUN apt-get -q=2 install curl\n", []),
    ("-yqq", D + "RUN apt-get -yqq install curl\n", []),
    ("-q -q: quiet level 2", D + "RUN apt-get -q -q install curl\n", []),
    ("--force-yes is not -y", D + "RUN apt-get --force-yes install curl\n", [3]),
    ("per command", B + "RUN apt-get update && apt-get -y install a && apt-get install b\n", [2]),
    ("once per RUN", D + "RUN apt-get install a && apt-get install b\n", [3]),
    ("per RUN", D + "RUN apt-get install a\nRUN apt-get install b\n", [3, 4]),
    ("no packages", D + "RUN apt-get install\n", [3]),
    ("a variable package list still prompts", D + "RUN apt-get install $PKGS\n", [3]),
    ("other actions", D + "RUN apt-get update && apt-get upgrade\n", []),
    ("apt is DL3027's", D + "RUN apt install curl\n", []),
    ("exec form", D + 'RUN ["apt-get", "install", "curl"]\n', [3]),
    ("continuation: first line", B + "RUN apt-get update \\\n && apt-get install curl\n", [2]),
    ("--yes with a value", D + "RUN apt-get install --yes=true curl\n", []),
    ("apt update in an earlier RUN", B + "RUN apt update\nRUN apt-get install curl\n", [3]),
    ("aptitude update", B + "RUN aptitude update\nRUN apt-get install curl\n", [3]),
    (
        "an update in the stage built on",
        "FROM debian:12-slim AS base\nRUN apt-get update\nFROM base\nRUN apt-get install curl\n",
        [4],
    ),
    (
        "an update two stages down",
        "FROM debian:12-slim AS a\nRUN apt-get update\nFROM a AS b\nFROM b\n"
        "RUN apt-get install curl\n",
        [5],
    ),
    (
        "an update in a branch",
        B + 'RUN if [ -n "$U" ]; then apt-get update; fi; apt-get install c\n',
        [2],
    ),
    (
        "a trigger runs after every RUN of its stage",
        B + "ONBUILD RUN apt-get install curl\nRUN apt-get update\n",
        [2],
    ),
    (
        "a trigger after an update trigger",
        B + "ONBUILD RUN apt-get update\nONBUILD RUN apt-get install curl\n",
        [3],
    ),
]

_NO_LISTS = "no apt-get update before it: without package lists apt-get cannot reach its prompt"
DIFFERENT: list[Different] = [
    ("spec: no -y, no update", B + "RUN apt-get install python\n", [2], [], _NO_LISTS),
    (
        "spec: no -y, no update (onbuild)",
        B + "ONBUILD RUN apt-get install python\n",
        [2],
        [],
        _NO_LISTS,
    ),
    (
        "the update after the install",
        B + "RUN apt-get install curl && apt-get update\n",
        [2],
        [],
        _NO_LISTS,
    ),
    (
        "the update in a later RUN",
        B + "RUN apt-get install curl\nRUN apt-get update\n",
        [2],
        [],
        _NO_LISTS,
    ),
    (
        "the update in a stage not built on",
        "FROM debian:12-slim AS a\nRUN apt-get update\nFROM debian:12-slim\n"
        "RUN apt-get install curl\n",
        [4],
        [],
        _NO_LISTS,
    ),
    (
        "an update trigger runs in another build",
        B + "ONBUILD RUN apt-get update\nRUN apt-get install curl\n",
        [3],
        [],
        _NO_LISTS,
    ),
    (
        "--quiet=2",
        D + "RUN apt-get --quiet=2 install curl\n",
        [3],
        [],
        "quiet level 2 implies -y however it is spelt (apt-get(8))",
    ),
    (
        "-o APT::Get::Assume-Yes=true",
        D + "RUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
        [3],
        [],
        "the configuration item -y sets answers the prompt",
    ),
    (
        "a simulated install",
        D + "RUN apt-get install -s curl\n",
        [3],
        [],
        "-s only simulates and asks nothing",
    ),
    (
        "behind sudo",
        D + "RUN sudo apt-get install curl\n",
        [],
        [3],
        "sudo runs apt-get; hadolint sees only the command name `sudo`",
    ),
    (
        "written as a path",
        D + "RUN /usr/bin/apt-get install curl\n",
        [],
        [3],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        D + "RUN sh -c 'apt-get install curl'\n",
        [],
        [3],
        "the shell runs apt-get; hadolint does not read the quoted script",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(D + "RUN apt-get install curl\n", select=[CODE])
    assert found.message == (
        "`apt-get install` without `-y` stops at its prompt and fails the build."
    )
    assert found.fix == "Add `-y`: `apt-get install -y ...`."


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(D + "RUN apt-get install curl\n")}

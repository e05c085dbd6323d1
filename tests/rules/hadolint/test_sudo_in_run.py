"""DL3004 sudo-in-run: hadolint's spec cases (test/Hadolint/Rule/DL3004Spec.hs, v2.15.1)
and ours. Every spec case is ported, its ONBUILD variant too."""

from __future__ import annotations

import re

import pytest

from dockerlint_ml.rules.hadolint import sudo_in_run
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3004"
F = "FROM debian:12\n"

SPEC: list[Case] = [
    ("spec: sudo", F + "RUN sudo apt-get update\n", [2]),
    ("spec: sudo in ONBUILD", F + "ONBUILD RUN sudo apt-get update\n", [2]),
    ("spec: installing sudo", F + "RUN apt-get install sudo\n", []),
    ("spec: installing sudo in ONBUILD", F + "ONBUILD RUN apt-get install sudo\n", []),
    ("spec: sudo later in a chain", F + "RUN apt-get update && sudo apt-get install\n", [2]),
    (
        "spec: sudo later in a chain, ONBUILD",
        F + "ONBUILD RUN apt-get update && sudo apt-get install\n",
        [2],
    ),
]

OURS: list[Case] = [
    ("exec form", F + 'RUN ["sudo", "apt-get", "update"]\n', [2]),
    ("sudo with options", F + "RUN sudo -E -u app pip install x\n", [2]),
    ("bare sudo", F + "RUN sudo -i\n", [2]),
    ("sudo running a shell", F + 'RUN x && sudo -E bash -c "y"\n', [2]),
    ("the word as an argument", F + "RUN echo sudo\n", []),
    ("sudoers file", F + "RUN echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers\n", []),
    ("once per RUN", F + "RUN sudo a && sudo b\n", [2]),
    ("each RUN", F + "RUN sudo a\nRUN b\nRUN sudo c\n", [2, 4]),
    ("CMD is not checked", F + "CMD sudo x\n", []),
    ("heredoc script", F + "RUN <<EOF\nset -e\nsudo apt-get update\nEOF\n", [2]),
    ("a non-root stage", F + "USER app\nRUN sudo apt-get update\n", [3]),
    (
        "sudo mixed with the user's commands",
        F + "USER app\nRUN pip install x && sudo ldconfig\n",
        [3],
    ),
    ("USER root: reported as redundant", F + "USER root\nRUN sudo apt-get update\n", [3]),
]

DIFFERENT: list[Different] = [
    (
        "sudo by path",
        F + "RUN /usr/bin/sudo x\n",
        [],
        [2],
        "the same program; hadolint matches the name as written",
    ),
    (
        "sudo in sh -c",
        F + 'RUN sh -c "sudo x"\n',
        [],
        [2],
        "the script runs sudo; hadolint does not read `sh -c` scripts",
    ),
    (
        "sudo behind env",
        F + "RUN env sudo x\n",
        [],
        [2],
        "`env` runs sudo; hadolint sees only `env`",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def _fix(text: str) -> tuple[str, str | None]:
    (found,) = findings(text, select=[CODE])
    assert len(found.message) <= 90, found.message
    return found.message, found.fix


REDUNDANT = (
    "`sudo apt-get` in a RUN that already runs as root: `sudo` is redundant.",
    "Drop `sudo`: the stage runs as root.",
)
ALL_SUDO = "Drop `sudo`, put `USER root` before this RUN and switch back to {} after it."
MIXED = (
    "Move the sudo commands to a RUN of their own after `USER root`, without `sudo`, and"
    " switch back to {} after it."
)
USE_USER = "`sudo apt-get` in a RUN: set the build's user with USER instead."


def test_root_stage_says_redundant() -> None:
    assert _fix(F + "RUN sudo apt-get update\n") == REDUNDANT  # debian runs as root
    assert _fix(F + "USER app\nUSER 0:0\nRUN sudo apt-get update\n") == REDUNDANT
    assert _fix(F + "USER root\nRUN pip install x && sudo apt-get update\n") == REDUNDANT
    based = "FROM debian:12 AS base\nFROM base\nRUN sudo apt-get update\n"
    assert _fix(based) == REDUNDANT


def test_sudo_as_another_user_is_not_redundant() -> None:
    message, fix = _fix(F + "RUN sudo -u app make && sudo apt-get update\n")
    assert (message, fix) == (
        "`sudo make` in a RUN: set the build's user with USER instead.",
        "Move the `sudo -u` commands to a RUN of their own after `USER <that user>`, without"
        " `sudo`, and switch back to `USER root` after it.",
    )
    assert "redundant" not in _fix(F + "RUN sudo --user=app make\n")[0]
    assert "redundant" not in _fix(F + "RUN sudo -E -u app make\n")[0]
    assert "redundant" in _fix(F + "RUN sudo -E make\n")[0]


def test_all_sudo_under_a_user() -> None:
    assert _fix(F + "USER app\nRUN sudo apt-get update && sudo apt-get install -y x\n") == (
        USE_USER,
        ALL_SUDO.format("`USER app`"),
    )
    # echo, cd and the like change nothing of the user's: still one RUN under root.
    text = F + "USER app\nRUN echo deb x | sudo tee /etc/apt/x.list && sudo apt-get update\n"
    assert _fix(text)[1] == ALL_SUDO.format("`USER app`")
    # The image's own user, from the image facts; and a user inherited from a base stage.
    ray = "FROM rayproject/ray:2.9.0-py310\nRUN sudo apt-get update\n"
    assert _fix(ray)[1] == ALL_SUDO.format("`USER ray`")
    based = "FROM debian:12 AS base\nUSER app\nFROM base\nRUN sudo apt-get update\n"
    assert _fix(based)[1] == ALL_SUDO.format("`USER app`")


def test_mixed_run_moves_the_sudo_commands() -> None:
    text = F + "USER app\nRUN sudo apt-get update && pip install --user x\n"
    assert _fix(text) == (USE_USER, MIXED.format("`USER app`"))


def test_unknown_user() -> None:
    unknown = "the stage's user"
    assert _fix("FROM $BASE\nRUN sudo apt-get update\n")[1] == ALL_SUDO.format(unknown)
    assert _fix(F + "USER $APP\nRUN sudo apt-get update && make\n")[1] == MIXED.format(unknown)
    # A trigger runs in another build, as whoever that build's stage runs as.
    assert _fix(F + "ONBUILD RUN sudo apt-get update\n")[1] == ALL_SUDO.format(unknown)


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(F + "RUN sudo x\n")}


class _Counted:
    """A pattern whose matches are counted."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


def test_other_user_reads_each_word_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shape tests/test_regex_linearity.py named for the old single search: a run of
    # options that each end in `sudo` (`-x-sudo`), every one of them a match start, each
    # of which the search read to the end of the run before failing.
    counted = _Counted(sudo_in_run._OTHER_USER)
    monkeypatch.setattr(sudo_in_run, "_OTHER_USER", counted)
    n = 50_000
    run = "RUN sudo " + "-x-sudo " * n
    assert "redundant" in _fix(F + run + "make\n")[0]
    assert counted.calls == n  # one match per option word
    assert "redundant" not in _fix(F + run + "-u app make\n")[0]
    assert "redundant" in _fix(F + "RUN " + "visudo -u " * n + "&& sudo make\n")[0]

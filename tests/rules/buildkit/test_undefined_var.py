"""BK011 undefined-var: BuildKit's lint test cases (dockerfile_lint_test.go, testUnmatchedVars
and testAllTargetUnmarshal, at moby/buildkit 641a8fd) and ours, each checked with tally
0.45.0 (BuildKit v0.32.2). BuildKit's Dockerfiles start with an empty line, which our
snippets drop: their lines here are one less. Their image is alpine on Linux: we do not
judge a stage on an image whose environment is unknown, so those cases are DIFFERENT rows,
each also ported on `scratch` as a SPEC row."""

from __future__ import annotations

import re

import pytest

from dockerlint_ml.rules.buildkit import undefined_var
from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK011"
S = "FROM scratch\n"

SPEC: list[Case] = [
    ("spec: an ARG without a value", S + "ARG foo\nCOPY Dockerfile${foo} .\n", []),
    ("spec: both targets", "FROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\n"
     "COPY $bar .\n", [2, 5]),
    ("spec (on scratch): an ARG of the base stage",
     "FROM scratch AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n", []),
    ("spec (on scratch): PATH in RUN", S + "RUN echo $PATH\n", []),
    ("spec (on scratch): used before its ARG", S + "COPY $foo .\nARG foo=bar\nRUN echo $foo\n",
     [2]),
    ("spec (on scratch): a typo", S + "ARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\n"
     "ARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n", [5]),
]  # fmt: skip

OURS: list[Case] = [
    ("ENV value", S + "ENV A=$X\n", [2]),
    ("an earlier pair of the same ENV", S + "ENV A=1 B=$A\n", [2]),
    ("an earlier ENV", S + "ENV A=1\nENV B=$A\n", []),
    ("a default still looks it up", S + "ENV A=${X:-def}\n", [2]),
    ("LABEL key and value", S + "LABEL a=$X\n", [2]),
    ("ARG default in a stage", S + "ARG A=$X\n", [2]),
    ("a global ARG default is not checked", "ARG G=$X\nFROM scratch\n", []),
    ("a global ARG not redeclared", "ARG G=1\nFROM scratch\nENV A=$G\n", [3]),
    ("a global ARG redeclared", "ARG G=1\nFROM scratch\nARG G\nENV A=$G\n", []),
    ("redeclared in one stage only", "ARG A=1\nFROM scratch\nARG A\nENV X=$A\nFROM scratch\n"
     "ENV Y=$A\n", [6]),
    ("platform arguments need an ARG", S + "ENV A=$TARGETARCH\n", [2]),
    ("a declared platform argument", S + "ARG TARGETARCH\nENV A=$TARGETARCH\n", []),
    ("COPY --chown and --chmod", S + "COPY --chown=$OWN a b\nCOPY --chmod=$MOD a b\n", [2, 3]),
    ("COPY --from is not checked", S + "COPY --from=$FROM a b\n", []),
    ("ADD --checksum", S + "ADD --checksum=$CK https://example.org/x /x\n", [2]),
    ("unquoted heredoc body", S + "COPY <<EOF /f\n$HD\nEOF\n", [2]),
    ("quoted heredoc body", S + 'COPY <<"EOF" /f\n$HD\nEOF\n', []),
    ("WORKDIR, USER, VOLUME, STOPSIGNAL",
     S + "WORKDIR /$W\nUSER $U\nVOLUME $V\nSTOPSIGNAL $S\n", [2, 3, 4, 5]),
    ("RUN --mount", S + "RUN --mount=type=cache,target=$CACHE make\n", [2]),
    ("RUN, CMD, ENTRYPOINT commands are not checked",
     S + 'RUN echo $A\nRUN ["echo", "$B"]\nCMD echo $C\nENTRYPOINT ["$D"]\n', []),
    ("EXPOSE, HEALTHCHECK, SHELL, ONBUILD are not checked",
     S + 'EXPOSE $P\nHEALTHCHECK CMD x $H\nSHELL ["$SH"]\nONBUILD COPY $O /x\n', []),
    ("single quotes and escapes", S + "ENV A='$X' B=\\$Y\n", []),
    ("case matters", S + "ARG foo\nENV A=$FOO\n", [3]),
    ("always defined", S + "ENV A=$PATH:$HOME:$HOSTNAME:$TERM\n", []),
    ("BuildKit's SBOM arguments", S + "ENV A=$BUILDKIT_SBOM_SCAN_STAGE\n", []),
    ("ENV of the base stage", "FROM scratch AS a\nENV X=1\nFROM a\nENV A=$X\n", []),
    ("an unrelated stage", "FROM scratch AS a\nENV X=1\nFROM scratch\nENV A=$X\n", [4]),
    ("an image with unknown environment", "FROM python:3.12-slim\nENV A=$PYTHON_VERSION\n", []),
    ("built on such an image", "FROM python:3.12 AS a\nFROM a\nCOPY $X /x\n", []),
    ("legacy ENV form", S + "ENV A $X\n", [2]),
    ("legacy ENV form defines its key", S + "ENV A 1\nENV B=$A\n", []),
]  # fmt: skip

DIFFERENT: list[Different] = [
    (
        "spec: used before its ARG",
        "FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
        [2],
        [],
        "alpine's environment is not known here: it may define the variable",
    ),
    (
        "spec: a typo",
        "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\n"
        "ARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n",
        [5],
        [],
        "alpine's environment is not known here: it may define the variable",
    ),
    (
        "spec: a typo of PATH",
        "FROM alpine\nENV PATH=$PAHT:/tmp/bin\n",
        [2],
        [],
        "alpine's environment is not known here: it may define the variable",
    ),
    (
        "PATH on scratch",
        S + "ENV A=$PATH\n",
        [2],
        [],
        "PATH, HOME, HOSTNAME, TERM are always defined (tally reports them on scratch)",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_did_you_mean() -> None:
    text = S + "ARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n"
    (found,) = findings(text, select=[CODE])
    assert "`$DIR_ASSET`" in found.message and "`$DIR_ASSETS`" in found.message
    assert len(found.message) <= 90 and found.fix is not None


def test_global_arg_message() -> None:
    (found,) = findings("ARG V=1\nFROM scratch\nENV A=$V\n", select=[CODE])
    assert "global ARG" in found.message
    assert found.fix == "Declare `ARG V` in the stage before using it."


def test_one_finding_per_name_and_instruction() -> None:
    got = findings(S + "ENV A=$X B=$X C=$Y\n", select=[CODE])
    assert [f.message.split("`")[1] for f in got] == ["$X", "$Y"]


class _Counted:
    """A pattern whose matches are counted."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


def test_legacy_env_defines_its_first_word_only() -> None:
    text = S + "ENV A B=1\nCOPY $A /x\nCOPY $B /y\n"
    assert [f.span.line for f in findings(text, select=[CODE])] == [4]


def test_env_keys_on_long_name_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shape tests/test_regex_linearity.py named for the old findall of
    # `(?:^|\s)NAME=`: long runs of name characters, each a possible match start, that
    # end without `=`. Each word is now matched once, from its start.
    counted = _Counted(undefined_var._ENV_KEY)
    monkeypatch.setattr(undefined_var, "_ENV_KEY", counted)
    n = 50_000
    key = "C" + "1_" * n
    text = S + "ENV A=" + "B" * n + " " + key + "=\nENV E=$A$" + key + "\n"
    assert findings(text, select=[CODE]) == []
    assert counted.calls == 0  # well-formed ENVs split through the parser's key_values
    # An ENV the parser rejects (a word without `=` among `k=v` words): one match per word.
    broken = S + "ENV A=1 " + "C" * n + "\nCOPY $A /x\n"
    assert findings(broken, select=[CODE]) == []
    assert counted.calls == 2
    got = findings(S + "ENV A=" + "a" * n + "\nENV E=$UNSET_NAME\n", select=[CODE])
    assert [(f.span.line, f.message) for f in got] == [(3, "`$UNSET_NAME` is not defined here.")]

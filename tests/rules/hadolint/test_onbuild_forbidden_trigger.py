"""DL3043 onbuild-forbidden-trigger: hadolint's spec cases (test/Hadolint/Rule/DL3043Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3043"
F = "FROM debian:buster\n"

# DL3043Spec.hs at v2.15.1, every case, in our words; its cases have no FROM (each gets one,
# so that the line numbers are those of a real file).
SPEC: list[Case] = [
    ("spec: ONBUILD ONBUILD", F + "ONBUILD ONBUILD RUN anything\n", [2]),
    ("spec: ONBUILD FROM", F + "ONBUILD FROM debian:buster\n", [2]),
    ("spec: ONBUILD MAINTAINER", F + 'ONBUILD MAINTAINER "BoJack Horseman"\n', [2]),
    ("spec: ADD", F + "ONBUILD ADD anything anywhere\n", []),
    ("spec: USER", F + "ONBUILD USER anything\n", []),
    ("spec: LABEL", F + 'ONBUILD LABEL bla="blubb"\n', []),
    ("spec: STOPSIGNAL", F + "ONBUILD STOPSIGNAL anything\n", []),
    ("spec: COPY", F + "ONBUILD COPY anything anywhere\n", []),
    ("spec: RUN", F + "ONBUILD RUN anything\n", []),
    ("spec: CMD", F + "ONBUILD CMD anything\n", []),
    ("spec: SHELL", F + 'ONBUILD SHELL ["/bin/bash", "-c"]\n', []),
    ("spec: WORKDIR", F + "ONBUILD WORKDIR anything\n", []),
    ("spec: EXPOSE", F + "ONBUILD EXPOSE 69\n", []),
    ("spec: VOLUME", F + "ONBUILD VOLUME anything\n", []),
    ("spec: ENTRYPOINT", F + "ONBUILD ENTRYPOINT anything\n", []),
    ("spec: ENV", F + 'ONBUILD ENV MYVAR="bla"\n', []),
    ("spec: ARG", F + "ONBUILD ARG anything\n", []),
    ("spec: HEALTHCHECK", F + "ONBUILD HEALTHCHECK NONE\n", []),
    ("spec: FROM outside ONBUILD", "FROM debian:buster\n", []),
    ("spec: MAINTAINER outside ONBUILD", F + 'MAINTAINER "Some Guy"\n', []),
]

OURS: list[Case] = [
    (
        "lower-case triggers",
        F + "ONBUILD onbuild RUN x\nONBUILD from x\nONBUILD maintainer x\n",
        [2, 3, 4],
    ),
    ("ONBUILD before the first FROM", "ONBUILD FROM debian:buster\n", [1]),
    ("an empty ONBUILD", F + "ONBUILD\n", []),
]

DIFFERENT: list[Different] = []

test_case, _ = table_tests(CODE, SPEC + OURS, DIFFERENT)  # no deliberate difference


def test_message_names_the_trigger() -> None:
    (found,) = findings(F + "ONBUILD FROM debian:buster\n", [CODE])
    assert "`ONBUILD FROM`" in found.message
    assert len(found.message) <= 90


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(F + "ONBUILD FROM x\n")}


def test_one_finding_with_the_parse_error() -> None:
    # The parser reports the same error (DLM000); with both rules selected this rule's
    # finding is the one kept, and without it the parse error stands.
    text = "FROM a:1\nONBUILD FROM x\n"
    assert lint_snippet(text, select=["DLM000", "DL3043"]) == [("DL3043", 2)]
    assert lint_snippet(text, select=["DLM000"]) == [("DLM000", 2)]

"""DL4001 wget-and-curl: hadolint's spec cases (test/Hadolint/Rule/DL4001Spec.hs,
v2.15.1) and ours. Every spec case is ported; the two that count hadolint's repeated
findings are DIFFERENT rows (we report once per stage)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4001"
F = "FROM node AS foo\n"

SPEC: list[Case] = [
    ("spec: both", F + "RUN wget my.xyz\nRUN curl localhost\n", [3]),
    ("spec: both in one RUN", F + "RUN wget my.xyz && curl localhost\n", [2]),
    ("spec: only wget", F + "RUN wget my.xyz\n", []),
    ("spec: in different stages", F + "RUN wget my.xyz\nFROM scratch\nRUN curl localhost\n", []),
    (
        "spec: both in one stage",
        F + "RUN wget my.xyz\nRUN curl localhost\nFROM scratch\nRUN curl localhost\n",
        [3],
    ),
    ("spec: only the relevant RUN", F + "RUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\n", [3]),
]

OURS: list[Case] = [
    ("busybox wget", F + "RUN busybox wget x && curl y\n", [2]),
    ("installing both", F + "RUN apt-get install -y wget curl\n", []),
    ("each stage", F + "RUN wget a && curl b\nFROM x:1\nRUN curl c\nRUN wget d\n", [2, 5]),
    ("ONBUILD RUNs apart", F + "RUN wget x\nONBUILD RUN curl y\n", []),
    ("ONBUILD RUNs together", F + "ONBUILD RUN wget x\nONBUILD RUN curl y\n", [3]),
]

DIFFERENT: list[Different] = [
    (
        "spec: many relevant RUNs",
        F + "RUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\nRUN wget foo.com\n",
        [3, 5],
        [3],
        "one root cause per stage: hadolint repeats it on every later RUN using either",
    ),
    (
        "ONBUILD across stages",
        F + "ONBUILD RUN wget x\nFROM b:1\nONBUILD RUN curl y\n",
        [4],
        [],
        "each stage's ONBUILD triggers run in a different child build",
    ),
    (
        "a fallback script",
        F + "RUN if command -v curl >/dev/null; then curl -fsSLO u; else wget u; fi\n",
        [2],
        [],
        "the script runs one tool or the other, whichever is installed",
    ),
    (
        "a which fallback",
        F + "RUN which wget && wget u || curl -O u\n",
        [2],
        [],
        "the script runs one tool or the other, whichever is installed",
    ),
    ("behind sudo", F + "RUN sudo wget x && curl y\n", [], [2], "sudo runs wget"),
    ("by path", F + "RUN /usr/bin/wget x && curl y\n", [], [2], "the same program"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_both_tools_and_the_line() -> None:
    (found,) = findings(F + "RUN wget a\nRUN curl b\n", select=[CODE])
    assert "`wget` (line 2)" in found.message and "`curl`" in found.message
    assert len(found.message) <= 90 and found.fix is not None


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN wget a && curl b\n")}

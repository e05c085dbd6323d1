"""DL4007 copy-whole-context: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL4007Spec.hs, the one stored version (hadolint master after
2.15.1, commit 0b817ec): every case. No released hadolint has the rule, so the cases follow
the spec and the source (src/Hadolint/Rule/DL4007.hs), not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4007"
F = "FROM scratch\n"

SPEC: list[Case] = [
    ("spec: COPY . .", F + "COPY . .\n", [2]),
    ("spec: COPY . /app", F + "COPY . /app\n", [2]),
    ("spec: COPY './' /app", F + "COPY './' /app\n", [2]),
    ("spec: COPY src/ .", F + "COPY src/ .\n", []),
    ("spec: specific files", F + "COPY package.json yarn.lock /app/\n", []),
    ("spec: a named last stage", "FROM node:18 as build\nCOPY . .\nRUN echo hello\n", [2]),
]

OURS: list[Case] = [
    ("exec form", F + 'COPY [".", "/app"]\n', [2]),
    ("double quotes", F + 'COPY "." /app\n', [2]),
    ("with --chown", F + "COPY --chown=app:app . .\n", [2]),
    (
        "a stage the final one is built on",
        "FROM python:3 AS base\nCOPY . .\nFROM base\nCMD x\n",
        [2],
    ),
    ("an unknown variable", F + "COPY $SRC /app\n", []),
    ("a dot file", F + "COPY .env.example /app/\n", []),
    ("a subdirectory with ./", F + "COPY ./src ./src\n", []),
    ("ONBUILD is not checked", F + "ONBUILD COPY . /app\n", []),
    ("each instruction", F + "COPY . /a\nCOPY ./ /b\n", [2, 3]),
]

DIFFERENT: list[Different] = [
    (
        "a build stage",
        "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app\n"
        "FROM scratch\nCOPY --from=build /app /app\n",
        [2],
        [],
        "the stage's layers do not ship: the final image gets /app only",
    ),
    (
        "from another stage",
        "FROM alpine:3 AS a\nRUN mkdir /out\nFROM scratch\nCOPY --from=a . .\n",
        [4],
        [],
        "--from copies from a stage, not from the build context",
    ),
    (
        "--exclude",
        F + "COPY --exclude=.git --exclude=.env . .\n",
        [2],
        [],
        "the author lists what stays out",
    ),
    ("ADD", F + "ADD . /app\n", [], [2], "ADD of the context root copies it all the same"),
    ("a variable", F + "ARG SRC=.\nCOPY ${SRC} /app\n", [], [3], "the source resolves to `.`"),
    ("the root /", F + "COPY / /app\n", [], [2], "`/` is the root of the build context too"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings(F + "COPY . .\n", select=[CODE])
    assert "`COPY .`" in found.message and len(found.message) <= 90
    assert found.fix is not None and ".dockerignore" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "COPY . .\n")}

"""DLM003 workdir-missing."""

from __future__ import annotations

import pytest

from dockerlint_ml.engine.docs import examples
from dockerlint_ml.rules.ml.workdir_missing import WorkdirMissing
from tests.helpers import dedent, findings, lint_snippet

WIN = "mcr.microsoft.com/windows/servercore:ltsc2022"


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(dedent(text), select=["DLM003"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("relative copy", "FROM python:3.12-slim\nCOPY app.py .\n", [("DLM003", 2)]),
    ("dot slash", "FROM python:3.12-slim\nCOPY app.py ./\n", [("DLM003", 2)]),
    ("subdir", "FROM python:3.12-slim\nADD src app/\n", [("DLM003", 2)]),
    ("absolute dest", "FROM python:3.12-slim\nCOPY app.py /app/\n", []),
    ("workdir first", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n", []),
    ("relative workdir", "FROM python:3.12-slim\nWORKDIR app\nCOPY . .\n", [("DLM003", 2)]),
    ("dot workdir", "FROM python:3.12-slim\nWORKDIR ./app\n", [("DLM003", 2)]),
    ("relative after absolute", "FROM python:3.12-slim\nWORKDIR /srv\nWORKDIR app\n", []),
    (
        "absolute copy then relative copy",
        "FROM python:3.12-slim\nCOPY a /opt/a\nCOPY b .\n",
        [("DLM003", 3)],
    ),
    (
        "once per stage",
        "FROM python:3.12-slim\nCOPY a .\nCOPY b .\nWORKDIR rel\n",
        [("DLM003", 2)],
    ),
    ("copy from another stage", "FROM python:3.12-slim\nCOPY --from=build /w w\n", [("DLM003", 2)]),
    ("copy --chown", "FROM python:3.12-slim\nCOPY --chown=1000:1000 a b c/\n", [("DLM003", 2)]),
    ("exec form", 'FROM python:3.12-slim\nCOPY ["a b.txt", "./"]\n', [("DLM003", 2)]),
    ("exec form absolute", 'FROM python:3.12-slim\nCOPY ["a b.txt", "/app/"]\n', []),
    ("heredoc", "FROM python:3.12-slim\nCOPY <<EOF app.py\nprint(1)\nEOF\n", [("DLM003", 2)]),
    ("heredoc absolute", "FROM python:3.12-slim\nCOPY <<EOF /app/app.py\nprint(1)\nEOF\n", []),
    ("lowercase", "from python:3.12-slim\ncopy app.py .\n", [("DLM003", 2)]),
    (
        "continuation",
        "FROM python:3.12-slim\nCOPY requirements.txt \\\n     app.py \\\n     ./\nRUN true\n",
        [("DLM003", 2)],
    ),
    # variables: ENV and ARG resolve, an unknown one is not reported
    ("env dest", "FROM python:3.12-slim\nENV APP=/app\nCOPY . $APP\n", []),
    ("env relative dest", "FROM python:3.12-slim\nENV APP=app\nCOPY . ${APP}/\n", [("DLM003", 3)]),
    ("arg dest", "FROM python:3.12-slim\nARG DIR=/srv\nCOPY . $DIR\n", []),
    ("unknown dest", "FROM python:3.12-slim\nCOPY . $NOWHERE\n", []),
    ("env workdir", "FROM python:3.12-slim\nENV HOME=/home/u\nWORKDIR $HOME\nCOPY . .\n", []),
    ("env relative workdir", "FROM python:3.12-slim\nENV D=app\nWORKDIR $D\n", [("DLM003", 3)]),
    ("unknown workdir", "FROM python:3.12-slim\nWORKDIR $HOME/app\nCOPY . .\n", []),
    ("quoted workdir", 'FROM python:3.12-slim\nWORKDIR "/app"\nCOPY . .\n', []),
    # Windows paths are absolute
    (
        "windows workdir",
        "# escape=`\nFROM " + WIN + "\nWORKDIR C:\\app\nCOPY . .\n",
        [],
    ),
    (
        "windows workdir, default escape",
        "FROM " + WIN + "\nWORKDIR C:\\app\nCOPY . .\n",
        [],
    ),
    ("windows dest", "FROM " + WIN + "\nCOPY app C:/app/\n", []),
    # images known to set an absolute WORKDIR
    ("pytorch base", "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\nCOPY . .\n", []),
    ("jupyter base", "FROM quay.io/jupyter/scipy-notebook:2024-05-27\nCOPY nb.ipynb .\n", []),
    ("tf jupyter", "FROM tensorflow/tensorflow:2.15.0-jupyter\nCOPY nb.ipynb .\n", []),
    ("lambda base", "FROM public.ecr.aws/lambda/python:3.12\nCOPY lambda_function.py .\n", []),
    # an image without facts may set a WORKDIR of its own: undecidable, no finding
    ("tf plain", "FROM tensorflow/tensorflow:2.15.0\nCOPY app.py .\n", []),
    ("unknown image", "FROM corp/ml-base:1.0\nCOPY app.py .\n", []),
    ("unknown image, relative workdir", "FROM huggingface/x:1\nWORKDIR app\n", []),
    ("golang sets /go", "FROM golang:1.22\nCOPY . .\n", []),
    ("nvidia cuda", "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nCOPY . .\n", [("DLM003", 2)]),
    ("unresolvable base", "ARG BASE\nFROM $BASE\nCOPY . .\n", []),
    (
        "known base through a stage",
        "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime AS base\nFROM base\nCOPY . .\n",
        [],
    ),
    # multi-stage: a WORKDIR is inherited from the stage built on, not from others
    (
        "inherited through FROM stage",
        "FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\nCOPY . .\n",
        [],
    ),
    (
        "inherited from a later WORKDIR of the base stage",
        "FROM python:3.12-slim AS base\nRUN true\nWORKDIR /app\nFROM base AS final\nCOPY . .\n",
        [],
    ),
    (
        "not inherited from an unrelated stage",
        "FROM python:3.12-slim AS build\nWORKDIR /src\n"
        "FROM python:3.12-slim\nCOPY --from=build /src/dist dist\n",
        [("DLM003", 4)],
    ),
    (
        "each stage once",
        "FROM python:3.12-slim AS a\nCOPY x .\nFROM python:3.12-slim AS b\nCOPY y .\nCOPY z .\n",
        [("DLM003", 2), ("DLM003", 4)],
    ),
    (
        "relative workdir in the base stage is not absolute",
        "FROM python:3.12-slim AS base\nWORKDIR app\nFROM base\nCOPY . .\n",
        [("DLM003", 2)],
    ),
    (
        "ARG-resolved FROM with --platform",
        "ARG BASE=python:3.12-slim\nFROM --platform=$BUILDPLATFORM ${BASE}\nCOPY . .\n",
        [("DLM003", 3)],
    ),
    ("scratch", "FROM scratch\nCOPY app /app\n", []),
    ("scratch relative", "FROM scratch\nCOPY app .\n", []),
    ("stage from scratch", "FROM scratch AS s\nFROM s\nCOPY app .\n", []),
    # ONBUILD triggers run in another build: not checked here
    ("onbuild", "FROM python:3.12-slim\nONBUILD COPY . .\n", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in CASES], ids=[n for n, _, _ in CASES]
)
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


FIX = "Add `WORKDIR /app` (or another absolute directory of your own) before this instruction."


ROOT = "mixed with the system's directories"
OWN = "a place the base image's working directory decides, not this file"


@pytest.mark.parametrize(
    ("copy", "lands", "where"),
    [
        ("COPY app.py ./", "/", ROOT),
        ("COPY . .", "/", ROOT),
        ("COPY app.py app.py", "/app.py", ROOT),
        ("COPY src app/", "/app/", OWN),
        ("ADD model.bin ./models/", "/models/", OWN),
        ("COPY a.py b.py ./srv/../opt/", "/opt/", OWN),
        ("COPY ./ serve", "/serve", OWN),
    ],
)
def test_copy_message_names_where_the_files_land(copy: str, lands: str, where: str) -> None:
    (f,) = findings(f"FROM python:3.12-slim\n{copy}\n", select=["DLM003"])
    dest = copy.split()[-1]
    keyword = copy.split()[0]
    assert f.message == (
        f"{keyword} copies to the relative destination `{dest}` before any WORKDIR, so the"
        f" files land in `{lands}` (`python:3.12-slim` sets no WORKDIR), {where}."
    )
    if where == ROOT:
        assert f.fix == FIX
    else:
        assert f.fix == (
            f"Write the destination as the absolute path `{lands}`, or add `WORKDIR /app`"
            " (or another absolute directory of your own) before this instruction."
        )
    assert (f.span.line, f.span.column, f.span.end_line) == (2, 1, 2)


@pytest.mark.parametrize(
    ("workdir", "fix"),
    [
        ("./srv/app", "Use the absolute path it resolves to: `WORKDIR /srv/app`."),
        ("app", "Use the absolute path it resolves to: `WORKDIR /app`."),
        # never `WORKDIR /` or `/.`
        (".", "Use an absolute path for the application, e.g. `WORKDIR /app`."),
        ("./", "Use an absolute path for the application, e.g. `WORKDIR /app`."),
        ("a/..", "Use an absolute path for the application, e.g. `WORKDIR /app`."),
    ],
)
def test_workdir_fix_never_proposes_the_root(workdir: str, fix: str) -> None:
    (f,) = findings(f"FROM python:3.12-slim\nWORKDIR {workdir}\n", select=["DLM003"])
    assert f.message == (
        f"`WORKDIR {workdir}` is relative and no absolute WORKDIR comes before it, so it"
        " resolves against `/` (`python:3.12-slim` sets no WORKDIR)."
    )
    assert f.fix == fix


def test_user_image_facts_decide() -> None:
    text = "FROM registry.corp/ml-base:2\nCOPY app.py .\n"
    assert lint_snippet(text, select=["DLM003"]) == []
    root = {"registry.corp/ml-*": {"workdir": "/"}}
    assert lint_snippet(text, select=["DLM003"], images=root) == [("DLM003", 2)]
    own = {"python": {"workdir": "/app"}}
    assert lint_snippet("FROM python:3.12\nCOPY . .\n", select=["DLM003"], images=own) == []


def test_supersedes_hadolint_and_buildkit() -> None:
    assert WorkdirMissing.supersedes == ("DL3000", "DL3045", "WorkdirRelativePath")
    assert WorkdirMissing.aliases == ()
    text = "FROM python:3.12-slim\nWORKDIR app\n"
    assert lint_snippet(text, select=["DLM003"]) == [("DLM003", 2)]
    assert lint_snippet(text, select=["DLM003"], ignore=["DL3000"]) == []
    assert lint_snippet(text, select=["DLM003"], ignore=["WorkdirRelativePath"]) == []
    pragma = "FROM python:3.12-slim\n# hadolint ignore=DL3000\nWORKDIR app\n"
    assert lint_snippet(pragma, select=["DLM003"]) == []


def test_docs_examples() -> None:
    bad, good = examples(WorkdirMissing)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM003"])] == ["DLM003"]
    assert lint_snippet(good[0], select=["DLM003"]) == []


def test_fix_names_later_copies_that_read_relative_sources() -> None:
    text = dedent(
        """
        FROM ubuntu:22.04 AS builder
        COPY src.py .
        FROM ubuntu:22.04
        WORKDIR /srv
        COPY --from=builder src.py src
        COPY --from=builder /abs/x x
        COPY --from=0 lib lib
        """
    )
    (f,) = findings(text, select=["DLM003"])
    assert f.span.line == 2
    assert f.fix == (
        FIX + " Then update the relative sources of the `COPY --from=builder` at lines 5, 7,"
        " which are read from `/` of this stage."
    )


def test_fix_names_absolute_references_to_the_copied_files() -> None:
    text = dedent(
        """
        FROM python:3.12-slim
        COPY third_party third_party
        COPY xgbserver xgbserver
        COPY model.bst .
        ENV PYTHONPATH=/xgbserver
        CMD ["python", "-m", "xgbserver", "--model", "/model.bst"]
        """
    )
    (f,) = findings(text, select=["DLM003"])
    assert f.span.line == 2
    assert f.fix == (
        "Write the destination as the absolute path `/third_party`, or add `WORKDIR /app`"
        " (or another absolute directory of your own) before this instruction; with a"
        " WORKDIR, also change the absolute references to the copied files: `/xgbserver`"
        " (line 5), `/model.bst` (line 6)."
    )


@pytest.mark.parametrize("name", ["rust-toolchain.toml", "rust-toolchain", ".python-version"])
def test_files_found_from_every_directory_may_sit_in_the_root(name: str) -> None:
    text = f"FROM python:3.12-slim\nCOPY {name} {name}\nCOPY app.py .\n"
    assert lint(text) == [("DLM003", 3)]

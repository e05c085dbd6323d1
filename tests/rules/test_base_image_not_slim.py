"""DLM002 base-image-not-slim."""

from __future__ import annotations

import pytest

from dockerlint_ml.docs import examples
from dockerlint_ml.rules.base_image_not_slim import BaseImageNotSlim
from tests.helpers import dedent, findings, lint_snippet

SHA = "sha256:" + "c" * 64


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM002"])


@pytest.mark.parametrize(
    ("image", "fires"),
    [
        ("python", True),
        ("python:latest", True),
        ("python:3.11", True),
        ("python:3.11-bookworm", True),
        ("python:3.11.4-bullseye", True),
        ("docker.io/library/python:3.12", True),
        (f"python:3.12@{SHA}", True),
        ("python:3.11-slim", False),
        ("python:3.11-slim-bookworm", False),
        ("python:slim", False),
        ("python:3.12-alpine", False),
        ("python:3.12-alpine3.20", False),
        ("python:3.12-windowsservercore-ltsc2022", False),
        (f"python@{SHA}", False),
        ("nvidia/cuda:12.1.0-devel-ubuntu22.04", True),
        ("nvidia/cuda:12.1.0-cudnn8-devel-ubuntu22.04", True),
        ("docker.io/nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04", True),
        ("nvidia/cuda:12.1.0-runtime-ubuntu22.04", False),
        ("nvidia/cuda:12.1.0-base-ubuntu22.04", False),
        ("pytorch/pytorch:2.1.0-cuda12.1-cudnn8-devel", True),
        ("pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime", False),
        ("ubuntu:22.04", False),
        ("node:20", False),
        ("localhost:5000/python:3.11", False),
    ],
)
def test_final_stage_image(image: str, fires: bool) -> None:
    assert lint(f'FROM {image}\nCMD ["python"]\n') == ([("DLM002", 1)] if fires else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # build stages may be full-size
        (
            """
            FROM python:3.12 AS build
            RUN pip wheel -w /wheels numpy
            FROM python:3.12-slim
            COPY --from=build /wheels /wheels
            """,
            [],
        ),
        (
            """
            FROM nvidia/cuda:12.1.0-devel-ubuntu22.04 AS build
            RUN make
            FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04
            """,
            [],
        ),
        # the final stage, resolved through earlier stages, reported on the final FROM
        (
            """
            FROM python:3.11 AS base
            RUN pip install flask
            FROM base AS final
            CMD ["flask", "run"]
            """,
            [("DLM002", 3)],
        ),
        (
            """
            FROM python:3.11-bookworm AS base
            FROM base AS deps
            FROM deps
            """,
            [("DLM002", 3)],
        ),
        (
            """
            FROM python:3.12-slim AS base
            FROM base
            """,
            [],
        ),
        # a full image in a build stage, slim final
        ("FROM python:3.11 AS a\nFROM python:3.11-slim AS b\n", []),
        # a slim build stage, full final
        ("FROM python:3.11-slim AS a\nFROM python:3.11\n", [("DLM002", 2)]),
        # ARG-resolved FROM, --platform, lowercase, continuation
        ("ARG PY=python:3.11\nFROM ${PY}\n", [("DLM002", 2)]),
        ("ARG V=3.11\nFROM python:${V}-slim\n", []),
        ("ARG V\nFROM python:${V}\n", []),
        ("from --platform=$TARGETPLATFORM python:3.11 as app\n", [("DLM002", 1)]),
        ("FROM \\\n    python:3.11\n", [("DLM002", 1)]),
        ("FROM scratch\n", []),
    ],
)
def test_stages(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(dedent(text)) == expected


def test_message_and_fix_for_python() -> None:
    (f,) = findings("FROM python:3.11-bookworm\n", select=["DLM002"])
    assert "`python:3.11-bookworm`" in f.message
    assert "`python:3.11-slim-bookworm`" in f.message
    assert f.fix == (
        "Use `FROM python:3.11-slim-bookworm`; build anything that needs compilers in an"
        " earlier stage."
    )
    assert (f.span.line, f.span.column) == (1, 6)


def test_message_and_fix_for_cuda_devel() -> None:
    (f,) = findings("FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\n", select=["DLM002"])
    assert "`devel` image" in f.message
    assert "`nvidia/cuda:12.1.0-runtime-ubuntu22.04`" in f.message
    assert f.fix is not None and "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04" in f.fix


def test_message_names_the_stage_it_went_through() -> None:
    (f,) = findings("FROM python:3.11 AS base\nFROM base AS final\n", select=["DLM002"])
    assert "(through stage `base`)" in f.message
    assert f.fix is not None and "COPY --from=base" in f.fix
    assert (f.span.line, f.span.column) == (2, 6)


def test_docs_examples() -> None:
    bad, good = examples(BaseImageNotSlim)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM002"])] == ["DLM002"]
    assert lint_snippet(good[0], select=["DLM002"]) == []

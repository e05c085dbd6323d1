"""DLM002 base-image-not-slim."""

from __future__ import annotations

import pytest

from dockerlint_ml.engine.docs import examples
from dockerlint_ml.rules.ml.base_image_not_slim import BaseImageNotSlim
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


# -- compiling stages, DLM001-consistent tags, ARG hints (issue: DLM002 precision) ------

DEVEL = "FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\n"
CUDA_INFO = (
    "The final stage runs on `nvidia/cuda:12.1.0-devel-ubuntu22.04`, a `devel` image, and"
    " compiles in it ({what} on line {line}); a multi-stage build keeps the compilers out of"
    " the shipped image: compile in a build stage on `nvidia/cuda:12.1.0-devel-ubuntu22.04`"
    " and start the final stage from `nvidia/cuda:12.1.0-runtime-ubuntu22.04`."
)
CUDA_INFO_FIX = (
    "Move the build steps into a stage `FROM nvidia/cuda:12.1.0-devel-ubuntu22.04 AS build`,"
    " start the final stage `FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04` and bring in what"
    " the build made with `COPY --from=build`."
)
PY_INFO = (
    "The final stage runs on `python:3.11`, a full-size image, and compiles in it ({what} on"
    " line {line}); a multi-stage build keeps the compilers out of the shipped image: compile"
    " in a build stage on `python:3.11` and start the final stage from `python:3.11-slim`."
)
PY_INFO_FIX = (
    "Move the build steps into a stage `FROM python:3.11 AS build`, start the final stage"
    " `FROM python:3.11-slim` and bring in what the build made with `COPY --from=build`."
)

BUILDS: list[tuple[str, str, int, str]] = [
    # the stage compiles itself: info, and a multi-stage build (LightGBM, detectron2 class)
    ("nvcc", DEVEL + "RUN nvcc -o k k.cu\n", 2, "`nvcc`"),
    (
        "cmake",
        DEVEL + "RUN apt-get install -y build-essential cmake && cmake -B b && cmake --build b\n",
        2,
        "`cmake`",
    ),
    (
        "TORCH_CUDA_ARCH_LIST",
        DEVEL + 'ENV TORCH_CUDA_ARCH_LIST="8.0;8.6"\nRUN pip install -e .\n',
        2,
        "`TORCH_CUDA_ARCH_LIST` is set",
    ),
    (
        "git+ CUDA extension",
        DEVEL + "RUN pip install git+https://github.com/facebookresearch/detectron2.git\n",
        2,
        "`pip install detectron2` builds it from source",
    ),
    (
        "no build isolation from git",
        DEVEL + "RUN pip install --no-build-isolation git+https://github.com/org/ext.git\n",
        2,
        "`pip install --no-build-isolation` of `ext` from source",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "what"), [(t, n, w) for _, t, n, w in BUILDS], ids=[i for i, *_ in BUILDS]
)
def test_a_compiling_devel_stage_is_info(text: str, line: int, what: str) -> None:
    (f,) = findings(text, select=["DLM002"])
    assert (f.span.line, f.severity.label) == (1, "info")
    assert f.message == CUDA_INFO.format(what=what, line=line)
    assert f.fix == CUDA_INFO_FIX


@pytest.mark.parametrize(
    ("run", "what"),
    [
        ("pip install --no-binary :all: numpy", "`pip install --no-binary`"),
        ("python setup.py build_ext --inplace", "`setup.py build_ext`"),
        ("python -m build --wheel", "`python -m build`"),
        ("pip install horovod", "`pip install horovod` builds it from source"),
    ],
)
def test_a_compiling_python_stage_is_info(run: str, what: str) -> None:
    (f,) = findings(f"FROM python:3.11\nCOPY . .\nRUN {run}\n", select=["DLM002"])
    assert (f.span.line, f.severity.label) == (1, "info")
    assert f.message == PY_INFO.format(what=what, line=3)
    assert f.fix == PY_INFO_FIX


@pytest.mark.parametrize(
    "text",
    [
        # packages that compile kernels when the service runs (deepspeed class)
        DEVEL + "RUN pip install deepspeed\n",
        DEVEL + "RUN pip install 'accelerate[deepspeed]'\n",
        DEVEL + "RUN pip install tensorrt_llm==1.0.0 --extra-index-url https://pypi.nvidia.com\n",
        DEVEL + "RUN pip install flash-attn triton\n",
        # ... also when an earlier stage installed them and the final stage copies them in
        "FROM python:3.10 AS build\n"
        "RUN pip install 'accelerate[deepspeed] @ git+https://github.com/huggingface/accelerate'\n"
        "FROM nvidia/cuda:12.6.3-cudnn-devel-ubuntu22.04\n"
        "COPY --from=build /usr/local /usr/local\n",
        # ninja next to a compiler: run-time extension builds (tensorrt-llm, grounding_sam)
        DEVEL + "RUN apt-get update && apt-get install -y g++ ninja-build\n",
        DEVEL + "RUN pip install ninja\n",
        # a compiler installed for run-time use (kubeflow deepspeed runtime, dev containers)
        DEVEL + "RUN apt-get update && apt-get install -y g++ python3-dev\n"
        "RUN pip install -r requirements.txt\n",
        "FROM python:3-bullseye\nRUN apt-get update && apt-get install -y build-essential\n",
        # ... even when the stage also builds something
        DEVEL + 'ENV TORCH_CUDA_ARCH_LIST="8.0"\nRUN apt-get install -y gcc ninja-build\n',
    ],
)
def test_run_time_compilers_need_the_full_image(text: str) -> None:
    assert lint(dedent(text)) == []


NO_COMPILE: list[tuple[str, str, str, str]] = [
    # baseline true findings: nothing compiles
    (
        "prebuilt torch wheels",
        DEVEL + "RUN pip install torch --index-url https://download.pytorch.org/whl/cu121\n",
        "The final stage runs on `nvidia/cuda:12.1.0-devel-ubuntu22.04`, a `devel` image whose"
        " CUDA compiler toolchain and headers a running service does not need;"
        " `nvidia/cuda:12.1.0-runtime-ubuntu22.04` has the same libraries.",
        "Use `FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04`; build anything that needs"
        " compilers in an earlier stage.",
    ),
    (
        "pure-python packages from git",
        DEVEL + "RUN pip install git+https://github.com/huggingface/transformers\n",
        "The final stage runs on `nvidia/cuda:12.1.0-devel-ubuntu22.04`, a `devel` image whose"
        " CUDA compiler toolchain and headers a running service does not need;"
        " `nvidia/cuda:12.1.0-runtime-ubuntu22.04` has the same libraries.",
        "Use `FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04`; build anything that needs"
        " compilers in an earlier stage.",
    ),
    (
        "pipenv service",
        "FROM python:3.10\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\n",
        "The final stage runs on `python:3.10`, the full-size image with compilers and build"
        " headers; `python:3.10-slim` has the same Python in a fraction of the size.",
        "Use `FROM python:3.10-slim`; build anything that needs compilers in an earlier stage.",
    ),
    # tags DLM001 accepts: never `python:slim` or `python:3-slim` (Godwin, bentoml class)
    (
        "python:latest",
        "FROM python:latest\n",
        "The final stage runs on `python:latest`, the full-size image with compilers and build"
        " headers; the `-slim` variant of the same Python (e.g. `python:3.12-slim`) is a"
        " fraction of the size.",
        "Use `FROM python:3.12-slim` (an example: start the tag with your Python's"
        " major.minor); build anything that needs compilers in an earlier stage.",
    ),
    (
        "python:3-bullseye",
        "FROM python:3-bullseye\n",
        "The final stage runs on `python:3-bullseye`, the full-size image with compilers and"
        " build headers; the `-slim` variant of the same Python (e.g."
        " `python:3.<minor>-slim-bullseye`) is a fraction of the size.",
        "Use `FROM python:3.<minor>-slim-bullseye` (an example: start the tag with your"
        " Python's major.minor); build anything that needs compilers in an earlier stage.",
    ),
    # a FROM built from an ARG: the hint names the ARG line (djl pytorch-gpu class)
    (
        "whole tag from an ARG",
        "ARG version=12.4.1-devel-ubuntu22.04\nFROM nvidia/cuda:$version as base\n",
        "The final stage runs on `nvidia/cuda:12.4.1-devel-ubuntu22.04`, a `devel` image whose"
        " CUDA compiler toolchain and headers a running service does not need;"
        " `nvidia/cuda:12.4.1-runtime-ubuntu22.04` has the same libraries.",
        "Use `nvidia/cuda:12.4.1-runtime-ubuntu22.04`: change the ARG default on line 1 to"
        " `ARG version=12.4.1-runtime-ubuntu22.04` (the FROM on line 2 is built from it);"
        " build anything that needs compilers in an earlier stage.",
    ),
    (
        "python version from an ARG",
        "ARG PY=3.11\nFROM python:${PY}\n",
        "The final stage runs on `python:3.11`, the full-size image with compilers and build"
        " headers; `python:3.11-slim` has the same Python in a fraction of the size.",
        "Use `python:3.11-slim`: change the ARG default on line 1 to `ARG PY=3.11-slim` (the"
        " FROM on line 2 is built from it); build anything that needs compilers in an earlier"
        " stage.",
    ),
    # ... or keeps the ARGs when the part to change is written in the FROM (mmdetection)
    (
        "devel written in the FROM",
        'ARG PYTORCH="2.0.0"\nARG CUDA="11.7"\n'
        "FROM pytorch/pytorch:${PYTORCH}-cuda${CUDA}-cudnn8-devel\n",
        "The final stage runs on `pytorch/pytorch:2.0.0-cuda11.7-cudnn8-devel`, a `devel` image"
        " whose CUDA compiler toolchain and headers a running service does not need;"
        " `pytorch/pytorch:2.0.0-cuda11.7-cudnn8-runtime` has the same libraries.",
        "Use `FROM pytorch/pytorch:${PYTORCH}-cuda${CUDA}-cudnn8-runtime`; build anything that"
        " needs compilers in an earlier stage.",
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "fix"),
    [(t, m, x) for _, t, m, x in NO_COMPILE],
    ids=[i for i, *_ in NO_COMPILE],
)
def test_warning_messages_and_fixes(text: str, message: str, fix: str) -> None:
    (f,) = findings(text, select=["DLM002"])
    assert (f.severity.label, f.message, f.fix) == ("warning", message, fix)

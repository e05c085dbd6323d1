"""DLM103 torch-cuda-wheels-on-cpu-base."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

PY = "FROM python:3.12-slim\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM103"])


CPU = "https://download.pytorch.org/whl/cpu"

CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("plain torch", PY + "RUN pip install torch\n", [("DLM103", 2)]),
    ("torchvision alone", PY + "RUN pip install torchvision==0.20.1\n", [("DLM103", 2)]),
    ("torchaudio via pip3", PY + "RUN pip3 install --no-cache-dir torchaudio\n", [("DLM103", 2)]),
    ("python -m pip", PY + "RUN python -m pip install torch\n", [("DLM103", 2)]),
    ("venv pip by path", PY + "RUN /opt/venv/bin/pip install torch\n", [("DLM103", 2)]),
    ("uv pip", PY + "RUN uv pip install --system torch\n", [("DLM103", 2)]),
    ("sh -c", PY + "RUN sh -c 'pip install torch fastapi'\n", [("DLM103", 2)]),
    ("debian base", "FROM debian:12\nRUN pip install torch\n", [("DLM103", 2)]),
    ("ubuntu base", "FROM ubuntu:22.04\nRUN pip install torch\n", [("DLM103", 2)]),
    (
        "heredoc",
        PY + "RUN <<EOF\nset -e\npip install torch==2.5.1\nEOF\n",
        [("DLM103", 2)],
    ),
    (
        "ARG version without +cpu",
        PY + "ARG V=2.1.0\nRUN pip install torch==${V}\n",
        [("DLM103", 3)],
    ),
    ("index url cpu", PY + f"RUN pip install torch --index-url {CPU}\n", []),
    ("-i cpu", PY + f"RUN pip install -i {CPU} torch\n", []),
    ("--index-url=cpu", PY + f"RUN pip install --index-url={CPU} torch\n", []),
    ("extra index cpu", PY + f"RUN pip install torch --extra-index-url {CPU}\n", []),
    (
        "-f find links",
        PY + "RUN pip install torch -f https://download.pytorch.org/whl/torch_stable.html\n",
        [],
    ),
    ("--find-links", PY + f"RUN pip install torch --find-links {CPU}\n", []),
    ("uv --index", PY + f"RUN uv pip install --system --index {CPU} torch\n", []),
    ("uv --default-index", PY + f"RUN uv pip install --system --default-index {CPU} torch\n", []),
    ("uv --torch-backend", PY + "RUN uv pip install --system torch --torch-backend cpu\n", []),
    ("+cpu version", PY + "RUN pip install torch==2.1.0+cpu\n", []),
    ("+cpu through ARG", PY + "ARG V=2.1.0+cpu\nRUN pip install torch==${V}\n", []),
    ("unresolved version", PY + "ARG V\nRUN pip install torch==${V}\n", []),
    ("another word in a variable", PY + "ARG EXTRA\nRUN pip install torch $EXTRA\n", []),
    ("ENV PIP_INDEX_URL", PY + f"ENV PIP_INDEX_URL={CPU}\nRUN pip install torch\n", []),
    ("ENV PIP_EXTRA_INDEX_URL", PY + f"ENV PIP_EXTRA_INDEX_URL={CPU}\nRUN pip install torch\n", []),
    ("ARG PIP_EXTRA_INDEX_URL", PY + f"ARG PIP_EXTRA_INDEX_URL={CPU}\nRUN pip install torch\n", []),
    ("command env", PY + f"RUN PIP_INDEX_URL={CPU} pip install torch\n", []),
    ("ENV UV_INDEX_URL", PY + f"ENV UV_INDEX_URL={CPU}\nRUN uv pip install --system torch\n", []),
    (
        "ENV UV_EXTRA_INDEX_URL",
        PY + f"ENV UV_EXTRA_INDEX_URL={CPU}\nRUN uv pip install torch\n",
        [],
    ),
    ("ENV UV_INDEX", PY + f"ENV UV_INDEX={CPU}\nRUN uv pip install --system torch\n", []),
    ("ENV UV_TORCH_BACKEND", PY + "ENV UV_TORCH_BACKEND=cpu\nRUN uv pip install torch\n", []),
    # pip does not read uv's variables, nor uv pip's.
    (
        "UV_ variable for pip",
        PY + f"ENV UV_INDEX_URL={CPU}\nRUN pip install torch\n",
        [("DLM103", 3)],
    ),
    (
        "PIP_ variable for uv",
        PY + f"ENV PIP_INDEX_URL={CPU}\nRUN uv pip install torch\n",
        [("DLM103", 3)],
    ),
    (
        "PyPI named explicitly",
        PY + "RUN pip install -i https://pypi.org/simple torch\n",
        [("DLM103", 2)],
    ),
    ("private mirror", PY + "RUN pip install -i https://pypi.corp/simple torch\n", []),
    ("unresolved index", PY + "ARG IDX\nRUN pip install --extra-index-url $IDX torch\n", []),
    ("requirements file", PY + "RUN pip install -r requirements.txt torch\n", []),
    ("constraints file", PY + "RUN pip install -c constraints.txt torch\n", []),
    ("no index", PY + "RUN pip install --no-index --find-links /wheels torch\n", []),
    ("pip.conf copied", PY + "COPY pip.conf /etc/pip.conf\nRUN pip install torch\n", []),
    ("pip.conf renamed", PY + "COPY config/cpu.conf /etc/pip.conf\nRUN pip install torch\n", []),
    (
        "pip config set",
        PY + f"RUN pip config set global.index-url {CPU}\nRUN pip install torch\n",
        [],
    ),
    ("PIP_CONFIG_FILE", PY + "ENV PIP_CONFIG_FILE=/app/pip.conf\nRUN pip install torch\n", []),
    ("uv.toml copied", PY + "COPY uv.toml ./\nRUN uv pip install --system torch\n", []),
    ("pyproject copied for uv", PY + "COPY . .\nRUN uv pip install --system torch\n", []),
    ("pyproject does not matter to pip", PY + "COPY . .\nRUN pip install torch\n", [("DLM103", 3)]),
    ("CUDA base", "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\nRUN pip install torch\n", []),
    (
        "pytorch base",
        "FROM pytorch/pytorch:2.1.2-cuda12.1-cudnn8-runtime\nRUN pip install torchvision\n",
        [],
    ),
    ("unknown base", "FROM registry.corp/base:1\nRUN pip install torch\n", []),
    ("alpine", "FROM python:3.12-alpine\nRUN pip install torch\n", []),
    ("arm64", "FROM --platform=linux/arm64 python:3.12-slim\nRUN pip install torch\n", []),
    (
        "amd64",
        "FROM --platform=linux/amd64 python:3.12-slim\nRUN pip install torch\n",
        [("DLM103", 2)],
    ),
    (
        "TARGETPLATFORM",
        "FROM --platform=$TARGETPLATFORM python:3.12-slim\nRUN pip install torch\n",
        [("DLM103", 2)],
    ),
    (
        "BUILDPLATFORM",
        "FROM --platform=$BUILDPLATFORM python:3.12-slim\nRUN pip install torch\n",
        [],
    ),
    ("conda", "FROM ubuntu:22.04\nRUN conda install -y pytorch cpuonly -c pytorch\n", []),
    ("not torch", PY + "RUN pip install torchmetrics pytorch-lightning\n", []),
    (
        "build stage does not ship",
        df(
            "FROM python:3.12-slim AS build",
            "RUN pip install torch",
            "FROM python:3.12-slim",
            "COPY --from=build /x /x",
        ),
        [],
    ),
    (
        "final stage built on a stage",
        df("FROM python:3.12-slim AS base", "RUN pip install torch", "FROM base", 'CMD ["python"]'),
        [("DLM103", 2)],
    ),
    (
        "one finding per RUN",
        PY + "RUN pip install torch && pip install torchvision\n",
        [("DLM103", 2)],
    ),
    (
        "two RUNs",
        PY + "RUN pip install torch\nRUN pip install torchaudio\n",
        [("DLM103", 2), ("DLM103", 3)],
    ),
    ("lowercase", "from python:3.12-slim\nrun pip install torch\n", [("DLM103", 2)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(PY + "RUN pip install --no-cache-dir torch==2.5.1\n", select=["DLM103"])
    assert f.message == (
        "`pip install torch` on python:3.12-slim takes PyPI's CUDA build (~2 GB of CUDA libraries"
        " for torch 2), of use only on a GPU host with the NVIDIA container toolkit."
    )
    assert f.fix == (
        f"For a CPU-only image, add `--index-url {CPU}`; keep the default on a GPU host."
    )
    assert f.severity.label == "info"


def test_fix_with_other_packages_keeps_them_on_pypi() -> None:
    [f] = findings(PY + "RUN uv pip install --system torch fastapi\n", select=["DLM103"])
    assert f.message.startswith("`uv pip install torch` on python:3.12-slim")
    assert f.fix is not None and "in a command of their own" in f.fix

"""DLM104 cuda-wheel-mismatch."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

RT = "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n"
DEV = "FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\n"
WHL = "https://download.pytorch.org/whl"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM104"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("index url major", RT + f"RUN pip install torch --index-url {WHL}/cu118\n", [("DLM104", 2)]),
    ("-i major", RT + f"RUN pip install -i {WHL}/cu118 torch\n", [("DLM104", 2)]),
    (
        "extra index major",
        RT + f"RUN pip install torch --extra-index-url {WHL}/cu118\n",
        [("DLM104", 2)],
    ),
    ("find links major", RT + f"RUN pip install torchvision -f {WHL}/cu118\n", [("DLM104", 2)]),
    (
        "nightly index",
        RT + f"RUN pip install --pre torch --index-url {WHL}/nightly/cu130\n",
        [("DLM104", 2)],
    ),
    ("+cu label", RT + "RUN pip install torch==1.12.1+cu113\n", [("DLM104", 2)]),
    (
        "+cu label through ARG",
        RT + "ARG V=1.12.1+cu113\nRUN pip install torch==$V\n",
        [("DLM104", 3)],
    ),
    (
        "ENV PIP_INDEX_URL",
        RT + f"ENV PIP_INDEX_URL={WHL}/cu118\nRUN pip install torch\n",
        [("DLM104", 3)],
    ),
    (
        "ENV PIP_EXTRA_INDEX_URL",
        RT + f"ENV PIP_EXTRA_INDEX_URL={WHL}/cu118\nRUN pip install torch\n",
        [("DLM104", 3)],
    ),
    (
        "ARG UV_INDEX_URL",
        RT + f"ARG UV_INDEX_URL={WHL}/cu118\nRUN uv pip install torch\n",
        [("DLM104", 3)],
    ),
    (
        "uv --index",
        RT + f"RUN uv pip install --system --index {WHL}/cu118 torch\n",
        [("DLM104", 2)],
    ),
    (
        "uv --torch-backend",
        RT + "RUN uv pip install --system torch --torch-backend cu118\n",
        [("DLM104", 2)],
    ),
    (
        "UV_TORCH_BACKEND",
        RT + "ENV UV_TORCH_BACKEND=cu118\nRUN uv pip install torch\n",
        [("DLM104", 3)],
    ),
    ("uv backend auto", RT + "RUN uv pip install --system torch --torch-backend auto\n", []),
    ("sh -c", RT + f"RUN sh -c 'pip3 install torch --index-url {WHL}/cu118'\n", [("DLM104", 2)]),
    (
        "conda pytorch-cuda",
        RT + "RUN conda install -y pytorch pytorch-cuda=11.8 -c pytorch -c nvidia\n",
        [("DLM104", 2)],
    ),
    (
        "mamba pytorch-cuda==",
        RT + "RUN mamba install -y pytorch pytorch-cuda==11.8\n",
        [("DLM104", 2)],
    ),
    ("conda matching", RT + "RUN conda install -y pytorch pytorch-cuda=12.1\n", []),
    ("same version", RT + f"RUN pip install torch --index-url {WHL}/cu121\n", []),
    # CUDA minor-version compatibility: a cu124 wheel on a 12.1 base is fine...
    ("minor differs", RT + f"RUN pip install torch --index-url {WHL}/cu124\n", []),
    # ...unless the stage compiles CUDA code against the base's toolkit.
    (
        "minor with TORCH_CUDA_ARCH_LIST",
        DEV
        + f'ENV TORCH_CUDA_ARCH_LIST="8.0;8.6"\nRUN pip install torch --index-url {WHL}/cu124\n',
        [("DLM104", 3)],
    ),
    (
        "minor with ARG TORCH_CUDA_ARCH_LIST",
        DEV + f"ARG TORCH_CUDA_ARCH_LIST\nRUN pip install torch --index-url {WHL}/cu124\n",
        [("DLM104", 3)],
    ),
    (
        "minor with FORCE_CUDA on the command",
        DEV
        + f"RUN pip install torch --index-url {WHL}/cu124\n"
        + "RUN FORCE_CUDA=1 pip install git+https://github.com/facebookresearch/detectron2.git\n",
        [("DLM104", 2)],
    ),
    (
        "minor with nvcc",
        DEV + f"RUN pip install torch --index-url {WHL}/cu124\nRUN nvcc -o k k.cu\n",
        [("DLM104", 2)],
    ),
    (
        "minor with flash-attn",
        DEV
        + f"RUN pip install torch --index-url {WHL}/cu124"
        + " && pip install flash-attn --no-build-isolation\n",
        [("DLM104", 2)],
    ),
    (
        "minor with apex --cuda_ext",
        DEV
        + f"RUN pip install torch --index-url {WHL}/cu124\n"
        + 'RUN pip install -v --no-build-isolation --global-option="--cuda_ext" ./apex\n',
        [("DLM104", 2)],
    ),
    (
        "minor, compiling in another stage",
        df(
            "FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build",
            "RUN nvcc -o k k.cu",
            "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04",
            f"RUN pip install torch --index-url {WHL}/cu124",
        ),
        [],
    ),
    (
        "stages checked each against their base",
        df(
            "FROM nvidia/cuda:11.8.0-devel-ubuntu22.04 AS build",
            f"RUN pip install torch --index-url {WHL}/cu121",
            "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04",
            f"RUN pip install torch --index-url {WHL}/cu121",
        ),
        [("DLM104", 2)],
    ),
    (
        "pytorch image base",
        "FROM pytorch/pytorch:2.1.2-cuda12.1-cudnn8-runtime\n"
        + f"RUN pip install torch==2.1.2 --index-url {WHL}/cu118\n",
        [("DLM104", 2)],
    ),
    (
        "chain through a stage",
        df(
            "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS base",
            "FROM base",
            f"RUN pip install torch -i {WHL}/cu118",
        ),
        [("DLM104", 3)],
    ),
    (
        "extra index, package not torch",
        RT + f"RUN pip install numpy --extra-index-url {WHL}/cu118\n",
        [],
    ),
    (
        "primary index, any package",
        RT + f"RUN pip install mslk --index-url {WHL}/cu118\n",
        [("DLM104", 2)],
    ),
    ("requirements only", RT + f"RUN pip install -r req.txt --extra-index-url {WHL}/cu118\n", []),
    ("cpu index", RT + f"RUN pip install torch --index-url {WHL}/cpu\n", []),
    (
        "unresolved index",
        RT + "ARG CUDA\nRUN pip install torch --index-url https://download.pytorch.org/whl/$CUDA\n",
        [],
    ),
    (
        "resolved index ARG",
        RT
        + "ARG CUDA=cu118\nRUN pip install torch --index-url https://download.pytorch.org/whl/${CUDA}\n",
        [("DLM104", 3)],
    ),
    (
        "CPU base",
        "FROM python:3.12\nRUN pip install torch --index-url https://download.pytorch.org/whl/cu118\n",
        [],
    ),
    (
        "unresolved base",
        "ARG V\nFROM nvidia/cuda:${V}\nRUN pip install torch -i https://download.pytorch.org/whl/cu118\n",
        [],
    ),
    (
        "cuda 13 base, cu129",
        "FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04\n"
        + f"RUN pip install torch -i {WHL}/cu129\n",
        [("DLM104", 2)],
    ),
    (
        "one finding per RUN",
        RT + f"RUN pip install torch -i {WHL}/cu118 && pip install torchvision -i {WHL}/cu118\n",
        [("DLM104", 2)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_major_message_and_fix() -> None:
    [f] = findings(RT + f"RUN pip install torch --index-url {WHL}/cu118\n", select=["DLM104"])
    assert f.message == (
        "Wheels for CUDA 11.8 (`…/whl/cu118`) on a CUDA 12.1 base "
        "(nvidia/cuda:12.1.1-runtime-ubuntu22.04): two CUDA majors in one image."
    )
    assert f.fix == (
        "Install the build for CUDA 12 (a `…/whl/cu12N` index your torch release has), "
        "or use a CUDA 11.8 base."
    )
    assert f.severity.label == "warning"


def test_minor_message_names_the_compile_evidence() -> None:
    [f] = findings(
        DEV + f"RUN pip install torch -i {WHL}/cu124\nRUN nvcc -o k k.cu\n", select=["DLM104"]
    )
    assert f.message.endswith("in a stage compiling CUDA code (`nvcc`).")
    assert f.fix is not None and f.fix.startswith("Use `…/whl/cu121` if your torch release has it")


def test_label_evidence() -> None:
    [f] = findings(RT + "RUN pip install torch==1.12.1+cu113\n", select=["DLM104"])
    assert "(`torch==1.12.1+cu113`)" in f.message

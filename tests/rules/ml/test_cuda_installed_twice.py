"""DLM114 cuda-installed-twice."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

APT = "RUN apt-get update && apt-get install -y --no-install-recommends"
BASE = "FROM nvidia/cuda:12.1.1-base-ubuntu22.04\n"
RT = "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n"
DEV = "FROM nvidia/cuda:12.1.1-devel-ubuntu22.04\n"
CUDNN8 = "FROM nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04\n"
CUDNN9 = "FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM114"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("toolkit on devel", DEV + f"{APT} cuda-toolkit-12-1\n", [("DLM114", 2)]),
    ("nvcc on devel", DEV + f"{APT} cuda-nvcc-12-1\n", [("DLM114", 2)]),
    ("minimal build on devel", DEV + f"{APT} cuda-minimal-build-12-1\n", [("DLM114", 2)]),
    ("dev library on devel", DEV + f"{APT} libcublas-dev-12-1 libnccl-dev\n", [("DLM114", 2)]),
    ("runtime library on devel", DEV + f"{APT} libcusparse-12-1\n", [("DLM114", 2)]),
    ("cudart on base", BASE + f"{APT} cuda-cudart-12-1\n", [("DLM114", 2)]),
    ("libraries on base", BASE + f"{APT} cuda-libraries-12-1\n", []),
    ("libraries on runtime", RT + f"{APT} cuda-libraries-12-1\n", [("DLM114", 2)]),
    ("cublas on runtime", RT + f"{APT} libcublas-12-1\n", [("DLM114", 2)]),
    ("nccl on runtime", RT + f"{APT} libnccl2\n", [("DLM114", 2)]),
    ("toolkit on runtime", RT + f"{APT} cuda-toolkit-12-1\n", []),
    ("dev packages on runtime", RT + f"{APT} libcublas-dev-12-1 cuda-nvcc-12-1\n", []),
    ("another version", DEV + f"{APT} cuda-toolkit-11-8\n", []),
    ("unversioned toolkit", DEV + f"{APT} cuda-toolkit\n", []),
    ("major-only toolkit", DEV + f"{APT} cuda-toolkit-12\n", []),
    ("compat not counted", BASE + f"{APT} cuda-compat-12-1\n", []),
    ("cudnn8 on a cudnn8 tag", CUDNN8 + f"{APT} libcudnn8 libcudnn8-dev\n", [("DLM114", 2)]),
    ("cudnn on a tag without it", DEV + f"{APT} libcudnn8\n", []),
    ("cudnn9 on a bare cudnn tag", CUDNN9 + f"{APT} libcudnn9-cuda-12\n", [("DLM114", 2)]),
    ("cudnn9 headers on runtime", CUDNN9 + f"{APT} libcudnn9-dev-cuda-12\n", []),
    ("cudnn8 on a cudnn9 tag", CUDNN9 + f"{APT} libcudnn8\n", []),
    ("pinned version", RT + f"{APT} libnccl2=2.18.3-1+cuda12.1\n", []),
    ("held packages moved", RT + f"{APT} --allow-change-held-packages libnccl2\n", []),
    (
        "rpm spelling",
        "FROM nvidia/cuda:12.1.0-devel-ubi8\nRUN dnf install -y libcublas-devel-12-1\n",
        [("DLM114", 2)],
    ),
    (
        "rpm cudart on base",
        "FROM nvidia/cuda:12.1.0-base-ubi8\nRUN yum install -y cuda-cudart-12-1\n",
        [("DLM114", 2)],
    ),
    (
        "rpm nccl",
        "FROM nvidia/cuda:12.1.0-runtime-rockylinux8\nRUN microdnf install -y libnccl\n",
        [("DLM114", 2)],
    ),
    ("sh -c", DEV + "RUN sh -c 'apt-get install -y cuda-toolkit-12-1'\n", [("DLM114", 2)]),
    ("apt", DEV + "RUN apt install -y cuda-toolkit-12-1\n", [("DLM114", 2)]),
    ("remove is fine", DEV + "RUN apt-get remove -y cuda-nsight-compute-12-1\n", []),
    ("driver meta is DLM112's", DEV + f"{APT} cuda-12-1\n", []),
    (
        "pytorch image is not an nvidia/cuda flavour",
        "FROM pytorch/pytorch:2.1.2-cuda12.1-cudnn8-devel\n" + f"{APT} libcudnn8\n",
        [],
    ),
    ("CPU base", "FROM ubuntu:22.04\n" + f"{APT} cuda-toolkit-12-1\n", []),
    ("unresolved tag", "ARG V\nFROM nvidia/cuda:${V}\n" + f"{APT} cuda-toolkit-12-1\n", []),
    (
        "tag from ARG",
        "ARG V=12.1.1-devel-ubuntu22.04\nFROM nvidia/cuda:${V}\n" + f"{APT} cuda-toolkit-12-1\n",
        [("DLM114", 3)],
    ),
    (
        "build stage counts too",
        df(
            "FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build",
            f"{APT} cuda-nvcc-12-1",
            "FROM ubuntu:22.04",
        ),
        [("DLM114", 2)],
    ),
    (
        "chain through a stage",
        df(
            "FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS base",
            "FROM base",
            f"{APT} libcublas-12-1",
        ),
        [("DLM114", 3)],
    ),
    (
        "one finding per RUN",
        DEV + f"{APT} cuda-nvcc-12-1 && apt-get install -y libnccl-dev\n",
        [("DLM114", 2)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(DEV + f"{APT} git cuda-toolkit-12-1\n", select=["DLM114"])
    assert f.message == (
        "`cuda-toolkit-12-1` is already in nvidia/cuda:12.1.1-devel-ubuntu22.04 (the devel "
        "flavour ships it)."
    )
    assert f.fix == "Remove cuda-toolkit-12-1 from the install."
    assert f.severity.label == "warning"


def test_message_lists_several() -> None:
    [f] = findings(
        RT + f"{APT} libcublas-12-1 libcufft-12-1 libcurand-12-1 libnccl2\n", select=["DLM114"]
    )
    assert f.message.startswith(
        "`libcublas-12-1`, `libcufft-12-1`, `libcurand-12-1` and 1 more are already in"
    )
    assert "(the runtime flavour ships them)" in f.message

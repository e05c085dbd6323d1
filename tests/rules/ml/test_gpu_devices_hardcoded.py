"""DLM113 gpu-devices-hardcoded."""

from __future__ import annotations

import pytest

from dockerlint_ml.rules.ml.gpu_devices_hardcoded import specific_devices
from tests.helpers import COURSE, findings, lint_snippet

C = "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n"
UUID = "GPU-8f6e2c3a-1111-2222-3333-444455556666"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM113"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("index", C + "ENV NVIDIA_VISIBLE_DEVICES=0\n", [("DLM113", 2)]),
    ("index list", C + "ENV NVIDIA_VISIBLE_DEVICES=0,1\n", [("DLM113", 2)]),
    ("spaced list", C + 'ENV NVIDIA_VISIBLE_DEVICES="0, 1"\n', [("DLM113", 2)]),
    ("legacy form", C + "ENV NVIDIA_VISIBLE_DEVICES 2\n", [("DLM113", 2)]),
    ("uuid", C + f"ENV NVIDIA_VISIBLE_DEVICES={UUID}\n", [("DLM113", 2)]),
    (
        "mig",
        C + "ENV NVIDIA_VISIBLE_DEVICES=MIG-4b6fbc0a-2f1e-5b3c-9d1e-0a1b2c3d4e5f\n",
        [("DLM113", 2)],
    ),
    ("mig index", C + "ENV NVIDIA_VISIBLE_DEVICES=0:1\n", [("DLM113", 2)]),
    ("cuda index", C + "ENV CUDA_VISIBLE_DEVICES=0\n", [("DLM113", 2)]),
    ("cuda list", C + "ENV CUDA_VISIBLE_DEVICES=0,1,2,3\n", [("DLM113", 2)]),
    (
        "both in one ENV",
        C + "ENV NVIDIA_VISIBLE_DEVICES=1 CUDA_VISIBLE_DEVICES=0\n",
        [("DLM113", 2), ("DLM113", 2)],
    ),
    (
        "among other names",
        C + "ENV A=1 \\\n    CUDA_VISIBLE_DEVICES=0 \\\n    B=2\n",
        [("DLM113", 2)],
    ),
    ("from ARG default", C + "ARG GPU=1\nENV CUDA_VISIBLE_DEVICES=$GPU\n", [("DLM113", 3)]),
    ("from ENV", C + "ENV GPU=1\nENV NVIDIA_VISIBLE_DEVICES=${GPU}\n", [("DLM113", 3)]),
    ("global ARG", "ARG GPU=3\n" + C + "ARG GPU\nENV CUDA_VISIBLE_DEVICES=$GPU\n", [("DLM113", 4)]),
    ("ARG without default", C + "ARG GPU\nENV CUDA_VISIBLE_DEVICES=$GPU\n", []),
    ("undefined variable", C + "ENV CUDA_VISIBLE_DEVICES=$GPU\n", []),
    ("all", C + "ENV NVIDIA_VISIBLE_DEVICES=all\n", []),
    ("ALL quoted", C + 'ENV NVIDIA_VISIBLE_DEVICES="all"\n', []),
    ("none", C + "ENV NVIDIA_VISIBLE_DEVICES=none\n", []),
    ("void", C + "ENV NVIDIA_VISIBLE_DEVICES=void\n", []),
    ("empty", C + 'ENV CUDA_VISIBLE_DEVICES=""\n', []),
    ("hide all GPUs", C + "ENV CUDA_VISIBLE_DEVICES=-1\n", []),
    ("other variable", C + "ENV NVIDIA_DRIVER_CAPABILITIES=compute\n", []),
    ("RUN-time setting is not ENV", C + "RUN CUDA_VISIBLE_DEVICES=0 python train.py\n", []),
    (
        "build stage does not ship",
        df("FROM python:3.12 AS build", "ENV CUDA_VISIBLE_DEVICES=0", "FROM python:3.12"),
        [],
    ),
    (
        "inherited stage ships",
        df("FROM python:3.12 AS base", "ENV CUDA_VISIBLE_DEVICES=0", "FROM base"),
        [("DLM113", 2)],
    ),
    ("ONBUILD not read", C + "ONBUILD ENV CUDA_VISIBLE_DEVICES=0\n", []),
    ("lowercase", "from python:3.12\nenv CUDA_VISIBLE_DEVICES=1\n", [("DLM113", 2)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", True), ("0,1", True), (UUID, True), ("all", False), ("", False), ("-1", False),
     ("0,-1", False), ("gpu0", False), ("$GPU", False)],
)  # fmt: skip
def test_specific_devices(value: str, expected: bool) -> None:
    assert specific_devices(value) is expected


def test_messages_and_fixes() -> None:
    [f] = findings(C + "ENV NVIDIA_VISIBLE_DEVICES=0\n", select=["DLM113"])
    assert f.message == (
        "ENV NVIDIA_VISIBLE_DEVICES=0 ties every container of this image to particular host "
        "GPUs, a choice that belongs to run time."
    )
    assert f.fix == (
        "Remove it (or set `all`) and choose GPUs at run time: `docker run --gpus '\"device=0\"'`."
    )
    [g] = findings(C + "ENV CUDA_VISIBLE_DEVICES=0,1\n", select=["DLM113"])
    assert g.message == (
        "ENV CUDA_VISIBLE_DEVICES=0,1 hides every GPU the container is given but 0,1, a choice "
        "that belongs to run time."
    )
    assert g.fix == (
        "Remove it and choose GPUs at run time (`docker run --gpus`, or "
        "`-e CUDA_VISIBLE_DEVICES=0,1`)."
    )
    assert g.severity.label == "warning"

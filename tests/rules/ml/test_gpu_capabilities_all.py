"""DLM116 gpu-capabilities-all."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

C = "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM116"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("all", C + "ENV NVIDIA_DRIVER_CAPABILITIES=all\n", [("DLM116", 2)]),
    ("quoted", C + 'ENV NVIDIA_DRIVER_CAPABILITIES="all"\n', [("DLM116", 2)]),
    ("legacy form", C + "ENV NVIDIA_DRIVER_CAPABILITIES all\n", [("DLM116", 2)]),
    ("in a list", C + "ENV NVIDIA_DRIVER_CAPABILITIES=compute,all\n", [("DLM116", 2)]),
    ("among other names", C + "ENV A=1 \\\n    NVIDIA_DRIVER_CAPABILITIES=all\n", [("DLM116", 2)]),
    (
        "from ARG default",
        C + "ARG CAPS=all\nENV NVIDIA_DRIVER_CAPABILITIES=$CAPS\n",
        [("DLM116", 3)],
    ),
    ("ARG without default", C + "ARG CAPS\nENV NVIDIA_DRIVER_CAPABILITIES=$CAPS\n", []),
    ("named", C + "ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility\n", []),
    ("graphics named", C + "ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics\n", []),
    ("word containing all", C + "ENV NVIDIA_DRIVER_CAPABILITIES=allow\n", []),
    ("other variable", C + "ENV NVIDIA_VISIBLE_DEVICES=all\n", []),
    (
        "build stage does not ship",
        df("FROM ubuntu:22.04 AS b", "ENV NVIDIA_DRIVER_CAPABILITIES=all", "FROM ubuntu:22.04"),
        [],
    ),
    (
        "inherited stage ships",
        df("FROM ubuntu:22.04 AS b", "ENV NVIDIA_DRIVER_CAPABILITIES=all", "FROM b"),
        [("DLM116", 2)],
    ),
    ("ONBUILD not read", C + "ONBUILD ENV NVIDIA_DRIVER_CAPABILITIES=all\n", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(C + "ENV NVIDIA_DRIVER_CAPABILITIES=all\n", select=["DLM116"])
    assert f.message == (
        "ENV NVIDIA_DRIVER_CAPABILITIES=all mounts every driver capability (graphics, video, "
        "display...) into the container."
    )
    assert f.fix == (
        "Name the ones the image needs, e.g. `compute,utility` (add `graphics` for "
        "OpenGL/Vulkan, `video` for NVENC/NVDEC)."
    )
    assert f.severity.label == "info"

"""DLM112 gpu-runtime-in-image."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

U = "FROM ubuntu:22.04\n"
APT = "RUN apt-get update && apt-get install -y --no-install-recommends"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM112"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("nvidia-container-toolkit", U + f"{APT} nvidia-container-toolkit\n", [("DLM112", 2)]),
    ("toolkit base", U + f"{APT} nvidia-container-toolkit-base\n", [("DLM112", 2)]),
    ("container runtime", U + f"{APT} nvidia-container-runtime\n", [("DLM112", 2)]),
    ("nvidia-docker2", U + f"{APT} nvidia-docker2\n", [("DLM112", 2)]),
    ("libnvidia-container1", U + f"{APT} libnvidia-container1\n", [("DLM112", 2)]),
    (
        "libnvidia-container-tools pinned",
        U + f"{APT} libnvidia-container-tools=1.14.0-1\n",
        [("DLM112", 2)],
    ),
    ("nvidia-driver-550", U + f"{APT} nvidia-driver-550\n", [("DLM112", 2)]),
    ("nvidia-driver-535-server", U + f"{APT} nvidia-driver-535-server\n", [("DLM112", 2)]),
    ("nvidia-headless", U + f"{APT} nvidia-headless-535\n", [("DLM112", 2)]),
    ("nvidia-utils", U + f"{APT} nvidia-utils-535\n", [("DLM112", 2)]),
    ("libnvidia-compute", U + f"{APT} libnvidia-compute-535\n", [("DLM112", 2)]),
    ("nvidia-dkms", U + f"{APT} nvidia-dkms-535\n", [("DLM112", 2)]),
    ("cuda-drivers", U + f"{APT} cuda-drivers\n", [("DLM112", 2)]),
    ("cuda-drivers-550", U + f"{APT} cuda-drivers-550\n", [("DLM112", 2)]),
    ("nvidia-open", U + f"{APT} nvidia-open\n", [("DLM112", 2)]),
    ("cuda meta", U + f"{APT} cuda\n", [("DLM112", 2)]),
    ("cuda-12-1 meta", U + f"{APT} cuda-12-1\n", [("DLM112", 2)]),
    ("cuda-runtime meta", U + f"{APT} cuda-runtime-12-1\n", [("DLM112", 2)]),
    (
        "dnf nvidia-driver",
        "FROM rockylinux:9\nRUN dnf install -y nvidia-driver nvidia-driver-cuda\n",
        [("DLM112", 2)],
    ),
    (
        "dnf module stream not read (a known limit)",
        "FROM rockylinux:9\nRUN dnf module install -y nvidia-driver:latest-dkms\n",
        [],
    ),
    (
        "yum toolkit",
        "FROM centos:7\nRUN yum install -y nvidia-container-toolkit\n",
        [("DLM112", 2)],
    ),
    ("sh -c", U + "RUN sh -c 'apt-get install -y cuda-drivers'\n", [("DLM112", 2)]),
    ("apt", U + "RUN apt install -y nvidia-driver-550\n", [("DLM112", 2)]),
    ("cuda-toolkit is fine", U + f"{APT} cuda-toolkit-12-1\n", []),
    ("cuda-libraries is fine", U + f"{APT} cuda-libraries-12-1\n", []),
    ("gl libraries not read", U + f"{APT} libnvidia-gl-535\n", []),
    ("debian toolkit is fine", U + f"{APT} nvidia-cuda-toolkit\n", []),
    ("remove is fine", U + "RUN apt-get purge -y nvidia-driver-550\n", []),
    ("pip is not apt", "FROM python:3.12\nRUN pip install nvidia-cublas-cu12\n", []),
    ("docker in docker", U + f"{APT} docker-ce nvidia-container-toolkit\n", []),
    (
        "docker in docker, engine in another RUN",
        U + f"{APT} docker.io\n" + f"{APT} nvidia-container-toolkit\n",
        [],
    ),
    ("docker base", "FROM docker:27-dind\nRUN apk add nvidia-container-toolkit\n", []),
    ("a driver even with docker", U + f"{APT} docker-ce nvidia-driver-550\n", [("DLM112", 2)]),
    (
        "build stage does not ship",
        df("FROM ubuntu:22.04 AS b", f"{APT} nvidia-utils-535", "FROM ubuntu:22.04"),
        [],
    ),
    (
        "stage the final is built on",
        df("FROM ubuntu:22.04 AS b", f"{APT} nvidia-utils-535", "FROM b"),
        [("DLM112", 2)],
    ),
    (
        "one finding per RUN",
        U + f"{APT} nvidia-driver-550 nvidia-container-toolkit\n",
        [("DLM112", 2)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_driver_message_and_fix() -> None:
    [f] = findings(U + f"{APT} nvidia-driver-550\n", select=["DLM112"])
    assert f.message == (
        "`nvidia-driver-550` installs an NVIDIA driver in the image, where it conflicts with the "
        "host driver the container toolkit mounts."
    )
    assert (
        f.fix
        == "Remove nvidia-driver-550: the host's driver is mounted at run time (`--gpus all`)."
    )


def test_toolkit_message() -> None:
    [f] = findings(U + f"{APT} nvidia-container-toolkit\n", select=["DLM112"])
    assert "host software" in f.message
    assert f.fix == (
        "Remove nvidia-container-toolkit; install it on the host and run the image with "
        "`--gpus all`."
    )


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        (
            U + f"{APT} cuda-12-1\n",
            "Install `cuda-toolkit-12-1` (the toolkit without the driver), or use an nvidia/cuda"
            " base.",
        ),
        (
            U + f"{APT} cuda\n",
            "Install `cuda-toolkit` (the toolkit without the driver), or use an nvidia/cuda base.",
        ),
        (
            U + f"{APT} cuda-runtime-12-1\n",
            "Install `cuda-libraries-12-1` (the runtime libraries without the driver).",
        ),
        (
            "FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\n" + f"{APT} cuda-12-1\n",
            "Remove cuda-12-1: nvidia/cuda:12.1.0-devel-ubuntu22.04 already has the CUDA toolkit.",
        ),
        (
            "FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04\n" + f"{APT} cuda-runtime-12-1\n",
            "Remove cuda-runtime-12-1: nvidia/cuda:12.1.0-runtime-ubuntu22.04 already has the CUDA"
            " libraries.",
        ),
    ],
)
def test_metapackage_fixes_agree_with_dlm114(text: str, fix: str) -> None:
    [f] = findings(text, select=["DLM112"])
    assert f.fix == fix
    # Following an "Install X" fix must not trade this finding for a DLM114 one.
    if fix.startswith("Install `"):
        package = fix.split("`")[1]
        followed = text.replace(text.rsplit(" ", 1)[1].strip(), package)
        assert lint_snippet(followed, select=["DLM112", "DLM114"]) == []


def test_devel_base_toolkit_would_be_dlm114() -> None:
    # Why the devel-base fix says "Remove" rather than "Install cuda-toolkit-12-1".
    text = "FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\n" + f"{APT} cuda-toolkit-12-1\n"
    assert lint_snippet(text, select=["DLM112", "DLM114"]) == [("DLM114", 2)]

"""facts.cuda: the base image's CUDA, a wheel's CUDA, what each nvidia/cuda flavour ships."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import ImageRef
from dockerlint_ml.facts.cuda import (
    BaseCuda,
    base_cuda,
    cuda_digits,
    index_cuda,
    is_cpu_index,
    is_cpu_label,
    label_cuda,
    shipped_by,
)
from dockerlint_ml.facts.image_facts import ImageFacts, facts_for


def image(name: str, tag: str | None) -> ImageRef:
    return ImageRef(raw=f"{name}:{tag}" if tag else name, name=name, tag=tag, digest=None)


@pytest.mark.parametrize(
    ("name", "tag", "expected"),
    [
        ("nvidia/cuda", "12.1.0-runtime-ubuntu22.04", (12, 1, "runtime", None)),
        ("nvidia/cuda", "12.1.0-cudnn8-devel-ubuntu22.04", (12, 1, "devel", "8")),
        ("nvidia/cuda", "12.6.3-cudnn-runtime-ubuntu24.04", (12, 6, "runtime", "")),
        ("nvidia/cuda", "12.5.1-base-ubuntu22.04", (12, 5, "base", None)),
        ("nvidia/cuda", "8.0-cudnn5-devel", (8, 0, "devel", "5")),
        ("nvidia/cuda", "11.8.0-devel-ubi8", (11, 8, "devel", None)),
        ("nvidia/cuda", "13.0.1-cudnn-devel-ubuntu24.04", (13, 0, "devel", "")),
        ("pytorch/pytorch", "2.1.2-cuda12.1-cudnn8-runtime", (12, 1, "runtime", "8")),
        ("pytorch/pytorch", "2.5.1-cuda12.4-cudnn9-devel", (12, 4, "devel", "9")),
        ("pytorch/pytorch", "latest", None),
        ("nvidia/cuda", "latest", None),
        ("python", "3.12-slim", None),
    ],
)
def test_base_cuda_from_the_tag(
    name: str, tag: str, expected: tuple[int, int, str, str | None] | None
) -> None:
    ref = image(name, tag)
    found = base_cuda(ref, facts_for(ref))
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.major, found.minor, found.flavour, found.cudnn) == expected


def test_base_cuda_from_user_facts_and_none() -> None:
    ref = image("registry.corp/ml-base", "1.0")
    found = base_cuda(ref, ImageFacts("registry.corp/ml-base", cuda="12.4"))
    assert found == BaseCuda(12, 4, None, None, "registry.corp/ml-base:1.0")
    assert base_cuda(ref, ImageFacts("registry.corp/ml-base", cuda="none")) is None
    assert base_cuda(ref, None) is None


def test_bare_cudnn_tag_is_cudnn_9() -> None:
    ref = image("nvidia/cuda", "12.6.3-cudnn-runtime-ubuntu24.04")
    found = base_cuda(ref, facts_for(ref))
    assert found is not None and found.cudnn_major == "9"


@pytest.mark.parametrize(
    ("digits", "expected"), [("92", (9, 2)), ("101", (10, 1)), ("118", (11, 8)), ("130", (13, 0))]
)
def test_cuda_digits(digits: str, expected: tuple[int, int]) -> None:
    assert cuda_digits(digits) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://download.pytorch.org/whl/cu121", (12, 1)),
        ("https://download.pytorch.org/whl/cu118/", (11, 8)),
        ("https://download.pytorch.org/whl/nightly/cu128", (12, 8)),
        ("https://download.pytorch.org/whl/test/cu126", (12, 6)),
        ("https://download.pytorch.org/whl/cpu", None),
        ("https://download.pytorch.org/whl/rocm6.2", None),
        ("https://download.pytorch.org/whl/torch_stable.html", None),
        ("https://pypi.org/simple", None),
    ],
)
def test_index_cuda(url: str, expected: tuple[int, int] | None) -> None:
    assert index_cuda(url) == expected


def test_cpu_index_and_labels() -> None:
    assert is_cpu_index("https://download.pytorch.org/whl/cpu")
    assert is_cpu_index("https://download.pytorch.org/whl/nightly/cpu/")
    assert not is_cpu_index("https://download.pytorch.org/whl/cu121")
    assert label_cuda("2.1.0+cu121") == (12, 1)
    assert label_cuda("1.12.1+cu113") == (11, 3)
    assert label_cuda("2.1.0+cpu") is None
    assert is_cpu_label("torch==2.1.0+cpu")
    assert not is_cpu_label("torch==2.1.0")


RUNTIME = BaseCuda(12, 1, "runtime", None, "nvidia/cuda:12.1.0-runtime-ubuntu22.04")
DEVEL = BaseCuda(12, 1, "devel", "8", "nvidia/cuda:12.1.0-cudnn8-devel-ubuntu22.04")
BASE = BaseCuda(12, 1, "base", None, "nvidia/cuda:12.1.0-base-ubuntu22.04")
CUDNN9 = BaseCuda(12, 6, "runtime", "", "nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04")


@pytest.mark.parametrize(
    ("base", "package", "expected"),
    [
        (BASE, "cuda-cudart-12-1", True),
        (BASE, "cuda-compat-12-1", False),  # deliberate forward-compatibility installs
        (BASE, "libcublas-12-1", False),
        (RUNTIME, "libcublas-12-1", True),
        (RUNTIME, "cuda-libraries-12-1", True),
        (RUNTIME, "libnccl2", True),
        (RUNTIME, "libnccl-dev", False),
        (RUNTIME, "cuda-toolkit-12-1", False),
        (RUNTIME, "cuda-nvcc-12-1", False),
        (RUNTIME, "libcublas-12-4", False),  # another CUDA version: not this rule's
        (RUNTIME, "libcudnn8", False),  # no cuDNN in the tag
        (DEVEL, "cuda-toolkit-12-1", True),
        (DEVEL, "cuda-nvcc-12-1", True),
        (DEVEL, "libcublas-dev-12-1", True),
        (DEVEL, "libcublas-devel-12-1", True),  # RPM spelling
        (DEVEL, "libnccl-devel", True),
        (DEVEL, "libcudnn8", True),
        (DEVEL, "libcudnn8-dev", True),
        (DEVEL, "libcudnn9-cuda-12", False),
        (DEVEL, "cuda-toolkit", False),  # installs the newest CUDA
        (DEVEL, "cuda-toolkit-11-8", False),
        (CUDNN9, "libcudnn9-cuda-12", True),
        (CUDNN9, "libcudnn9-dev-cuda-12", False),  # runtime flavour: no headers
        (CUDNN9, "libcudnn9-cuda-11", False),
        (CUDNN9, "libcudnn8", False),
    ],
)
def test_shipped_by(base: BaseCuda, package: str, expected: bool) -> None:
    assert shipped_by(base, package) is expected


def test_unknown_flavour_ships_nothing() -> None:
    assert not shipped_by(BaseCuda(12, 1, None, None, "x"), "cuda-cudart-12-1")

"""DLM104 cuda-wheel-mismatch."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.dockerfile.parser import arg_words
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.cuda import (
    BaseCuda,
    Resolver,
    WheelCuda,
    base_cuda,
    conda_wheel_cuda,
    pip_wheel_cuda,
)
from dockerlint_ml.facts.packages import Kind

# Variables whose presence says a build compiles CUDA code: PyTorch's extension builder
# reads TORCH_CUDA_ARCH_LIST, and FORCE_CUDA=1 makes detectron2, torchvision, PyG and
# others build their CUDA kernels without a GPU.
_COMPILE_VARIABLES = ("TORCH_CUDA_ARCH_LIST", "FORCE_CUDA")
# Packages that compile CUDA kernels when pip builds them (flash-attn is an sdist only).
_COMPILED_PACKAGES = frozenset({"flash-attn", "flash_attn"})
# Source repositories of CUDA extensions, as they appear in pip's VCS or URL words.
_COMPILED_SOURCES = ("nvidia/apex", "facebookresearch/detectron2", "facebookresearch/pytorch3d")


class CudaWheelMismatch(Rule):
    """The PyTorch build installed is for another CUDA than the base image's.

    Compares the CUDA of the base at the bottom of the stage's chain (nvidia/cuda:X.Y...,
    pytorch/pytorch:...-cudaX.Y-..., or an image whose facts give the version) with the CUDA
    of what a RUN of that stage installs: a `+cuAB` version of a named package
    (`torch==2.1.0+cu118`), a PyTorch index `…/whl/cuAB` (`-i`, `--index-url`,
    `--extra-index-url`, `-f`, uv's `--index`/`--default-index`, or `PIP_INDEX_URL`,
    `PIP_EXTRA_INDEX_URL`, `PIP_FIND_LINKS`, `UV_INDEX_URL`, `UV_DEFAULT_INDEX`,
    `UV_EXTRA_INDEX_URL`, `UV_INDEX` from ENV, ARG or the command), uv's `--torch-backend
    cuAB` or `UV_TORCH_BACKEND`, and conda's `pytorch-cuda=X.Y`. An extra index counts for
    a named torch, torchvision, torchaudio or xformers; a primary index (`--index-url`) for
    any named package. Majors are compared always. Minors only when the same stage compiles
    CUDA code: it runs `nvcc`, sets `TORCH_CUDA_ARCH_LIST` or `FORCE_CUDA` (ENV through the
    chain, ARG, or on a command), pip-installs `flash-attn`, or builds NVIDIA apex,
    detectron2 or pytorch3d from source (a VCS or URL word naming their repository, or
    apex's `--cuda_ext` build option). Every stage is checked, each against its own base.
    Not read: a requirements file (`-r`: what it pins is not known), conda's `cudatoolkit=`, and a
    version or index only a variable decides, and ONBUILD triggers. One finding per RUN.

    ## Why is this bad?

    A PyTorch wheel brings its own CUDA runtime, so a CUDA 11.8 wheel on a CUDA 12 base
    ships two CUDA majors, several GB, of which the base's goes unused. Worse, the
    image declares the base's CUDA (`NVIDIA_REQUIRE_CUDA`), so the container toolkit
    checks the host driver for the wrong version, and a CUDA extension compiled with the
    base's nvcc fails against torch (PyTorch refuses a CUDA major that differs from its
    own). Within one major, CUDA's minor-version compatibility lets a cu121 wheel run on a
    12.4 base, which is why minors matter only when code is compiled against both.

    ## Example

    ```dockerfile
    FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
        && rm -rf /var/lib/apt/lists/*
    RUN pip3 install --no-cache-dir torch==2.3.1 --index-url https://download.pytorch.org/whl/cu118
    ```

    ## Use instead

    ```dockerfile
    FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
        && rm -rf /var/lib/apt/lists/*
    RUN pip3 install --no-cache-dir torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121
    ```

    ## References

    - NVIDIA, CUDA minor version compatibility (applications built with any 12.x run on a
      12.y driver stack): https://docs.nvidia.com/deploy/cuda-compatibility/
    - PyTorch's per-CUDA indexes (`/whl/cu118`, `/whl/cu121`...):
      https://pytorch.org/get-started/previous-versions/
    - PyTorch's extension builder refuses a CUDA major that differs from torch's
      (`torch.utils.cpp_extension`, `_check_cuda_version`):
      https://github.com/pytorch/pytorch/blob/main/torch/utils/cpp_extension.py
    - nvidia/cuda images set NVIDIA_REQUIRE_CUDA for their version:
      https://gitlab.com/nvidia/container-images/cuda
    - uv's torch backend: https://docs.astral.sh/uv/guides/integration/pytorch/
    """

    code = "DLM104"
    name = "cuda-wheel-mismatch"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"pip", "uv", "conda", "mamba", "micromamba"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._bases: dict[int, BaseCuda | None] = {}
        self._compiles: dict[int, str | None] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        if stage.index not in self._bases:
            self._bases[stage.index] = base_cuda(*ctx.root_facts(stage))
        base = self._bases[stage.index]
        if base is None:
            return
        for wheel in _wheels(ctx, stage, instruction):
            if wheel.major != base.major:
                yield self.finding(
                    instruction,
                    f"Wheels for CUDA {wheel.version} ({wheel.evidence}) on a CUDA "
                    f"{base.version} base ({base.image}): two CUDA majors in one image.",
                    fix=f"Install the build for CUDA {base.major} (a `…/whl/cu{base.major}N` "
                    f"index your torch release has), or use a CUDA {wheel.version} base.",
                )
                return
            if wheel.minor != base.minor:
                compiles = self._compiling(ctx, stage)
                if compiles is None:
                    continue
                yield self.finding(
                    instruction,
                    f"Wheels for CUDA {wheel.version} ({wheel.evidence}) on a CUDA "
                    f"{base.version} base ({base.image}) in a stage compiling CUDA code "
                    f"({compiles}).",
                    fix=f"Use `…/whl/cu{base.major}{base.minor}` if your torch release has it, "
                    f"or a CUDA {wheel.version} base, so extensions build with torch's CUDA.",
                )
                return

    def _compiling(self, ctx: Context, stage: Stage) -> str | None:
        if stage.index not in self._compiles:
            self._compiles[stage.index] = _compiles(ctx, stage)
        return self._compiles[stage.index]


def _wheels(ctx: Context, stage: Stage, instruction: Instruction) -> Iterator[WheelCuda]:
    dockerfile = ctx.dockerfile
    for record in ctx.packages(instruction):
        if record.manager not in ("pip", "uv-pip") or record.action != "install":
            continue
        found = pip_wheel_cuda(Resolver(dockerfile, stage, instruction, record.command), record)
        if found is not None:
            yield found
    for install in ctx.installs(instruction):
        if install.tool != "conda" or not install.packages:
            continue
        resolver = Resolver(dockerfile, stage, instruction, install.command)
        found = conda_wheel_cuda(install.packages, resolver.word)
        if found is not None:
            yield found


def _compiles(ctx: Context, stage: Stage) -> str | None:
    """What shows that the stage compiles CUDA code, for the message; None: nothing."""
    dockerfile = ctx.dockerfile
    for name in _COMPILE_VARIABLES:
        if dockerfile.env_at(stage, name) is not None:
            return f"ENV {name}"
    for ins in stage.instructions:
        if ins.keyword == "ARG":
            for name, _ in arg_words(ins.value):
                if name in _COMPILE_VARIABLES:
                    return f"ARG {name}"
        if ins.keyword != "RUN":
            continue
        for command in ctx.commands(ins):
            if command.name == "nvcc":
                return "`nvcc`"
            for name in _COMPILE_VARIABLES:
                if command.env_value(name) is not None:
                    return f"`{name}=`"
            if any("--cuda_ext" in word for word in command.args):
                return "apex's `--cuda_ext`"
        for record in ctx.packages(ins):
            if record.manager not in ("pip", "uv-pip") or record.action != "install":
                continue
            for arg in record.args:
                if arg.kind is Kind.PACKAGE and arg.name.lower() in _COMPILED_PACKAGES:
                    return f"`{arg.name}`"
                if arg.kind in (Kind.VCS, Kind.URL):
                    lowered = arg.word.lower()
                    for source in _COMPILED_SOURCES:
                        if source in lowered:
                            return f"a build of {source.rsplit('/', 1)[1]}"
    return None

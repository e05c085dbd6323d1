"""DLM114 cuda-installed-twice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.cuda import BaseCuda, base_cuda, package_name, shipped_by
from dockerlint_ml.facts.packages import PackageArg

_SYSTEM_MANAGERS = frozenset({"apt-get", "apt", "yum", "dnf", "microdnf"})
_INSTALL_ACTIONS = frozenset({"install", "reinstall"})


def _pinned(arg: PackageArg) -> bool:
    """An explicit version (`libnccl2=2.18.3-1+cuda12.1`): a chosen release, not a repeat."""
    return arg.version is not None and arg.operator not in ("", "-")


class CudaInstalledTwice(Rule):
    """CUDA packages are installed on an nvidia/cuda base that already has them.

    Applies to every stage built on an `nvidia/cuda:X.Y[.Z][-cudnnN]-{base,runtime,devel}`
    tag, and reports a RUN whose apt-get, apt, yum, dnf or microdnf install names a package
    that flavour already ships (NVIDIA's Dockerfiles; each flavour has the previous one's):

    - base: `cuda-cudart-X-Y`;
    - runtime: also `cuda-libraries-X-Y` and the libraries it pulls in (`libcublas-X-Y`,
      `libcufft-X-Y`, `libcurand-X-Y`, `libcusolver-X-Y`, `libcusparse-X-Y`, `libnpp-X-Y`,
      `libnvjpeg-X-Y`, `libnvjitlink-X-Y`, `libcufile-X-Y`, `cuda-nvrtc-X-Y`,
      `cuda-opencl-X-Y`), `cuda-nvtx-X-Y`, `libnccl2`;
    - devel: also `cuda-toolkit-X-Y`, `cuda-minimal-build-X-Y`, `cuda-nvcc-X-Y`,
      `cuda-cudart-dev-X-Y`, `cuda-libraries-dev-X-Y` and the libraries' `-dev` packages,
      `cuda-command-line-tools-X-Y` (`cuda-cupti`, `cuda-gdb`, `cuda-nvdisasm`,
      `cuda-nvprof`, `cuda-sanitizer`), `cuda-nvml-dev-X-Y`, `cuda-nsight-compute-X-Y`,
      `cuda-cccl-X-Y`, `cuda-driver-dev-X-Y`, `cuda-profiler-api-X-Y`, `libnccl-dev`;
    - `-cudnnN-` tags: `libcudnnN` (and `libcudnnN-dev` on devel); the `-cudnn-` tags with
      no number carry cuDNN 9 (`libcudnn9-cuda-<major>`, `libcudnn9-dev-cuda-<major>`).

    Red Hat spellings (`-devel`, `libnccl`) count the same. A package that names a CUDA
    version counts only when it is the base's own (`cuda-toolkit-12-1` on a 12.1 devel
    base); one that names another version, or none (`cuda-toolkit`, which installs the
    newest), puts a second CUDA in the image: a different problem this rule leaves alone,
    as it does packages the flavour lacks (`cuda-toolkit-12-1` on a runtime base: use the
    devel flavour). Not reported either: a package given an explicit version
    (`libnccl2=2.18.3-1+cuda12.1`, which moves NVIDIA's pinned release on purpose), an
    install with `--allow-change-held-packages`, and `cuda-compat-X-Y`, which projects
    install deliberately for forward compatibility. The CUDA metapackages that also install
    the driver (`cuda-X-Y`, `cuda-runtime-X-Y`) are DLM112's. ONBUILD triggers are not read.
    One finding per RUN.

    ## Why is this bad?

    Installing again what the base image has is at best a no-op that downloads package
    lists and hundreds of MB for nothing; at worst it changes the versions NVIDIA pinned
    (the images hold `libcublas` and `libnccl2` with `apt-mark hold`, so an install that
    moves them fails or needs `--allow-change-held-packages`), and the layer keeps a second
    copy of files the base already had. Choosing the right flavour (devel for nvcc and
    headers, `-cudnn` for cuDNN) gives the same result with nothing to install.

    ## Example

    ```dockerfile
    FROM nvidia/cuda:12.1.1-devel-ubuntu22.04
    RUN apt-get update && apt-get install -y --no-install-recommends cuda-toolkit-12-1 \
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead

    ```dockerfile
    FROM nvidia/cuda:12.1.1-devel-ubuntu22.04
    RUN apt-get update && apt-get install -y --no-install-recommends git \
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References

    - NVIDIA's CUDA image Dockerfiles, per version, OS and flavour (`dist/<version>/<os>/
      {base,runtime,devel}/Dockerfile` and the `cudnn` variants):
      https://gitlab.com/nvidia/container-images/cuda
    - The flavours and their tags: https://hub.docker.com/r/nvidia/cuda
    - CUDA metapackages and what they install:
      https://docs.nvidia.com/cuda/cuda-installation-guide-linux/#meta-packages
    """

    code = "DLM114"
    name = "cuda-installed-twice"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset(_SYSTEM_MANAGERS)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._bases: dict[int, BaseCuda | None] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        if stage.index not in self._bases:
            root, facts = ctx.root_facts(stage)
            found = base_cuda(root, facts)
            if root is None or root.name != "nvidia/cuda":
                found = None
            self._bases[stage.index] = found
        base = self._bases[stage.index]
        if base is None or base.flavour is None:
            return
        for record in ctx.packages(instruction):
            if record.manager not in _SYSTEM_MANAGERS or record.action not in _INSTALL_ACTIONS:
                continue
            if record.has("--allow-change-held-packages"):
                continue  # moving NVIDIA's held packages (NCCL, cuBLAS) on purpose
            names = [
                n
                for n in (package_name(record, a) for a in record.packages if not _pinned(a))
                if shipped_by(base, n)
            ]
            if not names:
                continue
            shown = ", ".join(f"`{n}`" for n in names[:3])
            if len(names) > 3:
                shown += f" and {len(names) - 3} more"
            flavour = base.flavour + (" cuDNN" if base.cudnn is not None else "")
            yield self.finding(
                instruction,
                f"{shown} {'is' if len(names) == 1 else 'are'} already in {base.image} "
                f"(the {flavour} flavour ships {'it' if len(names) == 1 else 'them'}).",
                fix=f"Remove {', '.join(names)} from the install.",
            )
            return

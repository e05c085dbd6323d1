"""DLM112 gpu-runtime-in-image."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.cuda import BaseCuda, base_cuda, package_name

_SYSTEM_MANAGERS = frozenset({"apt-get", "apt", "yum", "dnf", "microdnf", "zypper", "apk"})
_INSTALL_ACTIONS = frozenset({"install", "add", "reinstall"})

# The NVIDIA Container Toolkit and its predecessors: host software that hands GPUs to
# containers (the runtime hook, libnvidia-container, the docker wrapper).
_TOOLKIT_RE = re.compile(
    r"nvidia-container-toolkit(?:-base)?|nvidia-container-runtime(?:-hook)?|nvidia-docker2?"
    r"|libnvidia-container[\w.+-]*"
)
# NVIDIA driver packages: Ubuntu's and Debian's (nvidia-driver-535, nvidia-headless-535,
# nvidia-utils-535, libnvidia-compute-535, nvidia-dkms-535, nvidia-kernel-*), NVIDIA's CUDA
# repository's (cuda-drivers, cuda-drivers-535, nvidia-open), the RPM ones (nvidia-driver,
# nvidia-driver-cuda, kmod-nvidia-*), and the CUDA metapackages that depend on cuda-drivers
# (`cuda`, `cuda-12-1`, `cuda-12`, `cuda-runtime-12-1`).
_DRIVER_RE = re.compile(
    r"nvidia-driver(?:-[\w.+-]+)?|nvidia-headless-[\w.+-]+|nvidia-utils-[\w.+-]+"
    r"|libnvidia-compute-[\w.+-]+|nvidia-dkms-[\w.+-]+|nvidia-kernel-[\w.+-]+"
    r"|nvidia-compute-utils-[\w.+-]+|nvidia-open(?:-[\d.]+)?|kmod-nvidia[\w.+-]*"
    r"|cuda-drivers(?:-[\w.+-]+)?"
)
_CUDA_META_RE = re.compile(r"cuda(?:-\d+(?:-\d+)?)?|cuda-runtime-\d+-\d+")
_META_VERSION_RE = re.compile(r"cuda(-runtime)?(?:-(\d+(?:-\d+)?))?")
# Packages that make the image run containers itself (Docker in Docker): there the toolkit
# belongs inside.
_CONTAINER_ENGINES = frozenset(
    {"docker-ce", "docker.io", "docker", "moby-engine", "containerd.io", "podman", "dockerd"}
)


def classify(name: str) -> str | None:
    """ "toolkit", "driver" or "cuda-meta" for a package name, else None."""
    name = name.lower()
    if _TOOLKIT_RE.fullmatch(name):
        return "toolkit"
    if _DRIVER_RE.fullmatch(name):
        return "driver"
    if _CUDA_META_RE.fullmatch(name):
        return "cuda-meta"
    return None


class GpuRuntimeInImage(Rule):
    """The NVIDIA Container Toolkit or an NVIDIA driver is installed inside the image.

    Reads the system package managers' installs (apt-get, apt, yum, dnf, microdnf, zypper,
    apk; `sh -c` and heredocs included) in the final stage and the stages it is built on,
    and reports a RUN that installs, by name: the container toolkit
    (`nvidia-container-toolkit`, `nvidia-container-toolkit-base`,
    `nvidia-container-runtime`, `nvidia-docker2`, `libnvidia-container*`); a driver
    (`nvidia-driver`, `nvidia-driver-*`, `nvidia-headless-*`, `nvidia-utils-*`,
    `libnvidia-compute-*`, `nvidia-compute-utils-*`, `nvidia-dkms-*`, `nvidia-kernel-*`,
    `nvidia-open`, `kmod-nvidia*`, `cuda-drivers`, `cuda-drivers-*`); or a CUDA metapackage
    that depends on the driver (`cuda`, `cuda-X`, `cuda-X-Y`, `cuda-runtime-X-Y`; the
    driver-free one is `cuda-toolkit-X-Y`). Not reported: an image that installs a container
    engine itself (`docker-ce`, `docker.io`, `moby-engine`, `containerd.io`, `podman`, or a
    `docker` base: Docker in Docker needs the toolkit inside); build stages whose layers do
    not ship; a driver installed from a `.run` file or a `.deb` path (not read); graphics
    driver libraries such as `libnvidia-gl-*`; a dnf module stream (`dnf module install
    nvidia-driver:...`); ONBUILD triggers. One finding per RUN, on the first such package.

    ## Why is this bad?

    GPU containers get the driver from the host: the NVIDIA Container Toolkit, installed on
    the host, mounts the host driver's user-space libraries (`libcuda.so`, `nvidia-smi`)
    into the container when it starts with `--gpus`. Inside an image the toolkit does
    nothing, and a driver copy conflicts with the mounted one: its libraries shadow or
    collide with the host's and must match the host's kernel module exactly, or CUDA fails
    with "driver/library version mismatch". Both add hundreds of MB.

    ## Example

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    RUN apt-get update && apt-get install -y --no-install-recommends nvidia-driver-550 \
        && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    # The host provides the driver: docker run --gpus all IMAGE
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \
        && rm -rf /var/lib/apt/lists/*
    ```

    ## References

    - NVIDIA Container Toolkit, installed on the host; the driver stays on the host:
      https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html
    - The toolkit's architecture (libnvidia-container mounts the driver's libraries into
      the container):
      https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/arch-overview.html
    - CUDA Linux installation guide, metapackages (`cuda`, `cuda-X-Y` and `cuda-runtime-X-Y`
      install the driver; `cuda-toolkit-X-Y` does not):
      https://docs.nvidia.com/cuda/cuda-installation-guide-linux/#meta-packages
    - nvidia/cuda images ship no driver: https://gitlab.com/nvidia/container-images/cuda
    """

    code = "DLM112"
    name = "gpu-runtime-in-image"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset(_SYSTEM_MANAGERS)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._engine: bool | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or not ctx.stage_roles().ships(stage):
            return
        found = _first(ctx, instruction)
        if found is None:
            return
        name, kind = found
        if kind == "toolkit" and self._runs_containers(ctx):
            return
        if kind == "toolkit":
            message = (
                f"`{name}` is installed in the image, but the NVIDIA container toolkit is host "
                "software: inside a container it does nothing."
            )
            fix = f"Remove {name}; install it on the host and run the image with `--gpus all`."
        elif kind == "driver":
            message = (
                f"`{name}` installs an NVIDIA driver in the image, where it conflicts with the "
                "host driver the container toolkit mounts."
            )
            fix = f"Remove {name}: the host's driver is mounted at run time (`--gpus all`)."
        else:
            message = (
                f"`{name}` also installs the NVIDIA driver (it depends on cuda-drivers), which "
                "conflicts with the host driver the container toolkit mounts."
            )
            fix = _meta_fix(name, base_cuda(*ctx.root_facts(stage)))
        yield self.finding(instruction, message, fix=fix)

    def _runs_containers(self, ctx: Context) -> bool:
        if self._engine is None:
            self._engine = _installs_engine(ctx)
        return self._engine


def _meta_fix(name: str, base: BaseCuda | None) -> str:
    """The driver-free package for a CUDA metapackage, consistent with DLM114: nothing to
    add on an nvidia/cuda devel base of the same version."""
    m = _META_VERSION_RE.fullmatch(name.lower())
    version = (m.group(2) or "") if m else ""
    same = bool(version) and version.replace("-", ".") == (base.version if base else None)
    runtime = m is not None and bool(m.group(1))
    if base is not None and same and base.flavour == "devel":
        return f"Remove {name}: {base.image} already has the CUDA toolkit."
    if base is not None and same and runtime and base.flavour == "runtime":
        return f"Remove {name}: {base.image} already has the CUDA libraries."
    if runtime:
        return f"Install `cuda-libraries-{version}` (the runtime libraries without the driver)."
    toolkit = f"cuda-toolkit-{version}" if version else "cuda-toolkit"
    return f"Install `{toolkit}` (the toolkit without the driver), or use an nvidia/cuda base."


def _first(ctx: Context, instruction: Instruction) -> tuple[str, str] | None:
    for record in ctx.packages(instruction):
        if record.manager not in _SYSTEM_MANAGERS or record.action not in _INSTALL_ACTIONS:
            continue
        for arg in record.packages:
            name = package_name(record, arg)
            kind = classify(name)
            if kind is not None:
                return name, kind
    return None


def _installs_engine(ctx: Context) -> bool:
    """Whether the final image runs containers itself: a `docker` base, or a container
    engine installed in a stage that ships."""
    final = ctx.stage_roles().final
    if final is None:
        return False
    root, _ = ctx.root_facts(final)
    if root is not None and root.name == "docker":
        return True
    for stage in ctx.dockerfile.stage_chain(final):
        for ins in stage.instructions:
            if ins.keyword != "RUN":
                continue
            for record in ctx.packages(ins):
                if record.manager in _SYSTEM_MANAGERS and any(
                    a.name.lower() in _CONTAINER_ENGINES for a in record.packages
                ):
                    return True
    return False

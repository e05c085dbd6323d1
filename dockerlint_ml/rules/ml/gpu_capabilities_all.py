"""DLM116 gpu-capabilities-all."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import key_values
from dockerlint_ml.engine.rule import Context, Rule

_VARIABLE = "NVIDIA_DRIVER_CAPABILITIES"


class GpuCapabilitiesAll(Rule):
    """ENV gives the container every NVIDIA driver capability.

    Reports an ENV that sets `NVIDIA_DRIVER_CAPABILITIES` to `all` (or to a comma list
    holding `all`), the value read as Docker resolves it through the stage's ARG and ENV; a
    value left to an unresolved variable is not reported. Only the final stage and the
    stages it is built on are checked: a build stage's ENV does not ship. ENV inside ONBUILD
    is not read.

    ## Why is this bad?

    The capabilities decide which driver libraries and devices the NVIDIA Container Toolkit
    mounts into the container: `compute` (CUDA, OpenCL), `utility` (nvidia-smi, NVML),
    `video` (NVENC/NVDEC), `graphics` (OpenGL, Vulkan), `display` (X11) and `compat32`.
    `all` mounts every one of them, which widens what the container can reach on the host
    and hides what the image really needs. Most ML images need `compute,utility`, the
    default when the variable is unset.

    ## Example

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    ENV NVIDIA_DRIVER_CAPABILITIES=all
    CMD ["nvidia-smi"]
    ```

    ## Use instead

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility
    CMD ["nvidia-smi"]
    ```

    ## References

    - NVIDIA Container Toolkit, driver capabilities and their default:
      https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html#driver-capabilities
    """

    code = "DLM116"
    name = "gpu-capabilities-all"
    severity = Severity.INFO
    keywords = frozenset({"ENV"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or not ctx.stage_roles().ships(stage):
            return
        pairs = key_values(instruction.value) or []
        if not any(k == _VARIABLE for k, _ in pairs):
            return
        after = instruction.index + 1
        value = stage.env.get(_VARIABLE, after)
        if value is None or not stage.env.known(_VARIABLE, after):
            return
        items = [i.strip().lower() for i in value.strip().strip("'\"").split(",")]
        if "all" not in items:
            return
        yield self.finding(
            instruction,
            f"ENV {_VARIABLE}=all mounts every driver capability (graphics, video, display...) "
            "into the container.",
            fix="Name the ones the image needs, e.g. `compute,utility` (add `graphics` for "
            "OpenGL/Vulkan, `video` for NVENC/NVDEC).",
        )

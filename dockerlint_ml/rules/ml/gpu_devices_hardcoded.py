"""DLM113 gpu-devices-hardcoded."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import key_values
from dockerlint_ml.engine.rule import Context, Rule

_VARIABLES = ("NVIDIA_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES")
# One device: an index, a GPU UUID (`GPU-8f6e...`), a MIG device (`MIG-...`, or the older
# `MIG-GPU-<uuid>/<gi>/<ci>`), or a MIG index pair (`0:1`).
_DEVICE_RE = re.compile(r"\d+(?::\d+)?|(?:GPU|MIG)-[0-9A-Za-z/-]+", re.IGNORECASE)
_NOT_SPECIFIC = frozenset({"all", "none", "void", ""})


def specific_devices(value: str) -> bool:
    """Whether a value names particular devices: a comma list of indices or UUIDs, not
    `all`, `none`, `void`, empty, or a negative index (CUDA's way of hiding every GPU)."""
    text = value.strip().strip("'\"").strip()
    if text.lower() in _NOT_SPECIFIC:
        return False
    items = [item.strip() for item in text.split(",")]
    return all(_DEVICE_RE.fullmatch(item) for item in items)


class GpuDevicesHardcoded(Rule):
    """ENV pins the container to particular GPUs.

    Reports an ENV that sets `NVIDIA_VISIBLE_DEVICES` or `CUDA_VISIBLE_DEVICES` to
    specific devices: a comma list of indices (`0`, `0,1`), GPU UUIDs (`GPU-…`) or MIG
    devices (`MIG-…`, `0:1`). The value is read as Docker resolves it, through the stage's
    ARG and ENV (an ARG default counts: it is what a plain `docker build` bakes in); a value
    left to an unresolved variable is not reported. `all`, `none`, `void`, an empty value
    and a negative index (`-1`, which hides every GPU, e.g. to force a CPU run) name no
    device. Only the final stage and the stages it is built on are checked: an ENV of a
    build stage whose layers do not ship sets nothing in the image (and a build has no GPU).
    ENV inside ONBUILD is not read. One finding per ENV and variable.

    ## Why is this bad?

    Which GPUs a container may use is a decision of the host that runs it, made at run time
    (`docker run --gpus '"device=1"'`, Kubernetes' device plugin). An index baked into the
    image sends every container to the same GPU, or to a device that a host with other
    GPUs does not have, while the others sit idle. `NVIDIA_VISIBLE_DEVICES` in the image
    overrides the runtime's default of exposing the devices given to the container, and
    `CUDA_VISIBLE_DEVICES` renumbers or hides the GPUs the container did get.

    ## Example

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    ENV NVIDIA_VISIBLE_DEVICES=0
    CMD ["nvidia-smi"]
    ```

    ## Use instead

    ```dockerfile
    FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
    ENV NVIDIA_VISIBLE_DEVICES=all
    CMD ["nvidia-smi"]
    ```

    Then choose the GPUs when the container starts: `docker run --gpus '"device=0"' IMAGE`.

    ## References

    - NVIDIA Container Toolkit, `NVIDIA_VISIBLE_DEVICES` (indices, UUIDs, `all`, `none`,
      `void`): https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html
    - CUDA, `CUDA_VISIBLE_DEVICES`:
      https://docs.nvidia.com/cuda/cuda-c-programming-guide/#cuda-environment-variables
    - Docker, `--gpus`: https://docs.docker.com/engine/containers/resource_constraints/#gpu
    """

    code = "DLM113"
    name = "gpu-devices-hardcoded"
    severity = Severity.WARNING
    keywords = frozenset({"ENV"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or not ctx.stage_roles().ships(stage):
            return
        pairs = key_values(instruction.value) or []
        after = instruction.index + 1
        for name in dict.fromkeys(k for k, _ in pairs if k in _VARIABLES):
            value = stage.env.get(name, after)
            if value is None or not stage.env.known(name, after):
                continue
            if not specific_devices(value):
                continue
            shown = value.strip().strip("'\"")
            if len(shown) > 40:
                shown = shown[:37] + "..."
            if name == "NVIDIA_VISIBLE_DEVICES":
                fix = (
                    "Remove it (or set `all`) and choose GPUs at run time: "
                    f"`docker run --gpus '\"device={shown}\"'`."
                )
            else:
                fix = (
                    f"Remove it and choose GPUs at run time (`docker run --gpus`, or "
                    f"`-e {name}={shown}`)."
                )
            if name == "NVIDIA_VISIBLE_DEVICES":
                message = (
                    f"ENV {name}={shown} ties every container of this image to particular "
                    "host GPUs, a choice that belongs to run time."
                )
            else:
                message = (
                    f"ENV {name}={shown} hides every GPU the container is given but {shown}, "
                    "a choice that belongs to run time."
                )
            yield self.finding(
                instruction,
                message,
                fix=fix,
            )

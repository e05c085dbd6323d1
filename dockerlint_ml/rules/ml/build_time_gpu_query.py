"""DLM108 build-time-gpu-query."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.python_snippets import Call, calls, snippets

# The torch calls that ask the driver about GPUs (the table).
_TORCH_QUERIES = frozenset({"torch.cuda.is_available", "torch.cuda.device_count"})


class BuildTimeGpuQuery(Rule):
    """A RUN asks about the GPU, which a build step does not have.

    Reports a RUN that runs `nvidia-smi` as a command (anywhere in the RUN: in `&&`/`||`
    lists, pipelines, `if` conditions, `sh -c "..."` scripts, heredoc scripts), or whose
    Python calls `torch.cuda.is_available()` or `torch.cuda.device_count()`: in `python -c`
    code (any `python`, `python3`, `python3.11`, also inside `sh -c` or an environment
    runner) or in a heredoc fed to the interpreter (`RUN python3 - <<EOF`, `RUN python3
    <<EOF`, `RUN <<EOF python3`). `torch` is followed through the code's imports (`import
    torch as t`, `from torch import cuda`, `from torch.cuda import device_count`). One
    finding per RUN, ONBUILD triggers included. Not reported: a RUN that requests a device
    (`RUN --device=nvidia.com/gpu=all`, BuildKit's CDI support: that step does see the
    GPU); CMD, ENTRYPOINT and HEALTHCHECK (they run in the container, where `docker run
    --gpus` provides the GPU); naming nvidia-smi without running it (`command -v
    nvidia-smi`, `ln -s .../nvidia-smi`). Not read: a script file the RUN runs (`python
    check_gpu.py`), a heredoc run through a `#!` python shebang, and other GPU queries
    (`torch.cuda.get_device_name()`, TensorFlow's device listing).

    ## Why is this bad?

    `docker build` runs a RUN without a GPU: the NVIDIA Container Toolkit injects the
    driver and devices only into containers started with a GPU request, which a build step
    makes only with `RUN --device` (a CDI device, Buildx 0.22 and later, on a builder set up
    for it). Elsewhere, at build time `nvidia-smi` fails (or is missing altogether) and
    `torch.cuda.is_available()` returns False, whatever GPU the image will later run on. A
    build step that checks or branches on the answer either breaks the build, silently
    picks the CPU path, or records a "no GPU" fact that is wrong on the host where the
    container runs. (Only the legacy builder with `nvidia` as the daemon's default runtime
    sees a GPU, and then the image depends on the build machine.)

    ## Example

    ```dockerfile
    FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    RUN python -c "import torch; assert torch.cuda.is_available(), 'no GPU'"
    COPY . .
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    Check the GPU when the container starts:

    ```dockerfile
    FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["sh", "-c", "nvidia-smi && exec python serve.py"]
    ```

    ## References

    - NVIDIA Container Toolkit, GPUs are given to containers at `docker run --gpus`:
      https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html
    - Docker, GPU access is a `docker run` option:
      https://docs.docker.com/engine/containers/resource_constraints/#gpu
    - PyTorch, `torch.cuda.is_available()` and `torch.cuda.device_count()`:
      https://pytorch.org/docs/stable/cuda.html
    - nvidia-smi queries the driver: https://docs.nvidia.com/deploy/nvidia-smi/index.html
    - Docker, CDI devices in a build (`RUN --device`):
      https://docs.docker.com/build/building/cdi/
    """

    code = "DLM108"
    name = "build-time-gpu-query"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"nvidia-smi", "python", "pypy"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.flag("device") is not None:
            return  # a CDI device request (`RUN --device=nvidia.com/gpu=all`) gives the GPU
        commands = ctx.commands(instruction)
        query: str | None = None
        if any(cmd.name == "nvidia-smi" for cmd in commands):
            query = "nvidia-smi"
        else:
            for snippet in snippets(instruction, commands):
                query = next((q for c in calls(snippet.code) if (q := _torch_query(c))), None)
                if query is not None:
                    query += "()"
                    break
        if query is None:
            return
        yield self.finding(
            instruction,
            f"`{query}` runs at build time, which has no GPU: the result describes the build "
            "machine, not the container's host.",
            fix="Drop it from the build, or check the GPU at run time (an entrypoint script), "
            "where `docker run --gpus all` attaches it.",
        )


def _torch_query(call: Call) -> str | None:
    """The torch GPU query a call makes, as `torch.cuda.is_available`, or None."""
    if call.qualified is not None:
        names = [call.qualified]
    else:
        # No import binds the name: `torch` itself (as written), or a star import's.
        names = [call.written, *(f"{m}.{call.written}" for m in call.star_imports)]
    for name in names:
        if name in _TORCH_QUERIES:
            return name
    return None

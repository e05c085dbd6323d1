"""DLM103 torch-cuda-wheels-on-cpu-base."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.cuda import TORCH_PACKAGES, Resolver, is_cpu_label, is_pypi, named, sources
from dockerlint_ml.facts.image_facts import NO_CUDA
from dockerlint_ml.facts.packages import PackageCommand

_FILE_OPTIONS = ("-r", "--requirement", "--requirements", "-c", "--constraint")
# Settings that may name another index without our seeing it.
_CONFIG_ENV = {"pip": ("PIP_CONFIG_FILE", "PIP_NO_INDEX"), "uv-pip": ("UV_CONFIG_FILE",)}
_CONFIG_FILES = {
    "pip": ("pip.conf", "pip.ini"),
    # uv also reads `[tool.uv]` of a pyproject.toml in the working directory or above.
    "uv-pip": ("uv.toml", "pyproject.toml"),
}
_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


class TorchCudaWheelsOnCpuBase(Rule):
    """PyTorch is installed from PyPI, whose Linux x86-64 builds bundle CUDA, on a CPU base.

    Looks at `pip install` (`pip`, `pip3`, `python -m pip`, a pip called by its path) and
    `uv pip install`, also inside `sh -c` and heredocs, in the final stage and the stages it
    is built on, when the base at the bottom of that chain is an image whose facts say it
    has no CUDA (python, debian, ubuntu, uv's images...), and reports a RUN that names
    `torch`, `torchvision` or `torchaudio` without a `+cpu` version while nothing points pip
    or uv elsewhere. Anything that may choose another index makes the command undecidable
    and silent: an index or find-links option (`-i`, `--index-url`, `--extra-index-url`,
    `-f`, `--find-links`, uv's `--index`, `--default-index`, `--torch-backend`), the
    variables pip reads (`PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL`, `PIP_FIND_LINKS`,
    `PIP_CONFIG_FILE`, `PIP_NO_INDEX`) or uv reads (`UV_INDEX_URL`, `UV_DEFAULT_INDEX`,
    `UV_EXTRA_INDEX_URL`, `UV_INDEX`, `UV_FIND_LINKS`, `UV_TORCH_BACKEND`, `UV_CONFIG_FILE`)
    from ENV, ARG or the command itself, unless they name PyPI; a requirements or
    constraints file (`-r`, `-c`: it may carry its own `--index-url`); `--no-index`; a pip
    configuration file copied in or written by an earlier RUN (`pip.conf`, `pip.ini`, `pip
    config set`), and for uv a `uv.toml` or `pyproject.toml` that may be copied (uv reads
    `[tool.uv]` indexes); a version or package word only a variable decides. Not reported: a
    final stage built for another platform than linux/amd64 (`FROM --platform=linux/arm64`:
    PyPI's aarch64 torch is CPU-only), Alpine bases (PyPI has no musl torch), conda installs
    (`conda install pytorch cpuonly` is not PyPI), `uv sync`/`uv add` (their index is in
    pyproject.toml), ONBUILD triggers, and build stages whose layers do not ship. Known
    limit: torch installed in a build stage and copied into the final stage (`COPY
    --from=builder /opt/venv ...`) is not followed; neither is a build for arm64 chosen on
    the command line (`docker build --platform`, an Apple Silicon host), where PyPI's torch
    is CPU-only anyway.

    ## Why is this bad?

    On Linux x86-64, `pip install torch` from PyPI installs the CUDA build: the wheel pulls
    in the `nvidia-*` CUDA, cuDNN and NCCL libraries, about 2 GB more than the CPU build.
    On an image without CUDA that is meant for CPU serving, this weight is only bigger
    pulls, slower deploys and more disk. It is right when the image runs on a GPU host
    with the NVIDIA Container Toolkit: then the bundled libraries are what makes CUDA work.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir torch==2.5.1 torchvision==0.20.1
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir torch==2.5.1 torchvision==0.20.1 \
        --index-url https://download.pytorch.org/whl/cpu
    ```

    ## References

    - PyTorch, choosing a build (the default Linux pip install is a CUDA build; CPU builds
      come from `https://download.pytorch.org/whl/cpu`): https://pytorch.org/get-started/locally/
    - torch's CUDA dependencies on PyPI (`nvidia-cublas-cu12`, `nvidia-cudnn-cu12`...):
      https://pypi.org/project/torch/#files
    - pip reads options from the environment and configuration files:
      https://pip.pypa.io/en/stable/topics/configuration/
    - uv's index settings and torch backend:
      https://docs.astral.sh/uv/guides/integration/pytorch/
    - uv's configuration files (`uv.toml`, `[tool.uv]` in pyproject.toml):
      https://docs.astral.sh/uv/concepts/configuration-files/
    """

    code = "DLM103"
    name = "torch-cuda-wheels-on-cpu-base"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset({"pip", "uv"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._eligible: dict[int, bool] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None or not self._stage_eligible(stage, ctx):
            return
        for record in ctx.packages(instruction):
            if record.manager not in ("pip", "uv-pip") or record.action != "install":
                continue
            torch = self._cuda_torch(ctx, stage, instruction, record)
            if torch is None:
                continue
            root, _ = ctx.root_facts(stage)
            shown = root.raw if root is not None else "the base"
            yield self.finding(
                instruction,
                f"`{record.program} install {torch}` on {shown} takes PyPI's CUDA build (~2 GB of"
                " CUDA libraries for torch 2), of use only on a GPU host with the NVIDIA container"
                " toolkit.",
                fix=_fix(record),
            )
            return

    def _stage_eligible(self, stage: Stage, ctx: Context) -> bool:
        cached = self._eligible.get(stage.index)
        if cached is None:
            cached = self._eligible[stage.index] = _eligible(stage, ctx)
        return cached

    def _cuda_torch(
        self, ctx: Context, stage: Stage, instruction: Instruction, record: PackageCommand
    ) -> str | None:
        """The first torch package the command takes from PyPI's default index, or None."""
        if record.has(*_FILE_OPTIONS, "--no-index"):
            return None
        resolver = Resolver(ctx.dockerfile, stage, instruction, record.command)
        torch: str | None = None
        for arg in named(record):
            word = resolver.word(arg.word)
            if word is None:
                return None  # a variable decides the package or its version
            if arg.name.lower() in TORCH_PACKAGES:
                if arg.version is not None and is_cpu_label(word):
                    return None
                torch = torch or arg.name
        if record.unknown or torch is None:
            return None
        for source in sources(resolver, record):
            if (
                source.value is None
                or source.backend
                or not all(is_pypi(url) for url in source.value.split())
            ):
                return None
        for name in _CONFIG_ENV[record.manager]:
            if resolver.variable(name) is not None:
                return None
        if _configured(ctx, stage, instruction, record.manager):
            return None
        return torch


def _eligible(stage: Stage, ctx: Context) -> bool:
    """Whether the stage ships in the final image on a CPU-only, amd64, glibc base."""
    if not ctx.stage_roles().ships(stage):
        return False
    root, facts = ctx.root_facts(stage)
    if root is None or facts is None or facts.cuda != NO_CUDA:
        return False
    if "alpine" in (root.tag or "").lower():
        return False
    final = ctx.stage_roles().final
    chain = ctx.dockerfile.stage_chain(final) if final is not None else [stage]
    for st in chain:
        platform = st.from_instruction.flag("platform")
        if platform is None:
            continue
        value, resolved = ctx.dockerfile.expand(
            platform, lambda name: "linux/amd64" if name == "TARGETPLATFORM" else None
        )
        if not resolved or value.strip().lower() not in ("linux/amd64", "linux/x86_64", "amd64"):
            return False
    return True


def _configured(ctx: Context, stage: Stage, instruction: Instruction, manager: str) -> bool:
    """Whether a configuration file may set the index: copied in, or written by an earlier
    RUN (`pip config set`, a word naming the file)."""
    names = _CONFIG_FILES[manager]
    for st in ctx.dockerfile.stage_chain(stage):
        for ins in st.instructions:
            if st is stage and ins.index >= instruction.index:
                break
            if ins.keyword in ("COPY", "ADD"):
                info = ctx.copy(ins)
                if info is None:
                    continue
                if manager == "uv-pip" and any(info.may_provide(n) for n in names):
                    return True
                destination = info.destination.rstrip("/").rsplit("/", 1)[-1]
                if destination in names or any(
                    s.resolved and s.basename in names for s in info.sources
                ):
                    return True
            elif ins.keyword == "RUN":
                for command in ctx.commands(ins):
                    if command.matches("pip", "config") or command.matches("uv", "pip", "config"):
                        return True
                    if any(name in word for word in command.argv for name in names):
                        return True
    return False


def _fix(record: PackageCommand) -> str:
    others = [a.name for a in named(record) if a.name.lower() not in TORCH_PACKAGES]
    if others:
        return (
            "For a CPU-only image, install the torch packages in a command of their own with "
            f"`--index-url {_CPU_INDEX}`; keep the default on a GPU host."
        )
    return f"For a CPU-only image, add `--index-url {_CPU_INDEX}`; keep the default on a GPU host."

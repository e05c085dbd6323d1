"""CUDA facts the GPU rules share: the base image's CUDA, the CUDA a PyTorch build is for,
where pip and uv take their wheels from, and what each nvidia/cuda flavour already ships.

The base image's CUDA is read only where the image facts allow it (`ImageFacts.cuda`): a
version given as "X.Y" is taken as is (flavour and cuDNN unknown); "tag" reads the tag:

- `nvidia/cuda:X.Y[.Z][-cudnn[N]]-{base,runtime,devel}[-<os>]` (flavour and cuDNN too);
- `pytorch/pytorch:<v>-cudaX.Y-cudnnN-{runtime,devel}`.

A tag of another shape (`latest`, a variable left unresolved) gives nothing.

A wheel's CUDA comes from a PyTorch index (`https://download.pytorch.org/whl/cu121`, also
under `nightly/` and `test/`), a local version label (`torch==2.3.1+cu121`), uv's torch
backend (`--torch-backend cu121`) or conda's `pytorch-cuda=12.1`. `cuAB` reads as CUDA A.B
(`cu92` is 9.2) and, with three digits, as AB.C (`cu118` is 11.8, `cu130` is 13.0).

What the flavours ship is the package list of NVIDIA's own Dockerfiles
(https://gitlab.com/nvidia/container-images/cuda, `dist/<version>/<os>/{base,runtime,devel}`
and their `cudnn` variants): each flavour is built on the previous one.

- base: `cuda-cudart-X-Y` (and `cuda-compat-X-Y`, not counted: see `_BASE_FAMILIES`);
- runtime: `cuda-libraries-X-Y` (the math libraries it pulls in: cuBLAS, cuFFT, cuRAND,
  cuSOLVER, cuSPARSE, NPP, nvJPEG, NVRTC, nvJitLink, cuFile, OpenCL), `cuda-nvtx-X-Y`,
  `libnccl2`;
- devel: `cuda-cudart-dev-X-Y`, `cuda-command-line-tools-X-Y`, `cuda-minimal-build-X-Y`
  (nvcc), `cuda-libraries-dev-X-Y` (the libraries' `-dev` packages, CCCL, the profiler
  API), `cuda-nvml-dev-X-Y`, `cuda-nsight-compute-X-Y`, `libnccl-dev`; the toolkit
  metapackage `cuda-toolkit-X-Y` adds only GUI tools and documentation to these;
- `-cudnnN-` tags add `libcudnnN` (runtime) and `libcudnnN-dev` (devel); the tags that
  write `-cudnn-` without a number are those of cuDNN 9 (`libcudnn9-cuda-<major>`).

Red Hat-family spellings (`-devel` for `-dev`, `libnccl` for `libnccl2`) are read the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, ImageRef, Instruction, Stage
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.facts.image_facts import CUDA_FROM_TAG, NO_CUDA, ImageFacts
from dockerlint_ml.facts.packages import Kind, PackageArg, PackageCommand
from dockerlint_ml.facts.run_state import stage_lookup
from dockerlint_ml.facts.shell import SimpleCommand

FLAVOURS = ("base", "runtime", "devel")

_NVIDIA_TAG_RE = re.compile(r"(\d+)\.(\d+)(?:\.\d+)*(?:-cudnn(\d*))?-(base|runtime|devel)(?:-|$)")
_PYTORCH_TAG_RE = re.compile(r"-cuda(\d+)\.(\d+)(?:-cudnn(\d+))?-(runtime|devel)$")
_VERSION_RE = re.compile(r"(\d+)\.(\d+)")
# `/whl/cu121`, `/whl/nightly/cu128`, `/whl/test/cu126`: a PyTorch index of one CUDA build.
_CU_INDEX_RE = re.compile(r"/whl/(?:nightly/|test/)?cu(\d{2,3})(?![\w.])")
_CPU_INDEX_RE = re.compile(r"/whl/(?:nightly/|test/)?cpu(?![\w.])")
_CU_LABEL_RE = re.compile(r"\+cu(\d{2,3})(?!\d)")
_CPU_LABEL_RE = re.compile(r"\+cpu(?![\w])")
_CU_BACKEND_RE = re.compile(r"cu(\d{2,3})")

# The PyTorch packages whose PyPI builds bundle CUDA, and whose index builds name it.
TORCH_PACKAGES = frozenset({"torch", "torchvision", "torchaudio"})
# Packages PyTorch's CUDA indexes also build per CUDA version.
_CUDA_INDEXED = TORCH_PACKAGES | {"xformers"}

# pip's and uv's options and environment variables that choose where packages come from.
# An index given with `--index-url`/`-i`, uv's `--default-index` and their variables
# replaces PyPI: every package of the command comes from it.
PRIMARY_INDEX_OPTIONS = ("-i", "--index-url", "--default-index")
INDEX_OPTIONS = (*PRIMARY_INDEX_OPTIONS, "--extra-index-url", "-f", "--find-links", "--index")
PIP_INDEX_ENV = ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS")
UV_INDEX_ENV = (
    "UV_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_EXTRA_INDEX_URL",
    "UV_INDEX",
    "UV_FIND_LINKS",
)
_PRIMARY_ENV = frozenset({"PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX"})
_PYPI = frozenset({"https://pypi.org/simple", "https://pypi.python.org/simple"})


@dataclass(frozen=True, slots=True)
class BaseCuda:
    """The CUDA a base image ships."""

    major: int
    minor: int
    flavour: str | None  # "base", "runtime", "devel"; None: not known
    # The cuDNN major of the tag ("8", "9"); "" for a `-cudnn-` tag with no number (cuDNN
    # 9); None: no cuDNN in the tag, or not known.
    cudnn: str | None
    image: str  # the image as written in FROM, for messages

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def cudnn_major(self) -> str | None:
        """The cuDNN major the image ships, or None."""
        if self.cudnn is None:
            return None
        return self.cudnn or "9"


def base_cuda(image: ImageRef | None, facts: ImageFacts | None) -> BaseCuda | None:
    """The CUDA of an image whose facts give it (from the tag or as "X.Y"); None otherwise."""
    if image is None or facts is None or facts.cuda in (None, NO_CUDA):
        return None
    if facts.cuda != CUDA_FROM_TAG:
        m = _VERSION_RE.fullmatch(facts.cuda or "")
        if m is None:
            return None
        return BaseCuda(int(m.group(1)), int(m.group(2)), None, None, image.raw)
    tag = (image.tag or "").lower()
    if image.name == "nvidia/cuda":
        m = _NVIDIA_TAG_RE.match(tag)
        if m is None:
            return None
        return BaseCuda(int(m.group(1)), int(m.group(2)), m.group(4), m.group(3), image.raw)
    if image.name == "pytorch/pytorch":
        m = _PYTORCH_TAG_RE.search(tag)
        if m is None:
            return None
        return BaseCuda(int(m.group(1)), int(m.group(2)), m.group(4), m.group(3), image.raw)
    return None


def cuda_digits(digits: str) -> tuple[int, int]:
    """`92` -> (9, 2), `118` -> (11, 8), `130` -> (13, 0)."""
    if len(digits) == 2:
        return int(digits[0]), int(digits[1])
    return int(digits[:2]), int(digits[2])


def index_cuda(url: str) -> tuple[int, int] | None:
    """The CUDA of a PyTorch index URL (`…/whl/cu121` -> (12, 1)), or None."""
    m = _CU_INDEX_RE.search(url)
    return cuda_digits(m.group(1)) if m else None


def is_cpu_index(url: str) -> bool:
    return _CPU_INDEX_RE.search(url) is not None


def is_pypi(url: str) -> bool:
    return url.strip().rstrip("/").lower() in _PYPI


def label_cuda(version: str) -> tuple[int, int] | None:
    """The CUDA of a local version label (`2.3.1+cu121` -> (12, 1)), or None."""
    m = _CU_LABEL_RE.search(version)
    return cuda_digits(m.group(1)) if m else None


def is_cpu_label(version: str) -> bool:
    return _CPU_LABEL_RE.search(version) is not None


# ------------------------------------------------------------------ where wheels come from


@dataclass(frozen=True, slots=True)
class Source:
    """One setting that chooses where a pip/uv command takes packages from."""

    origin: str  # "`--index-url …`", "ENV PIP_INDEX_URL", "`--torch-backend`"
    value: str | None  # resolved; None when a variable left it unknown
    primary: bool  # replaces PyPI (every package comes from it)
    backend: bool = False  # uv's torch backend (`cpu`, `cu121`, `auto`)


class Resolver:
    """Words of one command resolved as its shell sees them: the command's own variables,
    then ENV and ARG through the stage chain; None where something stays unknown."""

    def __init__(
        self, dockerfile: Dockerfile, stage: Stage, instruction: Instruction, command: SimpleCommand
    ) -> None:
        self._dockerfile = dockerfile
        self._command = command
        self._lookup = stage_lookup(dockerfile, stage, instruction.index)

    def variable(self, name: str) -> str | Unknown | None:
        own = self._command.env_value(name)
        if own is not None:
            return UNKNOWN if ("$" in own or "`" in own) else own
        return self._lookup(name)

    def word(self, word: str) -> str | None:
        if "$" not in word and "`" not in word:
            return word
        if "`" in word or "$(" in word:
            return None
        text, resolved = self._dockerfile.expand(word, self.variable)
        return text if resolved else None


def sources(resolver: Resolver, record: PackageCommand) -> list[Source]:
    """The index, find-links and torch-backend settings a pip or `uv pip` command reads from
    its options and its environment (pip reads PIP_*, uv reads UV_*), in that order."""
    found: list[Source] = []
    for option in (*record.global_options, *record.options):
        if option.name in INDEX_OPTIONS or option.name == "--torch-backend":
            value = resolver.word(option.value) if option.value is not None else None
            found.append(
                Source(
                    f"`{option.name} {option.value}`" if option.value else f"`{option.name}`",
                    value,
                    option.name in PRIMARY_INDEX_OPTIONS,
                    option.name == "--torch-backend",
                )
            )
    names: Iterable[str] = PIP_INDEX_ENV if record.manager == "pip" else UV_INDEX_ENV
    if record.manager == "uv-pip":
        names = (*names, "UV_TORCH_BACKEND")
    for name in names:
        setting = resolver.variable(name)
        if setting is None or setting == "":
            continue
        text = None if isinstance(setting, Unknown) else setting
        found.append(Source(name, text, name in _PRIMARY_ENV, name == "UV_TORCH_BACKEND"))
    return found


@dataclass(frozen=True, slots=True)
class WheelCuda:
    """The CUDA build a command installs, with the evidence for messages."""

    major: int
    minor: int
    evidence: str  # "`…/whl/cu118`", "`torch==2.1.0+cu118`", "`pytorch-cuda=11.8`"

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}"


def named(record: PackageCommand) -> list[PackageArg]:
    """The package words a command names as operands (not `-r` files or editables)."""
    return [a for a in record.args if a.kind is Kind.PACKAGE and not a.option]


def pip_wheel_cuda(resolver: Resolver, record: PackageCommand) -> WheelCuda | None:
    """The CUDA of the PyTorch build a pip or `uv pip` install takes: a `+cuAB` version of
    a named package, else a `/whl/cuAB` index (a primary one for any named package, an
    extra one for a named torch package), else uv's `--torch-backend cuAB`."""
    packages = named(record)
    if not packages:
        return None
    for arg in packages:
        word = resolver.word(arg.word)
        if word is None:
            continue
        found = label_cuda(word)
        if found is not None:
            return WheelCuda(*found, f"`{word}`")
    torch = any(a.name.lower() in _CUDA_INDEXED for a in packages)
    for source in sources(resolver, record):
        if source.value is None:
            continue
        if source.backend:
            m = _CU_BACKEND_RE.fullmatch(source.value.strip().lower())
            if m is not None and torch:
                return WheelCuda(*cuda_digits(m.group(1)), f"`--torch-backend {source.value}`")
            continue
        found = index_cuda(source.value)
        if found is not None and (torch or source.primary):
            m = _CU_INDEX_RE.search(source.value)
            assert m is not None
            return WheelCuda(*found, f"`…{m.group(0)}`")
    return None


_CONDA_CUDA_RE = re.compile(r"pytorch-cuda\s*==?\s*(\d+)\.(\d+)")


def conda_wheel_cuda(
    words: Iterable[str], resolve: Callable[[str], str | None]
) -> WheelCuda | None:
    """`pytorch-cuda=12.1` (also `==`, `=12.1.*`) among a conda install's package words."""
    for word in words:
        text = resolve(word)
        if text is None:
            continue
        m = _CONDA_CUDA_RE.match(text.strip().strip("'\"").lower())
        if m is not None:
            return WheelCuda(int(m.group(1)), int(m.group(2)), f"`{text}`")
    return None


# ------------------------------------------------------------------ what a flavour ships

# Versioned families (`<family>-X-Y`) per flavour, cumulative (devel has runtime's too).
# `cuda-compat-X-Y` is left out: NVIDIA's base Dockerfiles install it for the versions we
# could check, but projects install it on purpose for forward compatibility (with an
# entrypoint that puts it on LD_LIBRARY_PATH), and not every recent image may carry it.
_BASE_FAMILIES = frozenset({"cuda-cudart"})
_RUNTIME_FAMILIES = _BASE_FAMILIES | frozenset(
    {
        "cuda-libraries", "cuda-nvtx", "cuda-nvrtc", "cuda-opencl", "libcublas", "libcufft",
        "libcufile", "libcurand", "libcusolver", "libcusparse", "libnpp", "libnvjitlink",
        "libnvjpeg",
    }
)  # fmt: skip
_DEVEL_FAMILIES = _RUNTIME_FAMILIES | frozenset(
    {
        "cuda-cudart-dev", "cuda-command-line-tools", "cuda-minimal-build", "cuda-libraries-dev",
        "cuda-nvml-dev", "cuda-nsight-compute", "cuda-nvcc", "cuda-cccl", "cuda-driver-dev",
        "cuda-profiler-api", "cuda-nvrtc-dev", "cuda-opencl-dev", "cuda-cupti",
        "cuda-cupti-dev", "cuda-gdb", "cuda-nvdisasm", "cuda-nvprof", "cuda-sanitizer",
        "cuda-toolkit", "libcublas-dev", "libcufft-dev", "libcufile-dev", "libcurand-dev",
        "libcusolver-dev", "libcusparse-dev", "libnpp-dev", "libnvjitlink-dev",
        "libnvjpeg-dev",
    }
)  # fmt: skip
FAMILIES = {"base": _BASE_FAMILIES, "runtime": _RUNTIME_FAMILIES, "devel": _DEVEL_FAMILIES}
# Packages whose name carries no CUDA version, per the flavour that first ships them.
_NCCL = {"runtime": frozenset({"libnccl2", "libnccl"}), "devel": frozenset({"libnccl-dev"})}
_VERSIONED_RE = re.compile(r"([a-z][a-z0-9-]*?)-(\d+)-(\d+)")
_CUDNN_RE = re.compile(r"libcudnn(\d+)(-dev)?(?:-cuda-(\d+))?")


_RPM_MANAGERS = frozenset({"yum", "dnf", "microdnf", "zypper"})


def package_name(record: PackageCommand, arg: PackageArg) -> str:
    """The package a system install names. RPM's `name-version-release` grammar would read
    `cuda-cudart-12-1` as `cuda-cudart` at version `12-1`: for RPM tools the whole word is
    the name (NVIDIA's RPM names carry the CUDA version the same way apt's do)."""
    if record.manager in _RPM_MANAGERS and not arg.operator.strip("-"):
        return arg.word.strip().lower()
    return arg.name.lower()


def normalise(name: str) -> str:
    """A Red Hat-family package name in Debian spelling: `-devel` -> `-dev`."""
    name = name.lower()
    return name.replace("-devel", "-dev")


def shipped_by(base: BaseCuda, package: str) -> bool:
    """Whether an nvidia/cuda image of this flavour already has `package` (apt or rpm name):
    a `<family>-X-Y` of its own CUDA version, NCCL, or the cuDNN of its tag. A package that
    names another CUDA version, or none (`cuda-toolkit`, which installs the newest), is not
    what the image has."""
    flavour = base.flavour
    if flavour not in FAMILIES:
        return False
    name = normalise(package)
    level = FLAVOURS.index(flavour)
    m = _VERSIONED_RE.fullmatch(name)
    if m is not None:
        family, major, minor = m.group(1), int(m.group(2)), int(m.group(3))
        return (major, minor) == (base.major, base.minor) and family in FAMILIES[flavour]
    if name in _NCCL["runtime"]:
        return level >= 1
    if name in _NCCL["devel"]:
        return level >= 2
    c = _CUDNN_RE.fullmatch(name)
    if c is not None and base.cudnn_major is not None:
        if c.group(1) != base.cudnn_major:
            return False
        if c.group(3) is not None and int(c.group(3)) != base.major:
            return False
        return c.group(2) is None or level >= 2
    return False

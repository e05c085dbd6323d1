"""DLM002 base-image-not-slim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import (
    UNSAFE,
    Dockerfile,
    Edit,
    Finding,
    Fix,
    Instruction,
    Severity,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.images import SlimVariant, image_word_span, slim_variant
from dockerlint_ml.facts.installers import Install


class BaseImageNotSlim(Rule):
    """The final stage runs on a full-size image that has a slim counterpart.

    Only the image the service ships in matters: the final stage's base, followed through
    earlier stages (`FROM python:3.12 AS base` ... `FROM base`). Build stages may use the
    big image to compile wheels. Known full-size images, and what to use instead:

    | image | full-size when the tag | use instead |
    |---|---|---|
    | `python` | has neither `slim` nor `alpine`, or is missing | `-slim`: `3.12-slim-bookworm` |
    | `nvidia/cuda` | has a `devel` part | the same tag with `runtime` |
    | `pytorch/pytorch` | has a `devel` part | the same tag with `runtime` |

    A suggested python tag always starts with major.minor, as DLM001 asks: `python:3.11`
    gives `python:3.11-slim`, `python:3-bullseye` gives `python:3.<minor>-slim-bullseye`,
    and `python:latest` or no tag an example, `python:3.12-slim`. When the FROM is built
    from an ARG, the hint names the ARG default (and its line) to change.

    The stage that compiles needs the full image. When the final stage (or a stage it is
    built on) runs a compiler or build tool (`nvcc`, `gcc`, `make`, `cmake`), sets
    `TORCH_CUDA_ARCH_LIST`, or builds Python packages from source (`pip install
    --no-binary`, `setup.py install` or `build_ext`, `python -m build`, packages with no
    wheels such as horovod or detectron2, `git+` URLs with `--no-build-isolation`), the
    finding drops to info and recommends a multi-stage build instead. When the service
    compiles at run time it needs the toolchain, and nothing is reported: packages that
    build kernels when they run (deepspeed, triton, flash-attn, apex, tensorrt-llm,
    flashinfer, also when a stage copied in with `COPY --from` installed them), ninja next
    to a compiler, or a compiler installed with nothing in the Dockerfile using it.

    Windows tags of `python` (`windowsservercore`, `nanoserver`) have no slim variant and
    are not reported; neither is a digest with no tag, whose variant cannot be read.

    ## Why is this bad?

    The full `python` image carries compilers, headers and hundreds of Debian packages a
    model server never uses: it is several times larger than `-slim`, slower to pull on
    every deploy and autoscale event, and has more packages for scanners to flag. CUDA
    `devel` images add the whole compiler toolchain on top of `runtime`, gigabytes that only
    a build needs.

    ## Example

    ```dockerfile
    FROM python:3.12
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Fix

    Unsafe: the FROM's tag becomes the suggested slim tag (`python:3.11` becomes
    `python:3.11-slim`, the name kept as written), when the FROM is a literal image word
    without a digest and the suggestion names a real tag (not an example such as
    `3.<minor>-slim`). The slim image lacks what the full one ships besides Python:
    compilers, headers, `git`, `curl` and many libraries a RUN or the running service may
    use, so the build or the service can fail where it worked.

    ## References

    - python image variants (`<version>`, `-slim`, `-alpine`, Debian suites):
      https://github.com/docker-library/docs/blob/master/python/README.md
    - CUDA image flavours (base, runtime, devel = runtime + compiler toolchain and headers):
      https://nvidia.github.io/container-wiki/toolkit/container-images.html and
      https://hub.docker.com/r/nvidia/cuda
    - pytorch/pytorch tags: `-devel` images are built on an `nvidia/cuda` devel base,
      `-runtime` images on plain Ubuntu (`BASE_DEVEL` / `BASE_RUNTIME` in
      https://github.com/pytorch/pytorch/blob/main/docker.Makefile);
      https://hub.docker.com/r/pytorch/pytorch/tags
    - Docker, "Use multi-stage builds":
      https://docs.docker.com/build/building/best-practices/#use-multi-stage-builds
    - Run-time compilers: DeepSpeed builds its ops just in time with ninja and nvcc
      (https://www.deepspeed.ai/tutorials/advanced-install/), PyTorch C++/CUDA extensions
      load with `torch.utils.cpp_extension.load` (ninja plus a compiler):
      https://pytorch.org/docs/stable/cpp_extension.html
    """

    code = "DLM002"
    name = "base-image-not-slim"
    severity = Severity.WARNING
    fixable = "unsafe"

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        final = dockerfile.final_stage
        if final is None:
            return
        chain = dockerfile.stage_chain(final)
        image = chain[-1].base_image
        if image is None:
            return
        variant = slim_variant(image)
        if variant is None:
            return
        compiles = _compiles(ctx, chain, devel=variant.kind == "runtime")
        if compiles.runtime is not None:
            return  # the running service compiles: the full image is needed
        current = image.name if image.tag is None else f"{image.name}:{image.tag}"
        via = f" (through stage `{chain[-1].name}`)" if len(chain) > 1 else ""
        digest_note = " (with that tag's own digest)" if image.digest else ""
        example = " (an example: start the tag with your Python's major.minor)"
        example = example if variant.example else ""
        instruction = final.from_instruction
        span = image_word_span(dockerfile.lines, instruction, final.base_text)
        new_from = f"`FROM {variant.suggested}`{digest_note}{example}"
        if compiles.build is not None:
            line, what = compiles.build
            kind = "full-size" if variant.kind == "slim" else "`devel`"
            message = (
                f"The final stage runs on `{current}`{via}, a {kind} image, and compiles in it"
                f" ({what} on line {line}); a multi-stage build keeps the compilers out of the"
                f" shipped image: compile in a build stage on `{current}` and start the final"
                f" stage from `{variant.suggested}`{example}."
            )
            fix = (
                f"Move the build steps into a stage `FROM {current} AS build`, start the final"
                f" stage {new_from} and bring in what the build made with"
                " `COPY --from=build`."
            )
            yield self.finding(span, message, fix=fix, severity=Severity.INFO)
            return
        if variant.kind == "slim" and variant.example:
            message = (
                f"The final stage runs on `{current}`{via}, the full-size image with compilers"
                " and build headers; the `-slim` variant of the same Python (e.g."
                f" `{variant.suggested}`) is a fraction of the size."
            )
        elif variant.kind == "slim":
            message = (
                f"The final stage runs on `{current}`{via}, the full-size image with compilers"
                f" and build headers; `{variant.suggested}` has the same Python in a fraction"
                " of the size."
            )
        else:
            message = (
                f"The final stage runs on `{current}`{via}, a `devel` image whose CUDA compiler"
                f" toolchain and headers a running service does not need;"
                f" `{variant.suggested}` has the same libraries."
            )
        autofix = None
        if len(chain) > 1:
            fix = (
                f"Start the final stage {new_from} and bring in what it needs with"
                f" `COPY --from={chain[-1].name}`."
            )
        else:
            same_from = f"`FROM {_with_rest(instruction, variant.suggested)}`"
            target = _from_change(dockerfile, chain[-1], variant)
            if target is None and not variant.example and not image.digest:
                autofix = _slim_tag(ctx, chain[-1], variant)
            target = target or f"{same_from}{digest_note}{example}"
            fix = f"Use {target}; build anything that needs compilers in an earlier stage."
        yield self.finding(span, message, fix=fix, autofix=autofix)


# -- what the final stage compiles -----------------------------------------------------

# Compilers and build drivers: running one builds native code in the image.
_COMPILER_RE = re.compile(r"(?:nvcc|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|gfortran)(?:-[\w.${}]+)?")
_BUILD_TOOLS = frozenset({"make", "cmake", "ninja", "meson", "bazel", "bazelisk", "scons"})
# System packages that bring a compiler (`g++-${GPP_VERSION}` included).
_COMPILER_PACKAGE_RE = re.compile(
    r"(?:build-essential|gcc|g\+\+|clang|gfortran|cuda-nvcc|cuda-compiler|cuda-toolkit"
    r"|gcc-toolset|devtoolset)(?:[-=][\w.${}*+-]*)?"
)
_NINJA_PACKAGES = frozenset({"ninja", "ninja-build"})
_SYSTEM_INSTALLERS = {
    "apt-get": "install",
    "apt": "install",
    "yum": "install",
    "dnf": "install",
    "microdnf": "install",
    "apk": "add",
    "zypper": "install",
}
# Python packages that compile CUDA/C++ code when the service runs (JIT op builders).
_RUNTIME_COMPILERS = frozenset(
    {"deepspeed", "triton", "flash-attn", "apex", "tensorrt-llm", "flashinfer-python", "flashinfer"}
)
# Python packages pip always builds from source, with the CUDA toolchain.
_SOURCE_BUILT = frozenset(
    {"horovod", "detectron2", "pytorch3d", "mmcv-full", "groundingdino", "eetq", "nvdiffrast",
     "tinycudann", "causal-conv1d", "mamba-ssm", "flash-attention"}
)  # fmt: skip
_SETUP_BUILDS = frozenset({"install", "build", "build_ext", "bdist_wheel"})
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True, slots=True)
class _Compiles:
    runtime: str | None = None  # why the running service needs the toolchain
    build: tuple[int, str] | None = None  # (line, what) of the first compile at build time


def _compiles(ctx: Context, chain: list[Stage], devel: bool) -> _Compiles:
    """What the final stage (through its chain) compiles, from the shell model.

    `devel`: the base is a CUDA devel image, whose nvcc is a compiler ninja can drive.
    """
    build: tuple[int, str] | None = None
    compiler_pkg: str | None = None
    ninja = False
    compiler_used = False
    runtime: str | None = None

    def note(line: int, what: str) -> None:
        nonlocal build
        if build is None or line < build[0]:
            build = (line, what)

    sources: list[Stage] = []
    for stage in reversed(chain):
        for ins in stage.instructions:
            line = ins.span.line
            if ins.keyword in ("ENV", "ARG") and "TORCH_CUDA_ARCH_LIST" in ins.value:
                note(line, "`TORCH_CUDA_ARCH_LIST` is set")
            elif ins.keyword in ("COPY", "ADD"):
                source = _from_stage(ctx, ins)
                if source is not None and source not in chain:
                    sources.append(source)
            if ins.keyword != "RUN":
                continue
            for cmd in ctx.commands(ins):
                name = cmd.name
                if cmd.env_value("TORCH_CUDA_ARCH_LIST") is not None:
                    note(line, "`TORCH_CUDA_ARCH_LIST` is set")
                if _COMPILER_RE.fullmatch(name) or name in _BUILD_TOOLS:
                    compiler_used = True
                    note(line, f"`{name}`")
                elif _is_setup_build(cmd.argv):
                    note(line, f"`setup.py {cmd.argv[2]}`")
                elif name == "build" and "python -m" in cmd.wrappers:
                    note(line, "`python -m build`")
                installer = _SYSTEM_INSTALLERS.get(name)
                if installer is not None and installer in cmd.args:
                    for word in cmd.args:
                        if _COMPILER_PACKAGE_RE.fullmatch(word):
                            compiler_pkg = compiler_pkg or word
                        elif word in _NINJA_PACKAGES:
                            ninja = True
            for install in ctx.installs(ins):
                runtime = runtime or _runtime_package(install)
                if any(_package_name(p) == "ninja" for p in install.packages):
                    ninja = True
                what = _source_build(install)
                if what is not None:
                    compiler_used = True
                    note(line, what)
    for source in sources:
        for stage in ctx.dockerfile.stage_chain(source):
            for ins in stage.instructions:
                if ins.keyword == "RUN":
                    for install in ctx.installs(ins):
                        runtime = runtime or _runtime_package(install)
    if runtime is None and ninja and (compiler_pkg is not None or devel):
        runtime = f"ninja and `{compiler_pkg or 'nvcc'}` for run-time extension builds"
    if runtime is None and compiler_pkg is not None and not compiler_used:
        runtime = f"`{compiler_pkg}` is installed for use at run time"
    return _Compiles(runtime=runtime, build=build)


def _from_stage(ctx: Context, ins: Instruction) -> Stage | None:
    ref = ins.flag("from")
    if not ref:
        return None
    for stage in ctx.dockerfile.stages:
        if stage.index >= (ins.stage or 0):
            break
        if (stage.alias or "").lower() == ref.lower() or str(stage.index) == ref:
            return stage
    return None


def _is_setup_build(argv: tuple[str, ...]) -> bool:
    return (
        len(argv) >= 3
        and argv[0].rsplit("/", 1)[-1].startswith("python")
        and argv[1].endswith("setup.py")
        and argv[2] in _SETUP_BUILDS
    )


def _package_name(spec: str) -> str:
    """The normalised project name of a requirement or VCS URL (`x[y]>=1`, `git+.../x.git`,
    `name @ git+...`)."""
    text = spec.strip().strip("'\"")
    head, at, _ = text.partition("@")
    if at and "://" not in head and not head.startswith("git+"):
        text = head  # `name[extras] @ url`
    elif "://" in text or text.startswith("git+"):
        fragment = text.partition("#")[2]
        egg = re.search(r"egg=([A-Za-z0-9._-]+)", fragment)
        if egg:
            return egg.group(1).lower().replace("_", "-")
        path = text.partition("#")[0].split("://", 1)[-1]
        tail = path.rstrip("/").rsplit("/", 1)[-1].split("@", 1)[0]
        return tail.removesuffix(".git").lower().replace("_", "-")
    m = _NAME_RE.match(text.strip())
    return m.group(0).lower().replace("_", "-") if m else ""


def _extras(spec: str) -> set[str]:
    m = re.match(r"[^\[]*\[([^\]]*)\]", spec)
    return {e.strip().lower() for e in m.group(1).split(",")} if m else set()


def _runtime_package(install: Install) -> str | None:
    """The JIT-compiling package an install brings (`deepspeed`, `accelerate[deepspeed]`)."""
    for spec in install.packages:
        name = _package_name(spec)
        if name in _RUNTIME_COMPILERS:
            return f"`{name}` compiles its kernels at run time"
        extras = _extras(spec) & _RUNTIME_COMPILERS
        if extras:
            return f"`{sorted(extras)[0]}` compiles its kernels at run time"
    return None


def _source_build(install: Install) -> str | None:
    """How an install builds native code from source, or None."""
    if install.tool not in ("pip", "uv-pip"):
        return None
    if install.has("--no-binary"):
        return "`pip install --no-binary`"
    for spec in install.packages:
        name = _package_name(spec)
        if name in _SOURCE_BUILT:
            return f"`pip install {name}` builds it from source"
        if install.has("--no-build-isolation") and ("git+" in spec or "://" in spec):
            return f"`pip install --no-build-isolation` of `{name}` from source"
    return None


# -- the hint's edit -------------------------------------------------------------------

# `$NAME` or the start of `${NAME...}`; the closing brace is found by _variables.
_VAR_START_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


def _variables(text: str) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of each `$NAME` and `${NAME...}` in `text`, left to right.

    A `${NAME` with no `}` after it is no reference. The brace is looked for once per
    reference and never again once none is left: a pattern `[^}]*\\}` read the rest of the
    text again from every `${` (quadratic on `${a${a${a...`).
    """
    pos = 0
    braces_left = True
    while (m := _VAR_START_RE.search(text, pos)) is not None:
        pos = m.end()
        if m.group(2) is not None:
            yield m.group(2), m.start(), m.end()
            continue
        close = text.find("}", pos) if braces_left else -1
        if close < 0:
            braces_left = False
            continue
        yield m.group(1), m.start(), close + 1
        pos = close + 1


def _from_change(dockerfile: Dockerfile, stage: Stage, variant: SlimVariant) -> str | None:
    """Where the new tag goes when the FROM is built from ARGs: the ARG default (with its
    line) or the FROM's literal part. None for a FROM without variables or an example tag."""
    instruction = stage.from_instruction
    text = stage.base_text
    old = stage.base_resolved or ""
    new = variant.suggested
    if "$" not in text or not old or variant.example:
        return None
    # Map the resolved text back onto the FROM's literal parts and variables.
    pieces: list[tuple[str, str | None, int, int]] = []  # (resolved, variable, span in text)
    pos = 0
    for variable, v_start, v_end in _variables(text):
        if v_start > pos:
            pieces.append((text[pos:v_start], None, pos, v_start))
        pieces.append((dockerfile.global_args.get(variable) or "", variable, v_start, v_end))
        pos = v_end
    if pos < len(text):
        pieces.append((text[pos:], None, pos, len(text)))
    if "".join(p[0] for p in pieces) != old:
        return None
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start, end = prefix, len(old) - suffix
    inserted = new[prefix : len(new) - suffix]
    offset = 0
    for piece, name, t_start, t_end in pieces:
        p_start, p_end = offset, offset + len(piece)
        offset = p_end
        if not (p_start <= start and end <= p_end):
            continue
        if name is None and start == end == p_end:
            continue  # an insertion at a literal's end belongs to the next variable
        edited = piece[: start - p_start] + inserted + piece[end - p_start :]
        if name is not None:
            arg = _global_arg(dockerfile, name)
            where = f"on line {arg.span.line}" if arg is not None else "before the first FROM"
            return (
                f"`{new}`: change the ARG default {where} to `ARG {name}={edited}`"
                f" (the FROM on line {instruction.span.line} is built from it)"
            )
        literal_new = text[:t_start] + edited + text[t_end:]
        return f"`FROM {_with_rest(instruction, literal_new)}`"
    return None


def _slim_tag(ctx: Context, stage: Stage, variant: SlimVariant) -> Fix | None:
    """The FROM's image word with the suggested tag (the name kept as written), for a
    literal word (no variables, no digest)."""
    text = stage.base_text
    tag = variant.tag
    if "$" in text or "@" in text:
        return None
    if tag is None:
        new = f"{text}:{variant.suggested_tag}"
    elif text.endswith(f":{tag}"):
        new = f"{text[: -len(tag)]}{variant.suggested_tag}"
    else:
        return None
    source = ctx.source_map(stage.from_instruction)
    words = source.words()
    if not words or words[0].text != text or words[0].raw != text:
        return None
    edit = Edit(source.span(words[0].start, words[0].end), new)
    return Fix(f"Use {variant.suggested}", UNSAFE, (edit,))


def _with_rest(instruction: Instruction, image: str) -> str:
    """The FROM's value with its image word replaced (`AS name` kept)."""
    words = instruction.value.split()
    return " ".join([image, *words[1:]]) if words else image


def _global_arg(dockerfile: Dockerfile, name: str) -> Instruction | None:
    found = None
    for ins in dockerfile.instructions:
        if ins.keyword == "FROM":
            break
        if ins.keyword == "ARG" and ins.value.split("=", 1)[0].strip() == name:
            found = ins
    return found

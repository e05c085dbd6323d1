"""What is known about some images: slim variants, version depth, known WORKDIRs.

The tables here are deliberately small: each row is a fact checked against the image's own
Dockerfile or documentation (sources in the docs of the rules that use them, DLM002 and
DLM003). An image that is not listed is simply not known, and rules stay silent about it.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import ImageRef, Instruction, Span


def image_word_span(lines: tuple[str, ...], instruction: Instruction, word: str) -> Span:
    """The span of a FROM from its image word on, when the FROM fits on one line.

    Falls back to the instruction's own span when the word cannot be located exactly
    (continuation lines, odd spacing), so a caller never reports a wrong column.
    """
    span = instruction.span
    if span.line != span.end_line or not word or not 1 <= span.line <= len(lines):
        return span
    line = lines[span.line - 1].rstrip()
    value = instruction.value
    if not value or not line.endswith(value) or not value.startswith(word):
        return span
    start = len(line) - len(value)
    return Span(span.line, start + 1, span.end_line, span.end_column)


# -- version tags ------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(?:19|20)\d\d-?[01]\d(?:-?[0-3]\d)?(?![0-9.])")
_VERSION_RE = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def version_depth(tag: str) -> int | None:
    """How many numeric version components a tag starts with (1, 2 or 3).

    `20` and `20-slim` give 1, `3.11-slim` 2, `12.1.0-devel` 3. A date snapshot
    (`2024-05-27`, `20240111`) counts as 3: it names one build. None for a tag that does
    not start with a version: `bookworm`, `latest`, `v1.2`, a hash like `33add21fab64`.
    """
    if _DATE_RE.match(tag):
        return 3
    m = _VERSION_RE.match(tag)
    if m is None:
        return None
    after = tag[m.end() :]
    dotted = m.group(2) is not None
    if after and after[0].isalnum() and not dotted:
        return None  # `8u312`, `33add21fab64`: digits glued to letters are no version
    return 1 + (m.group(2) is not None) + (m.group(3) is not None)


# -- DLM002: full-size images that have a slim counterpart ---------------------------------

# Debian release names the python image uses as tag suffixes: `3.11-slim-bookworm`.
_DEBIAN_SUITES = frozenset({"trixie", "bookworm", "bullseye", "buster", "stretch", "jessie"})
# python variants with no slim counterpart (Windows builds) or already small.
_PYTHON_NOT_FULL = ("slim", "alpine", "windowsservercore", "nanoserver")


@dataclass(frozen=True, slots=True)
class SlimVariant:
    """The smaller variant of a full-size base image tag."""

    image: str  # normalised name, e.g. "python"
    tag: str | None  # the tag as written (None: no tag)
    suggested_tag: str  # e.g. "3.11-slim-bookworm", "3.<minor>-slim" or the example "3.12-slim"
    kind: str  # "slim" (python) or "runtime" (CUDA / PyTorch devel images)
    # The written tag names no major.minor, so the suggestion is only an example (or has a
    # `<minor>` placeholder): DLM001 rejects `python:3-slim` and `python:slim` alike.
    example: bool = False

    @property
    def suggested(self) -> str:
        return f"{self.image}:{self.suggested_tag}"


# The Python minor DLM002 and DLM001 show when a tag names none (marked as an example).
PYTHON_EXAMPLE_MINOR = "3.12"


def _python_slim(tag: str | None) -> tuple[str, bool] | None:
    """(slim tag, whether it is only an example) for a full-size python tag, else None.

    The slim tag keeps the written version and Debian suite, and always starts with
    major.minor, the pin DLM001 asks of python: `3.11-bookworm` -> `3.11-slim-bookworm`,
    `3-bullseye` -> `3.<minor>-slim-bullseye`, `latest` -> `3.12-slim` (an example).
    """
    t = (tag or "latest").lower()
    if any(word in t for word in _PYTHON_NOT_FULL):
        return None
    if t == "latest":
        return f"{PYTHON_EXAMPLE_MINOR}-slim", True
    parts = (tag or "").split("-")
    depth = version_depth(parts[0]) if parts[0][:1].isdigit() else None
    example = False
    if depth is None:
        parts = [PYTHON_EXAMPLE_MINOR, *parts]  # `bookworm` -> `3.12-...-bookworm`
        example = True
    elif depth == 1:
        parts = [f"{parts[0]}.<minor>", *parts[1:]]
        example = True
    for i, part in enumerate(parts):
        if part.lower() in _DEBIAN_SUITES:
            return "-".join([*parts[:i], "slim", *parts[i:]]), example
    return "-".join([*parts, "slim"]), example


def _devel_runtime(tag: str | None) -> str | None:
    if not tag:
        return None
    parts = tag.split("-")
    if "devel" not in (p.lower() for p in parts):
        return None
    return "-".join("runtime" if p.lower() == "devel" else p for p in parts)


# name -> the smaller variant's kind. Sources: DLM002's `## References`.
#   slim: a python tag without `slim`/`alpine` is Debian with compilers and headers;
#   runtime: a `devel` tag is `runtime` plus the CUDA compiler toolchain and headers.
SLIM_TABLE: dict[str, str] = {
    "python": "slim",
    "nvidia/cuda": "runtime",
    "pytorch/pytorch": "runtime",
}


def slim_variant(image: ImageRef) -> SlimVariant | None:
    """The slim counterpart of a full-size image in SLIM_TABLE, or None.

    A digest without a tag names no variant we can read, so it gives None.
    """
    kind = SLIM_TABLE.get(image.name)
    if kind is None or (image.tag is None and image.digest is not None):
        return None
    example = False
    if kind == "slim":
        slim = _python_slim(image.tag)
        if slim is None:
            return None
        suggested, example = slim
    else:
        runtime = _devel_runtime(image.tag)
        if runtime is None:
            return None
        suggested = runtime
    return SlimVariant(
        image=image.name, tag=image.tag, suggested_tag=suggested, kind=kind, example=example
    )


# -- DLM003: images whose own Dockerfile ends with an absolute WORKDIR ---------------------


@dataclass(frozen=True, slots=True)
class KnownWorkdir:
    pattern: str  # fnmatch pattern over the normalised name
    workdir: str
    tag_contains: str | None = None  # only tags holding this word


WORKDIR_TABLE: tuple[KnownWorkdir, ...] = (
    KnownWorkdir("pytorch/pytorch", "/workspace"),
    # Jupyter Docker Stacks: docker-stacks-foundation ends with WORKDIR "${HOME}".
    KnownWorkdir("jupyter/*-notebook", "/home/jovyan"),
    KnownWorkdir("jupyter/docker-stacks-foundation", "/home/jovyan"),
    KnownWorkdir("quay.io/jupyter/*-notebook", "/home/jovyan"),
    KnownWorkdir("quay.io/jupyter/docker-stacks-foundation", "/home/jovyan"),
    # AWS Lambda base images: ENV LAMBDA_TASK_ROOT=/var/task, WORKDIR /var/task.
    KnownWorkdir("public.ecr.aws/lambda/*", "/var/task"),
    # Only the Jupyter tags of TensorFlow set one (/tf; /notebooks in 2018 builds).
    KnownWorkdir("tensorflow/tensorflow", "/tf", tag_contains="jupyter"),
)


def known_workdir(image: ImageRef) -> str | None:
    """The absolute WORKDIR a listed image is known to set, or None."""
    for row in WORKDIR_TABLE:
        if not fnmatch.fnmatchcase(image.name, row.pattern):
            continue
        if row.tag_contains is not None and row.tag_contains not in (image.tag or "").lower():
            continue
        return row.workdir
    return None

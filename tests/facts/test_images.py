"""Image references and the small tables of image facts in dockerlint_ml.facts.images
(references: dockerlint_ml.dockerfile.references)."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import Span
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.facts.images import (
    image_word_span,
    known_workdir,
    slim_variant,
    version_depth,
)

SHA = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "name", "tag", "digest", "registry"),
    [
        ("python", "python", None, None, None),
        ("python:3.11-slim", "python", "3.11-slim", None, None),
        ("docker.io/library/python:3.11-slim", "python", "3.11-slim", None, None),
        (f"docker.io/library/python:3.11-slim@{SHA}", "python", "3.11-slim", SHA, None),
        ("index.docker.io/library/python:3", "python", "3", None, None),
        ("docker.io/python", "python", None, None, None),
        ("library/python:3.12", "python", "3.12", None, None),
        (f"python@{SHA}", "python", None, SHA, None),
        ("Python:3.11", "python", "3.11", None, None),
        ("python:3.11-SLIM", "python", "3.11-SLIM", None, None),  # tags keep their case
        ("localhost:5000/x:tag", "localhost:5000/x", "tag", None, "localhost:5000"),
        ("localhost:5000/x", "localhost:5000/x", None, None, "localhost:5000"),
        ("localhost/team/app", "localhost/team/app", None, None, "localhost"),
        ("registry:5000/img:1.2", "registry:5000/img", "1.2", None, "registry:5000"),
        ("myreg.io:443/team/img:1.2", "myreg.io:443/team/img", "1.2", None, "myreg.io:443"),
        ("ghcr.io/org/img:v1@sha256:00", "ghcr.io/org/img", "v1", "sha256:00", "ghcr.io"),
        (
            "nvcr.io/nvidia/pytorch:24.01-py3",
            "nvcr.io/nvidia/pytorch",
            "24.01-py3",
            None,
            "nvcr.io",
        ),
        (
            "nvidia/cuda:12.1.0-devel-ubuntu22.04",
            "nvidia/cuda",
            "12.1.0-devel-ubuntu22.04",
            None,
            None,
        ),
        # An upper-case first component is a registry host, as in Docker's normalisation.
        ("MyHost/app:1", "myhost/app", "1", None, "myhost"),
        ("  python:3.12  ", "python", "3.12", None, None),
        ("python:", "python", None, None, None),
    ],
)
def test_parse_image(
    text: str, name: str, tag: str | None, digest: str | None, registry: str | None
) -> None:
    ref = parse_image(text)
    assert (ref.name, ref.tag, ref.digest, ref.registry) == (name, tag, digest, registry)
    assert ref.raw == text


@pytest.mark.parametrize(
    ("tag", "depth"),
    [
        ("20", 1),
        ("20-slim", 1),
        ("3-slim-bookworm", 1),
        ("3.11", 2),
        ("3.11-slim", 2),
        ("24.01-py3", 2),
        ("3.11.4-slim-bookworm", 3),
        ("12.1.0-cudnn8-devel-ubuntu22.04", 3),
        ("3.13.0rc1", 3),
        ("2024-05-27", 3),  # a date snapshot names one build
        ("20240111", 3),
        ("bookworm", None),
        ("latest", None),
        ("v1.2", None),
        ("33add21fab64", None),  # a commit hash, not a version
        ("8u312", None),
    ],
)
def test_version_depth(tag: str, depth: int | None) -> None:
    assert version_depth(tag) == depth


@pytest.mark.parametrize(
    ("ref", "suggested"),
    [
        # a suggestion is always a tag DLM001 accepts: never `slim` or `3-slim`
        ("python", "python:3.12-slim"),
        ("python:latest", "python:3.12-slim"),
        ("python:3.11", "python:3.11-slim"),
        ("python:3", "python:3.<minor>-slim"),
        ("python:3.11-bookworm", "python:3.11-slim-bookworm"),
        ("python:3.11.4-bullseye", "python:3.11.4-slim-bullseye"),
        ("python:bookworm", "python:3.12-slim-bookworm"),
        ("python:3.14-rc-trixie", "python:3.14-rc-slim-trixie"),
        (f"python:3.11@{SHA}", "python:3.11-slim"),
        ("docker.io/library/python:3.12", "python:3.12-slim"),
        ("python:3.11-slim", None),
        ("python:3.11-slim-bookworm", None),
        ("python:3.12-alpine3.20", None),
        ("python:3.12-windowsservercore-ltsc2022", None),
        ("python:3.12-nanoserver", None),
        (f"python@{SHA}", None),  # the variant behind a bare digest is unknown
        ("nvidia/cuda:12.1.0-devel-ubuntu22.04", "nvidia/cuda:12.1.0-runtime-ubuntu22.04"),
        (
            "nvidia/cuda:12.1.0-cudnn8-devel-ubuntu22.04",
            "nvidia/cuda:12.1.0-cudnn8-runtime-ubuntu22.04",
        ),
        ("nvidia/cuda:12.1.0-runtime-ubuntu22.04", None),
        ("nvidia/cuda:12.1.0-base-ubuntu22.04", None),
        (
            "pytorch/pytorch:2.1.0-cuda12.1-cudnn8-devel",
            "pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime",
        ),
        ("pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime", None),
        ("pytorch/pytorch", None),
        ("node:20", None),
        ("myorg/python:3.11", None),
    ],
)
def test_slim_variant(ref: str, suggested: str | None) -> None:
    variant = slim_variant(parse_image(ref))
    assert (variant.suggested if variant else None) == suggested


@pytest.mark.parametrize(
    ("ref", "workdir"),
    [
        ("pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime", "/workspace"),
        ("docker.io/pytorch/pytorch", "/workspace"),
        ("jupyter/scipy-notebook:2023-10-20", "/home/jovyan"),
        ("quay.io/jupyter/pytorch-notebook:2024-05-27", "/home/jovyan"),
        ("quay.io/jupyter/docker-stacks-foundation", "/home/jovyan"),
        ("jupyter/repo2docker", None),
        ("tensorflow/tensorflow:2.15.0-jupyter", "/tf"),
        ("tensorflow/tensorflow:2.15.0-gpu-jupyter", "/tf"),
        ("tensorflow/tensorflow:2.15.0", None),
        ("tensorflow/tensorflow", None),
        ("public.ecr.aws/lambda/python:3.12", "/var/task"),
        ("python:3.12-slim", None),
        ("nvcr.io/nvidia/pytorch:24.01-py3", None),  # not documented: not listed
    ],
)
def test_known_workdir(ref: str, workdir: str | None) -> None:
    assert known_workdir(parse_image(ref)) == workdir


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("FROM python:3\n", 6),
        ("from   python:3 AS build\n", 8),
        ("  FROM --platform=$BUILDPLATFORM python:3\n", 34),
        ("FROM python:3 \\\n  AS build\n", 1),  # across lines: the instruction's own span
    ],
)
def test_image_word_span(text: str, column: int) -> None:
    df = parse(text)
    stage = df.stages[0]
    span = image_word_span(df.lines, stage.from_instruction, stage.base_text)
    own = stage.from_instruction.span
    assert span == Span(own.line, column, own.end_line, own.end_column)

"""DLM001 base-image-unpinned."""

from __future__ import annotations

import pytest

from dockerlint_ml.engine.docs import examples
from dockerlint_ml.rules.ml.base_image_unpinned import BaseImageUnpinned
from tests.helpers import findings, lint_snippet

SHA = "sha256:" + "b" * 64


def lint(text: str, pin: str | None = None) -> list[tuple[str, int]]:
    options = {"DLM001": {"pin": pin}} if pin else None
    return lint_snippet(text, select=["DLM001"], options=options)


@pytest.mark.parametrize(
    ("image", "fires"),
    [
        ("python", True),
        ("python:latest", True),
        ("python:LATEST", True),
        ("python:3", True),
        ("python:3-slim", True),
        ("python:slim", True),
        ("python:bookworm", True),
        ("python:alpine", True),
        ("python:3.11", False),
        ("python:3.11-slim", False),
        ("python:3.11.4-slim-bookworm", False),
        ("docker.io/library/python:3-slim", True),
        ("docker.io/library/python:3.11-slim", False),
        (f"python@{SHA}", False),
        (f"python:3@{SHA}", False),
        (f"docker.io/library/python:3.11-slim@{SHA}", False),
        ("node", True),
        ("node:latest", True),
        ("node:20", True),
        ("node:20-slim", True),
        ("node:20.11", False),
        ("debian:bookworm-slim", False),
        ("ubuntu:jammy", False),
        ("ubuntu:22.04", False),
        ("nvidia/cuda:12.1.0-runtime-ubuntu22.04", False),
        ("quay.io/jupyter/scipy-notebook:2024-05-27", False),
        ("jupyter/scipy-notebook:33add21fab64", False),
        ("localhost:5000/team/app", True),
        ("localhost:5000/team/app:1", False),  # no facts: a digit tag is undecidable
        ("localhost:5000/team/app:1.4", False),
        ("localhost:5000/team/app:v1", False),
        ("registry.example.com:443/ml/model-server:latest", True),
        # tag schemes from the image facts
        ("node:iron", True),
        ("node:iron-alpine", True),
        ("node:lts", True),
        ("node:lts-alpine", True),
        ("node:current-slim", True),
        ("node:20.11-alpine", False),
        ("golang:alpine", True),
        ("golang:1-alpine", True),
        ("golang:1.22-alpine", False),
        ("alpine:edge", True),
        ("alpine:3", True),
        ("alpine:3.19", False),
        ("alpine:20240606", False),
        ("debian:12-slim", False),
        ("debian:12", False),
        ("debian:stable-slim", True),
        ("debian:testing", True),
        ("debian:sid", True),
        ("ubuntu:rolling", True),
        ("ubuntu:noble-20240429", False),
        # images without facts: only no tag and latest
        ("maven:3-jdk-11", False),
        ("openjdk:11-jre", False),
        ("docker:29-dind", False),
        ("azul/zulu-openjdk-alpine:17-latest", False),
        ("666:666", False),
        ("agrigorev/zoomcamp-model:2025", False),
        ("nvcr.io/nvidia/pytorch:24.06-py3", False),
        ("continuumio/miniconda3", True),
        ("maven", True),  # an official image: pulled from Docker Hub
        # a one-component name that is no official image: a local image
        ("yarn-builder:latest", False),
        ("tritonserver_cibase", False),
    ],
)
def test_minor_level(image: str, fires: bool) -> None:
    assert lint(f"FROM {image}\n") == ([("DLM001", 1)] if fires else [])


@pytest.mark.parametrize(
    ("image", "minor", "patch", "digest"),
    [
        ("python:3.11-slim", False, True, True),
        ("python:3.11.4-slim", False, False, True),
        ("node:20.11", False, True, True),
        ("node:20.11.1", False, False, True),
        ("debian:bookworm-slim", False, False, True),
        ("debian:12-slim", False, True, True),
        ("debian:12.5-slim", False, False, True),
        ("maven:3-jdk-11", False, False, True),
        ("yarn-builder:latest", False, False, False),
        ("quay.io/jupyter/base-notebook:2024-05-27", False, False, True),
        ("python:3", True, True, True),
        (f"python:3.11-slim@{SHA}", False, False, False),
        (f"python@{SHA}", False, False, False),
        (f"node:20@{SHA}", False, False, False),
    ],
)
def test_pin_levels(image: str, minor: bool, patch: bool, digest: bool) -> None:
    text = f"FROM {image}\n"
    for level, fires in (("minor", minor), ("patch", patch), ("digest", digest)):
        assert lint(text, level) == ([("DLM001", 1)] if fires else []), level


def test_default_option_is_minor() -> None:
    assert BaseImageUnpinned().pin == "minor"


def test_unknown_pin_level_is_an_error() -> None:
    with pytest.raises(ValueError, match="pin must be one of minor, patch, digest"):
        BaseImageUnpinned({"pin": "major"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scratch and an earlier stage are never reported
        ("FROM scratch\nCOPY app /app\n", []),
        ("FROM python:3.12-slim AS base\nFROM base\n", []),
        ("FROM python:3 AS base\nFROM base AS final\n", [("DLM001", 1)]),
        # ARG before FROM: a default resolves, no default leaves it unchecked
        ("ARG IMG=python:3\nFROM ${IMG}\n", [("DLM001", 2)]),
        ("ARG IMG=python:3.12\nFROM $IMG\n", []),
        ("ARG VERSION=3.12\nFROM python:${VERSION}-slim\n", []),
        ("ARG VERSION=3\nFROM python:${VERSION}-slim\n", [("DLM001", 2)]),
        ("ARG IMG\nFROM ${IMG}\n", []),
        ("FROM ${UNDECLARED}\n", []),
        ("ARG TAG\nFROM python:${TAG:-3}\n", [("DLM001", 2)]),
        # an ARG default naming an earlier stage
        ("FROM python:3.12-slim AS build\nARG B=build\nFROM build\n", []),
        # lowercase keywords, --platform, AS, continuations
        ("from python:3 as build\n", [("DLM001", 1)]),
        ("FROM --platform=$BUILDPLATFORM python AS build\n", [("DLM001", 1)]),
        ("FROM --platform=linux/amd64 python:3.12-slim\n", []),
        ("FROM \\\n  python:3 \\\n  AS build\n", [("DLM001", 1)]),
        # every stage is checked
        (
            "FROM python:3.12 AS build\nFROM node:20 AS web\nFROM python:latest\n",
            [("DLM001", 2), ("DLM001", 3)],
        ),
    ],
)
def test_stages_args_and_syntax(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_span_starts_at_the_image_word() -> None:
    (f,) = findings("FROM --platform=linux/amd64 python:3 AS build\n", select=["DLM001"])
    assert (f.span.line, f.span.column, f.span.end_line, f.span.end_column) == (1, 29, 1, 46)


def test_multiline_from_keeps_instruction_span() -> None:
    (f,) = findings("FROM \\\n  python:3\n", select=["DLM001"])
    assert (f.span.line, f.span.column, f.span.end_line, f.span.end_column) == (1, 1, 2, 11)


@pytest.mark.parametrize(
    ("image", "message", "fix"),
    [
        (
            "python",
            "`python` has no tag, so each build pulls whatever image is newest that day.",
            "Pin a version tag, e.g. `python:3.12-slim`.",
        ),
        (
            "node:latest",
            "`node:latest` uses the `latest` tag, so each build pulls whatever image is newest"
            " that day.",
            "Pin a version tag, e.g. `node:<major>.<minor>`.",
        ),
        (
            "continuumio/miniconda3",
            "`continuumio/miniconda3` has no tag, so each build pulls whatever image is newest"
            " that day.",
            "Pin a version tag, e.g. `continuumio/miniconda3:<version>`.",
        ),
        (
            "python:3-slim",
            "`python:3-slim` does not name a Python minor version, so the interpreter changes"
            " (3.12 to 3.13) when a new release comes out.",
            "Start the tag with major.minor, e.g. `python:3.<minor>-slim`.",
        ),
        (
            "python:slim",
            "`python:slim` does not name a Python minor version, so the interpreter changes"
            " (3.12 to 3.13) when a new release comes out.",
            "Start the tag with major.minor, e.g. `python:3.12-slim`.",
        ),
        (
            "node:20-alpine",
            "`node:20-alpine` names only a major version, so it moves to every new minor"
            " release of the image.",
            "Add the minor version to the tag, e.g. `node:20.<minor>-alpine`.",
        ),
        (
            "node:iron-alpine",
            "`node:iron-alpine` names a release line (`iron` is major version 20), not a minor"
            " version, so it moves to every new minor release of that line.",
            "Start the tag with major.minor, e.g. `node:20.<minor>-alpine`.",
        ),
        (
            "node:lts-slim",
            "`node:lts-slim` is an alias that keeps moving to newer releases, across major"
            " versions.",
            "Name a version instead of the alias, e.g. `node:<major>.<minor>-slim`.",
        ),
        (
            "golang:alpine",
            "`golang:alpine` names no version, so it follows whatever release is newest.",
            "Start the tag with major.minor, e.g. `golang:<major>.<minor>-alpine`.",
        ),
        (
            "debian:stable-slim",
            "`debian:stable-slim` is an alias that keeps moving to newer releases, across major"
            " versions.",
            "Name a version instead of the alias, e.g. `debian:12-slim`.",
        ),
        (
            "ubuntu:rolling",
            "`ubuntu:rolling` is an alias that keeps moving to newer releases, across major"
            " versions.",
            "Name a version instead of the alias, e.g. `ubuntu:24.04`.",
        ),
        (
            "alpine:edge",
            "`alpine:edge` is an alias that keeps moving to newer releases, across major versions.",
            "Name a version instead of the alias, e.g. `alpine:<major>.<minor>`.",
        ),
    ],
)
def test_messages(image: str, message: str, fix: str) -> None:
    (f,) = findings(f"FROM {image}\n", select=["DLM001"])
    assert (f.anchor.line, f.message, f.fix) == (1, message, fix)
    assert f.severity.label == "warning"


def _filled(example: str) -> str:
    """A hint's example with its placeholders filled in."""
    return (
        example.replace("<major>.<minor>", "20.11")
        .replace("<minor>", "11")
        .replace("<patch>", "4")
        .replace("<major>", "12")
        .replace("<version>", "1.2.3")
    )


@pytest.mark.parametrize(
    "image",
    [
        "python",
        "python:3-slim",
        "python:slim",
        "python:alpine",
        "node:20-alpine",
        "node:iron-alpine",
        "node:lts-slim",
        "golang:alpine",
        "golang:1-alpine",
        "debian:stable-slim",
        "ubuntu:rolling",
        "alpine:edge",
        "alpine",
    ],
)
def test_suggested_tags_are_accepted(image: str) -> None:
    """Following a hint gives a tag DLM001 accepts and keeps the variant suffix."""
    (f,) = findings(f"FROM {image}\n", select=["DLM001"])
    assert f.fix is not None
    suggested = _filled(f.fix.split("`")[1])
    assert lint(f"FROM {suggested}\n") == [], suggested
    tag = image.partition(":")[2]
    for variant in ("slim", "alpine"):
        if variant in tag:
            assert suggested.endswith(f"-{variant}"), suggested


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reviewer's DLM000 FROM (NVIDIA Azure-Serverless-GPU-Embedding)
        ("FROM Apache Spark 3.4.1\n", []),
        ("FROM python:3 AS build extra\n", []),
        ("FROM python:3 AS build\nFROM python:3 AS 9bad!\n", [("DLM001", 1)]),
    ],
)
def test_no_finding_on_a_from_dlm000_reports(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected
    assert any(c == "DLM000" for c, _ in lint_snippet(text)) is True


ARG_CASES = [
    (  # pytorch/serve kubernetes/kserve: the whole reference from an ARG
        "ARG BASE_IMAGE=pytorch/torchserve:latest\nFROM ${BASE_IMAGE}\n",
        2,
        "`pytorch/torchserve:latest`, from the default of ARG BASE_IMAGE on line 1 (used when"
        " no --build-arg is given), uses the `latest` tag, so each build pulls whatever image is"
        " newest that day.",
        "Pin a version tag by changing the default of ARG BASE_IMAGE on line 1, not the FROM,"
        " e.g. `ARG BASE_IMAGE=pytorch/torchserve:<version>`.",
    ),
    (  # openvino ci/Dockerfile.coverity: `$X` without braces
        "# ci\nARG BUILD_IMAGE=openvino/model_server-build:latest\nFROM $BUILD_IMAGE\n",
        3,
        "`openvino/model_server-build:latest`, from the default of ARG BUILD_IMAGE on line 2"
        " (used when no --build-arg is given), uses the `latest` tag, so each build pulls"
        " whatever image is newest that day.",
        "Pin a version tag by changing the default of ARG BUILD_IMAGE on line 2, not the FROM,"
        " e.g. `ARG BUILD_IMAGE=openvino/model_server-build:<version>`.",
    ),
    (  # only the tag's version from an ARG
        "ARG V=3\nFROM python:${V}-slim\n",
        2,
        "`python:3-slim`, from the default of ARG V on line 1 (used when no --build-arg is"
        " given), does not name a Python minor version, so the interpreter changes (3.12 to"
        " 3.13) when a new release comes out.",
        "Start the tag with major.minor by changing the default of ARG V on line 1, not the"
        " FROM, e.g. `ARG V=3.<minor>`.",
    ),
    (  # an ARG for the registry only: the FROM's own tag is the fault
        "ARG REG=docker.io\nFROM ${REG}/library/python:3\n",
        2,
        "`python:3` does not name a Python minor version, so the interpreter changes (3.12 to"
        " 3.13) when a new release comes out.",
        "Start the tag with major.minor, e.g. `python:3.<minor>`.",
    ),
    (  # the FROM's own `:-` default
        "ARG TAG\nFROM python:${TAG:-3}\n",
        2,
        "`python:3` does not name a Python minor version, so the interpreter changes (3.12 to"
        " 3.13) when a new release comes out.",
        "Start the tag with major.minor, e.g. `python:3.<minor>`.",
    ),
]


@pytest.mark.parametrize(("text", "line", "message", "fix"), ARG_CASES)
def test_from_arg_names_the_arg_line(text: str, line: int, message: str, fix: str) -> None:
    (f,) = findings(text, select=["DLM001"])
    assert (f.anchor.line, f.message, f.fix) == (line, message, fix)


def test_one_arg_default_used_by_several_froms_is_one_finding() -> None:
    # pytorch/serve docker/Dockerfile: four stages FROM ${BASE_IMAGE}
    text = (
        "ARG BASE_IMAGE=ubuntu:rolling\nFROM ${BASE_IMAGE} AS a\nRUN true\n"
        "FROM ${BASE_IMAGE} AS b\nFROM ${BASE_IMAGE}\n"
    )
    (f,) = findings(text, select=["DLM001"])
    assert f.span.line == 2
    assert f.message == (
        "`ubuntu:rolling`, from the default of ARG BASE_IMAGE on line 1 (used when no"
        " --build-arg is given), is an alias that keeps moving to newer releases, across major"
        " versions; the FROMs on lines 4, 5 use it too."
    )
    assert f.fix == (
        "Name a version instead of the alias by changing the default of ARG BASE_IMAGE on"
        " line 1, not the FROM, e.g. `ARG BASE_IMAGE=ubuntu:24.04`."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # feast Dockerfile.sdist: an image built by a sibling Dockerfile
        ("FROM yarn-builder:latest\n", []),
        # triton Dockerfile.QA: a local image passed as a build-arg
        ("ARG CIBASE_IMAGE=tritonserver_cibase\nFROM ${CIBASE_IMAGE}\n", []),
        # compose multi-args: dummy defaults for an image without facts
        ("ARG IMAGE=666\nARG TAG=666\nFROM ${IMAGE}:${TAG}\n", []),
        # docker cli connhelper-ssh: a major-only tag of an image without facts
        ("ARG ENGINE_VERSION=29\nFROM docker:${ENGINE_VERSION}-dind\n", []),
        # feast feature-server: maven and openjdk, no facts
        ("FROM maven:3-jdk-11 AS builder\nFROM openjdk:11-jre\n", []),
        ("FROM azul/zulu-openjdk-alpine:17-latest\n", []),
        # an official image or a namespaced one is still reported
        ("FROM busybox\n", [("DLM001", 1)]),
        ("FROM team/yarn-builder:latest\n", [("DLM001", 1)]),
    ],
)
def test_images_without_facts(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_user_facts_make_a_local_image_checked() -> None:
    facts = {"yarn-builder": {"tags": "minor"}}
    text = "FROM yarn-builder:1\n"
    assert lint_snippet(text, select=["DLM001"]) == []
    assert lint_snippet(text, select=["DLM001"], images=facts) == [("DLM001", 1)]


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        (
            "FROM python:3.12-slim\n",
            "Append the digest, e.g. `python:3.12-slim@sha256:<digest>`; `docker buildx"
            " imagetools inspect python:3.12-slim` shows the digest.",
        ),
        (
            "ARG IMG=python:3.12\nFROM $IMG\n",
            "Append the digest by changing the default of ARG IMG on line 1, not the FROM,"
            " e.g. `ARG IMG=python:3.12@sha256:<digest>`; `docker buildx imagetools inspect"
            " python:3.12` shows the digest.",
        ),
    ],
)
def test_digest_hint_says_how_to_get_it(text: str, fix: str) -> None:
    (f,) = findings(text, select=["DLM001"], options={"DLM001": {"pin": "digest"}})
    assert f.fix == fix


def test_patch_hint() -> None:
    (f,) = findings(
        "FROM python:3.12-slim\n", select=["DLM001"], options={"DLM001": {"pin": "patch"}}
    )
    assert f.fix == "Use a full version tag or add a digest, e.g. `python:3.12.<patch>-slim`."


def test_docs_examples() -> None:
    bad, good = examples(BaseImageUnpinned)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM001"])] == ["DLM001"]
    assert lint_snippet(good[0], select=["DLM001"]) == []


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("gcr.io/distroless/cc-debian10", True),
        ("gcr.io/distroless/static:latest", True),
        ("gcr.io/distroless/static:nonroot", False),
        ("gcr.io/distroless/static@sha256:" + "a" * 64, False),
    ],
)
def test_images_without_version_tags_are_pinned_by_digest(image: str, expected: bool) -> None:
    found = findings(f"FROM {image}\n", select=["DLM001"])
    assert bool(found) is expected
    if found:
        (f,) = found
        assert f.message.endswith("the image publishes no version tags, only a digest pins it.")
        assert f.fix == (
            f"Append the digest, e.g. `{image}@sha256:<digest>`;"
            f" `docker buildx imagetools inspect {image}` shows the digest."
        )


def test_a_name_buildkit_refuses_is_left_to_bk016() -> None:
    # One root cause, one finding: the name cannot be pulled at all.
    text = "FROM [red]evil[/red]:latest\n"
    assert lint_snippet(text, select=["DLM001", "BK016"]) == [("BK016", 1)]
    assert lint_snippet("FROM python:latest\n", select=["DLM001", "BK016"]) == [("DLM001", 1)]

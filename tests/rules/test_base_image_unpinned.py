"""DLM001 base-image-unpinned."""

from __future__ import annotations

import pytest

from dockerlint_ml.docs import examples
from dockerlint_ml.rules.base_image_unpinned import BaseImageUnpinned
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
        ("localhost:5000/team/app:1", True),
        ("localhost:5000/team/app:1.4", False),
        ("localhost:5000/team/app:v1", False),
        ("registry.example.com:443/ml/model-server:latest", True),
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
    ("image", "in_message", "in_fix"),
    [
        ("python", "`python` has no tag", "python:3.12-slim"),
        ("node:latest", "`node:latest` uses the `latest` tag", "node:<version>"),
        ("python:3-slim", "does not name a Python minor version", "python:3.<minor>-slim"),
        ("python:slim", "does not name a Python minor version", "python:3.12-slim"),
        ("node:20", "names only a major version", "node:<major>.<minor>"),
    ],
)
def test_messages(image: str, in_message: str, in_fix: str) -> None:
    (f,) = findings(f"FROM {image}\n", select=["DLM001"])
    assert in_message in f.message
    assert f.fix is not None and in_fix in f.fix
    assert f.severity.label == "warning"


def test_digest_level_message_names_the_reference() -> None:
    (f,) = findings(
        "FROM python:3.12-slim\n", select=["DLM001"], options={"DLM001": {"pin": "digest"}}
    )
    assert "`python:3.12-slim` has no digest" in f.message
    assert f.fix is not None and "python:3.12-slim@sha256:<digest>" in f.fix


def test_docs_examples() -> None:
    bad, good = examples(BaseImageUnpinned)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM001"])] == ["DLM001"]
    assert lint_snippet(good[0], select=["DLM001"]) == []

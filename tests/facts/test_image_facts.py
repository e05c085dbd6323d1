"""The image facts table, the user's facts from configuration, and how they merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.facts.image_facts import (
    TABLE,
    FactsError,
    facts_for,
    parse_user_facts,
    python_version,
)
from dockerlint_ml.run.config import ConfigError, load_config


@pytest.mark.parametrize(
    ("image", "field", "expected"),
    [
        ("python:3.12-slim", "workdir", "/"),
        ("python:3.12-slim", "shell", "dash"),
        ("python:3.12-alpine", "shell", "busybox"),
        (
            "python:3.12-alpine",
            "workdir",
            "/",
        ),  # the general row still gives what the tag row leaves
        ("python:3.12-windowsservercore-ltsc2022", "workdir", "C:\\"),
        ("python:3.12-windowsservercore-ltsc2022", "shell", "none"),
        ("docker.io/library/python:3.11", "tags", "minor"),
        ("golang:1.22", "workdir", "/go"),
        ("golang:1.22-alpine", "shell", "busybox"),
        ("debian:bookworm-slim", "tags", "major"),
        ("ubuntu:22.04", "workdir", "/"),
        ("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", "workdir", "/workspace"),
        ("nvidia/cuda:12.1.0-runtime-ubuntu22.04", "workdir", "/"),
        ("nvidia/cuda:12.1.0-runtime-ubi8", "shell", "bash"),
        ("quay.io/jupyter/base-notebook:2024-05-27", "workdir", "/home/jovyan"),
        ("quay.io/jupyter/base-notebook:2024-05-27", "user", "jovyan"),
        ("public.ecr.aws/lambda/python:3.10", "workdir", "/var/task"),
        ("tensorflow/tensorflow:2.15.0-jupyter", "workdir", "/tf"),
        ("gcr.io/distroless/python3-debian12:nonroot", "user", "nonroot"),
        ("gcr.io/distroless/static-debian12", "user", "root"),
    ],
)
def test_table_facts(image: str, field: str, expected: str) -> None:
    facts = facts_for(parse_image(image))
    assert facts is not None
    assert getattr(facts, field) == expected


@pytest.mark.parametrize(
    "image", ["tensorflow/tensorflow:2.15.0", "registry.corp/ml-base:1", "huggingface/x:1"]
)
def test_unknown_images_have_no_workdir(image: str) -> None:
    facts = facts_for(parse_image(image))
    assert facts is None or facts.workdir is None


def test_debian_moving_aliases() -> None:
    facts = facts_for(parse_image("debian:stable-slim"))
    assert facts is not None
    assert "stable*" in facts.moving


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("python:3.12-slim", "3.12"),
        ("python:3.9.18-bookworm", "3.9"),
        ("python:3-slim", None),
        ("public.ecr.aws/lambda/python:3.10", "3.10"),
        ("node:20", None),
        ("ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "3.12"),
        ("ghcr.io/astral-sh/uv:0.5.11-python3.11-alpine", "3.11"),
        ("ghcr.io/astral-sh/uv:latest", None),
    ],
)
def test_python_version(image: str, expected: str | None) -> None:
    ref = parse_image(image)
    facts = facts_for(ref)
    assert facts is not None
    assert python_version(facts, ref) == expected


def test_every_table_row_names_a_source() -> None:
    for row in TABLE:
        if row.tag is None:
            assert row.source.startswith("https://"), row.pattern


def test_user_facts_come_first_field_by_field() -> None:
    user = parse_user_facts(
        {
            "registry.corp/ml-*": {"workdir": "/srv", "shell": "bash"},
            "python:*-corp": {"workdir": "/app"},
            "registry.corp:5000/base": {"tags": "major", "moving": ["Stable"]},
        }
    )
    mine = facts_for(parse_image("registry.corp/ml-base:1.2"), user)
    assert mine is not None
    assert (mine.workdir, mine.shell, mine.source) == ("/srv", "bash", "configuration")
    python = facts_for(parse_image("python:3.12-corp"), user)
    assert python is not None
    assert (python.workdir, python.shell, python.tags) == ("/app", "dash", "minor")
    plain = facts_for(parse_image("python:3.12"), user)
    assert plain is not None and plain.workdir == "/"
    ported = facts_for(parse_image("registry.corp:5000/base:7"), user)
    assert ported is not None and (ported.tags, ported.moving) == ("major", ("stable",))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"x": "/app"}, "images entry 'x' must be a table of facts"),
        ({"x": {"wokdir": "/app"}}, "images entry 'x': unknown key 'wokdir'"),
        ({"x": {"workdir": "app"}}, "'workdir' must be an absolute path, got 'app'"),
        ({"x": {"shell": "zsh"}}, "'shell' must be one of dash, bash, bash<5.1, busybox, none"),
        ({"x": {"tags": "patch"}}, "'tags' must be one of minor, major, digest, got 'patch'"),
        ({"x": {"python": "3"}}, "'python' must be major.minor"),
        ({"x": {"tools": "uv"}}, "'tools' must be a list of strings"),
        ({"x": {"env": "PATH"}}, "'env' must be a list of strings"),
        ({"x": {"cuda": "12"}}, '\'cuda\' must be major.minor (e.g. "12.1") or "none"'),
        ({":1": {"workdir": "/a"}}, "images entry ':1' has an empty image pattern"),
    ],
)
def test_user_facts_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(FactsError) as caught:
        parse_user_facts(table)
    assert message in str(caught.value)


def test_configuration_images_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.dockerlint-ml.images."registry.corp/ml-base"]\nworkdir = "/app"\n', "utf-8"
    )
    config = load_config(path, load_registry())
    assert [(f.pattern, f.workdir) for f in config.images] == [("registry.corp/ml-base", "/app")]


def test_configuration_images_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".dockerlint-ml.toml"
    path.write_text('[images."corp/base"]\nworkdir = 3\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, load_registry(), shown=".dockerlint-ml.toml")
    assert caught.value.line() == (
        ".dockerlint-ml.toml: images entry 'corp/base': 'workdir' must be a non-empty string"
    )


def test_lint_text_takes_image_facts() -> None:
    from dockerlint_ml import lint_text

    text = "FROM corp/base:1\nCOPY app.py .\n"
    assert lint_text(text, select=["DLM003"]) == []
    (f,) = lint_text(text, select=["DLM003"], images={"corp/base": {"workdir": "/"}})
    assert (f.code, f.span.line) == ("DLM003", 2)


@pytest.mark.parametrize(
    ("image", "tags", "moving"),
    [
        ("node:iron-alpine", "minor", "lts*"),
        ("golang:alpine", "minor", None),
        ("alpine:edge", "minor", "edge"),
        ("debian:stable-slim", "major", "stable*"),
        ("ubuntu:rolling", "major", "rolling"),
    ],
)
def test_tag_schemes(image: str, tags: str, moving: str | None) -> None:
    facts = facts_for(parse_image(image))
    assert facts is not None and facts.tags == tags
    if moving is not None:
        assert moving in facts.moving


def test_node_codenames() -> None:
    facts = facts_for(parse_image("node:iron"))
    assert facts is not None
    assert dict(facts.codenames)["iron"] == "20"
    assert dict(facts.codenames)["jod"] == "22"


def test_official_images() -> None:
    from dockerlint_ml.facts.image_facts import OFFICIAL_IMAGES

    for name in ("python", "alpine", "maven", "openjdk", "docker", "registry", "busybox"):
        assert name in OFFICIAL_IMAGES
    for name in ("yarn-builder", "tritonserver_cibase", "base", "666"):
        assert name not in OFFICIAL_IMAGES


@pytest.mark.parametrize(
    ("image", "workdir"),
    [
        ("registry.access.redhat.com/ubi9/python-312", "/opt/app-root/src"),
        ("registry.access.redhat.com/ubi9/go-toolset:1.22", "/opt/app-root/src"),
        ("registry.access.redhat.com/ubi8/nodejs-20", "/opt/app-root/src"),
        ("registry.access.redhat.com/ubi9/ubi-minimal", "/"),
    ],
)
def test_ubi_language_images_start_in_the_app_root(image: str, workdir: str) -> None:
    facts = facts_for(parse_image(image))
    assert facts is not None and facts.workdir == workdir


def test_configuration_facts_reach_the_rules(tmp_path: Path) -> None:
    from dockerlint_ml import lint_paths

    dockerfile = tmp_path / "svc" / "Dockerfile"
    dockerfile.parent.mkdir()
    dockerfile.write_text("FROM registry.corp/ml-base:2.1\nCOPY app.py .\n", "utf-8")
    assert lint_paths([str(dockerfile)], select=["DLM003"]).findings == []
    (tmp_path / "pyproject.toml").write_text(
        '[tool.dockerlint-ml.images."registry.corp/*"]\nworkdir = "/"\n', "utf-8"
    )
    found = lint_paths([str(dockerfile)], select=["DLM003"]).findings
    assert [(f.code, f.span.line) for f in found] == [("DLM003", 2)]
    assert "(`registry.corp/ml-base:2.1` sets no WORKDIR)" in found[0].message


def test_unknown_fact_key_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(FactsError) as caught:
        parse_user_facts({"corp/*": {"workdr": "/"}})
    assert (
        str(caught.value) == "images entry 'corp/*': unknown key 'workdr' (did you mean 'workdir'?)"
    )


def test_config_command_shows_the_image_facts(tmp_path: Path) -> None:
    from dockerlint_ml.run.config import describe, render_text, resolve

    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.dockerlint-ml.images."corp/*:*-devel"]\nworkdir = "/"\ntools = ["uv", "nvcc"]\n',
        "utf-8",
    )
    registry = load_registry()
    config = load_config(path, registry, shown="pyproject.toml")
    data = describe(resolve(config, registry), "Dockerfile", None)
    assert data["settings"]["images"] == {
        "corp/*:*-devel": {"workdir": "/", "tools": ["nvcc", "uv"]}
    }
    lines: list[str] = []
    render_text(data, lines.append)
    start = lines.index('[images."corp/*:*-devel"]  # pyproject.toml')
    assert lines[start + 1 : start + 3] == ['workdir = "/"', 'tools = ["nvcc", "uv"]']


@pytest.mark.parametrize(
    ("image", "field", "expected"),
    [
        ("python:3.12-slim", "cuda", "none"),
        ("debian:bookworm-slim", "cuda", "none"),
        ("nvidia/cuda:12.1.0-runtime-ubuntu22.04", "cuda", "tag"),
        ("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", "cuda", "tag"),
        ("tensorflow/tensorflow:2.15.0", "cuda", None),
        ("ubuntu:22.04", "tools", frozenset()),
        ("ghcr.io/astral-sh/uv:latest", "tools", frozenset({"uv", "uvx"})),
        ("ghcr.io/astral-sh/uv:latest", "shell", "none"),
        ("ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "shell", "dash"),
        ("ghcr.io/astral-sh/uv:python3.12-alpine", "shell", "busybox"),
        ("registry.corp/ml-base:1", "env", None),
    ],
)
def test_toolchain_facts(image: str, field: str, expected: object) -> None:
    facts = facts_for(parse_image(image))
    assert (getattr(facts, field) if facts is not None else None) == expected


def test_python_image_env_has_no_unbuffered() -> None:
    facts = facts_for(parse_image("python:3.11-slim"))
    assert facts is not None and facts.env is not None
    assert "PYTHON_VERSION" in facts.env and "PYTHONUNBUFFERED" not in facts.env


def test_user_facts_cuda_and_env() -> None:
    (row,) = parse_user_facts({"corp/gpu": {"cuda": "12.4", "env": ["PYTHONUNBUFFERED"]}})
    assert (row.cuda, row.env) == ("12.4", frozenset({"PYTHONUNBUFFERED"}))
    (cpu,) = parse_user_facts({"corp/cpu": {"cuda": "none"}})
    assert cpu.cuda == "none"

"""DL3026 untrusted-registry: hadolint's spec cases (test/Hadolint/Rule/DL3026Spec.hs) and
ours. Each row carries the trusted list it is linted with (hadolint's `trustedRegistries`)."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet

CODE = "DL3026"

# (label, trusted registries, Dockerfile, lines reported)
Row = tuple[str, list[str], str, list[int]]
# (label, trusted registries, Dockerfile, hadolint 2.15.1's lines, ours, why)
DifferentRow = tuple[str, list[str], str, list[int], list[int], str]

HUB_FORMS = (
    "FROM ubuntu:18.04 AS builder1\n"
    "FROM zemanlx/ubuntu:18.04 AS builder2\n"
    "FROM docker.io/zemanlx/ubuntu:18.04 AS builder3\n"
)

# DL3026Spec.hs at v2.15.1 (its latest stored version, wildcards included), every case,
# in our words.
SPEC: list[Row] = [
    ("spec: empty list", [], "FROM random.com/debian\n", []),
    ("spec: registry not listed", ["docker.io"], "FROM random.com/debian\n", [1]),
    ("spec: registry listed", ["x.com", "random.com"], "FROM random.com/debian\n", []),
    ("spec: scratch", ["x.com", "random.com"], "FROM scratch\n", []),
    ("spec: every form of Docker Hub", ["docker.io"], HUB_FORMS, []),
    (
        "spec: an earlier stage",
        ["random.com"],
        "FROM random.com/foo AS builder1\nFROM builder1 AS builder2\n",
        [],
    ),
    ("spec: wildcard not matching", ["*.random.com"], "FROM x.com/debian\n", [1]),
    ("spec: wildcard matching", ["x.com", "*.random.com"], "FROM foo.random.com/debian\n", []),
    ("spec: * trusts all", ["*"], HUB_FORMS, []),
]

OURS: list[Row] = [
    ("Docker Hub not listed", ["x.com"], HUB_FORMS, [1, 2, 3]),
    ("a suffix pattern needs the dot", ["*.random.com"], "FROM random.com/debian\n", [1]),
    ("a prefix pattern", ["x.com*"], "FROM x.com.mirror/foo\nFROM x.co/foo\n", [2]),
    (
        "the port is part of the registry",
        ["my.reg:5000"],
        "FROM my.reg:5000/foo\nFROM my.reg/foo\nFROM localhost:5000/foo\n",
        [2, 3],
    ),
    ("hub.docker.com trusts Hub images", ["hub.docker.com"], "FROM ubuntu:18.04\n", []),
    ("a stage named like a registry", ["y.com"], "FROM foo AS x.com\nFROM x.com\n", [1]),
    (
        "COPY --from an image",
        ["a.com"],
        "FROM a.com/foo\nCOPY --from=b.com/x / /\nCOPY --from=a.com/y / /\n",
        [2],
    ),
    (
        "COPY --from a stage",
        ["a.com"],
        "FROM a.com/foo AS b\nFROM a.com/foo\nCOPY --from=b / /\n",
        [],
    ),
    (
        "COPY --from a name that is no stage",
        ["a.com"],
        "FROM a.com/foo\nCOPY --from=c / /\n",
        [2],
    ),
    (
        "RUN --mount from an image",
        ["a.com"],
        "FROM a.com/foo\nRUN --mount=from=q.com/x,target=/x true\n"
        "RUN --mount=type=cache,from=q.com/x,target=/x true\n"
        "RUN --mount=type=bind,from=a.com/x,target=/x true\n",
        [2, 3],
    ),
    (
        "RUN --mount from a stage, or none",
        ["a.com"],
        "FROM a.com/foo AS b\nRUN --mount=type=cache,target=/x true\n"
        "RUN --mount=type=bind,from=b,target=/x true\nRUN --mount=type=secret,id=x true\n",
        [],
    ),
    (
        "ONBUILD is not checked",
        ["a.com"],
        "FROM a.com/foo\nONBUILD COPY --from=x.com/y / /\n",
        [],
    ),
    (
        "an unknown tag does not hide the registry",
        ["docker.io"],
        "ARG V\nFROM gcr.io/iguazio/cuda:$V\nFROM python:${V}\nFROM nvidia/cuda:$V-base\n",
        [2],
    ),
    ("an ARG resolved to another", ["y.com"], "ARG R=x.com\nFROM ${R}/foo\nFROM $R/foo\n", [2, 3]),
]

DIFFERENT: list[DifferentRow] = [
    (
        "a stage defined later",
        ["a.com"],
        "FROM a.com/foo AS b\nCOPY --from=later / /\nFROM a.com/foo AS later\n",
        [2],
        [],
        "BuildKit finds `later` among the file's stages: no image is pulled (DL3022 reports it)",
    ),
    (
        "an ARG naming a trusted registry",
        ["x.com"],
        "ARG R=x.com\nFROM ${R}/foo\n",
        [2],
        [],
        "the ARG's default is x.com: hadolint checks the text `${R}/foo` as written",
    ),
    (
        "an ARG with no value",
        ["x.com"],
        "ARG R\nFROM ${R}/foo\n",
        [2],
        [],
        "the registry is known only at build time: not judged",
    ),
    (
        "an unknown value that may hold the registry",
        ["x.com"],
        "ARG I\nARG P\nFROM $I\nFROM ${I}/app\nFROM localhost:${P}/app\nFROM a-${I}\n",
        [3, 4, 5, 6],
        [],
        "the registry is known only at build time: not judged",
    ),
    (
        "localhost",
        ["localhost"],
        "FROM localhost/foo\n",
        [1],
        [],
        "Docker reads `localhost/` as a registry; hadolint takes it for Docker Hub",
    ),
    (
        "Docker Hub by another name",
        ["hub.docker.com"],
        "FROM docker.io/zemanlx/ubuntu:18.04\nFROM index.docker.io/foo\n",
        [1, 2],
        [],
        "docker.io, index.docker.io and hub.docker.com are all Docker Hub",
    ),
    (
        "registry names in another case",
        ["foo.com"],
        "FROM Foo.COM/foo\n",
        [1],
        [],
        "registry names are DNS names: case does not matter",
    ),
    (
        "a stage index",
        ["a.com"],
        "FROM a.com/foo AS b\nFROM a.com/foo\nCOPY --from=0 / /\n"
        "RUN --mount=type=bind,from=0,target=/x true\n",
        [3, 4],
        [],
        "`0` is the first stage, not an image",
    ),
    (
        "a stage name in another case",
        ["a.com"],
        "FROM a.com/foo AS b\nCOPY --from=B / /\nFROM a.com/x AS Build\nFROM build\n",
        [2, 4],
        [],
        "BuildKit lower-cases stage names: `B` is the stage `b`, `build` the stage `Build`",
    ),
    (
        "an image named like a stage",
        ["a.com"],
        "FROM a.com/foo AS build\nFROM build:1\n",
        [],
        [2],
        "`build:1` is no stage (FROM names a stage without a tag): Docker pulls it from Hub",
    ),
]


@pytest.mark.parametrize(
    ("label", "trusted", "text", "lines"), SPEC + OURS, ids=[r[0] for r in SPEC + OURS]
)
def test_case(label: str, trusted: list[str], text: str, lines: list[int]) -> None:
    got = lint_snippet(text, select=[CODE], options={CODE: {"trusted-registries": trusted}})
    assert got == [(CODE, line) for line in lines], label


@pytest.mark.parametrize(
    ("label", "trusted", "text", "theirs", "ours", "reason"),
    DIFFERENT,
    ids=[d[0] for d in DIFFERENT],
)
def test_deliberately_different(
    label: str, trusted: list[str], text: str, theirs: list[int], ours: list[int], reason: str
) -> None:
    assert theirs != ours and reason, label
    got = lint_snippet(text, select=[CODE], options={CODE: {"trusted-registries": trusted}})
    assert got == [(CODE, line) for line in ours], label


def test_silent_without_the_option() -> None:
    assert lint_snippet("FROM random.com/debian\n", select=[CODE]) == []


@pytest.mark.parametrize(
    "value", ["docker.io", [1], None, {"docker.io": True}, ["docker.io", ""], [["x"]]]
)
def test_rejects_a_value_that_is_not_a_list_of_names(value: object) -> None:
    with pytest.raises(ValueError, match="trusted-registries must be a list"):
        lint_snippet("FROM a\n", select=[CODE], options={CODE: {"trusted-registries": value}})


def test_accepts_a_tuple() -> None:
    options = {CODE: {"trusted-registries": ("docker.io",)}}
    assert lint_snippet("FROM q.io/a\n", select=[CODE], options=options) == [(CODE, 1)]


def test_message_and_span_name_the_image_and_registry() -> None:
    options = {CODE: {"trusted-registries": ["docker.io"]}}
    (found,) = findings("FROM quay.io/jupyter/base:2024 AS x\n", [CODE], options=options)
    assert "`quay.io/jupyter/base:2024`" in found.message and "`quay.io`" in found.message
    assert found.fix is not None and "trusted-registries" in found.fix
    assert (found.span.line, found.span.column) == (1, 6)
    assert len(found.message) <= 90


def test_hub_image_names_docker_io() -> None:
    options = {CODE: {"trusted-registries": ["x.com"]}}
    (found,) = findings("FROM python:3\n", [CODE], options=options)
    assert "`docker.io`" in found.message


def test_silent_without_trusted_registries() -> None:
    # In the default selection, and silent until configured.
    assert CODE not in {c for c, _ in lint_snippet("FROM q.io/a:1\n")}

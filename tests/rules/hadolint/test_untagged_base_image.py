"""DL3006 untagged-base-image: hadolint's spec cases (test/Hadolint/Rule/DL3006Spec.hs) and ours."""

from __future__ import annotations

from dockerlint_ml.rules.hadolint import untagged_base_image
from tests.helpers import findings, lines_run, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3006"

# DL3006Spec.hs at v2.15.1, in our words. Its "onbuild" variant of case 6/7 wraps only the
# RUN lines in ONBUILD; FROM is checked the same.
SPEC: list[Case] = [
    ("spec: bare image", "FROM debian\n", [1]),
    ("spec: bare image with a stage name", "FROM debian AS builder\n", [1]),
    ("spec: digest only", "FROM ruby@sha256:f1dbca0f5dbc9\n", []),
    ("spec: tagged", "FROM ruby:2\n", []),
    ("spec: a variable is the whole reference", "FROM ${VALUE}\n", []),
    (
        "spec: an earlier stage's name needs no tag",
        "FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM build as unit-test\nRUN bar\n"
        "FROM alpine:3.7\nRUN baz\n",
        [],
    ),
    (
        "spec onbuild: an earlier stage's name needs no tag",
        "FROM golang:1.9.3-alpine3.7 AS build\nONBUILD RUN foo\nFROM build as unit-test\n"
        "ONBUILD RUN bar\nFROM alpine:3.7\nONBUILD RUN baz\n",
        [],
    ),
    (
        "spec: an image that is no stage",
        "FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM node as unit-test\nRUN bar\n"
        "FROM alpine:3.7\nRUN baz\n",
        [3],
    ),
    (
        "spec onbuild: an image that is no stage",
        "FROM golang:1.9.3-alpine3.7 AS build\nONBUILD RUN foo\nFROM node as unit-test\n"
        "ONBUILD RUN bar\nFROM alpine:3.7\nONBUILD RUN baz\n",
        [3],
    ),
    ("spec: scratch", "FROM scratch\n", []),
]

OURS: list[Case] = [
    ("registry path", "FROM registry.access.redhat.com/ubi9/ubi-minimal\n", [1]),
    ("docker.io spelled out", "FROM docker.io/library/debian\n", [1]),
    ("registry with a port and a dot", "FROM my.reg:5000/debian\n", [1]),
    ("registry with a port, tagged", "FROM my.reg:5000/debian:12\n", []),
    ("platform flag", "FROM --platform=$BUILDPLATFORM ubuntu AS build\n", [1]),
    # hadolint 2.15.1 rejects this file (DL1000); an empty tag is still a tag.
    ("empty tag counts as a tag", "FROM ubuntu:\n", []),
    ("tag from a variable", "ARG TAG=12\nFROM debian:${TAG}\n", []),
    ("tag from an unset variable", "FROM debian:$TAG\n", []),
    ("variable first", "ARG REG=docker.io\nFROM ${REG}/debian\n", []),
    ("variable with default first", "FROM ${IMG:-debian}\n", []),
    ("variable after the registry", "ARG ORG=acme\nFROM ghcr.io/${ORG}/app\n", []),
    ("variable inside the path", "ARG ORG=acme\nFROM ghcr.io/team/${ORG}\n", [2]),
    ("no dot: not a registry", "FROM myreg/${X}\n", [1]),
    ("upper-case SCRATCH is an image", "FROM SCRATCH\n", [1]),
    ("quoted", 'FROM "debian"\n', [1]),
    ("a stage defined later does not count", "FROM build\nFROM golang:1 AS build\n", [1]),
    ("stage named like an image", "FROM debian:12 AS debian\nFROM debian\n", []),
    ("scratch stage", "FROM scratch AS s\nFROM s\n", []),
    ("a stage with a tag", "FROM golang:1 AS build\nFROM build:latest\n", []),
    ("chain of stages", "FROM a AS b\nFROM b AS c\nFROM c\n", [1]),
    ("each FROM", "FROM alpine AS tgi\nRUN x\nFROM alpine AS other\n", [1, 3]),
    ("lower-case from", "from alpine\n", [1]),
    (
        "an ARG-built name that fits no stage",
        "ARG V=1\nFROM golang:1 AS build\nFROM tool-${V}\n",
        [3],
    ),
    (
        "an ARG-built name fitting only a later stage",
        "FROM base-${TARGETARCH}\nFROM ubuntu:24.04 AS base-amd64\n",
        [1],
    ),
    ("ONBUILD is not FROM", "FROM debian:12\nONBUILD RUN echo from debian\n", []),
]

DIFFERENT: list[Different] = [
    (
        "stage chosen by a platform ARG",
        "FROM ubuntu:24.04 AS base-amd64\nFROM ubuntu:24.04 AS base-arm64\n"
        "FROM base-${TARGETARCH} AS base\n",
        [3],
        [],
        "PEERS not-to-copy 3: the FROM names one of the stages above, not an untagged image",
    ),
    (
        "stage chosen by a global ARG",
        "ARG FROM_SOURCE=false\nFROM scratch AS bin-false\nFROM scratch AS bin-true\n"
        "FROM bin-${FROM_SOURCE} AS bin\n",
        [4],
        [],
        "PEERS not-to-copy 3: the ARG's value selects an earlier stage",
    ),
    (
        "stage chosen by a global ARG's default",
        "ARG MODE=release\nFROM alpine:3 AS builder-release\nFROM builder-${MODE}\n",
        [3],
        [],
        "PEERS not-to-copy 3: the ARG's default names the earlier stage `builder-release`",
    ),
    (
        "stage name in another case",
        "FROM golang:1 AS Build\nFROM build\n",
        [2],
        [],
        "BuildKit matches stage names without regard to case; hadolint compares them exactly",
    ),
    (
        "registry host with a port and no dot",
        "FROM localhost:5000/debian\n",
        [],
        [1],
        "hadolint's parser reads `5000/debian` as the tag; it is a registry and no tag",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_image() -> None:
    (found,) = findings("FROM continuumio/miniconda3\n", select=[CODE])
    assert "`continuumio/miniconda3`" in found.message
    assert found.fix is not None and "continuumio/miniconda3:" in found.fix
    assert len(found.message) <= 90


def test_message_shows_the_reference_as_written() -> None:
    (found,) = findings("ARG V=1\nFROM tool-${V}\n", select=[CODE])
    assert "`tool-${V}`" in found.message


def test_off_by_default_superseded_by_dlm001() -> None:
    codes = {code for code, _ in lint_snippet("FROM debian\n")}
    assert CODE not in codes


def _many_variable_froms(n: int) -> None:
    # Stage names sharing the FROMs' start, none of them fitting: the worst case.
    text = "".join(f"FROM img:1 AS tool-{i}\nFROM tool-${{V}}-x\n" for i in range(n))
    lint_snippet(text, select=[CODE])


def test_work_stays_linear_in_the_number_of_stages() -> None:
    small = lines_run((untagged_base_image,), lambda: _many_variable_froms(40))
    large = lines_run((untagged_base_image,), lambda: _many_variable_froms(320))
    assert large <= 9 * small

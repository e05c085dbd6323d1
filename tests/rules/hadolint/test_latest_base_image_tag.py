"""DL3007 latest-base-image-tag: hadolint's spec cases (test/Hadolint/Rule/DL3007Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3007"
SHA = "sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb"

# DL3007Spec.hs in the version 2.15.1 follows (it has the tag-and-digest case), in our
# words. It has no onbuild variants: FROM cannot be wrapped in ONBUILD.
SPEC: list[Case] = [
    ("spec: latest", "FROM debian:latest\n", [1]),
    ("spec: latest with a stage name", "FROM debian:latest AS builder\n", [1]),
    ("spec: another tag", "FROM debian:jessie\n", []),
    ("spec: digest only", f"FROM hub.docker.io/debian@{SHA}\n", []),
    ("spec: latest and a digest", f"FROM hub.docker.io/debian:latest@{SHA}\n", []),
    ("spec: another tag with a stage name", "FROM debian:jessie AS builder\n", []),
]

OURS: list[Case] = [
    ("no tag is DL3006's", "FROM debian\n", []),
    ("tags are case-sensitive", "FROM debian:LATEST\n", []),
    ("latest-slim is another tag", "FROM debian:latest-slim\n", []),
    ("latest from an ARG is not judged", "ARG TAG=latest\nFROM myimg:${TAG}\n", []),
    ("platform flag", "FROM --platform=linux/amd64 debian:latest\n", [1]),
    ("a stage's latest", "FROM golang:1 AS build\nFROM build:latest\n", [2]),
    ("each FROM", "FROM a:latest\nFROM b:latest\n", [1, 2]),
    ("registry with a port", "FROM my.reg:5000/debian:latest\n", [1]),
    ("registry by IP", "FROM 127.0.0.1:5000/debian:latest\n", [1]),
    (
        "variables in the path, latest as written",
        "ARG V=1\nFROM vault.example.com/${V}/pytorch-${V}:latest AS base\n",
        [2],
    ),
    ("variable name, latest as written", "FROM ${IMG}:latest\n", [1]),
    ("lower-case from", "from python:latest\n", [1]),
    ("multi-stage: build stage too", "FROM alpine:latest AS probe\nFROM python:3.12\n", [1]),
]

DIFFERENT: list[Different] = [
    (
        "quoted reference",
        'FROM "debian:latest"\n',
        [],
        [1],
        'Docker removes the quotes; hadolint keeps `latest"` as the tag',
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_reference() -> None:
    (found,) = findings("FROM python:latest\n", select=[CODE])
    assert "`python:latest`" in found.message
    assert found.fix is not None
    assert len(found.message) <= 90


def test_off_by_default_superseded_by_dlm001() -> None:
    codes = {code for code, _ in lint_snippet("FROM python:latest\n")}
    assert CODE not in codes

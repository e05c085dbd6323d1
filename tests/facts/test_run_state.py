"""facts.run_state: SHELL per stage, the RUN's reader, --mount, the environment a command
sees, and which stages ship."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.dockerfile.variables import UNKNOWN
from dockerlint_ml.engine.rule import Context
from dockerlint_ml.facts import installers, run_state
from dockerlint_ml.facts.run_state import (
    Shell,
    StageRoles,
    env_known,
    env_setting,
    program_name,
    truthy,
    unguarded_pipelines,
)
from dockerlint_ml.facts.shell import SimpleCommand
from tests.helpers import dedent, lines_run


def context(text: str) -> Context:
    return Context(parse(dedent(text)))


def runs(ctx: Context) -> list[Instruction]:
    return [i for i in ctx.dockerfile.instructions if i.keyword == "RUN"]


# ---------------------------------------------------------------- SHELL


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("/bin/bash", "bash"),
        ("bash", "bash"),
        ("/usr/bin/pwsh", "pwsh"),
        ("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.exe", "powershell"),
        ("cmd.exe", "cmd"),
        ("", ""),
    ],
)
def test_program_name(word: str, name: str) -> None:
    assert program_name(word) == name


@pytest.mark.parametrize(
    ("argv", "posix", "asks", "pipefail"),
    [
        (("/bin/sh", "-c"), True, False, False),
        (("/bin/bash", "-o", "pipefail", "-c"), True, True, True),
        (("/usr/bin/bash", "-eo", "pipefail", "-c"), True, True, True),
        (("bash", "-euxo", "pipefail", "-c"), True, True, True),
        (("/bin/bash", "--login", "-o", "pipefail", "-c"), True, True, True),
        (("/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"), True, True, True),
        (("/bin/bash", "-opipefail", "-c"), True, False, False),
        (("/bin/zsh", "-o", "pipefail", "-c"), True, True, True),
        (("/bin/ash", "-o", "pipefail", "-c"), True, True, True),
        # what /bin/sh is depends on the image (dash has no pipefail)
        (("/bin/sh", "-o", "pipefail", "-c"), True, True, False),
        (("/bin/dash", "-o", "pipefail", "-c"), True, True, False),
        (("pwsh", "-c"), False, False, False),
        (("/usr/bin/pwsh", "-c"), False, False, False),
        (("powershell.exe",), False, False, False),
        (("cmd", "/S", "/C"), False, False, False),
    ],
)
def test_shell(argv: tuple[str, ...], posix: bool, asks: bool, pipefail: bool) -> None:
    shell = Shell(argv)
    assert (shell.posix, shell.sets_pipefail, shell.pipefail) == (posix, asks, pipefail)


def test_shell_per_stage() -> None:
    ctx = context(
        """
        FROM debian:12 AS base
        RUN a
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        ENV A=1
        ARG B=2
        RUN b
        ONBUILD SHELL ["pwsh", "-c"]
        RUN c
        FROM base AS child
        RUN d
        SHELL ["/bin/sh", "-c"]
        RUN e
        FROM debian:12
        RUN f
        FROM child
        RUN g
        """
    )
    got = [ctx.shell(ins).argv for ins in runs(ctx)]
    bash = ("/bin/bash", "-o", "pipefail", "-c")
    sh = ("/bin/sh", "-c")
    # not forgotten after ENV or ARG (hadolint #1228), inherited through FROM <stage>
    assert got == [sh, bash, bash, bash, sh, sh, sh]
    shells = [ctx.shell(ins).instruction for ins in runs(ctx)]
    assert shells[0] is None and shells[1] is not None and shells[1].span.line == 3


def test_shell_through_a_deep_chain_is_linear() -> None:
    def count(n: int) -> int:
        text = 'FROM a AS s0\nSHELL ["/bin/bash", "-c"]\n' + "".join(
            f"FROM s{i - 1} AS s{i}\nRUN x\n" for i in range(1, n + 1)
        )
        ctx = Context(parse(text))
        return lines_run((run_state,), lambda: [ctx.shell(r) for r in runs(ctx)])

    small, large = count(50), count(400)
    assert large <= 9 * small, (small, large)


# ---------------------------------------------------------------- the RUN's reader


@pytest.mark.parametrize(
    ("text", "how", "name", "posix", "pipefail"),
    [
        ("RUN a | b\n", "shell", "sh", True, False),
        ('SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', "shell", "bash", True, True),
        ('SHELL ["pwsh", "-c"]\nRUN a | b\n', "shell", "pwsh", False, False),
        ('RUN ["sh", "-c", "a | b"]\n', "exec", "sh", True, False),
        ('RUN ["/bin/bash", "-o", "pipefail", "-c", "a | b"]\n', "exec", "bash", True, True),
        ('RUN ["a", "|", "b"]\n', "none", "", False, False),
        ('RUN ["bash", "script.sh"]\n', "none", "", False, False),
        ("RUN <<EOF\na | b\nEOF\n", "shell", "sh", True, False),
        ("RUN <<EOF\n#!/bin/bash\na | b\nEOF\n", "shebang", "bash", True, False),
        ("RUN <<EOF\n#!/bin/bash -o pipefail\na | b\nEOF\n", "shebang", "bash", True, True),
        ("RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n", "shebang", "python3", False, False),
        ("RUN <<EOF\n#!/usr/bin/env bash\na\nEOF\n", "shebang", "bash", True, False),
        ("RUN <<EOF\n#!/usr/bin/env -S bash -eo pipefail\na\nEOF\n", "shebang", "bash", True, True),
        # a heredoc fed to a command is the command's stdin: SHELL reads the RUN
        ("RUN <<EOF bash\n#!/bin/bash\na | b\nEOF\n", "shell", "sh", True, False),
        ("RUN cat <<EOF > /x\n#!/bin/bash\nEOF\n", "shell", "sh", True, False),
    ],
)
def test_run_shell(text: str, how: str, name: str, posix: bool, pipefail: bool) -> None:
    ctx = context("FROM debian:12\n" + text)
    reader = ctx.run_shell(runs(ctx)[-1])
    assert (reader.how, reader.name, reader.pipefail, reader.posix) == (how, name, pipefail, posix)


def unguarded(text: str) -> list[list[str]]:
    ctx = context("FROM debian:12\n" + text)
    run = runs(ctx)[-1]
    found = unguarded_pipelines(ctx.commands(run), ctx.run_shell(run))
    return [[c.name for c in pipeline] for pipeline in found]


@pytest.mark.parametrize(
    ("text", "pipelines"),
    [
        ("RUN a | b && c | d\n", [["a", "b"], ["c", "d"]]),
        ("RUN a || b\n", []),
        ('RUN echo "a | b"\n', []),
        ("RUN x=$(a | b) && echo $x\n", [["a", "b"]]),
        ("RUN set -o pipefail && a | b\n", []),
        ("RUN a | b; set -o pipefail\n", [["a", "b"]]),
        ('SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n', []),
        ('SHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', [["a", "b"]]),
        ('SHELL ["pwsh", "-c"]\nRUN a | b\n', []),
        # a script handed to a shell as a string is not the RUN's
        ("RUN bash -c 'a | b'\n", []),
        # the exec form's shell is the RUN's
        ('RUN ["sh", "-c", "a | b"]\n', [["a", "b"]]),
        ('RUN ["bash", "-o", "pipefail", "-c", "a | b"]\n', []),
        ('RUN ["a", "|", "b"]\n', []),
        # heredocs
        ("RUN <<EOF\na | b\nEOF\n", [["a", "b"]]),
        ("RUN <<EOF\n#!/bin/bash\nset -euo pipefail\na | b\nEOF\n", []),
        ("RUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n", []),
        ("RUN <<EOF bash\nset -o pipefail\na | b\nEOF\n", []),
        ("RUN <<EOF bash\na | b\nEOF\n", [["a", "b"]]),
        # a new shell: SHELL's pipefail does not reach it
        ('SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF bash\na | b\nEOF\n', [["a", "b"]]),
        ("RUN bash -eo pipefail <<EOF\na | b\nEOF\n", []),
    ],
)
def test_unguarded_pipelines(text: str, pipelines: list[list[str]]) -> None:
    assert unguarded(text) == pipelines


# ---------------------------------------------------------------- --mount


def mounts_of(text: str) -> list[run_state.Mount]:
    ctx = context(text)
    return list(ctx.mounts(runs(ctx)[-1]))


def test_mount_fields() -> None:
    (cache, bind, secret) = mounts_of(
        """
        FROM python:3.12
        RUN --mount=type=cache,target=/root/.cache/pip,id=pip,sharing=locked \\
            --mount=from=build,source=/wheels,dst=/w,ro \\
            --mount=type=secret,id=token,destination=/run/t pip install x
        """
    )
    assert (cache.type, cache.target, cache.id, cache.sharing) == (
        "cache",
        "/root/.cache/pip",
        "pip",
        "locked",
    )
    assert cache.keeps_out_of_layer
    assert (bind.type, bind.from_, bind.source, bind.target) == ("bind", "build", "/wheels", "/w")
    assert not bind.keeps_out_of_layer
    assert (secret.type, secret.id, secret.target) == ("secret", "token", "/run/t")
    assert mounts_of("FROM a\nRUN --mount=type=tmpfs,target=/t x\n")[0].keeps_out_of_layer
    assert mounts_of("FROM a\nRUN x\n") == []


@pytest.mark.parametrize(
    ("text", "target", "unknown"),
    [
        (
            "ENV PIP_CACHE_DIR=/.cache\nRUN --mount=type=cache,target=${PIP_CACHE_DIR} x\n",
            "/.cache",
            False,
        ),
        (
            "ARG PIP_CACHE_DIR=/tmp/pip\nRUN --mount=type=cache,target=$PIP_CACHE_DIR x\n",
            "/tmp/pip",
            False,
        ),
        # ENV over ARG, as BuildKit does
        ("ARG D=/a\nENV D=/b\nRUN --mount=type=cache,target=$D x\n", "/b", False),
        # set after the RUN: not seen
        ("RUN --mount=type=cache,target=$D x\nENV D=/b\n", None, True),
        # from the base image's ENV: nobody knows
        ("ENV D=$HOME/c\nRUN --mount=type=cache,target=$D x\n", None, True),
        ("RUN --mount=type=cache,target=/c$UNSET x\n", None, True),
        ('RUN --mount="type=cache,target=/a,b" x\n', "/a", False),
    ],
)
def test_mount_variables(text: str, target: str | None, unknown: bool) -> None:
    (mount,) = mounts_of("FROM python:3.12\n" + text)
    assert mount.target == target
    assert ("target" in mount.unknown) is unknown


def test_mount_variables_through_the_stage_chain() -> None:
    (mount,) = mounts_of(
        "FROM a AS base\nENV C=/cache\nFROM base\nRUN --mount=type=cache,target=$C/pip x\n"
    )
    assert mount.target == "/cache/pip"


# ---------------------------------------------------------------- environment


def env_case(text: str, name: str) -> tuple[str | None, object]:
    ctx = context(text if text.startswith("FROM") else "FROM python:3.12\n" + text)
    run = runs(ctx)[-1]
    stage = ctx.stage(run)
    assert stage is not None
    cmd = next(c for c in ctx.commands(run) if c.name == "pip")
    return (
        env_setting(ctx.dockerfile, stage, run, cmd, name),
        env_known(ctx.dockerfile, stage, run, cmd, name),
    )


@pytest.mark.parametrize(
    ("text", "setting", "known"),
    [
        ("RUN pip install x\n", None, None),
        ("ENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n", "1", "1"),
        ("ARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n", "1", "1"),
        ("RUN PIP_NO_CACHE_DIR=off pip install x\n", "off", "off"),
        ("RUN export PIP_NO_CACHE_DIR=yes && pip install x\n", "yes", "yes"),
        ("RUN PIP_NO_CACHE_DIR=$X pip install x\n", "$X", UNKNOWN),
        ("ENV PIP_NO_CACHE_DIR=$X\nRUN pip install x\n", "$X", UNKNOWN),
        ("RUN pip install x\nENV PIP_NO_CACHE_DIR=1\n", None, None),
    ],
)
def test_env(text: str, setting: str | None, known: object) -> None:
    assert env_case(text, "PIP_NO_CACHE_DIR") == (setting, known)


def test_env_from_a_known_base_image() -> None:
    text = "FROM registry.access.redhat.com/ubi9/python-312-minimal:latest AS b\nFROM b\n"
    assert env_case(text + "RUN pip install x\n", "PIP_NO_CACHE_DIR") == (None, "off")
    # the Dockerfile's own ENV comes first
    assert env_case(text + "ENV PIP_NO_CACHE_DIR=\nRUN pip install x\n", "PIP_NO_CACHE_DIR") == (
        "",
        "",
    )
    assert env_case("RUN pip install x\n", "PIP_NO_CACHE_DIR") == (None, None)


def test_env_setting_is_the_one_installers_reads() -> None:
    # One copy: facts.installers re-exports run_state's reading of the environment.
    assert installers.env_setting is env_setting
    assert installers.env_reader is run_state.env_reader
    assert installers.truthy is truthy
    ctx = context(
        "FROM a AS base\nENV A=1\nFROM base\nARG B=2\nRUN export C=3 && D=4 pip install x\n"
    )
    run = runs(ctx)[-1]
    stage = ctx.stage(run)
    assert stage is not None
    cmd = ctx.commands(run)[-1]
    got = [env_setting(ctx.dockerfile, stage, run, cmd, name) for name in "ABCDE"]
    assert got == ["1", "2", "3", "4", None]
    assert run_state.env_reader(ctx.dockerfile, stage, run, cmd)("D") == "4"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("True", True), (" yes ", True), ("on", True), ("0", False), ("", False)],
)
def test_truthy(value: str, expected: bool) -> None:
    assert truthy(value) is expected
    assert installers.truthy(value) is expected
    assert not truthy(None) and not truthy(UNKNOWN)


# ---------------------------------------------------------------- stage roles


def test_stage_roles() -> None:
    df = parse(
        dedent(
            """
            FROM debian:12 AS base
            FROM base AS build
            FROM build AS test
            FROM debian:12 AS other
            FROM base AS final
            COPY --from=other /x /x
            """
        )
    )
    roles = StageRoles(df)
    shipped = [st.alias for st in df.stages if roles.ships(st)]
    assert shipped == ["base", "final"]
    assert [st.alias for st in df.stages if roles.built_on(st)] == ["base", "build"]
    assert [st.alias for st in df.stages if roles.is_final(st)] == ["final"]
    assert StageRoles(parse("")).final is None


def test_context_accessors_are_cached_and_see_onbuild() -> None:
    ctx = context(
        """
        FROM debian:12
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        ONBUILD RUN --mount=type=cache,target=/c a | b
        """
    )
    onbuild = ctx.dockerfile.instructions[-1]
    inner = onbuild.inner
    assert inner is not None
    assert ctx.run_shell(inner) is ctx.run_shell(inner)
    assert ctx.run_shell(inner).pipefail
    assert ctx.mounts(inner) is ctx.mounts(inner)
    assert ctx.mounts(inner)[0].target == "/c"
    assert ctx.stage_roles() is ctx.stage_roles()


def test_commands_keep_their_places_through_context() -> None:
    ctx = context("FROM a\nRUN a | b\n")
    first, second = ctx.commands(runs(ctx)[0])
    assert isinstance(first, SimpleCommand)
    assert (first.pipe_size, second.pipe_index, second.connector) == (2, 1, "|")

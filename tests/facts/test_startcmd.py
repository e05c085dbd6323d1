"""The effective start command of a stage, as Docker computes it from ENTRYPOINT and CMD."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.rule import Context
from dockerlint_ml.facts.startcmd import StartCommand, start_command
from tests.helpers import dedent

SLIM = "FROM python:3.12-slim\n"


def df(*lines: str) -> str:
    """A Dockerfile from its lines."""
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A Dockerfile from the slim Python base (line 1) and `lines`."""
    return SLIM + df(*lines)


def start(text: str, stage: int = -1) -> StartCommand | None:
    dockerfile = parse(dedent(text))
    return start_command(dockerfile, dockerfile.stages[stage])


# (id, Dockerfile, argv, entrypoint line, cmd line)
ARGV_CASES: list[tuple[str, str, tuple[str, ...], int | None, int | None]] = [
    ("exec cmd", app('CMD ["gunicorn", "app:app"]'), ("gunicorn", "app:app"), None, 2),
    ("shell cmd", app("CMD gunicorn app:app"), ("/bin/sh", "-c", "gunicorn app:app"), None, 2),
    (
        "exec entrypoint + exec cmd are concatenated",
        app('ENTRYPOINT ["gunicorn"]', 'CMD ["-b", "0.0.0.0:9696", "predict:app"]'),
        ("gunicorn", "-b", "0.0.0.0:9696", "predict:app"),
        2,
        3,
    ),
    (
        "exec entrypoint + shell cmd: the cmd goes through the shell",
        app('ENTRYPOINT ["tini", "--"]', "CMD gunicorn app:app"),
        ("tini", "--", "/bin/sh", "-c", "gunicorn app:app"),
        2,
        3,
    ),
    (
        "shell entrypoint ignores cmd",
        app("ENTRYPOINT gunicorn app:app", 'CMD ["--workers", "4"]'),
        ("/bin/sh", "-c", "gunicorn app:app"),
        2,
        None,
    ),
    ("entrypoint only", app('ENTRYPOINT ["python", "serve.py"]'), ("python", "serve.py"), 2, None),
    (
        "the last cmd wins",
        app('CMD ["python", "a.py"]', 'CMD ["python", "b.py"]'),
        ("python", "b.py"),
        None,
        3,
    ),
    (
        "SHELL in effect at the cmd is used",
        app('SHELL ["/bin/bash", "-lc"]', "CMD gunicorn app:app"),
        ("/bin/bash", "-lc", "gunicorn app:app"),
        None,
        3,
    ),
    (
        "a SHELL after the cmd does not change it",
        app("CMD gunicorn app:app", 'SHELL ["/bin/bash", "-c"]'),
        ("/bin/sh", "-c", "gunicorn app:app"),
        None,
        2,
    ),
    (
        "entrypoint drops the cmd inherited from the base stage",
        df(
            "FROM python:3.12-slim AS base",
            'CMD ["python", "app.py"]',
            "FROM base",
            'ENTRYPOINT ["uvicorn", "main:app"]',
        ),
        ("uvicorn", "main:app"),
        4,
        None,
    ),
    (
        "a cmd after the entrypoint in the same stage counts",
        df(
            "FROM python:3.12-slim AS base",
            'CMD ["python", "app.py"]',
            "FROM base",
            'ENTRYPOINT ["uvicorn"]',
            'CMD ["main:app"]',
        ),
        ("uvicorn", "main:app"),
        4,
        5,
    ),
    (
        "a cmd before the entrypoint in the same stage counts (BuildKit cmdSet)",
        app('CMD ["main:app"]', 'ENTRYPOINT ["uvicorn"]'),
        ("uvicorn", "main:app"),
        3,
        2,
    ),
    (
        "cmd and entrypoint inherited from the base stage",
        df(
            "FROM python:3.12-slim AS base",
            'ENTRYPOINT ["gunicorn"]',
            'CMD ["app:app"]',
            "FROM base AS final",
            "EXPOSE 8000",
        ),
        ("gunicorn", "app:app"),
        2,
        3,
    ),
    (
        "cmd in the final stage keeps the inherited entrypoint",
        df(
            "FROM python:3.12-slim AS base",
            'ENTRYPOINT ["gunicorn"]',
            'CMD ["app:app"]',
            "FROM base",
            'CMD ["-b", ":80", "app:app"]',
        ),
        ("gunicorn", "-b", ":80", "app:app"),
        2,
        5,
    ),
    (
        "shell inherited from the base stage",
        df(
            "FROM python:3.12-slim AS base",
            'SHELL ["/bin/bash", "-c"]',
            "FROM base",
            "CMD python app.py",
        ),
        ("/bin/bash", "-c", "python app.py"),
        None,
        4,
    ),
    (
        "an unrelated earlier stage does not count",
        df(
            "FROM python:3.12-slim AS build",
            'CMD ["pytest"]',
            "FROM python:3.12-slim",
            'CMD ["python", "app.py"]',
        ),
        ("python", "app.py"),
        None,
        4,
    ),
    (
        "lowercase keywords",
        df("from python:3.12-slim", "cmd gunicorn app:app"),
        ("/bin/sh", "-c", "gunicorn app:app"),
        None,
        2,
    ),
    (
        "continuation lines",
        app('ENTRYPOINT ["gunicorn", \\', '    "--bind", "0.0.0.0:80", \\', '    "app:app"]'),
        ("gunicorn", "--bind", "0.0.0.0:80", "app:app"),
        2,
        None,
    ),
    (
        "empty exec entrypoint",
        app("ENTRYPOINT []", 'CMD ["python", "app.py"]'),
        ("python", "app.py"),
        2,
        3,
    ),
    (
        "onbuild triggers are not part of the image",
        app('CMD ["python", "app.py"]', 'ONBUILD CMD ["python", "other.py"]'),
        ("python", "app.py"),
        None,
        2,
    ),
]


@pytest.mark.parametrize(
    ("text", "argv", "entry_line", "cmd_line"),
    [c[1:] for c in ARGV_CASES],
    ids=[c[0] for c in ARGV_CASES],
)
def test_argv(
    text: str, argv: tuple[str, ...], entry_line: int | None, cmd_line: int | None
) -> None:
    sc = start(text)
    assert sc is not None
    assert sc.argv == argv
    assert (sc.entrypoint.span.line if sc.entrypoint else None) == entry_line
    assert (sc.cmd.span.line if sc.cmd else None) == cmd_line


@pytest.mark.parametrize(
    "text",
    [
        SLIM + "WORKDIR /app\nEXPOSE 8000\n",
        'FROM python:3.12-slim AS build\nCMD ["pytest"]\nFROM python:3.12-slim\nWORKDIR /app\n',
        SLIM + 'ONBUILD CMD ["python", "app.py"]\n',
    ],
    ids=["no cmd", "cmd only in an unrelated stage", "onbuild only"],
)
def test_none_when_the_base_image_decides(text: str) -> None:
    assert start(text) is None


def test_ignored_cmd_of_a_shell_entrypoint() -> None:
    sc = start(SLIM + 'ENTRYPOINT exec gunicorn app:app\nCMD ["--workers", "4"]\n')
    assert sc is not None
    assert sc.cmd is None
    assert sc.ignored_cmd is not None and sc.ignored_cmd.span.line == 3
    assert [c.argv for c in sc.commands][-1][-1] == "app:app"


def test_commands_unwrap_the_shell() -> None:
    sc = start(SLIM + "CMD gunicorn -b 0.0.0.0:80 app:app\n")
    assert sc is not None
    assert [c.argv for c in sc.commands] == [("gunicorn", "-b", "0.0.0.0:80", "app:app")]
    assert sc.via_shell
    exec_form = start(SLIM + 'CMD ["gunicorn", "app:app"]\n')
    assert exec_form is not None and not exec_form.via_shell


def test_owner_maps_words_back_to_their_instruction() -> None:
    sc = start(SLIM + 'ENTRYPOINT ["gunicorn", "-b", "127.0.0.1:80"]\nCMD ["app:app"]\n')
    assert sc is not None
    entry, cmd = sc.entrypoint, sc.cmd
    assert entry is not None and cmd is not None
    assert sc.owner("gunicorn") is entry
    assert sc.owner("127.0.0.1:80") is entry
    assert sc.owner("app:app") is cmd
    assert sc.owner("missing") is None
    assert sc.instruction_at(3) is cmd
    assert sc.instructions == (entry, cmd)
    # a word inside a shell-form script is found by substring
    shell = start(SLIM + 'ENTRYPOINT ["tini", "--"]\nCMD uvicorn main:app --host 127.0.0.1\n')
    assert shell is not None and shell.cmd is not None
    assert shell.owner("127.0.0.1") is shell.cmd
    assert shell.owner("tini") is shell.entrypoint


@pytest.mark.parametrize(
    ("text", "workdir", "is_set"),
    [
        (SLIM + 'CMD ["python"]\n', "/", False),
        (SLIM + 'WORKDIR /app\nCMD ["python"]\n', "/app", True),
        (SLIM + 'WORKDIR /srv\nWORKDIR app\nCMD ["python"]\n', "/srv/app", True),
        (SLIM + 'ENV APP=/opt/app\nWORKDIR $APP\nCMD ["python"]\n', "/opt/app", True),
        (SLIM + 'ARG DIR=/build\nWORKDIR ${DIR}/src\nCMD ["python"]\n', "/build/src", True),
        (SLIM + 'WORKDIR $UNSET\nCMD ["python"]\n', None, True),
        ('FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\nCMD ["python"]\n', "/app", True),
    ],
    ids=["none", "absolute", "relative", "env", "arg", "unresolved", "inherited"],
)
def test_workdir(text: str, workdir: str | None, is_set: bool) -> None:
    sc = start(text)
    assert sc is not None
    assert sc.workdir == workdir
    assert sc.workdir_set is is_set


def test_context_caches_the_start_command() -> None:
    dockerfile = parse(SLIM + 'CMD ["python", "app.py"]\n')
    ctx = Context(dockerfile)
    stage = dockerfile.stages[-1]
    first = ctx.start_command(stage)
    assert first is not None and first is ctx.start_command(stage)
    assert first.stage is stage


def test_malformed_json_runs_as_shell() -> None:
    sc = start(SLIM + "CMD ['python', 'app.py']\n")
    assert sc is not None
    assert sc.argv == ("/bin/sh", "-c", "['python', 'app.py']")

"""DLM011 server-port-not-exposed."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A Dockerfile from a slim Python base with WORKDIR /app (lines 1-2) and `lines`."""
    return HEAD + df(*lines)


def lint(text: str, select: tuple[str, ...] = ("DLM011",)) -> list[tuple[str, int]]:
    return lint_snippet(text, select=list(select))


UVICORN = 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]'

CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("course file without its EXPOSE", COURSE.replace("EXPOSE 9696\n", ""), [("DLM011", 7)]),
    ("uvicorn with flags", app(UVICORN), [("DLM011", 3)]),
    ("uvicorn with EXPOSE", app("EXPOSE 8000", UVICORN), []),
    ("EXPOSE of another port: DLM010's", app("EXPOSE 9696", UVICORN), []),
    ("EXPOSE udp only", app("EXPOSE 8000/udp", UVICORN), []),
    ("unresolvable EXPOSE", app("EXPOSE $PORT", UVICORN), []),
    ("fastapi run default", app('CMD ["fastapi", "run", "main.py"]'), [("DLM011", 3)]),
    ("streamlit default", app('CMD ["streamlit", "run", "app.py"]'), [("DLM011", 3)]),
    (
        "gunicorn bind",
        app('ENTRYPOINT ["gunicorn", "--bind=0.0.0.0:9696", "predict:app"]'),
        [("DLM011", 3)],
    ),
    ("port from ENV", app("ENV PORT=8080", 'CMD ["gunicorn", "app:app"]'), [("DLM011", 4)]),
    ("shell form", app("CMD uvicorn main:app --host 0.0.0.0 --port 8000"), [("DLM011", 3)]),
    (
        "sh -c",
        app('CMD ["sh", "-c", "uvicorn main:app --host 0.0.0.0 --port 8000"]'),
        [("DLM011", 3)],
    ),
    (
        "through uv run",
        app('CMD ["uv", "run", "uvicorn", "m:app", "--host", "0.0.0.0"]'),
        [("DLM011", 3)],
    ),
    (
        "through pipenv run",
        app('ENTRYPOINT ["pipenv", "run", "waitress-serve", "app:app"]'),
        [("DLM011", 3)],
    ),
    ("unknown port", app("CMD gunicorn --bind 0.0.0.0:$PORT app:app"), []),
    ("config file", app('CMD ["gunicorn", "-c", "conf.py", "app:app"]'), []),
    ("unix socket", app('CMD ["gunicorn", "-b", "unix:/run/app.sock", "app:app"]'), []),
    ("unknown program", app('CMD ["python", "serve.py"]'), []),
    ("no start command", app("RUN pip install flask"), []),
    (
        "one public bind among loopback ones",
        app('CMD ["gunicorn", "-b", "127.0.0.1:8000", "-b", "0.0.0.0:9000", "app:app"]'),
        [("DLM011", 3)],
    ),
    (
        "two servers: one finding",
        app("CMD mlflow server --host 0.0.0.0 & streamlit run app.py"),
        [("DLM011", 3)],
    ),
    (
        "EXPOSE inherited from a build stage used as base",
        df("FROM python:3.12-slim AS base", "EXPOSE 8000", "FROM base", UVICORN),
        [],
    ),
    (
        "CMD inherited, no EXPOSE in the chain",
        df("FROM python:3.12-slim AS base", UVICORN, "FROM base", "RUN echo"),
        [("DLM011", 2)],
    ),
    (
        "EXPOSE in an unrelated build stage",
        df("FROM python:3.12-slim AS build", "EXPOSE 8000", "FROM python:3.12-slim", UVICORN),
        [("DLM011", 4)],
    ),
    (
        "build stage server ignored",
        df("FROM python:3.12-slim AS b", UVICORN, "FROM alpine:3.20"),
        [],
    ),
    (
        "uv image",
        df("FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim", UVICORN),
        [("DLM011", 2)],
    ),
    ("cuda image", df("FROM nvidia/cuda:12.1.0-runtime-ubuntu22.04", UVICORN), [("DLM011", 2)]),
    ("ARG base resolved", df("ARG V=3.12", "FROM python:${V}-slim", UVICORN), [("DLM011", 3)]),
    # Bases that declare their own EXPOSE, or that we know nothing about.
    (
        "jupyter stacks base",
        df("FROM jupyter/base-notebook:2024-01-01", 'CMD ["jupyter", "lab", "--ip=0.0.0.0"]'),
        [],
    ),
    ("unknown base", df("FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11", UVICORN), []),
    ("unresolvable base", df("ARG BASE", "FROM $BASE", UVICORN), []),
    (
        "lowercase",
        df("from python:3.12-slim", "cmd uvicorn main:app --host 0.0.0.0"),
        [("DLM011", 2)],
    ),
    (
        "continuation",
        app('CMD ["uvicorn", "main:app", \\', '     "--host", "0.0.0.0"]'),
        [("DLM011", 3)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(app(UVICORN), select=["DLM011"])
    assert f.message == (
        "uvicorn listens on port 8000 but no EXPOSE documents it; with or without one, "
        "`docker run` needs `-p 8000:8000`."
    )
    assert f.fix == (
        "Add `EXPOSE 8000` to the final stage, and publish with `docker run -p 8000:8000 IMAGE`."
    )
    assert f.severity.label == "info"


def test_message_names_a_default_and_the_run_time_assumption() -> None:
    [f] = findings(app('ENTRYPOINT ["fastapi", "run", "main.py"]'), select=["DLM011"])
    assert f.message == (
        "Unless `docker run` adds arguments (the ENTRYPOINT has no CMD), fastapi run listens on "
        "port 8000 (the default port of fastapi run) but no EXPOSE documents it; with or without "
        "one, `docker run` needs `-p 8000:8000`."
    )


def test_message_names_the_env() -> None:
    [f] = findings(app("ENV PORT=8080", 'CMD ["gunicorn", "app:app"]'), select=["DLM011"])
    assert "gunicorn listens on port 8080 (set by ENV PORT=8080)" in f.message


def test_several_servers_are_listed() -> None:
    [f] = findings(
        app("CMD mlflow server --host 0.0.0.0 & streamlit run app.py"), select=["DLM011"]
    )
    assert f.message.startswith("The image runs mlflow")
    assert "streamlit run on port 8501" in f.message
    assert "`-p 5000:5000 -p 8501:8501`" in f.message
    assert f.fix == (
        "Add `EXPOSE 5000 8501` to the final stage, and publish with "
        "`docker run -p 5000:5000 -p 8501:8501 IMAGE`."
    )


# One root cause, one finding: a loopback-only server is DLM009's.
ONE_ROOT_CAUSE: list[tuple[str, str, tuple[str, ...], list[tuple[str, int]]]] = [
    (
        "uvicorn default host: DLM009 alone",
        app('CMD ["uvicorn", "main:app"]'),
        ("DLM009", "DLM011"),
        [("DLM009", 3)],
    ),
    (
        "loopback from ENV: DLM009 alone, on the ENV",
        app("ENV UVICORN_HOST=127.0.0.1", 'CMD ["uvicorn", "main:app"]'),
        ("DLM009", "DLM011"),
        [("DLM009", 3)],
    ),
    (
        "--ignore DLM009 brings DLM011 back (select ALL)",
        app('CMD ["uvicorn", "main:app"]'),
        ("ALL",),
        [("DLM011", 3)],
    ),
    (
        "only DLM011 selected",
        app('CMD ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]'),
        ("DLM011",),
        [("DLM011", 3)],
    ),
    (
        "public server: both rules, different facts",
        app(UVICORN),
        ("DLM009", "DLM011"),
        [("DLM011", 3)],
    ),
]


@pytest.mark.parametrize(
    ("text", "select", "expected"),
    [c[1:] for c in ONE_ROOT_CAUSE],
    ids=[c[0] for c in ONE_ROOT_CAUSE],
)
def test_one_root_cause(
    text: str, select: tuple[str, ...], expected: list[tuple[str, int]]
) -> None:
    ignore = ["DLM009"] if select == ("ALL",) else None
    found = findings(text, select=list(select), ignore=ignore)
    assert [(f.code, f.span.line) for f in found if f.code in ("DLM009", "DLM011")] == expected


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("# a comment", [("DLM009", 4)]),
        ("# dockerlint-ml ignore=DLM009", [("DLM011", 4)]),
    ],
)
def test_suppressing_dlm009_brings_dlm011_back(
    pragma: str, expected: list[tuple[str, int]]
) -> None:
    text = app(pragma, 'CMD ["uvicorn", "main:app"]')
    assert lint_snippet(text, select=["DLM009", "DLM011", "DLM901"]) == expected


def test_loopback_message_when_dlm009_is_not_reported() -> None:
    [f] = findings(app('CMD ["uvicorn", "main:app"]'), select=["DLM011"])
    assert f.message == (
        "uvicorn listens on 127.0.0.1:8000 (loopback only) and no EXPOSE documents port 8000; "
        "`docker run -p 8000:8000` reaches it only once it listens on all interfaces."
    )
    assert f.fix == (
        "Pass `--host 0.0.0.0` to uvicorn, add `EXPOSE 8000`, and publish with "
        "`docker run -p 8000:8000 IMAGE`."
    )

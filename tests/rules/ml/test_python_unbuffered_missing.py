"""DLM109 python-unbuffered-missing."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A python:3.12-slim Dockerfile (lines 1-2) followed by `lines`."""
    return HEAD + df(*lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM109"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file: gunicorn", COURSE, [("DLM109", 8)]),
    ("python script", app('CMD ["python", "serve.py"]'), [("DLM109", 3)]),
    ("python3", app('CMD ["python3", "serve.py"]'), [("DLM109", 3)]),
    (
        "versioned python by path",
        app('CMD ["/usr/local/bin/python3.12", "serve.py"]'),
        [("DLM109", 3)],
    ),
    ("python -c", app('CMD ["python", "-c", "import app; app.main()"]'), [("DLM109", 3)]),
    ("python -m module", app('CMD ["python", "-m", "http.server"]'), [("DLM109", 3)]),
    ("shell form", app("CMD python serve.py"), [("DLM109", 3)]),
    ("sh -c", app('CMD ["sh", "-c", "python serve.py"]'), [("DLM109", 3)]),
    ("gunicorn", app('CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]'), [("DLM109", 3)]),
    ("uvicorn", app('CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'), [("DLM109", 3)]),
    ("hypercorn", app('CMD ["hypercorn", "main:app"]'), [("DLM109", 3)]),
    ("waitress", app('CMD ["waitress-serve", "--listen=*:8080", "app:app"]'), [("DLM109", 3)]),
    ("celery", app('CMD ["celery", "-A", "tasks", "worker"]'), [("DLM109", 3)]),
    ("streamlit run", app('CMD ["streamlit", "run", "app.py"]'), [("DLM109", 3)]),
    ("fastapi run", app('CMD ["fastapi", "run", "main.py"]'), [("DLM109", 3)]),
    ("flask run with options first", app('CMD ["flask", "--app", "api", "run"]'), [("DLM109", 3)]),
    ("flask subcommand that is no server", app('CMD ["flask", "db", "upgrade"]'), []),
    ("python -m flask", app('CMD ["python", "-m", "flask", "run"]'), [("DLM109", 3)]),
    ("pipenv run", app('CMD ["pipenv", "run", "python", "app.py"]'), [("DLM109", 3)]),
    ("poetry run", app('CMD ["poetry", "run", "uvicorn", "main:app"]'), [("DLM109", 3)]),
    ("uv run", app('CMD ["uv", "run", "python", "app.py"]'), [("DLM109", 3)]),
    (
        "ENTRYPOINT + CMD: on the ENTRYPOINT naming the program",
        app('ENTRYPOINT ["gunicorn"]', 'CMD ["app:app"]'),
        [("DLM109", 3)],
    ),
    ("bare python: the prompt", app('CMD ["python"]'), []),
    ("python3 with options only: the prompt", app('CMD ["python3", "-B", "-W", "ignore"]'), []),
    ("python - reads a program", app('CMD ["python", "-"]'), [("DLM109", 3)]),
    ("python -W value then script", app('CMD ["python", "-W", "ignore", "s.py"]'), [("DLM109", 3)]),
    ("python -u", app('CMD ["python", "-u", "serve.py"]'), []),
    ("python -Bu cluster", app('CMD ["python3", "-Bu", "serve.py"]'), []),
    ("python -u -m", app('CMD ["python", "-u", "-m", "flask", "run"]'), []),
    ("python -u -m in shell form", app("CMD python -u -m uvicorn main:app"), []),
    (
        "-u after the script is the script's",
        app('CMD ["python", "serve.py", "-u"]'),
        [("DLM109", 3)],
    ),
    ("ENV =1", app("ENV PYTHONUNBUFFERED=1", 'CMD ["python", "serve.py"]'), []),
    ("legacy ENV syntax", app("ENV PYTHONUNBUFFERED 1", 'CMD ["python", "serve.py"]'), []),
    ("ENV 0 counts (non-empty)", app("ENV PYTHONUNBUFFERED=0", 'CMD ["python", "serve.py"]'), []),
    ("ENV True", app("ENV PYTHONUNBUFFERED=True", 'CMD ["python", "serve.py"]'), []),
    (
        "ENV empty does not count",
        app('ENV PYTHONUNBUFFERED=""', 'CMD ["python", "serve.py"]'),
        [("DLM109", 4)],
    ),
    (
        "ENV from an ARG",
        app("ARG UNBUFFERED=1", "ENV PYTHONUNBUFFERED=${UNBUFFERED}", 'CMD ["python", "serve.py"]'),
        [],
    ),
    ("ENV from an unknown variable", app("ENV PYTHONUNBUFFERED=$X", 'CMD ["python", "a.py"]'), []),
    (
        "ARG alone does not reach the container",
        app("ARG PYTHONUNBUFFERED=1", 'CMD ["python", "serve.py"]'),
        [("DLM109", 4)],
    ),
    (
        "command env prefix",
        app('CMD ["sh", "-c", "PYTHONUNBUFFERED=1 python serve.py"]'),
        [],
    ),
    ("env wrapper", app('CMD ["env", "PYTHONUNBUFFERED=1", "python", "serve.py"]'), []),
    (
        "ENV in the base stage",
        df(
            "FROM python:3.12-slim AS base",
            "ENV PYTHONUNBUFFERED=1",
            "FROM base",
            'CMD ["python", "serve.py"]',
        ),
        [],
    ),
    (
        "ENV in a build stage does not count",
        df(
            "FROM python:3.12-slim AS build",
            "ENV PYTHONUNBUFFERED=1",
            "FROM python:3.12-slim",
            'CMD ["python", "serve.py"]',
        ),
        [("DLM109", 4)],
    ),
    (
        "CMD inherited from the base stage",
        df("FROM python:3.12-slim AS base", 'CMD ["python", "a.py"]', "FROM base", "RUN true"),
        [("DLM109", 2)],
    ),
    ("a script", app('CMD ["./start.sh"]'), []),
    ("not a Python program", app('CMD ["nginx", "-g", "daemon off;"]'), []),
    ("no start command", app("RUN pip install flask"), []),
    ("image without facts", df("FROM mycorp/base:1", 'CMD ["python", "a.py"]'), []),
    ("jupyter image: env unknown", df("FROM jupyter/base-notebook", 'CMD ["python", "a.py"]'), []),
    ("lower-case", df("from python:3.12-slim", "cmd python a.py"), [("DLM109", 2)]),
    (
        "two Python programs: one finding",
        app('CMD ["sh", "-c", "python migrate.py && gunicorn app:app"]'),
        [("DLM109", 3)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(app('CMD ["uvicorn", "main:app"]'), select=["DLM109"])
    assert f.message == (
        "`uvicorn` runs Python with stdout block-buffered: print() and stdout logs reach"
        " `docker logs` late, or never on a crash."
    )
    assert f.fix == "Add `ENV PYTHONUNBUFFERED=1` to the final stage."
    assert f.severity.label == "info"


def test_user_facts_with_env() -> None:
    text = df("FROM corp/py:1", 'CMD ["python", "a.py"]')
    images = {"corp/py": {"env": ["PATH", "PYTHONUNBUFFERED"]}}
    assert lint_snippet(text, select=["DLM109"], images=images) == []
    images = {"corp/py": {"env": ["PATH"]}}
    assert lint_snippet(text, select=["DLM109"], images=images) == [("DLM109", 2)]

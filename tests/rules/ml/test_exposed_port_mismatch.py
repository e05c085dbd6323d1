"""DLM010 exposed-port-mismatch."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml import lint_paths
from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def df(*lines: str) -> str:
    """A Dockerfile from its lines."""
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A Dockerfile from a slim Python base with WORKDIR /app (lines 1-2) and `lines`."""
    return HEAD + df(*lines)


def lint(text: str, select: tuple[str, ...] = ("DLM010",)) -> list[tuple[str, int]]:
    return lint_snippet(text, select=list(select))


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    (
        "uvicorn default port, EXPOSE 9696",
        app("EXPOSE 9696", 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'),
        [("DLM010", 4)],
    ),
    (
        "matching flag",
        app("EXPOSE 9696", 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "9696"]'),
        [],
    ),
    ("no EXPOSE", app('CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'), []),
    (
        "the port is held by the flag",
        app("EXPOSE 80", 'ENTRYPOINT ["gunicorn"]', 'CMD ["--bind", "0.0.0.0:9696", "app:app"]'),
        [("DLM010", 5)],
    ),
    ("PORT from ENV", app("ENV PORT=9696", "EXPOSE 9696", 'CMD ["gunicorn", "predict:app"]'), []),
    (
        "PORT from ENV mismatching",
        app("ENV PORT=8080", "EXPOSE 9696", 'CMD ["gunicorn", "predict:app"]'),
        [("DLM010", 3)],
    ),
    (
        "EXPOSE from a variable",
        app("ENV PORT=9696", "EXPOSE $PORT", 'CMD ["gunicorn", "predict:app"]'),
        [],
    ),
    (
        "EXPOSE from an ARG",
        app(
            "ARG APP_PORT=8000", "EXPOSE ${APP_PORT}", 'CMD ["gunicorn", "-b", ":8000", "app:app"]'
        ),
        [],
    ),
    (
        "range covers",
        app(
            "EXPOSE 8000-8010/tcp",
            'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8005"]',
        ),
        [],
    ),
    (
        "range misses",
        app(
            "EXPOSE 8000-8010", 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "9000"]'
        ),
        [("DLM010", 4)],
    ),
    (
        "several ports on one line",
        app("EXPOSE 80 443 8501", 'CMD ["streamlit", "run", "app.py"]'),
        [],
    ),
    (
        "udp does not cover tcp",
        app("EXPOSE 8501/udp", 'CMD ["streamlit", "run", "app.py"]'),
        [("DLM010", 4)],
    ),
    (
        "streamlit default",
        app("EXPOSE 8080", 'CMD ["streamlit", "run", "app.py"]'),
        [("DLM010", 4)],
    ),
    (
        "streamlit port from ENV",
        app("ENV STREAMLIT_SERVER_PORT=8080", "EXPOSE 8080", 'CMD ["streamlit", "run", "app.py"]'),
        [],
    ),
    ("waitress default 8080", app("EXPOSE 8080", 'CMD ["waitress-serve", "app:app"]'), []),
    (
        "waitress listen",
        app("EXPOSE 8080", 'CMD ["waitress-serve", "--listen=*:9696", "app:app"]'),
        [("DLM010", 4)],
    ),
    (
        "waitress with an option it rejects",
        app("EXPOSE 5000", 'ENTRYPOINT ["waitress", "--bind = 127.0.0.1:5000", "app:app"]'),
        [],
    ),
    ("unresolvable EXPOSE", app("EXPOSE $PORT", 'CMD ["uvicorn", "main:app"]'), []),
    ("unresolvable port", app("EXPOSE 8000", "CMD gunicorn --bind 0.0.0.0:$PORT app:app"), []),
    (
        "config file",
        app("EXPOSE 9696", 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "app:app"]'),
        [],
    ),
    (
        "unix socket",
        app("EXPOSE 80", 'CMD ["gunicorn", "-b", "unix:/run/app.sock", "app:app"]'),
        [],
    ),
    (
        "EXPOSE inherited",
        df(
            "FROM python:3.12-slim AS base",
            "EXPOSE 9696",
            "FROM base",
            'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
        ),
        [("DLM010", 4)],
    ),
    (
        "CMD inherited",
        df(
            "FROM python:3.12-slim AS base",
            'CMD ["flask", "run", "--host", "0.0.0.0"]',
            "FROM base",
            "EXPOSE 5000",
        ),
        [],
    ),
    (
        "build stage EXPOSE ignored",
        df(
            "FROM python:3.12-slim AS build",
            "EXPOSE 1234",
            "FROM python:3.12-slim",
            'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
        ),
        [],
    ),
    (
        "one of several binds exposed",
        app("EXPOSE 8000", 'CMD ["gunicorn", "-b", ":8000", "-b", ":9100", "app:app"]'),
        [],
    ),
    (
        "lowercase",
        df("from python:3.12-slim", "expose 9696", "cmd uvicorn main:app --host 0.0.0.0"),
        [("DLM010", 3)],
    ),
    (
        "continuation",
        app(
            "EXPOSE 9696",
            'CMD ["uvicorn", "main:app", \\',
            '     "--host", "0.0.0.0", \\',
            '     "--port", "8080"]',
        ),
        [("DLM010", 4)],
    ),
    (
        "port from ENV of the server",
        app(
            "ENV UVICORN_PORT=8080",
            "EXPOSE 9696",
            'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
        ),
        [("DLM010", 3)],
    ),
    ("jupyter default", app("EXPOSE 8888", 'CMD ["jupyter", "lab", "--ip=0.0.0.0"]'), []),
    (
        "mlflow default",
        app("EXPOSE 5001", 'CMD ["mlflow", "server", "--host", "0.0.0.0"]'),
        [("DLM010", 4)],
    ),
    ("unknown program", app("EXPOSE 9696", 'CMD ["python", "serve.py"]'), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


# One root cause, one finding: a server DLM009 reports (loopback only) carries the port fact
# in DLM009's message; DLM010 speaks for it only when DLM009 does not run.
ONE_ROOT_CAUSE: list[tuple[str, str, tuple[str, ...], list[tuple[str, int]]]] = [
    (
        "uvicorn default host and port: DLM009 alone",
        app("EXPOSE 9696", 'CMD ["uvicorn", "main:app"]'),
        ("DLM009", "DLM010"),
        [("DLM009", 4)],
    ),
    (
        "gunicorn without --bind (baseline TimBeckerAachen capstone): DLM009 alone",
        app("EXPOSE 9696", 'ENTRYPOINT ["gunicorn", "predict:app"]'),
        ("DLM009", "DLM010"),
        [("DLM009", 4)],
    ),
    (
        "loopback --bind on a port outside EXPOSE: DLM009 alone",
        app("EXPOSE 9696", 'CMD ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]'),
        ("DLM009", "DLM010"),
        [("DLM009", 4)],
    ),
    (
        "--ignore DLM009 brings DLM010 back (select ALL)",
        app("EXPOSE 9696", 'CMD ["uvicorn", "main:app"]'),
        ("ALL",),
        [("DLM010", 4)],
    ),
    (
        "only DLM010 selected",
        app("EXPOSE 9696", 'ENTRYPOINT ["gunicorn", "predict:app"]'),
        ("DLM010",),
        [("DLM010", 4)],
    ),
    (
        "public bind on another port (baseline kabiromohd): DLM010 stays",
        app(
            "EXPOSE 9690",
            'ENTRYPOINT ["pipenv", "run", "gunicorn", "--bind=0.0.0.0:6090", "p:app"]',
        ),
        ("DLM009", "DLM010"),
        [("DLM010", 4)],
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
    assert [(f.code, f.span.line) for f in found if f.code in ("DLM009", "DLM010")] == expected


def test_ignore_dlm009_message_states_the_run_time_assumptions() -> None:
    [f] = findings(
        HEAD + 'EXPOSE 9696\nENTRYPOINT ["gunicorn", "predict:app"]\n', select=["DLM010"]
    )
    assert f.message == (
        "Unless PORT is set at run time (as Heroku and Cloud Run do) or `docker run` adds "
        "arguments (the ENTRYPOINT has no CMD), gunicorn listens on port 8000 (the default "
        "port of gunicorn) but EXPOSE declares only 9696, so the published port reaches no "
        "server."
    )
    assert f.fix == "Make gunicorn listen on 9696 (`--bind 0.0.0.0:9696`), or EXPOSE 8000."


def test_engine_tells_rules_what_runs() -> None:
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.engine.lint import lint as run
    from dockerlint_ml.rules.ml.exposed_port_mismatch import ExposedPortMismatch

    text = HEAD + 'EXPOSE 9696\nCMD ["uvicorn", "main:app"]\n'
    found = run(parse(text, "Dockerfile"), [ExposedPortMismatch()]).findings
    assert [(f.code, f.span.line) for f in found] == [("DLM010", 4)]


def test_message_and_fix() -> None:
    [f] = findings(
        HEAD + 'EXPOSE 9696\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n',
        select=["DLM010"],
    )
    assert f.message == (
        "uvicorn listens on port 8000 (the default port of uvicorn) but EXPOSE declares only "
        "9696, so the published port reaches no server."
    )
    assert f.fix == "Make uvicorn listen on 9696 (`--port 9696`), or EXPOSE 8000."
    assert f.severity.label == "warning"


def test_message_names_the_flag_and_every_exposed_word() -> None:
    [f] = findings(
        HEAD + 'EXPOSE 80 8000-8010/udp\nCMD ["gunicorn", "--bind=0.0.0.0:9696", "app:app"]\n',
        select=["DLM010"],
    )
    assert "gunicorn listens on port 9696 (set by `--bind=0.0.0.0:9696`)" in f.message
    assert "EXPOSE declares only 80, 8000-8010/udp" in f.message
    assert f.fix == "Make gunicorn listen on 80 (`--bind 0.0.0.0:80`), or EXPOSE 9696."


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("# a comment", [("DLM009", 6)]),
        ("# dockerlint-ml ignore=DLM009", [("DLM010", 6)]),
        ("# dockerlint-ml ignore=server-bound-to-localhost", [("DLM010", 6)]),
    ],
)
def test_suppressing_dlm009_brings_dlm010_back(
    pragma: str, expected: list[tuple[str, int]]
) -> None:
    text = (
        f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 9696\n{pragma}\n"
        'CMD ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]\n'
    )
    assert lint_snippet(text, select=["DLM009", "DLM010", "DLM901"]) == expected


def test_per_file_ignore_of_dlm009_brings_dlm010_back(tmp_path: Path) -> None:
    root = tmp_path
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 9696\n"
        'CMD ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]\n',
        "utf-8",
    )
    (root / ".dockerlint-ml.toml").write_text(
        'per-file-ignores = { "Dockerfile" = ["DLM009"] }\n', "utf-8"
    )
    result = lint_paths([str(root / "Dockerfile")], select=["DLM009", "DLM010"])
    assert [(f.code, f.span.line) for f in result.findings] == [("DLM010", 5)]

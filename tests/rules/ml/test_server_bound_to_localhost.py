"""DLM009 server-bound-to-localhost."""

from __future__ import annotations

import pytest

from dockerlint_ml.facts.servers import SERVERS
from dockerlint_ml.rules.ml.server_bound_to_localhost import ServerBoundToLocalhost
from tests.helpers import COURSE, dedent, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def df(*lines: str) -> str:
    """A Dockerfile from its lines."""
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A Dockerfile from a slim Python base with WORKDIR /app (lines 1-2) and `lines`."""
    return HEAD + df(*lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM009"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    (
        "PORT in ENV binds 0.0.0.0:$PORT",
        app("ENV PORT=9696", 'CMD ["gunicorn", "predict:app"]'),
        [],
    ),
    (
        "bind in the CMD of a gunicorn ENTRYPOINT",
        app('ENTRYPOINT ["gunicorn"]', 'CMD ["-b", "0.0.0.0:9696", "predict:app"]'),
        [],
    ),
    ("config file given", app('CMD ["gunicorn", "-c", "gunicorn.conf.py", "predict:app"]'), []),
    ("waitress --listen=*", app('CMD ["waitress-serve", "--listen=*:9696", "predict:app"]'), []),
    ("waitress default", app('CMD ["waitress-serve", "predict:app"]'), []),
    ("streamlit default", app('CMD ["streamlit", "run", "app.py"]'), []),
    ("shell form default bind", app("CMD gunicorn app:app"), [("DLM009", 3)]),
    ("uvicorn default", app('CMD ["uvicorn", "main:app"]'), [("DLM009", 3)]),
    ("uvicorn --host 0.0.0.0", app('CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'), []),
    (
        "pipenv run unwrapped",
        app('ENTRYPOINT ["pipenv", "run", "gunicorn", "predict:app"]'),
        [("DLM009", 3)],
    ),
    (
        "pipenv run with a bind",
        app('ENTRYPOINT ["pipenv", "run", "gunicorn", "--bind=0.0.0.0:6090", "predict:app"]'),
        [],
    ),
    (
        "lowercase",
        df("from python:3.12-slim", "workdir /app", 'cmd ["uvicorn", "main:app"]'),
        [("DLM009", 3)],
    ),
    (
        "continuation lines",
        app('CMD ["gunicorn", \\', '     "--bind", "127.0.0.1:8000", \\', '     "app:app"]'),
        [("DLM009", 3)],
    ),
    (
        "explicit loopback in the CMD under an ENTRYPOINT",
        app('ENTRYPOINT ["gunicorn"]', 'CMD ["--bind", "localhost:9696", "predict:app"]'),
        [("DLM009", 4)],
    ),
    (
        "default bind: the instruction naming the server",
        app('ENTRYPOINT ["gunicorn", "--workers", "2"]', 'CMD ["predict:app"]'),
        [("DLM009", 3)],
    ),
    (
        "host from ENV",
        app("ENV UVICORN_HOST=127.0.0.1", "EXPOSE 8000", 'CMD ["uvicorn", "main:app"]'),
        [("DLM009", 3)],
    ),
    (
        "ENV overridden by the flag",
        app("ENV UVICORN_HOST=127.0.0.1", 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]'),
        [],
    ),
    ("ENV host all interfaces", app("ENV UVICORN_HOST=0.0.0.0", 'CMD ["uvicorn", "main:app"]'), []),
    (
        "ARG does not count",
        app("ARG PORT=9696", 'CMD ["gunicorn", "predict:app"]'),
        [("DLM009", 4)],
    ),
    (
        "CMD inherited from the base stage",
        df(
            "FROM python:3.12-slim AS base",
            "WORKDIR /app",
            'CMD ["uvicorn", "main:app"]',
            "FROM base AS final",
            "EXPOSE 8000",
        ),
        [("DLM009", 3)],
    ),
    (
        "build stages are ignored",
        df(
            "FROM python:3.12-slim AS test",
            'CMD ["uvicorn", "main:app"]',
            "FROM python:3.12-slim",
            'CMD ["python", "batch.py"]',
        ),
        [],
    ),
    (
        "ENTRYPOINT of the final stage drops an inherited CMD",
        df(
            "FROM python:3.12-slim AS base",
            'CMD ["uvicorn", "main:app"]',
            "FROM base",
            'ENTRYPOINT ["python", "batch.py"]',
        ),
        [],
    ),
    ("flask run default", app('CMD ["flask", "run"]'), [("DLM009", 3)]),
    (
        "python -m flask run --host=0.0.0.0",
        app('CMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]'),
        [],
    ),
    ("FLASK_RUN_HOST", app("ENV FLASK_RUN_HOST=0.0.0.0", 'CMD ["flask", "run"]'), []),
    ("jupyter default", app('CMD ["jupyter", "lab", "--no-browser"]'), [("DLM009", 3)]),
    (
        "jupyter --ip",
        app('CMD ["jupyter-lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]'),
        [],
    ),
    (
        "jupyter docker-stacks image",
        df("FROM quay.io/jupyter/base-notebook:2024-05-27", 'CMD ["jupyter", "lab"]'),
        [],
    ),
    (
        "mlflow server default",
        app('CMD ["mlflow", "server", "--backend-store-uri", "sqlite:///mlflow.db"]'),
        [("DLM009", 3)],
    ),
    ("mlflow MLFLOW_HOST", app("ENV MLFLOW_HOST=0.0.0.0", 'CMD ["mlflow", "ui"]'), []),
    (
        "mlflow models serve -h",
        app('CMD ["mlflow", "models", "serve", "-m", "model", "-h", "0.0.0.0"]'),
        [],
    ),
    ("tensorboard default", app('CMD ["tensorboard", "--logdir", "logs"]'), [("DLM009", 3)]),
    ("tensorboard --bind_all", app('CMD ["tensorboard", "--logdir", "logs", "--bind_all"]'), []),
    ("bentoml default", app('CMD ["bentoml", "serve", "service:Svc"]'), []),
    (
        "bentoml BENTOML_HOST loopback",
        app("ENV BENTOML_HOST=127.0.0.1", 'CMD ["bentoml", "serve", "service:Svc"]'),
        [("DLM009", 3)],
    ),
    ("fastapi run", app('CMD ["fastapi", "run", "main.py"]'), []),
    ("fastapi dev", app('CMD ["fastapi", "dev", "main.py"]'), [("DLM009", 3)]),
    ("hypercorn default", app('CMD ["hypercorn", "main:app"]'), [("DLM009", 3)]),
    ("hypercorn -b 0.0.0.0", app('CMD ["hypercorn", "-b", "0.0.0.0:80", "main:app"]'), []),
    ("daphne default", app('CMD ["daphne", "proj.asgi:application"]'), [("DLM009", 3)]),
    (
        "daphne -b 0.0.0.0",
        app('CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "proj.asgi:application"]'),
        [],
    ),
    ("http.server", app('CMD ["python", "-m", "http.server", "8000"]'), []),
    (
        "http.server --bind 127.0.0.1",
        app('CMD ["python3", "-m", "http.server", "--bind", "127.0.0.1"]'),
        [("DLM009", 3)],
    ),
    (
        "gunicorn.conf.py copied",
        app("COPY gunicorn.conf.py app.py ./", 'CMD ["gunicorn", "app:app"]'),
        [],
    ),
    ("whole context copied", app("COPY . .", 'CMD ["gunicorn", "app:app"]'), []),
    (
        "conf copied elsewhere",
        app("COPY gunicorn.conf.py /etc/gunicorn/", 'CMD ["gunicorn", "app:app"]'),
        [("DLM009", 4)],
    ),
    ("unresolved variable", app("CMD gunicorn --bind $BIND app:app"), []),
    (
        "exec form keeps $VAR literal",
        app("ENV HOST=127.0.0.1", 'CMD ["uvicorn", "main:app", "--host", "$HOST"]'),
        [],
    ),
    (
        "shell form expands $VAR",
        app("ENV HOST=127.0.0.1", "CMD uvicorn main:app --host $HOST"),
        [("DLM009", 4)],
    ),
    ("unix socket", app('CMD ["gunicorn", "--bind", "unix:/run/app.sock", "app:app"]'), []),
    ("uvicorn --uds", app('CMD ["uvicorn", "main:app", "--uds", "/run/app.sock"]'), []),
    ("unknown program", app('CMD ["python", "serve.py"]'), []),
    (
        "entrypoint script",
        app('ENTRYPOINT ["/docker-entrypoint.sh"]', 'CMD ["gunicorn", "app:app"]'),
        [],
    ),
    ("no CMD", app("EXPOSE 8000"), []),
    (
        "two loopback binds",
        app('CMD ["gunicorn", "-b", "127.0.0.1:80", "-b", "[::1]:80", "app:app"]'),
        [("DLM009", 3)],
    ),
    (
        "one public bind",
        app('CMD ["gunicorn", "-b", "127.0.0.1:80", "-b", "0.0.0.0:81", "app:app"]'),
        [],
    ),
    (
        "tini ENTRYPOINT",
        app('ENTRYPOINT ["tini", "--"]', 'CMD ["uvicorn", "main:app"]'),
        [("DLM009", 4)],
    ),
    (
        "sh -c with exec",
        app('CMD ["sh", "-c", "python migrate.py && exec gunicorn app:app"]'),
        [("DLM009", 3)],
    ),
    (
        "uv run",
        app('CMD ["uv", "run", "uvicorn", "src.app:app", "--host", "0.0.0.0", "--port", "8000"]'),
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


LOOPBACK = "a loopback address that nothing outside the container can reach"
UNLESS_PORT = "Unless PORT is set at run time (as Heroku and Cloud Run do)"
UNLESS_ARGS = "`docker run` adds arguments (the ENTRYPOINT has no CMD)"
GUNICORN_DEFAULT = (
    "gunicorn listens only on 127.0.0.1:8000 (its default: no `--bind` given, no `PORT` in "
    "the image's ENV)"
)
UVICORN_DEFAULT = (
    "uvicorn listens only on 127.0.0.1:8000 (its default: no `--host` given, `UVICORN_HOST` "
    "not set)"
)
GUNICORN_FIX_8000 = (
    "Listen on all interfaces: pass `--bind 0.0.0.0:8000` to gunicorn, or, to keep honouring "
    "a PORT set at run time, set ENV PORT=8000."
)
GUNICORN_FIX_9696 = GUNICORN_FIX_8000.replace("8000", "9696")

# (case, Dockerfile, line, message, fix): the classes of the precision review.
MESSAGES: list[tuple[str, str, int, str, str]] = [
    (
        "gunicorn default: the PORT a platform sets at run time is an assumption",
        app('CMD ["gunicorn", "predict:app"]'),
        3,
        f"{UNLESS_PORT}, {GUNICORN_DEFAULT}, {LOOPBACK}.",
        GUNICORN_FIX_8000,
    ),
    (
        "Heroku-style ENTRYPOINT without --bind and EXPOSE 5501 (baseline ada-nai)",
        app("EXPOSE 5501", 'ENTRYPOINT [ "gunicorn", "predict:app"]'),
        4,
        f"{UNLESS_PORT} or {UNLESS_ARGS}, {GUNICORN_DEFAULT}, {LOOPBACK}; port 8000 is not "
        "exposed either (EXPOSE declares only 5501).",
        GUNICORN_FIX_8000.replace("8000", "5501"),
    ),
    (
        "no bind, EXPOSE 9696: the hint proposes the exposed port (baseline TimBeckerAachen)",
        app("EXPOSE 9696", 'CMD ["gunicorn", "predict:app"]'),
        4,
        f"{UNLESS_PORT}, {GUNICORN_DEFAULT}, {LOOPBACK}; port 8000 is not exposed either "
        "(EXPOSE declares only 9696).",
        GUNICORN_FIX_9696,
    ),
    (
        "ENTRYPOINT with no CMD takes its arguments at run time (baseline NVIDIA chain server)",
        df(
            "FROM nvcr.io/nvidia/base/ubuntu:22.04_20240212",
            "WORKDIR /opt",
            'ENTRYPOINT ["uvicorn", "RAG.src.chain_server.server:app"]',
        ),
        3,
        f"Unless {UNLESS_ARGS}, {UVICORN_DEFAULT}, {LOOPBACK}.",
        "Listen on all interfaces: pass `--host 0.0.0.0` to uvicorn.",
    ),
    (
        "uvicorn default port outside EXPOSE: host and port flags in one hint",
        app("EXPOSE 9696", 'CMD ["uvicorn", "main:app"]'),
        4,
        f"{UVICORN_DEFAULT}, {LOOPBACK}; port 8000 is not exposed either (EXPOSE declares "
        "only 9696).",
        "Listen on all interfaces: pass `--host 0.0.0.0 --port 9696` to uvicorn.",
    ),
    (
        "loopback --bind on a port outside EXPOSE: one flag explains both",
        app("EXPOSE 9696", 'CMD ["gunicorn", "--bind", "127.0.0.1:5000", "app:app"]'),
        4,
        f"gunicorn listens only on 127.0.0.1:5000 (set by `--bind 127.0.0.1:5000`), {LOOPBACK}; "
        "port 5000 is not exposed either (EXPOSE declares only 9696).",
        "Listen on all interfaces: pass `--bind 0.0.0.0:9696` to gunicorn.",
    ),
    (
        "explicit localhost bind on the exposed port, ENTRYPOINT no CMD (baseline TP Leila)",
        app("EXPOSE 8889", 'ENTRYPOINT ["gunicorn", "--bind", "localhost:8889", "predict:app"]'),
        4,
        f"gunicorn listens only on localhost:8889 (set by `--bind localhost:8889`), {LOOPBACK}.",
        "Listen on all interfaces: pass `--bind 0.0.0.0:8889` to gunicorn.",
    ),
    (
        "jupyter default CMD (baseline TP zero-to-jupyterhub)",
        app("EXPOSE 8888", 'CMD ["jupyter", "lab"]'),
        4,
        f"jupyter listens only on localhost:8888 (its default: no `--ip` given), {LOOPBACK}.",
        "Listen on all interfaces: pass `--ip 0.0.0.0` to jupyter.",
    ),
    (
        "a CMD under the ENTRYPOINT: no run-time argument assumption",
        app('ENTRYPOINT ["uvicorn"]', 'CMD ["main:app"]'),
        3,
        f"{UVICORN_DEFAULT}, {LOOPBACK}.",
        "Listen on all interfaces: pass `--host 0.0.0.0` to uvicorn.",
    ),
    (
        "a shell-form ENTRYPOINT takes no run-time arguments",
        app("ENTRYPOINT uvicorn main:app"),
        3,
        f"{UVICORN_DEFAULT}, {LOOPBACK}.",
        "Listen on all interfaces: pass `--host 0.0.0.0` to uvicorn.",
    ),
    (
        "sh -c in an exec ENTRYPOINT takes no run-time arguments",
        app('ENTRYPOINT ["sh", "-c", "exec uvicorn main:app"]'),
        3,
        f"{UVICORN_DEFAULT}, {LOOPBACK}.",
        "Listen on all interfaces: pass `--host 0.0.0.0` to uvicorn.",
    ),
    (
        "fastapi dev: the port flag goes before the remark",
        app("EXPOSE 9696", 'CMD ["fastapi", "dev", "main.py"]'),
        4,
        "fastapi dev listens only on 127.0.0.1:8000 (its default: no `--host` given), "
        f"{LOOPBACK}; port 8000 is not exposed either (EXPOSE declares only 9696).",
        "Listen on all interfaces: pass `--host 0.0.0.0 --port 9696` to fastapi dev (or use "
        "`fastapi run`).",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message", "fix"),
    [c[1:] for c in MESSAGES],
    ids=[c[0] for c in MESSAGES],
)
def test_messages_and_fixes(text: str, line: int, message: str, fix: str) -> None:
    [f] = findings(text, select=["DLM009"])
    assert (f.code, f.span.line) == ("DLM009", line)
    assert f.message == message
    assert f.fix == fix
    assert f.severity.label == "error"


def test_message_and_fix_for_a_flag() -> None:
    [f] = findings(
        HEAD + 'CMD ["uvicorn", "main:app", "--host", "127.0.0.1", "--port", "9696"]\n',
        select=["DLM009"],
    )
    assert "uvicorn listens only on 127.0.0.1:9696 (set by `--host 127.0.0.1`)" in f.message
    assert f.fix == "Listen on all interfaces: pass `--host 0.0.0.0` to uvicorn."


def test_message_and_fix_for_env() -> None:
    [f] = findings(
        HEAD + 'ENV UVICORN_HOST=localhost\nCMD ["uvicorn", "main:app"]\n', select=["DLM009"]
    )
    assert "(set by ENV UVICORN_HOST=localhost)" in f.message
    assert f.fix == "Set UVICORN_HOST=0.0.0.0, or pass `--host 0.0.0.0` to uvicorn."
    assert f.span.line == 3


def test_message_lists_every_address() -> None:
    [f] = findings(
        HEAD + 'CMD ["gunicorn", "-b", "127.0.0.1:80", "-b", "[::1]:80", "app:app"]\n',
        select=["DLM009"],
    )
    assert "127.0.0.1:80 and [::1]:80" in f.message


def test_docs_show_the_server_table() -> None:
    docs = ServerBoundToLocalhost.docs()
    assert "{servers}" not in docs
    for server in SERVERS:
        assert f"| {server.title} |" in docs
        for source in server.sources:
            assert source in docs


def test_every_server_title_appears_in_messages() -> None:
    text = dedent(
        """
        FROM python:3.12-slim
        CMD ["sh", "-c", "mlflow ui & tensorboard --logdir l & exec flask run"]
        """
    )
    messages = [f.message.split(" listens")[0] for f in findings(text, select=["DLM009"])]
    assert messages == ["mlflow", "tensorboard", "flask run"]

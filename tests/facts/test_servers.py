"""The server table: recognising servers and computing where they listen."""

from __future__ import annotations

import shlex

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts.servers import (
    SERVERS,
    Listener,
    _through_shell,
    analyse,
    env_instruction,
    exposed_ports,
    is_loopback,
    listeners,
    markdown_table,
    match,
    run_time_assumptions,
    takes_run_time_arguments,
    uncovered_ports,
)
from dockerlint_ml.facts.shell import SimpleCommand, from_argv
from dockerlint_ml.facts.startcmd import start_command
from tests.helpers import dedent


def df(*lines: str) -> str:
    """Dockerfile lines after the slim base FROM of `listen`."""
    return "".join(line + "\n" for line in lines)


def cmd(line: str) -> SimpleCommand:
    return SimpleCommand(argv=tuple(shlex.split(line)))


def test_table_is_well_formed() -> None:
    keys = [s.key for s in SERVERS]
    assert len(keys) == len(set(keys))
    for server in SERVERS:
        assert server.invocations, server.key
        assert 0 < server.default_port < 65536
        assert server.sources, f"{server.key} has no source"
        assert server.fix_host and server.fix_port, server.key
        flags = server.host_flags + server.port_flags + server.bind_flags
        flags += server.all_interfaces_flags + server.endpoint_flags
        assert flags or server.positional_port, server.key


def test_markdown_table_has_a_row_and_sources_per_server() -> None:
    table = markdown_table()
    rows = table.splitlines()
    assert len(rows) == 2 + len(SERVERS)
    for server, row in zip(SERVERS, rows[2:], strict=True):
        assert row.startswith(f"| {server.title} |")
        assert row.count(" | ") == 6  # seven columns, pipes in cells escaped
        for source in server.sources:
            assert source in row


MATCH_CASES: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("gunicorn app:app", "gunicorn", ("app:app",)),
    ("/usr/local/bin/gunicorn -b :80 app:app", "gunicorn", ("-b", ":80", "app:app")),
    ("uvicorn main:app", "uvicorn", ("main:app",)),
    ("flask run --host 0.0.0.0", "flask", ("--host", "0.0.0.0")),
    ("flask --app api run", "flask", ("--app", "api")),
    ("flask routes", None, ()),
    ("streamlit run app.py", "streamlit", ("app.py",)),
    ("streamlit hello", None, ()),
    ("jupyter lab --ip=0.0.0.0", "jupyter", ("--ip=0.0.0.0",)),
    ("jupyter-notebook", "jupyter", ()),
    ("jupyter nbconvert x.ipynb", None, ()),
    ("mlflow server -h 0.0.0.0", "mlflow", ("-h", "0.0.0.0")),
    ("mlflow ui", "mlflow", ()),
    ("mlflow models serve -m runs:/1/model", "mlflow", ("-m", "runs:/1/model")),
    ("mlflow run .", None, ()),
    ("tensorboard --logdir logs", "tensorboard", ("--logdir", "logs")),
    ("bentoml serve service:Svc", "bentoml", ("service:Svc",)),
    ("bentoml build", None, ()),
    ("fastapi run main.py", "fastapi-run", ("main.py",)),
    ("fastapi dev main.py", "fastapi-dev", ("main.py",)),
    ("waitress-serve --listen=*:9696 app:app", "waitress", ("--listen=*:9696", "app:app")),
    ("hypercorn main:app", "hypercorn", ("main:app",)),
    ("daphne proj.asgi:application", "daphne", ("proj.asgi:application",)),
    ("http.server 8080", "http.server", ("8080",)),
    ("python app.py", None, ()),
]


@pytest.mark.parametrize(("line", "key", "args"), MATCH_CASES, ids=[c[0] for c in MATCH_CASES])
def test_match(line: str, key: str | None, args: tuple[str, ...]) -> None:
    found = match(cmd(line))
    if key is None:
        assert found is None
    else:
        assert found is not None
        assert found.__class__ is tuple
        server, rest = found
        assert (server.key, rest) == (key, args)


UNWRAP_CASES: list[tuple[str, tuple[str, ...]]] = [
    ("pipenv run gunicorn app:app", ("gunicorn", "app:app")),
    ("poetry run uvicorn main:app", ("uvicorn", "main:app")),
    ("uv run --no-sync uvicorn main:app", ("uvicorn", "main:app")),
    ("uv run --with gunicorn gunicorn app:app", ("gunicorn", "app:app")),
    ("conda run -n ml --no-capture-output mlflow ui", ("mlflow", "ui")),
    ("python -m flask run", ("flask", "run")),
    ("python3.11 -u -m uvicorn main:app", ("uvicorn", "main:app")),
    ("python -m http.server 8080", ("http.server", "8080")),
    ("tini -- gunicorn app:app", ("gunicorn", "app:app")),
    ("dumb-init gunicorn app:app", ("gunicorn", "app:app")),
    ("gosu app gunicorn app:app", ("gunicorn", "app:app")),
    ("exec gunicorn app:app", ("gunicorn", "app:app")),
    ("env PORT=80 gunicorn app:app", ("gunicorn", "app:app")),
    ("python app.py", ("python", "app.py")),
]


@pytest.mark.parametrize(("line", "argv"), UNWRAP_CASES, ids=[c[0] for c in UNWRAP_CASES])
def test_launchers_are_peeled_before_matching(line: str, argv: tuple[str, ...]) -> None:
    # Start commands reach the server table through shell.from_argv, which unwraps them.
    [found] = from_argv(shlex.split(line))
    assert found.argv == argv
    assert not _through_shell(found)


def test_unwrapping_keeps_env_and_enters_shells() -> None:
    [found] = from_argv(shlex.split("env PORT=80 gunicorn app:app"))
    assert found.env_value("PORT") == "80"
    nested = from_argv(shlex.split("sh -c 'python migrate.py && exec gunicorn app:app'"))
    assert [(c.argv, _through_shell(c)) for c in nested] == [
        (("python", "migrate.py"), True),
        (("gunicorn", "app:app"), True),
    ]


@pytest.mark.parametrize(
    ("host", "loop"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("", False),
        ("::", False),
        ("10.0.0.5", False),
        ("myhost", False),
    ],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def where(line: str, env: dict[str, str] | None = None, **kw: object) -> list[str]:
    """host:port of each address of the server in `line` ("?" for unknown, "*" for all)."""
    found = match(cmd(line))
    assert found is not None
    server, args = found
    addresses, _config, undecidable = analyse(server, args, env or {}, **kw)  # type: ignore[arg-type]
    if undecidable:
        return ["undecidable"]
    out = []
    for a in addresses:
        host = "?" if a.host is None else (a.host or "*")
        port = "?" if a.port is None else str(a.port)
        out.append(f"{host}:{port}")
    return out


ADDRESS_CASES: list[tuple[str, dict[str, str], list[str]]] = [
    # gunicorn
    ("gunicorn app:app", {}, ["127.0.0.1:8000"]),
    ("gunicorn app:app", {"PORT": "9696"}, ["*:9696"]),
    ("gunicorn -b :9696 app:app", {}, ["*:9696"]),
    ("gunicorn -b 0.0.0.0 app:app", {}, ["*:8000"]),
    ("gunicorn --bind=0.0.0.0:9696 app:app", {}, ["*:9696"]),
    ("gunicorn -b0.0.0.0:81 app:app", {}, ["*:81"]),
    ("gunicorn --bind localhost:8889 app:app", {}, ["localhost:8889"]),
    ("gunicorn -b 127.0.0.1:80 -b [::1]:80 app:app", {}, ["127.0.0.1:80", "::1:80"]),
    ("gunicorn -b unix:/tmp/g.sock app:app", {}, []),
    ("gunicorn -b unix:/tmp/g.sock -b 127.0.0.1:80 app:app", {}, ["127.0.0.1:80"]),
    ("gunicorn -b tcp://0.0.0.0:90 app:app", {}, ["*:90"]),
    ("gunicorn -b 127.0.0.1 app:app", {"PORT": "9000"}, ["127.0.0.1:8000"]),
    ("gunicorn app:app", {"GUNICORN_CMD_ARGS": "--bind=0.0.0.0:7000 --workers 2"}, ["*:7000"]),
    ("gunicorn -b :1 app:app", {"GUNICORN_CMD_ARGS": "-b 127.0.0.1:2"}, ["*:1"]),
    ("gunicorn -c gunicorn.conf.py app:app", {}, ["?:?"]),
    ("gunicorn -c conf.py -b 127.0.0.1:80 app:app", {}, ["127.0.0.1:80"]),
    ("gunicorn app:app", {"GUNICORN_CMD_ARGS": "-c /etc/g.py"}, ["?:?"]),
    # uvicorn
    ("uvicorn main:app", {}, ["127.0.0.1:8000"]),
    ("uvicorn main:app --host 0.0.0.0", {}, ["*:8000"]),
    ("uvicorn main:app --host=0.0.0.0 --port=9696", {}, ["*:9696"]),
    ("uvicorn main:app", {"UVICORN_HOST": "0.0.0.0", "UVICORN_PORT": "81"}, ["*:81"]),
    ("uvicorn main:app --host 127.0.0.1", {"UVICORN_HOST": "0.0.0.0"}, ["127.0.0.1:8000"]),
    ("uvicorn main:app --uds /tmp/u.sock", {}, ["undecidable"]),
    ("uvicorn main:app --fd 3", {}, ["undecidable"]),
    ("uvicorn main:app --port 0", {}, ["127.0.0.1:?"]),
    # hypercorn, daphne
    ("hypercorn main:app", {}, ["127.0.0.1:8000"]),
    ("hypercorn -b 0.0.0.0 main:app", {}, ["*:8000"]),
    (
        "hypercorn --bind 0.0.0.0:80 --insecure-bind 127.0.0.1:81 main:app",
        {},
        ["*:80", "127.0.0.1:81"],
    ),
    ("hypercorn -c config.toml main:app", {}, ["?:?"]),
    ("daphne p.asgi:app", {}, ["127.0.0.1:8000"]),
    ("daphne -b 0.0.0.0 p.asgi:app", {}, ["*:8000"]),
    ("daphne -p 9000 p.asgi:app", {}, ["127.0.0.1:9000"]),
    ("daphne -e tcp:8001:interface=127.0.0.1 p.asgi:app", {}, ["127.0.0.1:8001"]),
    ("daphne -e tcp:port=8001 p.asgi:app", {}, ["*:8001"]),
    ("daphne -u /tmp/d.sock p.asgi:app", {}, ["undecidable"]),
    # flask
    ("flask run", {}, ["127.0.0.1:5000"]),
    ("flask run --host=0.0.0.0", {}, ["*:5000"]),
    ("flask run -h 0.0.0.0 -p 8080", {}, ["*:8080"]),
    ("flask run", {"FLASK_RUN_HOST": "0.0.0.0", "FLASK_RUN_PORT": "8000"}, ["*:8000"]),
    # waitress
    ("waitress-serve app:app", {}, ["*:8080"]),
    ("waitress-serve --listen=*:9696 app:app", {}, ["*:9696"]),
    ("waitress-serve --listen=127.0.0.1:9696 app:app", {}, ["127.0.0.1:9696"]),
    ("waitress-serve --host=127.0.0.1 app:app", {}, ["127.0.0.1:8080"]),
    ("waitress-serve --port=9000 app:app", {}, ["*:9000"]),
    ("waitress-serve --threads 8 --port 9000 app:app", {}, ["*:9000"]),
    # getopt: options after the application are not options
    ("waitress-serve app:app --host=127.0.0.1", {}, ["*:8080"]),
    # getopt rejects unknown options: the server does not start
    ("waitress --bind = 127.0.0.1:5000 app:app", {}, ["undecidable"]),
    ("waitress-serve --no-ipv6 --expose-tracebacks --port=81 app:app", {}, ["*:81"]),
    # streamlit
    ("streamlit run app.py", {}, ["*:8501"]),
    ("streamlit run app.py --server.port 8080", {}, ["*:8080"]),
    ("streamlit run app.py --server.address=localhost", {}, ["localhost:8501"]),
    ("streamlit run app.py", {"STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}, ["127.0.0.1:8501"]),
    # jupyter
    ("jupyter lab", {}, ["localhost:8888"]),
    ("jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser", {}, ["*:8888"]),
    ("jupyter lab --ip='*'", {}, ["*:8888"]),
    ("jupyter notebook --NotebookApp.ip=0.0.0.0", {}, ["*:8888"]),
    ("jupyter lab --ip 0.0.0.0", {"JUPYTER_PORT": "9999"}, ["*:9999"]),
    ("jupyter lab --config /etc/j.py", {}, ["?:?"]),
    ("jupyter lab --sock /tmp/j.sock", {}, ["undecidable"]),
    # mlflow
    ("mlflow server", {}, ["127.0.0.1:5000"]),
    ("mlflow server --host 0.0.0.0 --port 5001", {}, ["*:5001"]),
    ("mlflow models serve -m runs:/1/model -h 0.0.0.0 -p 8080", {}, ["*:8080"]),
    ("mlflow ui", {"MLFLOW_HOST": "0.0.0.0"}, ["*:5000"]),
    # tensorboard
    ("tensorboard --logdir logs", {}, ["localhost:6006"]),
    ("tensorboard --logdir logs --bind_all", {}, ["*:6006"]),
    ("tensorboard --logdir=logs --host 0.0.0.0 --port 6007", {}, ["*:6007"]),
    ("tensorboard --logdir logs --port default", {}, ["localhost:6006"]),
    # bentoml, fastapi, http.server
    ("bentoml serve service:Svc", {}, ["*:3000"]),
    ("bentoml serve service:Svc --host 127.0.0.1 -p 3001", {}, ["127.0.0.1:3001"]),
    ("bentoml serve service:Svc", {"BENTOML_CONFIG": "/c.yaml"}, ["?:?"]),
    ("fastapi run main.py", {}, ["*:8000"]),
    ("fastapi run main.py", {"PORT": "80"}, ["*:80"]),
    ("fastapi dev main.py", {}, ["127.0.0.1:8000"]),
    ("fastapi dev main.py --host 0.0.0.0", {}, ["*:8000"]),
    ("http.server", {}, ["*:8000"]),
    ("http.server 8080", {}, ["*:8080"]),
    ("http.server -b 127.0.0.1 -d /srv 9000", {}, ["127.0.0.1:9000"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "env", "expected"), ADDRESS_CASES, ids=[c[0] + str(c[1]) for c in ADDRESS_CASES]
)
def test_addresses(line: str, env: dict[str, str], expected: list[str]) -> None:
    assert where(line, env) == expected


@pytest.mark.parametrize(
    ("line", "env", "shell", "expected"),
    [
        ("gunicorn -b 0.0.0.0:$PORT app:app", {"PORT": "80"}, True, ["*:80"]),
        ("gunicorn -b 0.0.0.0:${PORT:-9090} app:app", {}, True, ["*:9090"]),
        ("gunicorn -b 127.0.0.1:$PORT app:app", {}, True, ["127.0.0.1:?"]),
        ("gunicorn -b $BIND app:app", {}, True, ["?:?"]),
        # exec form: no shell expands the variable, the server gets `$PORT` literally
        ("gunicorn -b 0.0.0.0:$PORT app:app", {"PORT": "80"}, False, ["*:?"]),
        ("uvicorn main:app --host $HOST", {"HOST": "127.0.0.1"}, True, ["127.0.0.1:8000"]),
    ],
)
def test_variables(line: str, env: dict[str, str], shell: bool, expected: list[str]) -> None:
    assert where(line, env, shell=shell) == expected


def test_config_reason_blocks_defaults_only() -> None:
    found = match(cmd("gunicorn app:app"))
    assert found is not None
    server, args = found
    addresses, config, _ = analyse(server, args, {}, config="a gunicorn.conf.py is copied")
    assert config == "a gunicorn.conf.py is copied"
    assert [(a.host, a.port) for a in addresses] == [(None, None)]
    # the command line ranks above the configuration file
    found = match(cmd("gunicorn -b 127.0.0.1:80 app:app"))
    assert found is not None
    addresses, _, _ = analyse(found[0], found[1], {}, config="a gunicorn.conf.py is copied")
    assert [(a.host, a.port) for a in addresses] == [("127.0.0.1", 80)]


# -- from a Dockerfile ---------------------------------------------------------------------


def listen(text: str) -> list[Listener]:
    dockerfile = parse(dedent(text))
    stage = dockerfile.stages[-1]
    start = start_command(dockerfile, stage)
    assert start is not None
    return listeners(dockerfile, stage, start)


def summary(text: str) -> list[tuple[str, list[str], list[int | None]]]:
    """(server, host:port list, line of the instruction holding each host)."""
    out = []
    for found in listen(text):
        addrs = [a.display() for a in found.addresses]
        lines = [
            a.host_origin.instruction.span.line if a.host_origin.instruction else None
            for a in found.addresses
        ]
        out.append((found.server.key, addrs, lines))
    return out


DOCKERFILE_CASES: list[tuple[str, str, list[tuple[str, list[str], list[int | None]]]]] = [
    (
        "PORT from ENV",
        """
        FROM python:3.12-slim
        ENV PORT=9696
        CMD ["gunicorn", "predict:app"]
        """,
        [("gunicorn", ["0.0.0.0:9696"], [2])],
    ),
    (
        "UVICORN_HOST from an inherited ENV",
        """
        FROM python:3.12-slim AS base
        ENV UVICORN_HOST=127.0.0.1
        FROM base
        CMD ["uvicorn", "main:app"]
        """,
        [("uvicorn", ["127.0.0.1:8000"], [2])],
    ),
    (
        "ARG is gone at run time",
        """
        FROM python:3.12-slim
        ARG PORT=9696
        CMD ["gunicorn", "predict:app"]
        """,
        [("gunicorn", ["127.0.0.1:8000"], [3])],
    ),
    (
        "shell form expands ENV",
        """
        FROM python:3.12-slim
        ENV PORT=8080
        CMD gunicorn --bind 127.0.0.1:$PORT app:app
        """,
        [("gunicorn", ["127.0.0.1:8080"], [3])],
    ),
    (
        "the command's own variables",
        """
        FROM python:3.12-slim
        CMD ["sh", "-c", "UVICORN_HOST=127.0.0.1 exec uvicorn main:app"]
        """,
        [("uvicorn", ["127.0.0.1:8000"], [2])],
    ),
    (
        "export in the start script",
        """
        FROM python:3.12-slim
        CMD ["sh", "-c", "export PORT=7000 && exec gunicorn app:app"]
        """,
        [("gunicorn", ["0.0.0.0:7000"], [2])],
    ),
    (
        "bind in the CMD under an ENTRYPOINT",
        """
        FROM python:3.12-slim
        ENTRYPOINT ["gunicorn"]
        CMD ["-b", "127.0.0.1:9696", "predict:app"]
        """,
        [("gunicorn", ["127.0.0.1:9696"], [3])],
    ),
    (
        "two servers in one script",
        """
        FROM python:3.12-slim
        CMD ["sh", "-c", "mlflow ui & gunicorn -b :80 app:app"]
        """,
        [("mlflow", ["127.0.0.1:5000"], [2]), ("gunicorn", ["0.0.0.0:80"], [2])],
    ),
    ("no known server", 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n', []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [c[1:] for c in DOCKERFILE_CASES],
    ids=[c[0] for c in DOCKERFILE_CASES],
)
def test_listeners(text: str, expected: list[tuple[str, list[str], list[int | None]]]) -> None:
    assert summary(text) == expected


CONFIG_CASES: list[tuple[str, str, bool]] = [
    (
        "conf copied by name",
        df("WORKDIR /app", "COPY gunicorn.conf.py .", 'CMD ["gunicorn", "app:app"]'),
        True,
    ),
    (
        "conf copied to its path",
        df(
            "COPY gunicorn.conf.py /app/gunicorn.conf.py",
            "WORKDIR /app",
            'CMD ["gunicorn", "app:app"]',
        ),
        True,
    ),
    (
        "conf copied elsewhere",
        df("WORKDIR /app", "COPY gunicorn.conf.py /etc/gunicorn/", 'CMD ["gunicorn", "app:app"]'),
        False,
    ),
    ("whole context copied", df("WORKDIR /app", "COPY . .", 'CMD ["gunicorn", "app:app"]'), True),
    (
        "directory copied into workdir",
        df("WORKDIR /app", "COPY src/ ./", 'CMD ["gunicorn", "app:app"]'),
        True,
    ),
    (
        "directory copied into a subdirectory",
        df("WORKDIR /app", "COPY src ./src", 'CMD ["gunicorn", "app:app"]'),
        False,
    ),
    ("glob", df("WORKDIR /app", "COPY *.py ./", 'CMD ["gunicorn", "app:app"]'), True),
    (
        "files only",
        df("WORKDIR /app", "COPY Pipfile Pipfile.lock app.py ./", 'CMD ["gunicorn", "app:app"]'),
        False,
    ),
    (
        "heredoc conf",
        df(
            "WORKDIR /app",
            "COPY <<EOF gunicorn.conf.py",
            'bind = "127.0.0.1"',
            "EOF",
            'CMD ["gunicorn", "app:app"]',
        ),
        True,
    ),
    (
        "explicit bind wins",
        df("WORKDIR /app", "COPY . .", 'CMD ["gunicorn", "-b", "127.0.0.1:80", "app:app"]'),
        False,
    ),
    ("jupyter image", df('CMD ["jupyter", "lab"]'), False),
    (
        "jupyter config written by RUN",
        df(
            "RUN echo \"c.ServerApp.ip = '0.0.0.0'\" >> /root/.jupyter/jupyter_server_config.py",
            'CMD ["jupyter", "lab"]',
        ),
        True,
    ),
    (
        "streamlit config",
        df("RUN mkdir -p /root/.streamlit", 'CMD ["streamlit", "run", "app.py"]'),
        True,
    ),
]


@pytest.mark.parametrize(
    ("body", "undecidable"), [c[1:] for c in CONFIG_CASES], ids=[c[0] for c in CONFIG_CASES]
)
def test_configuration_files_make_defaults_unknown(body: str, undecidable: bool) -> None:
    [found] = listen("FROM python:3.12-slim\n" + body)
    unknown = any(a.host is None or a.port is None for a in found.addresses)
    assert unknown is undecidable
    if undecidable:
        assert found.config is not None


def test_preconfigured_jupyter_images() -> None:
    [found] = listen('FROM quay.io/jupyter/scipy-notebook:2024-05-27\nCMD ["jupyter", "lab"]\n')
    assert found.config is not None and "ships its own configuration" in found.config
    [found] = listen('FROM jupyter/base-notebook:lab-4.0.7\nCMD ["jupyter", "lab"]\n')
    assert found.addresses[0].host is None


def test_env_instruction() -> None:
    dockerfile = parse(
        dedent(
            """
            FROM python:3.12-slim AS base
            ENV PORT=1 HOST=a
            FROM base
            ENV PORT=2
            ENV OTHER=x
            """
        )
    )
    final = dockerfile.stages[-1]
    port = env_instruction(dockerfile, final, "PORT")
    host = env_instruction(dockerfile, final, "HOST")
    assert port is not None and port.span.line == 4
    assert host is not None and host.span.line == 2
    assert env_instruction(dockerfile, final, "MISSING") is None


@pytest.mark.parametrize(
    ("expose", "covered", "not_covered"),
    [
        ("EXPOSE 9696", [9696], [8000]),
        ("EXPOSE 80 443/tcp", [80, 443], [8080]),
        ("EXPOSE 8000-8010", [8000, 8005, 8010], [8011]),
        ("expose 8000-8010/tcp", [8001], [7999]),
        ("EXPOSE 9696/udp", [], [9696]),
        ("ENV PORT=7000\nEXPOSE $PORT", [7000], [8000]),
        ("ARG P=7001\nEXPOSE ${P}/tcp", [7001], [8000]),
        ("ENV PORTS='80 81'\nEXPOSE $PORTS", [80, 81], [82]),
    ],
)
def test_exposed_ports(expose: str, covered: list[int], not_covered: list[int]) -> None:
    dockerfile = parse("FROM python:3.12-slim\n" + expose + "\n")
    ports = exposed_ports(dockerfile, dockerfile.stages[-1])
    assert ports and all(e.low is not None for e in ports)
    for port in covered:
        assert any(e.covers(port) for e in ports), port
    for port in not_covered:
        assert not any(e.covers(port) for e in ports), port


def test_exposed_ports_inherited_and_unresolved() -> None:
    dockerfile = parse("FROM python:3.12-slim AS base\nEXPOSE 80\nFROM base\nEXPOSE $NOPE\n")
    ports = exposed_ports(dockerfile, dockerfile.stages[-1])
    assert [(e.text, e.low) for e in ports] == [("80", 80), ("$NOPE", None)]


# -- what DLM009 and DLM010 share ------------------------------------------------------------


def _facts(text: str) -> tuple[bool, list[int] | None, bool, list[str]]:
    """(loopback_only, uncovered ports, takes run-time arguments, host assumptions)."""
    dockerfile = parse(dedent(text))
    stage = dockerfile.stages[-1]
    start = start_command(dockerfile, stage)
    assert start is not None
    [found] = listeners(dockerfile, stage, start)
    return (
        found.loopback_only,
        uncovered_ports(found, exposed_ports(dockerfile, stage)),
        takes_run_time_arguments(found, start),
        run_time_assumptions(found, start, found.addresses[0].host_origin),
    )


PORT_AT_RUN_TIME = "PORT is set at run time (as Heroku and Cloud Run do)"
ARGS_AT_RUN_TIME = "`docker run` adds arguments (the ENTRYPOINT has no CMD)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'FROM python:3.12-slim\nEXPOSE 9696\nENTRYPOINT ["gunicorn", "app:app"]\n',
            (True, [8000], True, [PORT_AT_RUN_TIME, ARGS_AT_RUN_TIME]),
        ),
        (
            'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "app:app"]\n',
            (True, None, False, [PORT_AT_RUN_TIME]),
        ),
        (
            'FROM python:3.12-slim\nENTRYPOINT ["tini", "--", "uvicorn", "m:app"]\n',
            (True, None, True, [ARGS_AT_RUN_TIME]),
        ),
        (
            'FROM python:3.12-slim\nENTRYPOINT ["uvicorn", "m:app", "--host", "127.0.0.1"]\n',
            (True, None, True, []),  # an explicit value: no assumption
        ),
        (
            'FROM python:3.12-slim\nENTRYPOINT ["uvicorn"]\nCMD ["m:app"]\n',
            (True, None, False, []),
        ),
        (
            'FROM python:3.12-slim\nENTRYPOINT ["sh", "-c", "exec uvicorn m:app"]\n',
            (True, None, False, []),
        ),
        (
            "FROM python:3.12-slim\nEXPOSE 9690\n"
            'ENTRYPOINT ["gunicorn", "--bind=0.0.0.0:6090", "p:app"]\n',
            (False, [6090], True, []),
        ),
        (
            'FROM python:3.12-slim\nEXPOSE $NOPE\nCMD ["gunicorn", "--bind=127.0.0.1:1", "a"]\n',
            (True, None, False, []),
        ),
    ],
)
def test_shared_listener_facts(text: str, expected: tuple[object, ...]) -> None:
    assert _facts(text) == expected

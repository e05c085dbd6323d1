"""Known Python/ML servers: how each is started, where it listens by default, and how the
address is changed (flags, environment variables, configuration files).

`SERVERS` is the single table of facts (one `Server` record per server, with its sources);
`match` recognises a server in a simple command; `analyse` computes its listening addresses
from the command line and the environment; `listeners` does both for a stage's start command,
adding what the Dockerfile says about configuration files and where each value came from.

Every value that cannot be known from the Dockerfile (an unset variable, a configuration
file that may override the default, a Unix socket) is None: rules report only what is
certain.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage
from dockerlint_ml.dockerfile.variables import expand
from dockerlint_ml.facts.copies import CopyInfo, copy_info, stage_lookup
from dockerlint_ml.facts.shell import SimpleCommand, commands_of, split_words
from dockerlint_ml.facts.startcmd import StartCommand, join_workdir

ALL_INTERFACES = "0.0.0.0"


@dataclass(frozen=True, slots=True)
class Server:
    """How one server is started and told where to listen.

    Flags are matched in the forms `--flag value`, `--flag=value` and, for one-letter
    flags, `-fvalue`. A flag given several times: the last wins, except `bind_flags`, which
    add up (each is one more listening address).
    """

    key: str
    title: str  # as named in messages: "gunicorn", "flask run", "mlflow server"
    # Program (or `python -m` module) followed by its subcommand words.
    invocations: tuple[tuple[str, ...], ...]
    default_host: str  # "" means all interfaces
    default_port: int
    host_flags: tuple[str, ...] = ()
    port_flags: tuple[str, ...] = ()
    # HOST, HOST:PORT, [V6]:PORT, unix:PATH, fd://N; repeatable.
    bind_flags: tuple[str, ...] = ()
    # Twisted endpoint descriptions (daphne): tcp:PORT:interface=HOST, unix:PATH...
    endpoint_flags: tuple[str, ...] = ()
    all_interfaces_flags: tuple[str, ...] = ()
    # Listening on a Unix socket or an inherited descriptor: nothing to judge.
    socket_flags: tuple[str, ...] = ()
    config_flags: tuple[str, ...] = ()
    # Other flags that take a value (so that values are not taken for subcommands).
    value_flags: tuple[str, ...] = ()
    # Variables that set host/port when no flag does; they override configuration files.
    host_env: tuple[str, ...] = ()
    port_env: tuple[str, ...] = ()
    # Variables that only change the default port (a configuration file overrides them).
    default_port_env: tuple[str, ...] = ()
    # A variable whose presence changes the default to all interfaces on its port.
    default_bind_env: str | None = None
    # A variable holding extra command-line arguments (ranked below the real command line).
    args_env: str | None = None
    # Variables naming a configuration file.
    config_env: tuple[str, ...] = ()
    # Configuration files read from the working directory when present.
    autoload: tuple[str, ...] = ()
    # Words that, in a COPY/ADD or RUN of the image, suggest a configuration file the server
    # reads from a fixed place (home directory, .streamlit/, .flaskenv).
    config_markers: tuple[str, ...] = ()
    # Base images known to ship a configuration for this server.
    preconfigured_images: tuple[str, ...] = ()
    positional_port: bool = False
    # Invocation names that are Python modules only (`python -m http.server`).
    modules: tuple[str, ...] = ()
    # getopt-style parsing: options after the first positional word are not options.
    options_before_positionals: bool = False
    # Boolean long options, when the server rejects any option it does not know (getopt);
    # with this set, an unknown `--option` makes the command fail: nothing to judge.
    switches: tuple[str, ...] | None = None
    fix_host: str = ""  # how to listen on all interfaces; `{port}` is replaced
    fix_port: str = ""  # how to listen on a given port
    notes: str = ""
    sources: tuple[str, ...] = ()


# waitress-serve's options (waitress 3.0.2 Adjustments._params): those taking a value
# (getopt: `--threads 4` is valid too), and the switches (each also as `--no-...`).
_WAITRESS_VALUE_OPTIONS = (
    "--threads --trusted-proxy --trusted-proxy-count --trusted-proxy-headers --url-scheme "
    "--url-prefix --backlog --recv-bytes --send-bytes --outbuf-overflow "
    "--outbuf-high-watermark --inbuf-overflow --connection-limit --cleanup-interval "
    "--channel-timeout --max-request-header-size --max-request-body-size --ident "
    "--asyncore-loop-timeout --unix-socket-perms --sockets --channel-request-lookahead "
    "--server-name"
)
_WAITRESS_SWITCHES = (
    "--ipv4 --ipv6 --log-untrusted-proxy-headers --clear-untrusted-proxy-headers "
    "--log-socket-errors --expose-tracebacks --asyncore-use-poll --help --call"
)

SERVERS: tuple[Server, ...] = (
    Server(
        key="gunicorn",
        title="gunicorn",
        invocations=(("gunicorn",),),
        default_host="127.0.0.1",
        default_port=8000,
        bind_flags=("-b", "--bind"),
        config_flags=("-c", "--config"),
        default_bind_env="PORT",
        args_env="GUNICORN_CMD_ARGS",
        autoload=("gunicorn.conf.py",),
        fix_host="--bind 0.0.0.0:{port}",
        fix_port="--bind 0.0.0.0:{port}",
        notes=(
            "`PORT` in the environment makes the default `0.0.0.0:$PORT`; `-b` repeats; "
            "`-b :9696` is all interfaces, `-b 0.0.0.0` is port 8000; `unix:` and `fd://` are "
            "not TCP; GUNICORN_CMD_ARGS is read as extra arguments; `./gunicorn.conf.py` is "
            "loaded when present. Precedence: command line > GUNICORN_CMD_ARGS > config file "
            "> default."
        ),
        sources=(
            "https://docs.gunicorn.org/en/stable/settings.html#bind",
            "https://docs.gunicorn.org/en/stable/configure.html",
            "gunicorn 27.0.1: gunicorn/config.py (Bind, ConfigFile), gunicorn/util.py "
            "(parse_address), gunicorn/app/base.py (load_config)",
        ),
    ),
    Server(
        key="uvicorn",
        title="uvicorn",
        invocations=(("uvicorn",),),
        default_host="127.0.0.1",
        default_port=8000,
        host_flags=("--host",),
        port_flags=("--port",),
        socket_flags=("--uds", "--fd"),
        host_env=("UVICORN_HOST",),
        port_env=("UVICORN_PORT",),
        fix_host="--host 0.0.0.0",
        fix_port="--port {port}",
        notes="Every option can be set as `UVICORN_<OPTION>`; the command line wins.",
        sources=(
            "https://www.uvicorn.org/settings/",
            "uvicorn 0.54.0: uvicorn/main.py (auto_envvar_prefix UVICORN)",
        ),
    ),
    Server(
        key="hypercorn",
        title="hypercorn",
        invocations=(("hypercorn",),),
        default_host="127.0.0.1",
        default_port=8000,
        bind_flags=("-b", "--bind", "--insecure-bind"),
        config_flags=("-c", "--config"),
        value_flags=("--quic-bind", "-k", "--worker-class", "-w", "--workers"),
        fix_host="--bind 0.0.0.0:{port}",
        fix_port="--bind 0.0.0.0:{port}",
        notes="`-b HOST` alone is port 8000; `unix:` and `fd://` binds are not TCP.",
        sources=(
            "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html",
            "hypercorn 0.18.0: hypercorn/config.py (_bind, _create_sockets), hypercorn/__main__.py",
        ),
    ),
    Server(
        key="daphne",
        title="daphne",
        invocations=(("daphne",),),
        default_host="127.0.0.1",
        default_port=8000,
        host_flags=("-b", "--bind"),
        port_flags=("-p", "--port"),
        endpoint_flags=("-e", "--endpoint"),
        socket_flags=("-u", "--unix-socket", "--fd"),
        fix_host="--bind 0.0.0.0",
        fix_port="--port {port}",
        notes=(
            "`-b` takes a host only; with `-e` endpoints and no `-b`/`-p`, only the "
            "endpoints listen."
        ),
        sources=(
            "https://github.com/django/daphne#running",
            "daphne 4.2.3: daphne/cli.py (DEFAULT_HOST, DEFAULT_PORT), daphne/endpoints.py",
        ),
    ),
    Server(
        key="flask",
        title="flask run",
        invocations=(("flask", "run"),),
        default_host="127.0.0.1",
        default_port=5000,
        host_flags=("--host", "-h"),
        port_flags=("--port", "-p"),
        value_flags=("--app", "-A", "--env-file", "-e", "--cert", "--key", "--extra-files"),
        host_env=("FLASK_RUN_HOST",),
        port_env=("FLASK_RUN_PORT",),
        config_markers=(".flaskenv",),
        fix_host="--host 0.0.0.0",
        fix_port="--port {port}",
        notes=(
            "Also `python -m flask run`. `.flaskenv`/`.env` may set FLASK_RUN_HOST "
            "(only when python-dotenv is installed, and never over the image's ENV)."
        ),
        sources=(
            "https://flask.palletsprojects.com/en/stable/cli/#setting-command-options",
            "flask 3.1.3: flask/cli.py (run_command, auto_envvar_prefix FLASK, load_dotenv)",
        ),
    ),
    Server(
        key="waitress",
        title="waitress-serve",
        invocations=(("waitress-serve",), ("waitress",)),
        modules=("waitress",),
        default_host="",
        default_port=8080,
        host_flags=("--host",),
        port_flags=("--port",),
        bind_flags=("--listen",),
        socket_flags=("--unix-socket",),
        value_flags=tuple(_WAITRESS_VALUE_OPTIONS.split()),
        switches=tuple(_WAITRESS_SWITCHES.split()),
        options_before_positionals=True,
        fix_host="--listen=*:{port}",
        fix_port="--listen=*:{port}",
        notes=(
            "Default `0.0.0.0:8080`; `--listen=*:9696` is all interfaces; options must come "
            "before the application (getopt)."
        ),
        sources=(
            "https://docs.pylonsproject.org/projects/waitress/en/stable/runner.html",
            "waitress 3.0.2: waitress/adjustments.py (host, port, listen, parse_args)",
        ),
    ),
    Server(
        key="streamlit",
        title="streamlit run",
        invocations=(("streamlit", "run"),),
        default_host="",
        default_port=8501,
        host_flags=("--server.address",),
        port_flags=("--server.port",),
        host_env=("STREAMLIT_SERVER_ADDRESS",),
        port_env=("STREAMLIT_SERVER_PORT",),
        config_markers=(".streamlit",),
        fix_host="--server.address 0.0.0.0",
        fix_port="--server.port {port}",
        notes="`server.address` unset means all interfaces; `.streamlit/config.toml` may set both.",
        sources=(
            "https://docs.streamlit.io/develop/api-reference/configuration/config.toml",
            "https://docs.streamlit.io/develop/concepts/configuration/options",
            "streamlit 1.67.0: streamlit/config.py (server.address, server.port), "
            "streamlit/web/server/starlette/starlette_server.py",
        ),
    ),
    Server(
        key="jupyter",
        title="jupyter",
        invocations=(
            ("jupyter", "notebook"),
            ("jupyter", "lab"),
            ("jupyter", "server"),
            ("jupyter-notebook",),
            ("jupyter-lab",),
            ("jupyter-server",),
            ("jupyterlab",),
            ("notebook",),
        ),
        modules=("jupyterlab", "notebook"),
        default_host="localhost",
        default_port=8888,
        host_flags=("--ip", "--ServerApp.ip", "--NotebookApp.ip"),
        port_flags=("--port", "--ServerApp.port", "--NotebookApp.port"),
        socket_flags=("--sock", "--ServerApp.sock"),
        config_flags=("--config",),
        default_port_env=("JUPYTER_PORT",),
        config_env=("JUPYTER_CONFIG_DIR",),
        config_markers=(
            "jupyter_notebook_config",
            "jupyter_server_config",
            "jupyter_lab_config",
            "ServerApp.ip",
            "NotebookApp.ip",
            "ServerApp.port",
            "NotebookApp.port",
        ),
        preconfigured_images=("jupyter/", "quay.io/jupyter/"),
        fix_host="--ip 0.0.0.0",
        fix_port="--port {port}",
        notes=(
            "`--ip='*'` is all interfaces; the Jupyter Docker Stacks images configure "
            "`ip = 0.0.0.0` themselves."
        ),
        sources=(
            "https://jupyter-server.readthedocs.io/en/latest/other/full-config.html",
            "jupyter_server 2.21.1: jupyter_server/serverapp.py (ip, port, JUPYTER_PORT)",
            "https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html",
        ),
    ),
    Server(
        key="mlflow",
        title="mlflow",
        invocations=(("mlflow", "server"), ("mlflow", "ui"), ("mlflow", "models", "serve")),
        default_host="127.0.0.1",
        default_port=5000,
        host_flags=("--host", "-h"),
        port_flags=("--port", "-p"),
        host_env=("MLFLOW_HOST",),
        port_env=("MLFLOW_PORT",),
        fix_host="--host 0.0.0.0",
        fix_port="--port {port}",
        notes="`mlflow server`, `mlflow ui` and `mlflow models serve` share the options.",
        sources=(
            "https://mlflow.org/docs/latest/api_reference/cli.html",
            "mlflow-skinny 3.17.2: mlflow/utils/cli_args.py (HOST, PORT)",
        ),
    ),
    Server(
        key="tensorboard",
        title="tensorboard",
        invocations=(("tensorboard",), ("tensorboard.main",)),
        modules=("tensorboard.main",),
        default_host="localhost",
        default_port=6006,
        host_flags=("--host",),
        port_flags=("--port",),
        all_interfaces_flags=("--bind_all",),
        fix_host="--bind_all",
        fix_port="--port {port}",
        notes="`--bind_all` serves on every interface (IPv4 and IPv6).",
        sources=(
            "https://github.com/tensorflow/tensorboard/blob/master/tensorboard/plugins/core/core_plugin.py",
            "tensorboard 2.21.0: tensorboard/plugins/core/core_plugin.py (--host, --bind_all, "
            "--port), tensorboard/program.py",
        ),
    ),
    Server(
        key="bentoml",
        title="bentoml serve",
        invocations=(("bentoml", "serve"), ("bentoml", "serve-http")),
        default_host="0.0.0.0",
        default_port=3000,
        host_flags=("--host",),
        port_flags=("--port", "-p"),
        host_env=("BENTOML_HOST",),
        port_env=("BENTOML_PORT",),
        config_env=("BENTOML_CONFIG",),
        fix_host="--host 0.0.0.0",
        fix_port="--port {port}",
        notes="BentoML 1.x defaults; BENTOML_CONFIG may name a file that changes them.",
        sources=(
            "https://github.com/bentoml/BentoML/blob/main/src/bentoml_cli/serve.py",
            "bentoml 1.4.40: bentoml_cli/serve.py, "
            "bentoml/_internal/configuration/v2/default_configuration.yaml",
        ),
    ),
    Server(
        key="fastapi-run",
        title="fastapi run",
        invocations=(("fastapi", "run"),),
        default_host="0.0.0.0",
        default_port=8000,
        host_flags=("--host",),
        port_flags=("--port",),
        port_env=("PORT",),
        fix_host="--host 0.0.0.0",
        fix_port="--port {port}",
        notes="The production mode listens on all interfaces; the port also reads `PORT`.",
        sources=(
            "https://fastapi.tiangolo.com/fastapi-cli/",
            "fastapi-cli 0.0.34: fastapi_cli/cli.py (run)",
        ),
    ),
    Server(
        key="fastapi-dev",
        title="fastapi dev",
        invocations=(("fastapi", "dev"),),
        default_host="127.0.0.1",
        default_port=8000,
        host_flags=("--host",),
        port_flags=("--port",),
        port_env=("PORT",),
        fix_host="--host 0.0.0.0 (or use `fastapi run`)",
        fix_port="--port {port}",
        notes="The development mode listens on loopback only and reloads on changes.",
        sources=(
            "https://fastapi.tiangolo.com/fastapi-cli/",
            "fastapi-cli 0.0.34: fastapi_cli/cli.py (dev)",
        ),
    ),
    Server(
        key="http.server",
        title="python -m http.server",
        invocations=(("http.server",),),
        modules=("http.server",),
        default_host="",
        default_port=8000,
        host_flags=("-b", "--bind"),
        value_flags=("-d", "--directory", "-p", "--protocol"),
        positional_port=True,
        fix_host="--bind 0.0.0.0",
        fix_port="{port} (the port is the positional argument)",
        notes="All interfaces by default; the port is a positional argument.",
        sources=("https://docs.python.org/3/library/http.server.html#command-line-interface",),
    ),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The server table shown in the DLM009 docs, generated from `SERVERS`."""
    rows = [
        "| Server | Started as | Listens by default | Address set by | Variables | Notes "
        "| Sources |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in SERVERS:
        started = ", ".join(
            f"`{'python -m ' if inv[0] in s.modules else ''}{' '.join(inv)}`"
            for inv in s.invocations
        )
        default = (
            f"all interfaces, port {s.default_port}"
            if not s.default_host
            else f"{s.default_host}:{s.default_port}"
        )
        flags = s.bind_flags + s.host_flags + s.port_flags + s.all_interfaces_flags
        flags += s.endpoint_flags
        set_by = ", ".join(f"`{f}`" for f in flags)
        if s.positional_port:
            set_by += ", the port as positional argument"
        env = s.host_env + s.port_env + s.default_port_env
        env += (s.default_bind_env,) if s.default_bind_env else ()
        env += (s.args_env,) if s.args_env else ()
        variables = ", ".join(f"`{v}`" for v in env) or "none"
        notes = s.notes
        unknown = [f"`{f}`" for f in s.config_flags + s.socket_flags]
        unknown += [f"`{v}` set" for v in s.config_env]
        unknown += [f"a `{name}` in the working directory" for name in s.autoload]
        if s.config_markers:
            words = " or ".join(f"`{m}`" for m in s.config_markers)
            unknown.append(f"{words} in a COPY/ADD or RUN")
        if s.preconfigured_images:
            images = " or ".join(f"`{prefix}*`" for prefix in s.preconfigured_images)
            unknown.append(f"a {images} base image")
        if unknown:
            notes += " Not judged with " + ", ".join(unknown) + "."
        sources = "; ".join(f"<{src}>" if src.startswith("https://") else src for src in s.sources)
        rows.append(
            f"| {s.title} | {_cell(started)} | {default} | {_cell(set_by)} | "
            f"{_cell(variables)} | {_cell(notes.strip())} | {_cell(sources)} |"
        )
    return "\n".join(rows)


# -- recognising a server -----------------------------------------------------------------


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _through_shell(cmd: SimpleCommand) -> bool:
    """Whether a shell ran the command (and so expanded its `$VAR` words)."""
    return any(w.endswith((" -c", " <<")) for w in cmd.wrappers)


def _positionals(args: tuple[str, ...], value_flags: frozenset[str], count: int) -> list[int]:
    """Indices of the first `count` positional words of `args`."""
    found: list[int] = []
    i = 0
    while i < len(args) and len(found) < count:
        w = args[i]
        if w == "--":
            break
        if w.startswith("-") and w != "-":
            i += 2 if (w in value_flags and "=" not in w) else 1
            continue
        found.append(i)
        i += 1
    return found


def match(cmd: SimpleCommand) -> tuple[Server, tuple[str, ...]] | None:
    """The known server a command starts, with its arguments (subcommand words removed)."""
    if not cmd.argv:
        return None
    name = _basename(cmd.argv[0])
    args = cmd.argv[1:]
    for server in SERVERS:
        value_flags = frozenset(server.value_flags + _flag_names(server))
        for inv in server.invocations:
            if inv[0] != name:
                continue
            sub = inv[1:]
            if not sub:
                return server, args
            idx = _positionals(args, value_flags, len(sub))
            if len(idx) == len(sub) and all(args[i] == w for i, w in zip(idx, sub, strict=True)):
                return server, tuple(a for i, a in enumerate(args) if i not in idx)
    return None


def positionals(server: Server, args: tuple[str, ...]) -> list[str]:
    """The server's positional arguments among `args` (option values skipped): the app
    of `gunicorn -b localhost:8000 predict:app` is `predict:app`."""
    value_flags = frozenset(server.value_flags + _flag_names(server))
    return [args[i] for i in _positionals(args, value_flags, len(args))]


def _flag_names(server: Server) -> tuple[str, ...]:
    return (
        server.host_flags
        + server.port_flags
        + server.bind_flags
        + server.endpoint_flags
        + server.socket_flags
        + server.config_flags
    )


# -- listening addresses ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a host or port came from, to explain it and to find the instruction holding it."""

    kind: str  # "flag", "env" (the image's ENV), "command-env", "default", "config"
    detail: str  # e.g. "--bind 127.0.0.1:8000", "UVICORN_HOST=127.0.0.1", "the default"
    word: str | None = None  # the argv word holding it
    env: str | None = None  # the variable, for kind "env"
    instruction: Instruction | None = None


@dataclass(frozen=True, slots=True)
class Address:
    host: str | None  # "" for all interfaces; None when unknown
    port: int | None  # None when unknown
    host_origin: Origin
    port_origin: Origin

    @property
    def loopback(self) -> bool:
        return self.host is not None and is_loopback(self.host)

    def display(self) -> str:
        host = "?" if self.host is None else (self.host or "0.0.0.0")
        if ":" in host:
            host = f"[{host}]"
        port = "?" if self.port is None else str(self.port)
        return f"{host}:{port}"


@dataclass(frozen=True, slots=True)
class Listener:
    """A known server in the start command and the TCP addresses it listens on."""

    server: Server
    command: SimpleCommand
    addresses: tuple[Address, ...]  # TCP only
    # Why settings left at their defaults may be overridden (config file...), or None.
    config: str | None = None
    # Why nothing can be said at all (Unix socket, fd...), or None.
    undecidable: str | None = None
    naming: Instruction | None = None  # the instruction naming the server

    @property
    def loopback_only(self) -> bool:
        """Every address is known and loopback, so nothing outside the container reaches the
        server (DLM009's finding; DLM010 then stays silent on this listener)."""
        if self.undecidable is not None or not self.addresses:
            return False
        if not all(a.loopback for a in self.addresses):
            return False
        return (self.addresses[0].host_origin.instruction or self.naming) is not None


def uncovered_ports(listener: Listener, exposed: Sequence[Exposed]) -> list[int] | None:
    """The listener's ports, when the stage EXPOSEs ports and none of them is one of these
    (DLM010's mismatch); None when there is no mismatch or it cannot be judged (no EXPOSE,
    an EXPOSE word that cannot be resolved, a port that is not known)."""
    if not exposed or any(e.low is None for e in exposed):
        return None
    if listener.undecidable is not None or not listener.addresses:
        return None
    ports = [a.port for a in listener.addresses]
    known = [p for p in ports if p is not None]
    if len(known) != len(ports):
        return None
    if any(e.covers(p) for e in exposed for p in known):
        return None
    return list(dict.fromkeys(known))


def takes_run_time_arguments(listener: Listener, start: StartCommand | None) -> bool:
    """Whether `docker run IMAGE ARGS...` hands its ARGS to the server: an exec-form
    ENTRYPOINT with no CMD whose last command is the server (no `sh -c` script)."""
    if start is None or start.entrypoint is None or start.entrypoint.form != "exec":
        return False
    if start.cmd is not None or start.ignored_cmd is not None or start.via_shell:
        return False
    if not start.commands or start.commands[-1] != listener.command:
        return False
    return bool(start.argv) and listener.command.argv[-1:] == start.argv[-1:]


def run_time_assumptions(
    listener: Listener, start: StartCommand | None, origin: Origin
) -> list[str]:
    """What run time may change about a value the file leaves at the server's default, as
    conditions for a message ("unless ..."): a platform's PORT (gunicorn binds 0.0.0.0:$PORT
    when it is set), arguments appended to an ENTRYPOINT that has no CMD."""
    if origin.kind != "default":
        return []
    out: list[str] = []
    variable = listener.server.default_bind_env
    if variable:
        out.append(f"{variable} is set at run time (as Heroku and Cloud Run do)")
    if takes_run_time_arguments(listener, start):
        out.append("`docker run` adds arguments (the ENTRYPOINT has no CMD)")
    return out


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and the name localhost."""
    h = host.strip().lower()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if h in ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"):
        return True
    if h.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(h.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped.is_loopback
    return addr.is_loopback


def _norm_host(host: str) -> str:
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if h in ("*", "0.0.0.0", "::", ""):
        return ""
    return h


def _port(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if 0 < value < 65536 else None


@dataclass(slots=True)
class _Opts:
    """Options of one server command line, in order of appearance."""

    values: list[tuple[str, str, str]] = field(default_factory=list)  # (flag, value, word)
    positionals: list[str] = field(default_factory=list)
    long_names: list[str] = field(default_factory=list)  # every `--name` seen

    def last(self, flags: tuple[str, ...]) -> tuple[str, str, str] | None:
        found: tuple[str, str, str] | None = None
        for item in self.values:
            if item[0] in flags:
                found = item
        return found

    def all(self, flags: tuple[str, ...]) -> list[tuple[str, str, str]]:
        return [v for v in self.values if v[0] in flags]

    def has(self, flags: tuple[str, ...]) -> bool:
        return any(v[0] in flags for v in self.values)


def _parse_options(server: Server, args: tuple[str, ...]) -> _Opts:
    """Scan a command line for the options the server record knows about."""
    takes_value = set(server.value_flags + _flag_names(server)) - set(server.all_interfaces_flags)
    shorts = {f for f in takes_value if len(f) == 2 and f[0] == "-" and f[1] != "-"}
    opts = _Opts()
    i = 0
    n = len(args)
    while i < n:
        w = args[i]
        if w == "--":
            opts.positionals.extend(args[i + 1 :])
            break
        if w.startswith("--"):
            name, eq, value = w.partition("=")
            opts.long_names.append(name)
            if name in server.all_interfaces_flags:
                opts.values.append((name, "", w))
            elif eq:
                opts.values.append((name, value, w))
            elif name in takes_value:
                if i + 1 < n:
                    opts.values.append((name, args[i + 1], args[i + 1]))
                i += 1
            i += 1
            continue
        if w.startswith("-") and len(w) > 1:
            if w in shorts:
                if i + 1 < n:
                    opts.values.append((w, args[i + 1], args[i + 1]))
                i += 2
                continue
            if w[:2] in shorts:
                value = w[2:]
                opts.values.append((w[:2], value[1:] if value.startswith("=") else value, w))
            i += 1
            continue
        opts.positionals.append(w)
        if server.options_before_positionals:
            # getopt stops at the first operand: what follows is not read as options.
            opts.positionals.extend(args[i + 1 :])
            break
        i += 1
    return opts


@dataclass(slots=True)
class _Resolver:
    """Expands `$VAR` in values with the run-time environment, when a shell does it."""

    env: Mapping[str, str]
    shell: bool

    def value(self, text: str) -> str | None:
        if "$" not in text:
            return text
        if not self.shell:
            return None  # exec form: `$PORT` reaches the server literally
        result, ok = expand(text, self.env.get)
        return result if ok else None


def _split_bind(text: str) -> tuple[str, str | None] | None:
    """HOST[:PORT] / [V6]:PORT / tcp://... -> (host, port text or None); None if not TCP."""
    t = text.strip()
    if t.startswith(("unix:", "fd://", "fd:")):
        return None
    if t.startswith("tcp://"):
        t = t[len("tcp://") :]
    if t.startswith("["):
        close = t.find("]")
        if close < 0:
            return t, None
        host, rest = t[1:close], t[close + 1 :]
        return host, rest[1:] if rest.startswith(":") else None
    if t.count(":") == 1:
        host, port = t.split(":")
        return host, port
    return t, None


def _bind_address(
    word: str, origin: Origin, default_port: int, resolve: _Resolver
) -> Address | None:
    """A bind value -> Address; None for a Unix socket or file descriptor."""
    whole = resolve.value(word)
    if whole is not None:
        parts = _split_bind(whole)
        if parts is None:
            return None
        host_text, port_text = parts
        host: str | None = _norm_host(host_text)
        port = default_port if port_text is None else _port(port_text)
    else:
        raw = _split_bind(word)
        if raw is None:
            return None
        host_raw, port_raw = raw
        host_value = resolve.value(host_raw)
        host = None if host_value is None else _norm_host(host_value)
        if port_raw is None:
            # `-b $BIND`: the variable may hold a port too.
            port = default_port if host_value is not None else None
        else:
            port_value = resolve.value(port_raw)
            port = None if port_value is None else _port(port_value)
    return Address(host, port, origin, origin)


def _endpoint_address(word: str, origin: Origin, resolve: _Resolver) -> Address | None:
    """A Twisted server endpoint (daphne -e): tcp:PORT:interface=HOST, ssl:..., unix:..."""
    value = resolve.value(word)
    if value is None:
        return Address(None, None, origin, origin)
    parts = re.split(r"(?<!\\):", value)
    kind = parts[0].lower()
    if kind not in ("tcp", "tcp6", "ssl"):
        return None
    host = ""
    port: int | None = None
    positional = 0
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        if eq:
            if key == "port":
                port = _port(val)
            elif key == "interface":
                host = _norm_host(val.replace("\\:", ":"))
        else:
            if positional == 0:
                port = _port(part)
            positional += 1
    return Address(host, port, origin, origin)


def analyse(
    server: Server,
    args: tuple[str, ...],
    env: Mapping[str, str],
    *,
    shell: bool = False,
    command_env: Mapping[str, str] | None = None,
    config: str | None = None,
) -> tuple[tuple[Address, ...], str | None, str | None]:
    """Listening TCP addresses of `server` started with `args`.

    `env` is the run-time environment (image ENV merged with the command's own variables,
    those being named in `command_env`); `shell` says whether a shell expands `$VAR` in the
    arguments; `config` says why a configuration file may set what the command line leaves
    at its default. Returns (addresses, config reason, undecidable reason).
    """
    resolve = _Resolver(env, shell)
    command_env = command_env or {}
    opts = _parse_options(server, args)

    def env_origin(name: str, value: str) -> Origin:
        kind = "command-env" if name in command_env else "env"
        return Origin(kind, f"{name}={value}", word=f"{name}=", env=name)

    # Extra arguments from the environment (GUNICORN_CMD_ARGS) rank below the command line.
    env_opts: _Opts | None = None
    env_args_name = server.args_env
    if env_args_name and env.get(env_args_name):
        try:
            extra = tuple(split_words(env[env_args_name]))
        except ValueError:
            return (), None, f"{env_args_name} cannot be split into arguments"
        env_opts = _parse_options(server, extra)

    if server.switches is not None:
        known = set(server.switches) | set(server.value_flags) | set(_flag_names(server))
        known |= {"--no-" + f[2:] for f in server.switches}
        unknown = [n for n in opts.long_names if n not in known]
        if unknown:
            return (), config, f"{server.title} rejects the unknown option {unknown[0]}"
    if opts.has(server.socket_flags) or (env_opts and env_opts.has(server.socket_flags)):
        return (), config, "it listens on a Unix socket or an inherited file descriptor"

    config_opt = opts.last(server.config_flags)
    named = next((name for name in server.config_env if env.get(name)), None)
    if config is None and named is not None:
        config = f"{named} names a configuration file"
    if config_opt is not None:
        config = f"a configuration file is given ({_detail(*config_opt)})"
    elif env_opts is not None and env_opts.has(server.config_flags):
        config = f"a configuration file is given in {env_args_name}"

    def flag_origin(flag: str, value: str, word: str) -> Origin:
        return Origin("flag", _detail(flag, value, word), word=word)

    def env_flag_origin(flag: str, value: str, word: str) -> Origin:
        kind = "command-env" if env_args_name in command_env else "env"
        detail = f"{flag} {value} in {env_args_name}"
        return Origin(kind, detail, word=f"{env_args_name}=", env=env_args_name)

    # Whole addresses: binds and endpoints (command line first, else the env's arguments).
    binds = opts.all(server.bind_flags)
    bind_origin = flag_origin
    if not binds and env_opts is not None:
        binds = env_opts.all(server.bind_flags)
        bind_origin = env_flag_origin
    addresses: list[Address] = []
    for flag, value, word in binds:
        addr = _bind_address(value, bind_origin(flag, value, word), server.default_port, resolve)
        if addr is not None:  # None: a Unix socket or descriptor, not a TCP address
            addresses.append(addr)
    for flag, value, word in opts.all(server.endpoint_flags):
        addr = _endpoint_address(value, flag_origin(flag, value, word), resolve)
        if addr is not None:
            addresses.append(addr)

    host_opt = opts.last(server.host_flags)
    port_opt = opts.last(server.port_flags)
    all_opt = opts.last(server.all_interfaces_flags)
    if port_opt is None and server.positional_port and opts.positionals:
        port_opt = ("", opts.positionals[-1], opts.positionals[-1])
    separate = host_opt or port_opt or all_opt
    if (binds or opts.has(server.endpoint_flags)) and not separate:
        return tuple(addresses), config, None

    # One address from host/port options, variables, configuration and defaults.
    host: str | None
    if all_opt is not None:
        host, host_origin = "", flag_origin(*all_opt)
    elif host_opt is not None:
        resolved = resolve.value(host_opt[1])
        host = None if resolved is None else _norm_host(resolved)
        host_origin = flag_origin(*host_opt)
    else:
        text, host_origin = _setting(server, "host", env, config, env_origin)
        host = None if text is None else _norm_host(text)
    port: int | None
    if port_opt is not None:
        resolved = resolve.value(port_opt[1])
        if resolved == "default" and server.key == "tensorboard":
            resolved = str(server.default_port)
        port = None if resolved is None else _port(resolved)
        port_origin = flag_origin(*port_opt)
    else:
        text, port_origin = _setting(server, "port", env, config, env_origin)
        port = None if text is None else _port(text)
    addresses.append(Address(host, port, host_origin, port_origin))
    return tuple(addresses), config, None


def _detail(flag: str, value: str, word: str) -> str:
    """How an option appears, for messages: `--bind=x`, `-bx` or `--bind x`."""
    if word.startswith("-") or not flag:
        return word
    return f"{flag} {value}"


def _setting(
    server: Server,
    what: str,
    env: Mapping[str, str],
    config: str | None,
    env_origin: Callable[[str, str], Origin],
) -> tuple[str | None, Origin]:
    """The host or port text (`what`) when the command line does not give it.

    Precedence: the server's own variables, then a configuration file (unknown), then
    variables that only change the default (gunicorn's PORT, JUPYTER_PORT), then the default.
    """
    is_port = what == "port"
    names = server.port_env if is_port else server.host_env
    default_names = server.default_port_env if is_port else ()
    for name in names:
        if name in env:
            return env[name], env_origin(name, env[name])
    if config is not None:
        return None, Origin("config", config)
    bind_env = server.default_bind_env
    if bind_env and bind_env in env:
        value = env[bind_env]
        return (value if is_port else ""), env_origin(bind_env, value)
    for name in default_names:
        if name in env:
            return env[name], env_origin(name, env[name])
    if is_port:
        return str(server.default_port), Origin("default", f"the default port of {server.title}")
    return server.default_host, Origin("default", f"the default host of {server.title}")


# -- the start command of a stage ----------------------------------------------------------


def listeners(
    dockerfile: Dockerfile,
    stage: Stage,
    start: StartCommand,
    commands: Callable[[Instruction], Iterable[SimpleCommand]] | None = None,
) -> list[Listener]:
    """Every known server the start command runs, with its addresses located in the file.

    `commands` parses a RUN (pass `Context.commands` to share its cache).
    """
    out: list[Listener] = []
    image_env = dockerfile.final_env(stage)
    exported: dict[str, str] = {}
    facts: _ImageFacts | None = None
    for cmd in start.commands:
        shell = _through_shell(cmd) or start.via_shell
        if cmd.name == "export":
            for word in cmd.args:
                key, eq, value = word.partition("=")
                if eq and key.isidentifier():
                    exported[key] = value
            continue
        found = match(cmd)
        if found is None:
            continue
        server, args = found
        if facts is None:
            facts = _ImageFacts.collect(dockerfile, stage, commands or commands_of)
        command_env = {**exported, **dict(cmd.env)}
        if shell:  # the shell expands `PORT=$X cmd`; a value it cannot expand stays unknown
            resolver = _Resolver(image_env, True)
            for key, value in command_env.items():
                command_env[key] = resolver.value(value) or value
        env = {**image_env, **command_env}
        config = facts.config_reason(server, start, env)
        addresses, config, undecidable = analyse(
            server, args, env, shell=shell, command_env=command_env, config=config
        )
        naming = start.owner(cmd.argv[0])
        located = tuple(
            replace(
                a,
                host_origin=_locate(a.host_origin, dockerfile, stage, start, naming),
                port_origin=_locate(a.port_origin, dockerfile, stage, start, naming),
            )
            for a in addresses
        )
        out.append(
            Listener(
                server=server,
                command=cmd,
                addresses=located,
                config=config,
                undecidable=undecidable,
                naming=naming,
            )
        )
    return out


def _locate(
    origin: Origin,
    dockerfile: Dockerfile,
    stage: Stage,
    start: StartCommand,
    naming: Instruction | None,
) -> Origin:
    ins: Instruction | None = None
    if origin.kind == "env" and origin.env:
        ins = env_instruction(dockerfile, stage, origin.env)
    elif origin.word:
        ins = start.owner(origin.word)
    return replace(origin, instruction=ins or naming)


def env_instruction(dockerfile: Dockerfile, stage: Stage, name: str) -> Instruction | None:
    """The ENV instruction that last set `name` in the stage chain, nearest stage first."""
    for st in dockerfile.stage_chain(stage):
        for ins in reversed(st.instructions):
            if ins.keyword != "ENV":
                continue
            after = st.env.get(name, ins.index + 1)
            if after is not None and after != st.env.get(name, ins.index):
                return ins
        if st.env.get(name) is not None:
            # Set again to the same value: the earliest ENV of the stage that set it.
            for ins in st.instructions:
                if ins.keyword == "ENV" and st.env.get(name, ins.index + 1) is not None:
                    return ins
    return None


# -- what the image holds besides the command ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Copy:
    info: CopyInfo
    dest: str | None  # absolute, None when unresolvable


@dataclass(slots=True)
class _ImageFacts:
    """COPY/ADD destinations, RUN words and the root image of a stage chain, gathered once."""

    copies: list[_Copy]
    words: list[str]  # every COPY/ADD source/destination and RUN argv word
    root_image: str | None

    @classmethod
    def collect(
        cls,
        dockerfile: Dockerfile,
        stage: Stage,
        commands: Callable[[Instruction], Iterable[SimpleCommand]],
    ) -> _ImageFacts:
        copies: list[_Copy] = []
        words: list[str] = []
        for st in reversed(dockerfile.stage_chain(stage)):
            workdir: str | None = "/"
            for ins in st.instructions:
                if ins.keyword == "WORKDIR":
                    workdir = join_workdir(dockerfile, st, ins, workdir)
                elif ins.keyword in ("COPY", "ADD"):
                    lookup = stage_lookup(dockerfile, st, ins.index)
                    info = copy_info(ins, lookup, dockerfile.escape, dockerfile.budget)
                    if info is None:
                        continue
                    dest = _destination(info.destination, lookup, dockerfile, workdir)
                    copies.append(_Copy(info, dest))
                    words.extend(src.text for src in info.sources)
                    words.append(info.destination)
                elif ins.keyword == "RUN":
                    for c in commands(ins):
                        words.extend(c.argv)
                        words.extend(f"{k}={v}" for k, v in c.env)
        root = dockerfile.root_image(stage)
        return cls(copies, words, root.name if root is not None else None)

    def config_reason(
        self, server: Server, start: StartCommand, env: Mapping[str, str]
    ) -> str | None:
        if self.root_image is not None:
            for prefix in server.preconfigured_images:
                if self.root_image.startswith(prefix):
                    return f"the base image {self.root_image} ships its own configuration"
        for name in server.autoload:
            if self._may_provide(name, start.workdir):
                where = start.workdir or "the working directory"
                return f"a {name} may be copied into {where}, where it is loaded automatically"
        for marker in server.config_markers:
            for word in self.words:
                if marker in word:
                    return f"the image may hold a configuration file ({word})"
        return None

    def _may_provide(self, name: str, workdir: str | None) -> bool:
        """Whether some COPY/ADD may put a file `name` right in `workdir`."""
        target = None if workdir is None else posixpath.join(workdir, name)
        for copy in self.copies:
            for src in copy.info.sources:
                if not src.may_provide(name):
                    continue
                if target is None or copy.dest is None or not src.resolved:
                    return True
                by_name = src.basename == name or (
                    src.is_glob and fnmatch.fnmatchcase(name, src.basename or "*")
                )
                if by_name:
                    if target in (copy.dest, posixpath.join(copy.dest, name)):
                        return True
                elif copy.dest == workdir:  # a directory whose content lands in workdir
                    return True
        return False


def _destination(
    text: str, lookup: Callable[[str], str | None], dockerfile: Dockerfile, workdir: str | None
) -> str | None:
    value, ok = dockerfile.expand(text, lookup)
    if not ok or not value:
        return None
    if value.startswith("/"):
        return posixpath.normpath(value)
    if workdir is None:
        return None
    return posixpath.normpath(posixpath.join(workdir, value))


# -- EXPOSE ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Exposed:
    """One EXPOSE word: a port or range and its protocol."""

    instruction: Instruction
    text: str
    low: int | None  # None when unresolvable or malformed
    high: int | None
    protocol: str  # "tcp", "udp", "sctp"

    def covers(self, port: int, protocol: str = "tcp") -> bool:
        if self.low is None or self.high is None:
            return False
        return self.protocol == protocol and self.low <= port <= self.high


def exposed_ports(dockerfile: Dockerfile, stage: Stage) -> list[Exposed]:
    """Every port the stage declares, inherited EXPOSEs included, variables resolved."""
    out: list[Exposed] = []
    for st in reversed(dockerfile.stage_chain(stage)):
        for ins in st.instructions:
            if ins.keyword != "EXPOSE":
                continue

            def lookup(name: str, st: Stage = st, ins: Instruction = ins) -> str | None:
                value = dockerfile.env_at(st, name, ins.index)
                return value if value is not None else st.args.get(name, ins.index)

            for word in ins.value.split():
                value, ok = dockerfile.expand(word, lookup)
                if not ok:
                    out.append(Exposed(ins, word, None, None, "tcp"))
                    continue
                for part in value.split():
                    out.append(_exposed(ins, part))
    return out


def _exposed(ins: Instruction, text: str) -> Exposed:
    ports, _, proto = text.partition("/")
    protocol = (proto or "tcp").lower()
    low_text, dash, high_text = ports.partition("-")
    low = _port(low_text)
    high = _port(high_text) if dash else low
    if low is None or high is None or high < low:
        return Exposed(ins, text, None, None, protocol)
    return Exposed(ins, text, low, high, protocol)


__all__ = [
    "SERVERS",
    "Address",
    "Exposed",
    "Listener",
    "Origin",
    "Server",
    "analyse",
    "env_instruction",
    "exposed_ports",
    "is_loopback",
    "listeners",
    "match",
    "run_time_assumptions",
    "takes_run_time_arguments",
    "uncovered_ports",
]

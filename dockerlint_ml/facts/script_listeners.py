"""The servers a `python predict.py` start command starts, read from the script in the context.

DLM009 and DLM010 judge a server from the start command's flags (`gunicorn --bind ...`).
A script that starts its own server (`app.run()`, `uvicorn.run()`, `waitress.serve()`,
gradio's `launch()`) says where it listens only in its text: when the build context holds
the file the image runs (the COPY that put it there is known, facts/app_files.py), it is
read (at most 1 MiB, never imported or run) and parsed with `ast` (facts/script_servers.py),
and each server found becomes a Listener like the command-line ones. A value read from the
environment (`os.environ.get("PORT", 9696)`) takes the stage's ENV, else its default; a
computed one is unknown, and the rules stay silent on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Stage
from dockerlint_ml.facts.app_files import app_targets, provisions
from dockerlint_ml.facts.context import BuildContext
from dockerlint_ml.facts.script_servers import ScriptServer, ScriptValue, script_servers
from dockerlint_ml.facts.servers import Address, Listener, Origin, Server, env_instruction
from dockerlint_ml.facts.startcmd import StartCommand

# How each framework is named and fixed; the defaults come from facts/script_servers.py.
_FIX = {
    "flask": ('host="0.0.0.0"', "port={port}"),
    "uvicorn": ('host="0.0.0.0"', "port={port}"),
    "waitress": ('host="0.0.0.0"', "port={port}"),
    "gradio": ('server_name="0.0.0.0"', "server_port={port}"),
}


def script_listeners(
    dockerfile: Dockerfile, stage: Stage, start: StartCommand, context: BuildContext
) -> list[Listener]:
    """The servers the scripts the start command runs start, as Listeners."""
    out: list[Listener] = []
    env = dockerfile.final_env(stage)
    for target in app_targets(start):
        if target.kind == "module" and target.command.wrappers[-1:] != ("python -m",):
            continue  # `gunicorn predict:app` imports the module: its `__main__` never runs
        source = _script_source(dockerfile, stage, context, target.image_paths)
        if source is None:
            continue
        text = context.read_text(source)
        servers = script_servers(text) if text is not None else None
        if not servers:
            continue
        reader = _Reader(dockerfile, stage, source, env, dict(target.command.env))
        for found in servers:
            server, address = reader.listener(found)
            out.append(
                Listener(
                    server=server,
                    command=target.command,
                    addresses=(address,),
                    naming=target.instruction,
                )
            )
    return out


def _script_source(
    dockerfile: Dockerfile, stage: Stage, context: BuildContext, paths: tuple[str, ...]
) -> str | None:
    """The context file the image runs at the first of `paths` some COPY provides (the
    last COPY of it wins); None when that is not known exactly."""
    for path in paths:
        found = provisions(dockerfile, stage, path, context)
        if found:
            last = found[-1]
            return last.source if last.exact else None
    return None


@dataclass(frozen=True, slots=True)
class _Reader:
    """Turns a server found in one script into a Listener's server and address."""

    dockerfile: Dockerfile
    stage: Stage
    script: str  # the context file
    env: dict[str, str]  # the stage's ENV
    command_env: dict[str, str]  # `PORT=8080 python app.py`

    def listener(self, found: ScriptServer) -> tuple[Server, Address]:
        fix_host, fix_port = _FIX.get(found.framework, ('host="0.0.0.0"', "port={port}"))
        server = Server(
            key=f"script-{found.framework}",
            title=f"{found.call} in {self.script}",
            invocations=(),
            default_host="",
            default_port=0,
            fix_host=fix_host,
            fix_port=fix_port,
            host_env=("GRADIO_SERVER_NAME",) if found.framework == "gradio" else (),
        )
        gradio = found.framework == "gradio"
        host, host_origin = self.value(found, found.host, "server_name" if gradio else "host")
        port, port_origin = self.value(found, found.port, "server_port" if gradio else "port")
        number: int | None = None
        if port is not None:
            text = str(port).strip()
            number = int(text) if text.isdigit() and 0 < int(text) < 65536 else None
        shown = None if host is None else str(host).strip()
        if shown in ("0.0.0.0", "::", "*"):
            shown = ""  # all interfaces
        return server, Address(shown, number, host_origin, port_origin)

    def value(
        self, found: ScriptServer, value: ScriptValue, what: str
    ) -> tuple[str | int | None, Origin]:
        """The value the server gets and where it comes from; None when it is unknown."""
        at = f"{self.script}:{value.line or found.line}"
        written = Origin("script", f"`{value.text}` at {at}")
        if value.kind == "literal":
            return value.value, written
        if value.kind in ("env", "default") and value.env:
            variable = value.env
            if variable in self.command_env:
                given = self.command_env[variable]
                return given, Origin("command-env", f"{variable}={given}", env=variable)
            if variable in self.env:
                given = self.env[variable]
                ins = env_instruction(self.dockerfile, self.stage, variable)
                return given, Origin("env", f"{variable}={given}", env=variable, instruction=ins)
            if value.value is None:
                return None, written
            unset = f"{variable} not in the image's ENV"
            if value.kind == "env":
                return value.value, Origin("script", f"`{value.text}` at {at}, {unset}")
            return value.value, Origin("script", f"{found.call} at {at} without {what}, {unset}")
        if value.kind == "default":
            return value.value, Origin("script", f"{found.call} at {at} without {what}")
        return None, written  # computed: unknown

"""DLM009 server-bound-to-localhost."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.model import Finding, Severity
from dockerlint_ml.rule import Context, Rule
from dockerlint_ml.servers import Address, Listener, Origin, Server, markdown_table


class ServerBoundToLocalhost(Rule):
    """The container's server listens on a loopback address only, so it cannot be reached.

    Looks at the start command of the final stage (ENTRYPOINT + CMD as Docker combines them,
    inherited from an earlier stage used as base, with wrappers such as `sh -c`,
    `pipenv run` or `python -m` unwrapped) and reports a known server whose every listening
    address is loopback (127.0.0.0/8, `localhost`, `::1`), whether set explicitly or left at
    the server's default. Values are taken from the command line and from the stage's ENV
    (never ARG: build arguments are gone when the container runs). Nothing is reported when
    the address cannot be known: a configuration file is given (`-c`, `--config`), a
    `gunicorn.conf.py` may be copied into the working directory (by name, by a glob, or
    inside a copied directory or `.`) while the bind is left at its default, a variable is
    unset, or the server listens on a Unix socket. Build stages are not checked.

    ## Why is this bad?

    Inside a container, 127.0.0.1 is the container's own loopback interface. `docker run
    -p 8000:8000` forwards traffic to the container's network interface, which a server
    bound to loopback never sees: every request fails with "connection reset" or "empty
    reply", although the server logs that it is running. Several servers (gunicorn, uvicorn,
    flask, mlflow, jupyter, tensorboard, `fastapi dev`) listen on loopback by default, so
    the mistake is leaving the address out rather than writing it wrong.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY predict.py model.bin ./
    EXPOSE 8000
    CMD ["gunicorn", "predict:app"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY predict.py model.bin ./
    EXPOSE 8000
    CMD ["gunicorn", "--bind", "0.0.0.0:8000", "predict:app"]
    ```

    ## Servers

    What the rule knows about each server (the same table drives DLM010):

    {servers}

    ## References

    - Docker, published ports reach the container's network interface, not its loopback:
      https://docs.docker.com/engine/network/#published-ports
    - Docker, how ENTRYPOINT and CMD combine:
      https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact
    - The sources of each server's facts are in the table above.
    """

    code = "DLM009"
    name = "server-bound-to-localhost"
    severity = Severity.ERROR

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        if stage is None:
            return
        for found in ctx.listeners(stage):
            finding = self._check(found)
            if finding is not None:
                yield finding

    def _check(self, found: Listener) -> Finding | None:
        addresses = found.addresses
        if found.undecidable or not addresses:
            return None
        if any(a.host is None for a in addresses) or not all(a.loopback for a in addresses):
            return None
        server = found.server
        first = addresses[0]
        where = first.host_origin.instruction or found.naming
        if where is None:
            return None
        shown = " and ".join(a.display() for a in addresses)
        message = (
            f"{server.title} listens only on {shown} ({_why(server, first.host_origin)}), "
            "a loopback address that nothing outside the container can reach."
        )
        return self.finding(where, message, fix=_fix(server, first))


def _why(server: Server, origin: Origin) -> str:
    """Where a host came from, for the message."""
    if origin.kind == "flag":
        return f"set by `{origin.detail}`"
    if origin.kind == "env":
        return f"set by ENV {origin.detail}"
    if origin.kind == "command-env":
        return f"set by {origin.detail} in the command"
    flags = [f for f in server.bind_flags + server.host_flags if f.startswith("--")]
    variables = list(server.host_env)
    if server.default_bind_env:
        variables.append(server.default_bind_env)
    why = "its default"
    if flags:
        why += f": no `{flags[0]}` given"
    if variables:
        why += ", " if flags else ": "
        why += " or ".join(f"`{v}`" for v in variables) + " not set"
    return why


def _fix(server: Server, address: Address) -> str:
    port = address.port if address.port is not None else server.default_port
    flag = server.fix_host.format(port=port)
    origin = address.host_origin
    if origin.kind in ("env", "command-env") and origin.env and origin.env in server.host_env:
        return f"Set {origin.env}=0.0.0.0, or pass `{flag}` to {server.title}."
    return f"Listen on all interfaces: pass `{flag}` to {server.title}."


ServerBoundToLocalhost.__doc__ = (ServerBoundToLocalhost.__doc__ or "").replace(
    "{servers}", markdown_table().replace("\n", "\n    ")
)

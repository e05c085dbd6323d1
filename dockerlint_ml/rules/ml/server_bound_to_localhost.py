"""DLM009 server-bound-to-localhost."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.dockerfile.positions import SourceMap
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.servers import (
    Address,
    Exposed,
    Listener,
    Origin,
    Server,
    exposed_ports,
    markdown_table,
    run_time_assumptions,
    uncovered_ports,
)
from dockerlint_ml.facts.startcmd import StartCommand
from dockerlint_ml.facts.tokens import after


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

    What only run time can change is stated, not ignored: gunicorn with no `--bind` binds
    `0.0.0.0:$PORT` when a platform (Heroku, Cloud Run) sets `PORT`, and `docker run IMAGE
    ARGS` appends arguments to an exec-form ENTRYPOINT that has no CMD; a message about a
    default then begins "Unless PORT is set at run time..." or "Unless `docker run` adds
    arguments...". When the server's port is also outside every EXPOSE (no bind at all, or a
    loopback bind on another port), the message says so and the fix hint uses the exposed
    port, so one change settles both; DLM010 then stays silent on that server (unless
    DLM009 is not selected).

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

    ## Fix

    Unsafe: the loopback host of the flag or variable that sets it becomes `0.0.0.0` (the
    port kept: `--bind 127.0.0.1:9696` becomes `--bind 0.0.0.0:9696`), or, for a server left
    at its default, its own flag is added right after the words that start it (`gunicorn
    --bind 0.0.0.0:8000 ...`, `uvicorn --host 0.0.0.0 ...`; in the instruction's form, exec
    or shell). The server then answers on every interface of the container: one kept on
    loopback on purpose, behind a proxy in the same container or a sidecar, becomes
    reachable by anything that can reach the container. A port outside every EXPOSE is left
    to DLM010's fix. Not offered for a server started by a script (the call is in another
    file) or when the words cannot be located exactly (inside `sh -c "..."`, the host
    appearing twice in the word).

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
    fixable = "unsafe"

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        if stage is None:
            return
        exposed = exposed_ports(dockerfile, stage)
        start = ctx.start_command(stage)
        for found in ctx.listeners(stage):
            finding = self._check(ctx, found, exposed, start)
            if finding is not None:
                yield finding

    def _check(
        self, ctx: Context, found: Listener, exposed: list[Exposed], start: StartCommand | None
    ) -> Finding | None:
        if not found.loopback_only:
            return None
        addresses = found.addresses
        server = found.server
        first = addresses[0]
        where = first.host_origin.instruction or found.naming
        if where is None:
            return None
        shown = " and ".join(a.display() for a in addresses)
        message = (
            f"{server.title} listens only on {shown} ({_why(server, first.host_origin)}), "
            "a loopback address that nothing outside the container can reach"
        )
        unless = run_time_assumptions(found, start, first.host_origin)
        if unless:
            message = f"Unless {' or '.join(unless)}, {message}"
        # The port fact DLM010 would report: one fix (the flag below) settles both.
        uncovered = uncovered_ports(found, exposed)
        target: int | None = None
        if uncovered:
            declared = ", ".join(dict.fromkeys(e.text for e in exposed))
            listed = ", ".join(str(p) for p in uncovered)
            are = f"ports {listed} are" if len(uncovered) > 1 else f"port {listed} is"
            message += f"; {are} not exposed either (EXPOSE declares only {declared})"
            target = next((e.low for e in exposed if e.protocol == "tcp"), None)
        autofix = _autofix(ctx, found, first)
        return self.finding(
            where,
            message + ".",
            fix=_fix(server, first, target),
            at=_token(ctx, where, first.host_origin),
            autofix=autofix,
        )


def _autofix(ctx: Context, found: Listener, address: Address) -> Fix | None:
    """All interfaces instead of loopback, on the same port: the loopback host of a flag or
    variable becomes 0.0.0.0, or a server left at its default gets the flag that says so.
    None when the words to edit cannot be located exactly."""
    server = found.server
    origin = address.host_origin
    host = address.host
    if server.key.startswith("script-") or not host:
        return None  # a script's server: its call is in another file
    if origin.kind == "flag" and origin.word is not None and origin.instruction is not None:
        edit = _replace_host(ctx.source_map(origin.instruction), [origin.word], host)
    elif origin.kind in ("env", "command-env") and origin.env:
        holder = origin.instruction or found.naming
        if holder is None:
            return None
        source = ctx.source_map(holder)
        edit = _replace_host(source, [f"{origin.env}={host}"], host)
        if edit is None and holder.keyword == "ENV":
            edit = _replace_host(source, [origin.env, host], host)  # legacy `ENV K V`
    elif origin.kind == "default" and found.naming is not None and server.fix_host:
        edit = _add_flag(ctx, found, address)
    else:
        return None
    if edit is None:
        return None
    return Fix("Listen on all interfaces (0.0.0.0)", UNSAFE, (edit,))


def _token(ctx: Context, where: Instruction, origin: Origin) -> Span | None:
    """The words that set the loopback host (`--bind 127.0.0.1:9696`, `--host=localhost`,
    `UVICORN_HOST=127.0.0.1`), when the source holds them once; else None (the whole
    instruction)."""
    if origin.instruction is not where or origin.kind not in ("flag", "env"):
        return None
    source = ctx.source_map(where)
    for words in (origin.detail.split(), [origin.word] if origin.word else []):
        if words and source.count(words) == 1:
            found = source.find(words)
            if found is not None:
                return source.span(*found)
    return None


def _replace_host(source: SourceMap, words: list[str], host: str) -> Edit | None:
    """The loopback `host` inside the last of `words` (located once in the source) replaced
    with 0.0.0.0; an IPv6 host in brackets loses them."""
    if source.count(words) != 1:
        return None
    found = source.find(words)
    if found is None:
        return None
    raw = source.text[found[0] : found[1]]
    last = raw.rfind(words[-1]) if len(words) > 1 else 0
    if last < 0:
        return None
    target = f"[{host}]" if f"[{host}]" in raw[last:] else host
    at = raw.find(target, last)
    if at < 0 or raw.count(target, last) != 1:
        return None
    start = found[0] + at
    return Edit(source.span(start, start + len(target)), "0.0.0.0")


def _add_flag(ctx: Context, found: Listener, address: Address) -> Edit | None:
    """`--bind 0.0.0.0:PORT` (the server's own flag, as the hint writes it) inserted right
    after the words that start the server, in the form of the instruction naming it."""
    server = found.server
    naming = found.naming
    command = found.command
    if naming is None or not command.argv:
        return None
    port = address.port if address.port is not None else server.default_port
    flag = server.fix_host.format(port=port).partition(" (")[0].split()
    source = ctx.source_map(naming)
    name = _basename(command.argv[0])
    for inv in server.invocations:
        if inv[0] != name:
            continue
        words = [command.argv[0], *inv[1:]]
        if source.count(words) != 1:
            continue
        located = source.find(words)
        if located is None:
            return None
        end = located[1]
        target = naming.inner if naming.inner is not None else naming
        if target.form == "exec":
            text = "".join(f", {json.dumps(w)}" for w in flag)
        else:
            text = "".join(f" {w}" for w in flag)
        return Edit(after(source, end), text)
    return None


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _why(server: Server, origin: Origin) -> str:
    """Where a host came from, for the message."""
    if origin.kind == "flag":
        return f"set by `{origin.detail}`"
    if origin.kind == "env":
        return f"set by ENV {origin.detail}"
    if origin.kind == "command-env":
        return f"set by {origin.detail} in the command"
    if origin.kind == "script":
        return origin.detail
    flags = [f for f in server.bind_flags + server.host_flags if f.startswith("--")]
    variables = list(server.host_env)
    why = "its default"
    if flags:
        why += f": no `{flags[0]}` given"
    if variables:
        why += ", " if flags else ": "
        why += " or ".join(f"`{v}`" for v in variables) + " not set"
    if server.default_bind_env:
        why += ", " if flags or variables else ": "
        why += f"no `{server.default_bind_env}` in the image's ENV"
    return why


def _fix(server: Server, address: Address, target: int | None) -> str:
    """How to listen on all interfaces, on `target` (the exposed port) when given."""
    if server.key.startswith("script-"):
        # A server the script starts: the fix is an argument of its call.
        fix = f"Listen on all interfaces: pass `{server.fix_host}` to {server.title}"
        if target is not None:
            fix += f", and listen on {target} (`{server.fix_port.format(port=target)}`)"
        if server.host_env:
            fix += f", or set ENV {server.host_env[0]}=0.0.0.0"
        return fix + "."
    port = target if target is not None else address.port
    if port is None:
        port = server.default_port
    # `fix_host` may end with a remark in parentheses: it goes after the flags.
    flag, paren, remark = server.fix_host.format(port=port).partition(" (")
    if target is not None and "{port}" not in server.fix_host:
        flag += " " + server.fix_port.format(port=port)  # `--host 0.0.0.0` keeps the port
    tail = f" ({remark}" if paren else ""
    origin = address.host_origin
    if origin.kind in ("env", "command-env") and origin.env and origin.env in server.host_env:
        return f"Set {origin.env}=0.0.0.0, or pass `{flag}` to {server.title}{tail}."
    fix = f"Listen on all interfaces: pass `{flag}` to {server.title}{tail}"
    if origin.kind == "default" and server.default_bind_env:
        variable = server.default_bind_env
        fix += f", or, to keep honouring a {variable} set at run time, set ENV {variable}={port}"
    return fix + "."


ServerBoundToLocalhost.__doc__ = (ServerBoundToLocalhost.__doc__ or "").replace(
    "{servers}", markdown_table().replace("\n", "\n    ")
)

"""DLM010 exposed-port-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dockerlint_ml.dockerfile.edits import insert_after
from dockerlint_ml.dockerfile.model import SAFE, Dockerfile, Finding, Fix, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.servers import (
    Exposed,
    Listener,
    Origin,
    exposed_ports,
    run_time_assumptions,
    uncovered_ports,
)
from dockerlint_ml.facts.startcmd import StartCommand


class ExposedPortMismatch(Rule):
    """The server listens on a port that no EXPOSE of the final stage declares.

    Applies when the final stage (with the stages it is built on) has at least one EXPOSE and
    its start command runs a known server (see the server table of DLM009). The server's
    ports come from the command line, the stage's ENV, or the server's default. EXPOSE
    ranges (`8000-8010`) and protocol suffixes are understood: `9696/udp` does not cover a
    TCP server. Variables in EXPOSE are resolved from the ENV and ARG of the stage chain.
    Nothing is reported when a port cannot be known (an unset variable, a configuration
    file, a Unix socket) or an EXPOSE word cannot be resolved; a server listening on
    several ports is reported only when none of them is exposed. A server that listens on
    loopback only is left to DLM009, whose message and fix cover the port too; where DLM009
    is not reported (`--ignore DLM009`, a pragma or a per-file ignore) this rule reports
    it. A port left at the default that run time may change (`PORT` for gunicorn,
    arguments appended to an ENTRYPOINT with no CMD) is reported with that assumption
    stated.

    ## Why is this bad?

    EXPOSE is the image's statement of where its service listens: `docker run -P`, Docker
    Compose readers, platform defaults and the next maintainer all trust it. When it names
    one port and the server binds another (EXPOSE 9696 with uvicorn on its default 8000),
    `docker run -p 9696:9696` forwards to a port nobody listens on and every request fails,
    while both lines look right on their own.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY main.py ./
    EXPOSE 9696
    CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY main.py ./
    EXPOSE 9696
    CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "9696"]
    ```

    ## Fix

    Safe: `EXPOSE PORT` (the server's port) is added on a line of its own below the final
    stage's last EXPOSE, cased and indented like it. EXPOSE only documents a port: the
    server, its address and every other instruction stay as they are, and `docker run -p`
    works the same; only `docker run -P` publishes one more port, the one the server
    listens on. Not offered when the EXPOSEs are all in a parent stage (another stage
    built on it would get the port too).

    ## References

    - Docker, EXPOSE (ports, ranges, protocols; documentation between builder and runner):
      https://docs.docker.com/reference/dockerfile/#expose
    - Docker, `docker run -P` publishes the exposed ports:
      https://docs.docker.com/reference/cli/docker/container/run/#publish-all
    - Server defaults and flags, with their sources: the table in DLM009's documentation.
    """

    code = "DLM010"
    name = "exposed-port-mismatch"
    severity = Severity.WARNING
    fixable = "safe"

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        if stage is None:
            return
        exposed = exposed_ports(dockerfile, stage)
        if not exposed or any(e.low is None for e in exposed):
            return
        start = ctx.start_command(stage)
        for found in ctx.listeners(stage):
            finding = self._check(dockerfile, found, exposed, start)
            if finding is None:
                continue
            if found.loopback_only:
                # DLM009's message and fix cover the port of a loopback-only server: this
                # finding stands only where DLM009's is not reported (ignored, suppressed).
                finding = replace(finding, subsumed_by="DLM009")
            yield finding

    def _check(
        self,
        dockerfile: Dockerfile,
        found: Listener,
        exposed: list[Exposed],
        start: StartCommand | None,
    ) -> Finding | None:
        known = uncovered_ports(found, exposed)
        if not known:
            return None
        server = found.server
        first = found.addresses[0]
        where = first.port_origin.instruction or found.naming
        if found.loopback_only:
            # Where DLM009 reports the same listener (its finding subsumes this one by
            # span): the host's instruction, not the port's (ENV PORT=... elsewhere).
            where = first.host_origin.instruction or found.naming
        if where is None:
            return None
        shown = ", ".join(str(p) for p in known)
        declared = ", ".join(dict.fromkeys(e.text for e in exposed))
        port_word = "ports" if len(known) > 1 else "port"
        message = (
            f"{server.title} listens on {port_word} {shown} ({_why(first.port_origin)}) but "
            f"EXPOSE declares only {declared}, so the published port reaches no server."
        )
        unless = run_time_assumptions(found, start, first.port_origin)
        if unless:
            message = f"Unless {' or '.join(unless)}, {message}"
        target = next((e.low for e in exposed if e.protocol == "tcp"), None)
        if target is not None:
            flag = server.fix_port.format(port=target)
            fix = f"Make {server.title} listen on {target} (`{flag}`), or EXPOSE {known[0]}."
        else:
            fix = f"EXPOSE {known[0]}/tcp."
        return self.finding(where, message, fix=fix, autofix=_expose(dockerfile, exposed, known[0]))


def _expose(dockerfile: Dockerfile, exposed: list[Exposed], port: int) -> Fix | None:
    """`EXPOSE PORT` on a line of its own below the final stage's last EXPOSE (not one of
    a parent stage: other stages built on it would get the port too)."""
    last = exposed[-1].instruction
    final = dockerfile.final_stage
    if final is None or last.stage != final.index:
        return None
    edit = insert_after(dockerfile, last, "EXPOSE", str(port))
    return Fix(f"Add EXPOSE {port}", SAFE, (edit,))


def _why(origin: Origin) -> str:
    if origin.kind == "flag":
        return f"set by `{origin.detail}`"
    if origin.kind == "env":
        return f"set by ENV {origin.detail}"
    if origin.kind == "command-env":
        return f"set by {origin.detail} in the command"
    return origin.detail

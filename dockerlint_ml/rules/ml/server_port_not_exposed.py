"""DLM011 server-port-not-exposed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.servers import (
    Address,
    Listener,
    Origin,
    exposed_ports,
    run_time_assumptions,
)
from dockerlint_ml.facts.startcmd import StartCommand

# Base images whose own Dockerfiles declare no EXPOSE, so that the file's EXPOSEs are all
# the image has (an image's EXPOSE is inherited: jupyter/*-notebook declares 8888, the s2i
# Python images 8080). Other bases, including those without facts, are undecidable.
_NO_EXPOSE_BASES = frozenset(
    {
        "python",
        "ghcr.io/astral-sh/uv",
        "node",
        "golang",
        "debian",
        "ubuntu",
        "alpine",
        "buildpack-deps",
        "busybox",
        "nvidia/cuda",
        "pytorch/pytorch",
    }
)


class ServerPortNotExposed(Rule):
    """The server listens on a port that the image does not declare with EXPOSE.

    Applies when the final stage (with the stages it is built on) has no EXPOSE at all and
    its start command runs a known server (the server table of DLM009) on a port the file
    determines: from the command line, the stage's ENV or the server's default. Only bases
    whose own Dockerfiles declare no EXPOSE are judged (the official python, node, golang,
    debian, ubuntu, alpine, buildpack-deps and busybox images, ghcr.io/astral-sh/uv,
    nvidia/cuda, pytorch/pytorch): an image inherits its base's EXPOSE, and a base we know
    nothing about may declare one. Nothing is reported for a port that cannot be known (an
    unset variable, a configuration file, a Unix socket). Servers listening on several
    ports, or several servers, give one finding listing every determined port. A server
    that listens on loopback only is left to DLM009, whose fix comes first (no `-p` reaches
    it); where DLM009 is not reported (`--ignore DLM009`, a pragma) this rule reports it,
    saying that `-p` reaches it only once it listens on all interfaces. A port left at the
    default that run time may change (`PORT` for gunicorn, arguments appended to an
    ENTRYPOINT with no CMD) is reported with that assumption stated. Build stages are not
    checked; nor is a final stage on any other base (a user's own base included).

    ## Why is this bad?

    EXPOSE is where an image says which port its service listens on: `docker run -P`,
    Compose files, orchestrators' defaults and the next maintainer read it. Without it,
    nothing in the image tells how to reach the server, and it is easy to forget that
    EXPOSE never published anything anyway: `docker run IMAGE` without `-p 8000:8000` starts
    a server that nothing outside the container can reach, which looks exactly like a
    server that failed to start.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY main.py ./
    CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY main.py ./
    EXPOSE 8000
    CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
    ```

    Then run it with `docker run -p 8000:8000 IMAGE`.

    ## References

    - Docker, EXPOSE documents the port and does not publish it:
      https://docs.docker.com/reference/dockerfile/#expose
    - Docker, publishing ports with `docker run -p` and `-P`:
      https://docs.docker.com/engine/network/#published-ports
    - Server defaults and flags, with their sources: the table in DLM009's documentation.
    - Bases without EXPOSE, from their Dockerfiles: https://github.com/docker-library/python,
      https://gitlab.com/nvidia/container-images/cuda,
      https://github.com/astral-sh/uv/blob/main/Dockerfile,
      https://github.com/pytorch/pytorch/blob/main/Dockerfile; a base that declares one:
      https://github.com/jupyter/docker-stacks/blob/main/images/base-notebook/Dockerfile
      (`EXPOSE 8888`).
    """

    code = "DLM011"
    name = "server-port-not-exposed"
    severity = Severity.INFO

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        if stage is None:
            return
        root, facts = ctx.root_facts(stage)
        if root is None or facts is None or root.name not in _NO_EXPOSE_BASES:
            return
        listeners = ctx.listeners(stage)
        if not listeners or exposed_ports(dockerfile, stage):
            return
        reachable: list[tuple[Listener, list[Address]]] = []
        loopback: list[tuple[Listener, list[Address]]] = []
        for found in listeners:
            if found.undecidable is not None:
                continue
            if found.loopback_only:
                known = [a for a in found.addresses if a.port is not None]
                if known:
                    loopback.append((found, known))
                continue
            known = [a for a in found.addresses if a.port is not None and not a.loopback]
            if known and found.naming is not None:
                reachable.append((found, known))
        start = ctx.start_command(stage)
        if reachable:
            first = reachable[0][0]
            assert first.naming is not None
            yield self._finding(first.naming, reachable, start)
        elif loopback:
            # DLM009 reports this server (and reaching it needs its fix first): this finding
            # stands only where DLM009's is not reported. It goes where DLM009's goes, so
            # that the engine sees one covering the other.
            found, addresses = loopback[0]
            where = addresses[0].host_origin.instruction or found.naming
            if where is not None:
                yield replace(self._loopback(where, found, addresses), subsumed_by="DLM009")

    def _loopback(self, where: Instruction, found: Listener, addresses: list[Address]) -> Finding:
        """For a loopback-only server, `-p` alone does not reach it: the message says so."""
        server = found.server
        port = addresses[0].port
        shown = " and ".join(a.display() for a in addresses)
        message = (
            f"{server.title} listens on {shown} (loopback only) and no EXPOSE documents port "
            f"{port}; `docker run -p {port}:{port}` reaches it only once it listens on all "
            "interfaces."
        )
        flag = server.fix_host.format(port=port).partition(" (")[0]
        fix = (
            f"Pass `{flag}` to {server.title}, add `EXPOSE {port}`, and publish with "
            f"`docker run -p {port}:{port} IMAGE`."
        )
        return self.finding(where, message, fix=fix)

    def _finding(
        self,
        where: Instruction,
        servers: list[tuple[Listener, list[Address]]],
        start: StartCommand | None,
    ) -> Finding:
        ports: list[int] = []
        described: list[str] = []
        for found, addresses in servers:
            own = list(dict.fromkeys(a.port for a in addresses if a.port is not None))
            ports.extend(p for p in own if p not in ports)
            listed = ", ".join(str(p) for p in own)
            word = "ports" if len(own) > 1 else "port"
            described.append(f"{found.server.title} on {word} {listed}")
        first, addresses = servers[0]
        origin = addresses[0].port_origin
        if len(servers) == 1 and len(ports) == 1:
            subject = f"{first.server.title} listens on port {ports[0]}"
            if origin.kind != "flag":  # a flag is in plain sight on the reported line
                subject += f" ({_why(origin)})"
        else:
            subject = "the image runs " + " and ".join(described)
        them = "it" if len(ports) == 1 else "them"
        flags = " ".join(f"-p {p}:{p}" for p in ports)
        message = (
            f"{subject} but no EXPOSE documents {them}; with or without one, `docker run` "
            f"needs `{flags}`."
        )
        unless = run_time_assumptions(first, start, origin)
        if unless:
            message = f"Unless {' or '.join(unless)}, {message}"
        elif message.startswith("the "):
            message = "T" + message[1:]
        exposed = " ".join(str(p) for p in ports)
        fix = (
            f"Add `EXPOSE {exposed}` to the final stage, and publish with "
            f"`docker run {flags} IMAGE`."
        )
        return self.finding(where, message, fix=fix)


def _why(origin: Origin) -> str:
    """Where a port that no flag gives came from, for the message."""
    if origin.kind == "env":
        return f"set by ENV {origin.detail}"
    if origin.kind == "command-env":
        return f"set by {origin.detail} in the command"
    return origin.detail

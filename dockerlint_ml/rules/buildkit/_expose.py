"""EXPOSE words as BuildKit's dispatchExpose reads them: each word expanded with the
stage's variables (then split at blanks), and each port spec `[ip:][host:]port[/proto]`
split as its portSpecs does, so that BK020 and BK021 see the same specs."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage
from dockerlint_ml.dockerfile.parser import raw_words
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.facts.copies import stage_lookup

_PROTOCOLS = frozenset({"tcp", "udp", "sctp"})


@dataclass(frozen=True, slots=True)
class PortSpec:
    """One port spec of an EXPOSE, after expansion."""

    text: str  # as expanded, e.g. `127.0.0.1:8080:80/TCP`
    host_ip: str
    host_port: str
    protocol: str  # as written; "" when absent


def port_specs(
    dockerfile: Dockerfile, stage: Stage, instruction: Instruction
) -> Iterator[PortSpec]:
    """The EXPOSE's port specs in order, up to the first one BuildKit rejects (it stops
    the build there: no protocol it knows, or no port). A word whose variables are not all
    known (a base image's ENV, an ARG without a default) is left out: its value is not
    known here."""
    words = raw_words(instruction.value)
    if not words:
        return
    plain = stage_lookup(dockerfile, stage, instruction.index)

    def lookup(name: str) -> str | Unknown | None:
        value = plain(name)
        # An ENV whose own value could not be resolved is kept as written, `$` and all.
        return UNKNOWN if value is not None and "$" in value else value

    for word in words:
        if "$" in word:
            value, known = dockerfile.expand(word, lookup)
            if not known:
                continue
            specs = value.split()
        else:
            value, _ = dockerfile.expand(word, lookup)
            specs = [value]
        for spec in specs:
            parsed = _split(spec)
            if parsed is None:
                return
            yield parsed
            if not _valid(parsed):
                return


def _split(spec: str) -> PortSpec | None:
    """portSpecs.splitParts then splitProtoPort; None where BuildKit fails the build."""
    parts = spec.split(":")
    if len(parts) == 1:
        host_ip, host_port, container = "", "", parts[0]
    elif len(parts) == 2:
        host_ip, host_port, container = "", parts[0], parts[1]
    else:
        host_ip, host_port, container = ":".join(parts[:-2]), parts[-2], parts[-1]
    port, _, protocol = container.partition("/")
    if not port or (protocol and protocol.lower() not in _PROTOCOLS):
        return None
    return PortSpec(spec, host_ip, host_port, protocol)


def _valid(spec: PortSpec) -> bool:
    """Whether BuildKit goes on after this spec (its IP and ports parse)."""
    ip = spec.host_ip
    if ip.startswith("["):
        if not ip.endswith("]"):
            return False
        ip = ip[1:-1]
    if ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return False
    port = spec.text.rpartition(":")[2].partition("/")[0]
    container = _port_range(port)
    if container is None:
        return False
    if spec.host_port:
        host = _port_range(spec.host_port)
        if host is None:
            return False
        if container[1] != container[0] and host[1] - host[0] != container[1] - container[0]:
            return False
    return True


def _port_range(text: str) -> tuple[int, int] | None:
    """`8000` or `8000-9000` as (start, end); None when it is not one (parsePortRange)."""
    start_text, dash, end_text = text.partition("-")
    start = _port_number(start_text)
    if start is None:
        return None
    if not dash or start_text == end_text:
        return start, start
    end = _port_number(end_text)
    if end is None or end < start:
        return None
    return start, end


def _port_number(text: str) -> int | None:
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits.isdigit() or not digits.isascii():
        return None
    number = int(text)
    return number if 0 <= number <= 65535 else None

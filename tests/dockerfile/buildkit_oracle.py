"""Our model rendered in BuildKit's own terms, for the differential tests: the node arguments
of each instruction (what the `dockerfile` package returns as `value`) and BuildKit's
`AST.Dump()` text (what the buildkit-parser `result` files hold)."""

from __future__ import annotations

import json

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.dockerfile.parser import _split_flags, arg_words, key_values

_WHOLE = {"USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER"}
_MAYBE_JSON = {"RUN", "CMD", "ENTRYPOINT", "SHELL"}
_JSON_TO_LIST = {"COPY", "ADD", "VOLUME"}


def go_quote(text: str) -> str:
    """Go's strconv.Quote for the characters Dockerfiles hold."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch in "\a\b\f\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def node_args(ins: Instruction) -> tuple[str, ...]:
    """The argument nodes BuildKit's parser builds for an instruction."""
    kw = ins.keyword
    value = ins.value
    if kw in _MAYBE_JSON or kw in _JSON_TO_LIST:
        if ins.form == "exec" and ins.argv is not None:
            return ins.argv
        if kw in _MAYBE_JSON:
            return (value,) if value else ()
        return tuple(value.split())
    if kw in ("ENV", "LABEL"):
        out: list[str] = []
        for key, val in key_values(value) or []:
            out += [key, val]
        return tuple(out)
    if kw == "ARG":
        return tuple(k if v is None else f"{k}={v}" for k, v in arg_words(value))
    if kw == "HEALTHCHECK":
        head = value.split(None, 1)
        if not head:
            return ()
        if head[0].upper() == "CMD" and ins.form == "exec" and ins.argv is not None:
            return (head[0], *ins.argv)
        return tuple(head)
    if kw in _WHOLE:
        return (value,) if value else ()
    if kw == "ONBUILD":
        return ()
    return tuple(value.split()) if kw in {"FROM", "EXPOSE"} else (value,)


def _env_triplets(ins: Instruction) -> list[str]:
    value = ins.value
    legacy = bool(value) and "=" not in value.split(None, 1)[0]
    parts: list[str] = []
    for key, val in key_values(value) or []:
        parts += [go_quote(key), go_quote(val), go_quote("" if legacy else "=")]
    return parts


def dump(ins: Instruction) -> str:
    """One line of BuildKit's AST.Dump() for an instruction."""
    text = ins.keyword.lower()
    if ins.flags:
        flags = ["--" + f.name + ("" if f.value is None else "=" + f.value) for f in ins.flags]
        text += " [" + " ".join(go_quote(f) for f in flags) + "]"
    if ins.keyword == "ONBUILD" and ins.inner is not None:
        return f"{text} ({dump(ins.inner)})"
    if ins.keyword in ("ENV", "LABEL"):
        parts = _env_triplets(ins)
    elif ins.keyword == "HEALTHCHECK" and ins.form == "shell":
        head = ins.value.split(None, 1)
        parts = (
            [go_quote(head[0]), go_quote(_split_flags(head[1])[0].strip())]
            if len(head) > 1
            else [go_quote(head[0])]
        )
    else:
        parts = [go_quote(a) for a in node_args(ins)]
    return " ".join([text, *parts]).strip()


def dump_all(instructions: tuple[Instruction, ...]) -> str:
    return "".join(f"({dump(i)})\n" for i in instructions)


def json_args(text: str) -> list[str] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, list) else None

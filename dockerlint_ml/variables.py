"""Shell-word processing as BuildKit applies it to ENV, ARG, FROM, EXPOSE and WORKDIR values:
quote removal, escapes, and `$VAR` / `${VAR}` / `${VAR:-word}` / `${VAR:+word}` substitution.
"""

from __future__ import annotations

from collections.abc import Callable

Lookup = Callable[[str], "str | None"]


def _name_end(text: str, start: int) -> int:
    end = start
    n = len(text)
    while end < n and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return end


def _find_close(text: str, start: int) -> int:
    """Index of the `}` closing a `${` whose body starts at `start`, or -1."""
    depth = 1
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def expand(text: str, lookup: Lookup, escape: str = "\\") -> tuple[str, bool]:
    """Process one shell word; returns the result and whether every variable resolved.

    Unresolved variables expand to "" (as BuildKit does) and flip the flag, so a caller can
    tell a value it may trust from one it may not. Runs in one pass over the text.
    """
    if "$" not in text and "'" not in text and '"' not in text and escape not in text:
        return text, True  # nothing to process: the common case, kept cheap
    out: list[str] = []
    ok = True
    quote: str | None = None
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == escape and quote != "'":
            if i + 1 < n:
                nxt = text[i + 1]
                if quote == '"' and nxt not in ('"', "$", escape):
                    out.append(c)
                out.append(nxt)
                i += 2
            else:
                i += 1
            continue
        if quote is None and c in ("'", '"'):
            quote = c
            i += 1
            continue
        if quote is not None and c == quote:
            quote = None
            i += 1
            continue
        if c == "$" and quote != "'" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "{":
                close = _find_close(text, i + 2)
                if close < 0:
                    out.append(text[i:])
                    return "".join(out), False
                body = text[i + 2 : close]
                value, resolved = _expand_braced(body, lookup, escape)
                ok = ok and resolved
                out.append(value)
                i = close + 1
                continue
            end = _name_end(text, i + 1)
            if end > i + 1:
                name = text[i + 1 : end]
                value_or_none = lookup(name)
                if value_or_none is None:
                    ok = False
                    value_or_none = ""
                out.append(value_or_none)
                i = end
                continue
        out.append(c)
        i += 1
    return "".join(out), ok


def _expand_braced(body: str, lookup: Lookup, escape: str) -> tuple[str, bool]:
    end = _name_end(body, 0)
    name = body[:end]
    rest = body[end:]
    value = lookup(name) if name else None
    if not rest:
        return (value or "", value is not None)
    for op in (":-", ":+", ":?", "-", "+", "?"):
        if rest.startswith(op):
            word = rest[len(op) :]
            empty_counts = op.startswith(":")
            is_set = value is not None and (value != "" or not empty_counts)
            if op.endswith("-"):
                if is_set:
                    return value or "", True
                return expand(word, lookup, escape)
            if op.endswith("+"):
                if is_set:
                    return expand(word, lookup, escape)
                # Unset: empty; but unknown-ness matters only when the variable is unknown.
                return "", value is not None
            return (value or "", value is not None)
    # Pattern operators (${X#p}, ${X%p}, ${X/a/b}) are rare in Dockerfiles: treat as unknown.
    return "", False

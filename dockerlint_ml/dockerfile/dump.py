"""The parsed model as JSON (`dockerlint-ml parse`), for rule authors and bug reports."""

from __future__ import annotations

from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction


def instruction_json(ins: Instruction) -> dict[str, Any]:
    flags: dict[str, list[str | None]] = {}
    for f in ins.flags:
        flags.setdefault(f.name, []).append(f.value)
    return {
        "keyword": ins.keyword,
        "start_line": ins.span.line,
        "end_line": ins.span.end_line,
        "stage": ins.stage,
        "flags": flags,
        "form": ins.form,
        "value": ins.value,
        "argv": list(ins.argv) if ins.argv is not None else None,
        "heredocs": [{"delimiter": h.delimiter, "body": h.body} for h in ins.heredocs],
    }


def dockerfile_json(df: Dockerfile, file: str) -> dict[str, Any]:
    return {
        "file": file,
        "directives": dict(df.directives),
        "instructions": [instruction_json(i) for i in df.instructions],
        "errors": [{"line": e.line, "message": e.message} for e in df.errors],
    }

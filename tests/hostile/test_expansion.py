"""Variable expansion on hostile input (issue 8, item 1): values that double on every line
and `${...}` nested thousands deep are linted and parsed under the documented memory bound,
with no traceback (the old parser needed 2^40 characters for 40 lines of `ENV A=$A$A`, and
raised RecursionError at 500 nested defaults)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import run_capped

HEAD = "FROM python:3.12-slim\n"
DEEP = 100_000

INPUTS = {
    "env-doubling-unknown": HEAD + "ENV A=$A$A\n" * 40,
    "env-doubling-known": HEAD + "ENV A=x\n" + "ENV A=$A$A\n" * 40,
    "env-doubling-then-used": HEAD + "ENV A=x\n" + "ENV A=$A$A\n" * 40 + "ENV B=${A}$A$U\n" * 40,
    "arg-doubling-global": "ARG A=x\n" + "ARG A=${A}${A}\n" * 40 + HEAD + "ARG A\nENV B=$A$A\n",
    "arg-doubling-stage": HEAD + "ARG A=x\n" + "ARG A=$A$A\n" * 40 + "ENV B=$A\n",
    "arg-doubling-unknown": HEAD + "ARG A=$U\n" + "ARG A=$A$A\n" * 40,
    **{
        f"nested-default-{n}": HEAD + "ENV X=" + "${U:-" * n + "x" + "}" * n + "\n"
        for n in (500, 5_000, 100_000)
    },
    "nested-alternative": HEAD
    + "ENV A=a\nENV X="
    + "${A:+" * 100_000
    + "$A"
    + "}" * 100_000
    + "\n",
    "nested-unclosed": HEAD + "ENV X=" + "${U:-" * DEEP + "x\n",
}


def _write(tmp_path: Path, name: str) -> tuple[Path, int]:
    path = tmp_path / "Dockerfile"
    data = INPUTS[name].encode("utf-8")
    path.write_bytes(data)
    return path, len(data)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_linted_within_the_bound(tmp_path: Path, name: str) -> None:
    path, size = _write(tmp_path, name)
    out = run_capped(["--format", "json", "--fail-on", "never", str(path)], input_bytes=size)
    assert (out.returncode, out.problem_lines) == (0, [])
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_parsed_within_the_bound(tmp_path: Path, name: str) -> None:
    path, size = _write(tmp_path, name)
    out = run_capped(["parse", str(path)], input_bytes=size)
    assert (out.returncode, out.problem_lines) == (0, [])
    (document,) = json.loads(out.stdout)
    lines = INPUTS[name].splitlines()
    assert [i["keyword"] for i in document["instructions"]] == [line.split()[0] for line in lines]
    assert document["errors"] == []

"""Large and deep files through the parser (issue 8, item 2, the parser and model part):
long quoted ENV, LABEL and heredoc words, a 1 MB RUN, a 5 MB word and 30,000 chained stages
are linted and parsed under the documented memory bound, with no traceback.

The quadratic passes these replace (WordSplitter on long words, every FROM scanning the
earlier stages, chain walks per lookup) needed hours at these sizes, which the harness's
hang guard turns into a failure; the work counts in tests/test_parser.py show the growth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import run_capped

HEAD = "FROM python:3.12-slim\n"


def _chained_stages(n: int) -> str:
    body = "".join(f"FROM s{i} AS s{i + 1}\nENV X{i}=$Y\nWORKDIR /w$X{i}\n" for i in range(n))
    return "FROM python:3.12-slim AS s0\nENV Y=1\n" + body


INPUTS = {
    "quoted-env": HEAD + 'ENV A="' + "x \\\" '" * 1_300_000 + '"\n',
    "quoted-label": HEAD + "LABEL a='" + "x " * 500_000 + "' b=\"" + "y " * 500_000 + '"\n',
    "long-heredoc-word": HEAD + "RUN <<" + "E" * 1_000_000 + "\necho\n" + "E" * 1_000_000 + "\n",
    "run-of-exports": HEAD + "RUN " + "export A=1 && " * 70_000 + "true\n",
    "five-megabyte-word": HEAD + "RUN " + "x" * 5_000_000 + "\n",
    "chained-stages": _chained_stages(30_000),
}


def _write(tmp_path: Path, text: str) -> tuple[Path, int]:
    path = tmp_path / "Dockerfile"
    data = text.encode("utf-8")
    path.write_bytes(data)
    return path, len(data)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_linted_within_the_bound(tmp_path: Path, name: str) -> None:
    path, size = _write(tmp_path, INPUTS[name])
    # ShellCheck, a program of its own outside our bound, is left out: its timeout is tested
    # in tests/run/test_shellcheck.py.
    args = ["--ignore", "SC", "--format", "json", "--fail-on", "never", str(path)]
    out = run_capped(args, input_bytes=size)
    assert (out.returncode, out.problem_lines) == (0, [])
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_parsed_within_the_bound(tmp_path: Path, name: str) -> None:
    text = INPUTS[name]
    path, size = _write(tmp_path, text)
    out = run_capped(["parse", str(path)], input_bytes=size)
    assert (out.returncode, out.problem_lines) == (0, [])
    (document,) = json.loads(out.stdout)
    instructions = document["instructions"]
    assert (instructions[-1]["end_line"], document["errors"]) == (text.count("\n"), [])
    starts = [line.split()[0] for line in text.splitlines() if line.split()[0].isupper()]
    assert [i["keyword"] for i in instructions] == [w for w in starts if w != "E" * 10**6]

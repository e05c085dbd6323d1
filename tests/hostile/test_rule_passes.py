"""Rule passes stay linear in the file (issue 8, item 2): no rule rereads the earlier (or
later) instructions, COPYs, installs or stages for each one it looks at.

Work is counted, not timed: the Python lines executed inside dockerlint_ml while one file
is linted, for n and 8n repetitions of a block. A linear pass runs about 8 times the lines;
the rescans this guards against ran 11 to 50 times as many (DLM004 rereading every later
RUN per COPY and every stage per finding, DLM005 every earlier COPY per install, DLM008 the
stage per CMD, DLM003 the stage chain per stage).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import dockerlint_ml
from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.lint import lint
from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.run.pragmas import apply_pragmas
from tests.hostile.harness import run_capped

PACKAGE = str(Path(dockerlint_ml.__file__).parent)
SMALL = 20
GROWTH = 8
# Work for 8x the input may be at most this many times the work for 1x (the fixed code
# does 7.5x to 7.9x: a little less than 8, for the work done once per file).
BOUND = 9
# Repetitions for shapes whose old rescan shows only past SMALL.
SIZES = {"independent-stages": 40}

# (what the block exercises, the file's head, the block; {i} numbers the repetition)
SHAPES = {
    "install-copy-env": (
        "FROM python:3.12-slim\n",
        "RUN pip install -r requirements.txt && echo hi\nCOPY . /app\nENV A=b\n",
    ),
    "scripts-later-runs": (
        "FROM python:3.12-slim\n",
        "COPY scripts /s\nRUN bash /s/x.sh\nCOPY x{i}.py /app/\nRUN python /app/x{i}.py\n",
    ),
    "stage-chain": (
        "FROM python:3.12-slim AS s0\n",
        "FROM s{p} AS s{i}\nCOPY . .\nRUN pip install -r r.txt\n",
    ),
    "pipenv-without-pipfile": ("FROM python:3.12-slim\n", "RUN pipenv install\n"),
    "locks-never-copied": (
        "FROM python:3.12-slim\n",
        "COPY a{i}.txt .\nRUN pipenv install --system\nRUN uv sync\nRUN poetry install\n",
    ),
    "sync-copy-workdir": ("FROM python:3.12-slim\n", "RUN uv sync\nCOPY . .\nWORKDIR /a{i}\n"),
    "shell-form-servers": (
        "FROM python:3.12-slim\n",
        'EXPOSE 8000\nCMD gunicorn --bind 127.0.0.1:8000 app:app\nENTRYPOINT ["x"]\n',
    ),
    "independent-stages": (
        "",
        "FROM python:3.12 AS s{i}\nCOPY . .\nRUN pip install -r r.txt\nCMD python app.py\n",
    ),
    "local-path-installs": (
        "FROM python:3.12-slim\n",
        "WORKDIR /a\nCOPY x.py .\nRUN python x.py\nRUN pip install ./pkg\nCOPY pkg /a/pkg\n",
    ),
    "named-packages-only": (
        "FROM python:3.12-slim\n",
        "COPY pkg /pkg\nRUN pip install /pkg\nCOPY src{i} /src{i}\nRUN pip install -e /src{i}\n",
    ),
    "mixed-suppressed": (
        "FROM python:3.12-slim AS s0\n",
        "COPY --from=s0 /a /b\nADD x.tar.gz /\nUSER 1000\nHEALTHCHECK CMD curl x\n"
        "# dockerlint-ml ignore=DLM004\nRUN pip install a\n",
    ),
    # DL3009, DL3015, DL4006, DL3027, DL3013, DL3042 and DL3020 on every block
    "hadolint-defaults": (
        "FROM debian:12-slim\n",
        "RUN apt-get update && apt-get install -y curl{i} | tee /l\n"
        "RUN apt install x{i} && pip install a{i}\nADD src{i} /src{i}\n",
    ),
    # SHELL and ENV inherited through FROM <stage>: DL4006 and DL3042 read them up the chain
    "shell-env-stage-chain": (
        'FROM python:3.12-slim AS s0\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "ENV PIP_NO_CACHE_DIR=1\n",
        "FROM s{p} AS s{i}\nRUN curl x{i} | sh && pip install a{i}\n",
    ),
}


def repeated(shape: str, n: int) -> str:
    head, block = SHAPES[shape]
    return head + "".join(block.format(i=i, p=i - 1) for i in range(1, n + 1))


def lines_executed(text: str, select: Sequence[str] = ("ALL",)) -> int:
    """Python lines run by the rules and the pragmas over `text` (every rule unless
    `select` says otherwise), counted in dockerlint_ml and in this file (where a test puts
    a quadratic pass). The file is parsed before counting starts: the parser is not what
    this measures."""
    registry = load_registry()
    # Every rule, those off by default too: each must stay linear when a user selects it.
    selected = registry.select(list(select), None)
    rules = [cls() for cls in selected]
    dockerfile = parse(text, "Dockerfile")
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return local

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        return local if name.startswith(PACKAGE) or name == __file__ else None

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        findings = lint(dockerfile, rules).findings
        apply_pragmas(dockerfile, findings, registry, [r.code for r in selected])
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly(shape: str) -> None:
    lint_text(repeated(shape, 2))  # imports and one-time tables out of the count
    n = SIZES.get(shape, SMALL)
    small = lines_executed(repeated(shape, n))
    large = lines_executed(repeated(shape, n * GROWTH))
    assert large <= BOUND * small, (shape, small, large, round(large / small, 1))


def test_counter_sees_a_quadratic_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """The measure is not blind: DLM008's old SHELL lookup, which reread the stage for
    every CMD, makes the CMD shape exceed the bound."""
    from dockerlint_ml.rules.ml.cmd_not_exec_form import CmdNotExecForm

    def rescanning(self: Any, dockerfile: Any, stage: Any, before: int) -> Any:
        found = None
        for ins in stage.instructions:
            if ins.index >= before:
                break
            if ins.keyword == "SHELL":
                found = ins
        return found

    monkeypatch.setattr(CmdNotExecForm, "_shell_instruction", rescanning)
    # DLM008 alone, past SMALL: at 20 repetitions the linear work of the engine and the
    # other rules still hides the quadratic pass.
    n = 3 * SMALL
    small = lines_executed(repeated("shell-form-servers", n), ["DLM008"])
    large = lines_executed(repeated("shell-form-servers", n * GROWTH), ["DLM008"])
    assert large > BOUND * small, (small, large)


def test_fifty_thousand_repetitions(tmp_path: Path) -> None:
    """The file of the issue at 50,000 repetitions (3.3 MB), linted under the memory bound:
    one DLM004 on the first install after a COPY, naming the 49,999 installs the COPY makes
    rerun, and a DL3042 on every install (none keeps pip's cache out of its layer)."""
    path = tmp_path / "Dockerfile"
    path.write_text(repeated("install-copy-env", 50_000), encoding="utf-8")
    out = run_capped(
        ["--format", "json", "--fail-on", "never", str(path)],
        input_bytes=path.stat().st_size,
    )
    assert out.returncode == 0, out.stderr
    findings = json.loads(out.stdout)
    installs = [("DL3042", 2 + 3 * i) for i in range(50_000)]  # RUN on lines 2, 5, 8, ...
    assert sorted((f["line"], f["code"]) for f in findings) == sorted(
        (line, code) for code, line in [installs[0], installs[1], ("DLM004", 5), *installs[2:]]
    )
    (dlm004,) = [f for f in findings if f["code"] == "DLM004"]
    assert dlm004["message"].endswith("at lines 8, 11, 14, 17, 20, 23, 26, 29 and 49990 more.")

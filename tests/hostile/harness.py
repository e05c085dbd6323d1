"""Running the linter on hostile input in a child process with its memory capped.

The cap is the documented bound (README, "Bad input"): the address space a run may use is
`BASE_BYTES + PER_INPUT_BYTE * (bytes of input)`. It is set with RLIMIT_AS, so a run that
needs more fails inside the child (a MemoryError or a killed process), never the test run.
A timeout guards against a hang only; no test asserts a timing.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# What the interpreter, click, tree-sitter and the rules need before reading a byte, with room.
BASE_BYTES = 256 * 1024 * 1024
# Per byte of input: the text, its lines, the instruction records and the shell trees.
PER_INPUT_BYTE = 40
HANG_GUARD = 600  # seconds; only ever reached by a hang


def memory_bound(input_bytes: int) -> int:
    """The documented address-space bound for a run over `input_bytes` of input."""
    return BASE_BYTES + PER_INPUT_BYTE * input_bytes


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def problem_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line]


def run_capped(
    args: Sequence[str],
    *,
    input_bytes: int,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    memory: int | None = None,
) -> Outcome:
    """`python -m dockerlint_ml ARGS` under the memory bound for `input_bytes` of input.

    Asserts what every hostile case must hold: no traceback, and no exit code other than
    0, 1 or 2 (a MemoryError inside the child shows up as a traceback or as exit 2 with
    "internal error", both of which fail here).
    """
    cap = memory if memory is not None else memory_bound(input_bytes)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    proc = subprocess.run(
        [sys.executable, "-m", "dockerlint_ml", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=dict(os.environ, **(env or {})),
        preexec_fn=limit,
        timeout=HANG_GUARD,
        check=False,
    )
    out = Outcome(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert "MemoryError" not in out.stderr, out.stderr[-3000:]
    assert "internal error" not in out.stderr, out.stderr[-3000:]
    assert out.returncode in (0, 1, 2), (out.returncode, out.stderr[-3000:])
    return out

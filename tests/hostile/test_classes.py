"""Every hostile class of issue 8 (tests/hostile/inputs.py) at growing sizes, under the
documented memory bound: linted, no traceback, no problem line, the same findings at every
size (what a rule decides must not depend on how large the attack is: a unit that is itself
a finding is one finding per repetition, at every size), and those findings exactly as
listed here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.harness import run_capped
from tests.hostile.inputs import CLASSES, HostileClass

# class -> the (code, line) pairs reported at every size; the last line, which moves with
# the size, is -1.
# Every class ends with TAIL's shell-form gunicorn CMD bound to 127.0.0.1 (DLM008, DLM009 and
# DLM109 on the last line): proof that the whole file was read and judged.
END = [("DLM008", -1), ("DLM009", -1), ("DLM109", -1)]
EXPECTED: dict[str, list[tuple[str, int]]] = {
    "env-doubling": END,
    "unknown-env-doubling": END,
    "arg-doubling": END,
    "value-references": END,
    # the first RUN, `a|a|...|a|`, holds a pipeline (its dangling `|` aside) without pipefail
    "open-constructs": END,
    "nested-default": END,
    "nested-quotes": END,
    "pragma-blanks": END,
    "long-quoted-env": END,
    # CMD [[[[...: not JSON, so shell form; the tail's CMD is the stage's second (DL4003)
    "long-brackets": [("DLM008", 3), ("DL4003", -1), *END],
    # a reference BuildKit cannot parse (its InvalidDefaultArgInFrom checks literal names too)
    # an image without facts: nothing says it leaves Python block-buffered, so no DLM109
    "long-image-ref": [("BK016", 1), ("DLM008", -1), ("DLM009", -1)],
    "chained-stages": END,
    # one finding for the first COPY of code, on the first install after it; the DL3042 of
    # every install (each `pip install` keeps pip's cache) is in REPEATED
    "installs-after-copies": [("DLM004", 4), *END],
    "long-run-of-exports": END,
    "single-word": END,
    "server-flags": [("DLM008", 3), ("DL4003", -1), *END],
}

# class -> the findings of its repeated unit, for `n` repetitions (merged with EXPECTED in
# line order): the unit's findings, the same in every repetition.
REPEATED: dict[str, Callable[[int], list[tuple[str, int]]]] = {
    # `COPY . /app` on lines 3, 5, ...; its `pip install` without --no-cache-dir on 4, 6, ...
    "installs-after-copies": lambda n: [("DL3042", 4 + 2 * i) for i in range(n)],
}

CASES = [(c, size) for c in CLASSES for size in c.test_sizes]


def _relative(line: int, total: int) -> int:
    return -1 if line == total else line


def _expected(name: str, size: int) -> list[tuple[str, int]]:
    """EXPECTED and REPEATED's findings for `size` repetitions, in the reports' order: by
    line (the last, -1, at the end), then by code."""
    found = EXPECTED[name] + (REPEATED[name](size) if name in REPEATED else [])
    return sorted(found, key=lambda f: (f[1] == -1, f[1], f[0]))


@pytest.mark.parametrize(("hostile", "size"), CASES, ids=[f"{c.name}-{size}" for c, size in CASES])
def test_hostile_class_is_linted_within_the_bound(
    tmp_path: Path, hostile: HostileClass, size: int
) -> None:
    data = hostile.make(size)
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    # ShellCheck is a program of its own, outside our memory bound; what it makes of these
    # scripts (or its timeout) is tested in tests/run/test_shellcheck.py.
    args = ["--ignore", "SC", "--format", "json", "--fail-on", "never", str(path)]
    out = run_capped(args, input_bytes=len(data))
    assert out.returncode == 0, out.stderr
    assert out.problem_lines == []
    total = data.count(b"\n")
    found = [(f["code"], _relative(f["line"], total)) for f in json.loads(out.stdout)]
    # In line order; within a line findings sort by their token's column, so by code here.
    assert sorted(found, key=lambda f: (f[1], f[0])) == sorted(
        _expected(hostile.name, size), key=lambda f: (f[1], f[0])
    )

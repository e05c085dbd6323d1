"""Generated hostile Dockerfiles, one generator per class of issue 8, each scaled by `n`.

Shared by tests/hostile/test_classes.py (every class at growing sizes under the memory
bound) and scripts/hostile_bench.py (time and memory at n and 10n, beside hadolint).
Each generator returns the file's bytes; `n` is roughly the number of repeated units, and
the sizes used by the test keep every file under the default 10 MiB limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"
# Two findings on the last line (shell form, loopback bind) show the whole file was read.
TAIL = "CMD gunicorn -b 127.0.0.1:8000 app:app\n"


@dataclass(frozen=True)
class HostileClass:
    name: str
    what: str  # the README wording of the attack
    make: Callable[[int], bytes]
    test_sizes: tuple[int, ...]  # the sizes the test runs: growing, all under the limit


def _text(body: str) -> bytes:
    return (HEAD + body + TAIL).encode("utf-8")


def env_doubling(n: int) -> bytes:
    # Every line doubles A; known (x) or unknown (from the base image) at the start.
    return _text("ENV A=x\n" + "ENV A=$A$A\n" * n + "ENV B=${A}unknown$U$U\n" * 2)


def unknown_env_doubling(n: int) -> bytes:
    return _text("ENV A=$A$A\n" * n)


def arg_doubling(n: int) -> bytes:
    head = "ARG A=x\n" + "ARG A=${A}${A}\n" * n
    return (head + HEAD + "ARG A\n" + "ARG B=$A$A\n" * n + TAIL).encode("utf-8")


def value_references(n: int) -> bytes:
    # A 64 KiB value (16 doublings), then referenced where rules expand words themselves.
    big = "ENV A=x\n" + "ENV A=$A$A\n" * 16
    return _text(big + "WORKDIR /w$A\nCOPY app.py $A/\nEXPOSE $A\n" * n)


def open_constructs(n: int) -> bytes:
    # What tree-sitter-bash's error recovery is quadratic on: dangling pipes, unclosed
    # tests, subshells, functions, loops and cases.
    shapes = ("a" + "|a" * n + "|", "a" + " a[;" * n, "a" + ";(" * n, "a" + ";f() " * n,
              "a" + ";! " * n, "a" + ";for x in a; do " * n, "a" + ";case x in " * n)  # fmt: skip
    return _text("".join(f"RUN {shape}\n" for shape in shapes))


def nested_default(n: int) -> bytes:
    return _text("ENV X=" + "${U:-" * n + "x" + "}" * n + "\n")


def nested_quotes(n: int) -> bytes:
    return _text('LABEL a="' + "\\\"'" * n + '"\n')


def pragma_blanks(n: int) -> bytes:
    return _text("# dockerlint-ml" + " " * n + "x\n" + "# hadolint ignore=" + ", " * n + "\n")


def long_quoted_env(n: int) -> bytes:
    return _text('ENV A="' + "x " * n + "\" B='" + "y " * n + "'\n")


def long_brackets(n: int) -> bytes:
    return _text("CMD " + "[" * n + "\n" + "EXPOSE " + ":" * n + "\n")


def long_image_ref(n: int) -> bytes:
    return ("FROM " + "a/" * n + "b:" + "-" * n + "@sha256:" + "0" * n + "\n" + TAIL).encode()


def chained_stages(n: int) -> bytes:
    stages = "FROM python:3.12-slim AS s0\n" + "".join(
        f"FROM s{i} AS s{i + 1}\nENV V{i}=$V{i - 1}\n" for i in range(n)
    )
    return (stages + TAIL).encode("utf-8")


def installs_after_copies(n: int) -> bytes:
    unit = "COPY . /app\nRUN pip install -r requirements.txt && pipenv install --deploy --system\n"
    return _text(unit * n)


def long_run_of_exports(n: int) -> bytes:
    return _text("RUN " + "export A=1 && " * n + "true\n")


def single_word(n: int) -> bytes:
    return _text("RUN " + "x" * n + "\n")


def server_flags(n: int) -> bytes:
    return _text("CMD gunicorn " + "--bind= " * n + "-b " + "0" * n + ":" + "9" * n + "\n")


CLASSES: tuple[HostileClass, ...] = (
    HostileClass("env-doubling", "ENV A=$A$A repeated", env_doubling, (40, 400, 4000)),
    HostileClass(
        "unknown-env-doubling",
        "ENV A=$A$A repeated, A unknown",
        unknown_env_doubling,
        (40, 400, 4000),
    ),
    HostileClass("arg-doubling", "ARG A=$A$A repeated", arg_doubling, (40, 400, 4000)),
    HostileClass(
        "value-references",
        "a 64 KiB value referenced on every line",
        value_references,
        (200, 20_000),
    ),
    HostileClass(
        "open-constructs", "RUN scripts full of unclosed constructs", open_constructs, (200, 20_000)
    ),
    HostileClass("nested-default", "${U:-${U:-...}} nested", nested_default, (500, 50_000)),
    HostileClass("nested-quotes", "quotes and backslashes nested", nested_quotes, (500, 500_000)),
    HostileClass(
        "pragma-blanks",
        "a pragma comment with long runs of blanks",
        pragma_blanks,
        (4_000, 400_000),
    ),
    HostileClass(
        "long-quoted-env", "ENV with a long quoted value", long_quoted_env, (10_000, 500_000)
    ),
    HostileClass(
        "long-brackets", "long runs of brackets and colons", long_brackets, (10_000, 1_000_000)
    ),
    HostileClass(
        "long-image-ref", "a FROM with a huge image reference", long_image_ref, (10_000, 1_000_000)
    ),
    HostileClass(
        "chained-stages", "thousands of stages built on each other", chained_stages, (300, 30_000)
    ),
    HostileClass(
        "installs-after-copies",
        "installs after copies, repeated",
        installs_after_copies,
        (400, 40_000),
    ),
    HostileClass(
        "long-run-of-exports", "a 1 MB RUN of exports", long_run_of_exports, (7_000, 70_000)
    ),
    HostileClass("single-word", "a 5 MB single word", single_word, (50_000, 5_000_000)),
    HostileClass(
        "server-flags",
        "a server command with long runs of flag characters",
        server_flags,
        (10_000, 500_000),
    ),
)

"""Long runs of the characters regular expressions are weak on, in every place a rule or
fact reads with one (issue 8, item 2): pragma comments, FROM references, RUN words,
CMD/ENTRYPOINT, EXPOSE, COPY paths and server command lines.

Each class is one file of lines made of runs of blanks, brackets, `$`, `{`, `=`, `,`, `-`,
quotes, `:`, `/` and `@`, 100,000 to 400,000 characters long (6 MB in all). The files are
linted in one run under the memory bound (tests/hostile/harness.py) and the findings are
asserted exactly. The old code did not finish within the harness's hang guard: the pragma
line alone (`# dockerlint-ml`, 400,000 blanks, `x`) took over 15 minutes, and the run of
heredocs 29 s in tree-sitter-bash. tests/test_regex_linearity.py holds the structural check
that keeps every pattern linear.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.harness import run_capped

N = 100_000
HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def _lines(*lines: str) -> str:
    return HEAD + "".join(line + "\n" for line in lines)


CASES: dict[str, str] = {
    "pragmas": _lines(
        "# dockerlint-ml" + " " * (4 * N) + "x",
        "# dockerlint-ml" + " " * N + ":" + " " * N + "x",
        "# dockerlint-ml ignore=DLM004" + " " * N + "," + " " * N + "x",
        "# dockerlint-ml ignore=" + "DLM004 , " * (N // 8) + "#" + " " * N,
        "# hadolint global ignore=" + "," * N,
        "# dockerlint-ml stage" + "\t" * N + "ignore" + "=" * N,
        "RUN pip install flask",
    ),
    "from-references": (
        "FROM " + "a-" * N + "a:" + "1." * N + "\n"
        "FROM a" + "__" * N + "b@sha256:" + "f" * N + "\n"
        "FROM " + "${a" * (N // 4) + "\n"
        "FROM " + "$" * N + "{" * N + "\n"
        "FROM " + "/" * N + ":" + ":" * N + "\n"
        "FROM python:" + "3.12-" * (N // 5) + "slim@" + "@" * N + "\n"
    ),
    "run-words": _lines(
        "RUN $" + "a" * N + "+ -m pip install flask",
        "RUN python$" + "{" * N + " -m pip install flask",
        "RUN pip install 'a" + "[" * N + "]x'",
        "RUN pip install " + "${A}" * (N // 4) + "[" + "x" * N,
        "RUN " + "A=b " * (N // 4) + "pip install flask",
        "RUN cat <<" + "-" * N + " " + "<<EOF " * (N // 6),
        "RUN echo " + '"' + "\\$" * N + '"',
    ),
    "start-commands": _lines(
        "CMD " + " " * N + "python app.py",
        'CMD ["' + " " * N + '"]',
        "ENTRYPOINT " + "$" * N,
        "ENTRYPOINT [" + "," * N + "]",
        "CMD " + "'" * N,
    ),
    "expose": _lines(
        "EXPOSE " + "8000-" * (N // 5),
        "EXPOSE " + ":" * N,
        "EXPOSE 80/" + "/" * N,
        "EXPOSE " + "$" * N + "{" * N,
        'CMD ["gunicorn", "app:app"]',
    ),
    "copy-paths": _lines(
        "COPY " + "*" * N + " /app/",
        "COPY a" + "[[" * N + " /x/",
        "COPY " + "a/" * N + " .",
        "ADD http://" + "/" * N + " /x",
        "COPY " + "a-1.2" * (N // 5) + ".tar.gz /x/",
        "RUN pip install -r requirements.txt",
    ),
    "servers": _lines(
        "CMD gunicorn --bind " + ":" * N + " app:app",
        "CMD gunicorn --bind=" + "[" * N + " app:app",
        "CMD gunicorn -b '" + "\\:" * N + "' app:app",
        "CMD uvicorn app:app --host " + "0" * N + " --port " + "8" * N,
        "CMD flask run --host=" + "=" * N,
        "CMD gunicorn --bind 127.0.0.1:" + "-" * N + " app:app",
        "ENTRYPOINT uvicorn --host " + "@" * N + " app:app",
    ),
}

# What the lines are, read as written: the pragma names DLM004 for a RUN with nothing to
# silence and an unknown `x`; the other pragma lines that start like ours do not parse; the
# `<<---...` heredoc never ends; every shell-form start command is DLM008. Every `pip install`
# found keeps pip's cache (DL3042), and one of a named package without a version is DL3013:
# `flask`, and `a` with its run of `[` (not `${A}...`, which a variable decides); the
# `$aaa...+` and `python${{{...` commands are not pip. The final start command of `expose`
# and `servers` runs Python on the python image with no PYTHONUNBUFFERED: DLM109; the
# uvicorn of `servers` listens on its default port 8000 with no EXPOSE: DLM011.
EXPECTED: dict[str, list[tuple[str, int]]] = {
    "pragmas": [
        ("DLM901", 5),
        ("DLM901", 5),
        ("DLM901", 6),
        ("DLM901", 8),
        ("DL3013", 9),
        ("DL3042", 9),
    ],
    # names BuildKit's reference grammar refuses (too long, bad separators): BK016, which
    # checks literal names too, and not DLM001, which judges only names that can be pulled
    "from-references": [("BK016", 1), ("BK016", 2), ("BK016", 5), ("BK016", 6)],
    "run-words": [
        ("DL3013", 5),
        ("DL3042", 5),
        ("DL3042", 6),
        ("DL3013", 7),
        ("DL3042", 7),
        ("DLM000", 8),
    ],
    # each CMD or ENTRYPOINT after the stage's first: DL4003 / DL4004
    "start-commands": [
        ("DLM008", 3),
        ("DL4003", 4),
        ("DLM008", 5),
        ("DL4004", 6),
        ("DLM008", 6),
        ("DL4003", 7),
        ("DLM008", 7),
    ],
    "expose": [("DLM009", 7), ("DLM109", 7)],
    "copy-paths": [("DL3042", 8), ("DLM004", 8)],
    "servers": sorted(
        [("DLM008", line) for line in range(3, 10)]
        + [("DL4003", line) for line in range(4, 9)]
        + [("DLM011", 9), ("DLM109", 9)],
        key=lambda f: (f[1], f[0] != "DL4003", f[0]),
    ),
}


def test_hostile_lines(tmp_path: Path) -> None:
    total = 0
    for name, text in CASES.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Dockerfile").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    # ShellCheck, a program of its own outside our bound, is left out: its timeout is tested
    # in tests/run/test_shellcheck.py.
    args = ["--ignore", "SC", "--format", "json", "--fail-on", "never", str(tmp_path)]
    out = run_capped(args, input_bytes=total)
    assert out.returncode == 0, out.stderr
    found: dict[str, list[tuple[str, int]]] = {name: [] for name in CASES}
    for finding in json.loads(out.stdout):
        found[Path(finding["file"]).parent.name].append((finding["code"], finding["line"]))
    # By line (a finding's column is its token's, so two rules on one line sort either way).
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in EXPECTED.items()}

"""DL3001 pointless-container-command: hadolint's spec cases
(test/Hadolint/Rule/DL3001Spec.hs, v2.15.1) and ours. Every spec case is ported, its
ONBUILD variant too. The commands are those hadolint 2.15.1 checks (its message names
`ifconfig` too, which it does not check: an OURS row shows it)."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3001"
F = "FROM debian:12\n"

SPEC: list[Case] = [
    ("spec: top", F + "RUN top\n", [2]),
    ("spec: top in ONBUILD", F + "ONBUILD RUN top\n", [2]),
    ("spec: installing ssh", F + "RUN apt-get install ssh\n", []),
    ("spec: installing ssh in ONBUILD", F + "ONBUILD RUN apt-get install ssh\n", []),
]

OURS: list[Case] = [
    (
        "each listed command",
        F + "RUN free\nRUN mount\nRUN shutdown -h now\nRUN vim a\n",
        [2, 3, 4, 5],
    ),
    ("ifconfig is not checked", F + "RUN ifconfig\n", []),
    ("ps in a pipeline", F + "RUN ps aux | grep python\n", [2]),
    ("a service started last", F + "RUN service nginx start\n", [2]),
    ("kill of a literal PID", F + "RUN kill -9 1\n", [2]),
    ("ssh without an ssh mount", F + "RUN ssh host true\n", [2]),
    ("exec form", F + 'RUN ["top", "-b", "-n", "1"]\n', [2]),
    ("exec top", F + "RUN exec top\n", [2]),
    ("command kill", F + "RUN command kill 1\n", [2]),
    ("busybox ps", F + "RUN busybox ps\n", [2]),
    ("kill of a PID from a substitution", F + "RUN x=$(ps) && kill $x\n", [2]),
    ("the word as an argument", F + "RUN echo kill top\n", []),
    ("CMD is not checked", F + "CMD service nginx start && tail -f /dev/null\n", []),
    ("once per RUN", F + "RUN top && free\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "start, use, stop a service",
        F + "RUN service postgresql start && psql -c 'CREATE DATABASE app'"
        " && service postgresql stop\n",
        [2],
        [],
        "the RUN starts the database to load it: the commands do something",
    ),
    (
        "kill a background job",
        F + "RUN python server.py & sleep 5 && curl -f localhost:8000 && kill %1\n",
        [2],
        [],
        "the RUN started the process it kills",
    ),
    (
        "wait on a background job with ps",
        F + "RUN ./warmup & while ps -p $! >/dev/null; do sleep 1; done\n",
        [2],
        [],
        "ps checks a process the RUN started",
    ),
    (
        "kill $PID",
        F + "RUN nginx && kill $(cat /run/nginx.pid)\n",
        [2],
        [],
        "the PID is found at run time",
    ),
    (
        "scripted vim",
        F + "RUN vim -es -u ~/.vimrc +PlugInstall +qall\n",
        [2],
        [],
        "vim runs a script that installs plugins",
    ),
    (
        "ssh with an ssh mount",
        F + "RUN --mount=type=ssh ssh -T git@github.com || true\n",
        [2],
        [],
        "BuildKit forwards the agent for this RUN",
    ),
    (
        "mount with --security=insecure",
        F + "RUN --security=insecure mount -t tmpfs none /mnt\n",
        [2],
        [],
        "the RUN has the privileges to mount",
    ),
    ("--version", F + "RUN vim --version\n", [2], [], "a smoke test of a built program"),
    ("behind sudo", F + "RUN sudo service nginx start\n", [], [2], "sudo runs service"),
    (
        "by path",
        F + "RUN /bin/kill 1\n",
        [],
        [2],
        "the same program; hadolint matches the name as written",
    ),
    ("in sh -c", F + 'RUN sh -c "kill 1"\n', [], [2], "hadolint does not read `sh -c` scripts"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_command() -> None:
    (found,) = findings(F + "RUN service nginx start\n", select=[CODE])
    assert "`service nginx start`" in found.message and len(found.message) <= 90
    assert found.fix is not None


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN top\n")}

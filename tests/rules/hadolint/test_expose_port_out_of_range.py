"""DL3011 expose-port-out-of-range: hadolint's spec cases (test/Hadolint/Rule/DL3011Spec.hs)
and ours.

Ported from the v2.15.1 spec, every case; its cases have no FROM: each gets one."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3011"
F = "FROM a:1\n"

SPEC: list[Case] = [
    ("spec: invalid port", F + "EXPOSE 80000\n", [2]),
    ("spec: valid port", F + "EXPOSE 60000\n", []),
]

OURS: list[Case] = [
    ("the highest port", F + "EXPOSE 65535\n", []),
    ("one above", F + "EXPOSE 65536\n", [2]),
    ("port 0", F + "EXPOSE 0\n", []),
    ("with a protocol", F + "EXPOSE 80000/udp\n", [2]),
    ("valid with a protocol", F + "EXPOSE 8080/tcp 53/udp\n", []),
    ("range end too high", F + "EXPOSE 8000-80010\n", [2]),
    ("range start too high", F + "EXPOSE 70000-60000\n", [2]),
    ("valid range", F + "EXPOSE 8000-8010/tcp\n", []),
    ("one bad word of several", F + "EXPOSE 80 80000\n", [2]),
    ("a huge number", F + "EXPOSE 99999999999999999999\n", [2]),
    ("an unknown variable", F + "EXPOSE $PORT\n", []),
    ("a variable set to a port", F + "ENV PORT=8080\nEXPOSE $PORT\n", []),
    ("not a port number", F + "EXPOSE http\n", []),
    ("ONBUILD is not checked", F + "ONBUILD EXPOSE 80000\n", []),
    ("each EXPOSE", F + "EXPOSE 80000\nEXPOSE 90000\n", [2, 3]),
]

DIFFERENT: list[Different] = [
    (
        "an ENV set to a bad port",
        F + "ENV PORT=99999\nEXPOSE $PORT\n",
        [],
        [3],
        "the value is known from the file; hadolint does not read variables",
    ),
    (
        "an ARG default that is a bad port",
        F + "ARG PORT=99999\nEXPOSE ${PORT}/tcp\n",
        [],
        [3],
        "a build without --build-arg uses the default and fails",
    ),
    (
        "a default in the reference",
        F + "EXPOSE ${PORT:-78600}\n",
        [],
        [2],
        "hadolint 2.15.1 cannot parse `${PORT:-...}` in EXPOSE (DL1000)",
    ),
    (
        "a quoted port",
        F + 'EXPOSE "80000"\n',
        [],
        [2],
        "Docker removes the quotes; hadolint 2.15.1 cannot parse the file (DL1000)",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_ports() -> None:
    (found,) = findings(F + "EXPOSE 80 80000 8000-90000/udp\n", select=[CODE])
    assert "`80000`" in found.message and "`8000-90000/udp`" in found.message
    assert "`80`" not in found.message
    assert len(found.message) <= 90
    assert found.fix is not None and "65535" in found.fix


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(F + "EXPOSE 80000\n")}

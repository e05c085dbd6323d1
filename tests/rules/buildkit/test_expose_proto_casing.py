"""BK020 expose-proto-casing: BuildKit's lint test case (testExposeProtoCasing, added to
dockerfile_lint_test.go after the 641a8fd version stored here; the Dockerfile as tally's
port of it quotes it, internal/rules/buildkit/expose_proto_casing_test.go) and ours.

BuildKit checks the ports after expanding the words with the stage's variables
(dockerfile2llb's dispatchExpose, then portSpecs.parsePort), and stops at the first port it
rejects; tally 0.45.0 checks the words as written and reports a line once: the rows follow
BuildKit's code (`EXPOSE $P` with `ARG P=80/TCP` is reported)."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK020"

SPEC: list[Case] = [
    ("spec: mixed case", "FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n", [2, 2]),
]

OURS: list[Case] = [
    ("lower case", "FROM a:1\nEXPOSE 80/tcp 53/udp 9/sctp\n", []),
    ("no protocol", "FROM a:1\nEXPOSE 80 443\n", []),
    ("UDP", "FROM a:1\nEXPOSE 53/UDP\n", [2]),
    ("SCTP", "FROM a:1\nEXPOSE 9/SCTP\n", [2]),
    ("a range", "FROM a:1\nEXPOSE 8000-8010/TCP\n", [2]),
    ("with a host port", "FROM a:1\nEXPOSE 5:6/UDP\n", [2]),
    ("from an ARG default (BuildKit; not tally)", "FROM a:1\nARG P=80/TCP\nEXPOSE $P\n", [3]),
    ("from an ENV, split at blanks", 'FROM a:1\nENV PORTS="80/TCP 90/udp"\nEXPOSE $PORTS\n', [3]),
    ("an ARG without default", "FROM a:1\nARG P\nEXPOSE $P/TCP\n", []),
    ("a base image's variable", "FROM a:1\nEXPOSE ${PORT}/TCP\n", []),
    ("an unknown protocol stops the build", "FROM a:1\nEXPOSE 80/xyz 90/UDP\n", []),
    ("a bad port stops the build", "FROM a:1\nEXPOSE abc 90/UDP\n", []),
    ("after a good port", "FROM a:1\nEXPOSE 80/TCP abc 90/UDP\n", [2]),
    ("ONBUILD is not checked", "FROM a:1\nONBUILD EXPOSE 80/TCP\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_gives_the_lower_case_spec() -> None:
    (found,) = findings("FROM a:1\nEXPOSE 8000/TCP\n", select=[CODE])
    assert "`8000/tcp`" in found.message and found.fix is not None
    assert len(found.message) <= 90

"""BK021 expose-invalid-format: BuildKit's lint test case (testExposeInvalidFormat, added to
dockerfile_lint_test.go after the 641a8fd version stored here; the Dockerfile as tally's
port of it quotes it, internal/rules/buildkit/expose_invalid_format_test.go) and ours.

BuildKit checks the ports after expanding the words with the stage's variables
(dockerfile2llb's dispatchExpose, then portSpecs.parsePort), and stops at the first port it
rejects. tally 0.45.0 checks the words as written, so it takes the `:` of `${PORT:-7860}`
for a host-port mapping (the four ExposeInvalidFormat findings on the corpus, in the
ledger); BuildKit expands it to `7860`. The rows follow BuildKit's code."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK021"

SPEC: list[Case] = [
    (
        "spec: IP and host-port mappings",
        "FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
        [2, 2, 2],
    ),
]

OURS: list[Case] = [
    ("a port", "FROM a:1\nEXPOSE 80\n", []),
    ("ports with protocols", "FROM a:1\nEXPOSE 80/tcp 443/udp\n", []),
    ("a range", "FROM a:1\nEXPOSE 8080-8090/tcp\n", []),
    ("a host-port mapping", "FROM a:1\nEXPOSE 5000:5000\n", [2]),
    ("an IP", "FROM a:1\nEXPOSE 0.0.0.0:8080:8080\n", [2]),
    ("an IPv6 address", "FROM a:1\nEXPOSE [::1]:80:80\n", [2]),
    ("with a protocol", "FROM a:1\nEXPOSE 5000:5000/tcp\n", [2]),
    ("ranges", "FROM a:1\nEXPOSE 0.0.0.0:1234-1236:1234-1236/tcp\n", [2]),
    ("each EXPOSE", "FROM a:1\nEXPOSE 127.0.0.1:80:80\nEXPOSE 5000:5000\n", [2, 3]),
    ("each stage", "FROM a:1 AS b\nEXPOSE 5000:5000\nFROM a:1\nEXPOSE 1.2.3.4:80:80\n", [2, 4]),
    ("a default is no mapping (tally: reported)", "FROM a:1\nEXPOSE ${PORT:-7860}\n", []),
    ("from an ARG default", "FROM a:1\nARG P=8080:80\nEXPOSE $P\n", [3]),
    ("an ARG without default", "FROM a:1\nARG P\nEXPOSE $P:80\n", []),
    ("an invalid IP stops the build after it", "FROM a:1\nEXPOSE x.y:1:1 2:2\n", [2]),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_gives_the_container_port() -> None:
    (found,) = findings("FROM a:1\nEXPOSE 8080:8000\n", select=[CODE])
    assert "`8080:8000`" in found.message and "`EXPOSE 8000`" in (found.fix or "")
    assert len(found.message) <= 90

"""DL3067 copy-whole-stage-filesystem: hadolint's spec cases (test/Hadolint/Rule/DL3067Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3067"
F = "FROM a:1 AS build\nFROM b:1\n"

# DL3067Spec.hs at v2.15.1, every case, in our words; its cases have no FROM (each gets the
# two stages of F, so that `build` is a stage).
SPEC: list[Case] = [
    ("spec: root to root", F + "COPY --from=build / /\n", [3]),
    ("spec: quoted root to root", F + 'COPY --from=build "/" "/"\n', [3]),
    ("spec: no --from", F + "COPY / /\n", []),
    ("spec: a directory to root", F + "COPY --from=build /app /\n", []),
    ("spec: root to a directory", F + "COPY --from=build / /app\n", []),
]

OURS: list[Case] = [
    ("exec form", F + 'COPY --from=build ["/", "/"]\n', [3]),
    ("one of several sources", F + "COPY --from=build /a / /\n", [3]),
    ("an image", F + "COPY --from=alpine:3 / /\n", [3]),
    ("with other flags", F + "COPY --link --chown=1 --from=build / /\n", [3]),
    ("a directory with a slash", F + "COPY --from=build /bin/ /\n", []),
    ("a glob", F + "COPY --from=build /* /\n", []),
    ("by index", F + "COPY --from=0 / /\n", [3]),
    ("a relative destination", F + "COPY --from=build / .\n", []),
    ("ONBUILD is not checked", F + "ONBUILD COPY --from=build / /\n", []),
]

DIFFERENT: list[Different] = [
    (
        "root written another way",
        F + "COPY --from=build /. /\nCOPY --from=build // /\nCOPY --from=build / /.\n"
        "COPY --from=build ./ /\n",
        [],
        [3, 4, 5, 6],
        "`/.`, `//` and, for a --from source, `./` are the root",
    ),
    (
        "from a scratch stage",
        "FROM scratch AS rootfs\nCOPY x /\nFROM b:1\nCOPY --from=rootfs / /\n",
        [4],
        [],
        "a stage built on scratch is made to be copied whole",
    ),
    (
        "from a stage built on a stage built on scratch",
        "FROM scratch AS r\nFROM r AS rootfs\nFROM b:1\nCOPY --from=rootfs / /\n",
        [4],
        [],
        "the source's chain starts from scratch: made to be copied whole",
    ),
    (
        "into a scratch stage",
        "FROM b:1 AS build\nFROM scratch\nCOPY --from=build / /\n",
        [3],
        [],
        "squashing a build into an empty image copies nothing twice",
    ),
    (
        "COPY before the first FROM",
        "COPY --from=build / /\nFROM a:1 AS build\n",
        [1],
        [],
        "a COPY outside any stage is a parse error (DLM000), not judged here",
    ),
    (
        "a variable",
        "ARG S=build\n" + F + "COPY --from=$S / /\n",
        [4],
        [],
        "a --from with a variable is not judged",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + "COPY --from=build / /\n", [CODE])
    assert "`COPY --from=build / /`" in found.message
    assert found.fix is not None and "FROM build" in found.fix
    assert len(found.message) <= 90


def test_off_by_default() -> None:
    assert CODE not in {c for c, _ in lint_snippet(F + "COPY --from=build / /\n")}

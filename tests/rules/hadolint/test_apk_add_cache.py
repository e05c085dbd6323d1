"""DL3019 apk-add-cache: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3019Spec.hs as hadolint 2.15.1 runs it (every case checked
with the 2.15.1 binary, which has the cache-mount exemption of commit b2dd2e7), each also
wrapped in ONBUILD as its onbuild variants do. Nothing is left out.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3019"
A = "FROM alpine:3.20\n"

_SPEC: list[Case] = [
    ("spec: without --no-cache", "RUN apk add flex=2.6.4-r1\n", [1]),
    ("spec: with --no-cache", "RUN apk add --no-cache flex=2.6.4-r1\n", []),
    ("spec: a cache mount on /var/cache/apk",
     "RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0\n", []),
    ("spec: a mount elsewhere and --no-cache",
     "RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0\n", []),
    ("spec: a mount elsewhere",
     "RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0\n", [1]),
]  # fmt: skip
SPEC: list[Case] = [(label, A + text, [n + 1 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("--no-cache before add", A + "RUN apk --no-cache add curl\n", []),
    ("a tmpfs mount", A + "RUN --mount=type=tmpfs,target=/var/cache/apk apk add curl\n", []),
    ("a bind mount does not count",
     A + "RUN --mount=type=bind,target=/var/cache/apk apk add curl\n", [2]),
    ("per command", A + "RUN apk add --no-cache a && apk add b\n", [2]),
    ("once per RUN", A + "RUN apk add a && apk add b\n", [2]),
    ("per RUN", A + "RUN apk add a\nRUN apk add b\n", [2, 3]),
    ("update and upgrade", A + "RUN apk update && apk upgrade\n", []),
    ("del", A + "RUN apk del curl\n", []),
    ("virtual", A + "RUN apk add --virtual .b curl && apk del .b\n", [2]),
    ("rm before the add", A + "RUN rm -rf /var/cache/apk/* && apk add curl\n", [2]),
    ("rm of another directory", A + "RUN apk add curl && rm -rf /tmp/*\n", [2]),
    ("exec form", A + 'RUN ["apk", "add", "curl"]\n', [2]),
    ("heredoc", A + "RUN <<EOF\napk add curl\nEOF\n", [2]),
    ("final stage after a build stage",
     "FROM alpine:3.20 AS b\nRUN apk add --no-cache make\nFROM alpine:3.20\nRUN apk add curl\n",
     [4]),
    ("a stage the final one is built on",
     "FROM alpine:3.20 AS base\nRUN apk add curl\nFROM base\nRUN echo\n", [2]),
    ("onbuild in a build stage", "FROM alpine:3.20 AS b\nONBUILD RUN apk add curl\nFROM scratch\n",
     [2]),
]  # fmt: skip

DIFFERENT: list[Different] = [
    ("rm of the cache after the add", A + "RUN apk add --update curl && rm -rf /var/cache/apk/*\n",
     [2], [], "the index is deleted before the layer is committed"),
    ("rm of a parent", A + "RUN apk add curl && rm -rf /var/cache/*\n", [2], [],
     "the index is deleted before the layer is committed"),
    ("a mount on a parent", A + "RUN --mount=type=cache,target=/var/cache apk add curl\n", [2], [],
     "the cache directory is inside the mount"),
    ("a mount on /etc/apk/cache", A + "RUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
     [2], [], "apk uses /etc/apk/cache as its cache where it exists, as a mount makes it"),
    ("a cache mount whose id names apk",
     A + "RUN --mount=type=cache,id=apk,target=/apkcache apk add curl\n", [2], [],
     "a cache mount whose id names apk is taken for apk's cache, as DL3042 reads pip's"),
    ("a target from an ARG",
     A + "ARG C=/var/cache/apk\nRUN --mount=type=cache,target=$C apk add curl\n", [3], [],
     "the mount's target is resolved through the stage's ARG"),
    ("--cache-dir on a mount",
     A + "RUN --mount=type=cache,target=/cache apk add --cache-dir /cache curl\n", [2], [],
     "apk writes its cache where --cache-dir says, inside the mount"),
    ("a simulated add", A + "RUN apk add -s curl\n", [2], [], "-s only simulates"),
    ("--no-network", A + "RUN apk add --no-network --virtual .rundeps $runDeps\n", [2], [],
     "an add that fetches nothing writes no index into the cache"),
    ("a build stage",
     "FROM alpine:3.20 AS b\nRUN apk add make\nFROM scratch\nCOPY --from=b /x /x\n", [2], [],
     "the build stage's layers are discarded: only /x reaches the image"),
    ("behind sudo", A + "RUN sudo apk add curl\n", [], [2],
     "sudo runs apk; hadolint sees only the command name `sudo`"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(A + "RUN apk add curl\n", select=[CODE])
    assert found.message == (
        "`apk add` without `--no-cache` leaves the package index in the image layer."
    )
    assert found.fix is not None and "`apk add --no-cache ...`" in found.fix


def test_unknown_cache_dir_is_not_judged() -> None:
    assert lint_snippet(A + "RUN apk add --cache-dir $C curl\n", select=[CODE]) == []


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(A + "RUN apk add curl\n")}

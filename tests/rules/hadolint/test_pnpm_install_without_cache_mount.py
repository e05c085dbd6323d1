"""DL3075 pnpm-install-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3075Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3075"
F = "FROM node:22-slim\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("pnpm install", "RUN pnpm install", True),
    *spec("pnpm add", "RUN pnpm add lodash", True),
    *spec("not pnpm", "RUN echo hello", False),
    *spec(
        "cache at the default store",
        "RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install",
        False,
    ),
    *spec(
        "tmpfs at the default store",
        "RUN --mount=type=tmpfs,target=/root/.local/share/pnpm/store pnpm install",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path pnpm install", True),
]

OURS: list[Case] = [
    ("pnpm run build", F + "RUN pnpm run build\n", []),
    ("offline", F + "RUN pnpm install --offline\n", []),
    ("corepack pnpm", F + "RUN corepack pnpm install --frozen-lockfile\n", [2]),
    ("--filter before the command", F + "RUN pnpm --filter web install\n", [2]),
    ("a cache id naming pnpm", F + "RUN --mount=type=cache,id=pnpm,target=/s pnpm install\n", []),
    (
        "PNPM_HOME followed",
        F + "ENV PNPM_HOME=/ph\nRUN --mount=type=cache,target=/ph/store pnpm install\n",
        [],
    ),
    ("--store-dir", F + "RUN --mount=type=cache,target=/s pnpm install --store-dir /s\n", []),
]

DIFFERENT: list[Different] = [
    ("pnpm update", F + "RUN pnpm update\n", [], [2], "update downloads the newer packages"),
    (
        "a command word elsewhere",
        F + "RUN pnpm run i\n",
        [2],
        [],
        "the command is `run`; `i` is the script it runs",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_follows_pnpm_home() -> None:
    (found,) = findings(F + "ENV PNPM_HOME=/pnpm\nRUN pnpm install\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None and "target=/pnpm/store`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN pnpm install\n")}

"""DL3076 mix-deps-get-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3076Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3076"
F = "FROM elixir:1.17\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("mix deps.get", "RUN mix deps.get", True),
    *spec("not mix", "RUN echo hello", False),
    *spec("cache at /root/.hex", "RUN --mount=type=cache,target=/root/.hex mix deps.get", False),
    *spec("cache at /root/.mix", "RUN --mount=type=cache,target=/root/.mix mix deps.get", False),
    *spec("tmpfs at /root/.hex", "RUN --mount=type=tmpfs,target=/root/.hex mix deps.get", False),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path mix deps.get", True),
]

OURS: list[Case] = [
    ("mix local.hex", F + "RUN mix local.hex --force && mix local.rebar --force\n", []),
    ("mix deps.update", F + "RUN mix deps.update --all\n", [2]),
    ("HEX_OFFLINE", F + "ENV HEX_OFFLINE=1\nRUN mix deps.get\n", []),
    (
        "HEX_HOME followed",
        F + "ENV HEX_HOME=/hh\nRUN --mount=type=cache,target=/hh mix deps.get\n",
        [],
    ),
    ("once per RUN", F + "RUN mix deps.get && mix deps.compile\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "mix compile",
        F + "RUN mix compile\n",
        [2],
        [],
        "compile builds what deps.get fetched; it downloads nothing",
    ),
    (
        "mix compile in ONBUILD",
        F + "ONBUILD RUN mix compile\n",
        [2],
        [],
        "the same, inside ONBUILD",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_mounts_hex_home_only() -> None:
    (found,) = findings(F + "RUN mix deps.get\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None and "target=/root/.hex`" in found.fix and ".mix" not in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN mix deps.get\n")}

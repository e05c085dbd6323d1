"""BK015 secrets-used-in-arg-or-env: BuildKit's lint test cases (dockerfile_lint_test.go,
testSecretsUsedInArgOrEnv, at moby/buildkit 641a8fd) and ours. BuildKit's Dockerfiles start
with an empty line, which our snippets drop: their lines here are one less.

BuildKit checks an ARG where a stage dispatches it (dispatchArg), so an ARG before the first
FROM is not checked; tally 0.45.0 checks those too (it walks the global ARGs itself): the
rows follow BuildKit's code, and the corpus ledger lists tally's extra findings."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "BK015"

SPEC: list[Case] = [
    (
        "spec: BuildKit's list",
        "FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\n"
        "ENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\n"
        "ENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n",
        [2, 3, 4, 4, 5, 5, 6, 7],
    ),
]

OURS: list[Case] = [
    ("a token", "FROM a:1\nARG GITHUB_TOKEN\n", [2]),
    ("BuildKit's false positive GPG_KEY", "FROM a:1\nENV GPG_KEY=A035C8C1\n", [2]),
    ("a part, not a substring", "FROM a:1\nENV TOKENIZERS_PARALLELISM=false MONKEY=1\n", []),
    ("a dash is no separator", "FROM a:1\nENV API-KEY=1\n", []),
    ("in the middle", "FROM a:1\nENV MY_KEY_ID=1\n", [2]),
    ("a leading underscore", "FROM a:1\nENV _KEY=1\n", [2]),
    ("a public one", "FROM a:1\nENV PUBLIC_KEY_SECRET=1\n", []),
    ("values are not read", "FROM a:1\nENV NAME=secret\n", []),
    ("the legacy form", "FROM a:1\nENV DB_PASSWORD hunter2\n", [2]),
    ("before the first FROM", "ARG GITHUB_TOKEN\nFROM a:1\n", []),
    ("redeclared in the stage", "ARG GITHUB_TOKEN\nFROM a:1\nARG GITHUB_TOKEN\n", [3]),
    ("ONBUILD is not checked", "FROM a:1\nONBUILD ENV SECRET=x\n", []),
    ("USERNAME", "FROM a:1\nARG USERNAME=app\n", []),
]

DIFFERENT: list[Different] = []

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_key() -> None:
    (found,) = findings("FROM a:1\nARG HF_TOKEN\n", select=[CODE])
    assert "ARG `HF_TOKEN`" in found.message and found.fix is not None
    assert len(found.message) <= 90


def test_superseded_by_dl3064() -> None:
    text = "FROM a:1\nARG HF_TOKEN\n"
    assert CODE not in {code for code, _ in lint_snippet(text, select=["DL3064", CODE])}

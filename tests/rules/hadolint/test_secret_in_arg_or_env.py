"""DL3064 secret-in-arg-or-env: hadolint's spec cases (test/Hadolint/Rule/DL3064Spec.hs,
the only stored version, which v2.15.1 ships) and ours. Every spec case is ported, its
ONBUILD variant too (an ONBUILD ARG cannot stand before FROM: those variants get one). The
spec's secret ARGs stand before FROM and no stage declares them again, which we do not
report: they are DIFFERENT rows, and SPEC keeps them with a stage that declares them."""

from __future__ import annotations

import itertools
import re

import pytest

from dockerlint_ml.rules.hadolint.secret_in_arg_or_env import name_parts, names_secret
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3064"
F = "FROM debian:bullseye\n"

SPEC: list[Case] = [
    ("spec: no ARG, no ENV", F + "RUN foobar\n", []),
    ("spec: no ARG, no ENV, ONBUILD", F + "ONBUILD RUN foobar\n", []),
    ("spec: harmless ARG", "ARG foobar\n" + F + "RUN foobar\n", []),
    ("spec: harmless ARG, ONBUILD", F + "ONBUILD ARG foobar\n", []),
    ("spec: harmless ENV", F + "ENV foobar=barfoo\nRUN foobar\n", []),
    ("spec: harmless ENV, ONBUILD", F + "ONBUILD ENV foobar=barfoo\n", []),
    (
        "spec: ARG with a secret, declared in the stage",
        "ARG AWS_ACCESS_KEY_ID\n" + F + "ARG AWS_ACCESS_KEY_ID\nRUN foobar\n",
        [1, 3],
    ),
    ("spec: ARG with a secret, ONBUILD", F + "ONBUILD ARG AWS_ACCESS_KEY_ID\n", [2]),
    (
        "spec: ARG, other casing, declared in the stage",
        "ARG openai_api_key\n" + F + "ARG openai_api_key\nRUN foobar\n",
        [1, 3],
    ),
    ("spec: ARG, other casing, ONBUILD", F + "ONBUILD ARG openai_api_key\n", [2]),
    ("spec: ENV with a secret", F + "ENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\n", [2]),
    (
        "spec: ENV with a secret, ONBUILD",
        F + "ONBUILD ENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\n",
        [2],
    ),
    ("spec: ENV, other casing", F + "ENV my_password=abcdefghijklmnopqrstuvwxyz\n", [2]),
    (
        "spec: ENV, other casing, ONBUILD",
        F + "ONBUILD ENV my_password=abcdefghijklmnopqrstuvwxyz\n",
        [2],
    ),
]

OURS: list[Case] = [
    ("ARG without default", F + "ARG HUGGINGFACE_TOKEN\n", [2]),
    ("ARG with an empty default", F + 'ARG actions_runtime_token=""\n', [2]),
    ("ENV from a build arg", F + "ARG HF_TOKEN\nENV HF_TOKEN=${HF_TOKEN}\n", [2, 3]),
    ("camel case", F + "ENV hfToken=x\n", [2]),
    ("one finding per instruction", F + "ENV A=1 MY_PASSWORD=x DB_SECRET=y\n", [2]),
    ("legacy ENV form", F + "ENV DB_PASSWORD hunter2\n", [2]),
    ("LABEL is not checked", F + "LABEL password=x\n", []),
    ("GPG_KEY", F + "ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n", []),
    (
        "a global ARG a later stage declares",
        "ARG HF_TOKEN\n" + F + "RUN a\nFROM alpine\nARG HF_TOKEN\nRUN b\n",
        [1, 5],
    ),
]

_GLOBAL = "a global ARG no stage declares again reaches only FROM lines: no RUN, no image"
DIFFERENT: list[Different] = [
    ("spec: ARG with a secret", "ARG AWS_ACCESS_KEY_ID\n" + F + "RUN foobar\n", [1], [], _GLOBAL),
    ("spec: ARG, other casing", "ARG openai_api_key\n" + F + "RUN foobar\n", [1], [], _GLOBAL),
    (
        "a global ARG with an empty default",
        'ARG actions_runtime_token=""\n' + F + "RUN --mount=type=secret,id=t make\n",
        [1],
        [],
        _GLOBAL,
    ),
    ("a global ARG used in FROM", "ARG TOKEN=x\nFROM debian:${TOKEN}\n", [1], [], _GLOBAL),
    (
        "declared in another stage's ONBUILD only",
        "ARG GH_TOKEN\n" + F + "ONBUILD ARG GH_TOKEN\n",
        [1, 3],
        [3],
        "the trigger runs in another build, where this file's global ARGs do not exist",
    ),
    (
        "TOKENIZERS_PARALLELISM",
        F + "ENV TOKENIZERS_PARALLELISM=false\n",
        [2],
        [],
        "`tokenizers` is not `token`",
    ),
    (
        "a path to tokenizers",
        F + "ENV OPENVINO_TOKENIZERS_PATH_GENAI=/opt/lib/libopenvino_tokenizers.so\n",
        [2],
        [],
        "no secret word; the value is a path",
    ),
    (
        "a lower-case tokenizers ARG",
        F + "ARG ov_tokenizers_branch=master\n",
        [2],
        [],
        "`tokenizers` is not `token`",
    ),
    ("USERNAME", F + "ARG USERNAME=automatic\n", [2], [], "a user name is no secret"),
    ("an empty ENV", F + "ENV NPM_TOKEN=\n", [2], [], "an empty value holds no secret"),
    (
        "a switch named after a token",
        F + "ENV TS_DISABLE_TOKEN_AUTHORIZATION=true\n",
        [2],
        [],
        "the name describes a setting of token checks, not a token",
    ),
    (
        "a reference to the secret",
        F + "ENV HF_TOKEN_FILE=/run/secrets/hf\n",
        [2],
        [],
        "the file holds the secret",
    ),
    (
        "a path value",
        F + "ARG KLOCWORK_LTOKEN=/ovms/ltoken\n",
        [2],
        [],
        "`ltoken` is no secret word and the value is a path",
    ),
    ("a public key", F + "ENV NEXT_PUBLIC_API_KEY=pk_live_x\n", [2], [], "public by design"),
    (
        "PRIVATE_REGISTRY",
        F + "ARG PRIVATE_REGISTRY=registry.local\n",
        [2],
        [],
        "`private` alone names no secret",
    ),
    ("passwd", F + "ENV DB_PASSWD=x\n", [], [2], "the same word, short spelling"),
    ("credentials", F + "ARG GIT_CREDENTIALS\n", [], [2], "credentials are secrets"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("OPENAI_API_KEY", ["openai", "api", "key"]),
        ("hfToken", ["hf", "token"]),
        ("APIKey", ["api", "key"]),
        ("my-secret.value", ["my", "secret", "value"]),
        ("OKTA_OAUTH2_CLIENTSECRET", ["okta", "oauth", "2", "clientsecret"]),
    ],
)
def test_name_parts(name: str, parts: list[str]) -> None:
    assert name_parts(name) == parts


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("GITHUB_TOKEN", True),
        ("SECRET_KEY_BASE", True),
        ("OKTA_OAUTH2_CLIENTSECRET", True),
        ("AZURE_STORAGE_ACCOUNT_KEY", True),
        ("MAX_TOKENS", False),
        ("PASSWORD_MIN_LENGTH", False),
        ("TOKEN_URL", False),
        ("KEY_ID", False),
        ("PUBLIC_KEY", False),
    ],
)
def test_names_secret(name: str, secret: bool) -> None:
    assert names_secret(name) is secret


def test_message_names_the_key() -> None:
    (found,) = findings(F + "ARG HF_TOKEN\n", select=[CODE])
    assert "`HF_TOKEN`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "--mount=type=secret" in found.fix


def test_supersedes_the_buildkit_check() -> None:
    from dockerlint_ml.rules.hadolint.secret_in_arg_or_env import SecretInArgOrEnv

    assert SecretInArgOrEnv.supersedes == ("SecretsUsedInArgOrEnv",)


def test_superseded_by_dlm105_off_by_default_and_runs_when_selected() -> None:
    # DLM105 (secret-in-image) covers the same root cause: DL3064 is off by default, runs
    # when selected, and a pragma naming it silences DLM105 too.
    codes = {code for code, _ in lint_snippet(F + "ARG HF_TOKEN\n")}
    assert CODE not in codes and "DLM105" in codes
    assert lint_snippet(F + "ARG HF_TOKEN\n", select=[CODE]) == [(CODE, 2)]
    silenced = {code for code, _ in lint_snippet(F + "# hadolint ignore=DL3064\nARG HF_TOKEN\n")}
    assert "DLM105" not in silenced


# The expression name_parts used to find the parts with, within `[_.\-]+`-separated chunks.
_OLD_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def test_name_parts_as_the_old_expression() -> None:
    for length in range(7):
        for letters in itertools.product("AaB1_-\u00e9", repeat=length):
            name = "".join(letters)
            old = [
                p.lower() for chunk in re.split(r"[_.\-]+", name) for p in _OLD_PARTS.findall(chunk)
            ]
            assert name_parts(name) == old, name


def test_name_parts_on_long_capital_runs() -> None:
    # The shape tests/test_regex_linearity.py named: a run of capitals, every one a match
    # start, that the lookahead `(?![a-z])` can then reject.
    n = 50_000
    assert name_parts("A" * n + "Token") == ["a" * n, "token"]
    assert name_parts("Aa" * n) == ["aa"] * n
    assert name_parts("A" * n + "_" + "1" * n) == ["a" * n, "1" * n]
    assert names_secret("A" * n + "_TOKEN")
    assert not names_secret("A" * n + "Tokens")

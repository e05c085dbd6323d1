"""DL3064 secret-in-arg-or-env."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import arg_words, key_values
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import unquote

# Name parts that name a secret on their own.
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pword",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
    }
)
# Words that make a following `key` a secret (`API_KEY`, `ACCESS_KEY`); a bare `KEY` is
# as often a public one (`GPG_KEY` holds a fingerprint).
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "client",
        "auth",
        "encryption",
        "master",
        "license",
        "account",
        "app",
        "application",
        "ssh",
        "deploy",
        "storage",
        "subscription",
    }
)
# Joined spellings, one name part (`CLIENTSECRET`, `APIKEY`).
_JOINED_SUFFIXES = ("password", "passwd", "secret", "apikey", "accesskey", "privatekey")
# Parts after the secret word that still name the secret itself, or a half of the
# credential pair it belongs to (`AWS_ACCESS_KEY_ID`, `SECRET_KEY_BASE`).
_STILL_SECRET = frozenset({"id", "base", "value", "b64", "base64"})
# A part that marks the whole name as public (`NEXT_PUBLIC_API_KEY`, `PUBLIC_KEY`).
_PUBLIC = "public"
# Values that are no secret: a switch, or an absolute path (`HF_TOKEN=/run/secrets/hf`).
_SWITCHES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})
_PATH = re.compile(r"(?:/[\w.@+-]+)+/?\Z")
# The characters of a name's parts (ASCII letters and digits); any other character, `_`,
# `-` and `.` among them, only separates parts.
_UPPER = frozenset(string.ascii_uppercase)
_LOWER = frozenset(string.ascii_lowercase)
_DIGITS = frozenset(string.digits)


class SecretInArgOrEnv(Rule):
    """An ARG or ENV name says it holds a secret: a password, token, API key or credential.

    A name is cut into words at `_`, `-`, `.` and changes of case (`hfToken` is `hf`,
    `token`); it names a secret when a word is `password`, `passwd`, `passphrase`,
    `secret`, `token`, `apikey` or `credential(s)`, or is `key` after `api`, `access`,
    `secret`, `private`, `client`, `auth`... (`OPENAI_API_KEY`), and that word ends the
    name or is followed only by `ID`, `BASE` or `VALUE` (`AWS_ACCESS_KEY_ID`). So
    `TOKENIZERS_PARALLELISM`, `MAX_TOKENS`, `GPG_KEY`, `USERNAME` and
    `HF_TOKEN_PATH` are not secrets; nor is a name with the word `public`
    (`NEXT_PUBLIC_API_KEY`). An ARG is reported with or without a default (a value given
    with `--build-arg` is recorded in the image's history), unless its default is a
    switch (`true`, `0`) or an absolute path (a file that holds the secret); an ENV is
    not reported when its value, as written, is empty, a switch or an absolute path.
    A global ARG (before the first FROM) is reported only when a stage declares the
    name again: otherwise only FROM lines can use it, no RUN sees it, and nothing of it
    is stored in the image. Once per instruction, naming the first such key; inside
    ONBUILD too.

    ## Why is this bad?

    ARG and ENV values are not secret: ENV values are stored in the image configuration
    and every container sees them, and build arguments used by a RUN are recorded in the
    image history (`docker history`) and in build provenance, whether their value came
    from a default or from `--build-arg`. Anyone who can pull the image can read them.
    A build secret (`RUN --mount=type=secret`) is available to one RUN and never stored.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ARG HF_TOKEN
    RUN HF_TOKEN="$HF_TOKEN" huggingface-cli download org/model --local-dir /models
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN --mount=type=secret,id=hf_token,env=HF_TOKEN \\
        huggingface-cli download org/model --local-dir /models
    ```

    Build it with `docker build --secret id=hf_token,env=HF_TOKEN .`.

    ## Differences from hadolint

    - Words, not substrings: hadolint reports any name containing `token`, `secret`,
      `password`, `private`, `username`, `api_key` or `client_key`
      (`TOKENIZERS_PARALLELISM`, `OPENVINO_TOKENIZERS_PATH`, `USERNAME`,
      `PRIVATE_REGISTRY`), and misses `passwd`, `passphrase` and `credentials`.
    - A user name is not a secret: `USERNAME`, `DOCKER_USERNAME` and the other
      non-secret names of hadolint's list (`TRAVIS_OS_NAME`, `DOCKER_EMAIL`,
      `FACEBOOK_APP_ID`) are not reported.
    - A name that points to the secret (`*_FILE`, `*_PATH`, `*_URL`) or describes it
      (`TOKEN_EXPIRY`, `DISABLE_TOKEN_AUTHORIZATION`) is not reported; nor an ENV whose
      value is empty, a switch or an absolute path.
    - A global ARG (before the first FROM) that no stage declares again is not reported:
      only FROM lines can use it, and it reaches no RUN and no image. hadolint reports
      it. BuildKit's SecretsUsedInArgOrEnv checks no global ARG at all (only the ARG
      and ENV of stages), so it reports the stage's declaration instead.

    ## References

    - hadolint DL3064: https://github.com/hadolint/hadolint/wiki/DL3064
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3064Spec.hs
    - BuildKit's twin check, SecretsUsedInArgOrEnv:
      https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
      (run in `dispatchArg` and `dispatchEnv`, frontend/dockerfile/dockerfile2llb/convert.go)
    - Docker, how ARG and FROM interact (a global ARG is outside every stage until a stage
      declares it): https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    - Docker, build secrets: https://docs.docker.com/build/building/secrets/
    - Docker, `ARG` (build arguments are visible in `docker history`):
      https://docs.docker.com/reference/dockerfile/#arg
    """

    code = "DL3064"
    name = "secret-in-arg-or-env"
    severity = Severity.WARNING
    keywords = frozenset({"ARG", "ENV"})
    onbuild = True
    supersedes = ("SecretsUsedInArgOrEnv",)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._redeclared: tuple[Dockerfile, frozenset[str]] | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.keyword == "ARG":
            pairs: list[tuple[str, str | None]] = list(arg_words(instruction.value))
        else:
            pairs = list(key_values(instruction.value) or ())
        is_global = instruction.keyword == "ARG" and instruction.stage is None
        for key, raw in pairs:
            if not names_secret(key):
                continue
            if is_global and key not in self._stage_args(ctx.dockerfile):
                continue  # only FROM lines can use it
            if raw is not None and _harmless(raw, instruction.keyword == "ARG"):
                continue
            yield self.finding(
                instruction,
                f"{instruction.keyword} `{key}` stores a secret in the image or its history.",
                fix="Pass it as a build secret (`RUN --mount=type=secret,id=...`) to the"
                " RUN that needs it; give containers secrets at run time.",
            )
            return

    def _stage_args(self, dockerfile: Dockerfile) -> frozenset[str]:
        """The names an ARG of some stage declares (ONBUILD ARG not: it runs in another
        build), indexed once per file."""
        if self._redeclared is None or self._redeclared[0] is not dockerfile:
            names = frozenset(
                key
                for ins in dockerfile.instructions
                if ins.keyword == "ARG" and ins.stage is not None
                for key, _ in arg_words(ins.value)
            )
            self._redeclared = (dockerfile, names)
        return self._redeclared[1]


def name_parts(name: str) -> list[str]:
    """The words of a variable name, lower case: `OPENAI_API_KEY` -> openai, api, key;
    `hfToken` -> hf, token; `APIKey` -> api, key."""
    return [part.lower() for part in _parts(name)]


def _run(text: str, i: int, chars: frozenset[str]) -> int:
    """The end of the run of `chars` at `i`."""
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _parts(name: str) -> Iterator[str]:
    """The parts of `name` in one pass: a run of digits, a run of lower-case letters with
    the capital before it (`Token`), or a run of capitals, less the last when a lower-case
    letter follows (`APIKey` -> `API`, `Key`). The parts a findall of
    `[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+` gives, without its lookahead's rescans."""
    i, n = 0, len(name)
    while i < n:
        c = name[i]
        if c in _DIGITS:
            end = _run(name, i, _DIGITS)
        elif c in _LOWER:
            end = _run(name, i, _LOWER)
        elif c in _UPPER:
            end = _run(name, i, _UPPER)
            if end < n and name[end] in _LOWER:
                if end - i > 1:
                    yield name[i : end - 1]
                i = end - 1
                end = _run(name, end, _LOWER)
        else:
            i += 1
            continue
        yield name[i:end]
        i = end


def names_secret(name: str) -> bool:
    """Whether a variable name says it holds a secret (see the rule's documentation)."""
    parts = name_parts(name)
    if _PUBLIC in parts:
        return False
    for i, part in enumerate(parts):
        secret = (
            part in _SECRET_WORDS
            or (part == "key" and i > 0 and parts[i - 1] in _KEY_QUALIFIERS)
            or part.endswith(_JOINED_SUFFIXES)
        )
        if secret and all(p in _STILL_SECRET for p in parts[i + 1 :]):
            return True
    return False


def _harmless(raw: str, arg: bool) -> bool:
    """Whether a value, as written, cannot be a secret. An empty ARG default can: the
    value is then passed with `--build-arg`."""
    value = unquote(raw).strip()
    if not value:
        return not arg
    return value.lower() in _SWITCHES or bool(_PATH.match(value))

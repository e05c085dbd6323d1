"""BK015 secrets-used-in-arg-or-env (BuildKit's SecretsUsedInArgOrEnv)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import arg_words, key_values
from dockerlint_ml.engine.rule import Context, Rule

# BuildKit's words, each a whole `_`-separated part of the name, in any case.
_SECRET = re.compile(
    r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)"
    r"(?:_|$)",
    re.IGNORECASE,
)
_PUBLIC = re.compile(r"(?:_|^)public(?:_|$)", re.IGNORECASE)


class SecretsUsedInArgOrEnv(Rule):
    """An ARG or ENV name contains a word that BuildKit takes for a secret.

    BuildKit's test, applied to every ARG and ENV of every stage: the name, cut at `_`,
    has a part that is `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`,
    `passwd`, `secret` or `token`, in any case (`GITHUB_TOKEN`, `db_password`,
    `AUTH`), and no part `public` (`PUBLIC_KEY` passes). A part is only what lies between
    underscores: `APIKEY_FILE` matches, `MONKEY`, `API-KEY` and `TOKENIZERS_PARALLELISM`
    do not. Values are not read. One finding per such name. ARGs before the first FROM
    are not checked (BuildKit checks an ARG when a stage declares it), nor ONBUILD ARG
    and ONBUILD ENV.

    ## Why is this bad?

    ARG and ENV values are not secret: ENV values are stored in the image configuration
    and every container sees them, and build arguments a RUN uses are recorded in the
    image history and in build provenance. Anyone who can pull the image can read them.
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

    ## Off by default

    The word list is BuildKit's, and so are its false positives: `GPG_KEY` (the
    fingerprint official images verify downloads with) or `AUTH_TYPE`. hadolint's
    DL3064 covers the same cause with a reading of names that avoids them, and
    supersedes this rule.

    ## Differences from BuildKit

    - ONBUILD triggers that a base stage of the same file declares are not replayed into
      the stages built on it (BuildKit checks a replayed `ONBUILD ENV` there and
      reports it on that stage's FROM).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
    - Docker, build secrets: https://docs.docker.com/build/building/secrets/
    - Docker, `ARG` (build arguments are visible in `docker history`):
      https://docs.docker.com/reference/dockerfile/#arg
    """

    code = "BK015"
    name = "secrets-used-in-arg-or-env"
    severity = Severity.WARNING
    keywords = frozenset({"ARG", "ENV"})
    aliases = ("SecretsUsedInArgOrEnv",)
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.stage is None:
            return
        if instruction.keyword == "ARG":
            keys = [key for key, _ in arg_words(instruction.value)]
        else:
            keys = [key for key, _ in key_values(instruction.value) or ()]
        for key in keys:
            if _SECRET.search(key) and not _PUBLIC.search(key):
                yield self.finding(
                    instruction,
                    f"{instruction.keyword} `{key}` looks like a secret, stored in the image"
                    " or its history.",
                    fix="Pass it as a build secret (`RUN --mount=type=secret,id=...`) to the"
                    " RUN that needs it; give containers secrets at run time.",
                )

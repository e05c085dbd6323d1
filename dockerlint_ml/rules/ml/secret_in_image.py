"""DLM105 secret-in-image."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import arg_words, key_values
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.secrets import (
    credential_file,
    credential_name,
    is_placeholder,
    points_elsewhere,
    token_shape,
)
from dockerlint_ml.facts.shell import unquote

# Every instruction whose text may hold a token; FROM, EXPOSE, STOPSIGNAL... hold none.
_KEYWORDS = frozenset(
    {"ARG", "ENV", "LABEL", "RUN", "COPY", "ADD", "CMD", "ENTRYPOINT", "HEALTHCHECK", "USER"}
    | {"WORKDIR", "VOLUME", "SHELL"}
)
_SECRET_FIX = "RUN --mount=type=secret,id={id},env={name}"


class SecretInImage(Rule):
    """A credential is baked into the image: a token literal, a secret build argument or ENV,
    or a credential file copied in.

    Four things are reported, once per instruction (the first that applies, in this order):

    - a token-shaped literal anywhere in the instruction's text (ARG defaults, ENV and
      LABEL values, RUN, CMD and heredoc bodies; Dockerfile comments are not read): `hf_`
      followed by 34 letters or digits (Hugging Face), `sk-` followed by 20 or more
      (OpenAI; `sk-proj-…` too), `AKIA` followed by 16 upper-case letters or digits (an AWS
      access key ID), `ghp_` (and GitHub's `gho_`, `ghu_`, `ghs_`, `ghr_`) followed by 36,
      each a whole word. A literal with no digit, fewer than 8 distinct characters or a
      sample word (`EXAMPLE`, `xxxx`, `your`) is a placeholder, not a token; the message
      names the kind of token, never its value;
    - an ENV whose name is a credential (below) set to a literal that is not a
      placeholder: empty, a variable (`${HF_TOKEN}`: the value comes from an ARG, which is
      reported itself), `changeme`, `dummy`, `none`, `<token>`, `your-key-here`, `xxx`, a
      switch (`true`, `0`) or an absolute path (the file holding the secret) are not
      reported;
    - an ARG whose name is a credential, with or without a default (build arguments are
      recorded in the image history), unless its default is a switch or an absolute path.
      An ARG before the first FROM is not reported: only FROM lines see it, and a stage
      that uses it declares it again, which is the ARG reported. An ARG of a build stage
      whose layers do not ship in the final image (its files are only copied out) is not
      reported;
    - a COPY or ADD (also `--from` another stage or image) of a credential file:
      `kaggle.json`, `.env` and `.env.<x>` (not `.env.example`, `.env.sample`,
      `.env.template`...), `.netrc`, `credentials.json`, `.git-credentials`, `id_rsa`,
      `id_ed25519` (and `id_ecdsa`, `id_dsa`), a `*.key` or `*.pem` whose name does not say
      it is public (`cert.pem`, `ca.pem`, `*-ca.pem`, `fullchain.pem`, `cacert.pem`,
      `Release.key` are not reported), the `.aws/` and `.ssh/` directories or a file in
      them (not `config`, `known_hosts` or `*.pub`). URLs, globs and sources with
      unresolved variables are not judged, nor the destination; build stages that do not
      ship are not reported.

    A name is a credential when it is `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`,
    `WANDB_API_KEY`, `OPENAI_API_KEY`, `KAGGLE_KEY`, `AWS_SECRET_ACCESS_KEY` or
    `AWS_SESSION_TOKEN`, or when, cut at `_`, its last word is `TOKEN`, `SECRET`,
    `PASSWORD`, `PASSWD`, `PASSPHRASE` or `APIKEY`, or its last two are `API_KEY`,
    `SECRET_KEY` or `PRIVATE_KEY`. Case does not matter (`hf_token` is a secret too,
    whatever the convention). Words, never substrings: `TOKENIZERS_PARALLELISM`,
    `MAX_TOKENS`, `HF_TOKEN_PATH`, `PASSWORD_FILE` and `CLIENT_SECRET_NAME` are not
    credentials, nor names with the word `PUBLIC` (`NEXT_PUBLIC_API_KEY`) or tokenizer
    tokens (`PAD_TOKEN`, `EOS_TOKEN`, `MAX_TOKEN`). Inside ONBUILD too. Not checked:
    secrets written by a RUN (`echo "$TOKEN" > file`), a credential file inside a copied
    directory, and `.npmrc`/`.pypirc` (as often plain registry settings).

    ## Why is this bad?

    Everything in an image is readable by whoever can pull it: ENV values sit in the image
    configuration (`docker inspect`), build arguments that a RUN sees are recorded in the
    image history (`docker history`) and in build provenance, and a copied file stays in
    its layer even when a later RUN deletes it. A literal token in the Dockerfile is also
    in the source repository. A Hugging Face, OpenAI or cloud key leaked this way gives
    access to private models, paid APIs and data. A build secret (`RUN
    --mount=type=secret`) is available to one RUN and stored nowhere; containers get
    their secrets at run time (`docker run -e`, orchestrator secrets).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ARG HF_TOKEN
    RUN pip install --no-cache-dir huggingface_hub==0.26.2 \\
     && huggingface-cli download --token "$HF_TOKEN" org/model --local-dir /models
    COPY kaggle.json /root/.kaggle/kaggle.json
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir huggingface_hub==0.26.2
    RUN --mount=type=secret,id=hf_token,env=HF_TOKEN \\
        huggingface-cli download org/model --local-dir /models
    ```

    Build it with `docker build --secret id=hf_token,env=HF_TOKEN .`; list credential files
    in `.dockerignore`.

    ## Differences from DL3064 and BuildKit's SecretsUsedInArgOrEnv

    This rule supersedes both (they stay selectable): with it in effect they are off by
    default, and `# hadolint ignore=DL3064` silences it too.

    - Names: DL3064 finds a secret word anywhere in the name (`AWS_ACCESS_KEY_ID`,
      `hfToken`, `CREDENTIALS`); BuildKit any `_`-separated word among `key`, `auth`,
      `token`, `secret`... (`GPG_KEY`, `GF_AUTH_ANONYMOUS_ENABLED`). This rule reads the
      last word only (or the last two), so it reports fewer names: a name that describes a
      secret (`TOKEN_EXPIRY`) or points to it (`HF_TOKEN_PATH`) is never reported.
    - Values: BuildKit reads none; DL3064 exempts empty ENVs, switches and paths; this rule
      also exempts placeholders (`changeme`, `<token>`, `${VAR}`).
    - Build stages whose layers do not ship are not reported (both peers report them), nor
      a global ARG (DL3064 reports one that a stage declares again, beside that stage's).
    - Beyond names: token-shaped literals and credential files, which neither checks.

    ## References

    - Docker, build secrets: https://docs.docker.com/build/building/secrets/
    - Docker, `ARG` (build arguments are visible in `docker history`):
      https://docs.docker.com/reference/dockerfile/#arg
    - Docker, how ARG and FROM interact (a global ARG is outside every stage):
      https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    - BuildKit's check: https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
    - hadolint DL3064: https://github.com/hadolint/hadolint/wiki/DL3064
    - Hugging Face user access tokens (`hf_` prefix):
      https://huggingface.co/docs/hub/security-tokens
    - GitHub token prefixes (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`):
      https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
    - AWS access key IDs (`AKIA` prefix) and the documentation sample key:
      https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    - OpenAI API keys (`sk-`): https://platform.openai.com/docs/api-reference/authentication
    - Kaggle API credentials (`~/.kaggle/kaggle.json`): https://www.kaggle.com/docs/api
    """

    code = "DLM105"
    name = "secret-in-image"
    severity = Severity.ERROR
    keywords = _KEYWORDS
    onbuild = True
    supersedes = ("DL3064", "SecretsUsedInArgOrEnv")

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        kw = instruction.keyword
        shape = token_shape(_text(instruction))
        if shape is not None:
            yield self.finding(
                instruction,
                f"{kw} holds a literal {shape.title}"
                f" (`{shape.prefix}…`), readable in the Dockerfile and the image.",
                fix="Revoke it, then pass it as a build secret (`RUN --mount=type=secret,id=...`)"
                " or at run time (`docker run -e`).",
            )
            return
        if kw == "ENV":
            found = self._env(instruction)
        elif kw == "ARG":
            found = self._arg(instruction, ctx)
        elif kw in ("COPY", "ADD"):
            found = self._copy(instruction, ctx)
        else:
            found = None
        if found is not None:
            yield found

    def _env(self, instruction: Instruction) -> Finding | None:
        for key, raw in key_values(instruction.value) or ():
            if credential_name(key) and not is_placeholder(unquote(raw)):
                return self.finding(
                    instruction,
                    f"ENV `{key}` sets a literal credential, stored in the Dockerfile and the"
                    " image config.",
                    fix=f"Revoke it; give it at run time (`docker run -e {key}`) or, for a"
                    f" build step, as a build secret (`{_mount(key)}`).",
                )
        return None

    def _arg(self, instruction: Instruction, ctx: Context) -> Finding | None:
        # An ARG before the first FROM reaches no RUN: a stage that wants it declares it
        # again, and that declaration is the one reported.
        if instruction.stage is None or not self._ships(instruction, ctx):
            return None
        names = [
            key
            for key, raw in arg_words(instruction.value)
            if credential_name(key) and not (raw is not None and _harmless_default(unquote(raw)))
        ]
        if not names:
            return None
        more = f" (and {len(names) - 1} more)" if len(names) > 1 else ""
        first = names[0]
        return self.finding(
            instruction,
            f"ARG `{first}`{more} passes a credential: build arguments are recorded in the"
            " image history.",
            fix=f"Use a build secret in the RUN that needs it (`{_mount(first)}`), built with"
            f" `--secret id={first.lower()},env={first}`.",
        )

    def _copy(self, instruction: Instruction, ctx: Context) -> Finding | None:
        if not self._ships(instruction, ctx):
            return None
        info = ctx.copy(instruction)
        if info is None:
            return None
        for source in info.sources:
            if not source.resolved or source.is_url or source.is_glob:
                continue
            shown = credential_file(source.text)
            if shown is None:
                continue
            return self.finding(
                instruction,
                f"{instruction.keyword} puts the credential file `{shown}` into an image layer.",
                fix="Mount it only for the RUN that needs it (`RUN --mount=type=secret,id=...,"
                "target=...`) and list it in .dockerignore.",
            )
        return None

    def _ships(self, instruction: Instruction, ctx: Context) -> bool:
        """Whether the instruction's layers or history reach the final image (an ONBUILD
        trigger runs in another build: it counts)."""
        stage = ctx.stage(instruction)
        if stage is None:
            return True
        top = ctx.dockerfile.instructions[instruction.index]
        return top.keyword == "ONBUILD" or ctx.stage_roles().ships(stage)


def _text(instruction: Instruction) -> str:
    """The instruction's text as the build reads it: its value and heredoc bodies."""
    if not instruction.heredocs:
        return instruction.value
    return "\n".join((instruction.value, *(h.body for h in instruction.heredocs)))


def _mount(name: str) -> str:
    return _SECRET_FIX.format(id=name.lower(), name=name)


def _harmless_default(value: str) -> bool:
    """An ARG default that cannot be the secret: a switch or an absolute path (an empty
    default can: the value then comes with `--build-arg`)."""
    return points_elsewhere(value)

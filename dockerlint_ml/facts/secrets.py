"""What a credential looks like in a Dockerfile: its variable names, the shapes of well-known
tokens, the placeholder values that stand for none, and the files that hold one.

DLM105 (secret-in-image) reads these; they are data and pure functions, so that another
rule (or a plugin) asking "is this a credential?" gets the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Names that are credentials whatever their last word (KAGGLE_KEY ends in KEY, which alone
# is as often a public key or a fingerprint: GPG_KEY).
CREDENTIAL_NAMES = frozenset(
    {
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "WANDB_API_KEY",
        "OPENAI_API_KEY",
        "KAGGLE_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    }
)
# A name whose last `_`-separated word is one of these holds the secret itself; a further
# word (`HF_TOKEN_PATH`, `PASSWORD_FILE`, `CLIENT_SECRET_NAME`) points to it or describes it.
_LAST_WORDS = frozenset({"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "APIKEY"})
# Or whose last two words are one of these (`OPENAI_API_KEY`, Django's `SECRET_KEY`).
_LAST_PAIRS = frozenset({("API", "KEY"), ("SECRET", "KEY"), ("PRIVATE", "KEY")})
# Words before TOKEN that make it a tokenizer's or a quota's token, not a credential
# (`PAD_TOKEN`, `EOS_TOKEN`, `MAX_TOKEN`).
_NOT_A_CREDENTIAL_TOKEN = frozenset(
    {"BOS", "EOS", "PAD", "UNK", "SEP", "CLS", "MASK", "START", "END", "STOP", "MAX", "MIN"}
    | {"NUM", "COUNT", "SPECIAL"}
)


def credential_name(name: str) -> bool:
    """Whether an ARG/ENV name says it holds a credential: one of CREDENTIAL_NAMES, or a
    name whose last `_`-separated word is TOKEN, SECRET, PASSWORD (PASSWD, PASSPHRASE,
    APIKEY), or whose last two are API_KEY, SECRET_KEY or PRIVATE_KEY; in any case
    (`hf_token`). Words, never substrings: `TOKENIZERS_PARALLELISM`, `MAX_TOKENS` and
    `HF_TOKEN_PATH` are no credentials; nor is a name with the word PUBLIC
    (`NEXT_PUBLIC_API_KEY`, a key meant to be published)."""
    upper = name.upper()
    if upper in CREDENTIAL_NAMES:
        return True
    words = [w for w in upper.split("_") if w]
    if not words or "PUBLIC" in words:
        return False
    last = words[-1]
    if last in _LAST_WORDS:
        return not (last == "TOKEN" and len(words) > 1 and words[-2] in _NOT_A_CREDENTIAL_TOKEN)
    return len(words) >= 2 and (words[-2], last) in _LAST_PAIRS


# -- values that hold no secret ------------------------------------------------------------

# Placeholder values, compared lower case after quote removal: a template to fill in,
# an explicit "nothing", a switch (`HF_HUB_DISABLE_TOKEN=1` style values), not a secret.
_PLACEHOLDERS = frozenset(
    {
        "changeme", "change_me", "change-me", "changeit", "replaceme", "replace_me",
        "replace-me", "dummy", "none", "null", "nil", "undefined", "unset", "empty", "todo",
        "fixme", "placeholder", "secret", "password", "token", "example", "default",
        "redacted", "hidden", "test", "fake", "foo", "bar", "-", "...", "…",
        "true", "false", "yes", "no", "on", "off", "0", "1",
    }
)  # fmt: skip
# Template shapes: `<your-token>`, `{{token}}`, `your-key-here`, `xxx`, `***`, `insert_...`,
# one expression each so that each is plainly linear.
_ANGLE_TEMPLATE = re.compile(r"<[^<>]*>")  # search
_TEMPLATE_START = re.compile(r"(?:your|my|insert|enter|put|add)[-_ ]", re.IGNORECASE)  # match
_TEMPLATE_END = re.compile(r"[-_ ](?:here|goes[-_ ]here)\Z", re.IGNORECASE)  # search
_MASK = re.compile(r"[x*#.?]+", re.IGNORECASE)  # fullmatch


def _template(text: str) -> bool:
    opening = text.find("{{")
    return bool(
        _ANGLE_TEMPLATE.search(text)
        or (opening >= 0 and "}}" in text[opening + 2 :])
        or _TEMPLATE_START.match(text)
        or _TEMPLATE_END.search(text)
        or _MASK.fullmatch(text)
    )


# An absolute path: the file that holds the secret (`HF_TOKEN=/run/secrets/hf`).
_PATH = re.compile(r"(?:/[\w.@+-]+)+/?\Z")


def is_placeholder(value: str) -> bool:
    """Whether a literal value (quotes removed) cannot be a real secret: empty, a variable
    reference (`${HF_TOKEN}`: the value comes from elsewhere), a placeholder word or shape
    (`changeme`, `<token>`, `your-key-here`, `xxx`), a switch (`true`, `0`) or an absolute
    path (a file holding the secret)."""
    text = value.strip()
    if not text or "$" in text:
        return True
    if text.lower() in _PLACEHOLDERS:
        return True
    return _template(text) or bool(_PATH.match(text))


_SWITCHES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})


def points_elsewhere(value: str) -> bool:
    """Whether a value is a switch (`true`, `0`) or an absolute path (the file that holds
    the secret): what an ARG default may be without being the secret. A placeholder default
    is not enough: the real value then comes with `--build-arg`."""
    text = value.strip()
    return text.lower() in _SWITCHES or bool(_PATH.match(text))


# -- token shapes --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenShape:
    """A token format that is recognisable on its own: its owner and its visible prefix."""

    title: str  # "Hugging Face token"
    prefix: str  # "hf_", shown in messages instead of the value


# One pass over the text: each alternative is a named group. Boundaries on both sides, so
# that a longer word (`thf_...`, a 35th character) is no token.
_SHAPES: dict[str, TokenShape] = {
    "hf": TokenShape("Hugging Face token", "hf_"),
    "openai": TokenShape("OpenAI-style API key", "sk-"),
    "aws": TokenShape("AWS access key ID", "AKIA"),
    "github": TokenShape("GitHub token", "ghp_"),
}
# The words a token may be (what the shapes are made of, 20 characters at least: the
# shortest shape, AWS's), then each word against the shapes: a token is a whole word.
_WORDS = re.compile(r"[A-Za-z0-9_-]{20,}")  # finditer
_TOKENS = re.compile(
    r"(?P<hf>hf_[A-Za-z0-9]{34})"
    r"|(?P<openai>sk-(?:proj-|svcacct-|admin-|ant-api\d\d-)?[A-Za-z0-9_-]{20,})"
    r"|(?P<aws>AKIA[A-Z0-9]{16})"
    r"|(?P<github>gh[pousr]_[A-Za-z0-9]{36})"
)  # fullmatch
# Cheap test before the expression: most instructions hold none of these.
_TOKEN_HINTS = ("hf_", "sk-", "AKIA", "gh")
# Words that mark a documentation sample (AWS's own `AKIAIOSFODNN7EXAMPLE`) or a template.
_SAMPLE_WORDS = ("example", "xxxx", "your", "placeholder", "dummy", "fake", "redacted", "0000")


def token_shape(text: str) -> TokenShape | None:
    """The first well-known token shape in `text` that looks like a real token (random:
    letters and digits mixed, at least 8 distinct characters, no sample word), or None."""
    if not any(hint in text for hint in _TOKEN_HINTS):
        return None
    for word in _WORDS.finditer(text):
        match = _TOKENS.fullmatch(word.group())
        if match is None:
            continue
        kind = match.lastgroup
        assert kind is not None
        body = match.group(kind).split("_", 1)[-1] if kind != "openai" else match.group(kind)[3:]
        if kind == "aws":
            body = body[4:]
        if _random(body):
            return _SHAPES[kind]
    return None


def _random(body: str) -> bool:
    lower = body.lower()
    if any(word in lower for word in _SAMPLE_WORDS):
        return False
    alnum = [c for c in body if c.isalnum()]
    return (
        len(set(alnum)) >= 8
        and any(c.isdigit() for c in alnum)
        and any(c.isalpha() for c in alnum)
        and len(alnum) >= 16
    )


# -- credential files ----------------------------------------------------------------------

# File names that hold a credential wherever they are.
_CREDENTIAL_FILES = frozenset(
    {
        "kaggle.json",
        ".netrc",
        "_netrc",
        "credentials.json",
        "application_default_credentials.json",
        ".git-credentials",
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
    }
)
# `.env.<suffix>` files that are templates, committed on purpose.
_ENV_TEMPLATES = frozenset(
    {"example", "sample", "template", "tpl", "dist", "default", "defaults", "schema", "in"}
)
# Words of a `.key`/`.pem` name that make it public: an apt/GPG signing key, a certificate,
# a CA bundle (`Release.key`, `cert.pem`, `rds-ca-bundle.pem`, `fullchain.pem`).
_PUBLIC_KEY_WORDS = frozenset(
    {
        "pub", "public", "pubkey", "gpg", "pgp", "asc", "apt", "repo", "release", "archive",
        "keyring", "signing", "cert", "certs", "certificate", "ca", "cacert", "cacerts",
        "chain", "fullchain", "bundle", "root", "rootca", "crt", "trust", "truststore",
        "intermediate", "x509",
    }
)  # fmt: skip
_NAME_WORDS = re.compile(r"[^a-z0-9]+")
# Directories whose content is credentials: the AWS CLI's (credentials beside config) and
# SSH's (private keys beside known_hosts).
_CREDENTIAL_DIRS = (".aws", ".ssh")


def credential_file(path: str) -> str | None:
    """How a COPY/ADD source path is shown when it is a credential file (`kaggle.json`,
    `.env`, `.aws/`), or None: the names in _CREDENTIAL_FILES, `.env` and `.env.<x>` (not
    `.env.example`, `.env.sample`, `.env.template`...), a `*.key` or `*.pem` whose name does
    not say it is public (a certificate, a CA bundle, a signing key: `cert.pem`,
    `fullchain.pem`, `*-ca.pem`, `Release.key`), and the `.aws` and `.ssh` directories (or a
    file in them other than `config`, `known_hosts` and `*.pub`)."""
    parts = [p for p in path.strip().split("/") if p not in ("", ".")]
    if not parts:
        return None
    base = parts[-1]
    lower = base.lower()
    if lower in _CREDENTIAL_FILES:
        return base
    if lower == ".env" or (lower.startswith(".env.") and lower[5:] not in _ENV_TEMPLATES):
        return base
    stem, dot, ext = lower.rpartition(".")
    if dot and stem and ext in ("key", "pem"):
        words = {w for w in _NAME_WORDS.split(stem) if w}
        named_public = bool(words & _PUBLIC_KEY_WORDS) or "cert" in stem or stem.endswith("ca")
        if not named_public:
            return base
    for directory in _CREDENTIAL_DIRS:
        if directory in parts[:-1] or lower == directory:
            if lower == directory:
                return f"{directory}/"
            if lower not in ("config", "known_hosts") and not lower.endswith(".pub"):
                return f"{directory}/{base}"
    return None

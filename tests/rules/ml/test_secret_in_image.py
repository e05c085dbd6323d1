"""DLM105 secret-in-image."""

from __future__ import annotations

import pytest

from dockerlint_ml.facts.secrets import credential_file, credential_name, is_placeholder
from tests.helpers import COURSE, findings, lint_snippet

CODE = "DLM105"
F = "FROM python:3.12-slim\n"
# Token-shaped literals, built so that no real-looking token sits in the source as is.
HF = "hf_" + "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYz1"  # 34 after the prefix
SK = "sk-" + "proj-" + "Zx81Kq0Lm7Tn3Vb5Wc2Yd9Re4"
AWS = "AKIA" + "Q4T7ZK2M9XW3B5NP"
GHP = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
GHS = "ghs_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=[CODE])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    # -- ARG names
    ("ARG without default", F + "ARG HF_TOKEN\n", [(CODE, 2)]),
    ("ARG with default", F + "ARG HF_TOKEN=abc\n", [(CODE, 2)]),
    ("ARG with an empty default", F + 'ARG HF_TOKEN=""\n', [(CODE, 2)]),
    ("ARG placeholder default still passed", F + "ARG HF_TOKEN=changeme\n", [(CODE, 2)]),
    ("ARG HUGGING_FACE_HUB_TOKEN", F + "ARG HUGGING_FACE_HUB_TOKEN\n", [(CODE, 2)]),
    ("ARG WANDB_API_KEY", F + "ARG WANDB_API_KEY\n", [(CODE, 2)]),
    ("ARG OPENAI_API_KEY", F + "ARG OPENAI_API_KEY\n", [(CODE, 2)]),
    ("ARG KAGGLE_KEY", F + "ARG KAGGLE_KEY\n", [(CODE, 2)]),
    ("ARG AWS_SECRET_ACCESS_KEY", F + "ARG AWS_SECRET_ACCESS_KEY\n", [(CODE, 2)]),
    ("last word TOKEN", F + "ARG GITLAB_DEPLOY_TOKEN\n", [(CODE, 2)]),
    ("last word SECRET", F + "ARG CLIENT_SECRET\n", [(CODE, 2)]),
    ("last word PASSWORD", F + "ARG DB_PASSWORD\n", [(CODE, 2)]),
    ("last words API_KEY", F + "ARG ANTHROPIC_API_KEY\n", [(CODE, 2)]),
    ("last words SECRET_KEY", F + "ARG DJANGO_SECRET_KEY\n", [(CODE, 2)]),
    ("lower case name", F + "ARG hf_token\n", [(CODE, 2)]),
    ("bare TOKEN", F + "ARG TOKEN\n", [(CODE, 2)]),
    ("two secrets, one finding", F + "ARG HF_TOKEN WANDB_API_KEY\n", [(CODE, 2)]),
    ("TOKENIZERS_PARALLELISM", F + "ARG TOKENIZERS_PARALLELISM=false\n", []),
    ("MAX_TOKENS", F + "ARG MAX_TOKENS=512\n", []),
    ("token path", F + "ARG HF_TOKEN_PATH\n", []),
    ("password file", F + "ARG DB_PASSWORD_FILE\n", []),
    ("secret name", F + "ARG AWS_SECRET_NAME\n", []),
    ("substring only", F + "ARG MYTOKEN\n", []),
    ("tokenizer token", F + "ARG PAD_TOKEN\n", []),
    ("public key", F + "ARG NEXT_PUBLIC_API_KEY\n", []),
    ("gpg key", F + "ARG GPG_KEY\n", []),
    ("access key id", F + "ARG AWS_ACCESS_KEY_ID\n", []),
    ("ARG default is a path", F + "ARG HF_TOKEN=/run/secrets/hf\n", []),
    ("ARG default is a switch", F + "ARG USE_AUTH_TOKEN=false\n", []),
    (
        "global ARG only FROM sees",
        'ARG actions_runtime_token=""\n' + F + "RUN echo hi\n",
        [],
    ),
    (
        "global ARG declared again: the stage's",
        "ARG HF_TOKEN\n" + F + "ARG HF_TOKEN\n",
        [(CODE, 3)],
    ),
    (
        "ARG of a build stage that does not ship",
        df(
            "FROM python:3.12-slim AS build",
            "ARG HF_TOKEN",
            "RUN huggingface-cli download org/m --token $HF_TOKEN --local-dir /m",
            "FROM python:3.12-slim",
            "COPY --from=build /m /m",
        ),
        [],
    ),
    (
        "ARG of a stage the final one is built on",
        df("FROM python:3.12-slim AS base", "ARG HF_TOKEN", "FROM base", "RUN echo hi"),
        [(CODE, 2)],
    ),
    ("ONBUILD ARG", F + "ONBUILD ARG GITHUB_TOKEN\n", [(CODE, 2)]),
    # -- ENV literals
    ("ENV literal", F + "ENV WANDB_API_KEY=3f9a0c1b7e\n", [(CODE, 2)]),
    ("ENV legacy form", F + "ENV OPENAI_API_KEY 3f9a0c1b7e\n", [(CODE, 2)]),
    ("ENV quoted literal", F + 'ENV DB_PASSWORD="s3cr3t-Pa55"\n', [(CODE, 2)]),
    ("ENV second pair", F + "ENV A=1 KAGGLE_KEY=0a1b2c3d\n", [(CODE, 2)]),
    ("ENV empty", F + "ENV NPM_TOKEN=\n", []),
    ("ENV empty quotes", F + 'ENV HF_TOKEN=""\n', []),
    ("ENV from the ARG", F + "ENV HF_TOKEN=${HF_TOKEN}\n", []),
    ("ENV changeme", F + "ENV DB_PASSWORD=changeme\n", []),
    ("ENV angle placeholder", F + "ENV OPENAI_API_KEY=<your-openai-key>\n", []),
    ("ENV your-key-here", F + "ENV OPENAI_API_KEY=your-key-here\n", []),
    ("ENV xxx", F + "ENV WANDB_API_KEY=xxxxxxxx\n", []),
    ("ENV dummy", F + "ENV HF_TOKEN=dummy\n", []),
    ("ENV none", F + "ENV HF_TOKEN=none\n", []),
    ("ENV path", F + "ENV HF_TOKEN=/run/secrets/hf_token\n", []),
    ("ENV switch", F + "ENV TS_DISABLE_TOKEN_AUTHORIZATION=true\n", []),
    ("ENV not a credential", F + "ENV TOKENIZERS_PARALLELISM=false\n", []),
    (
        "ENV literal in a build stage (in the Dockerfile)",
        df("FROM python:3.12-slim AS b", "ENV DB_PASSWORD=hunter22", "FROM python:3.12-slim"),
        [(CODE, 2)],
    ),
    # -- token shapes
    ("hf token in RUN", F + f"RUN huggingface-cli login --token {HF}\n", [(CODE, 2)]),
    ("hf token in ENV of another name", F + f"ENV HUB_AUTH={HF}\n", [(CODE, 2)]),
    ("sk key in LABEL", F + f'LABEL note="{SK}"\n', [(CODE, 2)]),
    ("AKIA in ARG default", F + f"ARG AWS_KEY_ID={AWS}\n", [(CODE, 2)]),
    (
        "ghp in heredoc",
        F + f"RUN <<EOF\ngit clone https://{GHP}@github.com/o/r\nEOF\n",
        [(CODE, 2)],
    ),
    ("ghs in CMD", F + f'CMD ["python", "bot.py", "--token", "{GHS}"]\n', [(CODE, 2)]),
    (
        "token in sh -c",
        F + f"RUN sh -c 'curl -H \"Authorization: Bearer {HF}\" https://hf.co/api'\n",
        [(CODE, 2)],
    ),
    ("token in ONBUILD", F + f"ONBUILD RUN echo {HF} > /tmp/t\n", [(CODE, 2)]),
    ("token on a continuation line", F + f"RUN echo a \\\n  && echo {HF}\n", [(CODE, 2)]),
    ("hf one character short", F + f"RUN echo {HF[:-1]}\n", []),
    ("hf one character long", F + f"RUN echo {HF}A\n", []),
    ("hf inside a longer word", F + f"RUN echo x{HF}\n", []),
    ("AWS documentation sample", F + "ENV AWS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n", []),
    ("placeholder token", F + "RUN echo hf_" + "x" * 34 + "\n", []),
    ("sk- words", F + "RUN pip install sk-video-toolkit-for-pythonistas\n", []),
    ("ghp too short", F + f"RUN echo {GHP[:-2]}\n", []),
    ("comment is not read", F + f"# {HF}\nRUN echo hi\n", []),
    # -- credential files
    ("kaggle.json", F + "COPY kaggle.json /root/.kaggle/kaggle.json\n", [(CODE, 2)]),
    (".env", F + "COPY .env /app/.env\n", [(CODE, 2)]),
    (".env.production", F + "COPY .env.production /app/\n", [(CODE, 2)]),
    (".env.example", F + "COPY .env.example /app/.env\n", []),
    (".env.sample", F + "COPY .env.sample /app/\n", []),
    (".env.template", F + "COPY .env.template /app/\n", []),
    ("mlrun.env", F + "COPY mlrun.env /app/\n", []),
    (".netrc", F + "COPY .netrc /root/.netrc\n", [(CODE, 2)]),
    ("credentials.json", F + "COPY config/credentials.json /app/\n", [(CODE, 2)]),
    ("id_rsa", F + "COPY id_rsa /root/.ssh/id_rsa\n", [(CODE, 2)]),
    ("id_ed25519", F + "ADD keys/id_ed25519 /root/.ssh/\n", [(CODE, 2)]),
    ("id_rsa.pub", F + "COPY id_rsa.pub /root/.ssh/authorized_keys\n", []),
    ("*.key", F + "COPY certs/server.key /etc/ssl/private/\n", [(CODE, 2)]),
    ("private pem", F + "COPY privkey.pem /etc/ssl/\n", [(CODE, 2)]),
    ("unnamed pem", F + "COPY deploy.pem /keys/\n", [(CODE, 2)]),
    ("cert.pem", F + "COPY cert.pem /etc/ssl/\n", []),
    ("ca.pem", F + "COPY ca.pem /etc/ssl/\n", []),
    ("corp-ca.pem", F + "COPY corp-ca.pem /usr/local/share/ca-certificates/\n", []),
    ("fullchain.pem", F + "COPY fullchain.pem /etc/ssl/\n", []),
    ("chain.pem", F + "COPY chain.pem /etc/ssl/\n", []),
    ("cacert.pem", F + "COPY cacert.pem /etc/ssl/\n", []),
    ("apt signing key", F + "COPY nvidia-repo.key /tmp/\n", []),
    (".aws directory", F + "COPY .aws /root/.aws\n", [(CODE, 2)]),
    (".aws credentials", F + "COPY .aws/credentials /root/.aws/credentials\n", [(CODE, 2)]),
    (".aws config", F + "COPY .aws/config /root/.aws/config\n", []),
    (".ssh known_hosts", F + "COPY .ssh/known_hosts /root/.ssh/\n", []),
    ("exec form", F + 'COPY ["kaggle.json", "/root/.kaggle/"]\n', [(CODE, 2)]),
    (
        "--from a stage",
        df(
            "FROM alpine:3.20 AS keys",
            "RUN echo x",
            "FROM python:3.12-slim",
            "COPY --from=keys /root/.ssh/id_rsa /root/.ssh/id_rsa",
        ),
        [(CODE, 4)],
    ),
    ("variable resolved", F + "ARG KEYFILE=kaggle.json\nCOPY $KEYFILE /root/\n", [(CODE, 3)]),
    ("variable unresolved", F + "COPY ${KEYFILE} /root/\n", []),
    ("URL", F + "ADD https://example.org/repo/Release.key /tmp/\n", []),
    ("glob", F + "COPY *.pem /etc/ssl/\n", []),
    (
        "credential file in a build stage that does not ship",
        df(
            "FROM python:3.12-slim AS build",
            "COPY .netrc /root/.netrc",
            "RUN pip wheel -w /w private-pkg==1.0",
            "FROM python:3.12-slim",
            "COPY --from=build /w /w",
        ),
        [],
    ),
    ("several sources, one finding", F + "COPY .env kaggle.json /app/\n", [(CODE, 2)]),
    ("ordinary files", F + "COPY requirements.txt app.py /app/\n", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("name", "credential"),
    [
        ("HF_TOKEN", True),
        ("hf_token", True),
        ("Hf_Token", True),
        ("HUGGINGFACEHUB_API_TOKEN", True),
        ("GITHUB_PASSWD", True),
        ("SSH_PASSPHRASE", True),
        ("STRIPE_APIKEY", True),
        ("SSH_PRIVATE_KEY", True),
        ("AWS_SESSION_TOKEN", True),
        ("TOKENIZERS_PARALLELISM", False),
        ("SECRET_KEY_BASE", False),
        ("PASSWORD_FILE", False),
        ("TOKEN_PATH", False),
        ("GCP_SECRET_NAME", False),
        ("EOS_TOKEN", False),
        ("API_KEY_HEADER", False),
        ("PUBLIC_API_KEY", False),
        ("KEY", False),
        ("", False),
    ],
)
def test_credential_name(name: str, credential: bool) -> None:
    assert credential_name(name) is credential


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("", True),
        ("${TOKEN}", True),
        ("$TOKEN", True),
        ("changeme", True),
        ("CHANGE_ME", True),
        ("<token>", True),
        ("{{ token }}", True),
        ("your-api-key", True),
        ("insert_key_here", True),
        ("xxx", True),
        ("***", True),
        ("none", True),
        ("/run/secrets/token", True),
        ("s3cr3t", False),
        ("3f9a0c1b7e", False),
    ],
)
def test_is_placeholder(value: str, placeholder: bool) -> None:
    assert is_placeholder(value) is placeholder


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("kaggle.json", "kaggle.json"),
        ("./secrets/.env", ".env"),
        ("/home/me/.aws", ".aws/"),
        ("~/.ssh/", ".ssh/"),
        ("home/.ssh/id_ecdsa", "id_ecdsa"),
        ("rds-combined-ca-bundle.pem", None),
        ("rootCA.pem", None),
        ("tls.key", "tls.key"),
        ("public.key", None),
        ("", None),
    ],
)
def test_credential_file(path: str, shown: str | None) -> None:
    assert credential_file(path) == shown


def test_token_message_never_shows_the_value() -> None:
    (found,) = findings(F + f"ENV HF_TOKEN={HF}\n", select=[CODE])
    assert found.message == (
        "ENV holds a literal Hugging Face token (`hf_…`), readable in the Dockerfile and the image."
    )
    assert HF[3:] not in found.message and found.fix is not None
    assert HF[3:] not in found.fix and "--mount=type=secret" in found.fix


def test_arg_message_and_fix() -> None:
    (found,) = findings(F + "ARG HF_TOKEN WANDB_API_KEY\n", select=[CODE])
    assert found.message == (
        "ARG `HF_TOKEN` (and 1 more) passes a credential: build arguments are recorded in the"
        " image history."
    )
    assert found.fix == (
        "Use a build secret in the RUN that needs it"
        " (`RUN --mount=type=secret,id=hf_token,env=HF_TOKEN`), built with"
        " `--secret id=hf_token,env=HF_TOKEN`."
    )


def test_env_message_never_shows_the_value() -> None:
    (found,) = findings(F + "ENV DB_PASSWORD=hunter22\n", select=[CODE])
    assert found.message == (
        "ENV `DB_PASSWORD` sets a literal credential, stored in the Dockerfile and the image"
        " config."
    )
    assert "hunter22" not in found.message and "hunter22" not in (found.fix or "")
    assert found.fix is not None and "docker run -e DB_PASSWORD" in found.fix


def test_copy_message_and_fix() -> None:
    (found,) = findings(F + "COPY kaggle.json /root/.kaggle/\n", select=[CODE])
    assert found.message == "COPY puts the credential file `kaggle.json` into an image layer."
    assert found.fix is not None and "--mount=type=secret" in found.fix
    assert ".dockerignore" in found.fix


def test_messages_are_short() -> None:
    text = F + "ARG HF_TOKEN\nENV DB_PASSWORD=hunter22\nCOPY .env /a/\n" + f"RUN echo {SK}\n"
    for found in findings(text, select=[CODE]):
        assert len(found.message) <= 110, found.message


def test_in_the_default_selection_and_supersedes_the_peers() -> None:
    text = F + "ARG HF_TOKEN\n"
    assert lint_snippet(text).count((CODE, 2)) == 1
    codes = {code for code, _ in lint_snippet(text)}
    assert "DL3064" not in codes and "BK015" not in codes


def test_a_hadolint_pragma_for_dl3064_silences_it() -> None:
    text = F + "# hadolint ignore=DL3064\nARG HF_TOKEN\n"
    assert CODE not in {code for code, _ in lint_snippet(text)}


def test_both_selected_one_finding_per_line() -> None:
    text = F + "ARG HF_TOKEN\n"
    assert lint_snippet(text, select=[CODE, "DL3064", "BK015"]) == [(CODE, 2)]

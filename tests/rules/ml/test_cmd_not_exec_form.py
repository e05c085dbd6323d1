"""DLM008 cmd-not-exec-form."""

from __future__ import annotations

import pytest

from dockerlint_ml.engine.docs import examples
from dockerlint_ml.rules.ml.cmd_not_exec_form import CmdNotExecForm, exec_form_hint
from tests.helpers import dedent, findings, lint_snippet

HEAD = "FROM python:3.12-slim\nWORKDIR /app\n"


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(dedent(text), select=["DLM008"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("shell cmd", HEAD + "CMD python app.py\n", [("DLM008", 3)]),
    ("shell entrypoint", HEAD + "ENTRYPOINT gunicorn app:app\n", [("DLM008", 3)]),
    ("exec cmd", HEAD + 'CMD ["python", "app.py"]\n', []),
    ("exec entrypoint", HEAD + 'ENTRYPOINT ["gunicorn"]\nCMD ["app:app"]\n', []),
    ("exec sh -c", HEAD + 'CMD ["sh", "-c", "exec gunicorn -b :$PORT app:app"]\n', []),
    ("empty exec", HEAD + "CMD []\n", []),
    ("lowercase", "from python:3.12-slim\ncmd python app.py\n", [("DLM008", 2)]),
    (
        "continuation",
        HEAD + "CMD gunicorn \\\n    --bind 0.0.0.0:8000 \\\n    app:app\n",
        [("DLM008", 3)],
    ),
    ("exec form over lines", HEAD + 'CMD ["gunicorn", \\\n     "app:app"]\n', []),
    # every stage, and both instructions
    (
        "multi-stage",
        "FROM python:3.12-slim AS test\nCMD pytest\nFROM python:3.12-slim\nCMD python app.py\n",
        [("DLM008", 2), ("DLM008", 4)],
    ),
    (
        "both",
        HEAD + "ENTRYPOINT python serve.py\nCMD --port 8000\n",
        [("DLM008", 3), ("DLM008", 4)],
    ),
    # ONBUILD triggers are checked too
    ("onbuild", HEAD + "ONBUILD CMD python app.py\n", [("DLM008", 3)]),
    ("onbuild exec", HEAD + 'ONBUILD CMD ["python", "app.py"]\n', []),
    # an explicit SHELL in the stage or its chain is a deliberate choice
    (
        "shell before",
        HEAD + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD python app.py\n',
        [],
    ),
    (
        "shell after does not count",
        HEAD + 'CMD python app.py\nSHELL ["/bin/bash", "-c"]\n',
        [("DLM008", 3)],
    ),
    (
        "shell inherited from the base stage",
        'FROM python:3.12-slim AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD python app.py\n',
        [],
    ),
    (
        "shell in an unrelated stage",
        'FROM python:3.12-slim AS build\nSHELL ["/bin/bash", "-c"]\n'
        "FROM python:3.12-slim\nCMD python app.py\n",
        [("DLM008", 4)],
    ),
    (
        "windows powershell",
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'SHELL ["powershell", "-Command"]\nCMD Start-Service w3svc\n',
        [],
    ),
    # malformed JSON is an error, whatever the SHELL
    ("single quotes", HEAD + "CMD ['python', 'app.py']\n", [("DLM008", 3)]),
    ("single quotes entrypoint", HEAD + "ENTRYPOINT ['gunicorn', 'app:app']\n", [("DLM008", 3)]),
    ("numbers", HEAD + 'CMD ["sleep", 10]\n', [("DLM008", 3)]),
    (
        "malformed with shell",
        HEAD + "SHELL [\"/bin/bash\", \"-c\"]\nCMD ['python', 'app.py']\n",
        [("DLM008", 4)],
    ),
    # HEALTHCHECK CMD is another rule's business
    (
        "healthcheck",
        HEAD + 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python"]\n',
        [],
    ),
    # ARG-resolved FROM and --platform do not matter
    (
        "arg from",
        "ARG B=python:3.12-slim\nFROM --platform=$BUILDPLATFORM ${B}\nCMD python app.py\n",
        [("DLM008", 3)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in CASES], ids=[n for n, _, _ in CASES]
)
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_malformed_json_is_an_error_and_not_a_parse_error() -> None:
    result = findings(HEAD + "CMD ['python', 'app.py']\n")
    assert [(f.code, f.span.line) for f in result] == [("DLM008", 3)]
    (f,) = result
    assert f.severity.label == "error"
    assert "not a JSON array of double-quoted strings" in f.message
    assert f.fix == 'Use double quotes and plain strings: `CMD ["python", "app.py"]`.'


def test_malformed_json_inside_onbuild_is_not_a_parse_error() -> None:
    result = findings(
        HEAD + "ONBUILD ENTRYPOINT ['python', 'app.py']\n", select=["DLM000", "DLM008"]
    )
    assert [(f.code, f.span.line, f.severity.label) for f in result] == [("DLM008", 3, "error")]
    assert (
        result[0].fix
        == 'Use double quotes and plain strings: `ONBUILD ENTRYPOINT ["python", "app.py"]`.'
    )


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ('["sleep", 10]', 'Use double quotes and plain strings: `CMD ["sleep", "10"]`.'),
        ("[python, app.py]", 'Use double quotes and plain strings: `CMD ["python", "app.py"]`.'),
        (
            "[“python”, “app.py”]",
            'Use double quotes and plain strings: `CMD ["python", "app.py"]`.',
        ),
        (
            '["python", "app.py"] # start',
            "Drop the text after the closing `]` (a Dockerfile line has no trailing comments):"
            ' `CMD ["python", "app.py"]`.',
        ),
        (
            '["python", "app.py",]',
            'Use double quotes and plain strings: `CMD ["python", "app.py"]`.',
        ),
        (
            "[python app.py",
            'Write a JSON array of double-quoted strings, e.g. `CMD ["python", "app.py"]`'
            " (a Dockerfile line has no trailing comments).",
        ),
    ],
)
def test_malformed_json_fixes(value: str, fix: str) -> None:
    (f,) = findings(HEAD + f"CMD {value}\n", select=["DLM008"])
    assert f.severity.label == "error"
    assert f.fix == fix


def test_shell_form_messages() -> None:
    result = findings(HEAD + "ENTRYPOINT python serve.py\nCMD python app.py\n", select=["DLM008"])
    by_line = {f.span.line: f for f in result}
    assert sorted(by_line) == [3, 4]
    assert by_line[3].message.startswith("ENTRYPOINT in shell form runs under `/bin/sh -c`")
    assert "CMD and `docker run` arguments are ignored" in by_line[3].message
    assert by_line[4].message.startswith("CMD in shell form runs under `/bin/sh -c`")
    assert "SIGTERM" in by_line[4].message
    assert by_line[4].severity.label == "warning"


@pytest.mark.parametrize(
    ("keyword", "text", "hint"),
    [
        (
            "CMD",
            "gunicorn -b 0.0.0.0:9696 app:app",
            'Use the exec form: `CMD ["gunicorn", "-b", "0.0.0.0:9696", "app:app"]`.',
        ),
        (
            "CMD",
            "exec uvicorn main:app --host 0.0.0.0",
            'Use the exec form: `CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`.',
        ),
        (
            "CMD",
            "python -c 'print(\"hi there\")'",
            'Use the exec form: `CMD ["python", "-c", "print(\\"hi there\\")"]`.',
        ),
        (
            "ENTRYPOINT",
            "streamlit run app.py --server.port=8501",
            'Use the exec form: `ENTRYPOINT ["streamlit", "run", "app.py", "--server.port=8501"]`.',
        ),
        (
            "CMD",
            "gunicorn -b 0.0.0.0:$PORT app:app",
            "It needs a shell, so call one that hands over to the server:"
            ' `CMD ["sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]`.',
        ),
        (
            "CMD",
            'exec gunicorn -b "0.0.0.0:${PORT}" app:app',
            "It needs a shell, so call one that hands over to the server:"
            ' `CMD ["sh", "-c", "exec gunicorn -b \\"0.0.0.0:${PORT}\\" app:app"]`.',
        ),
        (
            "CMD",
            "python manage.py migrate && gunicorn app:app",
            'Call the shell in exec form, `CMD ["sh", "-c", "python manage.py migrate &&'
            ' gunicorn app:app"]`, and start the long-running command with `exec` (or move'
            " the steps into a script that ends with `exec`).",
        ),
        (
            "CMD",
            "FLASK_APP=app.py flask run",
            'Call the shell in exec form, `CMD ["sh", "-c", "FLASK_APP=app.py flask run"]`,'
            " and start the long-running command with `exec` (or move the steps into a"
            " script that ends with `exec`).",
        ),
        (
            "CMD",
            "cd /srv; python app.py",
            'Call the shell in exec form, `CMD ["sh", "-c", "cd /srv; python app.py"]`, and'
            " start the long-running command with `exec` (or move the steps into a script"
            " that ends with `exec`).",
        ),
        (
            "CMD",
            "python app.py > /var/log/app.log",
            "It needs a shell, so call one that hands over to the server:"
            ' `CMD ["sh", "-c", "exec python app.py > /var/log/app.log"]`.',
        ),
        (
            "CMD",
            "python 'unterminated",
            "It needs a shell, so call one that hands over to the server:"
            ' `CMD ["sh", "-c", "exec python \'unterminated"]`.',
        ),
    ],
)
def test_exec_form_hint(keyword: str, text: str, hint: str) -> None:
    assert exec_form_hint(keyword, text) == hint


def test_fix_is_attached_to_the_finding() -> None:
    (f,) = findings(HEAD + "CMD gunicorn -b 0.0.0.0:9696 app:app\n", select=["DLM008"])
    assert f.fix == 'Use the exec form: `CMD ["gunicorn", "-b", "0.0.0.0:9696", "app:app"]`.'


def test_supersedes_hadolint_and_buildkit() -> None:
    assert CmdNotExecForm.supersedes == ("DL3025", "JSONArgsRecommended")
    assert CmdNotExecForm.aliases == ()
    text = HEAD + "CMD python app.py\n"
    assert lint_snippet(text, select=["DLM008"]) == [("DLM008", 3)]
    # Naming a superseded peer code silences DLM008: as an ignore and as the peers' pragmas.
    assert lint_snippet(text, select=["DLM008"], ignore=["JSONArgsRecommended"]) == []
    assert lint_snippet(text, select=["DLM008"], ignore=["dl3025"]) == []
    hadolint = HEAD + "# hadolint ignore=DL3025\nCMD python app.py\n"
    assert lint_snippet(hadolint, select=["DLM008"]) == []
    buildkit = "# check=skip=JSONArgsRecommended\n" + text
    assert lint_snippet(buildkit, select=["DLM008"]) == []


def test_docs_examples() -> None:
    bad, good = examples(CmdNotExecForm)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM008"])] == ["DLM008"]
    assert lint_snippet(good[0], select=["DLM008"]) == []


# -- the shell's own exec, decided from the image facts (issue: DLM008 precision) ------

UBI9 = "FROM registry.access.redhat.com/ubi9/ubi:9.6\n"
UBI8 = "FROM registry.access.redhat.com/ubi8/ubi:8.10\n"
ALPINE = "FROM alpine:3.21\n"
DASH_TAIL = ", so the server is not PID 1 and never gets the SIGTERM from `docker stop`."
HANDS_OVER = "It needs a shell, so call one that hands over to the server: "
LIST_FIX = (
    "Call the shell in exec form, `CMD {}`, and start the long-running command with `exec`"
    " (or move the steps into a script that ends with `exec`)."
)

SHELL_FACTS: list[tuple[str, str, list[tuple[int, str, str, str | None]]]] = [
    # busybox (Alpine) execs a lone command, variables and all (kubeflow viewercontroller)
    ("busybox lone", ALPINE + "ENV N=1\nCMD /bin/controller -n=${N}\n", []),
    # the variant from ARGs with and without defaults (kubeflow frontend: node alpine)
    (
        "busybox through a partly resolved ARG",
        "ARG NODE_VERSION\nARG BASE_IMAGE=alpine\nFROM node:${NODE_VERSION}-${BASE_IMAGE}\n"
        "CMD node dist/server.js ../client/ 3000\n",
        [],
    ),
    # bash as /bin/sh execs a lone command (seldon ubi-micro)
    ("ubi9 lone", "FROM registry.access.redhat.com/ubi9/ubi-micro:9.6\nCMD /start.sh\n", []),
    ("ubi8 lone", UBI8 + "CMD python app.py\n", []),
    # bash 5.1 also execs the last command of a list; busybox too
    ("bash 5.1 list", UBI9 + "CMD cd /srv && python app.py\n", []),
    ("busybox list", ALPINE + "CMD cd /srv && python app.py\n", []),
    # an explicit exec hands over with every shell, dash included
    ("exec last on dash", HEAD + "CMD python manage.py migrate && exec gunicorn app:app\n", []),
    # a name that says "not Debian" with no facts: undecidable (CentOS paddle class)
    ("centos without facts", "FROM centos:7\nCMD python app.py\n", []),
    # SHELL bash: a lone command is exec'd by every bash; a list by an unknown bash is
    # undecidable
    (
        "SHELL bash list, version unknown",
        HEAD + 'SHELL ["/bin/bash", "-c"]\nCMD source /venv/bin/activate && gunicorn app:app\n',
        [],
    ),
    (
        "bash before 5.1 and a list",
        UBI8 + "CMD cd /srv && python app.py\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of"
                " `registry.access.redhat.com/ubi8/ubi:8.10` is bash older than 5.1, which"
                " execs only a lone simple command" + DASH_TAIL,
                LIST_FIX.format('["sh", "-c", "cd /srv && python app.py"]'),
            )
        ],
    ),
    (
        "bash and a redirection",
        UBI9 + "CMD python app.py > /var/log/app.log\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of"
                " `registry.access.redhat.com/ubi9/ubi:9.6` is bash, which does not exec the"
                " last command when it has a redirection" + DASH_TAIL,
                HANDS_OVER + '`CMD ["sh", "-c", "exec python app.py > /var/log/app.log"]`.',
            )
        ],
    ),
    (
        "bash and a background job",
        UBI9 + "CMD worker & python app.py\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of"
                " `registry.access.redhat.com/ubi9/ubi:9.6` is bash, which does not exec the"
                " last command when another command runs in the background" + DASH_TAIL,
                LIST_FIX.format('["sh", "-c", "worker & python app.py"]'),
            )
        ],
    ),
    (
        "busybox and a trailing builtin",
        ALPINE + "CMD python app.py; wait\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of `alpine:3.21` is"
                " busybox sh, which does not exec the last command when it is the shell"
                " builtin `wait`" + DASH_TAIL,
                LIST_FIX.format('["sh", "-c", "python app.py; wait"]'),
            )
        ],
    ),
    (
        "SHELL bash and a pipeline",
        HEAD + 'SHELL ["/bin/bash", "-c"]\nCMD python app.py | tee log\n',
        [
            (
                4,
                "warning",
                "CMD in shell form runs under `/bin/bash -c`, and the SHELL is bash, which does"
                " not exec the last command when it is a pipeline" + DASH_TAIL,
                LIST_FIX.format('["sh", "-c", "python app.py | tee log"]'),
            )
        ],
    ),
    # dash: the baseline's true findings keep firing, naming the fact
    (
        "dash with a variable",
        "FROM python:3.11-slim\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of"
                " `python:3.11-slim` is dash, which never execs the command" + DASH_TAIL,
                HANDS_OVER + '`CMD ["sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]`.',
            )
        ],
    ),
    (
        "dash and an && chain",
        "FROM ubuntu:22.04\nCMD umask 0002 && python server.py\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of `ubuntu:22.04` is"
                " dash, which never execs the command" + DASH_TAIL,
                LIST_FIX.format('["sh", "-c", "umask 0002 && python server.py"]'),
            )
        ],
    ),
    # an explicit `bash -c "... && source deactivate"`: the wrapped text is a list
    (
        "bash -c wrapper around a list",
        'FROM ubuntu:22.04\nCMD /bin/bash -c "source activate py3 && jupyter notebook'
        ' && source deactivate"\n',
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and the /bin/sh of `ubuntu:22.04` is"
                " dash, which never execs the command" + DASH_TAIL,
                LIST_FIX.format(
                    '["/bin/bash", "-c", "source activate py3 && jupyter notebook && source'
                    ' deactivate"]'
                ),
            )
        ],
    ),
    # an image without facts: the message states the assumption
    (
        "unknown image",
        "FROM registry.corp/ml-base:1.0\nCMD python app.py\n",
        [
            (
                2,
                "warning",
                "CMD in shell form runs under `/bin/sh -c`, and assuming the base image's"
                " /bin/sh is dash (there are no facts about `registry.corp/ml-base:1.0`), the"
                " shell does not exec the command" + DASH_TAIL,
                'Use the exec form: `CMD ["python", "app.py"]`.',
            )
        ],
    ),
    # no shell at all: the shell form cannot start
    (
        "distroless",
        "FROM gcr.io/distroless/python3-debian12\nCMD python app.py\n",
        [
            (
                2,
                "error",
                "CMD in shell form needs `/bin/sh`, and the base image"
                " `gcr.io/distroless/python3-debian12` has no shell, so the container fails to"
                " start.",
                'Use the exec form: `CMD ["python", "app.py"]`.',
            )
        ],
    ),
    # a shell-form ENTRYPOINT the shell execs still swallows CMD and run arguments
    (
        "busybox entrypoint",
        ALPINE + "ENTRYPOINT python serve.py\n",
        [
            (
                2,
                "warning",
                "ENTRYPOINT in shell form runs under `/bin/sh -c`, so CMD and `docker run`"
                " arguments are ignored.",
                'Use the exec form: `ENTRYPOINT ["python", "serve.py"]`.',
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in SHELL_FACTS], ids=[n for n, _, _ in SHELL_FACTS]
)
def test_shell_facts(text: str, expected: list[tuple[int, str, str, str | None]]) -> None:
    result = findings(text, select=["DLM008"])
    assert [(f.span.line, f.severity.label, f.message, f.fix) for f in result] == expected


def test_user_facts_decide_the_shell() -> None:
    # A CentOS 7 based image (bash 4.2 as /bin/sh) execs a lone command.
    text = "FROM registry.corp/serving:7-devel\nCMD python web_service.py lac_model/ 8080\n"
    images = {"registry.corp/serving": {"shell": "bash<5.1"}}
    assert lint_snippet(text, select=["DLM008"], images=images) == []
    (f,) = findings(text, select=["DLM008"])
    assert "assuming the base image's /bin/sh is dash" in f.message


def test_table_knows_the_paddle_serving_shell() -> None:
    text = (
        "FROM registry.baidubce.com/paddlepaddle/serving:0.5.0-devel\n"
        "CMD python web_service.py lac_model/ 8080\n"
    )
    assert lint_snippet(text, select=["DLM008"]) == []


@pytest.mark.parametrize(
    "image",
    ["python:3.12-windowsservercore-ltsc2022", "mcr.microsoft.com/windows/nanoserver:ltsc2022"],
)
def test_windows_images_use_cmd_not_sh(image: str) -> None:
    assert lint(f"FROM {image}\nCMD python app.py\n") == []

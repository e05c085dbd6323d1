"""DLM008 cmd-not-exec-form."""

from __future__ import annotations

import pytest

from dockerlint_ml.docs import examples
from dockerlint_ml.rules.cmd_not_exec_form import CmdNotExecForm, exec_form_hint
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


def test_aliases() -> None:
    assert set(CmdNotExecForm.aliases) == {"DL3025", "JSONArgsRecommended"}
    assert lint_snippet(HEAD + "CMD python app.py\n", select=["JSONArgsRecommended"]) == [
        ("DLM008", 3)
    ]


def test_docs_examples() -> None:
    bad, good = examples(CmdNotExecForm)
    assert len(bad) == 1 and len(good) == 1
    assert [c for c, _ in lint_snippet(bad[0], select=["DLM008"])] == ["DLM008"]
    assert lint_snippet(good[0], select=["DLM008"]) == []

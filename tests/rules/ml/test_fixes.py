"""The fixes of the mission rules: the exact text `--fix` writes, on representative inputs
(continuations, lowercase keywords, heredocs nearby, CRLF, the backtick escape, no final
newline), the applicability each rule page argues, and that the fix removes its finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from dockerlint_ml.dockerfile.model import Finding
from tests.helpers import dedent, fixed

HEAD = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n"


def _lint(text: str, code: str, select: list[str] | None = None) -> list[Finding]:
    return [f for f in lint_text(text, select=select or [code]) if f.code == code]


def _applicability(text: str, code: str, select: list[str] | None = None) -> list[str | None]:
    return [
        None if f.autofix is None else f.autofix.applicability for f in _lint(text, code, select)
    ]


def _gone(text: str, code: str) -> None:
    assert not _lint(text, code), text


# -- DLM007 pipenv --deploy (safe) -------------------------------------------------------

DEPLOY_CASES = [
    (
        "one line",
        HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system\n",
        HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy --system\n",
    ),
    (
        "continuation and indentation",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN apt-get update && \\\n"
        + "    # a comment inside\n    pipenv install \\\n      --system\n",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN apt-get update && \\\n"
        + "    # a comment inside\n    pipenv install --deploy \\\n      --system\n",
    ),
    (
        "lowercase keywords and a heredoc after it",
        "from python:3.12-slim\nenv PYTHONUNBUFFERED=1\nworkdir /app\n"
        "copy Pipfile Pipfile.lock ./\nrun pipenv install --system\nrun <<EOF\necho hi\nEOF\n",
        "from python:3.12-slim\nenv PYTHONUNBUFFERED=1\nworkdir /app\n"
        "copy Pipfile Pipfile.lock ./\nrun pipenv install --deploy --system\n"
        "run <<EOF\necho hi\nEOF\n",
    ),
    (
        "backtick escape",
        "# escape=`\n" + HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
        "RUN pipenv `\n  install --system\n",
        "# escape=`\n" + HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
        "RUN pipenv `\n  install --deploy --system\n",
    ),
    (
        "crlf without final newline",
        (HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system").replace(
            "\n", "\r\n"
        ),
        (
            HEAD
            + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy --system"
        ).replace("\n", "\r\n"),
    ),
    (
        "a continuation right after the word",
        HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install\\\n  --system\n",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
        + "RUN pipenv install --deploy\\\n  --system\n",
    ),
    (
        "python -m pipenv",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN python -m pipenv install --system\n",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
        + "RUN python -m pipenv install --deploy --system\n",
    ),
]


@pytest.mark.parametrize(
    ("text", "want"), [c[1:] for c in DEPLOY_CASES], ids=[c[0] for c in DEPLOY_CASES]
)
def test_dlm007_adds_deploy(text: str, want: str) -> None:
    assert fixed(text, ["DLM007"], dedented=False) == want
    _gone(want, "DLM007")


def test_dlm007_is_safe_and_located_on_the_command() -> None:
    text = HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN true && \\\n  pipenv install\n"
    (finding,) = _lint(text, "DLM007")
    assert finding.autofix is not None and finding.autofix.applicability == "safe"
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (6, 3, 17)
    assert finding.anchor.line == 5


def test_dlm007_no_fix_inside_a_shell_string_or_for_packages() -> None:
    base = HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
    assert _applicability(base + 'RUN sh -c "pipenv install --system"\n', "DLM007") == [None]
    assert _applicability(base + "RUN pipenv install requests\n", "DLM007") == [None]


# -- DLM006 pipenv --system (unsafe) -----------------------------------------------------


def test_dlm006_adds_system_only_as_an_unsafe_fix() -> None:
    text = HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy\n"
    assert _applicability(text, "DLM006") == ["unsafe"]
    assert fixed(text, ["DLM006"]) == text
    want = text.replace("install --deploy", "install --system --deploy")
    assert fixed(text, ["DLM006"], unsafe=True) == want
    _gone(want, "DLM006")


def test_dlm006_no_fix_when_the_server_starts_through_pipenv_run() -> None:
    text = (
        HEAD + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy\n"
        'CMD ["pipenv", "run", "gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'
    )
    assert _applicability(text, "DLM006") == [None]


# -- DLM008 exec form (safe for a CMD on a known base) -----------------------------------

EXEC_CASES = [
    (
        "one line",
        HEAD + "WORKDIR /app\nCMD python app.py --port 8000\n",
        HEAD + 'WORKDIR /app\nCMD ["python", "app.py", "--port", "8000"]\n',
        "safe",
    ),
    (
        "continued, quoted, lowercase, crlf",
        (HEAD + "workdir /app\ncmd gunicorn \\\n  --bind '0.0.0.0:8000' app:app\n").replace(
            "\n", "\r\n"
        ),
        (HEAD + 'workdir /app\ncmd ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n').replace(
            "\n", "\r\n"
        ),
        "safe",
    ),
    (
        "no final newline",
        HEAD + "WORKDIR /app\nCMD python app.py",
        HEAD + 'WORKDIR /app\nCMD ["python", "app.py"]',
        "safe",
    ),
    (
        "malformed json",
        HEAD + "WORKDIR /app\nCMD ['python', 'app.py']\n",
        HEAD + 'WORKDIR /app\nCMD ["python", "app.py"]\n',
        "safe",
    ),
    (
        "an ENTRYPOINT is unsafe",
        HEAD + "WORKDIR /app\nENTRYPOINT python app.py\n",
        HEAD + 'WORKDIR /app\nENTRYPOINT ["python", "app.py"]\n',
        "unsafe",
    ),
    (
        "a base that is not known is unsafe",
        "FROM example/base:1\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCMD python app.py\n",
        'FROM example/base:1\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\nCMD ["python", "app.py"]\n',
        "unsafe",
    ),
]


@pytest.mark.parametrize(
    ("text", "want", "applicability"),
    [c[1:] for c in EXEC_CASES],
    ids=[c[0] for c in EXEC_CASES],
)
def test_dlm008_exec_form(text: str, want: str, applicability: str) -> None:
    found = _lint(text, "DLM008")
    assert [f.autofix.applicability if f.autofix else None for f in found] == [applicability]
    assert fixed(text, ["DLM008"], unsafe=True, dedented=False) == want
    if applicability == "unsafe":
        assert fixed(text, ["DLM008"], dedented=False) == text
    _gone(want, "DLM008")


def test_dlm008_no_fix_for_shell_syntax_or_a_comment_inside() -> None:
    assert _applicability(HEAD + "CMD python app.py && echo done\n", "DLM008") == [None]
    text = HEAD + "CMD python \\\n# the port\n  app.py\n"
    assert _applicability(text, "DLM008") == [None]


# -- DLM009 loopback bind (unsafe) and DLM010 EXPOSE (safe) ----------------------------


def test_dlm009_rewrites_the_host_keeping_the_port() -> None:
    text = HEAD + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn --bind 127.0.0.1:9696 predict:app\n"
    assert _applicability(text, "DLM009") == ["unsafe"]
    want = text.replace("127.0.0.1:9696", "0.0.0.0:9696")
    assert fixed(text, ["DLM009"], unsafe=True) == want
    _gone(want, "DLM009")


@pytest.mark.parametrize(
    ("cmd", "want"),
    [
        ('CMD ["uvicorn", "main:app"]', 'CMD ["uvicorn", "--host", "0.0.0.0", "main:app"]'),
        ("cmd gunicorn main:app", "cmd gunicorn --bind 0.0.0.0:8000 main:app"),
        ('CMD ["flask", "run"]', 'CMD ["flask", "run", "--host", "0.0.0.0"]'),
        (
            'CMD ["uvicorn", "main:app", "--host=localhost"]',
            'CMD ["uvicorn", "main:app", "--host=0.0.0.0"]',
        ),
    ],
)
def test_dlm009_adds_or_rewrites_the_servers_flag(cmd: str, want: str) -> None:
    text = HEAD + f"WORKDIR /app\n{cmd}\n"
    assert fixed(text, ["DLM009"], unsafe=True) == HEAD + f"WORKDIR /app\n{want}\n"


def test_dlm009_env_host() -> None:
    text = HEAD + 'WORKDIR /app\nENV UVICORN_HOST=127.0.0.1\nCMD ["uvicorn", "main:app"]\n'
    want = text.replace("UVICORN_HOST=127.0.0.1", "UVICORN_HOST=0.0.0.0")
    assert fixed(text, ["DLM009"], unsafe=True) == want


def test_dlm009_no_fix_inside_sh_c() -> None:
    text = HEAD + 'WORKDIR /app\nCMD ["sh", "-c", "gunicorn --bind 127.0.0.1:80 app:app"]\n'
    assert _applicability(text, "DLM009") == [None]


def test_dlm010_exposes_the_port_below_the_last_expose() -> None:
    text = HEAD + "WORKDIR /app\n  expose 9696\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n"
    assert _applicability(text, "DLM010") == ["safe"]
    want = text.replace("  expose 9696\n", "  expose 9696\n  expose 8000\n")
    assert fixed(text, ["DLM010"]) == want
    _gone(want, "DLM010")


def test_dlm009_then_dlm010_settle_the_showcase_server() -> None:
    text = HEAD + "WORKDIR /app\nEXPOSE 5000\nCMD gunicorn --bind 127.0.0.1:9696 predict:app\n"
    want = HEAD + (
        "WORKDIR /app\nEXPOSE 5000\nEXPOSE 9696\nCMD gunicorn --bind 0.0.0.0:9696 predict:app\n"
    )
    assert fixed(text, ["DLM009", "DLM010"], unsafe=True) == want


# -- DLM003 WORKDIR (unsafe insertion; safe absolute rewrite) ----------------------------


def test_dlm003_inserts_workdir_cased_and_indented_like_the_copy() -> None:
    text = 'from python:3.12-slim\n  copy app.py ./\ncmd ["python", "app.py"]\n'
    assert _applicability(text, "DLM003") == ["unsafe"]
    assert fixed(text, ["DLM003"]) == text
    want = 'from python:3.12-slim\n  workdir /app\n  copy app.py ./\ncmd ["python", "app.py"]\n'
    assert fixed(text, ["DLM003"], unsafe=True) == want
    _gone(want, "DLM003")


def test_dlm003_relative_workdir_becomes_absolute_safely() -> None:
    text = "FROM python:3.12-slim\nWORKDIR app\nCOPY app.py ./\n"
    assert _applicability(text, "DLM003") == ["safe"]
    assert fixed(text, ["DLM003"]) == "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py ./\n"


# -- DLM002 slim tag (unsafe) --------------------------------------------------------------


def test_dlm002_slim_tag() -> None:
    text = "FROM python:3.11 AS app\nWORKDIR /app\n"
    assert _applicability(text, "DLM002") == ["unsafe"]
    assert fixed(text, ["DLM002"], unsafe=True) == "FROM python:3.11-slim AS app\nWORKDIR /app\n"
    assert _applicability("FROM python:3\n", "DLM002") == [None]  # an example, not a tag


# -- DLM005 the lock file (safe with the lock in the context) ---------------------------


def test_dlm005_adds_the_lock_to_the_manifests_copy(tmp_path: Path) -> None:
    text = dedent(
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY Pipfile .
        RUN pipenv install --system --deploy
        """
    )
    want = text.replace("COPY Pipfile .\n", "COPY Pipfile Pipfile.lock ./\n")
    assert _applicability(text, "DLM005") == ["unsafe"]  # no build context to look at
    assert fixed(text, ["DLM005"], unsafe=True) == want
    (tmp_path / "Pipfile").write_text("")
    (tmp_path / "Pipfile.lock").write_text("{}")
    assert fixed(text, ["DLM005"], context=str(tmp_path)) == want


# -- DLM901 unused suppressions (safe) -----------------------------------------------------


def test_dlm901_removes_the_entry_then_the_comment() -> None:
    text = (
        "FROM python:3.12-slim\n# dockerlint-ml ignore=DLM008, DLM001  # why\n"
        "WORKDIR /app\n# dockerlint-ml ignore=DLM002\nCOPY . .\n"
    )
    assert _applicability(text, "DLM901", ["DLM0", "DLM9"]) == ["safe", "safe", "safe"]
    assert fixed(text, ["DLM0", "DLM9"]) == "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
    # DLM003 silences the COPY's finding: only the DLM008 entry goes.
    one = "FROM python:3.12-slim\n# dockerlint-ml ignore=DLM008,DLM003\nCOPY app.py ./\n"
    assert fixed(one, ["DLM0", "DLM9"]) == (
        "FROM python:3.12-slim\n# dockerlint-ml ignore=DLM003\nCOPY app.py ./\n"
    )


# -- DLM004 install after code (unsafe moves) ---------------------------------------------


def test_dlm004_moves_the_code_copy_below_the_install() -> None:
    text = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
        "  COPY app.py \\\n    model.bin ./\nRUN pip install --no-cache-dir -r requirements.txt\n"
        'CMD ["python", "app.py"]\n'
    )
    assert _applicability(text, "DLM004") == ["unsafe"]
    want = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n  COPY app.py \\\n    model.bin ./\n"
        'CMD ["python", "app.py"]\n'
    )
    assert fixed(text, ["DLM004"], unsafe=True) == want
    _gone(want, "DLM004")


def test_dlm004_moves_a_package_install_above_the_code() -> None:
    text = "FROM python:3.12-slim\r\nWORKDIR /app\r\nCOPY . .\r\nRUN pip install flask==3.0.0\r\n"
    text += 'CMD ["python", "app.py"]'
    want = "FROM python:3.12-slim\r\nWORKDIR /app\r\nRUN pip install flask==3.0.0\r\nCOPY . .\r\n"
    want += 'CMD ["python", "app.py"]'
    assert fixed(text, ["DLM004"], unsafe=True, dedented=False) == want


def test_dlm004_no_fix_when_the_install_reads_the_code() -> None:
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
    assert _applicability(text, "DLM004") == [None]


# -- continuations: each fix edits the physical line that holds its token -----------------

CONTINUED = [
    (
        "DLM002",
        "FROM \\\n    python:3.11 AS app\nWORKDIR /app\n",
        "FROM \\\n    python:3.11-slim AS app\nWORKDIR /app\n",
    ),
    (
        "DLM003",
        "FROM python:3.12-slim\nCOPY app.py \\\n    ./\n",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py \\\n    ./\n",
    ),
    (
        "DLM005",
        HEAD + "WORKDIR /app\nCOPY Pipfile \\\n  .\nRUN pipenv install --system --deploy\n",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock \\\n  ./\n"
        + "RUN pipenv install --system --deploy\n",
    ),
    (
        "DLM006",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN true && \\\n  pipenv install --deploy\n",
        HEAD
        + "WORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN true && \\\n"
        + "  pipenv install --system --deploy\n",
    ),
    (
        "DLM009",
        HEAD
        + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn \\\n  --bind 127.0.0.1:9696 \\\n  predict:app\n",
        HEAD
        + "WORKDIR /app\nEXPOSE 9696\nCMD gunicorn \\\n  --bind 0.0.0.0:9696 \\\n  predict:app\n",
    ),
    (
        "DLM010",
        HEAD + "WORKDIR /app\nEXPOSE 9696 \\\n  9697\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n",
        HEAD
        + "WORKDIR /app\nEXPOSE 9696 \\\n  9697\nEXPOSE 8000\n"
        + "CMD gunicorn --bind 0.0.0.0:8000 app:app\n",
    ),
]


@pytest.mark.parametrize(("code", "text", "want"), CONTINUED, ids=[c[0] for c in CONTINUED])
def test_fixes_across_continuation_lines(code: str, text: str, want: str) -> None:
    assert fixed(text, [code], unsafe=True, dedented=False) == want
    _gone(want, code)

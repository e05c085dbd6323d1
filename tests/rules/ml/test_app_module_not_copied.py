"""DLM203 app-module-not-copied: in build contexts written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.test_cli import write

CODE = "DLM203"
HEAD = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
    "RUN pip install --no-cache-dir -r requirements.txt\n"
)
FILES = {
    "requirements.txt": "flask\ngunicorn\n",
    "predict.py": "app = None\n",
    "api/__init__.py": "",
    "api/main.py": "app = None\n",
    "service/serve.py": "app = None\n",
    "service/requirements.txt": "flask\n",
}


def _lint(root: Path, body: str, head: str = HEAD) -> list[tuple[str, int]]:
    found = lint_text(head + body, "Dockerfile", select=[CODE], context=str(root))
    return [(f.code, f.span.line) for f in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        write(tmp_path, rel, text)
    return tmp_path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the script or module is in the context, nothing copies it
        ('CMD ["python", "predict.py"]\n', [(CODE, 5)]),
        ("CMD python -u predict.py\n", [(CODE, 5)]),
        ('CMD ["gunicorn", "-b", "0.0.0.0:8000", "predict:app"]\n', [(CODE, 5)]),
        ('CMD ["gunicorn", "--bind", "localhost:8000", "-w", "2", "predict:app"]\n', [(CODE, 5)]),
        ('CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]\n', [(CODE, 5)]),
        ('CMD ["python", "-m", "uvicorn", "api.main:app"]\n', [(CODE, 5)]),
        ('CMD ["python", "-m", "api.main"]\n', [(CODE, 5)]),
        ('ENTRYPOINT ["python"]\nCMD ["predict.py"]\n', [(CODE, 6)]),
        # copied: by name, with the directory, with everything, to an absolute path
        ('COPY predict.py ./\nCMD ["python", "predict.py"]\n', []),
        ('COPY predict.py /app\nCMD ["python", "predict.py"]\n', []),
        ('COPY . .\nCMD ["python", "predict.py"]\n', []),
        ('COPY . /app/\nCMD ["gunicorn", "predict:app"]\n', []),
        ('COPY api ./api\nCMD ["uvicorn", "api.main:app"]\n', []),
        ('COPY api/ ./api/\nCMD ["python", "-m", "api.main"]\n', []),
        ('COPY predict.py /srv/\nCMD ["python", "/srv/predict.py"]\n', []),
        # copied under another name or elsewhere: still missing where the command looks
        ('COPY predict.py /srv/\nCMD ["python", "predict.py"]\n', [(CODE, 6)]),
        ('COPY api/main.py ./\nCMD ["uvicorn", "api.main:app"]\n', [(CODE, 6)]),
        # beside a file the stage copies from a subdirectory
        ('COPY service/requirements.txt ./r.txt\nCMD ["python", "serve.py"]\n', [(CODE, 6)]),
        # not in the context: not this rule's business (a typo, a base image's script)
        ('CMD ["python", "missing.py"]\n', []),
        ('CMD ["python", "-m", "http.server"]\n', []),
        # may reach the image another way: not judged
        ('COPY *.py ./\nCMD ["python", "predict.py"]\n', []),
        ('ARG SRC=.\nCOPY ${SRC} .\nCMD ["python", "predict.py"]\n', []),
        ('COPY --from=builder /app /app\nCMD ["python", "predict.py"]\n', []),
        ('RUN git clone https://example.com/repo.git .\nCMD ["python", "predict.py"]\n', []),
        ('RUN curl -fsSLo predict.py https://example.com/p.py\nCMD ["python", "predict.py"]\n', []),
        ('VOLUME /app\nCMD ["python", "predict.py"]\n', []),
        ('CMD ["gunicorn", "--chdir", "/srv", "predict:app"]\n', []),
        ('ENV PYTHONPATH=/srv\nCMD ["gunicorn", "predict:app"]\n', []),
        ('CMD ["python", "$SCRIPT"]\n', []),
        ('WORKDIR $APP_HOME\nCMD ["python", "predict.py"]\n', []),
        # the project installed as a package: its modules import from site-packages
        ('COPY api ./api\nRUN pip install .\nCMD ["gunicorn", "predict:app"]\n', []),
        ('RUN poetry install\nCMD ["gunicorn", "predict:app"]\n', []),
        # but a script is run from its file, whatever is installed
        ('RUN pip install .\nCMD ["python", "predict.py"]\n', [(CODE, 6)]),
    ],
)
def test_cases(project: Path, body: str, expected: list[tuple[str, int]]) -> None:
    assert _lint(project, body) == expected


def test_an_unknown_base_image_may_hold_the_code(project: Path) -> None:
    head = "FROM registry.example.com/team/base:1\nWORKDIR /app\n"
    assert _lint(project, 'CMD ["python", "predict.py"]\n', head) == []


def test_an_earlier_stage_of_the_chain_copies_it(project: Path) -> None:
    head = "FROM python:3.12-slim AS base\nWORKDIR /app\nCOPY . .\nFROM base\n"
    assert _lint(project, 'CMD ["python", "predict.py"]\n', head) == []


def test_the_working_directory_carries_down_the_chain(project: Path) -> None:
    head = "FROM python:3.12-slim AS base\nWORKDIR /app\nFROM base\n"
    assert _lint(project, 'COPY predict.py ./\nCMD ["python", "predict.py"]\n', head) == []
    assert _lint(project, 'COPY predict.py /\nCMD ["python", "predict.py"]\n', head) == [(CODE, 5)]


def test_requirements_that_install_the_project(project: Path) -> None:
    body = 'CMD ["gunicorn", "predict:app"]\n'
    assert _lint(project, body) == [(CODE, 5)]
    write(project, "requirements.txt", "flask\n-e .\n")
    assert _lint(project, body) == []
    write(project, "requirements.txt", "-r base.txt\n")
    assert _lint(project, body) == []


def test_messages(project: Path) -> None:
    found = lint_text(
        HEAD + 'CMD ["gunicorn", "predict:app"]\n', select=[CODE], context=str(project)
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            5,
            "`predict` (predict.py) is in the build context but no COPY brings it into /app:"
            " the container fails at start.",
            "Copy it after the dependencies are installed, e.g. `COPY predict.py ./`.",
        )
    ]


def test_the_hint_copies_a_package_directory(project: Path) -> None:
    body = 'CMD ["uvicorn", "api.main:app"]\n'
    found = lint_text(HEAD + body, select=[CODE], context=str(project))
    assert [f.fix for f in found] == [
        "Copy it after the dependencies are installed, e.g. `COPY api/ ./api/`."
    ]
    write(project, "service/api/main.py", "app = None\n")
    (project / "api" / "main.py").unlink()
    found = lint_text(
        HEAD + "COPY service/requirements.txt ./r.txt\n" + body, select=[CODE], context=str(project)
    )
    assert [(f.message, f.fix) for f in found] == [
        (
            "`api.main` (service/api/main.py) is in the build context but no COPY brings it"
            " into /app: the container fails at start.",
            "Copy it after the dependencies are installed, e.g. `COPY service/api/ ./api/`.",
        )
    ]


def test_left_out_by_dockerignore(project: Path) -> None:
    write(project, ".dockerignore", "# keep the image small\n*.py\n!api/**\n")
    found = lint_text(
        HEAD + 'COPY . .\nCMD ["python", "predict.py"]\n', select=[CODE], context=str(project)
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            6,
            "`predict.py` is in the build context but .dockerignore leaves it out (line 2:"
            " `*.py`), so nothing copies it into /app: the container fails at start.",
            "Re-include it in .dockerignore with a `!` line.",
        )
    ]
    # the re-included package is sent
    assert _lint(project, 'COPY . .\nCMD ["python", "-m", "api.main"]\n') == []


def test_silent_without_a_context() -> None:
    found = lint_text(HEAD + 'CMD ["python", "predict.py"]\n', select=[CODE])
    assert found == []

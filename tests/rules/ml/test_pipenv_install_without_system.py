"""DLM006 pipenv-install-without-system."""

from __future__ import annotations

import pytest

from dockerlint_ml import Severity
from tests.helpers import COURSE, findings

E = "error"
I = "info"  # noqa: E741

CASES = [
    ("course file", COURSE, []),
    (
        "install without --system",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --deploy
        CMD ["gunicorn", "app:app"]
        """,
        [(3, E)],
    ),
    (
        "sync without --system",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv sync
        """,
        [(3, E)],
    ),
    (
        "sync --system is fine",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv sync --system
        """,
        [],
    ),
    (
        "PIPENV_SYSTEM in ENV",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_SYSTEM=1
        RUN pipenv install --deploy
        """,
        [],
    ),
    (
        "PIPENV_SYSTEM legacy ENV syntax, true",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_SYSTEM true
        RUN pipenv install --deploy
        """,
        [],
    ),
    (
        "PIPENV_SYSTEM=0 does not count",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_SYSTEM=0
        RUN pipenv install --deploy
        """,
        [(4, E)],
    ),
    (
        "ENV after the RUN does not count",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --deploy
        ENV PIPENV_SYSTEM=1
        """,
        [(3, E)],
    ),
    (
        "ENV inherited from the base stage",
        """
        FROM python:3.12-slim AS base
        ENV PIPENV_SYSTEM=1
        FROM base
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --deploy
        """,
        [],
    ),
    (
        "stage ARG with a default is in the RUN environment",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ARG PIPENV_SYSTEM=1
        RUN pipenv install --deploy
        """,
        [],
    ),
    (
        "command env",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN PIPENV_SYSTEM=1 pipenv install --deploy
        """,
        [],
    ),
    (
        "exported earlier in the script",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN export PIPENV_SYSTEM=1 && pipenv install --deploy
        """,
        [],
    ),
    (
        "python -m pipenv",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN python3 -m pipenv install --deploy
        """,
        [(3, E)],
    ),
    (
        "exec form and lowercase",
        """
        from python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        run ["pipenv", "install", "--deploy"]
        """,
        [(3, E)],
    ),
    (
        "continuation lines",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pip install pipenv \\
            && pipenv install \\
               --deploy
        """,
        [(3, E)],
    ),
    (
        "heredoc RUN",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN <<EOF
        set -e
        pipenv install --deploy
        EOF
        """,
        [(3, E)],
    ),
    (
        "start command through pipenv run is info",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --deploy
        CMD ["pipenv", "run", "gunicorn", "app:app"]
        """,
        [(3, I)],
    ),
    (
        "pipenv run inherited from the base stage is info",
        """
        FROM python:3.12-slim AS base
        ENTRYPOINT ["pipenv", "run"]
        FROM base
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --deploy
        CMD ["python", "app.py"]
        """,
        [(5, I)],
    ),
    (
        "active virtualenv named by VIRTUAL_ENV",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN python -m venv /opt/venv
        ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
        RUN pipenv install --deploy
        """,
        [],
    ),
    (
        "VIRTUAL_ENV ignored under PIPENV_IGNORE_VIRTUALENVS",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV VIRTUAL_ENV=/opt/venv PIPENV_IGNORE_VIRTUALENVS=1
        RUN pipenv install --deploy
        """,
        [(4, E)],
    ),
    (
        "in-project venv copied to the runtime stage (pipenv Docker guide)",
        """
        FROM python:3.12-slim AS builder
        RUN pip install pipenv
        ENV PIPENV_VENV_IN_PROJECT=1
        ADD Pipfile.lock Pipfile /usr/src/
        WORKDIR /usr/src
        RUN pipenv sync
        FROM python:3.12-slim AS runtime
        COPY --from=builder /usr/src/.venv/ /usr/src/.venv/
        WORKDIR /usr/src/
        CMD ["./.venv/bin/python", "-m", "run"]
        """,
        [],
    ),
    (
        "in-project venv on PATH",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        WORKDIR /app
        ENV PIPENV_VENV_IN_PROJECT=1 PATH=/app/.venv/bin:$PATH
        RUN pipenv sync
        CMD ["gunicorn", "app:app"]
        """,
        [],
    ),
    (
        "in-project venv nobody uses",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_VENV_IN_PROJECT=1
        RUN pipenv sync
        CMD ["gunicorn", "app:app"]
        """,
        [(4, E)],
    ),
    (
        "other pipenv commands are not installs",
        """
        FROM python:3.12-slim
        RUN pipenv lock && pipenv requirements > requirements.txt
        """,
        [],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_dlm006(dockerfile: str, expected: list[tuple[int, str]]) -> None:
    found = findings(dockerfile, select=["DLM006"])
    # Keyed by the instruction's line (a finding points at the `pipenv install` words).
    assert [(f.anchor.line, f.severity.label) for f in found] == expected
    assert all(f.code == "DLM006" for f in found)


def test_messages() -> None:
    head = "FROM python:3.12-slim\nCOPY Pipfile Pipfile.lock ./\n"
    error = findings(head + "RUN pipenv sync\n", select=["DLM006"])
    assert error[0].severity is Severity.ERROR
    assert "virtualenv" in error[0].message
    assert error[0].fix is not None and "--system" in error[0].fix
    info = findings(
        head + 'RUN pipenv sync\nCMD ["pipenv", "run", "python", "a.py"]\n',
        select=["DLM006"],
    )
    assert info[0].severity is Severity.INFO
    assert "pipenv run" in info[0].message

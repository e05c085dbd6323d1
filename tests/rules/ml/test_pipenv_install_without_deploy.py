"""DLM007 pipenv-install-without-deploy."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

CASES = [
    ("course file", COURSE, []),
    (
        "install --system without --deploy",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --system
        """,
        [3],
    ),
    (
        "--ignore-pipfile is fine",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --system --ignore-pipfile
        """,
        [],
    ),
    (
        "sync is fine",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pipenv sync --system
        """,
        [],
    ),
    (
        "PIPENV_DEPLOY in ENV",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_DEPLOY=1 PIPENV_SYSTEM=1
        RUN pipenv install
        """,
        [],
    ),
    (
        "PIPENV_IGNORE_PIPFILE in ENV",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_IGNORE_PIPFILE=yes
        RUN pipenv install --system
        """,
        [],
    ),
    (
        "PIPENV_DEPLOY=false does not count",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        ENV PIPENV_DEPLOY=false
        RUN pipenv install --system
        """,
        [4],
    ),
    (
        "PIPENV_DEPLOY in the base stage",
        """
        FROM python:3.12-slim AS base
        ENV PIPENV_DEPLOY=1
        FROM base
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install --system
        """,
        [],
    ),
    (
        "PIPENV_DEPLOY on the command",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN PIPENV_DEPLOY=1 pipenv install --system
        """,
        [],
    ),
    (
        "named packages re-lock",
        """
        FROM python:3.12-slim
        RUN pipenv install gunicorn
        """,
        [2],
    ),
    (
        "lowercase, exec form",
        """
        from python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        run ["pipenv", "install", "--system"]
        """,
        [3],
    ),
    (
        "continuation",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN pip install pipenv && \\
            pipenv install \\
              --system --dev
        """,
        [3],
    ),
    (
        "heredoc",
        """
        FROM python:3.12-slim
        COPY Pipfile Pipfile.lock ./
        RUN <<EOF
        pip install pipenv
        pipenv install --system
        EOF
        """,
        [3],
    ),
    (
        "multi-stage: every stage checked",
        """
        FROM python:3.12-slim AS build
        COPY Pipfile Pipfile.lock ./
        RUN pipenv install
        FROM python:3.12-slim
        RUN pipenv install --deploy --system
        """,
        [3],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "lines"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_dlm007(dockerfile: str, lines: list[int]) -> None:
    assert lint_snippet(dockerfile, select=["DLM007"]) == [("DLM007", n) for n in lines]


@pytest.mark.parametrize(
    ("run", "says"),
    [
        ("pipenv install", "re-resolves"),
        ("pipenv install --system", "stale Pipfile.lock as it is"),
        ("pipenv install --system --skip-lock", "unpinned"),
        ("pipenv install requests", "`pipenv install requests` adds packages"),
    ],
)
def test_messages(run: str, says: str) -> None:
    found = findings(
        f"FROM python:3.12-slim\nCOPY Pipfile Pipfile.lock ./\nRUN {run}\n", select=["DLM007"]
    )
    assert len(found) == 1
    assert says in found[0].message
    assert found[0].fix is not None

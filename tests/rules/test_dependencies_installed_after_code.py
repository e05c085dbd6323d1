"""DLM004 dependencies-installed-after-code."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

CASES = [
    ("course file", COURSE, []),
    (
        "copy all then pip -r",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pip install -r requirements.txt
        """,
        [4],
    ),
    (
        "heredoc RUN after COPY app.py",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY app.py .
        RUN <<EOT
        set -e
        pip install -r requirements.txt
        EOT
        """,
        [4],
    ),
    (
        "manifests first is fine",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt constraints.txt ./
        RUN pip install -r requirements.txt -c constraints.txt
        COPY . .
        """,
        [],
    ),
    (
        "lowercase instructions and continuation",
        """
        from python:3.12-slim
        workdir /app
        copy src/ ./src/
        run apt-get update \\
            && pip install \\
               -r requirements.txt
        """,
        [4],
    ),
    (
        "exec-form RUN",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY main.py .
        RUN ["pip", "install", "fastapi"]
        """,
        [4],
    ),
    (
        "exec-form sh -c",
        """
        FROM python:3.12-slim
        COPY main.py /app/
        RUN ["/bin/sh", "-c", "pip install -r /app/requirements.txt"]
        """,
        [3],
    ),
    (
        "python -m pip",
        """
        FROM python:3.12-slim
        COPY . /app
        RUN python -m pip install -r /app/requirements.txt
        """,
        [3],
    ),
    (
        "tool install after code fires too",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pip install pipenv
        """,
        [4],
    ),
    (
        "COPY --from does not count",
        """
        FROM python:3.12-slim AS build
        RUN true
        FROM python:3.12-slim
        COPY --from=build /app /app
        COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
        RUN pip install -r /app/requirements.txt
        """,
        [],
    ),
    (
        "code copied in another stage does not count",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        FROM base AS final
        RUN pip install flask
        """,
        [],
    ),
    (
        "only the first install RUN after code per RUN, every RUN reported",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY app.py .
        RUN pip install flask && pip install gunicorn
        COPY model.bin .
        RUN pip install numpy
        """,
        [4, 6],
    ),
    (
        "pip install --no-deps . is a second phase",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY pyproject.toml requirements.txt ./
        RUN pip install -r requirements.txt
        COPY src/ src/
        RUN pip install --no-deps .
        """,
        [],
    ),
    (
        "pip install -e . after the dependencies is a second phase",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY . .
        RUN pip install -e .
        """,
        [],
    ),
    (
        "pip install -e . alone after code installs everything",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pip install -e .
        """,
        [4],
    ),
    (
        "pip install . alone after code",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pip install .
        """,
        [4],
    ),
    (
        "poetry --only-root is a second phase",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY pyproject.toml poetry.lock ./
        RUN poetry install --no-root
        COPY . .
        RUN poetry install --only-root
        """,
        [],
    ),
    (
        "poetry install after --no-root (Poetry FAQ layout)",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY pyproject.toml poetry.lock ./
        RUN poetry install --only main --no-root --no-directory
        COPY src/ ./src
        RUN poetry install --only main
        """,
        [],
    ),
    (
        "poetry install after code without a first phase",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN poetry install --only main
        """,
        [4],
    ),
    (
        "uv two-phase with bind mounts (uv Docker guide)",
        """
        FROM python:3.12-slim
        WORKDIR /app
        RUN --mount=type=cache,target=/root/.cache/uv \\
            --mount=type=bind,source=uv.lock,target=uv.lock \\
            --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
            uv sync --locked --no-install-project
        COPY . /app
        RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked
        """,
        [],
    ),
    (
        "uv sync after code without the first phase",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . /app
        RUN uv sync --locked
        """,
        [4],
    ),
    (
        "uv sync again after an earlier full uv sync",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY kserve/pyproject.toml kserve/uv.lock kserve/
        RUN cd kserve && uv sync --active --no-cache
        COPY kserve kserve
        RUN cd kserve && uv sync --active --no-cache
        """,
        [],
    ),
    (
        "variant requirement file names and wheels are dependencies",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY dev-requirements.txt extras-requirements.txt ./
        COPY dist/*.whl /wheels/
        RUN pip install -r dev-requirements.txt /wheels/*.whl
        """,
        [],
    ),
    (
        "uv first phase in the base stage counts",
        """
        FROM python:3.12-slim AS deps
        WORKDIR /app
        COPY pyproject.toml uv.lock ./
        RUN uv sync --frozen --no-install-project
        FROM deps AS app
        COPY . .
        RUN uv sync --frozen
        """,
        [],
    ),
    (
        "uv first phase after code is itself reported",
        """
        FROM python:3.12-slim
        COPY . /app
        RUN uv sync --no-install-project && uv sync
        """,
        [3],
    ),
    (
        "uv pip install",
        """
        FROM python:3.12-slim
        COPY app /app
        RUN uv pip install --system -r /app/requirements.txt
        """,
        [3],
    ),
    (
        "pipenv sync after code",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pipenv sync --system
        """,
        [4],
    ),
    (
        "conda env create after code",
        """
        FROM continuumio/miniconda3:24.1.2-0
        WORKDIR /app
        COPY . .
        RUN conda env create -f environment.yml
        """,
        [4],
    ),
    (
        "conda with manifests first",
        """
        FROM mambaorg/micromamba:1.5.8
        COPY environment.yml /tmp/env.yml
        RUN micromamba install -y -n base -f /tmp/env.yml
        COPY app.py /app/
        """,
        [],
    ),
    (
        "README and LICENSE and setup files are metadata",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY setup.py setup.cfg README.md LICENSE ./
        COPY requirements/ requirements/
        RUN pip install -r requirements/prod.txt
        """,
        [],
    ),
    (
        "unresolved variable source is not counted",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY ${REQS} ./
        RUN pip install -r requirements.txt
        """,
        [],
    ),
    (
        "heredoc COPY of a script counts as code",
        """
        FROM python:3.12-slim
        COPY <<EOF /app/main.py
        print("hi")
        EOF
        RUN pip install flask
        """,
        [5],
    ),
    (
        "ADD of a remote model counts",
        """
        FROM python:3.12-slim
        ADD https://example.com/model.bin /models/model.bin
        RUN pip install torch
        """,
        [3],
    ),
    (
        "non-install RUN after code is fine",
        """
        FROM python:3.12-slim
        COPY . /app
        RUN python -m compileall /app && pip freeze
        """,
        [],
    ),
    (
        "ONBUILD is not checked",
        """
        FROM python:3.12-slim
        ONBUILD COPY . /app
        ONBUILD RUN pip install -r /app/requirements.txt
        """,
        [],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "lines"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_dlm004(dockerfile: str, lines: list[int]) -> None:
    assert lint_snippet(dockerfile, select=["DLM004"]) == [("DLM004", n) for n in lines]


def test_message_names_the_first_code_copy() -> None:
    found = findings(
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        COPY src/ src/
        COPY app.py .
        RUN pip install -r requirements.txt
        """,
        select=["DLM004"],
    )
    assert len(found) == 1
    assert "COPY at line 4" in found[0].message
    assert found[0].span.line == 6
    assert found[0].fix is not None and "requirements.txt" in found[0].fix


def test_tool_install_hint_says_move_it_up() -> None:
    found = findings(
        """
        FROM python:3.12-slim
        ADD . /app
        RUN pip install pipenv
        """,
        select=["DLM004"],
    )
    assert len(found) == 1
    assert "ADD at line 2" in found[0].message
    assert found[0].fix is not None and "Move this install above" in found[0].fix


def test_rule_instance_reused_across_files() -> None:
    from dockerlint_ml.engine import lint
    from dockerlint_ml.parser import parse
    from dockerlint_ml.rules.dependencies_installed_after_code import (
        DependenciesInstalledAfterCode,
    )

    rule = DependenciesInstalledAfterCode()
    first = parse("FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n")
    second = parse("FROM python:3.12-slim\nRUN pip install flask\n")
    assert [f.span.line for f in lint(first, [rule]).findings] == [3]
    assert lint(second, [rule]).findings == []

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
        "code copied in another stage counts when it is the base",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        FROM base AS final
        RUN pip install flask
        """,
        [5],
    ),
    (
        "code copied in an unrelated stage does not count",
        """
        FROM python:3.12-slim AS src
        COPY . /src
        FROM python:3.12-slim
        RUN pip install flask
        """,
        [],
    ),
    (
        "one finding for the installs after the code, later COPYs included",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY app.py .
        RUN pip install flask && pip install gunicorn
        COPY model.bin .
        RUN pip install numpy
        """,
        [4],
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
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.engine.lint import lint
    from dockerlint_ml.rules.ml.dependencies_installed_after_code import (
        DependenciesInstalledAfterCode,
    )

    rule = DependenciesInstalledAfterCode()
    first = parse("FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n")
    second = parse("FROM python:3.12-slim\nRUN pip install flask\n")
    assert [f.span.line for f in lint(first, [rule]).findings] == [3]
    assert lint(second, [rule]).findings == []


# Each class the precision review found, with the exact findings (line, message, fix).
EXACT = [
    (
        "one finding per COPY, naming the later installs",
        """
        FROM python:3.12-slim
        COPY main.py .
        COPY img_ai ./img_ai/
        RUN pip install numpy
        RUN pip install Pillow
        RUN pip install https://example.com/tflite_runtime-2.14.0-cp310-cp310-linux_x86_64.whl
        CMD ["main.main"]
        """,
        [
            (
                4,
                (
                    "`pip install` of packages runs after the COPY at line 2 brought in code, so "
                    "every code change reinstalls them; it also reruns the install RUNs at lines "
                    "5, 6."
                ),
                "Move this install above the COPY at line 2: it does not need the code.",
            ),
        ],
    ),
    (
        "a later code COPY does not start a second finding",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY app.py .
        RUN pip install flask && pip install gunicorn
        COPY model.bin .
        RUN pip install numpy
        """,
        [
            (
                4,
                (
                    "`pip install` of packages runs after the COPY at line 3 brought in code, so "
                    "every code change reinstalls them; it also reruns the install RUN at line 6."
                ),
                "Move this install above the COPY at line 3: it does not need the code.",
            ),
        ],
    ),
    (
        "bind-mounted wheels after the code are named, not reported again",
        """
        FROM python:3.12-slim AS kernels
        RUN pip wheel --wheel-dir /dist flash-attn
        FROM python:3.12-slim
        WORKDIR /app
        COPY server server
        RUN cd server && uv pip install grpcio-tools && uv pip install -e . && make gen-server
        RUN --mount=type=bind,from=kernels,src=/dist,target=/install uv pip install /install/*.whl
        """,
        [
            (
                6,
                (
                    "`uv pip install` installs dependencies after the COPY at line 5 brought in "
                    "code, so every code change reinstalls all of them; it also reruns the install "
                    "RUN at line 7."
                ),
                (
                    "Install the dependencies first: copy only the dependency files "
                    "(pyproject.toml) before the COPY at line 5 and install from them, then copy "
                    "the code and add the project with `uv pip install --no-deps -e .`."
                ),
            ),
        ],
    ),
    (
        "a COPY in the parent stage counts",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        FROM base AS final
        RUN pip install flask
        """,
        [
            (
                5,
                (
                    "`pip install` of packages runs after the COPY at line 3 in stage `base` "
                    "brought in code, so every code change reinstalls them."
                ),
                (
                    "Move the COPY at line 3 of stage `base` into this stage below this RUN: "
                    "the install does not need the code."
                ),
            ),
        ],
    ),
    (
        "the parent's finding names the child's installs",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        RUN pip install -r requirements.txt
        FROM base AS test
        RUN pip install pytest
        """,
        [
            (
                4,
                (
                    "`pip install` installs dependencies after the COPY at line 3 brought in code, "
                    "so every code change reinstalls all of them; it also reruns the install RUN "
                    "at line 6."
                ),
                (
                    "Copy only the dependency files (requirements.txt) before this RUN and the "
                    "rest of the code after it."
                ),
            ),
        ],
    ),
    (
        "helper scripts a RUN calls are not code",
        """
        FROM python:3-bullseye
        COPY .devcontainer/library-scripts/*.sh /tmp/library-scripts/
        RUN /bin/bash /tmp/library-scripts/common-debian.sh && rm -rf /tmp/library-scripts/
        RUN pip install pdm && pdm sync -dG testing
        """,
        [],
    ),
    (
        "a download script, then manifests, then the code",
        """
        FROM python:3.10-slim
        WORKDIR /app
        COPY download_models.sh .
        RUN bash /app/download_models.sh
        RUN pip install --upgrade pip && pip install "numpy>=2,<2.3.0"
        COPY requirements-base.txt .
        RUN pip install -r requirements-base.txt
        COPY . .
        RUN python3 onnxconverter.py
        """,
        [],
    ),
    (
        "a directory of install scripts the RUN calls",
        """
        FROM python:3.12-slim
        COPY scripts/installers /tmp/installers/
        RUN bash /tmp/installers/install_k2.sh
        RUN pip install numba
        """,
        [],
    ),
    (
        "a Makefile, config files, certificates and jars are not code",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY server/Makefile-vllm Makefile
        COPY nginx.conf /etc/nginx/nginx.conf
        COPY certs/ca.crt /usr/local/share/ca-certificates/
        COPY lib/driver.jar /opt/jars/
        RUN pip install setuptools_scm && make build-vllm
        """,
        [],
    ),
    (
        "a mixed RUN is judged by the install that reads files",
        """
        FROM ubuntu:22.04
        RUN apt update && apt install -y python3-pip
        WORKDIR /bert
        COPY bert_question_answering.py tokens_bert.py requirements.txt ./
        RUN pip3 install --upgrade pip && pip3 install --no-cache-dir -r requirements.txt
        """,
        [
            (
                5,
                (
                    "`pip install` installs dependencies after the COPY at line 4 brought in code, "
                    "so every code change reinstalls all of them."
                ),
                (
                    "Copy only the dependency files (requirements.txt) before this RUN and the "
                    "rest of the code after it."
                ),
            ),
        ],
    ),
    (
        "a mixed RUN that uses the copied files is split, not moved",
        """
        FROM python:3.11-slim
        WORKDIR /usr/src
        RUN pip install torch==2.8.0
        COPY proto proto
        COPY server server
        RUN cd server && make gen-server && pip install -U pip uv && uv pip install -e .
        """,
        [
            (
                6,
                (
                    "`pip install` of packages runs after the COPY at line 4 brought in code, so "
                    "every code change reinstalls them."
                ),
                (
                    "Split this RUN: run the `pip install` of packages in its own RUN above the "
                    "COPY at line 4, and keep the steps that use the copied files after it."
                ),
            ),
        ],
    ),
    (
        "paths a requirements file installs with -e are undecidable",
        """
        FROM python:3.11-slim
        WORKDIR /workdir
        COPY backend/src/v2/test/requirements.txt backend/src/v2/test/
        COPY sdk/python sdk/python
        COPY samples/test/utils samples/test/utils
        RUN cd backend/src/v2/test && pip3 install --no-cache-dir -r requirements.txt
        COPY . .
        """,
        [],
    ),
    (
        "a local path the install names is not code",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY sdk ./sdk
        COPY wheels/ /wheels/
        RUN pip install -e ./sdk /wheels/extra-1.0-py3-none-any.whl
        """,
        [],
    ),
    (
        "pip install . hint: dependencies first, the project with --no-deps",
        """
        FROM python:3.12-alpine
        COPY . /bandit
        WORKDIR /bandit
        RUN pip install .
        """,
        [
            (
                4,
                (
                    "`pip install` installs dependencies after the COPY at line 2 brought in code, "
                    "so every code change reinstalls all of them."
                ),
                (
                    "Install the dependencies first: copy only the dependency files "
                    "(pyproject.toml) before the COPY at line 2 and install from them, then copy "
                    "the code and add the project with `pip install --no-deps .`."
                ),
            ),
        ],
    ),
    (
        "code the install never reads: move that COPY below the RUN",
        """
        FROM python:3.9-slim
        RUN pip install pipenv
        COPY ["Pipfile", "Pipfile.lock", "./"]
        COPY ["best_model.bin", "./"]
        RUN pipenv install --system --deploy
        """,
        [
            (
                5,
                (
                    "`pipenv install` installs dependencies after the COPY at line 4 brought in "
                    "code, so every code change reinstalls all of them."
                ),
                "Move the COPY at line 4 below this RUN: the install does not read that code.",
            ),
        ],
    ),
    (
        "an app.py next to a requirements install",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        COPY app.py .
        RUN pip install -r requirements.txt
        """,
        [
            (
                5,
                (
                    "`pip install` installs dependencies after the COPY at line 4 brought in code, "
                    "so every code change reinstalls all of them."
                ),
                "Move the COPY at line 4 below this RUN: the install does not read that code.",
            ),
        ],
    ),
    (
        "a package install with a prerequisite in between is not moved blindly",
        """
        FROM ubuntu:24.04
        COPY ./ serve
        RUN python3 -m venv /home/venv
        ENV PATH="/home/venv/bin:$PATH"
        RUN pip install -U pip setuptools
        """,
        [
            (
                5,
                (
                    "`pip install` of packages runs after the COPY at line 2 brought in code, so "
                    "every code change reinstalls them."
                ),
                (
                    "Move the COPY at line 2 and the steps that use it below this RUN: the install "
                    "does not need the code."
                ),
            ),
        ],
    ),
    (
        "uv sync after the code",
        """
        FROM python:3.13-slim
        COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/
        COPY . /app
        WORKDIR /app
        RUN uv sync
        """,
        [
            (
                5,
                (
                    "`uv sync` installs dependencies after the COPY at line 3 brought in code, so "
                    "every code change reinstalls all of them."
                ),
                (
                    "Copy only the dependency files (pyproject.toml, uv.lock) and run `uv sync "
                    "--no-install-project` on them in a RUN before the COPY at line 3; this `uv "
                    "sync` then only adds the project."
                ),
            ),
        ],
    ),
    (
        "interpreters with versions and variables, conda run",
        """
        FROM continuumio/miniconda3:24.1.2-0
        ARG PY=3.11
        COPY app /app
        RUN python3.11 -m pip install flask
        RUN python$PY -m pip install numpy
        RUN conda run -n app pip install torch
        """,
        [
            (
                4,
                (
                    "`pip install` of packages runs after the COPY at line 3 brought in code, so "
                    "every code change reinstalls them; it also reruns the install RUNs at lines "
                    "5, 6."
                ),
                "Move this install above the COPY at line 3: it does not need the code.",
            ),
        ],
    ),
    (
        "an exact uv sync between: the hint keeps the packages through it",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY kserve/pyproject.toml kserve/uv.lock kserve/
        RUN cd kserve && uv sync --active
        COPY kserve kserve
        RUN cd kserve && uv sync --active
        RUN uv pip install tomli
        """,
        [
            (
                7,
                (
                    "`uv pip install` of packages runs after the COPY at line 5 brought in code, "
                    "so every code change reinstalls them."
                ),
                (
                    "Install these packages before the COPY at line 5 and keep them through the "
                    "exact sync at line 6 (`--inexact` there, or list them in the project's "
                    "dependencies): an exact sync removes packages its lock does not list."
                ),
            ),
        ],
    ),
    (
        "git metadata, versioned tool releases and VERSION files are not code",
        """
        FROM python:3.12-slim
        COPY .git /src/.git
        COPY ./cov-analysis-linux64-2023.12.2 /cov
        COPY TRITON_VERSION NOTICE.pdf /workspace/
        RUN pip3 install cmake
        """,
        [],
    ),
    (
        "a RUN between uses the code: the install moves up, the code stays",
        """
        FROM python:3.12-slim
        WORKDIR /src
        COPY ui ui
        RUN cd ui && npm install && npm run build
        RUN pip install -r requirements.txt
        """,
        [
            (
                5,
                (
                    "`pip install` installs dependencies after the COPY at line 3 brought in code, "
                    "so every code change reinstalls all of them."
                ),
                (
                    "Copy only the dependency files (requirements.txt) and install from them in a "
                    "RUN before the COPY at line 3."
                ),
            ),
        ],
    ),
    (
        "a helper the RUN runs as a program and a config rc file are not code",
        """
        FROM python:3.12-slim
        COPY fix-permissions /usr/local/bin/fix-permissions
        COPY initial-condarc /opt/conda/.condarc
        COPY ipython_kernel_config.py /etc/ipython/
        RUN pip install jupyter_core && fix-permissions /opt/conda
        """,
        [],
    ),
    (
        "many later installs are counted, not all listed",
        """
        FROM python:3.12-slim
        COPY app.py .
        RUN pip install pkg0
        RUN pip install pkg1
        RUN pip install pkg2
        RUN pip install pkg3
        RUN pip install pkg4
        RUN pip install pkg5
        RUN pip install pkg6
        RUN pip install pkg7
        RUN pip install pkg8
        RUN pip install pkg9
        RUN pip install pkg10
        RUN pip install pkg11
        """,
        [
            (
                3,
                (
                    "`pip install` of packages runs after the COPY at line 2 brought in code, so "
                    "every code change reinstalls them; it also reruns the install RUNs at lines "
                    "4, 5, 6, 7, 8, 9, 10, 11 and 3 more."
                ),
                "Move this install above the COPY at line 2: it does not need the code.",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected"), [(c[1], c[2]) for c in EXACT], ids=[c[0] for c in EXACT]
)
def test_dlm004_exact(dockerfile: str, expected: list[tuple[int, str, str]]) -> None:
    found = findings(dockerfile, select=["DLM004"])
    assert [f.code for f in found] == ["DLM004"] * len(expected)
    assert [(f.anchor.line, f.message, f.fix) for f in found] == expected


# -- a code COPY in a parent stage -----------------------------------------------------------

PARENT = [
    (
        "code on a base: the child's install is reported, the hint names the stage",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        FROM base
        RUN pip install -r requirements.txt
        """,
        [
            (
                5,
                (
                    "`pip install` installs dependencies after the COPY at line 3 in stage "
                    "`base` brought in code, so every code change reinstalls all of them."
                ),
                (
                    "In stage `base`, copy only the dependency files (requirements.txt) instead "
                    "of the COPY at line 3, and copy the code in this stage below this RUN."
                ),
            ),
        ],
    ),
    (
        "code on a base with another stage built on it: the hint names that stage",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        FROM base AS dev
        RUN pip install -r requirements.txt
        FROM base AS prod
        CMD ["python", "app.py"]
        """,
        [
            (
                5,
                (
                    "`pip install` installs dependencies after the COPY at line 3 in stage "
                    "`base` brought in code, so every code change reinstalls all of them."
                ),
                (
                    "In stage `base`, copy only the dependency files (requirements.txt) instead "
                    "of the COPY at line 3, and copy the code in this stage below this RUN (and "
                    "into the other stages built on `base` that need it: `prod`)."
                ),
            ),
        ],
    ),
    (
        "a parent that builds from its COPY: the child's install is undecidable (djl-serving)",
        """
        FROM ubuntu:22.04 AS base
        COPY distribution[s]/ ./
        RUN mv *.deb djl-serving_all.deb || true
        RUN dpkg -i djl-serving_all.deb
        FROM base AS cpu-full
        RUN pip3 install torch torchvision && pip3 install --upgrade numpy
        """,
        [],
    ),
    (
        "a build stage's sources are not code for a dev stage built on it (vllm)",
        """
        FROM python:3.12 AS build
        WORKDIR /vllm-workspace
        COPY requirements/build.txt requirements/build.txt
        RUN pip install -r requirements/build.txt
        COPY . .
        RUN python3 setup.py bdist_wheel --dist-dir=dist
        FROM build AS dev
        COPY --from=test-deps /w/requirements/test.txt requirements/test.txt
        RUN pip install -r requirements/dev.txt && pre-commit install
        """,
        [],
    ),
    (
        "a parent's used COPY still names the child's installs in the parent's finding",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY . .
        RUN pip install -r requirements.txt
        FROM base AS test
        RUN pip install pytest
        FROM base AS lint
        RUN pip install ruff
        """,
        [
            (
                4,
                (
                    "`pip install` installs dependencies after the COPY at line 3 brought in code, "
                    "so every code change reinstalls all of them; it also reruns the install RUNs "
                    "at lines 6, 8."
                ),
                (
                    "Copy only the dependency files (requirements.txt) before this RUN and the "
                    "rest of the code after it."
                ),
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected"), [(c[1], c[2]) for c in PARENT], ids=[c[0] for c in PARENT]
)
def test_dlm004_parent_stage(dockerfile: str, expected: list[tuple[int, str, str]]) -> None:
    found = findings(dockerfile, select=["DLM004"])
    assert [(f.anchor.line, f.message, f.fix) for f in found] == expected


# -- the split hint only when a step uses the copied files -----------------------------------

SPLIT = [
    (
        "no step uses the copy: move the RUN; a `${VAR/a/b}` package is a package (horovod)",
        """
        FROM python:3.10
        WORKDIR /root
        COPY . /horovod
        RUN if [[ ${TF} == "tf-nightly" ]]; then \\
                pip install --no-cache-dir ${TF}; \\
                pip uninstall -y keras-nightly; \\
                mkdir -p ~/.keras; \\
                python -c "import tensorflow as tf; tf.keras.datasets.mnist.load_data()"; \\
            fi
        RUN if [[ ${MX} == "mxnet-nightly-cu"* ]]; then \\
                pip install --no-cache-dir --pre ${MX/-nightly/} -f https://x.io/${MX/#mxnet-/}; \\
            fi
        RUN cd /horovod && python setup.py sdist
        """,
        [
            (
                4,
                (
                    "`pip install` of packages runs after the COPY at line 3 brought in code, so "
                    "every code change reinstalls them; it also reruns the install RUN at line 10."
                ),
                "Move this install above the COPY at line 3: it does not need the code.",
            ),
        ],
    ),
    (
        "a step run inside the copied tree uses it: split the RUN",
        """
        FROM python:3.10
        COPY . /horovod
        RUN pip install --no-cache-dir tf-nightly && cd /horovod && make gen
        """,
        [
            (
                3,
                (
                    "`pip install` of packages runs after the COPY at line 2 brought in code, so "
                    "every code change reinstalls them."
                ),
                (
                    "Split this RUN: run the `pip install` of packages in its own RUN above the "
                    "COPY at line 2, and keep the steps that use the copied files after it."
                ),
            ),
        ],
    ),
    (
        "a step naming the copied files uses them: split the RUN",
        """
        FROM python:3.10
        WORKDIR /app
        COPY src/ /opt/app/src/
        RUN pip install requests && python -m compileall /opt/app/src
        """,
        [
            (
                4,
                (
                    "`pip install` of packages runs after the COPY at line 3 brought in code, so "
                    "every code change reinstalls them."
                ),
                (
                    "Split this RUN: run the `pip install` of packages in its own RUN above the "
                    "COPY at line 3, and keep the steps that use the copied files after it."
                ),
            ),
        ],
    ),
    (
        "a renamed helper script the RUN sources is not code (openvino)",
        """
        FROM registry.access.redhat.com/ubi9/ubi:9.7
        WORKDIR /ovms
        COPY ./install_redhat_gpu_drivers.sh ./install_gpu_drivers.sh
        RUN source ./install_gpu_drivers.sh && useradd ovms
        RUN python3.12 --version && python3.12 -m pip install "numpy<2.0.0"
        """,
        [],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected"), [(c[1], c[2]) for c in SPLIT], ids=[c[0] for c in SPLIT]
)
def test_dlm004_split_hint(dockerfile: str, expected: list[tuple[int, str, str]]) -> None:
    found = findings(dockerfile, select=["DLM004"])
    assert [(f.anchor.line, f.message, f.fix) for f in found] == expected


# -- the exact-sync warning only for the environment the sync manages ------------------------

_KSERVE = """
        FROM python:3.11-slim-bookworm
        RUN curl -LsSf https://astral.sh/uv/install.sh | sh
        ENV VIRTUAL_ENV=/prod_venv
        RUN uv venv {seed}$VIRTUAL_ENV
        ENV PATH="$VIRTUAL_ENV/bin:$PATH"
        COPY kserve/pyproject.toml kserve/uv.lock kserve/
        RUN cd kserve && uv sync --active --no-cache
        COPY kserve kserve
        RUN cd kserve && uv sync --active --no-cache
        COPY third_party/pip-licenses.py pip-licenses.py
        RUN {install} --no-cache-dir tomli
        RUN python3 pip-licenses.py
        """

_EXACT_HINT = (
    "Install these packages before the COPY at line 8 and keep them through the exact sync at "
    "line 9 (`--inexact` there, or list them in the project's dependencies): an exact sync "
    "removes packages its lock does not list."
)
_KSERVE_MESSAGE = (
    "`{program}` of packages runs after the COPY at line 8 brought in code, so every code "
    "change reinstalls them."
)

SYNC = [
    (
        "system pip beside an unseeded uv venv: the venv's syncs cannot remove it (kserve)",
        _KSERVE.format(seed="", install="pip install"),
        [
            (
                11,
                _KSERVE_MESSAGE.format(program="pip install"),
                "Move this install above the COPY at line 8: it does not need the code.",
            )
        ],
    ),
    (
        "pip of a seeded venv installs into the synced venv: the warning stays",
        _KSERVE.format(seed="--seed ", install="pip install"),
        [(11, _KSERVE_MESSAGE.format(program="pip install"), _EXACT_HINT)],
    ),
    (
        "uv pip installs into the active venv the sync manages: the warning stays",
        _KSERVE.format(seed="", install="uv pip install"),
        [(11, _KSERVE_MESSAGE.format(program="uv pip install"), _EXACT_HINT)],
    ),
    (
        "uv pip install --system is another environment than the venv",
        _KSERVE.format(seed="", install="uv pip install --system"),
        [
            (
                11,
                _KSERVE_MESSAGE.format(program="uv pip install"),
                "Move this install above the COPY at line 8: it does not need the code.",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected"), [(c[1], c[2]) for c in SYNC], ids=[c[0] for c in SYNC]
)
def test_dlm004_exact_sync_environment(
    dockerfile: str, expected: list[tuple[int, str, str]]
) -> None:
    found = findings(dockerfile, select=["DLM004"])
    assert [(f.anchor.line, f.message, f.fix) for f in found] == expected


def test_copy_moves_below_the_last_install_it_invalidates() -> None:
    found = findings(
        """
        FROM agrigorev/zoomcamp-cats-dogs-lambda:v2
        COPY ["requirements.txt", "./"]
        COPY ["lambda_function.py", "./"]
        RUN pip install -r requirements.txt
        RUN pip install https://github.com/a/b/raw/main/tflite_runtime-2.7.0-cp38-cp38-linux_x86_64.whl
        CMD [ "lambda_function.lambda_handler" ]
        """,
        select=["DLM004"],
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            4,
            (
                "`pip install` installs dependencies after the COPY at line 3 brought in code, so "
                "every code change reinstalls all of them; it also reruns the install RUN at "
                "line 5."
            ),
            (
                "Move the COPY at line 3 below the install RUN at line 5: none of these installs "
                "reads that code."
            ),
        )
    ]


def test_copy_stays_below_this_run_when_a_later_install_reads_it() -> None:
    found = findings(
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt ./
        COPY model.bin ./
        RUN pip install -r requirements.txt
        RUN pip install flask && cp model.bin /srv/
        """,
        select=["DLM004"],
    )
    assert [(f.span.line, f.fix) for f in found] == [
        (
            5,
            "Move the COPY at line 4 below this RUN: the install does not read that code.",
        )
    ]

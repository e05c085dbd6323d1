"""DLM102 package-manager-not-installed."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

# The course recap this project started from, before its fix: pipenv is never installed.
RECAP = (
    "FROM python:3.8-slim\n"
    "WORKDIR /app\n"
    'COPY ["Pipfile", "Pipfile.lock", "./"]\n'
    "RUN pipenv install --deploy --system\n"
    'COPY ["predict.py", "model_C=1.0.bin", "./"]\n'
    "EXPOSE 9696\n"
    'ENTRYPOINT ["gunicorn", "--bind=0.0.0.0:9696", "predict:app"]\n'
)
PY = "FROM python:3.12-slim\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def py(*lines: str) -> str:
    """A python:3.12-slim Dockerfile (line 1) followed by `lines`."""
    return PY + df(*lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM102"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course recap without the install", RECAP, [("DLM102", 4)]),
    ("course file with pip install pipenv", COURSE, []),
    # every manager, by every spelling of running it
    ("pipenv", py("RUN pipenv install --system"), [("DLM102", 2)]),
    ("poetry", py("RUN poetry install --no-root"), [("DLM102", 2)]),
    ("uv", py("RUN uv sync --locked"), [("DLM102", 2)]),
    ("uvx", py("RUN uvx ruff check ."), [("DLM102", 2)]),
    ("uv tool run", py("RUN uv tool run ruff check ."), [("DLM102", 2)]),
    ("pdm", py("RUN pdm install --prod"), [("DLM102", 2)]),
    ("conda", df("FROM ubuntu:24.04", "RUN conda install -y numpy"), [("DLM102", 2)]),
    ("mamba", df("FROM debian:12", "RUN mamba install -y numpy"), [("DLM102", 2)]),
    ("micromamba", df("FROM alpine:3.20", "RUN micromamba install -y x"), [("DLM102", 2)]),
    ("by path", py("RUN /usr/local/bin/pipenv install"), [("DLM102", 2)]),
    ("python -m pipenv", py("RUN python -m pipenv install"), [("DLM102", 2)]),
    ("pipenv run", py("RUN pipenv run python manage.py collectstatic"), [("DLM102", 2)]),
    ("poetry run", py("RUN poetry run pytest"), [("DLM102", 2)]),
    ("uv run", py("RUN uv run python -c 'print(1)'"), [("DLM102", 2)]),
    ("conda run", df("FROM ubuntu:24.04", "RUN conda run -n app python -V"), [("DLM102", 2)]),
    ("sh -c", py('RUN sh -c "pipenv install"'), [("DLM102", 2)]),
    ("exec form", py('RUN ["poetry", "install"]'), [("DLM102", 2)]),
    ("heredoc", py("RUN <<EOF", "poetry install", "EOF"), [("DLM102", 2)]),
    ("lower-case", "from python:3.12-slim\nrun pipenv install\n", [("DLM102", 2)]),
    (
        "ARG in FROM",
        df("ARG PY=3.11", "FROM python:${PY}-slim", "RUN pipenv install"),
        [("DLM102", 3)],
    ),
    (
        "first RUN only",
        py("RUN pipenv install", "RUN pipenv run python -V"),
        [("DLM102", 2)],
    ),
    (
        "two managers, one RUN: one finding",
        py("RUN pipenv install && poetry install"),
        [("DLM102", 2)],
    ),
    (
        "two managers, two RUNs",
        py("RUN pipenv install", "RUN poetry install"),
        [("DLM102", 2), ("DLM102", 3)],
    ),
    # what installs it
    ("pip install pipenv", py("RUN pip install pipenv", "RUN pipenv install"), []),
    ("pip install, same RUN", py("RUN pip install pipenv && pipenv install"), []),
    ("install after the use", py("RUN pipenv install && pip install pipenv"), [("DLM102", 2)]),
    (
        "pip with options",
        py("RUN pip --no-cache-dir install pipenv==2024.4.0", "RUN pipenv sync"),
        [],
    ),
    ("pip3 --user", py("RUN pip3 install --user poetry", "RUN poetry install"), []),
    ("python -m pip", py("RUN python -m pip install uv", "RUN uv sync"), []),
    ("normalised name", py("RUN pip install PipEnv", "RUN pipenv install"), []),
    ("pipx install", py("RUN pip install pipx && pipx install poetry", "RUN poetry install"), []),
    ("uv tool install", py("RUN pip install uv && uv tool install pdm", "RUN pdm install"), []),
    (
        "a wheel of it",
        py(
            "COPY poetry-1.8.3-py3-none-any.whl /tmp/",
            "RUN pip install /tmp/poetry-1.8.3-py3-none-any.whl && poetry install",
        ),
        [],
    ),
    (
        "requirements file may list it",
        py("RUN pip install -r requirements.txt", "RUN pipenv install"),
        [],
    ),
    ("a variable decides", py("RUN pip install $TOOLS", "RUN poetry install"), []),
    (
        "apt package",
        df("FROM ubuntu:24.04", "RUN apt-get install -y pipenv", "RUN pipenv install"),
        [],
    ),
    (
        "apt python3- package",
        df("FROM debian:12", "RUN apt-get install -y python3-poetry", "RUN poetry install"),
        [],
    ),
    ("apk package", df("FROM alpine:3.20", "RUN apk add uv", "RUN uv sync"), []),
    ("dnf package", df("FROM python:3.12", "RUN dnf install -y pipenv && pipenv install"), []),
    (
        "conda installs mamba",
        df(
            "FROM pytorch/pytorch",
            "RUN conda install -y -c conda-forge micromamba",
            "RUN micromamba install x",
        ),
        [],
    ),
    (
        "conda channel::name",
        df(
            "FROM pytorch/pytorch",
            "RUN conda install -y conda-forge::micromamba && micromamba --version",
        ),
        [],
    ),
    (
        "poetry installer",
        py("RUN curl -sSL https://install.python-poetry.org | python3 -", "RUN poetry install"),
        [],
    ),
    ("uv installer", py("RUN curl -LsSf https://astral.sh/uv/install.sh | sh", "RUN uv sync"), []),
    (
        "uv versioned installer",
        py("RUN wget -qO- https://astral.sh/uv/0.5.11/install.sh | sh && uv sync"),
        [],
    ),
    (
        "pdm installer",
        py("RUN curl -sSL https://pdm-project.org/install-pdm.py | python3 -", "RUN pdm install"),
        [],
    ),
    (
        "micromamba installer",
        df(
            "FROM debian:12",
            "RUN curl -Ls https://micro.mamba.pm/api/micromamba/linux-64/latest"
            " | tar -xvj bin/micromamba",
            "RUN micromamba install x",
        ),
        [],
    ),
    (
        "Miniconda installer",
        df(
            "FROM ubuntu:22.04",
            "RUN wget -q https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh"
            " -O /tmp/m.sh && bash /tmp/m.sh -b -p /opt/conda",
            "RUN conda install -y numpy",
        ),
        [],
    ),
    (
        "Miniforge brings mamba",
        df(
            "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04",
            "RUN curl -L -o /tmp/mf.sh https://github.com/conda-forge/miniforge/releases/latest/"
            "download/Miniforge3-Linux-x86_64.sh && bash /tmp/mf.sh -b -p /opt/conda",
            "RUN mamba install -y numpy",
        ),
        [],
    ),
    (
        "Miniconda does not bring mamba",
        df(
            "FROM ubuntu:22.04",
            "RUN wget -q https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh"
            " && sh Miniconda3-latest-Linux-x86_64.sh -b",
            "RUN mamba install -y numpy",
        ),
        [],  # the installer script itself may do anything: silent
    ),
    ("unknown curl | sh", py("RUN curl -fsSL https://example.com/setup | sh", "RUN uv sync"), []),
    ("a script file", py("COPY install.sh /tmp/", "RUN /tmp/install.sh", "RUN poetry install"), []),
    ("bash script", py("RUN bash ./tools/bootstrap.sh", "RUN poetry install"), []),
    ("program in a variable", py('RUN "$INSTALLER" --yes', "RUN poetry install"), []),
    ("existence check", py("RUN command -v uv || pip install uv; uv sync"), []),
    ("which", df("FROM ubuntu:24.04", "RUN if which conda; then conda install -y x; fi"), []),
    (
        "test -x",
        df("FROM ubuntu:24.04", "RUN test -x /opt/conda/bin/conda && conda install -y x"),
        [],
    ),
    # Known limit: facts.shell gives no command for `[ ... ]`, so this check is not seen.
    (
        "[ -x ] is not seen",
        df("FROM ubuntu:24.04", "RUN [ -x /opt/conda/bin/conda ] && conda install -y x"),
        [("DLM102", 2)],
    ),
    ("pipx run fetches the tool", py("RUN pip install pipx && pipx run poetry build"), []),
    # COPY and mounts
    (
        "COPY --from the uv image",
        py("COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/", "RUN uv sync"),
        [],
    ),
    (
        "COPY --from the uv image, uvx",
        py("COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/", "RUN uvx ruff"),
        [],
    ),
    (
        "COPY --from the uv image does not bring poetry",
        py("COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/", "RUN poetry install"),
        [("DLM102", 3)],
    ),
    (
        "COPY --from a stage",
        df(
            "FROM python:3.12 AS tools",
            "RUN true",
            "FROM python:3.12-slim",
            "COPY --from=tools /usr/local /usr/local",
            "RUN poetry install",
        ),
        [],
    ),
    (
        "COPY --from a stage index",
        df(
            "FROM python:3.12",
            "FROM python:3.12-slim",
            "COPY --from=0 /usr/local /usr/local",
            "RUN poetry install",
        ),
        [],
    ),
    (
        "COPY --from an image without facts",
        py("COPY --from=corp/tools:1 /bin/ /usr/local/bin/", "RUN poetry install"),
        [],
    ),
    ("COPY --from a variable", py("ARG T", "COPY --from=$T /x /x", "RUN poetry install"), []),
    ("COPY a binary by name", py("COPY uv /usr/local/bin/uv", "RUN uv sync"), []),
    ("COPY into a bin directory", py("COPY tools/ /usr/local/bin/", "RUN uv sync"), []),
    ("COPY with an unresolved source", py("COPY $SRC /opt/", "RUN uv sync"), []),
    (
        "COPY of the project does not install pipenv",
        py("COPY . /app", "RUN pipenv install"),
        [("DLM102", 3)],
    ),
    (
        "COPY of manifests does not",
        py("COPY Pipfile Pipfile.lock ./", "RUN pipenv install"),
        [("DLM102", 3)],
    ),
    (
        "bind mount from the uv image",
        py("RUN --mount=from=ghcr.io/astral-sh/uv,source=/uv,target=/bin/uv uv sync"),
        [],
    ),
    (
        "bind mount from a stage",
        df(
            "FROM python:3.12 AS t",
            "FROM python:3.12-slim",
            "RUN --mount=from=t,source=/x,target=/x poetry install",
        ),
        [],
    ),
    (
        "bind mount lends the tool to its RUN only",
        py(
            "RUN --mount=from=ghcr.io/astral-sh/uv,source=/uv,target=/bin/uv uv sync",
            "RUN uv run app.py",
        ),
        [("DLM102", 3)],
    ),
    # stages and facts
    (
        "installed in the base stage",
        df("FROM python:3.12 AS base", "RUN pip install poetry", "FROM base", "RUN poetry install"),
        [],
    ),
    (
        "reported once on the chain",
        df("FROM python:3.12 AS base", "RUN poetry --version", "FROM base", "RUN poetry install"),
        [("DLM102", 2)],
    ),
    (
        "a sibling stage's install does not count",
        df(
            "FROM python:3.12 AS a",
            "RUN pip install poetry",
            "FROM python:3.12 AS b",
            "RUN poetry install",
        ),
        [("DLM102", 4)],
    ),
    (
        "build stage too",
        df("FROM python:3.12 AS build", "RUN poetry build", "FROM python:3.12-slim"),
        [("DLM102", 2)],
    ),
    (
        "uv image ships uv",
        df("FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "RUN uv sync"),
        [],
    ),
    (
        "uv image does not ship poetry",
        df("FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "RUN poetry install"),
        [("DLM102", 2)],
    ),
    (
        "pytorch image ships conda and mamba",
        df(
            "FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime",
            "RUN conda install -y x && mamba install -y y",
        ),
        [],
    ),
    (
        "jupyter image ships mamba",
        df("FROM quay.io/jupyter/scipy-notebook", "RUN mamba install -y x"),
        [],
    ),
    ("image without facts", df("FROM continuumio/miniconda3", "RUN conda install -y x"), []),
    (
        "image without a tools list",
        df("FROM nvcr.io/nvidia/pytorch:24.01-py3", "RUN conda install -y x"),
        [],
    ),
    ("scratch", df("FROM scratch", "COPY app /app"), []),
    ("start command not checked", py('CMD ["pipenv", "run", "python", "app.py"]'), []),
    ("ONBUILD not checked", py("ONBUILD RUN pipenv install"), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix_of_the_course_recap() -> None:
    [f] = findings(RECAP, select=["DLM102"])
    assert f.message == (
        "`pipenv` runs here, but neither `python:3.8-slim` nor an earlier step installs it: the"
        " build fails with `not found`."
    )
    assert f.fix == "Add `RUN pip install --no-cache-dir pipenv==<version>` before it."
    assert f.severity.label == "error"


def test_message_with_two_managers() -> None:
    [f] = findings(py("RUN uv sync && pipenv install"), select=["DLM102"])
    assert f.message.startswith("`pipenv` and `uv` run here, but neither `python:3.12-slim`")
    assert f.fix == (
        "For pipenv, add `RUN pip install --no-cache-dir pipenv==<version>` before it; for uv,"
        " add `COPY --from=ghcr.io/astral-sh/uv:<version> /uv /uvx /bin/` before it."
    )


def test_fix_hint_for_uv_is_silenced_by_following_it() -> None:
    fixed = py("COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/", "RUN uv sync")
    assert lint(fixed) == []


def test_user_facts_with_tools() -> None:
    text = df("FROM corp/ml-base:1", "RUN poetry install")
    assert lint_snippet(
        text, select=["DLM102"], images={"corp/ml-base": {"tools": ["python"]}}
    ) == [("DLM102", 2)]
    assert (
        lint_snippet(
            text, select=["DLM102"], images={"corp/ml-base": {"tools": ["python", "poetry"]}}
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (py("RUN pip install poetry-plugin-export", "RUN poetry export -o r.txt"), []),
        (py("RUN poetry --version || pip install poetry"), []),
        (py("RUN uv --version || true"), []),
        (py("RUN uv --version && true"), [("DLM102", 2)]),
        # Any `<tool>-...` project counts, pdm-backend (which does not bring pdm) too:
        # precision first.
        (py("RUN pip install pdm-backend", "RUN pdm install"), []),
    ],
)
def test_plugins_and_handled_failures(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (py("COPY *.py ./", "RUN pipenv install"), [("DLM102", 3)]),
        (py("COPY uv* /opt/tools/", "RUN uv sync"), []),
        (
            py(
                "ADD https://example.com/dl/uv-x86_64-unknown-linux-gnu.tar.gz /tmp/", "RUN uv sync"
            ),
            [],
        ),
        (py("COPY <<EOF /app/run.sh", "echo hi", "EOF", "RUN poetry install"), [("DLM102", 5)]),
    ],
)
def test_copies(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected

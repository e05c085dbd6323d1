"""DLM005 lockfile-not-copied."""

from __future__ import annotations

import pytest

from dockerlint_ml import Severity
from tests.helpers import COURSE, findings, lint_snippet

CASES = [
    ("course file", COURSE, []),
    (
        "only the Pipfile copied",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY Pipfile ./
        RUN pipenv install --system --deploy
        """,
        [4],
    ),
    (
        "glob Pipfile*",
        """
        FROM python:3.12-slim
        COPY Pipfile* /app/
        RUN cd /app && pipenv sync --system
        """,
        [],
    ),
    (
        "path-prefixed lock",
        """
        FROM python:3.12-slim
        COPY backend/Pipfile backend/Pipfile.lock /app/
        RUN pipenv sync --system
        """,
        [],
    ),
    (
        "whole context",
        """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pipenv install --system --deploy
        """,
        [],
    ),
    (
        "a directory may hold it",
        """
        FROM python:3.12-slim
        COPY service/ /app/
        RUN poetry install --no-root
        """,
        [],
    ),
    (
        "lock copied after the install does not count",
        """
        FROM python:3.12-slim
        COPY pyproject.toml ./
        RUN poetry install --no-root
        COPY poetry.lock ./
        """,
        [3],
    ),
    (
        "lock generated inside the image does not count",
        """
        FROM python:3.12-slim
        COPY Pipfile ./
        RUN pipenv lock
        RUN pipenv install --system --deploy
        """,
        [4],
    ),
    (
        "lock copied in the base stage counts",
        """
        FROM python:3.12-slim AS base
        WORKDIR /app
        COPY pyproject.toml uv.lock ./
        FROM base AS final
        RUN uv sync --locked
        """,
        [],
    ),
    (
        "lock copied in an unrelated stage does not count",
        """
        FROM python:3.12-slim AS other
        COPY uv.lock ./
        FROM python:3.12-slim
        COPY pyproject.toml ./
        RUN uv sync --locked
        """,
        [5],
    ),
    (
        "COPY --from that names the lock counts",
        """
        FROM python:3.12-slim AS src
        COPY . /src
        FROM python:3.12-slim
        COPY --from=src /src/pyproject.toml /src/uv.lock ./
        RUN uv sync --frozen
        """,
        [],
    ),
    (
        "bind mount of the lock",
        """
        FROM python:3.12-slim
        WORKDIR /app
        RUN --mount=type=bind,source=uv.lock,target=uv.lock \\
            --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
            uv sync --locked --no-install-project
        """,
        [],
    ),
    (
        "bind mount of pyproject only",
        """
        FROM python:3.12-slim
        WORKDIR /app
        RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
            uv sync --no-install-project
        """,
        [3],
    ),
    (
        "bind mount of the whole context",
        """
        FROM python:3.12-slim
        WORKDIR /src
        RUN --mount=type=bind,target=/src pipenv sync --system
        """,
        [],
    ),
    (
        "bind mount only lends to its own RUN",
        """
        FROM python:3.12-slim
        RUN --mount=type=bind,source=Pipfile.lock,target=/app/Pipfile.lock true
        RUN pipenv sync --system
        """,
        [3],
    ),
    (
        "cache mounts do not provide files",
        """
        FROM python:3.12-slim
        COPY pyproject.toml ./
        RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install
        """,
        [3],
    ),
    (
        "lowercase, continuation and exec form",
        """
        from python:3.12-slim
        copy pyproject.toml \\
             ./
        run ["poetry", "install", "--only", "main"]
        """,
        [4],
    ),
    (
        "heredoc RUN",
        """
        FROM python:3.12-slim
        COPY Pipfile ./
        RUN <<EOF
        pip install pipenv
        pipenv sync --system
        EOF
        """,
        [3],
    ),
    (
        "pip and uv pip do not need a lock",
        """
        FROM python:3.12-slim
        COPY requirements.txt ./
        RUN pip install -r requirements.txt && uv pip install --system -r requirements.txt
        """,
        [],
    ),
    (
        "unresolved source may provide it",
        """
        FROM python:3.12-slim
        COPY $LOCKS ./
        RUN pipenv sync --system
        """,
        [],
    ),
    (
        "one finding per RUN",
        """
        FROM python:3.12-slim
        RUN pipenv sync --system && poetry install
        """,
        [2],
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "lines"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_dlm005(dockerfile: str, lines: list[int]) -> None:
    assert lint_snippet(dockerfile, select=["DLM005"]) == [("DLM005", n) for n in lines]


def _message(dockerfile: str) -> str:
    found = findings(dockerfile, select=["DLM005"])
    assert len(found) == 1, found
    assert found[0].severity is Severity.ERROR
    return found[0].message


@pytest.mark.parametrize(
    ("run", "env", "says"),
    [
        ("pipenv sync --system", "", "fails"),
        ("pipenv install --system --deploy", "", "fails"),
        ("pipenv install --deploy", "ENV PIPENV_SYSTEM=1", "fails"),
        ("pipenv install --system", "ENV VIRTUAL_ENV=/opt/venv", "silently resolves"),
        ("pipenv install --deploy", "", "silently resolves"),
        ("pipenv install --system --skip-lock", "", "unpinned"),
        ("poetry install --no-root", "", "silently resolves"),
        ("uv sync --locked", "", "fails"),
        ("uv sync --frozen --no-dev", "", "fails"),
        ("uv sync", "ENV UV_FROZEN=1", "fails"),
        ("UV_LOCKED=true uv sync", "", "fails"),
        ("uv sync --no-dev", "", "silently resolves"),
        ("uv sync", "ENV UV_FROZEN=0", "silently resolves"),
    ],
)
def test_message_says_what_happens(run: str, env: str, says: str) -> None:
    message = _message(
        f"""
        FROM python:3.12-slim
        WORKDIR /app
        COPY Pipfile pyproject.toml ./
        {env or "ENV A=b"}
        RUN {run}
        """
    )
    assert says in message


def test_message_mentions_lock_generated_in_image() -> None:
    message = _message(
        """
        FROM python:3.12-slim
        COPY pyproject.toml ./
        RUN poetry lock
        RUN poetry install
        """
    )
    assert "generated by the RUN at line 3" in message
    assert "poetry.lock" in message


def test_fix_names_the_files_to_copy() -> None:
    found = findings(
        """
        FROM python:3.12-slim
        RUN uv sync --locked
        """,
        select=["DLM005"],
    )
    assert found[0].fix is not None
    assert "pyproject.toml uv.lock" in found[0].fix


NO_PIPFILE = "runs with no Pipfile in the image (no Pipfile, Pipfile.lock or requirements.txt is"
COPY_FIX = "Commit Pipfile.lock and `COPY Pipfile Pipfile.lock ./` before this RUN."

# A pipenv install with no Pipfile at all: one DLM005 that says so, no DLM006 / DLM007.
# (case, Dockerfile, [(code, line)], message of the DLM005, its fix)
NO_PIPFILE_CASES: list[tuple[str, str, list[tuple[str, int]], str | None, str | None]] = [
    (
        "install before the COPY, the real install later (baseline kristiaan67 week5)",
        """
        FROM agrigorev/zoomcamp-model:3.8.12-slim
        RUN pip install pipenv
        WORKDIR /app
        RUN pipenv install
        COPY ["Pipfile", "Pipfile.lock", "./"]
        RUN pipenv install --system --deploy
        COPY ["homework.py", "model1.bin", "dv.bin", "./"]
        EXPOSE 9696
        ENTRYPOINT ["gunicorn", "--bind=0.0.0.0:9696", "homework:app"]
        """,
        [("DLM005", 4)],
        f"`pipenv install` {NO_PIPFILE} copied before it), so pipenv creates an empty Pipfile "
        "and installs nothing.",
        "Remove this RUN: the pipenv install at line 6 installs from the Pipfile copied at line 5.",
    ),
    (
        "no Pipfile anywhere",
        """
        FROM python:3.12-slim
        WORKDIR /app
        RUN pipenv install --deploy
        """,
        [("DLM005", 3)],
        f"`pipenv install` {NO_PIPFILE} copied before it), so pipenv creates an empty Pipfile "
        "and installs nothing.",
        COPY_FIX,
    ),
    (
        "--system without a Pipfile fails",
        """
        FROM python:3.12-slim
        RUN pipenv install --system
        """,
        [("DLM005", 2)],
        f"`pipenv install` {NO_PIPFILE} copied before it), so pipenv creates an empty Pipfile "
        "and the install fails: pipenv refuses to create a lock for a --system install.",
        COPY_FIX,
    ),
    (
        "sync without a Pipfile fails",
        """
        FROM python:3.12-slim
        RUN pipenv sync
        """,
        [("DLM005", 2)],
        f"`pipenv sync` {NO_PIPFILE} copied before it), so `pipenv sync` fails: it only "
        "installs from an existing lock.",
        COPY_FIX,
    ),
    (
        "a requirements.txt is imported: the usual findings",
        """
        FROM python:3.12-slim
        COPY requirements.txt ./
        RUN pipenv install
        """,
        [("DLM005", 3), ("DLM006", 3), ("DLM007", 3)],
        "`pipenv install` runs but Pipfile.lock was never copied into the image, so it "
        "silently resolves the newest versions at build time instead of locked ones.",
        "Commit Pipfile.lock and `COPY Pipfile Pipfile.lock ./` before this RUN.",
    ),
    (
        "named packages are installed: the usual findings",
        """
        FROM python:3.12-slim
        RUN pipenv install flask
        """,
        [("DLM005", 2), ("DLM006", 2), ("DLM007", 2)],
        "`pipenv install` runs but Pipfile.lock was never copied into the image, so it "
        "silently resolves the newest versions at build time instead of locked ones.",
        COPY_FIX,
    ),
    (
        "PIPENV_PIPFILE names a Pipfile elsewhere: the usual findings",
        """
        FROM python:3.12-slim
        ENV PIPENV_PIPFILE=/src/deps/Pipfile
        RUN pipenv install
        """,
        [("DLM005", 3), ("DLM006", 3), ("DLM007", 3)],
        "`pipenv install` runs but Pipfile.lock was never copied into the image, so it "
        "silently resolves the newest versions at build time instead of locked ones.",
        COPY_FIX,
    ),
    (
        "Pipfile copied in the base stage: the lock alone is missing",
        """
        FROM python:3.12-slim AS base
        COPY Pipfile ./
        FROM base
        RUN pipenv install --system
        """,
        [("DLM005", 4), ("DLM007", 4)],
        "`pipenv install` runs but Pipfile.lock was never copied into the image, so the "
        "install fails: pipenv refuses to create a lock for a --system install.",
        "Commit Pipfile.lock and add it to the COPY at line 2: `COPY Pipfile Pipfile.lock ./`.",
    ),
    (
        "the whole context copied: nothing to report",
        """
        FROM python:3.12-slim
        COPY . .
        RUN pipenv install --system --deploy
        """,
        [],
        None,
        None,
    ),
    (
        "bind-mounted Pipfile and lock",
        """
        FROM python:3.12-slim
        RUN --mount=type=bind,source=Pipfile,target=Pipfile \\
            --mount=type=bind,source=Pipfile.lock,target=Pipfile.lock \\
            pipenv install --system --deploy
        """,
        [],
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("dockerfile", "expected", "message", "fix"),
    [c[1:] for c in NO_PIPFILE_CASES],
    ids=[c[0] for c in NO_PIPFILE_CASES],
)
def test_install_without_any_pipfile(
    dockerfile: str, expected: list[tuple[str, int]], message: str | None, fix: str | None
) -> None:
    found = findings(dockerfile, select=["DLM005", "DLM006", "DLM007"])
    assert [(f.code, f.span.line) for f in found] == expected
    dlm005 = [f for f in found if f.code == "DLM005"]
    if message is None:
        assert not dlm005
        return
    assert dlm005[0].message == message
    assert dlm005[0].fix == fix


@pytest.mark.parametrize(
    ("dockerfile", "fix"),
    [
        (
            # baseline TP langchain dev.Dockerfile: the hint keeps poetry.toml
            """
            FROM python:3.12-slim
            WORKDIR /workspaces/langchain
            COPY pyproject.toml poetry.toml ./
            RUN poetry install
            """,
            "Commit poetry.lock and add it to the COPY at line 3: "
            "`COPY pyproject.toml poetry.toml poetry.lock ./`.",
        ),
        (
            """
            FROM python:3.12-slim
            COPY app/pyproject.toml /src/
            RUN uv sync --locked
            """,
            "Commit uv.lock and add it to the COPY at line 2: "
            "`COPY app/pyproject.toml app/uv.lock /src/`.",
        ),
        (
            """
            FROM python:3.12-slim
            COPY --chown=app ["Pipfile", "./"]
            RUN pipenv install --system --deploy
            """,
            "Commit Pipfile.lock and add Pipfile.lock to the sources of the COPY at line 2.",
        ),
        (
            """
            FROM python:3.12-slim
            COPY --from=build /src/Pipfile ./
            RUN pipenv install --system --deploy
            """,
            "Commit Pipfile.lock and `COPY Pipfile Pipfile.lock ./` before this RUN.",
        ),
        (
            # the manifest COPY also brings code (DLM004): the lock goes in a COPY of its own
            """
            FROM python:3.12-slim
            WORKDIR /app
            COPY Pipfile predict.py ./
            RUN pipenv install --system --deploy
            """,
            "Commit Pipfile.lock and copy it with the manifests before this RUN, `COPY Pipfile"
            " Pipfile.lock ./`, apart from the code of the COPY at line 3.",
        ),
    ],
)
def test_fix_adds_the_lock_to_the_manifest_copy(dockerfile: str, fix: str) -> None:
    [found] = findings(dockerfile, select=["DLM005"])
    assert found.fix == fix

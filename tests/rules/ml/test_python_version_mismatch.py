"""DLM201 python-version-mismatch: in build contexts written to tmp_path."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.test_cli import write

CODE = "DLM201"
AS_OF = datetime.date(2025, 6, 1)

PIPFILE_311 = '[packages]\nflask = "*"\n\n[requires]\npython_version = "3.11"\n'
PIPFILE_FULL = '[requires]\npython_version = "3.11"\npython_full_version = "3.11.4"\n'


def _pyproject(spec: str) -> str:
    return f'[project]\nname = "app"\nversion = "1.0"\nrequires-python = "{spec}"\n'


def _lint(root: Path | None, text: str) -> list[tuple[str, int]]:
    context = str(root) if root is not None else None
    found = lint_text(text, select=[CODE], context=context, as_of=AS_OF)
    return [(f.code, f.span.line) for f in found]


PIPENV = (
    "WORKDIR /app\n"
    "RUN pip install pipenv\n"
    "COPY Pipfile Pipfile.lock ./\n"
    "RUN pipenv install --system --deploy\n"
)
PIP_PROJECT = "WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n"
UV_SYNC = (
    "COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\n"
    "WORKDIR /app\n"
    "COPY pyproject.toml uv.lock .python-version ./\n"
    "RUN uv sync --frozen --no-install-project\n"
)


# Files as (name, text) pairs; the context always holds app.py and requirements.txt too.
PIP_311 = {"Pipfile": PIPFILE_311}
PIP_FULL = {"Pipfile": PIPFILE_FULL}
GE_312 = {"pyproject.toml": _pyproject(">=3.12")}
PV_312 = {".python-version": "3.12\n"}
RT = {"runtime.txt": "python-3.11.4\n"}
APP = "WORKDIR /app\nCOPY . .\n"  # the whole context into /app, the working directory
Y = [(CODE, 1)]

CASES: list[tuple[dict[str, str], str, str, list[tuple[str, int]]]] = [
    # Pipfile [requires]
    (PIP_311, "python:3.8-slim", PIPENV, Y),
    (PIP_311, "python:3.11-slim", PIPENV, []),
    (PIP_311, "python:3.11.4-slim", PIPENV, []),
    (PIP_311, "python:3.12", PIPENV, Y),
    (PIP_311, "python:3.8", APP + "RUN pipenv sync\n", Y),
    # python_full_version: the image's patch level must be known and equal
    (PIP_FULL, "python:3.11-slim", PIPENV, []),
    (PIP_FULL, "python:3.11.4-slim", PIPENV, []),
    (PIP_FULL, "python:3.11.2-slim", PIPENV, Y),
    (PIP_FULL, "python:3.9-slim", PIPENV, Y),
    # no [requires], or a value that is no version
    ({"Pipfile": '[packages]\nflask = "*"\n'}, "python:3.8", PIPENV, []),
    ({"Pipfile": '[requires]\npython_version = "*"\n'}, "python:3.8", PIPENV, []),
    # pyproject requires-python, a PEP 440 specifier
    ({"pyproject.toml": _pyproject(">=3.10")}, "python:3.11-slim", PIP_PROJECT, []),
    (GE_312, "python:3.11-slim", PIP_PROJECT, Y),
    ({"pyproject.toml": _pyproject(">=3.11.4")}, "python:3.11-slim", PIP_PROJECT, []),
    ({"pyproject.toml": _pyproject(">=3.11.4")}, "python:3.11.2-slim", PIP_PROJECT, Y),
    ({"pyproject.toml": _pyproject("==3.11.4")}, "python:3.11", PIP_PROJECT, []),
    ({"pyproject.toml": _pyproject(">=3.9,<3.12")}, "python:3.12", PIP_PROJECT, Y),
    # the installs that read it
    (GE_312, "python:3.11", "COPY . /src\nRUN pip install -e /src\n", Y),
    (GE_312, "python:3.11", "COPY . /src\nRUN pip install '/src[dev]'\n", Y),
    (GE_312, "python:3.11", "COPY . /src\nRUN cd /src && pip install .\n", Y),
    (GE_312, "python:3.11", APP + "RUN python -m pip install .\n", Y),
    (GE_312, "python:3.11", APP + "RUN poetry install --no-root\n", Y),
    (GE_312, "python:3.11", APP + "RUN pdm install --prod\n", Y),
    (GE_312, "python:3.11", APP + "RUN uv pip install --system .\n", Y),
    (GE_312, "python:3.11", UV_SYNC, Y),
    # installs that do not read it, or are told to use another Python or project
    (GE_312, "python:3.11", APP + "RUN pip install flask\n", []),
    (GE_312, "python:3.11", APP + "RUN pip install --ignore-requires-python .\n", []),
    (GE_312, "python:3.11", APP + "RUN uv sync --python 3.12\n", []),
    (GE_312, "python:3.11", "ENV UV_PYTHON=3.12\n" + APP + "RUN uv sync\n", []),
    (GE_312, "python:3.11", "ARG UV_PYTHON\n" + APP + "RUN uv sync\n", []),
    (GE_312, "python:3.11", APP + "RUN poetry -C sub install\n", []),
    (GE_312, "python:3.11", APP + "RUN (cd sub && pip install .) && pip install .\n", []),
    (PIP_311, "python:3.8", APP + "RUN pipenv install --python 3.11\n", []),
    (PIP_311, "python:3.8", "ENV PIPENV_PIPFILE=/x/Pipfile\n" + APP + "RUN pipenv install\n", []),
    # manifest not copied, malformed, unknown base, unknown directory
    (PIP_311, "python:3.8", "WORKDIR /app\nRUN pipenv install\n", []),
    (PIP_311, "python:3.8", "WORKDIR /app\nCOPY app.py ./\nRUN pipenv install\n", []),
    ({"pyproject.toml": "[project\nrequires-python = '>=3.12'\n"}, "python:3.11", PIP_PROJECT, []),
    (PIP_311, "corp/base:1", PIPENV, []),
    (PIP_311, "python:3-slim", PIPENV, []),
    (PIP_311, "python:latest", PIPENV, []),
    (PIP_311, "python:3.8", "COPY Pipfile /app/\nRUN cd $APP && pipenv install\n", []),
    (PIP_311, "python:3.8", "COPY Pipfile /app/\nRUN pipenv install\n", []),  # run in /
    (PIP_311, "python:3.8", "WORKDIR /app\nCOPY Pipfile* ./\nRUN pipenv install\n", []),
    (PIP_311, "python:3.8", "WORKDIR /app\nCOPY --from=src /Pipfile ./\nRUN pipenv install\n", []),
    (PIP_311, "python:3.8", "WORKDIR $APP\nCOPY . .\nRUN pipenv install\n", []),
    # the manifest from a subdirectory of the context, or through a directory copy
    (
        {"backend/Pipfile": PIPFILE_311},
        "python:3.8",
        "WORKDIR /app\nCOPY backend/ ./\nRUN pipenv install\n",
        Y,
    ),
    (
        {"app/pyproject.toml": _pyproject(">=3.12")},
        "python:3.11",
        "COPY app/pyproject.toml ./\nRUN uv sync\n",
        Y,
    ),
    # a bind mount of the RUN (uv's documented layout), not from another stage
    (
        GE_312,
        "python:3.11",
        "WORKDIR /app\nRUN --mount=source=pyproject.toml,target=pyproject.toml uv sync\n",
        Y,
    ),
    (
        GE_312,
        "python:3.11",
        "WORKDIR /app\nRUN --mount=from=s,source=pyproject.toml,target=pyproject.toml uv sync\n",
        [],
    ),
    (GE_312, "python:3.11", APP + "RUN --mount=type=cache,target=/app uv sync\n", []),
    # .python-version: read by uv sync only
    (PV_312, "python:3.11", APP + "RUN uv sync\n", Y),
    ({".python-version": "3.11\n"}, "python:3.11.4", APP + "RUN uv sync\n", []),
    ({".python-version": "3.11.4\n"}, "python:3.11", APP + "RUN uv sync\n", []),
    ({".python-version": "3.11.4\n"}, "python:3.11.2", APP + "RUN uv sync\n", Y),
    ({".python-version": "pypy3.10\n"}, "python:3.11", APP + "RUN uv sync\n", []),
    (PV_312, "python:3.11", APP + "RUN uv sync --no-config\n", []),
    (PV_312, "python:3.11", APP + "RUN pip install .\n", []),
    (PV_312, "python:3.11", APP + "RUN uv pip install --system -r requirements.txt\n", []),
    (PV_312, "python:3.11", APP + "RUN pipenv install\n", []),
    # runtime.txt: any install from a manifest, at the precision both sides give
    (RT, "python:3.8", APP + "RUN pip install -r requirements.txt\n", Y),
    (RT, "python:3.11", APP + "RUN pip install -r requirements.txt\n", []),
    (RT, "python:3.11.2", APP + "RUN pip install -r requirements.txt\n", Y),
    (RT, "python:3.8", APP + "RUN pip install flask\n", []),
    # no installer reads it: copied after the install (`COPY . .`) it counts too
    (
        RT,
        "python:3.8",
        "COPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\n",
        Y,
    ),
    (RT, "python:3.8", "COPY requirements.txt ./\nRUN pip install -r requirements.txt\n", []),
    # a Python of the stage's own, not the base's: not judged
    (
        PIP_311,
        "python:3.8",
        "RUN apt-get install -y python3.11\n" + APP + "RUN pipenv install\n",
        [],
    ),
    (
        PIP_311,
        "python:3.8",
        "RUN apt-get install -y python3-dev\n" + APP + "RUN pipenv install\n",
        [],
    ),
    (PIP_311, "python:3.8", "RUN apk add $PKGS\n" + APP + "RUN pipenv install\n", []),
    (
        PIP_311,
        "python:3.8",
        "RUN curl https://pyenv.run | bash\n" + APP + "RUN pipenv install\n",
        [],
    ),
    (
        PIP_311,
        "python:3.8",
        "RUN conda create -n a python=3.11\n" + APP + "RUN pipenv install\n",
        [],
    ),
    (GE_312, "python:3.11", "RUN uv python install 3.12\n" + APP + "RUN uv sync\n", []),
    (GE_312, "python:3.11", APP + "RUN poetry env use 3.12 && poetry install\n", []),
    (GE_312, "python:3.11", APP + "RUN uv venv -p 3.12 && uv pip install .\n", []),
    (GE_312, "python:3.11", APP + "RUN uv venv && uv pip install .\n", Y),
    ({**GE_312, **PV_312}, "python:3.11", APP + "RUN uv venv && uv pip install .\n", []),
    (GE_312, "python:3.11", APP + "RUN python3.12 -m venv /v && /v/bin/pip install .\n", []),
    (GE_312, "python:3.11", APP + "RUN python3.11 -m venv /v && /v/bin/pip install .\n", Y),
    (GE_312, "python:3.11", "COPY --from=python:3.12 /usr/local /usr/local\n" + PIP_PROJECT, []),
    (GE_312, "python:3.11", "COPY --from=ghcr.io/astral-sh/uv /uv /bin/\n" + PIP_PROJECT, Y),
    # installed before the other Python arrives: judged
    (
        PIP_311,
        "python:3.8",
        APP + "RUN pipenv install --system\nRUN apt-get install -y python3\n",
        Y,
    ),
    # ONBUILD instructions run in another build
    (PIP_311, "python:3.8", APP + "ONBUILD RUN pipenv install\n", []),
]


@pytest.mark.parametrize(("files", "base", "body", "expected"), CASES)
def test_cases(
    tmp_path: Path,
    files: dict[str, str],
    base: str,
    body: str,
    expected: list[tuple[str, int]],
) -> None:
    for rel, text in files.items():
        write(tmp_path, rel, text)
    write(tmp_path, "app.py", "print('hi')\n")
    write(tmp_path, "requirements.txt", "flask\n")
    assert _lint(tmp_path, f"FROM {base}\n{body}") == expected


def test_arg_substituted_from(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    assert _lint(tmp_path, "ARG PY=3.8\nFROM python:${PY}-slim\n" + PIPENV) == [(CODE, 2)]
    assert _lint(tmp_path, "ARG PY=3.11\nFROM python:${PY}-slim\n" + PIPENV) == []
    assert _lint(tmp_path, "ARG PY\nFROM python:${PY}-slim\n" + PIPENV) == []


def test_no_context_is_silent(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    assert _lint(None, "FROM python:3.8-slim\n" + PIPENV) == []


def test_multi_stage(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", _pyproject(">=3.12"))
    text = (
        "FROM python:3.11-slim AS builder\n"
        "WORKDIR /app\n"
        "COPY pyproject.toml ./\n"
        "RUN pip wheel --wheel-dir /wheels . && pip install .\n"
        "\n"
        "FROM python:3.11-slim\n"
        "COPY --from=builder /wheels /wheels\n"
        'CMD ["python", "-m", "app"]\n'
    )
    assert _lint(tmp_path, text) == [(CODE, 1)]


def test_chain_reports_each_installing_stage(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    write(tmp_path, "pyproject.toml", _pyproject(">=3.12"))
    text = (
        "FROM python:3.8 AS base\n"
        "WORKDIR /app\n"
        "COPY . .\n"
        "FROM base AS deps\n"
        "RUN pipenv install --system\n"
        "FROM base AS app\n"
        "RUN pip install .\n"
        "FROM base AS plain\n"
        'CMD ["python", "app.py"]\n'
    )
    assert _lint(tmp_path, text) == [(CODE, 4), (CODE, 6)]


def test_one_finding_per_stage_on_the_first_manifest(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", _pyproject(">=3.12"))
    write(tmp_path, ".python-version", "3.12\n")
    write(tmp_path, "runtime.txt", "python-3.12.1\n")
    found = lint_text(
        "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync\n",
        select=[CODE],
        context=str(tmp_path),
        as_of=AS_OF,
    )
    assert [(f.span.line, f.message) for f in found] == [
        (
            1,
            "pyproject.toml requires Python >=3.12 (requires-python) but `python:3.11-slim`"
            " runs 3.11 (the install: `uv sync`, line 4).",
        )
    ]


def test_messages_and_fixes(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    found = lint_text(
        "FROM python:3.8-slim\n" + PIPENV, select=[CODE], context=str(tmp_path), as_of=AS_OF
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            1,
            "Pipfile requires Python 3.11 ([requires] python_version) but `python:3.8-slim`"
            " runs 3.8 (the install: `pipenv install`, line 5).",
            "Build on a base image whose Python satisfies it, e.g. `FROM python:3.11-slim`;"
            " or, if the project does run on Python 3.8, change the requirement in Pipfile.",
        )
    ]


def test_message_names_the_base_stage_and_subdirectory(tmp_path: Path) -> None:
    write(tmp_path, "svc/pyproject.toml", _pyproject(">=3.12"))
    found = lint_text(
        "FROM python:3.11.2-alpine AS base\n"
        "FROM base AS app\n"
        "WORKDIR /app\n"
        "COPY svc/ ./\n"
        "RUN pip install .\n",
        select=[CODE],
        context=str(tmp_path),
        as_of=AS_OF,
    )
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            2,
            "svc/pyproject.toml requires Python >=3.12 (requires-python) but"
            " `python:3.11.2-alpine` (the base of stage `base`) runs 3.11.2 (the install:"
            " `pip install`, line 5).",
            "Build on a base image whose Python satisfies it, e.g. `FROM python:3.12-alpine`"
            " in stage `base`; or, if the project does run on Python 3.11.2, change the"
            " requirement in svc/pyproject.toml.",
        )
    ]


@pytest.mark.parametrize(
    ("spec", "base", "example"),
    [
        (">=3.12", "python:3.11", "`FROM python:3.12`"),
        ("<3.11", "python:3.12-slim", "`FROM python:3.10-slim`"),
        # only end-of-life lines satisfy it: no example (DLM101 would object to it)
        ("<3.8", "python:3.12-slim", None),
    ],
)
def test_fix_suggests_a_supported_line(
    tmp_path: Path, spec: str, base: str, example: str | None
) -> None:
    write(tmp_path, "pyproject.toml", _pyproject(spec))
    found = lint_text(
        f"FROM {base}\n" + PIP_PROJECT, select=[CODE], context=str(tmp_path), as_of=AS_OF
    )
    assert len(found) == 1
    fix = found[0].fix or ""
    if example is None:
        assert "e.g." not in fix
    else:
        assert example in fix


def test_user_image_facts(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    text = "FROM corp/ml-base:1\n" + PIPENV
    images = {"corp/ml-base": {"python": "3.9", "workdir": "/"}}
    found = lint_text(text, select=[CODE], context=str(tmp_path), as_of=AS_OF, images=images)
    assert [(f.code, f.span.line) for f in found] == [(CODE, 1)]
    assert "e.g." not in (found[0].fix or "")


def test_dockerignored_manifest_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    write(tmp_path, ".dockerignore", "Pipfile\n")
    assert _lint(tmp_path, "FROM python:3.8\nWORKDIR /app\nCOPY . .\nRUN pipenv install\n") == []


def test_pipenv_requirements_then_pip(tmp_path: Path) -> None:
    write(tmp_path, "Pipfile", PIPFILE_311)
    head = "FROM python:3.8\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
    then_pip = "RUN pipenv requirements > req.txt && pip install -r req.txt\n"
    alone = "RUN pipenv requirements > req.txt\n"
    assert _lint(tmp_path, head + then_pip) == [(CODE, 1)]
    assert _lint(tmp_path, head + alone) == []

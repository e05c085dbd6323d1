"""facts.toolchain: which package manager a command runs, and what may install one."""

from __future__ import annotations

import pytest

from dockerlint_ml.facts.packages import package_commands
from dockerlint_ml.facts.shell import parse_commands
from dockerlint_ml.facts.toolchain import (
    ANYTHING,
    NOTHING,
    Provision,
    provides,
    tools_in,
    tools_run,
)


def run_tools(script: str) -> list[frozenset[str]]:
    return [tools_run(c) for c in parse_commands(script)]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("pipenv install", {"pipenv"}),
        ("/usr/local/bin/poetry install", {"poetry"}),
        ("python -m pipenv install", {"pipenv"}),
        ("pipenv run gunicorn app:app", {"pipenv"}),
        ("poetry run pytest", {"poetry"}),
        ("pdm run app", {"pdm"}),
        ("uv run python x.py", {"uv"}),
        ("uvx ruff", {"uv"}),
        ("uv tool run ruff", {"uv"}),
        ("conda run -n x python", {"conda"}),
        ("micromamba run -n base python", {"micromamba"}),
        ("mamba install x", {"mamba"}),
        ("pipx run poetry build", set()),
        ("pip install pipenv", set()),
        ("python app.py", set()),
    ],
)
def test_tools_run(script: str, expected: set[str]) -> None:
    assert run_tools(script) == [frozenset(expected)]


def provision(script: str) -> Provision:
    commands = parse_commands(script)
    records = package_commands(commands)
    found = NOTHING
    for cmd in commands:
        found |= provides(cmd, [r for r in records if r.command is cmd])
    return found


@pytest.mark.parametrize(
    ("script", "tools"),
    [
        ("pip install pipenv", {"pipenv"}),
        ("pip3 install --user Poetry==1.8.3", {"poetry"}),
        ("python -m pip install uv", {"uv"}),
        ("uv pip install --system pdm", {"pdm"}),
        ("pipx install poetry", {"poetry"}),
        ("uv tool install poetry", {"poetry"}),
        ("apt-get install -y pipenv python3-poetry", {"pipenv", "poetry"}),
        ("apk add py3-pdm uv", {"pdm", "uv"}),
        ("conda install -y -c conda-forge mamba=1.5", {"mamba"}),
        ("conda install -y conda-forge::micromamba", {"micromamba"}),
        ("curl -sSL https://install.python-poetry.org | python3 - --version 1.8.3", None),
        ("curl -LsSf https://astral.sh/uv/install.sh -o /tmp/i.sh", {"uv"}),
        (
            "wget https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-Linux-x86_64.sh",
            {"conda", "mamba"},
        ),
        ("wget https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh", {"conda"}),
        ("command -v uv", {"uv"}),
        ("which conda", {"conda"}),
        ("test -x /opt/conda/bin/conda", {"conda"}),
        ("pip install flask", set()),
        ("apt-get install -y curl", set()),
        ("conda install -c anaconda numpy", set()),
    ],
)
def test_provides_tools(script: str, tools: set[str] | None) -> None:
    found = provision(script)
    if tools is None:
        assert found.anything
    else:
        assert found == Provision(frozenset(tools))


@pytest.mark.parametrize(
    "script",
    [
        "pip install -r requirements.txt",
        "pip install $TOOLS",
        "apt-get install -y $PKGS",
        "conda env create -f environment.yml",
        "conda install --file spec.txt",
        "curl -fsSL https://example.com/setup | sh",
        "curl -fsSL https://example.com/setup | bash -s --",
        "bash ./install.sh",
        "./install.sh",
        "/tmp/setup.run",
        '"$INSTALLER" --yes',
        ". /opt/env.sh",
    ],
)
def test_provides_anything(script: str) -> None:
    assert provision(script).anything


def test_provision_algebra() -> None:
    assert (NOTHING | Provision(frozenset({"uv"}))).covers("uv")
    assert not Provision(frozenset({"uv"})).covers("poetry")
    assert ANYTHING.covers("poetry")


def test_tools_in() -> None:
    assert tools_in({"python", "pip", "uvx"}) == frozenset({"uv"})
    assert tools_in({"conda", "mamba", "jupyter"}) == frozenset({"conda", "mamba"})

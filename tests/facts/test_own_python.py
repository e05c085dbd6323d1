"""facts.own_python: whether a stage brings a Python other than its base image's."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts.copies import copy_info, stage_lookup
from dockerlint_ml.facts.own_python import brings_own_python, copies_python, names_other_python
from dockerlint_ml.facts.packages import package_commands
from dockerlint_ml.facts.python_requirements import PythonVersion
from dockerlint_ml.facts.shell import parse_commands


def brings(script: str, *, pinned: bool = False) -> bool:
    """Whether any command of the script brings a Python, each with its own package
    records, as DLM201 asks; `pinned`: what the stage says to a plain `uv venv`."""
    commands = parse_commands(script)
    records = package_commands(commands)
    return any(
        brings_own_python(
            cmd, [r for r in records if r.command is cmd], uv_venv_pinned=lambda: pinned
        )
        for cmd in commands
    )


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("apt-get update && apt-get install -y python3.11", True),
        # Any python3-* package pulls the distribution's python3 in.
        ("apt-get install -y --no-install-recommends python3-dev", True),
        ("apt-get install -y libpython3.11", True),
        ("apt-get install -y $PACKAGES", True),  # a variable decides the packages
        ("apt-get install -y curl git", False),
        ("apk add --no-cache python3", True),
        ("dnf install -y python3.12", True),
        ("conda install -y numpy", True),
        ("micromamba install -y -n base -f env.yaml", True),
        ("pyenv install 3.12.1 && pyenv global 3.12.1", True),
        ("asdf install python 3.12.1", True),
        ("asdf install nodejs 20", False),
        ("uv python install 3.12", True),
        ("uv python pin 3.12", True),
        ("uv venv --python 3.12", True),
        ("uv venv --python=3.12 /venv", True),
        ("uv venv -p3.12", True),
        ("uv venv /venv", False),
        ("poetry env use python3.12", True),
        ("pdm use 3.12", True),
        ("virtualenv -p python3.12 /venv", True),
        ("virtualenv /venv", False),
        ("add-apt-repository ppa:deadsnakes/ppa", True),
        ("make altinstall", True),
        ("pip install --no-cache-dir flask", False),
        ("pip install -r requirements.txt", False),
        ("uv pip install --system .", False),
        ("pipenv install --system --deploy", False),
    ],
)
def test_brings_own_python(script: str, expected: bool) -> None:
    assert brings(script) is expected


def test_uv_venv_asks_the_stage_only_without_python_option() -> None:
    assert brings("uv venv /venv", pinned=True) is True
    assert brings("uv venv --python 3.11 /venv", pinned=False) is True
    asked: list[str] = []

    def pinned() -> bool:
        asked.append("asked")
        return False

    for script in ("uv venv --python 3.12", "pip install flask", "apt-get install -y python3"):
        (cmd,) = parse_commands(script)
        records = list(package_commands([cmd]))
        brings_own_python(cmd, records, uv_venv_pinned=pinned)
    assert asked == []
    (cmd,) = parse_commands("uv venv")
    assert brings_own_python(cmd, [], uv_venv_pinned=pinned) is False
    assert asked == ["asked"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python3.12 -m venv /venv", True),
        ("pip3.12 install flask", True),
        ("cp app.pth /usr/local/lib/python3.12/site-packages/", True),
        ("python3.11 -m venv /venv", False),  # the base's own
        ("python3 -m venv /venv", False),
        ("pip install flask==3.12.1", False),
        ("python3.110 x.py", True),
    ],
)
def test_names_other_python(text: str, expected: bool) -> None:
    assert names_other_python(text, PythonVersion(3, 11)) is expected
    assert names_other_python(text, PythonVersion(3, 11, 4)) is expected


def copies(dockerfile: str) -> bool:
    df = parse(dockerfile)
    ins = df.instructions[-1]
    stage = df.stage_of(ins)
    assert stage is not None
    return copies_python(ins, copy_info(ins, stage_lookup(df, stage, ins.index), df.escape))


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        ("FROM debian\nCOPY --from=python:3.12 /usr/local /usr/local\n", True),
        ("FROM debian\nCOPY --from=python:3.12 /usr/local/ /usr/local/\n", True),
        ("FROM debian\nCOPY --from=builder /opt/conda /opt/conda\n", True),
        ("FROM debian\nCOPY --from=builder /root/.pyenv /root/.pyenv\n", True),
        ("FROM debian\nCOPY --from=builder $PREFIX /usr/local\n", True),  # unresolved
        ("FROM debian\nCOPY --from=builder /app/dist /app/dist\n", False),
        ("FROM debian\nCOPY python/ /app/python/\n", False),  # the context: no interpreter
        ("FROM debian\nADD https://example.com/python-3.12.tar.gz /opt/\n", True),
        ("FROM debian\nADD app.tar.gz /app/\n", False),
        ("FROM debian\nCOPY app.py /app/\n", False),
    ],
)
def test_copies_python(dockerfile: str, expected: bool) -> None:
    assert copies(dockerfile) is expected


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        ("FROM debian\nADD app /app/\n", True),
        ("FROM debian\nCOPY --from=builder /app /app\n", True),
        ("FROM debian\nCOPY app /app/\n", False),
    ],
)
def test_copies_python_unread(dockerfile: str, expected: bool) -> None:
    """Without the copy's facts, any ADD or COPY --from may bring one."""
    ins = parse(dockerfile).instructions[-1]
    assert copies_python(ins, None) is expected

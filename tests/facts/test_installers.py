"""Recognising installer commands and what they need."""

from __future__ import annotations

import shlex

import pytest

from dockerlint_ml.facts.installers import Install, classify, installs, lock_generated, truthy
from dockerlint_ml.facts.shell import SimpleCommand, from_argv


def _cmd(line: str) -> SimpleCommand:
    """The command as rules receive it: unwrapped by the shell model (`python -m pip` -> pip)."""
    [command] = from_argv(shlex.split(line))
    return command


def _classify(line: str) -> Install:
    inst = classify(_cmd(line))
    assert inst is not None, line
    return inst


@pytest.mark.parametrize(
    ("line", "tool", "action"),
    [
        ("pip install flask", "pip", "install"),
        ("pip3 install -r requirements.txt", "pip", "install"),
        ("pip3.11 install .", "pip", "install"),
        ("/usr/local/bin/pip install flask", "pip", "install"),
        ("python -m pip install flask", "pip", "install"),
        ("python3.12 -m pip install -U pip", "pip", "install"),
        ("python3 -I -m pip install flask", "pip", "install"),
        ("pip --no-cache-dir install flask", "pip", "install"),
        ("pip-sync requirements.txt", "pip", "sync"),
        ("uv pip install -r requirements.txt", "uv-pip", "install"),
        ("uv pip sync requirements.txt", "uv-pip", "sync"),
        ("uv sync --locked", "uv", "sync"),
        ("uv --directory /app sync", "uv", "sync"),
        ("pipenv install --deploy --system", "pipenv", "install"),
        ("pipenv --python 3.12 install", "pipenv", "install"),
        ("pipenv sync", "pipenv", "sync"),
        ("poetry install --no-root", "poetry", "install"),
        ("poetry -C /app install", "poetry", "install"),
        ("poetry sync", "poetry", "sync"),
        ("conda env create -f environment.yml", "conda", "env-create"),
        ("mamba env update --file env.yaml --prune", "conda", "env-update"),
        ("conda install -y -c conda-forge numpy", "conda", "install"),
        ("micromamba install -y -n base -f env.yaml", "conda", "install"),
        ("micromamba create -y -f env.yaml", "conda", "create"),
    ],
)
def test_recognised(line: str, tool: str, action: str) -> None:
    inst = _classify(line)
    assert (inst.tool, inst.action) == (tool, action)


@pytest.mark.parametrize(
    "line",
    [
        "pip download flask",
        "pip wheel -r requirements.txt",
        "pip freeze",
        "pip uninstall -y flask",
        "python app.py",
        "python -c 'import pip'",
        "pipenv lock",
        "pipenv run python app.py",
        "poetry lock",
        "poetry config virtualenvs.create false",
        "uv lock",
        "uv run app.py",
        "uv pip compile requirements.in",
        "uv tool install ruff",
        "conda create -n app python=3.12",
        "conda update -n base conda",
        "conda clean -a",
        "apt-get install -y curl",
        "npm install",
    ],
)
def test_not_an_install(line: str) -> None:
    assert classify(_cmd(line)) is None


@pytest.mark.parametrize(
    ("line", "packages", "requirements", "local", "editable"),
    [
        ("pip install flask gunicorn==22.0", ("flask", "gunicorn==22.0"), (), (), False),
        ("pip install -r requirements.txt", (), ("requirements.txt",), (), False),
        ("pip install -rrequirements.txt", (), ("requirements.txt",), (), False),
        ("pip install -Ur requirements.txt", (), ("requirements.txt",), (), False),
        ("pip install --requirement=req/prod.txt", (), ("req/prod.txt",), (), False),
        ("pip install -c constraints.txt flask", ("flask",), (), (), False),
        ("pip install .", (), (), (".",), False),
        ("pip install .[dev]", (), (), (".[dev]",), False),
        ("pip install -e .", (), (), (".",), True),
        ("pip install --editable ./pkg", (), (), ("./pkg",), True),
        (
            "pip install -e git+https://github.com/o/r.git#egg=r",
            ("git+https://github.com/o/r.git#egg=r",),
            (),
            (),
            False,
        ),
        (
            "pip install dist/app-1.0-py3-none-any.whl",
            ("dist/app-1.0-py3-none-any.whl",),
            (),
            (),
            False,
        ),
        ("pip install --index-url https://x/simple flask", ("flask",), (), (), False),
        ("pip install -i https://x/simple flask", ("flask",), (), (), False),
        ("pip install --no-cache-dir --upgrade pip", ("pip",), (), (), False),
        ("pip install --target /deps -r requirements.txt", (), ("requirements.txt",), (), False),
        ("uv pip install --system -r requirements.txt", (), ("requirements.txt",), (), False),
        ("uv pip sync requirements.txt", (), ("requirements.txt",), (), False),
        ("pipenv install requests", ("requests",), (), (), False),
        ("pipenv install -e .", (), (), (".",), True),
    ],
)
def test_what_is_installed(
    line: str,
    packages: tuple[str, ...],
    requirements: tuple[str, ...],
    local: tuple[str, ...],
    editable: bool,
) -> None:
    inst = _classify(line)
    assert inst.packages == packages
    assert inst.requirement_files == requirements
    assert inst.local_paths == local
    assert inst.editable is editable


@pytest.mark.parametrize(
    ("line", "installs_deps", "project_only", "deps_only", "local_project"),
    [
        ("pip install -r requirements.txt", True, False, False, False),
        ("pip install --no-deps .", True, True, False, True),
        ("pip install --no-deps -e .", True, True, False, True),
        ("pip install -e .", True, False, False, True),
        ("pip install --no-deps flask", True, False, False, False),
        ("pip install --upgrade", False, False, False, False),
        ("pip install -c constraints.txt", False, False, False, False),
        ("poetry install --only-root", True, True, False, False),
        ("poetry install --no-root", True, False, True, False),
        ("poetry install --only main", True, False, False, False),
        ("uv sync --no-install-project", True, False, True, False),
        ("uv sync --locked --no-install-workspace", True, False, True, False),
        ("uv sync --locked", True, False, False, False),
        ("pipenv install --system", True, False, False, False),
        ("conda env create", True, False, False, False),
        ("conda install -y numpy", True, False, False, False),
    ],
)
def test_phases(
    line: str, installs_deps: bool, project_only: bool, deps_only: bool, local_project: bool
) -> None:
    inst = _classify(line)
    assert inst.installs_dependencies is installs_deps
    assert inst.project_only is project_only
    assert inst.dependencies_only is deps_only
    assert inst.local_project is local_project


@pytest.mark.parametrize(
    ("line", "lock", "manifests"),
    [
        ("pipenv install --deploy", "Pipfile.lock", ("Pipfile", "Pipfile.lock")),
        ("pipenv sync", "Pipfile.lock", ("Pipfile", "Pipfile.lock")),
        ("poetry install", "poetry.lock", ("pyproject.toml", "poetry.lock")),
        ("uv sync", "uv.lock", ("pyproject.toml", "uv.lock")),
        ("uv pip install -r requirements.txt", None, ("requirements.txt",)),
        ("pip install -r a.txt -r b.txt", None, ("a.txt", "b.txt")),
        ("pip install .", None, ("pyproject.toml",)),
        ("conda env create -f env.yml", None, ("env.yml",)),
        ("conda env create", None, ("environment.yml",)),
    ],
)
def test_lock_and_manifests(line: str, lock: str | None, manifests: tuple[str, ...]) -> None:
    inst = _classify(line)
    assert inst.lock_file == lock
    assert inst.manifests == manifests


@pytest.mark.parametrize(
    ("line", "flags"),
    [
        ("pipenv install --deploy --system", {"--deploy", "--system"}),
        ("pipenv --python 3.11 install --ignore-pipfile", {"--python", "--ignore-pipfile"}),
        ("uv sync --frozen --no-dev", {"--frozen", "--no-dev"}),
        ("uv --no-cache sync --locked", {"--no-cache", "--locked"}),
        (
            "poetry install --only=main --no-interaction",
            {"--only", "--only=main", "--no-interaction"},
        ),
    ],
)
def test_options(line: str, flags: set[str]) -> None:
    assert set(_classify(line).options) == flags


@pytest.mark.parametrize(
    ("line", "program"),
    [
        ("pip3 install flask", "pip install"),
        ("python -m pip install flask", "pip install"),
        ("uv pip install flask", "uv pip install"),
        ("mamba env create -f e.yml", "mamba env create"),
        ("pipenv sync", "pipenv sync"),
    ],
)
def test_program(line: str, program: str) -> None:
    assert _classify(line).program == program


@pytest.mark.parametrize(
    ("line", "lock"),
    [
        ("pipenv lock", "Pipfile.lock"),
        ("poetry lock --no-update", "poetry.lock"),
        ("uv lock", "uv.lock"),
        ("python -m pipenv lock", "Pipfile.lock"),
        ("pipenv install", None),
        ("pip install flask", None),
    ],
)
def test_lock_generated(line: str, lock: str | None) -> None:
    assert lock_generated(_cmd(line)) == lock


def test_installs_keeps_order_and_skips_others() -> None:
    cmds = [_cmd("apt-get update"), _cmd("pip install pipenv"), _cmd("pipenv sync --system")]
    assert [i.program for i in installs(cmds)] == ["pip install", "pipenv sync"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("false", False),
     ("", False), (None, False), ("2", False)],
)  # fmt: skip
def test_truthy(value: str | None, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize(
    ("argv", "requirements", "packages"),
    [
        (("python$PY", "-m", "pip", "install", "flask"), (), ("flask",)),
        (("python${PYTHON_VERSION}", "-m", "pip", "install", "-r", "r.txt"), ("r.txt",), ()),
        (("$PYTHON", "-m", "pip", "install", "numpy"), (), ("numpy",)),
    ],
)
def test_interpreter_named_by_a_variable(
    argv: tuple[str, ...], requirements: tuple[str, ...], packages: tuple[str, ...]
) -> None:
    inst = classify(SimpleCommand(argv))
    assert inst is not None
    assert (inst.tool, inst.requirement_files, inst.packages) == ("pip", requirements, packages)
    assert inst.command.wrappers == ("python -m",)


def test_variable_interpreter_running_something_else_is_not_an_install() -> None:
    assert classify(SimpleCommand(("python$PY", "-m", "venv", "/venv"))) is None
    assert classify(SimpleCommand(("$PYTHON", "app.py"))) is None
    assert classify(SimpleCommand(("python$PY", "-m", "pip", "list"))) is None


@pytest.mark.parametrize(
    "line",
    ["python3.11 -m pip install flask", "conda run -n app pip install flask"],
)
def test_versioned_interpreter_and_conda_run(line: str) -> None:
    assert _classify(line).packages == ("flask",)


@pytest.mark.parametrize(
    ("line", "packages", "local"),
    [
        # An unknown word that names a path outside its variables is the project built here.
        ("pip install '$(ls /src/dist/app-*.tar.gz)[spark]'", (),
         ("$(ls /src/dist/app-*.tar.gz)[spark]",)),
        ("pip install '$DIR/pkg'", (), ("$DIR/pkg",)),
        # Expansions alone, slashes inside them included, are not paths.
        ("pip install '${PKG/-nightly/}[extra]' '$PKG'", ("${PKG/-nightly/}[extra]", "$PKG"), ()),
        # Option values are read with pip's arity (facts.packages), never as packages.
        ("pip install --timeout 60 --retries 5 -C k=v --root-user-action ignore flask",
         ("flask",), ()),
        ("pip --python /venv/bin/python install flask", ("flask",), ()),
    ],
)  # fmt: skip
def test_built_on_the_package_model(
    line: str, packages: tuple[str, ...], local: tuple[str, ...]
) -> None:
    inst = _classify(line)
    assert (inst.packages, inst.local_paths) == (packages, local)


def test_same_words_as_the_package_model() -> None:
    from dockerlint_ml.facts.packages import package_command

    command = _cmd("uv pip install -r r.txt -e ./lib flask==3 .")
    record = package_command(command)
    assert record is not None
    inst = classify(command)
    assert inst is not None
    assert inst.options == frozenset(o.name for o in record.options)
    words = {a.word for a in record.args}
    assert set(inst.packages + inst.requirement_files + inst.local_paths) == words

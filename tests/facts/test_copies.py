"""What a COPY/ADD brings in, and what a bind mount lends to a RUN."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts.copies import CopyInfo, CopySource, bind_mounts, copy_info, stage_lookup
from tests.helpers import dedent


def _info(text: str, index: int = -1) -> CopyInfo:
    df = parse(dedent(text))
    ins = df.instructions[index]
    stage = df.stage_of(ins)
    assert stage is not None
    info = copy_info(ins, stage_lookup(df, stage, ins.index), df.escape)
    assert info is not None
    return info


@pytest.mark.parametrize(
    ("dockerfile", "expected", "destination"),
    [
        ("FROM x\nCOPY a.py b.py /app/\n", [("a.py", True, False), ("b.py", True, False)], "/app/"),
        (
            'FROM x\nCOPY ["Pipfile", "Pipfile.lock", "./"]\n',
            [("Pipfile", True, False), ("Pipfile.lock", True, False)],
            "./",
        ),
        ("FROM x\ncopy --chown=1:1 . .\n", [(".", True, False)], "."),
        ("FROM x\nCOPY a \\\n  b/ ./\n", [("a", True, False), ("b/", True, False)], "./"),
        ('FROM x\nCOPY "my file.py" /app/\n', [("my file.py", True, False)], "/app/"),
        (
            "FROM x\nARG REQ=requirements.txt\nCOPY $REQ .\n",
            [("requirements.txt", True, False)],
            ".",
        ),
        ("FROM x\nENV D=src\nCOPY ${D}/ /app/\n", [("src/", True, False)], "/app/"),
        ("FROM x\nCOPY $UNSET .\n", [("", False, False)], "."),
        ('FROM x\nENV F=app.py\nCOPY ["$F", "/app/"]\n', [("app.py", True, False)], "/app/"),
        # Heredoc: the file is named after the destination, or the marker for a directory.
        (
            "FROM x\nCOPY <<EOF /app/run.py\nprint(1)\nEOF\n",
            [("run.py", True, True)],
            "/app/run.py",
        ),
        (
            "FROM x\nCOPY <<requirements.txt /app/\nflask\nrequirements.txt\n",
            [("requirements.txt", True, True)],
            "/app/",
        ),
    ],
)
def test_sources_and_destination(
    dockerfile: str, expected: list[tuple[str, bool, bool]], destination: str
) -> None:
    info = _info(dockerfile)
    assert [(s.text, s.resolved, s.heredoc) for s in info.sources] == expected
    assert info.destination == destination


def test_from_flag_is_kept_apart() -> None:
    info = _info("FROM x\nCOPY --from=build /app/dist /app/\n")
    assert info.from_ == "build"
    assert not info.from_context
    assert _info("FROM x\nCOPY app.py .\n").from_context


def test_non_copy_and_incomplete_copy_give_none() -> None:
    df = parse("FROM x\nRUN true\nCOPY onlyone\n")
    assert copy_info(df.instructions[1]) is None
    assert copy_info(df.instructions[2]) is None


@pytest.mark.parametrize(
    ("source", "manifest"),
    [
        ("requirements.txt", True),
        ("requirements-dev.txt", True),
        ("requirements/prod.txt", True),
        ("requirements/", True),
        ("app/requirements.txt", True),
        ("constraints.txt", True),
        ("Pipfile", True),
        ("Pipfile.lock", True),
        ("pyproject.toml", True),
        ("poetry.lock", True),
        ("uv.lock", True),
        ("setup.py", True),
        ("setup.cfg", True),
        ("environment.yml", True),
        ("environment.yaml", True),
        ("README.md", True),
        ("LICENSE", True),
        ("Pipfile*", True),
        ("requirements*.txt", True),
        (".python-version", True),
        ("dev-requirements.txt", True),
        ("mlrun_requirements.txt", True),
        ("requirements.yaml", True),
        ("environment-gpu.yml", True),
        ("dist/app-1.0-py3-none-any.whl", True),
        ("wheels/", True),
        ("requirements_dev.py", False),
        ("app.py", False),
        ("model_C=1.0.bin", False),
        ("src", False),
        ("src/", False),
        (".", False),
        ("./", False),
        ("*.py", False),
        ("*", False),
        ("requirements.py", False),
        ("https://example.com/requirements.txt", False),
    ],
)
def test_is_manifest(source: str, manifest: bool) -> None:
    assert CopySource(text=source).is_manifest is manifest


@pytest.mark.parametrize(
    ("source", "name", "provides"),
    [
        ("Pipfile.lock", "Pipfile.lock", True),
        ("app/Pipfile.lock", "Pipfile.lock", True),
        ("Pipfile", "Pipfile.lock", False),
        ("Pipfile*", "Pipfile.lock", True),
        ("*.lock", "uv.lock", True),
        ("*.py", "uv.lock", False),
        (".", "uv.lock", True),
        ("./", "uv.lock", True),
        ("backend/", "poetry.lock", True),
        ("backend", "poetry.lock", True),
        ("app.py", "poetry.lock", False),
        ("requirements.txt", "Pipfile.lock", False),
        ("Dockerfile", "Pipfile.lock", False),
    ],
)
def test_may_provide(source: str, name: str, provides: bool) -> None:
    assert CopySource(text=source).may_provide(name) is provides


def test_unresolved_source_may_provide_anything_but_is_not_code() -> None:
    info = _info("FROM x\nCOPY $LOCK ./\n")
    assert info.may_provide("Pipfile.lock")
    assert not info.brings_code


def test_heredoc_source_provides_only_its_own_name() -> None:
    info = _info("FROM x\nCOPY <<EOF /app/Pipfile.lock\n{}\nEOF\n")
    assert info.may_provide("Pipfile.lock")
    assert not info.may_provide("uv.lock")
    assert not info.brings_code
    code = _info("FROM x\nCOPY <<EOF /app/main.py\nprint(1)\nEOF\n")
    assert code.brings_code


@pytest.mark.parametrize(
    ("dockerfile", "code"),
    [
        ('FROM x\nCOPY ["Pipfile", "Pipfile.lock", "./"]\n', False),
        ('FROM x\nCOPY ["predict.py", "model_C=1.0.bin", "./"]\n', True),
        ("FROM x\nCOPY requirements.txt README.md ./\n", False),
        ("FROM x\nCOPY requirements.txt app.py ./\n", True),
        ("FROM x\nCOPY . .\n", True),
        ("FROM x\nCOPY src ./src\n", True),
        ("FROM x\nADD https://example.com/model.bin /models/\n", True),
        ("FROM x\nADD app.tar.gz /app/\n", True),
    ],
)
def test_brings_code(dockerfile: str, code: bool) -> None:
    assert _info(dockerfile).brings_code is code


@pytest.mark.parametrize(
    ("source", "directory"),
    [
        ("src", True),
        ("src/", True),
        (".", True),
        ("Pipfile", False),
        ("Makefile", False),
        ("app.py", False),
        (".env", False),
        ("https://example.com/x", False),
        ("https://github.com/org/repo.git", True),
        ("git@github.com:org/repo.git", True),
    ],
)
def test_may_be_directory(source: str, directory: bool) -> None:
    assert CopySource(text=source).may_be_directory is directory


def test_add_archive_is_a_directory_tree() -> None:
    assert CopySource(text="app.tar.gz", add=True).may_provide("uv.lock")
    assert not CopySource(text="app.tar.gz").may_provide("uv.lock")


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (
            "--mount=type=bind,source=Pipfile.lock,target=/app/Pipfile.lock",
            [("Pipfile.lock", True)],
        ),
        ("--mount=source=uv.lock,target=uv.lock", [("uv.lock", True)]),
        ("--mount=type=bind,target=/src", [(None, True)]),
        ("--mount=type=bind,src=app,dst=/app", [("app", True)]),
        (
            "--mount=type=bind,source=pyproject.toml,target=pyproject.toml",
            [("pyproject.toml", False)],
        ),
        ("--mount=type=cache,target=/root/.cache/uv", []),
        ("--mount=type=secret,id=netrc", []),
    ],
)
def test_bind_mounts(flags: str, expected: list[tuple[str | None, bool]]) -> None:
    df = parse(f"FROM x\nRUN {flags} uv sync\n")
    mounts = bind_mounts(df.instructions[1])
    assert [
        (m.source, m.may_provide("Pipfile.lock") or m.may_provide("uv.lock")) for m in mounts
    ] == expected


@pytest.mark.parametrize(
    ("source", "config"),
    [
        ("nginx.conf", True),
        ("config/settings.yaml", True),
        ("certs/ca.crt", True),
        ("app.jar", True),
        ("Makefile", True),
        ("server/Makefile-vllm", True),
        ("go.mod", True),
        ("conf/*.yaml", True),
        ("app.py", False),
        ("src", False),
        ("certs/", False),
        ("model.bin", False),
        (".", False),
        ("https://example.com/ca.crt", False),
    ],
)
def test_is_config(source: str, config: bool) -> None:
    assert CopySource(text=source).is_config is config


@pytest.mark.parametrize(
    ("source", "script", "root"),
    [
        ("download_models.sh", True, False),
        (".devcontainer/library-scripts/*.sh", True, False),
        ("app.py", False, False),
        (".", False, True),
        ("./", False, True),
        ("src/", False, False),
    ],
)
def test_is_script_and_is_root(source: str, script: bool, root: bool) -> None:
    s = CopySource(text=source)
    assert (s.is_script, s.is_root) == (script, root)


def test_code_sources_leave_out_manifests_and_config() -> None:
    info = _info("FROM x\nCOPY requirements.txt nginx.conf ca.pem app.py src/ /app/\n")
    assert [s.text for s in info.code_sources] == ["app.py", "src/"]
    assert info.brings_code
    assert not _info("FROM x\nCOPY nginx.conf Makefile /etc/\n").brings_code


@pytest.mark.parametrize(
    ("source", "config"),
    [
        ("initial-condarc", True),
        ("ipython_kernel_config.py", True),
        ("gunicorn.conf.py", True),
        ("TRITON_VERSION", True),
        ("docs/NOTICE.pdf", True),
        ("src", False),
        ("app/main.py", False),
    ],
)
def test_more_configuration_and_metadata(source: str, config: bool) -> None:
    assert CopySource(text=source).is_config is config


@pytest.mark.parametrize(
    ("source", "vendored"),
    [
        (".git", True),
        ("./cov-analysis-linux64-2023.12.2", True),
        ("src", False),
        ("model-v2", False),
        ("lib-1.2.py", False),
        ("https://example.com/tool-1.2.3", False),
    ],
)
def test_is_vendored(source: str, vendored: bool) -> None:
    assert CopySource(text=source).is_vendored is vendored

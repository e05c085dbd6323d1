"""Choosing the build context: --context, --no-context, the `context`, `contexts` and
`no-context` configuration keys, detection beside the Dockerfile, standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.run.config import Config, ConfigFinder
from dockerlint_ml.run.runner import _build_context
from tests.test_cli import cli, write

DOCKERFILE = (
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY predict.py ./\nCMD ["python", "predict.py"]\n'
)
REGISTRY = load_registry(plugins=False)


def test_a_context_that_is_no_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", DOCKERFILE)
    write(tmp_path, "file.txt", "x")
    res = cli("--context", "missing", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "dockerlint-ml: missing: cannot use as the build context: no such directory\n"
    )
    res = cli("--context", "file.txt", "-", cwd=tmp_path, stdin=DOCKERFILE.encode())
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "dockerlint-ml: file.txt: cannot use as the build context: not a directory\n"
    )


def test_context_and_no_context_together_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", DOCKERFILE)
    res = cli("--context", ".", "--no-context", "Dockerfile", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err.splitlines()[-1] == "Error: --context and --no-context cannot be used together"


def test_a_context_holding_what_the_file_copies_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", DOCKERFILE)
    write(tmp_path, "predict.py", "print('ok')\n")
    plain = cli("--format", "json", "Dockerfile", cwd=tmp_path)
    for extra in (["--context", "."], ["--no-context"]):
        res = cli(*extra, "--format", "json", "Dockerfile", cwd=tmp_path)
        assert (res.code, res.err, json.loads(res.out)) == (
            plain.code,
            plain.err,
            json.loads(plain.out),
        )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('context = "nope"', "'context' names no directory: 'nope'"),
        ("context = 1", "'context' must be a path to a directory"),
        ('context = ""', "'context' must be a path to a directory"),
        ('[contexts]\n"svc/*" = "gone"', "contexts entry 'svc/*' names no directory: 'gone'"),
        ("no-context = 1", "'no-context' must be true or false"),
        ("contexts = 1", "'contexts' must be a table"),
    ],
)
def test_configured_contexts_are_validated(tmp_path: Path, config: str, message: str) -> None:
    write(tmp_path, ".dockerlint-ml.toml", config + "\n")
    write(tmp_path, "Dockerfile", DOCKERFILE)
    res = cli("Dockerfile", cwd=tmp_path)
    assert (res.code, res.out) == (2, "")
    assert res.err == f"dockerlint-ml: .dockerlint-ml.toml: {message}\n"


def _config(root: Path, text: str) -> Config:
    write(root, ".dockerlint-ml.toml", text)
    return ConfigFinder(REGISTRY).config_for(root)


def test_which_context_each_file_gets(tmp_path: Path) -> None:
    for rel in ("api", "ml", "shared", "bare"):
        (tmp_path / rel).mkdir()
    write(tmp_path, "ml/requirements.txt", "flask\n")
    config = _config(
        tmp_path, 'context = "shared"\n[contexts]\n"api/*" = "."\n"api/Dockerfile" = "api"\n'
    )
    dockerfile = parse(DOCKERFILE)

    def chosen(rel: str, **kw: object) -> Path | None:
        path = str(tmp_path / rel) if rel != "-" else None
        options = {"config": config, "context": None, "no_context": False, **kw}
        found = _build_context(path, dockerfile, **options)  # type: ignore[arg-type]
        return None if found is None else found.root

    root = tmp_path.resolve()
    # the first matching `contexts` entry wins over `context`
    assert chosen("api/Dockerfile") == root
    assert chosen("ml/Dockerfile") == root / "shared"
    # --context wins over the file; --no-context over everything; stdin only by --context
    assert chosen("api/Dockerfile", context=str(tmp_path / "ml")) == root / "ml"
    assert chosen("api/Dockerfile", no_context=True) is None
    assert chosen("-") is None
    assert chosen("-", context=str(tmp_path / "ml")) == root / "ml"
    # without configuration: the Dockerfile's directory when it looks like a context
    assert chosen("ml/Dockerfile", config=Config()) == root / "ml"
    assert chosen("bare/Dockerfile", config=Config()) is None
    # `no-context = true` in the file: none, unless --context names one
    off = _config(tmp_path / "ml", "no-context = true\n")
    assert chosen("ml/Dockerfile", config=off) is None
    assert chosen("ml/Dockerfile", config=off, context=str(tmp_path)) == root


def test_config_shows_the_context_settings(tmp_path: Path) -> None:
    (tmp_path / "ctx").mkdir()
    write(tmp_path, ".dockerlint-ml.toml", 'context = "ctx"\n[contexts]\n"a/*" = "."\n')
    write(tmp_path, "Dockerfile", DOCKERFILE)
    res = cli("config", "--format", "json", "Dockerfile", cwd=tmp_path)
    assert res.code == 0, res.err
    settings = json.loads(res.out)["settings"]
    assert (settings["context"], settings["contexts"], settings["no-context"]) == (
        str(tmp_path / "ctx"),
        {"a/*": str(tmp_path)},
        False,
    )


def test_the_context_rules_run_with_a_context_only(tmp_path: Path) -> None:
    write(tmp_path, "docker/Dockerfile", DOCKERFILE)  # docker/ does not look like a context
    args = ("--isolated", "--select", "DLM202", "--format", "json")
    res = cli(*args, "docker/Dockerfile", cwd=tmp_path)
    assert (res.code, json.loads(res.out)) == (0, [])
    res = cli(*args, "--context", ".", "docker/Dockerfile", cwd=tmp_path)
    assert res.code == 1
    assert [(f["code"], f["line"]) for f in json.loads(res.out)] == [("DLM202", 3)]
    res = cli(*args, "--context", ".", "-", cwd=tmp_path, stdin=DOCKERFILE.encode())
    assert [(f["code"], f["line"]) for f in json.loads(res.out)] == [("DLM202", 3)]
    write(tmp_path, "predict.py", "print('ok')\n")
    res = cli(*args, "--context", ".", "docker/Dockerfile", cwd=tmp_path)
    assert (res.code, json.loads(res.out)) == (0, [])


def test_the_config_command_shows_the_context_settings(tmp_path: Path) -> None:
    write(tmp_path, "build/.keep", "")
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.dockerlint-ml]\ncontext = "build"\nlarge-file-mb = 50\n'
        '[tool.dockerlint-ml.contexts]\n"docker/*" = "."\n',
    )
    res = cli("config", cwd=tmp_path)
    assert res.code == 0
    lines = res.out.splitlines()
    root = str(tmp_path.resolve())
    assert "# as-of is not set: today  # default" in lines
    assert f'context = "{root}/build"  # pyproject.toml' in lines
    assert "no-context = false  # default" in lines
    at = lines.index("[contexts]  # pyproject.toml")
    assert lines[at + 1] == f'"docker/*" = "{root}"'
    at = lines.index("[rules.DLM205]  # pyproject.toml, else the defaults")
    assert lines[at + 1] == "large-file-mb = 50"

"""pre-commit for real (issue 4, item 7), and which files the hook is given.

`pre-commit try-repo` builds the hook's virtualenv and pip-installs this project (and its
dependencies from the package index) exactly as a user's `pre-commit install` would, then
runs the hook in a throw-away git repository.

try-repo on a local path clones its HEAD plus staged and modified *tracked* files; untracked
new modules would be missing. So the hook repository is a snapshot of this working tree
(tracked and untracked files that .gitignore does not exclude) committed into a temporary
repository: the test always checks the code that is here. Each try-repo run uses its own
temporary store; PRE_COMMIT_HOME points into tmp anyway, and the user's git configuration
is kept out.

pre-commit and identify come with the `test` extra: without them these tests skip with the
reason shown, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml.run.discovery import is_dockerfile_name
from tests.helpers import REPO

HOOK_ID = "dockerlint-ml"
TIMEOUT = 300

BAD = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD gunicorn --bind 127.0.0.1:8000 app:app\n"
GOOD = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\n"
    "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\n"
    'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'
)
# GOOD with a shell-form CMD: DLM008's safe fix gives GOOD back.
FIX_HOOK_ID = "dockerlint-ml-fix"
FIXABLE = GOOD.replace(
    'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]',
    "CMD gunicorn --bind 0.0.0.0:8000 app:app",
)
DOCKERIGNORE = "**/__pycache__\n*.pyc\n.git\nmodels/*.bin\n"


def _require(module: str, what: str) -> None:
    if importlib.util.find_spec(module) is not None:
        return
    reason = f"{what} is not installed (it is in the `test` extra: pip install '.[test]')"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires it")
    pytest.skip(reason)


def _manifest_hook() -> dict[str, Any]:
    _require("yaml", "PyYAML")
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    matches = [hook for hook in hooks if hook["id"] == HOOK_ID]
    assert len(matches) == 1
    hook: dict[str, Any] = matches[0]
    return hook


# -- the manifest ---------------------------------------------------------------------------


def test_hook_manifest() -> None:
    hook = _manifest_hook()
    assert hook["language"] == "python"
    # In `entry`, not `args`: a user's `args:` replaces the manifest's args, and an entry
    # that starts with an option can never be taken for a subcommand such as `rules`.
    assert hook["entry"].split() == ["dockerlint-ml", "--force-exclude"]
    assert hook.get("pass_filenames", True) is True


# Names -> whether the hook must receive them. Every name the hook receives must also be one
# the CLI's directory search picks up; *.dockerignore files are Dockerfile-named but are not
# Dockerfiles (identify tags `Dockerfile.dockerignore` as dockerfile).
SELECTION = [
    ("Dockerfile", True),
    ("Dockerfile.dev", True),
    ("prod.Dockerfile", True),
    ("services/api/Dockerfile", True),
    ("Containerfile", True),
    ("Containerfile.gpu", True),
    ("Dockerfile.dockerignore", False),
    ("prod.Dockerfile.dockerignore", False),
    ("Containerfile.containerignore", False),
    (".dockerignore", False),
    ("docker-compose.yml", False),
    ("requirements.txt", False),
    ("README.md", False),
]


def _selects(hook: dict[str, Any], path: Path, name: str) -> bool:
    """pre-commit's documented filter: files and exclude are regexes searched in the
    repository-relative name; every tag in `types`, one in `types_or`, none in
    `exclude_types` (tags from identify, which also looks at the file itself)."""
    from identify.identify import tags_from_path

    tags = tags_from_path(str(path))
    types_or = set(hook.get("types_or", []))
    return bool(
        re.search(hook.get("files", ""), name)
        and not re.search(hook.get("exclude", "^$"), name)
        and set(hook.get("types", ["file"])) <= tags
        and (not types_or or bool(tags & types_or))
        and not tags & set(hook.get("exclude_types", []))
    )


@pytest.mark.parametrize(("name", "expected"), SELECTION)
def test_hook_file_selection(tmp_path: Path, name: str, expected: bool) -> None:
    _require("identify", "identify (a pre-commit dependency)")
    hook = _manifest_hook()
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")
    selected = _selects(hook, path, name)
    assert selected is expected
    if selected:
        assert is_dockerfile_name(path.name)


# -- try-repo -------------------------------------------------------------------------------


def _git_env(home: Path) -> dict[str, str]:
    """No GIT_* from a calling hook (GIT_INDEX_FILE, GIT_DIR) and no user git config."""
    empty = home / "gitconfig"
    empty.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=str(empty),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="dockerlint-ml tests",
        GIT_AUTHOR_EMAIL="tests@dockerlint-ml.invalid",
        GIT_COMMITTER_NAME="dockerlint-ml tests",
        GIT_COMMITTER_EMAIL="tests@dockerlint-ml.invalid",
        PRE_COMMIT_HOME=str(home / "pre-commit-home"),
        NO_COLOR="1",
    )
    return env


def _git(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    _require("pre_commit", "pre-commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return _git_env(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def hook_repo(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree, committed into a temporary repository."""
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout, so its files cannot be listed")
    listed = _git(env, REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(env, snapshot, "init", "--quiet")
    _git(env, snapshot, "add", "--all")
    _git(env, snapshot, "commit", "--quiet", "--no-gpg-sign", "--message", "snapshot")
    return snapshot


def _try_repo(
    env: dict[str, str],
    hook_repo: Path,
    work: Path,
    files: dict[str, str],
    hook_id: str = HOOK_ID,
) -> subprocess.CompletedProcess[str]:
    work.mkdir()
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    _git(env, work, "init", "--quiet")
    _git(env, work, "add", "--all")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook_id]
    command += ["--color", "never", "--verbose", "--files", *files]
    return subprocess.run(
        command, cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def _hook_line(output: str, name: str = HOOK_ID) -> str:
    lines = [line for line in output.splitlines() if line.startswith(name + "...")]
    assert len(lines) == 1, output
    return lines[0]


def test_try_repo_bad_dockerfile_fails(
    env: dict[str, str], hook_repo: Path, tmp_path: Path
) -> None:
    proc = _try_repo(env, hook_repo, tmp_path / "work", {"Dockerfile": BAD})
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert _hook_line(proc.stdout).endswith("Failed")
    assert "- exit code: 1" in proc.stdout
    assert "Dockerfile:4:1: DLM008 cmd-not-exec-form" in proc.stdout
    assert "Dockerfile:4:14: DLM009 server-bound-to-localhost" in proc.stdout


def test_fix_hook_manifest() -> None:
    _require("yaml", "PyYAML")
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (fix,) = [hook for hook in hooks if hook["id"] == FIX_HOOK_ID]
    lint = _manifest_hook()
    assert fix["entry"].split() == ["dockerlint-ml", "--force-exclude", "--fix"]
    # The same files and install as the lint hook: only the entry differs.
    assert {k: v for k, v in fix.items() if k not in ("id", "name", "description", "entry")} == {
        k: v for k, v in lint.items() if k not in ("id", "name", "description", "entry")
    }


def test_try_repo_fix_hook_fixes_and_fails(
    env: dict[str, str], hook_repo: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    files = {"Dockerfile": FIXABLE, "requirements.txt": "gunicorn==23.0.0\n"}
    proc = _try_repo(env, hook_repo, work, files, FIX_HOOK_ID)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert _hook_line(proc.stdout, "dockerlint-ml (fix)").endswith("Failed")
    assert "- files were modified by this hook" in proc.stdout
    assert (work / "Dockerfile").read_text(encoding="utf-8") == GOOD


def test_try_repo_good_dockerfile_passes(
    env: dict[str, str], hook_repo: Path, tmp_path: Path
) -> None:
    files = {"Dockerfile": GOOD, "services/worker/Containerfile": GOOD}
    proc = _try_repo(env, hook_repo, tmp_path / "work", files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _hook_line(proc.stdout).endswith("Passed")
    assert "DLM0" not in proc.stdout


def test_try_repo_honours_exclude_and_skips_ignore_files(
    env: dict[str, str], hook_repo: Path, tmp_path: Path
) -> None:
    """pre-commit names files explicitly: the config's `exclude` still applies because the
    hook passes --force-exclude, and a Dockerfile.dockerignore never reaches the linter."""
    files = {
        "pyproject.toml": '[tool.dockerlint-ml]\nexclude = ["legacy/*"]\n',
        "Dockerfile": GOOD,
        "Dockerfile.dockerignore": DOCKERIGNORE,
        "requirements.txt": "gunicorn==23.0.0\n",  # the context GOOD copies it from
        "legacy/Dockerfile": BAD,
    }
    proc = _try_repo(env, hook_repo, tmp_path / "work", files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _hook_line(proc.stdout).endswith("Passed")
    assert "DLM0" not in proc.stdout

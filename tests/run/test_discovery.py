"""discovery: which names match, what is skipped, loops, order, display paths."""

from __future__ import annotations

import inspect
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml.run.discovery import (
    IGNORE_SUFFIXES,
    OTHER_KIND_SUFFIXES,
    Problem,
    Target,
    discover,
    is_dockerfile_name,
)
from tests.helpers import CORPUS
from tests.test_corpus import MANIFEST, manifest_files, require
from tests.test_precommit import _manifest_hook

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need POSIX here")


# Names -> whether the directory search (and so the pre-commit hook) takes them.
NAMES: list[tuple[str, bool]] = [
    ("Dockerfile", True),
    ("dockerfile", True),
    ("DOCKERFILE", True),
    ("DockerFile", True),
    ("Containerfile", True),
    ("CONTAINERFILE", True),
    # `.`, `-` or `_` and a suffix.
    ("Dockerfile.gpu", True),
    ("Dockerfile.ubuntu", True),
    ("dockerfile.Prod", True),
    ("DOCKERFILE.CPU", True),
    ("Dockerfile.test.gpu", True),
    ("Containerfile.x", True),
    ("containerfile.gpu", True),
    ("Dockerfile-dev", True),
    ("dockerfile-R", True),
    ("DOCKERFILE-CUDA-ALL", True),
    ("Containerfile-x", True),
    ("Dockerfile_cpu", True),
    ("dockerfile_cpu", True),
    ("CONTAINERFILE_GAUDI", True),
    ("dockerfile-cli-only.gpu", True),
    # `*.Dockerfile`, `*.Containerfile`.
    ("api.Dockerfile", True),
    ("api.dockerfile", True),
    ("api.DOCKERFILE", True),
    (".gitpod.Dockerfile", True),
    (".dockerfile", True),
    ("docs-dockerfile.Dockerfile", True),
    ("x.Containerfile", True),
    ("x.containerfile", True),
    # Only the last dot-suffix says what kind of file it is, and only a whole one.
    ("Dockerfile.j2.gpu", True),
    ("Dockerfile.in.arm64", True),
    ("Dockerfile.ini", True),
    ("Dockerfile.python", True),
    ("Dockerfile.inference", True),
    ("Dockerfile.shell", True),
    ("Dockerfile_template", True),
    ("Dockerfile-bak", True),
    # An empty suffix, or no separator.
    ("Dockerfile.", False),
    ("Dockerfile-", False),
    ("Dockerfile_", False),
    ("Dockerfiles", False),
    ("Dockerfile2", False),
    ("MyDockerfile", False),
    ("my-Dockerfile", False),
    ("Containerfiles", False),
    ("docker-compose.yml", False),
    # Ignore files.
    (".dockerignore", False),
    (".containerignore", False),
    ("Dockerfile.dockerignore", False),
    ("api.Dockerfile.dockerignore", False),
    ("Dockerfile-dev.dockerignore", False),
    ("DOCKERFILE.DOCKERIGNORE", False),
    ("Containerfile.containerignore", False),
    # Another kind of file named after a Dockerfile.
    ("Dockerfile.j2", False),
    ("Dockerfile.in", False),
    ("Dockerfile-dev.yml", False),
    ("Dockerfile.template", False),
    ("Dockerfile_old.bak", False),
    ("api.Dockerfile.j2", False),
    ("Containerfile.TMPL", False),
    ("dockerfile_cpu.Jinja2", False),
    ("Dockerfile.gpu.orig", False),
    # Every one of them, in each form and case, so that the hook's `exclude` cannot drift.
    *[
        (name, False)
        for suffix in sorted(OTHER_KIND_SUFFIXES | IGNORE_SUFFIXES)
        for name in (
            f"Dockerfile.{suffix}",
            f"DOCKERFILE.{suffix.upper()}",
            f"dockerfile-dev.{suffix.title()}",
            f"Containerfile_x.{suffix}",
            f"api.dockerfile.{suffix}",
        )
    ],
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_names(name: str, expected: bool) -> None:
    assert is_dockerfile_name(name) is expected


def _hook_selects(hook: dict[str, Any], path: str) -> bool:
    """pre-commit's name filter: `files` and `exclude` searched in the repository path."""
    return bool(re.search(hook.get("files", ""), path)) and not re.search(
        hook.get("exclude", "^$"), path
    )


def test_precommit_hook_selects_the_discovery_names() -> None:
    hook = _manifest_hook()
    # An identify tag beyond these would drop files the regexes select.
    assert set(hook.get("types", ["file"])) <= {"file", "text"}
    assert "types_or" not in hook
    assert "exclude_types" not in hook
    wrong = [
        path
        for name, _ in NAMES
        for path in (name, f"a/b/{name}", f"Dockerfile.j2/{name}", f"api.Dockerfile/{name}")
        if _hook_selects(hook, path) is not is_dockerfile_name(name)
    ]
    assert wrong == [], "the hook and the directory search disagree on these"


def test_real_corpus_every_file_is_discovered() -> None:
    require(MANIFEST)
    expected = sorted(str(path.relative_to(CORPUS)) for path in manifest_files())
    found = discover([str(CORPUS / "real")])
    assert found.problems == []
    got = sorted(os.path.relpath(t.display, CORPUS) for t in found.targets)
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    assert (missing, extra) == ([], [])
    assert got == expected


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("FROM python:3.12-slim\n")


def _displays(paths: list[str]) -> list[str]:
    return [t.display for t in discover(paths).targets]


def test_directory_search_order_and_skips(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "Dockerfile",
        "b/Dockerfile.dev",
        "a/z/api.Dockerfile",
        "a/Containerfile",
        "a/Dockerfile.dockerignore",
        "a/README.md",
        "node_modules/pkg/Dockerfile",
        ".git/Dockerfile",
        ".venv/Dockerfile",
        "venv/Dockerfile",
        ".tox/py311/Dockerfile",
        "env/pyvenv.cfg",
        "env/Dockerfile",
        "env/lib/Dockerfile",
        ".github/Dockerfile",
    )
    root = str(tmp_path)
    assert _displays([root]) == [
        os.path.join(root, p)
        for p in [
            ".github/Dockerfile",
            "Dockerfile",
            "a/Containerfile",
            "a/z/api.Dockerfile",
            "b/Dockerfile.dev",
        ]
    ]


def test_directory_search_takes_every_form_and_leaves_other_kinds(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "svc/Dockerfile-dev",
        "svc/dockerfile_cpu",
        "svc/x.containerfile",
        "svc/DOCKERFILE.GPU",
        "svc/Dockerfile.j2",
        "svc/Dockerfile.in",
        "svc/Dockerfile-dev.yml",
        "svc/Dockerfile.template",
        "svc/Dockerfile_old.bak",
        "svc/Dockerfile-dev.dockerignore",
    )
    root = str(tmp_path)
    assert _displays([root]) == [
        os.path.join(root, "svc", name)
        for name in ["DOCKERFILE.GPU", "Dockerfile-dev", "dockerfile_cpu", "x.containerfile"]
    ]
    # Named explicitly, any of them is linted.
    assert _displays([os.path.join(root, "svc", "Dockerfile.j2")]) == [
        os.path.join(root, "svc", "Dockerfile.j2")
    ]


def test_display_path_joins_the_directory_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path, "svc/Dockerfile", "svc/sub/Dockerfile")
    monkeypatch.chdir(tmp_path)
    assert _displays(["svc"]) == ["svc/Dockerfile", "svc/sub/Dockerfile"]
    assert _displays(["svc/"]) == ["svc/Dockerfile", "svc/sub/Dockerfile"]
    assert _displays(["./svc"]) == ["./svc/Dockerfile", "./svc/sub/Dockerfile"]
    assert _displays(["."]) == ["./svc/Dockerfile", "./svc/sub/Dockerfile"]


def test_explicit_files_any_name_stdin_and_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path, "ci/build.txt", "Dockerfile")
    monkeypatch.chdir(tmp_path)
    found = discover(["ci/build.txt", "-", "Dockerfile", "./Dockerfile", "-", "missing"])
    assert found.items == [
        Target("ci/build.txt", "ci/build.txt"),
        Target("-", None),
        Target("Dockerfile", "Dockerfile"),
        # A missing path is a target: reading it reports the problem, in order.
        Target("missing", "missing"),
    ]


def test_directory_without_dockerfile_is_a_problem(tmp_path: Path) -> None:
    _touch(tmp_path, "src/app.py", "node_modules/x/Dockerfile")
    found = discover([str(tmp_path)])
    assert found.targets == []
    assert found.problems == [Problem(str(tmp_path), "no Dockerfile found in this directory")]


def test_explicit_skipped_directory_is_still_searched(tmp_path: Path) -> None:
    # The skip list applies below the given directory, not to the directory itself.
    _touch(tmp_path, "venv/Dockerfile", "venv/pyvenv.cfg")
    assert _displays([str(tmp_path / "venv")]) == [str(tmp_path / "venv" / "Dockerfile")]


@posix_only
def test_symlinked_directory_not_followed_symlinked_file_linted(tmp_path: Path) -> None:
    _touch(tmp_path, "real/Dockerfile", "elsewhere/Dockerfile")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "tree" / "up").symlink_to(tmp_path)  # would loop if followed
    (tmp_path / "tree" / "Dockerfile").symlink_to(tmp_path / "real" / "Dockerfile")
    found = discover([str(tmp_path / "tree")])
    assert found.problems == []
    assert [t.display for t in found.targets] == [str(tmp_path / "tree" / "Dockerfile")]
    # A symlink given explicitly is followed.
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    assert _displays([str(tmp_path / "link")]) == [str(tmp_path / "link" / "Dockerfile")]


@posix_only
def test_symlink_loops_are_reported_and_skipped(tmp_path: Path) -> None:
    _touch(tmp_path, "Dockerfile")
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    found = discover([str(tmp_path)])
    assert found.targets == [Target(str(tmp_path / "Dockerfile"), str(tmp_path / "Dockerfile"))]
    assert found.problems == [
        Problem(str(tmp_path / name), "symlink loop, skipped") for name in ("a", "b", "self")
    ]


@posix_only
def test_broken_symlink_with_a_dockerfile_name_is_reported(tmp_path: Path) -> None:
    _touch(tmp_path, "Dockerfile")
    (tmp_path / "Dockerfile.old").symlink_to(tmp_path / "gone")
    (tmp_path / "notes").symlink_to(tmp_path / "gone")  # other names: silently ignored
    found = discover([str(tmp_path)])
    assert found.problems == [
        Problem(str(tmp_path / "Dockerfile.old"), "broken symlink (its target does not exist)")
    ]
    assert len(found.targets) == 1


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_subdirectory_is_a_problem(tmp_path: Path) -> None:
    _touch(tmp_path, "Dockerfile", "locked/Dockerfile")
    (tmp_path / "locked").chmod(0)
    try:
        found = discover([str(tmp_path)])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert found.problems == [Problem(str(tmp_path / "locked"), "permission denied")]


def test_walk_is_not_recursive(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d"] * 120)
    _touch(deep, "Dockerfile")
    depth = len(inspect.stack())
    limit = sys.getrecursionlimit()
    # A recursive walk would need ~120 more frames than this allows.
    sys.setrecursionlimit(depth + 60)
    try:
        found = discover([str(tmp_path)])
    finally:
        sys.setrecursionlimit(limit)
    assert [t.display for t in found.targets] == [str(deep / "Dockerfile")]

"""discovery: which names match, what is skipped, loops, order, display paths."""

from __future__ import annotations

import inspect
import os
import sys
from pathlib import Path

import pytest

from dockerlint_ml.discovery import Problem, Target, discover, is_dockerfile_name

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need POSIX here")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("dockerfile", True),
        ("DOCKERFILE", True),
        ("Dockerfile.dev", True),
        ("dockerfile.Prod", True),
        ("api.Dockerfile", True),
        ("api.dockerfile", True),
        ("Containerfile", True),
        ("containerfile.gpu", True),
        ("Dockerfile.dockerignore", False),
        ("api.Dockerfile.dockerignore", False),
        ("Containerfile.containerignore", False),
        (".dockerignore", False),
        ("Dockerfiles", False),
        ("MyDockerfile", False),
        ("Dockerfile-dev", False),
        ("docker-compose.yml", False),
        ("Containerfile-x", False),
    ],
)
def test_names(name: str, expected: bool) -> None:
    assert is_dockerfile_name(name) is expected


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

"""facts.context: safe reads inside a build context, and when a directory is one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts import context as context_module
from dockerlint_ml.facts.context import MAX_TEXT_BYTES, BuildContext, detect_context


def write(root: Path, rel: str, text: str = "x\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "svc"
    write(root, "predict.py", "print('hi')\n")
    write(root, "models/model.bin", "weights")
    write(tmp_path / "outside", "secret.txt", "top secret\n")
    return root


def test_paths_stay_inside_the_context(project: Path) -> None:
    ctx = BuildContext(project)
    assert ctx.read_text("predict.py") == "print('hi')\n"
    assert ctx.read_text("./models/../predict.py") is None  # `..` is never walked
    assert ctx.read_text("../outside/secret.txt") is None
    # a leading `/` is the context's root, as COPY reads its sources
    assert ctx.read_text("/predict.py") == "print('hi')\n"
    assert ctx.is_dir("models") and ctx.is_file("models/model.bin")
    assert not ctx.is_file("missing.py") and ctx.size("missing.py") is None
    assert ctx.size("models/model.bin") == len("weights")


def test_a_symlink_out_of_the_context_is_absent(project: Path) -> None:
    (project / "leak.txt").symlink_to(project.parent / "outside" / "secret.txt")
    (project / "leakdir").symlink_to(project.parent / "outside")
    (project / "inner.py").symlink_to(project / "predict.py")
    ctx = BuildContext(project)
    assert ctx.path("leak.txt") is None and ctx.read_text("leak.txt") is None
    assert ctx.read_text("leakdir/secret.txt") is None and ctx.names("leakdir") is None
    assert ctx.read_text("inner.py") == "print('hi')\n"  # a link inside the context is fine


def test_an_unreadable_file_reads_as_none(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests run as root, who reads any file: the refusal is simulated.
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("predict.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(context_module.os, "open", refuse)
    ctx = BuildContext(project)
    assert ctx.read_text("predict.py") is None
    assert ctx.is_file("predict.py")  # still there: stat-ed, not read


def test_a_large_sparse_file_is_only_stat_ed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = project / "models" / "big.safetensors"
    with big.open("wb") as fh:
        fh.truncate(1 << 30)  # 1 GiB, sparse: no disk used
    reads: list[int] = []
    real_fdopen = os.fdopen

    def counting(fd: int, *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        reads.append(fd)
        return handle

    monkeypatch.setattr(context_module.os, "fdopen", counting)
    ctx = BuildContext(project)
    assert ctx.size("models/big.safetensors") == 1 << 30
    assert ctx.read_text("models/big.safetensors") is None
    assert reads == []  # over the limit: never opened for reading
    write(project, "at-limit.txt", "a" * MAX_TEXT_BYTES)
    assert ctx.read_text("at-limit.txt") == "a" * MAX_TEXT_BYTES
    write(project, "over.txt", "a" * (MAX_TEXT_BYTES + 1))
    assert ctx.read_text("over.txt") is None


def test_a_fifo_is_never_read(project: Path) -> None:
    os.mkfifo(project / "pipe")
    assert BuildContext(project).read_text("pipe") is None


def test_listing_is_capped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(12):
        write(project, f"data/{i:02}.csv")
    monkeypatch.setattr(context_module, "MAX_LISTED", 5)
    listing = BuildContext(project).names("data")
    assert listing is not None
    names, complete = listing
    assert len(names) == 5 and not complete
    assert BuildContext(project).names("predict.py") is None


@pytest.mark.parametrize(
    ("files", "dockerfile", "is_context"),
    [
        ([".dockerignore"], "FROM python:3.12-slim\n", True),
        (["Pipfile"], "FROM python:3.12-slim\n", True),
        (["pyproject.toml"], "FROM python:3.12-slim\n", True),
        (["requirements-dev.txt"], "FROM python:3.12-slim\n", True),
        (["setup.py"], "FROM python:3.12-slim\n", True),
        (["environment.yml"], "FROM python:3.12-slim\n", True),
        # the first local COPY's source is here
        (["predict.py"], "FROM python:3.12-slim\nCOPY predict.py ./\n", True),
        (["app/main.py"], "FROM python:3.12-slim\nCOPY app/ ./app/\n", True),
        # ... or it is not: `docker build -f docker/Dockerfile .` from the repository root
        ([], "FROM python:3.12-slim\nCOPY predict.py ./\n", False),
        # `COPY . .` says nothing about where the context is; --from and URLs read none
        (["notes.md"], "FROM python:3.12-slim\nCOPY . .\n", False),
        (["x"], "FROM python:3.12-slim\nCOPY --from=build /x x\nCOPY x .\n", True),
        (["x"], "FROM python:3.12-slim\nADD https://example.com/x x\n", False),
        (["requirements.md"], "FROM python:3.12-slim\n", False),
    ],
)
def test_detect_context(
    tmp_path: Path, files: list[str], dockerfile: str, is_context: bool
) -> None:
    for rel in files:
        write(tmp_path, rel)
    path = write(tmp_path, "Dockerfile", dockerfile)
    found = detect_context(str(path), parse(dockerfile))
    assert (found is not None) is is_context
    if found is not None:
        assert found.root == tmp_path.resolve()


def test_the_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    write(tmp_path, ".dockerignore", "*.csv\n")
    write(tmp_path, "docker/api.Dockerfile", "FROM python:3.12-slim\n")
    write(tmp_path, "docker/api.Dockerfile.dockerignore", "*.md\n")
    rooted = BuildContext(tmp_path).ignore
    assert rooted is not None and rooted.excluded("data.csv") is True
    specific = BuildContext(tmp_path, str(tmp_path / "docker" / "api.Dockerfile")).ignore
    assert specific is not None
    assert (specific.excluded("data.csv"), specific.excluded("README.md")) == (False, True)
    assert BuildContext(tmp_path / "docker").ignore is None


def test_source_state(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dockerlint_ml.facts.context import EXCLUDED, MISSING, SENT, source_state

    write(project, ".dockerignore", "models\n*.log\n!models/keep/\n")
    write(project, "run.log")
    write(project, "models/keep/config.json")
    (project / "leak.txt").symlink_to(project.parent / "outside" / "secret.txt")
    ctx = BuildContext(project)
    assert [
        source_state(ctx, s)
        for s in ("predict.py", "./predict.py", "/predict.py", "nope.py", "run.log", ".", "")
    ] == [SENT, SENT, SENT, MISSING, EXCLUDED, SENT, SENT]
    # `models` is excluded, but `models/keep/` is re-included below it: sent
    assert source_state(ctx, "models") == SENT
    assert source_state(ctx, "models/model.bin") == EXCLUDED
    assert source_state(ctx, "leak.txt") is None  # a link out: not judged
    assert source_state(ctx, "../outside/secret.txt") is None
    write(project, ".dockerignore", "models\n")
    ctx = BuildContext(project)
    assert source_state(ctx, "models") == EXCLUDED
    write(project, ".dockerignore", "models\n!models/keep/config.json\n")
    monkeypatch.setattr(context_module, "MAX_WALKED", 1)
    assert source_state(BuildContext(project), "models") is None  # the walk would be too long


def test_the_tree_walks_only_what_is_asked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, "data/shard0/a.json", "{}")
    write(project, "src/pkg/__init__.py", "")
    (project / "linked").symlink_to(project / "src")
    scanned: list[str] = []
    real = os.scandir

    def spy(path: str | os.PathLike[str]) -> object:
        scanned.append(os.path.relpath(path, project))
        return real(path)

    monkeypatch.setattr(context_module.os, "scandir", spy)
    ctx = BuildContext(project)
    assert ctx.tree("src").files == (("src/pkg/__init__.py", 0),)
    assert ctx.tree("src").dirs == frozenset({"src/pkg"})
    assert sorted(scanned) == ["src", "src/pkg"]
    # a link or a missing directory is not walked
    assert (ctx.tree("linked").files, ctx.tree("linked").complete) == ((), False)
    assert ctx.tree("nope").files == ()
    scanned.clear()
    whole = ctx.tree()
    assert whole.complete and "data/shard0/a.json" in dict(whole.files)
    assert ("linked", 0) not in whole.files and "linked" not in whole.dirs
    scanned.clear()
    assert ctx.tree("data").files == (("data/shard0/a.json", 2),)  # from the whole walk
    assert scanned == []

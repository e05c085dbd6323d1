"""`--fix` and `--diff` over a copy of every real Dockerfile of the shared corpus.

For the safe fixes and again with `--unsafe-fixes`: at least 100 files change; a second
`--fix` changes nothing; every fixed file parses with BuildKit's own parser whenever the
original did; no finding of a code the file did not have appears (safe fixes only: an
unsafe fix's page says what it may bring); no fix of the applied kind is left unapplied;
and the `--diff` output, applied with `patch -p1 --binary`, gives exactly what `--fix`
wrote. The fixes applied per rule are printed (`pytest -s` shows them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import CORPUS
from tests.test_corpus import MANIFEST, manifest_files, require

AS_OF = "2026-12-01"
BASE = [sys.executable, "-m", "dockerlint_ml", "--isolated", "--no-context", "--as-of", AS_OF]
# Codes an unsafe fix may bring, each argued on its rule's page: none so far.
UNSAFE_MAY_ADD: dict[str, frozenset[str]] = {}


def _copy(target: Path) -> list[str]:
    """The corpus files copied under `target`; their paths relative to it."""
    files = []
    for path in manifest_files():
        rel = path.relative_to(CORPUS).as_posix()
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        files.append(rel)
    return files


def _run(cwd: Path, files: list[str], *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [*BASE, *args, *files], cwd=cwd, capture_output=True, env=env, check=False, timeout=1800
    )


def _findings(cwd: Path, files: list[str]) -> dict[str, list[dict[str, object]]]:
    done = _run(cwd, files, "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr.decode()
    out: dict[str, list[dict[str, object]]] = {}
    for item in json.loads(done.stdout):
        out.setdefault(str(item["file"]), []).append(item)
    return out


def _texts(root: Path, files: list[str]) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in files}


def _buildkit_accepts(text: bytes) -> bool:
    import dockerfile

    try:
        dockerfile.parse_string(text.decode("utf-8", "replace"))
    except dockerfile.GoParseError:
        return False
    return True


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_over_the_corpus(tmp_path: Path, unsafe: bool) -> None:
    require(MANIFEST)
    if shutil.which("patch") is None:
        pytest.skip("`patch` is not installed: the --diff check needs it")
    flags = ["--unsafe-fixes"] if unsafe else []
    fixed_root, diff_root = tmp_path / "fixed", tmp_path / "diffed"
    files = _copy(fixed_root)
    _copy(diff_root)
    before_texts = _texts(fixed_root, files)
    before = _findings(fixed_root, files)

    diff = _run(diff_root, files, "--diff", *flags)
    assert diff.returncode in (0, 1), diff.stderr.decode()
    fix = _run(fixed_root, files, "--fix", "--show-fixes", "--format", "json", *flags)
    assert fix.returncode in (0, 1), fix.stderr.decode()
    after_texts = _texts(fixed_root, files)
    changed = [rel for rel in files if after_texts[rel] != before_texts[rel]]

    # --show-fixes lists `path:line:column: CODE title` on stderr (the report is JSON).
    shown: Counter[str] = Counter()
    for line in fix.stderr.decode().splitlines():
        head, sep, rest = line.partition(": ")
        parts = rest.split()
        if sep and parts and head.count(":") >= 2:
            shown[parts[0]] += 1
    print(f"\n{'unsafe' if unsafe else 'safe'} fixes: {len(changed)} files changed")
    for code, count in sorted(shown.items()):
        print(f"  {code}: {count}")
    assert len(changed) >= 100, f"only {len(changed)} files changed"

    # --diff applied with patch gives exactly what --fix wrote.
    patched = subprocess.run(
        ["patch", "-p1", "--binary", "--silent", "--no-backup-if-mismatch"],
        input=diff.stdout,
        cwd=diff_root,
        capture_output=True,
        check=False,
    )
    assert patched.returncode == 0, patched.stdout.decode() + patched.stderr.decode()
    differing = [rel for rel in files if (diff_root / rel).read_bytes() != after_texts[rel]]
    assert not differing, f"--diff and --fix disagree on {differing[:10]}"

    # A second --fix changes nothing.
    again = _run(fixed_root, files, "--fix", "--format", "json", "--fail-on", "never", *flags)
    assert again.returncode == 0, again.stderr.decode()
    moved = [rel for rel in files if (fixed_root / rel).read_bytes() != after_texts[rel]]
    assert not moved, f"a second --fix changed {moved[:10]}"

    broken = [
        rel
        for rel in changed
        if _buildkit_accepts(before_texts[rel]) and not _buildkit_accepts(after_texts[rel])
    ]
    assert not broken, f"BuildKit rejects the fixed {broken[:10]}"

    after = _findings(fixed_root, files)
    kind = ("safe", "unsafe") if unsafe else ("safe",)
    left = [
        f"{rel}:{f['line']} {f['code']}"
        for rel, found in after.items()
        for f in found
        if f["fixable"] in kind
    ]
    assert not left, f"fixable findings left after --fix: {left[:20]}"
    new: list[str] = []
    for rel in changed:
        had = {str(f["code"]) for f in before.get(rel, [])}
        for f in after.get(rel, []):
            code = str(f["code"])
            if code in had:
                continue
            allowed = set().union(*UNSAFE_MAY_ADD.values()) if unsafe else set()
            if code not in allowed:
                new.append(f"{rel}:{f['line']} {code}")
    assert not new, f"fixes brought new codes: {new[:20]}"

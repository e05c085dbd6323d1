"""run.fixing: applying edits, choosing fixes that do not conflict, the diff, the write."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from dockerlint_ml.dockerfile.model import SAFE, UNSAFE, Edit, Fix, Span
from dockerlint_ml.run.fixing import (
    FixMode,
    FixWriteError,
    apply_edits,
    choose,
    unified_diff,
    write_fixed,
)


def _insert(line: int, column: int, text: str) -> Edit:
    return Edit(Span(line, column, line, column), text)


def test_apply_edits_in_any_order() -> None:
    text = "FROM a\nRUN pip install x\n"
    edits = [_insert(2, 16, " --no-cache-dir"), Edit(Span(1, 6, 1, 7), "b")]
    assert apply_edits(text, edits) == "FROM b\nRUN pip install --no-cache-dir x\n"


def test_apply_edits_keeps_crlf_and_writes_new_lines_with_it() -> None:
    text = "FROM a\r\nCMD x\r\n"
    out = apply_edits(text, [_insert(2, 1, "WORKDIR /app\n")])
    assert out == "FROM a\r\nWORKDIR /app\r\nCMD x\r\n"
    # Columns end before the "\r": the end of line 1 is column 7.
    assert apply_edits(text, [_insert(1, 7, " AS b")]) == "FROM a AS b\r\nCMD x\r\n"


def test_apply_edits_counts_code_points_and_skips_the_bom() -> None:
    text = "\ufeffLABEL a=\U0001f600 b\nCMD x"
    assert apply_edits(text, [Edit(Span(1, 11, 1, 12), "c")]) == "\ufeffLABEL a=\U0001f600 c\nCMD x"


def test_apply_edits_on_a_last_line_without_newline() -> None:
    assert apply_edits("FROM a\nCMD x", [_insert(2, 6, " y")]) == "FROM a\nCMD x y"


@pytest.mark.parametrize(
    "edit",
    [
        Edit(Span(3, 1, 3, 1), "x"),  # no line 3
        Edit(Span(1, 8, 1, 8), "x"),  # past the end of line 1
        Edit(Span(2, 7, 2, 7), "x"),  # past the end of the last line
    ],
)
def test_apply_edits_refuses_positions_outside_the_text(edit: Edit) -> None:
    with pytest.raises(ValueError):
        apply_edits("FROM a\nCMD x\n", [edit])


def test_apply_edits_refuses_overlaps() -> None:
    with pytest.raises(ValueError):
        apply_edits("FROM abc\n", [Edit(Span(1, 6, 1, 8), "x"), Edit(Span(1, 7, 1, 9), "y")])


def test_choose_defers_fixes_that_touch_or_overlap() -> None:
    text = "RUN a b c\n"
    first = Fix("one", SAFE, (Edit(Span(1, 5, 1, 6), "A"),))
    touching = Fix("two", SAFE, (_insert(1, 6, " x"),))
    apart = Fix("three", SAFE, (Edit(Span(1, 9, 1, 10), "C"),))
    assert choose(text, [first, touching, apart]) == [first, apart]
    stale = Fix("stale", SAFE, (_insert(5, 1, "x"),))  # a finding of another text
    assert choose(text, [stale, touching]) == [touching]


def test_fix_mode_wants_safe_fixes_unless_unsafe_is_asked_for() -> None:
    safe = Fix("s", SAFE, (_insert(1, 1, "x"),))
    unsafe = Fix("u", UNSAFE, (_insert(1, 1, "x"),))
    assert FixMode().wants(safe) and not FixMode().wants(unsafe)
    assert FixMode(unsafe=True).wants(unsafe)


def test_unified_diff_exact() -> None:
    old = "FROM a\nRUN x\nCMD y"
    new = "FROM a\nRUN x --y\nCMD y"
    assert unified_diff("d/Dockerfile", old, new) == (
        "--- a/d/Dockerfile\n"
        "+++ b/d/Dockerfile\n"
        "@@ -1,3 +1,3 @@\n"
        " FROM a\n"
        "-RUN x\n"
        "+RUN x --y\n"
        " CMD y\n"
        "\\ No newline at end of file\n"
    )
    assert unified_diff("d", old, old) == ""
    spaced = unified_diff("Week 9/Dockerfile", old, new).splitlines()[:2]
    assert spaced == ["--- a/Week 9/Dockerfile\t", "+++ b/Week 9/Dockerfile\t"]


@pytest.mark.skipif(not os.path.exists("/usr/bin/patch"), reason="`patch` is not installed")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("FROM a\r\nCMD x\r\n", "FROM a\r\nWORKDIR /app\r\nCMD x\r\n"),
        ("FROM a\nCMD x", 'FROM a\nCMD ["x"]'),
        ("FROM a\nCMD x\n", "FROM a\nCMD x"),
        ("FROM a", "FROM a\n"),
    ],
)
def test_unified_diff_applies_with_patch(tmp_path: Path, old: str, new: str) -> None:
    (tmp_path / "Week 9").mkdir()
    (tmp_path / "Week 9" / "Dockerfile").write_bytes(old.encode())
    diff = unified_diff("Week 9/Dockerfile", old, new)
    done = subprocess.run(
        ["patch", "-p1", "--binary", "--silent"],
        input=diff.encode(),
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "Week 9" / "Dockerfile").read_bytes() == new.encode()


def test_write_fixed_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM a\n")
    path.chmod(0o640)
    write_fixed(str(path), b"FROM a\n", "FROM b\n")
    assert path.read_bytes() == b"FROM b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_fixed_writes_a_symlinks_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "Dockerfile"
    target.parent.mkdir()
    target.write_bytes(b"FROM a\n")
    link = tmp_path / "Dockerfile"
    link.symlink_to(target)
    write_fixed(str(link), b"FROM a\n", "FROM b\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"FROM b\n"


def test_write_fixed_leaves_a_file_that_changed_alone(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM c\n")
    with pytest.raises(FixWriteError, match="changed on disk since it was read"):
        write_fixed(str(path), b"FROM a\n", "FROM b\n")
    assert path.read_bytes() == b"FROM c\n"

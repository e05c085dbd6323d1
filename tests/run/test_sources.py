"""sources: regular files only, binary refused, invalid UTF-8 repaired and located, stdin."""

from __future__ import annotations

import io
import os
import socket
import sys
from pathlib import Path

import pytest

from dockerlint_ml.run.sources import (
    BINARY_FILE,
    NOT_REGULAR,
    BadUtf8,
    SourceError,
    decode,
    read_path,
    read_stdin,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets are POSIX")


@pytest.mark.parametrize(
    ("data", "text", "bad"),
    [
        (b"FROM python\n", "FROM python\n", None),
        (b"", "", None),
        # A BOM is kept for the parser to drop; it is not a column.
        (b"\xef\xbb\xbfFROM x\n", "\ufeffFROM x\n", None),
        (b"FROM x\nRUN echo \xff ok\n", "FROM x\nRUN echo \ufffd ok\n", BadUtf8(2, 10)),
        (b"\xef\xbb\xbf\xfe\n", "\ufeff\ufffd\n", BadUtf8(1, 1)),
        # Columns count code points: the e-acute before the bad byte is one column.
        (b"RUN \xc3\xa9\xe2\x28\xa1\n", "RUN é\ufffd(\ufffd\n", BadUtf8(1, 6)),
        # Only the first bad sequence is located.
        (b"A\r\nB\xff\nC\xfe\n", "A\r\nB\ufffd\nC\ufffd\n", BadUtf8(2, 2)),
        # A sequence cut by end of file.
        (b"FROM x\nRUN \xe2\x82", "FROM x\nRUN \ufffd", BadUtf8(2, 5)),
    ],
)
def test_decode(data: bytes, text: str, bad: BadUtf8 | None) -> None:
    source = decode(data, "Dockerfile")
    assert (source.path, source.text, source.bad_utf8) == ("Dockerfile", text, bad)


@pytest.mark.parametrize("data", [b"\0", b"FROM x\n\0\n", b"\xff\xfeF\0R\0O\0M\0"])
def test_nul_bytes_are_binary(data: bytes) -> None:
    with pytest.raises(SourceError) as info:
        decode(data, "img.bin")
    assert (info.value.path, info.value.reason) == ("img.bin", BINARY_FILE)
    assert str(info.value) == "img.bin: binary file, not a Dockerfile"


def test_read_regular_file_keeps_display_path(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM python:3.12-slim\r\n")
    source = read_path(str(path), display="shown/Dockerfile")
    assert (source.path, source.text, source.bad_utf8) == (
        "shown/Dockerfile",
        "FROM python:3.12-slim\r\n",
        None,
    )
    assert read_path(str(path)).path == str(path)


def _reason(path: str) -> str:
    with pytest.raises(SourceError) as info:
        read_path(path)
    assert info.value.path == path
    return info.value.reason


def test_missing_file(tmp_path: Path) -> None:
    assert _reason(str(tmp_path / "nope")) == "no such file or directory"


def test_directory_is_refused(tmp_path: Path) -> None:
    assert _reason(str(tmp_path)) == "is a directory"


@posix_only
def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").symlink_to(tmp_path / "gone")
    assert _reason(str(tmp_path / "Dockerfile")) == "broken symlink (its target does not exist)"


@posix_only
def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").symlink_to("Dockerfile")
    assert _reason(str(tmp_path / "Dockerfile")) == "symlink loop"


@posix_only
def test_fifo_is_never_opened(tmp_path: Path) -> None:
    # Opening a FIFO without a writer blocks forever: the stat check must come first.
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    assert _reason(str(fifo)) == NOT_REGULAR


@posix_only
def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
        assert _reason(str(path)) == NOT_REGULAR


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_device_is_refused() -> None:
    assert _reason("/dev/null") == NOT_REGULAR


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file regardless of mode"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM x\n")
    path.chmod(0)
    try:
        assert _reason(str(path)) == "permission denied"
    finally:
        path.chmod(0o644)


def test_nul_in_path_is_a_problem_not_a_crash() -> None:
    assert _reason("Docker\0file").startswith("invalid path")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM x\n\x00\x01\x02")
    assert _reason(str(path)) == BINARY_FILE


def test_read_stdin_stream() -> None:
    source = read_stdin("svc/Dockerfile", io.BytesIO(b"FROM x\nRUN \xff\n"))
    assert (source.path, source.text, source.bad_utf8) == (
        "svc/Dockerfile",
        "FROM x\nRUN \ufffd\n",
        BadUtf8(2, 5),
    )
    with pytest.raises(SourceError, match="binary file"):
        read_stdin("-", io.BytesIO(b"\0"))

"""Reading a Dockerfile's bytes safely: regular files only, binary refused, UTF-8 with repair.

A path is checked with `os.stat` before it is opened, so a FIFO, a device or a socket is
refused without ever being opened (opening a FIFO blocks until a writer appears). The file is
then opened non-blocking and checked again with `fstat`, which closes the window where the
path could be swapped between the two calls.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO

BINARY_FILE = "binary file, not a Dockerfile"
NOT_REGULAR = "not a regular file"


class SourceError(Exception):
    """A path that cannot be linted; `reason` is the short text shown after the path."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BadUtf8:
    """Where the first byte sequence that is not UTF-8 starts (1-based; column in code points)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Source:
    """The decoded text of one input and where it came from."""

    path: str  # the display path, as given on the command line
    text: str
    # The first invalid UTF-8 sequence; the text then holds U+FFFD in its place.
    bad_utf8: BadUtf8 | None = None

    @property
    def invalid_utf8(self) -> tuple[int, int] | None:
        """(line, column) of the first invalid UTF-8 sequence, as `parser.parse` takes it."""
        return None if self.bad_utf8 is None else (self.bad_utf8.line, self.bad_utf8.column)


def _os_reason(exc: OSError, path: str) -> str:
    if exc.errno == errno.ENOENT:
        try:
            os.lstat(path)
        except OSError:
            return "no such file or directory"
        return "broken symlink (its target does not exist)"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "no such file or directory (a parent is not a directory)"
    detail = exc.strerror or type(exc).__name__
    return f"cannot read: {detail[:1].lower()}{detail[1:]}"


def _kind(mode: int) -> str | None:
    """None for a regular file, else the reason it is refused."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    return NOT_REGULAR


def read_path(path: str, display: str | None = None) -> Source:
    """Read and decode a regular file; raises SourceError with a one-line reason otherwise.

    `path` is the file-system path, `display` the name used in reports (default: `path`).
    """
    shown = path if display is None else display
    try:
        reason = _kind(os.stat(path).st_mode)
    except OSError as exc:
        raise SourceError(shown, _os_reason(exc, path)) from None
    except ValueError as exc:  # a NUL character in the path
        raise SourceError(shown, f"invalid path: {exc}") from None
    if reason is not None:
        raise SourceError(shown, reason)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(shown, _os_reason(exc, path)) from None
    try:
        reason = _kind(os.fstat(fd).st_mode)
        if reason is not None:
            raise SourceError(shown, reason)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
    except OSError as exc:
        raise SourceError(shown, _os_reason(exc, path)) from None
    finally:
        os.close(fd)
    return decode(data, shown)


def read_stdin(display: str = "-", stream: BinaryIO | None = None) -> Source:
    """Read and decode standard input (or `stream`); raises SourceError for binary data."""
    reader = stream if stream is not None else sys.stdin.buffer
    try:
        data = reader.read()
    except OSError as exc:
        raise SourceError(display, f"cannot read standard input: {exc.strerror or exc}") from None
    return decode(data, display)


def decode(data: bytes, display: str) -> Source:
    """Bytes -> Source: NUL bytes mean binary (SourceError); invalid UTF-8 is replaced.

    The first invalid sequence's line and column are kept so the caller can report it
    (a UTF-8 BOM at the start is not counted as a column, as the parser drops it).
    """
    if b"\0" in data:
        raise SourceError(display, BINARY_FILE)
    try:
        return Source(display, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        start = exc.start
    line_start = data.rfind(b"\n", 0, start) + 1
    prefix = data[line_start:start].decode("utf-8")
    if line_start == 0 and prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    where = BadUtf8(line=data.count(b"\n", 0, start) + 1, column=len(prefix) + 1)
    return Source(display, data.decode("utf-8", errors="replace"), where)

"""The file-system boundary: reading inputs safely, writing report files atomically.

Reading (Dockerfiles, standard input, configuration and baseline files): regular files only,
binary refused, UTF-8 with repair, a size limit. A path is checked with `os.stat` before it is
opened, so a FIFO, a device or a socket is refused without ever being opened (opening a FIFO
blocks until a writer appears). The file is then opened non-blocking and checked again with
`fstat`, which closes the window where the path could be swapped between the two calls.

Writing (`--output`, `--write-baseline`): `replace_file`, a temporary file in the same
directory renamed over the target, so that a reader, a parallel writer or a failure never
sees a partial file; a symlink is refused, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, TextIO

BINARY_FILE = "binary file, not a Dockerfile"
NOT_REGULAR = "not a regular file"
NO_SUCH_FILE = "no such file or directory"
IS_DIRECTORY = "is a directory"
# The default size limit of every input (Dockerfile, standard input, configuration,
# baseline): the largest real Dockerfiles are tens of kilobytes, so 10 MiB only refuses
# what is generated or hostile, and bounds the memory a run needs (README, "Bad input").
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def too_large(limit: int) -> str:
    """The reason shown for an input over the size limit."""
    return f"larger than the size limit of {limit:,} bytes (--max-file-size)"


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
            return NO_SUCH_FILE
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
        return IS_DIRECTORY
    return NOT_REGULAR


def read_bytes(path: str, display: str | None = None, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (default DEFAULT_MAX_FILE_SIZE);
    raises SourceError with a one-line reason otherwise. Never opens a FIFO or a device."""
    shown = path if display is None else display
    limit = DEFAULT_MAX_FILE_SIZE if max_bytes is None else max_bytes
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SourceError(shown, _os_reason(exc, path)) from None
    except ValueError as exc:  # a NUL character in the path
        raise SourceError(shown, f"invalid path: {exc}") from None
    reason = _kind(info.st_mode)
    if reason is not None:
        raise SourceError(shown, reason)
    if info.st_size > limit:
        raise SourceError(shown, too_large(limit))
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
            # One byte past the limit tells a file that grew since the stat from one at it.
            data = read_at_most(handle, limit + 1)
    except OSError as exc:
        raise SourceError(shown, _os_reason(exc, path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SourceError(shown, too_large(limit))
    return data


# Bytes asked of a stream at a time: `read(n)` sets aside n bytes before reading any, so a
# single read of the limit would cost the whole limit (1 GiB for `--max-file-size 1G`)
# even for a small input.
READ_CHUNK = 1024 * 1024


def read_at_most(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes of `stream` (fewer at its end), read in chunks so that memory
    follows the data, not the limit. A non-blocking stream without data raises
    BlockingIOError ("no data available")."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(min(READ_CHUNK, left))
        if chunk is None:
            raise BlockingIOError(errno.EAGAIN, "No data available")
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_path(path: str, display: str | None = None, *, max_bytes: int | None = None) -> Source:
    """Read and decode a regular file; raises SourceError with a one-line reason otherwise.

    `path` is the file-system path, `display` the name used in reports (default: `path`);
    `max_bytes` the size limit (default DEFAULT_MAX_FILE_SIZE).
    """
    shown = path if display is None else display
    return decode(read_bytes(path, shown, max_bytes=max_bytes), shown)


def read_stdin(
    display: str = "-", stream: BinaryIO | None = None, *, max_bytes: int | None = None
) -> Source:
    """Read and decode standard input (or `stream`), at most `max_bytes` (default
    DEFAULT_MAX_FILE_SIZE); raises SourceError for binary data, an input over the limit,
    or a standard input that is closed or cannot be read."""
    limit = DEFAULT_MAX_FILE_SIZE if max_bytes is None else max_bytes
    reader = stream if stream is not None else getattr(sys.stdin, "buffer", None)
    if reader is None:  # started with stdin closed (`<&-`): Python sets sys.stdin to None
        raise SourceError(display, "standard input is closed")
    try:
        data = read_at_most(reader, limit + 1)  # never more: stdin may be /dev/zero
    except OSError as exc:
        raise SourceError(display, f"cannot read standard input: {exc.strerror or exc}") from None
    except ValueError:  # "I/O operation on closed file"
        raise SourceError(display, "standard input is closed") from None
    if len(data) > limit:
        raise SourceError(display, too_large(limit))
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


def replace_file(path: str, write: Callable[[TextIO], None]) -> None:
    """Write a text file with `write(handle)`, atomically: UTF-8 (unencodable characters as
    backslash escapes), newlines untranslated. Raises OSError; `path` is then unchanged.

    - a new path or a regular file: written to a temporary file in the same directory, then
      renamed over `path` (an existing file keeps its permissions), so a parallel writer or
      a failure in `write` never leaves a partial file;
    - a symlink is refused: writing through one would let a repository aim the report at
      any file (`report.sarif -> ~/.bashrc`), and renaming over one breaks links that are
      not ours (run as root, `-o /dev/stdout` would replace /dev/stdout for everyone);
    - a device or a FIFO named directly (`/dev/null`) is written in place: only the user
      can have put one there, as a repository holds files, directories and symlinks only;
    - a directory is refused (IsADirectoryError).
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _replace_atomically(path, write, _default_mode())
        return
    if stat.S_ISREG(info.st_mode):
        _replace_atomically(path, write, stat.S_IMODE(info.st_mode))
    elif stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    elif stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, "Is a symlink (not followed, not replaced)", path)
    else:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as out:
            write(out)


def _replace_atomically(path: str, write: Callable[[TextIO], None], mode: int) -> None:
    import tempfile  # here: the command line imports this module at start-up

    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".dockerlint-ml-", dir=directory)
    try:
        with open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())  # a full disk fails here, before the old file is replaced
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _default_mode() -> int:
    """What a plain open() would create (mkstemp creates 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

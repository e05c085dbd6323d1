"""Reading one file of a repository the linter does not trust: bounded, regular files only."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def read_regular_file(path: Path, limit: int, *, max_size: int | None = None) -> bytes:
    """At most `limit` bytes of the regular file at `path`. Refuses a symlink as the last
    component, a FIFO or a device (ValueError, before any read: a FIFO would block), and,
    with `max_size`, a file whose size is larger (ValueError: only stat-ed, never read).
    OSError when it cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if max_size is not None and info.st_size > max_size:
            raise ValueError(f"larger than {max_size} bytes")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)

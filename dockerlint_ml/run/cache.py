"""A cache of JSON answers in the user's cache directory, one file per key.

The ShellCheck answers for unchanged scripts come from here, so a second run over the same
files starts no process. A cache is an optimisation only: a corrupt entry is a miss, an
unwritable directory stops writing, each said once per run as a warning, never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

ENV_VAR = "DOCKERLINT_ML_CACHE_DIR"


def cache_dir() -> str:
    """`DOCKERLINT_ML_CACHE_DIR`, else the platform's user cache directory for us."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return os.path.abspath(configured)
    # Imported here: only a run that reaches the cache pays for it.
    from platformdirs import user_cache_dir

    return str(user_cache_dir("dockerlint-ml", appauthor=False))


class Cache:
    """JSON values by key (a hex digest) under `root/namespace/`."""

    def __init__(self, namespace: str, root: str | None = None) -> None:
        self.directory = os.path.join(root if root is not None else cache_dir(), namespace)
        self.hits = 0
        self.misses = 0
        self.warnings: list[str] = []
        self._corrupt_said = False
        self._writable = True

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key + ".json")

    def get(self, key: str, decode: Callable[[Any], T]) -> T | None:
        """`decode` of the value stored under `key`, or None (absent, unreadable, or
        corrupt: not JSON, another key's, or `decode` raised ValueError, TypeError or
        KeyError)."""
        path = self._path(key)
        try:
            with open(path, encoding="utf-8") as f:
                raw = f.read()
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, UnicodeDecodeError):
            self._corrupt(path)
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            self._corrupt(path)
            return None
        if not isinstance(value, dict) or value.get("key") != key or "value" not in value:
            self._corrupt(path)
            return None
        try:
            decoded = decode(value["value"])
        except (ValueError, TypeError, KeyError):
            self._corrupt(path)
            return None
        self.hits += 1
        return decoded

    def _corrupt(self, path: str) -> None:  # counted as a miss, said once
        self.misses += 1
        if not self._corrupt_said:
            self._corrupt_said = True
            self.warnings.append(
                f"warning: ignoring a corrupt cache entry ({path}); it will be rewritten"
            )
        return None

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key`: written whole to a temporary file, then renamed, so
        a reader never sees half an entry."""
        if not self._writable:
            return
        path = self._path(key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"key": key, "value": value}, f, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            self._writable = False
            reason = exc.strerror or type(exc).__name__
            self.warnings.append(
                f"warning: cannot write the cache in {self.directory} ({reason}); "
                "running without storing results"
            )

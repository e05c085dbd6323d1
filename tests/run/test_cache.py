"""run/cache.py: one JSON file per key; corrupt entries and unwritable directories are
ignored with one warning each, never raised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dockerlint_ml.run.cache import ENV_VAR, Cache, cache_dir

KEY = "ab" + "0" * 62


def same(value: Any) -> Any:
    return value


def test_put_then_get_in_a_new_instance(tmp_path: Path) -> None:
    Cache("ns", root=str(tmp_path)).put(KEY, [[1, 2, "x"]])
    assert (tmp_path / "ns" / "ab" / f"{KEY}.json").is_file()
    again = Cache("ns", root=str(tmp_path))
    assert again.get(KEY, same) == [[1, 2, "x"]]
    assert (again.hits, again.misses, again.warnings) == (1, 0, [])


def test_absent_key_is_a_silent_miss(tmp_path: Path) -> None:
    cache = Cache("ns", root=str(tmp_path))
    assert cache.get(KEY, same) is None
    assert (cache.hits, cache.misses, cache.warnings) == (0, 1, [])


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    cache = Cache("ns", root=str(tmp_path))
    cache.put(KEY, 1)
    cache.put(KEY, 2)
    assert [p.name for p in (tmp_path / "ns" / "ab").iterdir()] == [f"{KEY}.json"]
    assert cache.get(KEY, same) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"key": "someone-else", "value": 1}',
        b'{"value": 1}',
        b"[1, 2]",
        b"\xff\xfe",
    ],
    ids=["not-json", "other-key", "no-key", "not-an-object", "not-utf8"],
)
def test_a_corrupt_entry_is_a_miss_with_one_warning(tmp_path: Path, content: bytes) -> None:
    keys = [f"{n:02x}" + "1" * 62 for n in range(3)]
    for key in keys:
        path = tmp_path / "ns" / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
    cache = Cache("ns", root=str(tmp_path))
    assert [cache.get(key, same) for key in keys] == [None, None, None]
    assert (cache.hits, cache.misses) == (0, 3)
    assert len(cache.warnings) == 1
    assert cache.warnings[0].startswith("warning: ignoring a corrupt cache entry (")
    # Rewritten by the next put, and then read.
    cache.put(keys[0], {"ok": True})
    assert cache.get(keys[0], same) == {"ok": True}


def test_a_value_decode_rejects_is_corrupt(tmp_path: Path) -> None:
    Cache("ns", root=str(tmp_path)).put(KEY, "text")

    def needs_list(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise TypeError("not a list")
        return value

    cache = Cache("ns", root=str(tmp_path))
    assert cache.get(KEY, needs_list) is None
    assert (cache.hits, cache.misses, len(cache.warnings)) == (0, 1, 1)


def test_an_unwritable_directory_warns_once_and_stops_writing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a regular file where the cache directory should be")
    cache = Cache("ns", root=str(blocker))
    for n in range(3):
        cache.put(f"{n:02x}" + "2" * 62, n)
    assert len(cache.warnings) == 1
    assert cache.warnings[0].startswith(f"warning: cannot write the cache in {blocker}/ns (")
    assert cache.warnings[0].endswith("); running without storing results")
    assert cache.get(KEY, same) is None
    assert blocker.read_text().startswith("a regular file")


def test_cache_dir_honours_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "here"))
    assert cache_dir() == str(tmp_path / "here")
    assert Cache("ns").directory == str(tmp_path / "here" / "ns")


def test_cache_dir_defaults_to_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert cache_dir() == platformdirs.user_cache_dir("dockerlint-ml", appauthor=False)

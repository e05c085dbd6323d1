"""A configuration file is input too: bad globs are configuration errors, matching is linear.

Issue 8, item 7 (and item 3 for configuration files): every glob-valued key refuses what
cannot match (exit 2, one line naming the file, the key and the glob, never "internal
error"); glob matching does a bounded number of steps on adversarial patterns and long
paths (counted, not timed); a configuration is read like a lint input (regular files only,
a size limit).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_ml.run import config as config_module
from dockerlint_ml.run.config import Config, Glob, GlobError
from dockerlint_ml.run.sources import DEFAULT_MAX_FILE_SIZE
from tests.hostile.harness import run_capped

# Clean under the default selection (the ENV keeps DLM109 quiet).
DOCKERFILE = 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCMD ["python", "app.py"]\n'
CONFIG = ".dockerlint-ml.toml"


def _repo(tmp_path: Path, config: str) -> Path:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, "utf-8")
    (tmp_path / CONFIG).write_text(config, "utf-8")
    return tmp_path


def _lint(root: Path, *args: str, input_bytes: int = 0) -> tuple[int, str, list[str]]:
    out = run_capped(["--format", "plain", *args, "."], input_bytes=input_bytes, cwd=root)
    return out.returncode, out.stdout, out.problem_lines


# --- invalid globs ---------------------------------------------------------------------------

REVERSED = "its character range 'z'-'a' is reversed"
NUL = "it contains a NUL character"
SLASH = "a [...] class in it holds '/', which only separates components"


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        ('exclude = ["[z-a]"]', f"'exclude' has an invalid glob '[z-a]': {REVERSED}"),
        ('exclude = ["ok", "a/[z-a]*"]', f"'exclude' has an invalid glob 'a/[z-a]*': {REVERSED}"),
        ('exclude = ["a\\u0000b"]', f"'exclude' has an invalid glob 'a\\x00b': {NUL}"),
        ('exclude = ["x[a/b]"]', f"'exclude' has an invalid glob 'x[a/b]': {SLASH}"),
        (
            'per-file-ignores = { "[z-a]" = ["DLM001"] }',
            f"'per-file-ignores' has an invalid glob '[z-a]': {REVERSED}",
        ),
        (
            'per-file-ignores = { "\\u0000" = ["DLM001"] }',
            f"'per-file-ignores' has an invalid glob '\\x00': {NUL}",
        ),
        (
            '[images."[z-a]"]\nworkdir = "/app"',
            f"images entry '[z-a]' has an invalid glob '[z-a]': {REVERSED}",
        ),
        (
            '[images."python:3.1[2-0]"]\nworkdir = "/app"',
            "images entry 'python:3.1[2-0]' has an invalid glob '3.1[2-0]': its character"
            " range '2'-'0' is reversed",
        ),
        (
            '[images."corp/base"]\nmoving = ["[z-a]*"]',
            f"images entry 'corp/base' has an invalid glob '[z-a]*': {REVERSED}",
        ),
        (
            '[images."a\\u0000"]\nworkdir = "/app"',
            f"images entry 'a\\x00' has an invalid glob 'a\\x00': {NUL}",
        ),
        (
            f'[images."{"x" * 2000}"]\nworkdir = "/app"',
            "a glob of 2,000 characters, longer than any image reference (at most 1,024),"
            f" in images entry '{'x' * 2000}"[:1000],
        ),
    ],
)
def test_an_invalid_glob_is_a_configuration_error(tmp_path: Path, toml: str, line: str) -> None:
    root = _repo(tmp_path, toml + "\n")
    expected = f"dockerlint-ml: {CONFIG}: {line}"
    if len(expected) > 1000:  # the message is cut short, the reason stays at its start
        expected = expected[: len("dockerlint-ml: ") + len(CONFIG) + 2 + 997] + "..."
    assert _lint(root) == (2, "", [expected])
    assert _lint(root, "--config", CONFIG) == (2, "", [expected])


@pytest.mark.parametrize(
    "pattern",
    ["[", "a\\\\", "]", "**x", "[!]", "[]", "x[[:alpha:]]", "[a&&b]", "[a~~b]", "[\\\\]", "*[]-a]"],
)
def test_odd_but_valid_globs_stay_valid_and_quiet(tmp_path: Path, pattern: str) -> None:
    """Literal where they cannot be classes, as fnmatch; never a regex warning on stderr."""
    root = _repo(
        tmp_path, f'exclude = ["{pattern}"]\nper-file-ignores = {{ "{pattern}" = ["DLM008"] }}\n'
    )
    assert _lint(root) == (0, "0 findings in 1 file\n", [])


def test_glob_errors_in_process() -> None:
    for pattern, reason in [("[z-a]", REVERSED), ("[!b-a]", "its character range 'b'-'a'")]:
        with pytest.raises(GlobError, match=f"^{reason}"):
            Glob.compile(pattern)
    assert Glob.compile("[a-a]").matches("a", "a")  # a one-character range is fine


# --- linear matching -------------------------------------------------------------------------


class Steps:
    """Counts the matcher's steps: component matches and chunk searches."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.components = 0
        self.searches = 0
        component_matches, find = config_module._component_matches, config_module._find

        def counting_component(*args: object) -> bool:
            self.components += 1
            return component_matches(*args)  # type: ignore[arg-type]

        def counting_find(*args: object) -> int:
            self.searches += 1
            return find(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(config_module, "_component_matches", counting_component)
        monkeypatch.setattr(config_module, "_find", counting_find)


STARS = "*a*a*a*a*a*a*a*a*b"  # a regex translation backtracks exponentially on "aaa…a"


@pytest.mark.parametrize(
    ("pattern", "rel", "expected", "max_components", "max_searches"),
    [
        # One component: each of the 8 chunks between two stars is searched once, leftmost.
        (STARS, "a" * 5000, False, 1, 8),
        (STARS, "a" * 5000 + "b", True, 1, 8),
        ("*[ab]?*[ab]?*[ab]?*c", "ab" * 2500 + "c", True, 1, 3),
        # Many components: one pass over the path, each component tried against each part.
        ("**/**/**/**/x", "a/" * 2000 + "y", False, 2001, 0),
        ("**/**/**/**/x", "a/" * 2000 + "x", True, 2001, 0),
        ("**/a/**/a/**/a/**/b", "/".join(["a"] * 2000), False, 4 * 2000, 0),
        ("**/a/**/a/**/a/**/b", "/".join(["a"] * 2000) + "/b", True, 4 * 2001, 0),
        ("**/*a*a*a*a*/**/z", "/".join(["a" * 50] * 1000), False, 2 * 1000, 4 * 1000),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None,
)
def test_matching_takes_bounded_steps(
    monkeypatch: pytest.MonkeyPatch,
    pattern: str,
    rel: str,
    expected: bool,
    max_components: int,
    max_searches: int,
) -> None:
    glob = Glob.compile(pattern)
    steps = Steps(monkeypatch)
    assert glob.matches(rel, rel.rsplit("/", 1)[-1]) is expected
    assert steps.components <= max_components
    assert steps.searches <= max_searches


def test_excluded_reads_a_deep_path_once_not_once_per_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every ancestor directory may match; an anchored glob still reads the path once."""
    depth = 1000
    deep = os.path.join(str(tmp_path), *(["d"] * depth), "Dockerfile")
    config = Config(
        path="cfg", base=str(tmp_path), exclude=(Glob.compile("**/x/**/y"), Glob.compile("e"))
    )
    steps = Steps(monkeypatch)
    assert config.excluded(deep) is None
    # Anchored: at most (depth + 1) components x 2 parts; unanchored: one name per level.
    assert steps.components <= 2 * (depth + 1) + (depth + 1)
    hit = Config(path="cfg", base=str(tmp_path), exclude=(Glob.compile("d/d/*"),))
    assert hit.excluded(deep) == "d/d/*"


def test_an_adversarial_exclude_against_a_long_name_end_to_end(tmp_path: Path) -> None:
    long_dir = tmp_path / ("a" * 200)
    long_dir.mkdir()
    (long_dir / "Dockerfile").write_text("FROM python\n", "utf-8")
    root = _repo(
        tmp_path,
        f'exclude = ["{STARS}", "**/**/**/**/**/**/**/**/b"]\n'
        f'per-file-ignores = {{ "{STARS}" = ["DLM001"] }}\n',
    )
    code, out, problems = _lint(root)
    assert (code, problems) == (1, [])
    assert out.splitlines()[-1] == "2 findings (2 warnings) in 2 files"


# --- huge values -----------------------------------------------------------------------------


def test_huge_arrays_and_long_keys_are_read_in_linear_memory(tmp_path: Path) -> None:
    patterns = ", ".join(f'"p{i}/*"' for i in range(100_000))
    long_key = "k" * 1_000_000
    toml = (
        f"exclude = [{patterns}]\n"
        f'per-file-ignores = {{ "{long_key}" = ["DLM001"], "{"*a" * 500_000}" = ["DLM001"] }}\n'
    )
    root = _repo(tmp_path, toml)
    assert _lint(root, input_bytes=len(toml)) == (0, "0 findings in 1 file\n", [])


def test_a_long_unknown_key_is_one_short_line(tmp_path: Path) -> None:
    root = _repo(tmp_path, f'"{"k" * 1_000_000}" = 1\n')
    code, out, problems = _lint(root, input_bytes=1_000_000)
    assert (code, out, len(problems)) == (2, "", 1)
    assert problems[0].startswith(f"dockerlint-ml: {CONFIG}: unknown key 'kkk")
    assert len(problems[0]) == len(f"dockerlint-ml: {CONFIG}: ") + 1000


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [CONFIG, "pyproject.toml"])
def test_a_discovered_fifo_configuration_is_one_line_never_opened(
    tmp_path: Path, name: str
) -> None:
    """An error, not skipped: skipping would silently hand the directory to a farther
    configuration (or the defaults)."""
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, "utf-8")
    os.mkfifo(tmp_path / name)
    assert _lint(tmp_path) == (
        2,
        "",
        [f"dockerlint-ml: {name}: cannot read configuration: not a regular file"],
    )


def test_a_fifo_or_device_given_with_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE, "utf-8")
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / CONFIG).symlink_to("/dev/zero")
    for given in ("fifo.toml", "/dev/zero", CONFIG):
        assert _lint(tmp_path, "--config", given) == (
            2,
            "",
            [f"dockerlint-ml: {given}: cannot read configuration: not a regular file"],
        )


def test_a_configuration_over_the_size_limit_is_one_line(tmp_path: Path) -> None:
    root = _repo(tmp_path, "")
    with (root / CONFIG).open("w") as handle:
        handle.write("#" * DEFAULT_MAX_FILE_SIZE + "\n")
    assert _lint(root, input_bytes=DEFAULT_MAX_FILE_SIZE) == (
        2,
        "",
        [
            f"dockerlint-ml: {CONFIG}: cannot read configuration: larger than the size limit"
            f" of {DEFAULT_MAX_FILE_SIZE:,} bytes (--max-file-size)"
        ],
    )

"""Configuration files in-process: globs, discovery, validation messages, precedence, and the
Python API (`lint_paths` reads configuration, `lint_text` applies pragmas but no config)."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest

from dockerlint_ml import lint_paths, lint_text
from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.registry import load_registry
from dockerlint_ml.run.config import (
    CONFIG_FILE,
    Config,
    ConfigError,
    ConfigFinder,
    Glob,
    Overrides,
    find_config,
    load_config,
    resolve,
)
from dockerlint_ml.run.results import SetupError, UsageError

REGISTRY = load_registry(plugins=False)
# The default selection: the rules marked default that no rule supersedes.
DEFAULT_CODES = [r.code for r in REGISTRY.default_rules()]


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


# --- globs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "rel", "expected"),
    [
        ("Dockerfile", "Dockerfile", True),
        ("Dockerfile", "a/b/Dockerfile", True),  # no `/`: a name at any depth
        ("*.dev", "svc/api.dev", True),
        ("*.dev", "svc/api.prod", False),
        ("Dockerfile.*", "Dockerfile.gpu", True),
        ("svc/*", "svc/Dockerfile", True),
        ("svc/*", "svc/sub/Dockerfile", False),  # `*` stays inside one component
        ("svc/*", "other/svc/Dockerfile", False),  # a `/` anchors at the config's directory
        ("svc/**", "svc/sub/deep/Dockerfile", True),
        ("**/Dockerfile", "Dockerfile", True),
        ("**/Dockerfile", "a/b/Dockerfile", True),
        ("a/**/Dockerfile", "a/Dockerfile", True),
        ("a/**/Dockerfile", "a/x/y/Dockerfile", True),
        ("a/**/Dockerfile", "b/a/Dockerfile", False),
        ("/Dockerfile", "Dockerfile", True),
        ("/Dockerfile", "svc/Dockerfile", False),
        ("./svc/Dockerfile", "svc/Dockerfile", True),
        ("svc/", "svc", True),
        ("Dockerfile.?", "Dockerfile.a", True),
        ("Dockerfile.?", "Dockerfile.ab", False),
        ("Dockerfile.[ab]", "Dockerfile.b", True),
        ("Dockerfile.[!ab]", "Dockerfile.b", False),
        ("Dockerfile.[!ab]", "Dockerfile.c", True),
        ("Docker[file", "Docker[file", True),  # an unclosed class is literal
        ("a/b[!x]c", "a/b/c", False),  # a class, even negated, stays inside one component
        ("Dockerfile.[a-a]", "Dockerfile.a", True),
        ("**/**/Dockerfile", "Dockerfile", True),
        ("svc/**", "svc", False),  # a trailing `**` needs something below (the directory
        # itself is matched through the files below it)
        ("a+b(c)", "a+b(c)", True),  # regex characters are literal
        ("dockerfile", "Dockerfile", False),  # case-sensitive
    ],
)
def test_glob(pattern: str, rel: str, expected: bool) -> None:
    glob = Glob.compile(pattern)
    assert glob.matches(rel, rel.rsplit("/", 1)[-1]) is expected


def test_a_glob_matching_a_directory_covers_what_is_below(tmp_path: Path) -> None:
    config = Config(
        path="cfg",
        base=str(tmp_path),
        exclude=(Glob.compile("legacy"), Glob.compile("svc/old")),
        per_file_ignores=((Glob.compile("gpu/**"), ("DLM002",)), (Glob.compile("*.dev"), ("X",))),
    )
    assert config.excluded(str(tmp_path / "legacy" / "a" / "Dockerfile")) == "legacy"
    assert config.excluded(str(tmp_path / "svc" / "old" / "Dockerfile")) == "svc/old"
    assert config.excluded(str(tmp_path / "svc" / "Dockerfile")) is None
    # Only what lies below a searched directory is tested: `dockerlint-ml legacy` lints it.
    below = str(tmp_path / "legacy")
    assert config.excluded(str(tmp_path / "legacy" / "Dockerfile"), below=below) is None
    assert config.excluded(str(tmp_path / "legacy" / "a" / "Dockerfile"), below=below) is None
    assert config.excluded(str(tmp_path / "x" / "legacy" / "Dockerfile"), below=str(tmp_path)) == (
        "legacy"
    )
    settings = config.for_file(str(tmp_path / "gpu" / "a" / "api.dev"))
    assert (settings.excluded, settings.ignore, settings.ignore_patterns) == (
        False,
        ("DLM002", "X"),
        ("gpu/**", "*.dev"),
    )
    # A file outside the config's directory: anchored globs cannot match, names still do.
    outside = tmp_path.parent / "elsewhere" / "gpu" / "api.dev"
    assert config.for_file(str(outside)).ignore_patterns == ("*.dev",)


# --- discovery --------------------------------------------------------------------------------

WITH_TABLE = '[project]\nname = "x"\n\n[tool.dockerlint-ml]\nselect = ["DLM008"]\n'
WITHOUT_TABLE = '[project]\nname = "dockerlint-ml-user"\n\n[tool.ruff]\nline-length = 100\n'


def test_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", WITH_TABLE)
    write(tmp_path, "svc/.dockerlint-ml.toml", "")
    (tmp_path / "svc" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    assert find_config(tmp_path / "svc" / "deep" / "er") == str(tmp_path / "svc" / CONFIG_FILE)
    assert find_config(tmp_path / "svc") == str(tmp_path / "svc" / CONFIG_FILE)
    assert find_config(tmp_path / "other") == str(tmp_path / "pyproject.toml")
    assert find_config(tmp_path) == str(tmp_path / "pyproject.toml")


def test_a_pyproject_without_the_table_does_not_stop_the_search(tmp_path: Path) -> None:
    write(tmp_path, CONFIG_FILE, "")
    write(tmp_path, "svc/pyproject.toml", WITHOUT_TABLE)  # mentions dockerlint-ml, no table
    write(tmp_path, "api/pyproject.toml", "this is [not toml\n")  # never mentions us: not read
    assert find_config(tmp_path / "svc") == str(tmp_path / CONFIG_FILE)
    assert find_config(tmp_path / "api") == str(tmp_path / CONFIG_FILE)


def test_dot_file_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", WITH_TABLE)
    write(tmp_path, CONFIG_FILE, 'select = ["DLM001"]\n')
    assert find_config(tmp_path) == str(tmp_path / CONFIG_FILE)
    assert ConfigFinder(REGISTRY).config_for(tmp_path).select == ("DLM001",)


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    finder = ConfigFinder(REGISTRY)
    # /tmp-like trees hold no configuration above them; if one does, skip rather than lie.
    if finder.find(tmp_path) is not None:
        pytest.skip(f"a configuration above {tmp_path} is in the way")
    config = finder.config_for(tmp_path)
    assert (config.path, config.select, config.keys) == (None, None, frozenset())


def test_each_directory_is_looked_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dockerlint_ml.run import config as config_module

    write(tmp_path, CONFIG_FILE, "")
    for i in range(20):
        (tmp_path / f"d{i}" / "sub").mkdir(parents=True)
    seen: list[str] = []
    original = config_module._config_in

    def counting(directory: str, max_bytes: int | None) -> str | None:
        seen.append(directory)
        return original(directory, max_bytes)

    monkeypatch.setattr(config_module, "_config_in", counting)
    finder = ConfigFinder(REGISTRY)
    for _ in range(3):
        for i in range(20):
            finder.config_for(tmp_path / f"d{i}" / "sub")
            finder.config_for(tmp_path / f"d{i}")
    assert sorted(seen) == sorted(
        {str(tmp_path / f"d{i}" / "sub") for i in range(20)}
        | {str(tmp_path / f"d{i}") for i in range(20)}
        | {str(tmp_path)}
    )


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selcet = ["DLM001"]', "unknown key 'selcet' (did you mean 'select'?)"),
        ("extend_ignore = []", "unknown key 'extend_ignore' (did you mean 'extend-ignore'?)"),
        (
            "color = true",
            "unknown key 'color' (valid keys: select, extend-select, ignore, extend-ignore,"
            " fixable, unfixable, fail-on, exclude, per-file-ignores, severity, rules, images,"
            " trusted-registries, large-file-mb, label-schema, strict-labels, shellcheck-path,"
            " as-of, context, contexts, no-context)",
        ),
        ('select = "DLM001"', "'select' must be a list of strings"),
        ('ignore = ["DLM008", "nope-rule"]', "unknown rule selector in ignore: 'nope-rule'"),
        (
            'extend-select = ["cmd-not-exec-fom"]',
            "unknown rule selector in extend-select: 'cmd-not-exec-fom'"
            " (did you mean 'cmd-not-exec-form'?)",
        ),
        (
            'fail-on = "eror"',
            "'fail-on' must be one of error, warning, info, style, never, got 'eror'"
            " (did you mean 'error'?)",
        ),
        ('exclude = ["", "x"]', "'exclude' has an empty pattern"),
        ("exclude = [1]", "'exclude' must be a list of strings"),
        (
            'per-file-ignores = { "svc/*" = "DLM001" }',
            "per-file-ignores entry 'svc/*' must be a list of strings",
        ),
        (
            'per-file-ignores = { "svc/*" = ["DLM0001"] }',
            "unknown rule selector in per-file-ignores entry 'svc/*': 'DLM0001'"
            " (did you mean 'DLM001'?)",
        ),
        ('severity = "error"', "'severity' must be a table"),
        (
            'severity = { DLM006 = "fatal" }',
            "severity of 'DLM006' must be one of error, warning, info, style, got 'fatal'",
        ),
        (
            'severity = { DLM0066 = "error" }',
            "unknown rule 'DLM0066' in severity (did you mean 'DLM006'?)",
        ),
        (
            '[rules.base-image-unpinned]\npinn = "digest"',
            "unknown option 'pinn' for rule DLM001 base-image-unpinned (did you mean 'pin'?)",
        ),
        (
            '[rules.DLM001]\nzzz = "digest"',
            "unknown option 'zzz' for rule DLM001 base-image-unpinned (valid: pin)",
        ),
        (
            "[rules.cmd-not-exec-form]\nstrict = true",
            "unknown option 'strict' for rule DLM008 cmd-not-exec-form: it has no options",
        ),
        (
            '[rules.base-image-unpinned]\npin = "sha"',
            "invalid options for rule DLM001 base-image-unpinned: DLM001 option pin must be"
            " one of minor, patch, digest, got 'sha'",
        ),
        (
            '[rules.base-image-unpined]\npin = "digest"',
            "unknown rule 'base-image-unpined' in rules (did you mean 'base-image-unpinned'?)",
        ),
        ("rules = 1", "'rules' must be a table"),
        ('select = ["DLM001"', "invalid TOML: Unclosed array (at end of document)"),
        ("select = = 1", "invalid TOML: Invalid value (at line 1, column 10)"),
        pytest.param(
            "select = " + "[" * 50_000 + "]" * 50_000,
            "invalid TOML: arrays or tables nest too deeply",
            id="deep-nesting",
        ),
    ],
)
def test_configuration_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, CONFIG_FILE, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, REGISTRY, shown="cfg.toml")
    assert caught.value.line() == f"cfg.toml: {message}"
    assert str(caught.value) == caught.value.line()
    assert isinstance(caught.value, SetupError)


def test_pyproject_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", WITHOUT_TABLE)
    with pytest.raises(ConfigError, match=r"^p: no \[tool.dockerlint-ml\] table$"):
        load_config(path, REGISTRY, shown="p")
    write(tmp_path, "pyproject.toml", "[tool]\ndockerlint-ml = 3\n")
    with pytest.raises(ConfigError, match=r"^p: \[tool.dockerlint-ml\] must be a table$"):
        load_config(path, REGISTRY, shown="p")
    write(tmp_path, "pyproject.toml", "[tool.dockerlint-ml]\nselcet = []\n")
    with pytest.raises(ConfigError, match=r"^p: unknown key 'selcet' \(did you mean 'select'\?\)$"):
        load_config(path, REGISTRY, shown="p")
    (tmp_path / "bad.toml").write_bytes(b"select = ['\xff']\n")
    with pytest.raises(ConfigError, match=r"^b: invalid TOML: not UTF-8 text$"):
        load_config(tmp_path / "bad.toml", REGISTRY, shown="b")
    with pytest.raises(
        ConfigError, match=r"^m: cannot read configuration: no such file or directory$"
    ):
        load_config(tmp_path / "missing.toml", REGISTRY, shown="m")


def test_a_broken_pyproject_that_names_us_is_an_error_during_discovery(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.dockerlint-ml\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_config(tmp_path)


def test_a_valid_configuration_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "pyproject.toml",
        """
[tool.dockerlint-ml]
select = ["DLM00"]
extend-select = ["DLM010"]
ignore = ["DLM002"]
extend-ignore = ["pipenv-install-without-deploy"]
fail-on = "Error"
exclude = ["legacy"]
per-file-ignores = { "svc/*" = ["DLM003"] }
severity = { DLM006 = "error", cmd-not-exec-form = "info", dlm008 = "style" }

[tool.dockerlint-ml.rules.base-image-unpinned]
pin = "digest"
""",
    )
    config = load_config(path, REGISTRY)
    assert config.base == str(tmp_path)
    assert (config.select, config.extend_select, config.ignore, config.extend_ignore) == (
        ("DLM00",),
        ("DLM010",),
        ("DLM002",),
        ("pipenv-install-without-deploy",),
    )
    assert config.fail_on == "error"
    assert [g.pattern for g in config.exclude] == ["legacy"]
    # A later key naming the same rule (by its code, after its name) wins.
    assert dict(config.severity) == {"DLM006": Severity.ERROR, "DLM008": Severity.STYLE}
    assert dict(config.rules) == {"DLM001": {"pin": "digest"}}


# --- precedence -------------------------------------------------------------------------------


def _config(**values: object) -> Config:
    keys = frozenset(k.replace("_", "-") for k in values)
    return Config(path="cfg", keys=keys, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("config", "overrides", "codes"),
    [
        (_config(), Overrides(), DEFAULT_CODES),
        (_config(select=("DLM001", "DLM008")), Overrides(), ["DLM001", "DLM008"]),
        # An ignore removes from the default selection.
        (
            _config(ignore=("DLM00",)),
            Overrides(),
            [c for c in DEFAULT_CODES if not c.startswith("DLM00")],
        ),
        (
            _config(select=("DLM001",), extend_select=("DLM008",), extend_ignore=("DLM001",)),
            Overrides(),
            ["DLM008"],
        ),
        # --select replaces the file's select, extend-select, ignore and extend-ignore.
        (
            _config(select=("DLM001",), extend_select=("DLM002",), ignore=("DLM008",)),
            Overrides(select=("DLM008", "DLM009")),
            ["DLM008", "DLM009"],
        ),
        # --extend-select adds to the file's selection, even a rule the file ignores.
        (
            _config(select=("DLM001",), ignore=("DLM008",)),
            Overrides(extend_select=("DLM008",)),
            ["DLM001", "DLM008"],
        ),
        # --ignore removes from the file's selection and wins over --select.
        (
            _config(select=("DLM001", "DLM008")),
            Overrides(ignore=("DLM001",)),
            ["DLM008"],
        ),
        (_config(), Overrides(select=("DLM001", "DLM008"), ignore=("DLM001",)), ["DLM008"]),
    ],
)
def test_selection_precedence(config: Config, overrides: Overrides, codes: list[str]) -> None:
    assert resolve(config, REGISTRY, overrides).codes == codes


def test_fail_on_and_options_precedence() -> None:
    config = _config(fail_on="error", rules={"DLM001": {"pin": "patch"}})
    settings = resolve(config, REGISTRY)
    assert (settings.fail_on, settings.fail_on_label) == (Severity.ERROR, "error")
    assert settings.sources["fail-on"] == "cfg"
    over = resolve(
        config, REGISTRY, Overrides(fail_on="never", options={"DLM001": {"pin": "digest"}})
    )
    assert (over.fail_on, over.fail_on_label, over.sources["fail-on"]) == (
        None,
        "never",
        "command line",
    )
    assert over.options == {"DLM001": {"pin": "digest"}}
    assert resolve(Config(), REGISTRY).fail_on == Severity.WARNING
    rule = next(r for r in over.make_rules() if r.code == "DLM001")
    assert rule.options == {"pin": "digest"}


# --- the Python API ---------------------------------------------------------------------------


def test_lint_paths_reads_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, "svc/Dockerfile", 'FROM python:3.12-slim\nWORKDIR /app\nCMD ["python"]\n')
    write(
        tmp_path,
        CONFIG_FILE,
        'select = ["DLM001"]\nfail-on = "never"\n[rules.DLM001]\npin = "digest"\n',
    )
    result = lint_paths([str(tmp_path / "svc")])
    assert [(f.code, f.span.line) for f in result.findings] == [("DLM001", 1)]
    assert (result.exit_code(), result.exit_code(Severity.WARNING)) == (0, 1)
    assert lint_paths([str(tmp_path / "svc")], isolated=True).findings == []
    with pytest.raises(UsageError, match="'nope'"):
        lint_paths([str(tmp_path / "svc")], extend_select=["nope"])
    with pytest.raises(UsageError, match="invalid options for rule DLM001"):
        lint_paths([str(tmp_path / "svc")], options={"base-image-unpinned": {"pin": "x"}})
    with pytest.raises(UsageError, match="cannot be used together"):
        lint_paths([], config=str(tmp_path / CONFIG_FILE), isolated=True)
    write(tmp_path, CONFIG_FILE, "select = 1\n")
    with pytest.raises(ConfigError, match="'select' must be a list of strings"):
        lint_paths([str(tmp_path / "svc")])


def test_stdin_filename_places_stdin_for_configuration(tmp_path: Path) -> None:
    write(tmp_path, "svc/.dockerlint-ml.toml", 'select = ["DLM008"]\n')
    stdin_name = str(tmp_path / "svc" / "Dockerfile")
    result = lint_paths(
        ["-"],
        stdin_filename=stdin_name,
        stdin=io.BytesIO(b"FROM python\nCMD python app.py\n"),
    )
    assert [(f.path, f.code) for f in result.findings] == [(stdin_name, "DLM008")]


PRAGMA = (
    "FROM python:3.12-slim\n"
    "WORKDIR /app\n"
    "ENV PYTHONUNBUFFERED=1\n"
    "COPY app.py .\n"
    "# dockerlint-ml ignore=cmd-not-exec-form  # the base image's sh execs\n"
    "CMD python app.py\n"
)


def test_lint_text_applies_pragmas() -> None:
    assert lint_text(PRAGMA) == []
    assert [(f.code, f.span.line) for f in lint_text(PRAGMA, pragmas=False)] == [("DLM008", 6)]
    # A pragma that silences nothing is DLM901 (when selected).
    unused = PRAGMA.replace("CMD python app.py", 'CMD ["python", "app.py"]')
    assert [(f.code, f.span.line) for f in lint_text(unused)] == [("DLM901", 5)]
    assert lint_text(unused, ignore=["DLM901"]) == []


def test_config_dir_is_the_base_of_globs_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "repo/" + CONFIG_FILE, 'per-file-ignores = { "svc/*" = ["DLM008"] }\n')
    write(
        tmp_path,
        "repo/svc/Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /a\nENV PYTHONUNBUFFERED=1\nCMD python a.py\n",
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = lint_paths([os.path.join("..", "repo", "svc", "Dockerfile")])
    assert result.findings == []
    monkeypatch.chdir(tmp_path / "repo" / "svc")
    assert lint_paths(["Dockerfile"]).findings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("as-of = 2025-03-04", "2025-03-04"), ('as-of = "2024-10-08"', "2024-10-08")],
)
def test_as_of_is_a_date(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / ".dockerlint-ml.toml"
    path.write_text(text + "\n", "utf-8")
    assert load_config(path, REGISTRY).as_of == datetime.date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('as-of = "2024-02-30"', "'2024-02-30'"),
        ('as-of = "today"', "'today'"),
        ("as-of = 2024", "2024"),
        ("as-of = 2024-01-01T10:00:00", "datetime.datetime(2024, 1, 1, 10, 0)"),
    ],
)
def test_as_of_errors(tmp_path: Path, text: str, shown: str) -> None:
    path = tmp_path / ".dockerlint-ml.toml"
    path.write_text(text + "\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, REGISTRY, shown="cfg.toml")
    assert caught.value.line() == f"cfg.toml: 'as-of' must be a date YYYY-MM-DD, got {shown}"

"""Drop-in mode: hadolint's configuration (`.hadolint.yaml` and `HADOLINT_*` variables) read
as a dockerlint-ml configuration, for files no dockerlint-ml configuration applies to.

Where, as hadolint 2.15.1 looks (`Config/Configfile.hs`; the first file found is the only one
read): `.hadolint.yaml` or `.hadolint.yml` in the working directory, then `hadolint.yaml`/
`.yml` in `$XDG_CONFIG_HOME` (default `~/.config`), then `~/.hadolint/` (`hadolint.yaml`,
`hadolint.yml`, `config.yaml`, `config.yml`), then `~/.hadolint.yaml`/`.yml`; or the file
`--config` names when its name ends in `.yaml` or `.yml`. The settings variables
(`HADOLINT_IGNORE`, `HADOLINT_OVERRIDE_ERROR`, ... below) put a run in drop-in mode even
without a file, as they configure hadolint without one.

What each key becomes (hadolint's precedence: variables < file < command line; lists from
the variables and the file add up, a scalar in the file wins over its variable):

- `ignored` / HADOLINT_IGNORE: rules never reported, whatever `--select` says (applied
  after the selection, as per-file-ignores are; ShellCheck's codes (SC2086) name those
  findings; codes we do not have name nothing and are dropped, as hadolint drops them);
- `override.{error,warning,info,style}` / HADOLINT_OVERRIDE_*: the rule's level, which also
  selects it (hadolint runs its `ignore`-level rules DL1001 and DL3057 once overridden); a
  code in several levels gets the highest, as in 2.15.1;
- `trustedRegistries` (also `trusted-registries`) / HADOLINT_TRUSTED_REGISTRIES: the
  `trusted-registries` option of the rules that have it (DL3026);
- `label-schema` / HADOLINT_REQUIRE_LABELS (`name:type,...`), `strict-labels` /
  HADOLINT_STRICT_LABELS: the label rules' `label-schema` and `strict-labels` options;
- `failure-threshold` / HADOLINT_FAILURE_THRESHOLD: fail-on. hadolint 2.15.1 fails on every
  finding with `none` and `ignore` as with `style` (checked with the binary), so they map to
  `style`; the default is hadolint's, `info`;
- `no-fail` / HADOLINT_NOFAIL: fail-on `never`;
- `disable-ignore-pragma` / HADOLINT_DISABLE_IGNORE_PRAGMA: inline pragmas not honoured;
- `format`, `output-format`, `no-color`, `verbose` and any other key: not used (our command
  line chooses the report); each gets one notice line, and the run goes on.

The selection is hadolint's own default: every DL rule hadolint runs by default (superseded
ones included, instead of the DLM rules superseding them) and parse-error, so switching
changes what is reported only where we deliberately differ from hadolint.

Booleans in variables are true when `1`, `y`, `yes`, `on` or `true` (any case), false
otherwise, as hadolint reads them. A file that is not valid YAML, or a key holding the wrong
type, is one error line (hadolint prints an error and lints with its defaults: we do not
silently lint with other settings than the file asks for).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.registry import Registry
from dockerlint_ml.run.config import Config, ConfigError, display_path

HIDDEN = (".hadolint.yaml", ".hadolint.yml")
VISIBLE = ("hadolint.yaml", "hadolint.yml")
MORE = ("config.yaml", "config.yml")
YAML_SUFFIXES = (".yaml", ".yml")

LEVELS = ("error", "warning", "info", "style")
THRESHOLDS = {
    "error": "error",
    "warning": "warning",
    "info": "info",
    "style": "style",
    "ignore": "style",
    "none": "style",
}
DEFAULT_THRESHOLD = "info"
TRUTHY = frozenset({"1", "y", "on", "true", "yes"})
LABEL_TYPES = ("text", "rfc3339", "semver", "url", "hash", "spdx", "email")

# Option names shared by several rules (run.config SHARED_OPTIONS).
TRUSTED = "trusted-registries"
SCHEMA = "label-schema"
STRICT = "strict-labels"

# Keys hadolint reads that change its report, not what it finds.
PRESENTATION = ("format", "formats", "output-format", "no-color", "verbose")

# The variables that configure what hadolint finds; any of them set is drop-in mode.
ENV_IGNORE = "HADOLINT_IGNORE"
ENV_OVERRIDE = {level: f"HADOLINT_OVERRIDE_{level.upper()}" for level in LEVELS}
ENV_TRUSTED = ("HADOLINT_TRUSTED_REGISTRIES", "HADOLINT_ALLOWED_REGISTRIES")
ENV_LABELS = "HADOLINT_REQUIRE_LABELS"
ENV_STRICT = "HADOLINT_STRICT_LABELS"
ENV_PRAGMA = "HADOLINT_DISABLE_IGNORE_PRAGMA"
ENV_THRESHOLD = "HADOLINT_FAILURE_THRESHOLD"
ENV_NOFAIL = "HADOLINT_NOFAIL"
ENV_SETTINGS = (
    ENV_IGNORE,
    *ENV_OVERRIDE.values(),
    *ENV_TRUSTED,
    ENV_LABELS,
    ENV_STRICT,
    ENV_PRAGMA,
    ENV_THRESHOLD,
    ENV_NOFAIL,
)

_CODE = re.compile(r"[A-Z]+[0-9]+")


def search_paths(cwd: str, environ: Mapping[str, str], home: str) -> list[str]:
    """Where hadolint looks for its configuration, in its order."""
    xdg = environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return [
        *(os.path.join(cwd, name) for name in HIDDEN),
        *(os.path.join(xdg, name) for name in VISIBLE),
        *(os.path.join(home, ".hadolint", name) for name in (*VISIBLE, *MORE)),
        *(os.path.join(home, name) for name in HIDDEN),
    ]


def find_hadolint_config(
    cwd: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The hadolint configuration file hadolint would read, or None."""
    environ = os.environ if environ is None else environ
    home = environ.get("HOME") or os.path.expanduser("~")
    for path in search_paths(cwd or os.getcwd(), environ, home):
        if os.path.isfile(path):
            return path
    return None


def is_hadolint_file(path: str) -> bool:
    """Whether `--config PATH` names a hadolint configuration (by its suffix)."""
    return path.lower().endswith(YAML_SUFFIXES)


def _truthy(value: str) -> bool:
    return value.strip().lower() in TRUTHY


def _split(value: str) -> list[str]:
    # hadolint splits at commas only (`DL3006, DL3008` keeps the blank and matches nothing);
    # a blank around a code cannot be meant, so it is dropped.
    return [part.strip() for part in value.split(",") if part.strip()]


class _Reader:
    """The settings of one hadolint configuration, from its variables, then its file."""

    def __init__(self, registry: Registry, shown: str | None) -> None:
        self.registry = registry
        self.shown = shown or "hadolint configuration"
        self.ignored: list[str] = []
        self.override: dict[str, list[str]] = {level: [] for level in LEVELS}
        self.trusted: list[str] = []
        self.schema: dict[str, str] = {}
        self.strict: bool | None = None
        self.no_pragmas: bool | None = None
        self.threshold: str | None = None
        self.no_fail: bool | None = None
        self.notices: list[str] = []
        self.sources: dict[str, list[str]] = {}

    def came_from(self, key: str, source: str) -> None:
        found = self.sources.setdefault(key, [])
        if source not in found:
            found.append(source)

    def fail(self, message: str) -> ConfigError:
        return ConfigError(self.shown, message)

    # --- the variables ---------------------------------------------------------------------

    def read_environment(self, environ: Mapping[str, str]) -> None:
        if ENV_IGNORE in environ:
            self.ignored += _split(environ[ENV_IGNORE])
            self.came_from("ignored", ENV_IGNORE)
        for level, name in ENV_OVERRIDE.items():
            if name in environ:
                self.override[level] += _split(environ[name])
                self.came_from("severity", name)
        for name in ENV_TRUSTED:
            if name in environ:
                self.trusted += _split(environ[name])
                self.came_from(TRUSTED, name)
        if ENV_LABELS in environ:
            for pair in _split(environ[ENV_LABELS]):
                label, _, kind = pair.partition(":")
                if label and kind.strip() in LABEL_TYPES:  # hadolint drops a bad pair
                    self.schema[label.strip()] = kind.strip()
            self.came_from(SCHEMA, ENV_LABELS)
        if ENV_STRICT in environ:
            self.strict = _truthy(environ[ENV_STRICT])
            self.came_from(STRICT, ENV_STRICT)
        if ENV_PRAGMA in environ:
            self.no_pragmas = _truthy(environ[ENV_PRAGMA])
            self.came_from("pragmas", ENV_PRAGMA)
        if ENV_THRESHOLD in environ:
            value = environ[ENV_THRESHOLD].strip().lower()
            if value in THRESHOLDS:  # hadolint ignores a value it cannot read
                self.threshold = value
                self.came_from("fail-on", ENV_THRESHOLD)
        if ENV_NOFAIL in environ:
            self.no_fail = _truthy(environ[ENV_NOFAIL])
            self.came_from("fail-on", ENV_NOFAIL)

    # --- the file --------------------------------------------------------------------------

    def codes(self, key: str, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key!r} must be a list of rule codes")
        return [v.strip() for v in value]

    def flag(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false, got {value!r}")
        return value

    def read_file(self, data: Any) -> None:
        if data is None:  # an empty file
            return
        if not isinstance(data, dict):
            raise self.fail("a hadolint configuration must be a mapping of keys")
        source = self.shown
        for key, value in data.items():
            if not isinstance(key, str):
                raise self.fail(f"a key must be a string, got {key!r}")
            if key == "ignored":
                self.ignored += self.codes(key, value)
                self.came_from("ignored", source)
            elif key == "override":
                if value is None:
                    continue
                if not isinstance(value, dict):
                    raise self.fail("'override' must map error, warning, info or style to codes")
                for level, codes in value.items():
                    if level not in LEVELS:
                        raise self.fail(
                            f"'override' has an unknown level {level!r}"
                            f" (valid: {', '.join(LEVELS)})"
                        )
                    self.override[level] += self.codes(f"override.{level}", codes)
                self.came_from("severity", source)
            elif key in ("trustedRegistries", "trusted-registries"):
                # 2.15.1 wants a list; one name is accepted too (a superset, no harm).
                items = [value] if isinstance(value, str) else value
                self.trusted += self.codes(key, items)
                self.came_from(TRUSTED, source)
            elif key == "label-schema":
                self.read_schema(value)
                self.came_from(SCHEMA, source)
            elif key == "strict-labels":
                self.strict = self.flag(key, value)
                self.came_from(STRICT, source)
            elif key == "disable-ignore-pragma":
                self.no_pragmas = self.flag(key, value)
                self.came_from("pragmas", source)
            elif key == "failure-threshold":
                if not isinstance(value, str) or value.strip().lower() not in THRESHOLDS:
                    raise self.fail(
                        f"'failure-threshold' must be one of {', '.join(THRESHOLDS)}, got {value!r}"
                    )
                self.threshold = value.strip().lower()
                self.came_from("fail-on", source)
            elif key == "no-fail":
                self.no_fail = self.flag(key, value)
                self.came_from("fail-on", source)
            elif key in PRESENTATION:
                self.notices.append(
                    f"{self.shown}: {key!r} is not used: the command line chooses the report"
                )
            else:
                self.notices.append(f"{self.shown}: unknown key {key!r} ignored, as hadolint does")

    def read_schema(self, value: Any) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            raise self.fail("'label-schema' must map label names to types")
        for label, kind in value.items():
            if not isinstance(label, str) or not isinstance(kind, str):
                raise self.fail("'label-schema' must map label names to types")
            if kind.strip() not in LABEL_TYPES:
                raise self.fail(
                    f"label-schema type {kind!r} of {label!r} is not one of"
                    f" {', '.join(LABEL_TYPES)}"
                )
            self.schema[label] = kind.strip()

    # --- the result ------------------------------------------------------------------------

    def known(self, codes: Sequence[str]) -> list[str]:
        """The codes that name a rule (or ShellCheck's codes) here; others (typos) select
        nothing."""
        return [c for c in codes if _CODE.fullmatch(c) and not self.registry.unknown([c], True)]

    def config(self, path: str | None) -> Config:
        severity: dict[str, Severity] = {}
        for level in reversed(LEVELS):  # the highest level named last, so it wins
            for code in self.known(self.override[level]):
                family = self.registry.family(code)  # SC2086: that ShellCheck code only
                if family is not None:
                    severity[family[1]] = Severity.parse(level)
                    continue
                for rule in self.registry.resolve(code):
                    severity[rule.code] = Severity.parse(level)
        shared: dict[str, Any] = {}
        if self.trusted:
            shared[TRUSTED] = tuple(dict.fromkeys(self.trusted))
        if self.schema:
            shared[SCHEMA] = dict(self.schema)
        if self.strict is not None:
            shared[STRICT] = self.strict
        fail_on = "never" if self.no_fail else THRESHOLDS[self.threshold or DEFAULT_THRESHOLD]
        sources = {key: " + ".join(found) for key, found in self.sources.items()}
        sources.setdefault("fail-on", "hadolint's default (info)")
        if "severity" in sources:  # an overridden rule is selected too
            sources["extend-select"] = sources["severity"]
        sources["select"] = "hadolint's default selection (drop-in mode)"
        return Config(
            path=path,
            ignored=tuple(self.known(self.ignored)),
            extend_select=tuple(severity),
            fail_on=fail_on,
            severity=severity,
            shared_options=shared,
            drop_in=True,
            pragmas=not self.no_pragmas,
            notices=tuple(self.notices),
            sources=sources,
        )


def _parse_yaml(raw: bytes, shown: str) -> Any:
    import yaml  # only when a hadolint configuration is read

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise ConfigError(shown, f"invalid YAML: {detail}") from None
    except RecursionError:
        raise ConfigError(shown, "invalid YAML: it nests too deeply") from None


def load_hadolint_config(
    path: str | None,
    registry: Registry,
    *,
    environ: Mapping[str, str] | None = None,
    shown: str | None = None,
    max_bytes: int | None = None,
) -> Config | None:
    """The drop-in configuration from hadolint's file at `path` (None: no file) and its
    variables; None when neither says anything. Raises ConfigError."""
    from dockerlint_ml.run.sources import SourceError, read_bytes

    environ = os.environ if environ is None else environ
    has_env = any(name in environ for name in ENV_SETTINGS)
    if path is None and not has_env:
        return None
    shown = shown if shown is not None else (display_path(path) if path is not None else None)
    reader = _Reader(registry, shown)
    reader.read_environment(environ)
    if path is not None:
        assert shown is not None
        try:
            raw = read_bytes(path, shown, max_bytes=max_bytes)
        except SourceError as exc:
            raise ConfigError(shown, f"cannot read configuration: {exc.reason}") from None
        reader.read_file(_parse_yaml(raw, shown))
    config = reader.config(shown)
    _check_options(config, registry)
    return config


def _check_options(config: Config, registry: Registry) -> None:
    """Each shared option as the rules having it accept it (a rule's own check names the
    problem): a bad value is one error line now, not a DLM999 on every file."""
    from dockerlint_ml.run.config import validate_shared_options

    validate_shared_options(config.shared_options, registry, config.path or "hadolint")


def starting_configs(
    config_path: str | None,
    isolated: bool,
    registry: Registry,
    *,
    max_bytes: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Config | None, Config | None]:
    """(the configuration for every input, the one for inputs no configuration file applies
    to): `--config` names the first (a hadolint file by its suffix), `--isolated` makes it
    the defaults, and otherwise hadolint's configuration, when there is one, is the second."""
    from dockerlint_ml.run.config import load_config

    if config_path is not None:
        if is_hadolint_file(config_path):
            loaded = load_hadolint_config(
                config_path, registry, environ=environ, shown=config_path, max_bytes=max_bytes
            )
            return loaded, None
        return load_config(config_path, registry, shown=config_path, max_bytes=max_bytes), None
    if isolated:
        return Config(), None
    path = find_hadolint_config(environ=environ)
    return None, load_hadolint_config(path, registry, environ=environ, max_bytes=max_bytes)

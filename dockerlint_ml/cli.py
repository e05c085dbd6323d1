"""The command line: `dockerlint-ml [PATHS]...` and the subcommands `rules`, `explain X`,
`config [PATH]` and `parse FILE...`.

A subcommand is recognised only as the first argument, and its name wins over a path of the
same name (`./rules` lints a file called rules). `main` dispatches on that first argument to
separate click commands instead of a click Group, which would fight the variadic PATHS of
the lint command; adding a subcommand is one entry in `SUBCOMMANDS`.

Exit codes (the CI contract): 2 for a usage error, a configuration or baseline file that
cannot be used, a path that cannot be linted, an output file that cannot be written, a
plugin that failed to load or an internal error, whatever --fail-on says, with one stderr
line per problem; else 1 when a finding is at or above its file's fail-on (--fail-on, else
the file's configuration, else warning); else 0 (always 0 with --write-baseline). No
traceback ever reaches the user: an unexpected exception is one stderr line and exit 2, so
is a stray SystemExit from a rule or plugin; an interrupt (Ctrl-C, or KeyboardInterrupt
anywhere) is "dockerlint-ml: interrupted" and exit 130.

Every stderr line passes through `reporters.escape`; under `--format github` it is also made
inert as a workflow command (`reporters.github.inert_line`), since the Actions runner reads
workflow commands on stderr as it does on stdout.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import click

from dockerlint_ml import __version__
from dockerlint_ml.reporters import FORMATS
from dockerlint_ml.run.config import FAIL_ON
from dockerlint_ml.run.sources import DEFAULT_MAX_FILE_SIZE

if TYPE_CHECKING:
    from dockerlint_ml.engine.registry import Registry

PROG = "dockerlint-ml"
# `rules` and `explain` render in these; the lint command in every format of `reporters`.
TEXT_FORMATS = ("rich", "plain", "json")
# Formats whose bytes are UTF-8 by definition (JSON and XML).
UTF8_FORMATS = ("json", "sarif", "gitlab", "junit")
REPORT_BUG = "please report it on the dockerlint-ml issue tracker, with the Dockerfile if you can"
# Set to show the traceback of an unexpected exception (for debugging dockerlint-ml itself).
TRACEBACK_ENV = "DOCKERLINT_ML_TRACEBACK"


def default_format(stream: TextIO | None = None) -> str:
    """rich on a terminal, plain when stdout is not one or NO_COLOR is set (non-empty)."""
    out = sys.stdout if stream is None else stream
    if os.environ.get("NO_COLOR"):
        return "plain"
    try:
        return "rich" if out.isatty() else "plain"
    except (AttributeError, ValueError):
        return "plain"


def _escape(text: str) -> str:
    from dockerlint_ml.reporters import escape

    return escape(text)


class _Stderr:
    """Whether stderr lines are for a GitHub Actions log (`--format github`)."""

    github = False


def _stderr_line(text: str) -> None:
    """One line on stderr: escaped, and inert as a workflow command under --format github."""
    if _Stderr.github:
        from dockerlint_ml.reporters.github import inert_line

        line = inert_line(text)
    else:
        line = _escape(text)
    click.echo(line, err=True)


def error_line(message: str) -> None:
    """One `dockerlint-ml: ...` line on stderr; text from paths or files is escaped."""
    _stderr_line(f"{PROG}: {message}")


def _asks_for_github(args: Sequence[str]) -> bool:
    """Whether `args` name `--format github`; read before click parses them, so that a
    usage error is made inert too. Errs on the safe side (an option's value that reads
    `--format` counts)."""
    for arg, following in zip(args, [*args[1:], ""], strict=True):
        if arg == "--":
            return False
        if arg.lower() == "--format=github" or (
            arg == "--format" and following.lower() == "github"
        ):
            return True
    return False


def _split(values: Sequence[str]) -> list[str] | None:
    """`--select A,B --select C` -> [A, B, C]; None when the option was not given. Empty
    parts are kept (`--select A,` -> [A, ""]), for `check_selectors` to refuse."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",")]


_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE = re.compile(r"([0-9]{1,20})([KMG]?)", re.IGNORECASE)


def _byte_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """`--max-file-size`: a number of bytes, or one followed by K, M or G (powers of 1024:
    10M is 10 MiB); at least 1."""
    if value is None:
        return None
    found = _SIZE.fullmatch(value.strip())
    if found is None or int(found.group(1)) == 0:
        raise click.BadParameter(
            f"{value!r} is not a size: a positive number of bytes, optionally followed by"
            " K, M or G (e.g. 10M)",
            ctx,
            param,
        )
    return int(found.group(1)) * _SIZE_UNITS[found.group(2).upper()]


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from dockerlint_ml.run.config import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _prepare_stdout(fmt: str) -> None:
    # JSON is UTF-8 by definition; a text report must never die on an unencodable character.
    reconfigure: Callable[..., None] | None = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if fmt == "json":
            reconfigure(encoding="utf-8", errors="strict")
        elif fmt in UTF8_FORMATS:
            reconfigure(encoding="utf-8", errors="backslashreplace")
        else:
            reconfigure(errors="backslashreplace")
    except (ValueError, OSError):
        pass


format_option = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(TEXT_FORMATS, case_sensitive=False),
    default=None,
    help="Output format. Default: rich on a terminal, plain otherwise or when NO_COLOR is set.",
)
lint_format_option = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help=(
        "Report format. Default: rich on a terminal, plain otherwise or when NO_COLOR is set"
        " (plain with --output)."
    ),
)
fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON, case_sensitive=False),
    default=None,
    help=(
        "Exit 1 when a finding is at or above this level; `never` never exits 1."
        " Default: the configuration's fail-on, else warning."
    ),
)
select_option = click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help=(
        "Comma list of rule codes, names, aliases, code prefixes (DL, DLM0) or ALL to run;"
        " replaces the configuration's select, extend-select, ignore and extend-ignore"
        " (default: the default selection, `dockerlint-ml rules` shows it)."
    ),
)
extend_select_option = click.option(
    "--extend-select",
    multiple=True,
    metavar="RULES",
    help="Rules to run in addition to the configuration's (or --select's) selection.",
)
ignore_option = click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Rules to skip, in addition to the configuration's; wins over --select.",
)
config_option = click.option(
    "--config",
    "config_path",
    metavar="FILE",
    default=None,
    help=(
        "Use this configuration file for every input (a pyproject.toml with"
        " [tool.dockerlint-ml], or top-level keys as in .dockerlint-ml.toml)."
    ),
)
isolated_option = click.option(
    "--isolated",
    is_flag=True,
    help="Ignore every configuration file (hadolint's and HADOLINT_* variables too).",
)


def _label_types(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
    """`--require-label NAME:TYPE` values as a mapping (the label rules check the type)."""
    labels: dict[str, str] = {}
    for item in value:
        name, sep, kind = item.partition(":")
        if not sep or not name.strip() or not kind.strip():
            raise click.BadParameter(f"{item!r} is not NAME:TYPE (e.g. version:semver)")
        labels[name.strip()] = kind.strip()
    return labels


trusted_registry_option = click.option(
    "--trusted-registry",
    "trusted_registries",
    multiple=True,
    metavar="REGISTRY",
    help=("A registry FROM images may come from (repeatable; hadolint's option, enables DL3026)."),
)
require_label_option = click.option(
    "--require-label",
    "require_labels",
    multiple=True,
    callback=_label_types,
    metavar="NAME:TYPE",
    help=(
        "A label the image must have, with its format: text, rfc3339, semver, url, hash,"
        " spdx or email (repeatable; hadolint's option, for the label rules)."
    ),
)
no_plugins_option = click.option(
    "--no-plugins",
    is_flag=True,
    help="Load no third-party rules (the dockerlint_ml.rules entry points); built-in rules only.",
)
max_file_size_option = click.option(
    "--max-file-size",
    callback=_byte_size,
    default=None,
    metavar="BYTES",
    help=(
        "Refuse (one line, exit 2) an input larger than this: a Dockerfile, standard input"
        " or the --baseline file. A number of bytes, or with a K, M or G suffix (powers of"
        f" 1024). Default: {DEFAULT_MAX_FILE_SIZE // 1024**2}M."
    ),
)

_EPILOG = (
    "Subcommands (first argument only): `rules` lists the rules, `explain CODE` shows one"
    " rule's documentation, `config [PATH]` shows the effective configuration, `parse"
    " FILE...` prints the parsed model as JSON. Configuration: the nearest pyproject.toml with"
    " [tool.dockerlint-ml] or .dockerlint-ml.toml above each file; command-line options win."
    " Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error,"
    " unreadable input or internal error, 130 interrupted."
)


class _Interrupted(Exception):
    """A KeyboardInterrupt inside a command, on its way to `run_cli`."""


class _StrayExit(Exception):
    """A SystemExit inside a command (a rule or plugin calling exit), on its way to
    `run_cli`, which makes it an internal error rather than the exit status it asked for."""

    def __init__(self, code: object) -> None:
        super().__init__(f"SystemExit({code!r}) during the run")


class _Command(click.Command):
    """A click command that hands interrupts and stray exits to `run_cli` (click would turn
    a KeyboardInterrupt into Abort after an empty stderr line, and let SystemExit through)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None
        except SystemExit as exc:
            raise _StrayExit(exc.code) from None


def _command(name: str, **settings: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """`click.command` as every command here is made: a `_Command`, with `-h` for help."""
    return click.command(
        name=name,
        cls=_Command,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )


@_command(PROG, epilog=_EPILOG)
@click.argument("paths", nargs=-1)
@lint_format_option
@fail_on_option
@select_option
@extend_select_option
@ignore_option
@config_option
@isolated_option
@trusted_registry_option
@require_label_option
@no_plugins_option
@max_file_size_option
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the configuration's exclude to paths named on the command line too.",
)
@click.option(
    "--disable-pragmas",
    is_flag=True,
    help="Ignore inline `# dockerlint-ml ignore=` (and hadolint / BuildKit) comments.",
)
@click.option(
    "--baseline",
    metavar="FILE",
    default=None,
    help="Report only findings that are not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    default=None,
    help="Record the current findings in this baseline file; exits 0 unless an input fails.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    default=None,
    help=(
        "Write the report to FILE, atomically (a temporary file renamed over it; a symlink is"
        " refused); the terminal still gets the summary."
    ),
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=None,
    help="The name standard input (`-`) gets in reports; reads stdin when no PATHS are given.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Run ShellCheck on every script instead of reading and filling the result cache.",
)
@click.option(
    "--as-of",
    metavar="YYYY-MM-DD",
    default=None,
    callback=_as_of,
    help="The reference date of date-dependent rules (Python end of life). Default: today.",
)
@click.option(
    "--context",
    "context_dir",
    metavar="DIR",
    default=None,
    help="The build context directory the context rules (DLM2xx) read, for every input."
    " Default: the configured one, else the Dockerfile's directory when it looks like one.",
)
@click.option(
    "--no-context",
    is_flag=True,
    help="Read no build context: the context rules (DLM2xx) do not run.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe fixes of the reported findings to the files, then report what remains"
    " (standard input: the fixed text goes to stdout, the report to stderr).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix, --fix-only or --diff: apply the unsafe fixes too (they may change"
    " behaviour; each rule page says how).",
)
@click.option(
    "--fix-only",
    is_flag=True,
    help="Apply the fixes like --fix, and report only what was fixed (exit 0 unless an input"
    " fails).",
)
@click.option(
    "--show-fixes",
    is_flag=True,
    help="With --fix or --fix-only: list each fix applied.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the unified diff of what --fix would write, and write nothing: exit 1 when"
    " there is a diff, 0 when there is none.",
)
@click.option(
    "--exit-zero",
    "--no-fail",
    "exit_zero",
    is_flag=True,
    help="Exit 0 whatever the findings (2 still reports a problem): --fail-on never, over any"
    " --fail-on or configuration. --no-fail is hadolint's name for it.",
)
@click.version_option(
    __version__, "--version", "-V", prog_name=PROG, message="%(prog)s %(version)s"
)
def lint_command(
    paths: tuple[str, ...],
    fmt: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    isolated: bool,
    trusted_registries: tuple[str, ...],
    require_labels: dict[str, str],
    no_plugins: bool,
    max_file_size: int | None,
    force_exclude: bool,
    disable_pragmas: bool,
    baseline: str | None,
    write_baseline: str | None,
    output: str | None,
    stdin_filename: str | None,
    no_cache: bool,
    as_of: datetime.date | None,
    context_dir: str | None,
    no_context: bool,
    fix: bool,
    unsafe_fixes: bool,
    fix_only: bool,
    show_fixes: bool,
    diff: bool,
    exit_zero: bool,
) -> int:
    """Lint Dockerfiles of Python and ML services.

    PATHS are files, directories (searched for Dockerfile and Containerfile, alone or followed
    by ., - or _ and a suffix, and *.Dockerfile, *.Containerfile; not ignore files, templates
    or other kinds of file such as Dockerfile.j2, Dockerfile-dev.yml) and `-` for standard
    input. Default: ./Dockerfile.
    """
    from dockerlint_ml.reporters import render
    from dockerlint_ml.run.results import INTERNAL, SetupError, UsageError
    from dockerlint_ml.run.runner import run

    if exit_zero:
        fail_on = "never"
    # A report file is not a terminal: plain unless a format is named.
    fmt = (fmt or ("plain" if output is not None else default_format())).lower()
    mode = None
    if fix or fix_only or diff:
        from dockerlint_ml.run.fixing import FixMode

        if diff and (fix or fix_only):
            raise click.UsageError("--diff cannot be used with --fix or --fix-only")
        if write_baseline is not None:
            raise click.UsageError("--write-baseline cannot be used with --fix or --diff")
        mode = FixMode(unsafe=unsafe_fixes, write=not diff)
    try:
        result = run(
            list(paths),
            select=_split(select),
            extend_select=_split(extend_select),
            ignore=_split(ignore),
            fail_on=fail_on,
            config=config_path,
            isolated=isolated,
            force_exclude=force_exclude,
            pragmas=not disable_pragmas,
            baseline=baseline,
            write_baseline=write_baseline,
            stdin_filename=stdin_filename,
            plugins=not no_plugins,
            max_file_size=max_file_size,
            trusted_registries=trusted_registries,
            require_labels=require_labels,
            cache=not no_cache,
            as_of=as_of,
            context=context_dir,
            no_context=no_context,
            fix=mode,
        )
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except SetupError as exc:
        error_line(str(exc))
        return 2
    for notice in result.notices:
        error_line(f"notice: {notice}")
    if diff:
        return _print_diff(result)
    if fix_only:
        _print_fixes(result, show_fixes, sys.stdout)
        for problem in result.problems:
            line = problem.line()
            error_line(f"{line}; {REPORT_BUG}" if problem.kind == INTERNAL else line)
        return 2 if result.problems else 0
    fixed_stdin = mode is not None and any(r.from_stdin for r in result.files)
    if fixed_stdin:
        # The fixed text is the output; the report goes to stderr (as ruff does).
        for report in result.files:
            if report.from_stdin:
                text = report.fixed if report.fixed is not None else report.original
                _write_text(text or "")
        sys.stdout.flush()
    output_failed = False
    if mode is not None and show_fixes:
        listing = sys.stderr if fixed_stdin or fmt not in ("rich", "plain") else sys.stdout
        _print_fixes(result, True, listing)
    if fixed_stdin and output is None:
        render(fmt, result, sys.stderr)
    elif output is None:
        _prepare_stdout(fmt)
        render(fmt, result, sys.stdout)
    else:
        output_failed = not _write_output(fmt, result, output)
        if not output_failed:
            _print_summary(result)
    sys.stdout.flush()
    for problem in result.problems:
        line = problem.line()
        error_line(f"{line}; {REPORT_BUG}" if problem.kind == INTERNAL else line)
    if output_failed:
        return 2
    if write_baseline is not None:
        return 2 if result.problems else 0
    return result.exit_code()


def _write_text(text: str) -> None:
    """Fixed Dockerfile text on stdout, byte for byte as a file would hold it (UTF-8, line
    endings untranslated)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))


def _print_diff(result: Any) -> int:
    """`--diff`: the unified diff of each changed file on stdout, the count on stderr; 1
    when there is a diff, 0 when none, 2 on problems."""
    from dockerlint_ml.run.fixing import unified_diff
    from dockerlint_ml.run.results import INTERNAL

    changed = [r for r in result.files if r.fixed is not None and r.original is not None]
    for report in changed:
        _write_text(unified_diff(report.path, report.original, report.fixed))
    sys.stdout.flush()
    count = sum(len(r.applied) for r in changed)
    files = len(changed)
    if count:
        error_line(
            f"would fix {count} finding{'s' * (count != 1)} in {files} file{'s' * (files != 1)}"
        )
    else:
        error_line("no fixes to apply")
    for problem in result.problems:
        line = problem.line()
        error_line(f"{line}; {REPORT_BUG}" if problem.kind == INTERNAL else line)
    if result.problems:
        return 2
    return 1 if changed else 0


def _print_fixes(result: Any, listed: bool, out: TextIO) -> None:
    """What --fix applied: with `listed`, one line per fix (`path:line:column: CODE title`,
    positions in the text the fix was applied to), then the count."""
    count = 0
    files = 0
    for report in result.files:
        if report.applied:
            files += 1
        for finding in report.applied:
            count += 1
            if listed:
                title = finding.autofix.title if finding.autofix is not None else ""
                out.write(
                    f"{_escape(report.path)}:{finding.span.line}:{finding.span.column}:"
                    f" {finding.code} {_escape(title)}\n"
                )
    out.write(
        f"fixed {count} finding{'s' * (count != 1)} in {files} file{'s' * (files != 1)}\n"
        if count
        else "no fixes applied\n"
    )
    out.flush()


def _write_output(fmt: str, result: Any, path: str) -> bool:
    """Render `result` into the file at `path`, atomically (`sources.replace_file`: the old
    file stays intact if rendering or writing fails; a symlink is refused, never followed);
    False (and a stderr line) when it cannot."""
    from dockerlint_ml.reporters import render
    from dockerlint_ml.run.sources import replace_file

    try:
        replace_file(path, lambda out: render(fmt, result, out))
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        if isinstance(exc, IsADirectoryError):
            reason = "is a directory"
        error_line(f"{path}: cannot write the report: {reason}")
        return False
    return True


def _print_summary(result: Any) -> None:
    """The summary after a report went to --output: rich on a terminal, else the plain line."""
    from dockerlint_ml.reporters import summary_line

    if default_format() == "rich":
        from dockerlint_ml.reporters.rich_format import make_console, summary_lines

        _prepare_stdout("rich")
        console = make_console(sys.stdout)
        for line in summary_lines(result):
            console.print(line)
        return
    _prepare_stdout("plain")
    sys.stdout.write(summary_line(result) + "\n")


def _registry_or_exit(plugins: bool) -> Registry:
    from dockerlint_ml.engine.registry import load_registry

    registry = load_registry(plugins=plugins)
    if registry.errors:
        for error in registry.errors:
            error_line(error)
        raise click.exceptions.Exit(2)
    return registry


@_command("rules")
@format_option
@no_plugins_option
def rules_command(fmt: str | None, no_plugins: bool) -> int:
    """List every rule: code, name, default level, whether it runs by default, summary."""
    from dockerlint_ml.reporters.rules_table import render_rules

    registry = _registry_or_exit(plugins=not no_plugins)
    fmt = (fmt or default_format()).lower()
    _prepare_stdout(fmt)
    render_rules(registry, fmt, sys.stdout)
    return 0


@_command("explain")
@click.argument("rule")
@format_option
@no_plugins_option
def explain_command(rule: str, fmt: str | None, no_plugins: bool) -> int:
    """Show the documentation of RULE (a code like DLM001 or SC2086, or a name like
    base-image-unpinned)."""
    from dockerlint_ml.engine.registry import load_registry
    from dockerlint_ml.reporters.rules_table import render_explain

    registry = load_registry(plugins=not no_plugins)
    for error in registry.errors:
        error_line(error)
    found = registry.by_key(rule)
    code = None
    family = registry.family(rule) if found is None else None
    if family is not None:  # SC2086: that code's page; SC20: the family's
        found = family[0]
        if len(family[1]) == len(found.code) + found.family_digits:
            code = family[1]
    if found is None:
        from dockerlint_ml.run.config import suggest_rule

        hint = suggest_rule(registry, rule)
        error_line(f"unknown rule {rule!r}{hint}; `{PROG} rules` lists them")
        return 2
    fmt = (fmt or default_format()).lower()
    _prepare_stdout(fmt)
    render_explain(found, registry, fmt, sys.stdout, code)
    return 2 if registry.errors else 0


@_command("config")
@click.argument("path", required=False, default=".")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("toml", "json"), case_sensitive=False),
    default="toml",
    show_default=True,
    help="TOML-like text with the source of each setting, or JSON.",
)
@config_option
@isolated_option
@trusted_registry_option
@require_label_option
@select_option
@extend_select_option
@ignore_option
@fail_on_option
@no_plugins_option
def config_command(
    path: str,
    fmt: str,
    config_path: str | None,
    isolated: bool,
    trusted_registries: tuple[str, ...],
    require_labels: dict[str, str],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    no_plugins: bool,
) -> int:
    """Show the effective configuration for PATH (a Dockerfile or a directory; default .).

    The configuration file found for PATH (or named by --config), merged with the
    command-line options given here as the lint command would merge them.
    """
    import json

    from dockerlint_ml.engine.registry import load_registry
    from dockerlint_ml.reporters import escape
    from dockerlint_ml.run.config import (
        ConfigFinder,
        Overrides,
        cli_shared_options,
        describe,
        render_text,
        resolve,
    )
    from dockerlint_ml.run.hadolint_config import starting_configs
    from dockerlint_ml.run.results import SetupError, UsageError
    from dockerlint_ml.run.runner import check_selectors

    registry = load_registry(plugins=not no_plugins)
    for error in registry.errors:
        error_line(error)
    if not os.path.exists(path):
        error_line(f"{path}: no such file or directory")
        return 2
    is_dir = os.path.isdir(path)
    selection = {
        "select": _split(select),
        "extend_select": _split(extend_select),
        "ignore": _split(ignore),
    }
    try:
        check_selectors(registry, selection)
        if config_path is not None and isolated:
            raise UsageError("--config and --isolated cannot be used together")
        shared = cli_shared_options(registry, trusted_registries, require_labels)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        fixed, fallback = starting_configs(config_path, isolated, registry)
        if fixed is not None:
            config = fixed
        else:
            start = path if is_dir else os.path.dirname(os.path.abspath(path))
            config = ConfigFinder(registry, fallback=fallback).config_for(start)
    except SetupError as exc:
        error_line(str(exc))
        return 2
    for notice in config.notices:
        error_line(f"notice: {notice}")
    over_select = selection["select"]
    overrides = Overrides(
        select=tuple(over_select) if over_select is not None else None,
        extend_select=tuple(selection["extend_select"] or ()),
        ignore=tuple(selection["ignore"] or ()),
        fail_on=fail_on.lower() if fail_on is not None else None,
        shared_options=shared,
    )
    settings = resolve(config, registry, overrides)
    data = describe(settings, path, None if is_dir else config.for_file(path))
    if fmt.lower() == "json":
        _prepare_stdout("json")
        sys.stdout.write(_json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    else:
        _prepare_stdout("plain")

        def emit(text: str) -> None:
            sys.stdout.write(escape(text) + "\n")

        render_text(data, emit)
    return 2 if registry.errors else 0


def _json_text(text: str) -> str:
    from dockerlint_ml.reporters import unicode_text

    return unicode_text(text)


@_command("parse")
@click.argument("paths", nargs=-1)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=None,
    help="The name standard input (`-`) gets; reads stdin when no PATHS are given.",
)
@max_file_size_option
def parse_command(
    paths: tuple[str, ...], stdin_filename: str | None, max_file_size: int | None
) -> int:
    """Print the parsed model of each Dockerfile as a JSON array, one object per file.

    PATHS as for the lint command (files, directories, `-`); default ./Dockerfile. For rule
    authors and bug reports: keywords, 1-based start/end lines, stages, flags, forms, exec
    argv, heredocs and parse errors.
    """
    import json

    from dockerlint_ml.dockerfile.dump import dockerfile_json
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.run.discovery import Problem as PathProblem
    from dockerlint_ml.run.discovery import discover
    from dockerlint_ml.run.sources import SourceError, read_path, read_stdin

    given = list(paths) or (["-"] if stdin_filename is not None else ["Dockerfile"])
    _prepare_stdout("json")
    # Written in pieces, as json.dumps(documents, indent=2) would print them, so that a
    # huge model never exists a second time as one string (30,000 stages: 150 MB).
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    opened = False
    problems: list[str] = []
    for target in discover(given).items:
        if isinstance(target, PathProblem):
            problems.append(f"{target.path}: {target.reason}")
            continue
        display = target.display
        if target.is_stdin and stdin_filename is not None:
            display = stdin_filename
        try:
            if target.path is None:
                source = read_stdin(display, max_bytes=max_file_size)
            else:
                source = read_path(target.path, display, max_bytes=max_file_size)
        except SourceError as exc:
            problems.append(f"{exc.path}: {exc.reason}")
            continue
        dockerfile = parse(source.text, display, invalid_utf8=source.invalid_utf8)
        sys.stdout.write(("," if opened else "[") + "\n  ")
        pending: list[str] = []
        for chunk in encoder.iterencode(dockerfile_json(dockerfile, display)):
            pending.append(chunk)
            if len(pending) >= 65_536:
                _write_indented(pending)
        _write_indented(pending)
        opened = True
    sys.stdout.write("\n]\n" if opened else "[]\n")
    sys.stdout.flush()
    for problem in problems:
        error_line(problem)
    return 2 if problems else 0


def _write_indented(chunks: list[str]) -> None:
    """Write JSON chunks one level deeper (JSON strings hold no raw newline) and clear them."""
    sys.stdout.write(_json_text("".join(chunks)).replace("\n", "\n  "))
    chunks.clear()


# Subcommands by name; only the first argument is looked up here.
SUBCOMMANDS: dict[str, click.Command] = {
    "rules": rules_command,
    "explain": explain_command,
    "config": config_command,
    "parse": parse_command,
}


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the command line on `argv` (default sys.argv[1:]) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    command: click.Command = lint_command
    prog = PROG
    if args and args[0] in SUBCOMMANDS:
        command = SUBCOMMANDS[args[0]]
        prog = f"{PROG} {args[0]}"
        args = args[1:]
    _Stderr.github = command is lint_command and _asks_for_github(args)
    try:
        _guard_stderr()
        # click itself turns a broken pipe on stdout (`| head`) into a silent exit 1.
        code = command.main(args, prog_name=prog, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        _show_click_error(exc)
        return 2
    except (_Interrupted, KeyboardInterrupt, click.exceptions.Abort):
        return _interrupted()
    except _StrayExit as exc:
        error_line(f"internal error: {exc}; {REPORT_BUG}")
        return 2
    except Exception as exc:
        if os.environ.get(TRACEBACK_ENV):
            import traceback

            traceback.print_exc()
        error_line(f"internal error: {type(exc).__name__}: {exc}; {REPORT_BUG}")
        return 2
    return code if isinstance(code, int) else 0


def _show_click_error(exc: click.ClickException) -> None:
    """click's usage lines and `Error: ...`, each an escaped stderr line: the message may
    hold a value from the command line, a file name from a shell glob included."""
    shown = io.StringIO()
    exc.show(file=shown)
    # The message escaped where click printed it (click 8.5 makes `message` read-only).
    message = exc.format_message()
    text = shown.getvalue().replace(message, _escape(message)) if message else shown.getvalue()
    for line in text.splitlines():
        _stderr_line(line)


def _interrupted() -> int:
    # On a terminal the line goes below the echoed ^C.
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if sys.stderr.isatty():
            click.echo(err=True)
    error_line("interrupted")
    return 130


def _guard_stderr() -> None:
    reconfigure: Callable[..., None] | None = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script `dockerlint-ml` and `python -m dockerlint_ml`."""
    sys.exit(run_cli(argv))

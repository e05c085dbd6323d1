"""The command line: `dockerlint-ml [PATHS]...`, `dockerlint-ml rules`, `dockerlint-ml explain X`.

A subcommand is recognised only as the first argument, and its name wins over a path of the
same name (`./rules` lints a file called rules). `main` dispatches on that first argument to
separate click commands instead of a click Group, which would fight the variadic PATHS of
the lint command; adding a subcommand is one entry in `SUBCOMMANDS`.

Exit codes (the CI contract): 2 for a usage error, a path that cannot be linted, a plugin
that failed to load or an internal error, whatever --fail-on says, with one stderr line per
problem; else 1 when a finding is at or above --fail-on; else 0. No traceback ever reaches
the user: an unexpected exception is one stderr line and exit 2.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

import click

from dockerlint_ml import __version__
from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule

PROG = "dockerlint-ml"
FORMATS = ("rich", "plain", "json")
FAIL_ON = ("error", "warning", "info", "style", "never")
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


def error_line(message: str) -> None:
    """One `dockerlint-ml: ...` line on stderr; text from paths or files is escaped."""
    click.echo(f"{PROG}: {_escape(message)}", err=True)


def _split(values: Sequence[str]) -> list[str] | None:
    """`--select A,B --select C` -> [A, B, C]; None when the option was not given."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _prepare_stdout(fmt: str) -> None:
    # JSON is UTF-8 by definition; a text report must never die on an unencodable character.
    reconfigure: Callable[..., None] | None = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if fmt == "json":
            reconfigure(encoding="utf-8", errors="strict")
        else:
            reconfigure(errors="backslashreplace")
    except (ValueError, OSError):
        pass


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help="Report format. Default: rich on a terminal, plain otherwise or when NO_COLOR is set.",
)


@click.command(
    name=PROG,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=(
        "Subcommands (first argument only): `rules` lists the rules, `explain CODE` shows one"
        " rule's documentation. Exit codes: 0 clean, 1 findings at or above --fail-on,"
        " 2 usage error, unreadable input or internal error."
    ),
)
@click.argument("paths", nargs=-1)
@format_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON, case_sensitive=False),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding is at or above this level; `never` only exits 1 never.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Comma list of rule codes, names, code prefixes or ALL to run (default ALL).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Comma list of rule codes, names, code prefixes or ALL to skip; wins over --select.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=None,
    help="The name standard input (`-`) gets in reports; reads stdin when no PATHS are given.",
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
def lint_command(
    paths: tuple[str, ...],
    fmt: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    stdin_filename: str | None,
) -> int:
    """Lint Dockerfiles of Python and ML services.

    PATHS are files, directories (searched for Dockerfile, Dockerfile.*, *.Dockerfile,
    Containerfile, Containerfile.*) and `-` for standard input. Default: ./Dockerfile.
    """
    from dockerlint_ml.reporters import render
    from dockerlint_ml.runner import INTERNAL, UsageError, run

    fmt = (fmt or default_format()).lower()
    threshold = None if fail_on.lower() == "never" else Severity.parse(fail_on)
    try:
        result = run(
            list(paths),
            select=_split(select),
            ignore=_split(ignore),
            stdin_filename=stdin_filename,
        )
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    _prepare_stdout(fmt)
    render(fmt, result, sys.stdout)
    sys.stdout.flush()
    for problem in result.problems:
        line = problem.line()
        error_line(f"{line}; {REPORT_BUG}" if problem.kind == INTERNAL else line)
    return result.exit_code(threshold)


def _registry_or_exit() -> list[type[Rule]]:
    from dockerlint_ml.registry import load_registry

    registry = load_registry()
    if registry.errors:
        for error in registry.errors:
            error_line(error)
        raise click.exceptions.Exit(2)
    return list(registry.rules)


@click.command(name="rules", context_settings={"help_option_names": ["-h", "--help"]})
@format_option
def rules_command(fmt: str | None) -> int:
    """List every rule: code, name, default level and summary."""
    from dockerlint_ml.reporters.rules_table import render_rules

    rules = _registry_or_exit()
    fmt = (fmt or default_format()).lower()
    _prepare_stdout(fmt)
    render_rules(rules, fmt, sys.stdout)
    return 0


@click.command(name="explain", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("rule")
@format_option
def explain_command(rule: str, fmt: str | None) -> int:
    """Show the documentation of RULE (a code like DLM001 or a name like base-image-unpinned)."""
    from dockerlint_ml.registry import load_registry
    from dockerlint_ml.reporters.rules_table import render_explain

    registry = load_registry()
    for error in registry.errors:
        error_line(error)
    found = registry.by_code(rule)
    if found is None:
        error_line(f"unknown rule {rule!r}; `{PROG} rules` lists them")
        return 2
    fmt = (fmt or default_format()).lower()
    _prepare_stdout(fmt)
    render_explain(found, fmt, sys.stdout)
    return 2 if registry.errors else 0


# Subcommands by name; only the first argument is looked up here.
SUBCOMMANDS: dict[str, click.Command] = {
    "rules": rules_command,
    "explain": explain_command,
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
    try:
        _guard_stderr()
        # click itself turns a broken pipe on stdout (`| head`) into a silent exit 1.
        code = command.main(args, prog_name=prog, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        error_line("interrupted")
        return 130
    except Exception as exc:
        if os.environ.get(TRACEBACK_ENV):
            import traceback

            traceback.print_exc()
        error_line(f"internal error: {type(exc).__name__}: {exc}; {REPORT_BUG}")
        return 2
    return code if isinstance(code, int) else 0


def _guard_stderr() -> None:
    reconfigure: Callable[..., None] | None = getattr(sys.stderr, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script `dockerlint-ml` and `python -m dockerlint_ml`."""
    sys.exit(run_cli(argv))

"""dockerlint-ml: a Dockerfile linter for Python and ML model services.

The Python API: `lint_text` lints one text, `lint_paths` lints files and directories as the
command line does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockerlint_ml.dockerfile.model import Finding, Severity

if TYPE_CHECKING:
    import datetime

__version__ = "0.1.0"

__all__ = ["Finding", "Severity", "__version__", "lint_paths", "lint_text"]


def lint_text(
    text: str,
    path: str = "Dockerfile",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    pragmas: bool = True,
    images: Mapping[str, Mapping[str, Any]] | None = None,
    as_of: datetime.date | None = None,
    context: str | None = None,
) -> list[Finding]:
    """Lint Dockerfile text; returns findings sorted by path, line, column and code.

    `select` / `ignore` take codes, names, aliases, code prefixes or ALL (`select=None`: the
    default selection; an ignore naming a peer code also silences the rules superseding it);
    `options` maps a rule's code or name to its options (e.g. `{"DLM001": {"pin": "digest"}}`).
    Inline pragmas (`# dockerlint-ml ignore=...`, and hadolint's and BuildKit's) are honoured
    unless `pragmas=False`. `images` declares facts about the user's base images, as the
    configuration's `images` table does (`{"corp/base": {"workdir": "/app"}}`). `as_of` is the
    reference date of date-dependent rules (default today). `context` is the build context
    directory the context rules (DLM2xx) read (`path` places the Dockerfile in it for
    BuildKit's `<name>.dockerignore`); without it they do not run: the text is not a file
    whose directory could be looked at (a `context` that is no directory raises ValueError).
    No configuration file is read: `lint_paths` does
    that.

    The SC rule runs the installed ShellCheck (answers cached as the CLI caches them). When
    ShellCheck is missing, SC is skipped if it was only selected by default, and
    `run.shellcheck.ShellCheckUnavailable` is raised if `select` names it; a ShellCheck that
    crashes or times out raises RuntimeError("ShellCheck failed: ...").
    """
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.engine.lint import drop_subsumed, drop_superseded, lint
    from dockerlint_ml.engine.registry import SHELLCHECK_CODE, load_registry
    from dockerlint_ml.engine.rule import Context
    from dockerlint_ml.facts.image_facts import parse_user_facts
    from dockerlint_ml.run.config import Config, Overrides, resolve
    from dockerlint_ml.run.pragmas import apply_pragmas

    registry = load_registry()
    over = Overrides(
        select=tuple(select) if select is not None else None, ignore=tuple(ignore or ())
    )
    settings = resolve(Config(), registry, over)
    selected = settings.rules
    rules = []
    for rule_cls in selected:
        opts = None
        if options:
            opts = options.get(rule_cls.code) or options.get(rule_cls.name)
        rules.append(rule_cls(opts))
    dockerfile = parse(text, path)
    user_images = parse_user_facts(images) if images else ()
    build_context = None
    if context is not None:
        from dockerlint_ml.facts.context import BuildContext

        if not os.path.isdir(context):
            raise ValueError(f"{context}: cannot use as the build context: no such directory")
        build_context = BuildContext(context, os.path.join(context, path))
    ctx = Context(dockerfile, user_images, as_of=as_of, build_context=build_context)
    codes = [r.code for r in selected]
    scripts = None
    if SHELLCHECK_CODE in codes:
        scripts = _shellcheck_scripts(ctx, path, settings.names_family(SHELLCHECK_CODE))
        if scripts is None:
            rules = [r for r in rules if r.code != SHELLCHECK_CODE]
            codes.remove(SHELLCHECK_CODE)
    found = lint(dockerfile, rules, user_images, context=ctx).findings
    if scripts is not None and (failed := scripts.failure()) is not None:
        raise RuntimeError(f"ShellCheck failed: {failed}")
    found = [f for f in found if settings.keeps(f.code)]
    findings = drop_superseded(found, registry.superseders())
    kept = apply_pragmas(dockerfile, findings, registry, settings.selected_codes(codes), pragmas)
    return drop_subsumed(kept)


_SHELLCHECK: Any = None  # the ShellCheckRun of lint_text's calls, made on first use


def _shellcheck_scripts(ctx: Any, path: str, explicit: bool) -> Any:
    """The file's scripts, checked by ShellCheck (a FileScripts), or None when ShellCheck
    is not installed and the SC rule was only selected by default; raises
    ShellCheckUnavailable when it was selected explicitly."""
    global _SHELLCHECK
    from dockerlint_ml.run.shellcheck import ShellCheckUnavailable
    from dockerlint_ml.run.shellcheck_jobs import ShellCheckRun

    if _SHELLCHECK is None:
        _SHELLCHECK = ShellCheckRun()
    try:
        service = _SHELLCHECK.service(None)
    except ShellCheckUnavailable:
        if explicit:
            raise
        return None
    scripts = _SHELLCHECK.gather(service, ctx, path, None)
    _SHELLCHECK.check([scripts])
    ctx.shellcheck = scripts.checker()
    return scripts


def lint_paths(paths: Sequence[str], **kwargs: Any) -> Any:
    """Lint files and directories as `dockerlint-ml PATHS` does, configuration files
    included; see `runner.run` for the keyword arguments (`isolated=True` reads none)."""
    from dockerlint_ml.run.runner import run

    return run(paths, **kwargs)

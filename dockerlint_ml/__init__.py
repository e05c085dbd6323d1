"""dockerlint-ml: a Dockerfile linter for Python and ML model services.

The Python API: `lint_text` lints one text, `lint_paths` lints files and directories as the
command line does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dockerlint_ml.model import Finding, Severity

__version__ = "0.1.0"

__all__ = ["Finding", "Severity", "__version__", "lint_paths", "lint_text"]


def lint_text(
    text: str,
    path: str = "Dockerfile",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Finding]:
    """Lint Dockerfile text; returns findings sorted by line, column and code.

    `select` / `ignore` take codes, names, code prefixes or ALL; `options` maps a rule's
    code or name to its options (e.g. `{"DLM001": {"pin": "digest"}}`).
    """
    from dockerlint_ml.engine import lint
    from dockerlint_ml.parser import parse
    from dockerlint_ml.registry import load_registry

    registry = load_registry()
    rules = []
    for rule_cls in registry.select(select, ignore):
        opts = None
        if options:
            opts = options.get(rule_cls.code) or options.get(rule_cls.name)
        rules.append(rule_cls(opts))
    return lint(parse(text, path), rules).findings


def lint_paths(paths: Sequence[str], **kwargs: Any) -> Any:
    """Lint files and directories as `dockerlint-ml PATHS` does; see `runner.run`."""
    from dockerlint_ml.runner import run

    return run(paths, **kwargs)

"""dockerlint-ml: a Dockerfile linter for Python and ML model services.

The Python API: `lint_text` lints one text, `lint_paths` lints files and directories as the
command line does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Severity

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
) -> list[Finding]:
    """Lint Dockerfile text; returns findings sorted by path, line, column and code.

    `select` / `ignore` take codes, names, aliases, code prefixes or ALL (`select=None`: the
    default selection; an ignore naming a peer code also silences the rules superseding it);
    `options` maps a rule's code or name to its options (e.g. `{"DLM001": {"pin": "digest"}}`).
    Inline pragmas (`# dockerlint-ml ignore=...`, and hadolint's and BuildKit's) are honoured
    unless `pragmas=False`. `images` declares facts about the user's base images, as the
    configuration's `images` table does (`{"corp/base": {"workdir": "/app"}}`). No
    configuration file is read: `lint_paths` does that.
    """
    from dockerlint_ml.dockerfile.parser import parse
    from dockerlint_ml.engine.lint import drop_subsumed, drop_superseded, lint
    from dockerlint_ml.engine.registry import load_registry
    from dockerlint_ml.facts.image_facts import parse_user_facts
    from dockerlint_ml.run.pragmas import apply_pragmas

    registry = load_registry()
    selected = registry.select(select, ignore)
    rules = []
    for rule_cls in selected:
        opts = None
        if options:
            opts = options.get(rule_cls.code) or options.get(rule_cls.name)
        rules.append(rule_cls(opts))
    dockerfile = parse(text, path)
    user_images = parse_user_facts(images) if images else ()
    findings = drop_superseded(
        lint(dockerfile, rules, user_images).findings, registry.superseders()
    )
    kept = apply_pragmas(dockerfile, findings, registry, [r.code for r in selected], pragmas)
    return drop_subsumed(kept)


def lint_paths(paths: Sequence[str], **kwargs: Any) -> Any:
    """Lint files and directories as `dockerlint-ml PATHS` does, configuration files
    included; see `runner.run` for the keyword arguments (`isolated=True` reads none)."""
    from dockerlint_ml.run.runner import run

    return run(paths, **kwargs)

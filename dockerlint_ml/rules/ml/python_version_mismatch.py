"""DLM201 python-version-mismatch."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.engine.rule import Rule


class PythonVersionMismatch(Rule):
    """The Python of a stage that installs from a manifest disagrees with the manifest.

    (Work in progress.)

    ## Why is this bad?

    (Work in progress.)
    """

    code = "DLM201"
    name = "python-version-mismatch"
    severity = Severity.ERROR
    needs_context = True

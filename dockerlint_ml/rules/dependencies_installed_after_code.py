"""DLM004 dependencies-installed-after-code: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class DependenciesInstalledAfterCode(Rule):
    """PLACEHOLDER."""

    code = "DLM004"
    name = "dependencies-installed-after-code"
    severity = Severity.WARNING

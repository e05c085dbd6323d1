"""DLM003 workdir-missing: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class WorkdirMissing(Rule):
    """PLACEHOLDER."""

    code = "DLM003"
    name = "workdir-missing"
    severity = Severity.WARNING

"""DLM010 exposed-port-mismatch: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class ExposedPortMismatch(Rule):
    """PLACEHOLDER."""

    code = "DLM010"
    name = "exposed-port-mismatch"
    severity = Severity.WARNING

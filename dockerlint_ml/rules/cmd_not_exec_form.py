"""DLM008 cmd-not-exec-form: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class CmdNotExecForm(Rule):
    """PLACEHOLDER."""

    code = "DLM008"
    name = "cmd-not-exec-form"
    severity = Severity.WARNING

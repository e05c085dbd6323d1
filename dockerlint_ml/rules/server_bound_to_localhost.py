"""DLM009 server-bound-to-localhost: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class ServerBoundToLocalhost(Rule):
    """PLACEHOLDER."""

    code = "DLM009"
    name = "server-bound-to-localhost"
    severity = Severity.ERROR

"""DLM002 base-image-not-slim: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class BaseImageNotSlim(Rule):
    """PLACEHOLDER."""

    code = "DLM002"
    name = "base-image-not-slim"
    severity = Severity.WARNING

"""DLM001 base-image-unpinned: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class BaseImageUnpinned(Rule):
    """PLACEHOLDER."""

    code = "DLM001"
    name = "base-image-unpinned"
    severity = Severity.WARNING

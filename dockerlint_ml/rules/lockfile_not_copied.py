"""DLM005 lockfile-not-copied: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class LockfileNotCopied(Rule):
    """PLACEHOLDER."""

    code = "DLM005"
    name = "lockfile-not-copied"
    severity = Severity.ERROR

"""DLM006 pipenv-install-without-system: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class PipenvInstallWithoutSystem(Rule):
    """PLACEHOLDER."""

    code = "DLM006"
    name = "pipenv-install-without-system"
    severity = Severity.ERROR

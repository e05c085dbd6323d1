"""DLM007 pipenv-install-without-deploy: PLACEHOLDER, to be written."""

from __future__ import annotations

from dockerlint_ml.model import Severity
from dockerlint_ml.rule import Rule


class PipenvInstallWithoutDeploy(Rule):
    """PLACEHOLDER."""

    code = "DLM007"
    name = "pipenv-install-without-deploy"
    severity = Severity.WARNING

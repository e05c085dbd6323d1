"""dockerlint-ml's own rules (DLMnnn): the mission rules and the meta rules."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules.ml.base_image_not_slim import BaseImageNotSlim
from dockerlint_ml.rules.ml.base_image_unpinned import BaseImageUnpinned
from dockerlint_ml.rules.ml.cmd_not_exec_form import CmdNotExecForm
from dockerlint_ml.rules.ml.dependencies_installed_after_code import DependenciesInstalledAfterCode
from dockerlint_ml.rules.ml.exposed_port_mismatch import ExposedPortMismatch
from dockerlint_ml.rules.ml.lockfile_not_copied import LockfileNotCopied
from dockerlint_ml.rules.ml.parse_error import ParseErrorRule
from dockerlint_ml.rules.ml.pipenv_install_without_deploy import PipenvInstallWithoutDeploy
from dockerlint_ml.rules.ml.pipenv_install_without_system import PipenvInstallWithoutSystem
from dockerlint_ml.rules.ml.server_bound_to_localhost import ServerBoundToLocalhost
from dockerlint_ml.rules.ml.unused_suppression import UnusedSuppression
from dockerlint_ml.rules.ml.workdir_missing import WorkdirMissing

RULES: tuple[type[Rule], ...] = (
    ParseErrorRule,
    BaseImageUnpinned,
    BaseImageNotSlim,
    WorkdirMissing,
    DependenciesInstalledAfterCode,
    LockfileNotCopied,
    PipenvInstallWithoutSystem,
    PipenvInstallWithoutDeploy,
    CmdNotExecForm,
    ServerBoundToLocalhost,
    ExposedPortMismatch,
    UnusedSuppression,
)

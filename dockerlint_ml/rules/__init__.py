"""Built-in rules, one module per rule, listed here explicitly (no registration by import)."""

from __future__ import annotations

from dockerlint_ml.rule import Rule
from dockerlint_ml.rules.base_image_not_slim import BaseImageNotSlim
from dockerlint_ml.rules.base_image_unpinned import BaseImageUnpinned
from dockerlint_ml.rules.cmd_not_exec_form import CmdNotExecForm
from dockerlint_ml.rules.dependencies_installed_after_code import DependenciesInstalledAfterCode
from dockerlint_ml.rules.exposed_port_mismatch import ExposedPortMismatch
from dockerlint_ml.rules.lockfile_not_copied import LockfileNotCopied
from dockerlint_ml.rules.parse_error import ParseErrorRule
from dockerlint_ml.rules.pipenv_install_without_deploy import PipenvInstallWithoutDeploy
from dockerlint_ml.rules.pipenv_install_without_system import PipenvInstallWithoutSystem
from dockerlint_ml.rules.server_bound_to_localhost import ServerBoundToLocalhost
from dockerlint_ml.rules.unused_suppression import UnusedSuppression
from dockerlint_ml.rules.workdir_missing import WorkdirMissing

BUILTIN_RULES: tuple[type[Rule], ...] = (
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

"""dockerlint-ml's own rules (DLMnnn): the mission rules (DLM0xx), the ML-image rules (DLM1xx)
and the meta rules (DLM9xx)."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules.ml.app_module_not_copied import AppModuleNotCopied
from dockerlint_ml.rules.ml.base_image_not_slim import BaseImageNotSlim
from dockerlint_ml.rules.ml.base_image_unpinned import BaseImageUnpinned
from dockerlint_ml.rules.ml.build_time_gpu_query import BuildTimeGpuQuery
from dockerlint_ml.rules.ml.cmd_not_exec_form import CmdNotExecForm
from dockerlint_ml.rules.ml.conda_cache_not_cleaned import CondaCacheNotCleaned
from dockerlint_ml.rules.ml.copy_source_missing import CopySourceMissing
from dockerlint_ml.rules.ml.cuda_installed_twice import CudaInstalledTwice
from dockerlint_ml.rules.ml.cuda_wheel_mismatch import CudaWheelMismatch
from dockerlint_ml.rules.ml.dependencies_installed_after_code import DependenciesInstalledAfterCode
from dockerlint_ml.rules.ml.deprecated_ml_package import DeprecatedMlPackage
from dockerlint_ml.rules.ml.dockerignore_missing import DockerignoreMissing
from dockerlint_ml.rules.ml.exposed_port_mismatch import ExposedPortMismatch
from dockerlint_ml.rules.ml.gpu_capabilities_all import GpuCapabilitiesAll
from dockerlint_ml.rules.ml.gpu_devices_hardcoded import GpuDevicesHardcoded
from dockerlint_ml.rules.ml.gpu_runtime_in_image import GpuRuntimeInImage
from dockerlint_ml.rules.ml.large_file_in_image import LargeFileInImage
from dockerlint_ml.rules.ml.lockfile_not_copied import LockfileNotCopied
from dockerlint_ml.rules.ml.notebook_without_auth import NotebookWithoutAuth
from dockerlint_ml.rules.ml.package_manager_not_installed import PackageManagerNotInstalled
from dockerlint_ml.rules.ml.parse_error import ParseErrorRule
from dockerlint_ml.rules.ml.pipenv_install_without_deploy import PipenvInstallWithoutDeploy
from dockerlint_ml.rules.ml.pipenv_install_without_system import PipenvInstallWithoutSystem
from dockerlint_ml.rules.ml.python_eol import PythonEol
from dockerlint_ml.rules.ml.python_unbuffered_missing import PythonUnbufferedMissing
from dockerlint_ml.rules.ml.python_version_mismatch import PythonVersionMismatch
from dockerlint_ml.rules.ml.runs_as_root import RunsAsRoot
from dockerlint_ml.rules.ml.secret_in_image import SecretInImage
from dockerlint_ml.rules.ml.server_bound_to_localhost import ServerBoundToLocalhost
from dockerlint_ml.rules.ml.server_port_not_exposed import ServerPortNotExposed
from dockerlint_ml.rules.ml.torch_cuda_wheels_on_cpu_base import TorchCudaWheelsOnCpuBase
from dockerlint_ml.rules.ml.unpinned_model_download import UnpinnedModelDownload
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
    ServerPortNotExposed,
    PythonEol,
    PackageManagerNotInstalled,
    TorchCudaWheelsOnCpuBase,
    CudaWheelMismatch,
    SecretInImage,
    NotebookWithoutAuth,
    UnpinnedModelDownload,
    BuildTimeGpuQuery,
    PythonUnbufferedMissing,
    RunsAsRoot,
    CondaCacheNotCleaned,
    GpuRuntimeInImage,
    GpuDevicesHardcoded,
    CudaInstalledTwice,
    DeprecatedMlPackage,
    GpuCapabilitiesAll,
    PythonVersionMismatch,
    CopySourceMissing,
    AppModuleNotCopied,
    DockerignoreMissing,
    LargeFileInImage,
    UnusedSuppression,
)

"""hadolint's rules under their DL codes, with hadolint 2.15.1's semantics (one module per
rule, named after the rule's kebab-case name)."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules.hadolint.add_for_local_files import AddForLocalFiles
from dockerlint_ml.rules.hadolint.apk_add_unpinned import ApkAddUnpinned
from dockerlint_ml.rules.hadolint.apt_get_install_recommends import AptGetInstallRecommends
from dockerlint_ml.rules.hadolint.apt_get_install_unpinned import AptGetInstallUnpinned
from dockerlint_ml.rules.hadolint.apt_in_run import AptInRun
from dockerlint_ml.rules.hadolint.apt_lists_not_deleted import AptListsNotDeleted
from dockerlint_ml.rules.hadolint.cd_in_run import CdInRun
from dockerlint_ml.rules.hadolint.consecutive_runs import ConsecutiveRuns
from dockerlint_ml.rules.hadolint.copy_relative_without_workdir import CopyRelativeWithoutWorkdir
from dockerlint_ml.rules.hadolint.latest_base_image_tag import LatestBaseImageTag
from dockerlint_ml.rules.hadolint.non_numeric_user import NonNumericUser
from dockerlint_ml.rules.hadolint.pip_install_cache import PipInstallCache
from dockerlint_ml.rules.hadolint.pip_install_unpinned import PipInstallUnpinned
from dockerlint_ml.rules.hadolint.pipe_without_pipefail import PipeWithoutPipefail
from dockerlint_ml.rules.hadolint.shell_form_cmd_entrypoint import ShellFormCmdEntrypoint
from dockerlint_ml.rules.hadolint.untagged_base_image import UntaggedBaseImage
from dockerlint_ml.rules.hadolint.wget_without_progress import WgetWithoutProgress

RULES: tuple[type[Rule], ...] = (
    CdInRun,
    UntaggedBaseImage,
    LatestBaseImageTag,
    AptGetInstallUnpinned,
    AptListsNotDeleted,
    PipInstallUnpinned,
    AptGetInstallRecommends,
    ApkAddUnpinned,
    AddForLocalFiles,
    ShellFormCmdEntrypoint,
    AptInRun,
    PipInstallCache,
    CopyRelativeWithoutWorkdir,
    WgetWithoutProgress,
    ConsecutiveRuns,
    NonNumericUser,
    PipeWithoutPipefail,
)

"""hadolint's rules under their DL codes, with hadolint 2.15.1's semantics (one module per
rule, named after the rule's kebab-case name)."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules.hadolint.add_for_local_files import AddForLocalFiles
from dockerlint_ml.rules.hadolint.apk_add_cache import ApkAddCache
from dockerlint_ml.rules.hadolint.apk_add_unpinned import ApkAddUnpinned
from dockerlint_ml.rules.hadolint.apt_get_install_recommends import AptGetInstallRecommends
from dockerlint_ml.rules.hadolint.apt_get_install_unpinned import AptGetInstallUnpinned
from dockerlint_ml.rules.hadolint.apt_get_missing_yes import AptGetMissingYes
from dockerlint_ml.rules.hadolint.apt_in_run import AptInRun
from dockerlint_ml.rules.hadolint.apt_lists_not_deleted import AptListsNotDeleted
from dockerlint_ml.rules.hadolint.archive_extracted_after_copy import ArchiveExtractedAfterCopy
from dockerlint_ml.rules.hadolint.cargo_build_without_cache_mount import CargoBuildWithoutCacheMount
from dockerlint_ml.rules.hadolint.cd_in_run import CdInRun
from dockerlint_ml.rules.hadolint.composer_install_without_cache_mount import (
    ComposerInstallWithoutCacheMount,
)
from dockerlint_ml.rules.hadolint.consecutive_runs import ConsecutiveRuns
from dockerlint_ml.rules.hadolint.copy_destination_missing_slash import CopyDestinationMissingSlash
from dockerlint_ml.rules.hadolint.copy_from_own_stage import CopyFromOwnStage
from dockerlint_ml.rules.hadolint.copy_from_undefined_stage import CopyFromUndefinedStage
from dockerlint_ml.rules.hadolint.copy_relative_without_workdir import CopyRelativeWithoutWorkdir
from dockerlint_ml.rules.hadolint.copy_whole_context import CopyWholeContext
from dockerlint_ml.rules.hadolint.copy_whole_stage_filesystem import CopyWholeStageFilesystem
from dockerlint_ml.rules.hadolint.dnf_cache_not_cleaned import DnfCacheNotCleaned
from dockerlint_ml.rules.hadolint.dnf_install_unpinned import DnfInstallUnpinned
from dockerlint_ml.rules.hadolint.dnf_missing_yes import DnfMissingYes
from dockerlint_ml.rules.hadolint.dotnet_restore_without_cache_mount import (
    DotnetRestoreWithoutCacheMount,
)
from dockerlint_ml.rules.hadolint.duplicate_stage_alias import DuplicateStageAlias
from dockerlint_ml.rules.hadolint.empty_label import EmptyLabel
from dockerlint_ml.rules.hadolint.env_references_own_definition import EnvReferencesOwnDefinition
from dockerlint_ml.rules.hadolint.expose_port_out_of_range import ExposePortOutOfRange
from dockerlint_ml.rules.hadolint.from_platform_flag import FromPlatformFlag
from dockerlint_ml.rules.hadolint.gem_install_unpinned import GemInstallUnpinned
from dockerlint_ml.rules.hadolint.gem_install_without_cache_mount import GemInstallWithoutCacheMount
from dockerlint_ml.rules.hadolint.go_build_without_cache_mount import GoBuildWithoutCacheMount
from dockerlint_ml.rules.hadolint.go_install_unpinned import GoInstallUnpinned
from dockerlint_ml.rules.hadolint.gradle_build_without_cache_mount import (
    GradleBuildWithoutCacheMount,
)
from dockerlint_ml.rules.hadolint.healthcheck_missing import HealthcheckMissing
from dockerlint_ml.rules.hadolint.inline_ignore_pragma import InlineIgnorePragma
from dockerlint_ml.rules.hadolint.instruction_before_from import InstructionBeforeFrom
from dockerlint_ml.rules.hadolint.invalid_email_label import InvalidEmailLabel
from dockerlint_ml.rules.hadolint.invalid_git_hash_label import InvalidGitHashLabel
from dockerlint_ml.rules.hadolint.invalid_label_key import InvalidLabelKey
from dockerlint_ml.rules.hadolint.invalid_license_label import InvalidLicenseLabel
from dockerlint_ml.rules.hadolint.invalid_semver_label import InvalidSemverLabel
from dockerlint_ml.rules.hadolint.invalid_time_label import InvalidTimeLabel
from dockerlint_ml.rules.hadolint.invalid_url_label import InvalidUrlLabel
from dockerlint_ml.rules.hadolint.last_user_root import LastUserRoot
from dockerlint_ml.rules.hadolint.latest_base_image_tag import LatestBaseImageTag
from dockerlint_ml.rules.hadolint.ln_replaces_bin_sh import LnReplacesBinSh
from dockerlint_ml.rules.hadolint.maintainer_instruction import MaintainerInstruction
from dockerlint_ml.rules.hadolint.maven_build_without_cache_mount import MavenBuildWithoutCacheMount
from dockerlint_ml.rules.hadolint.missing_required_label import MissingRequiredLabel
from dockerlint_ml.rules.hadolint.mix_deps_get_without_cache_mount import (
    MixDepsGetWithoutCacheMount,
)
from dockerlint_ml.rules.hadolint.multiple_cmds import MultipleCmds
from dockerlint_ml.rules.hadolint.multiple_entrypoints import MultipleEntrypoints
from dockerlint_ml.rules.hadolint.multiple_healthchecks import MultipleHealthchecks
from dockerlint_ml.rules.hadolint.non_numeric_user import NonNumericUser
from dockerlint_ml.rules.hadolint.npm_install_unpinned import NpmInstallUnpinned
from dockerlint_ml.rules.hadolint.onbuild_forbidden_trigger import OnbuildForbiddenTrigger
from dockerlint_ml.rules.hadolint.pecl_install_unpinned import PeclInstallUnpinned
from dockerlint_ml.rules.hadolint.pip_install_cache import PipInstallCache
from dockerlint_ml.rules.hadolint.pip_install_unpinned import PipInstallUnpinned
from dockerlint_ml.rules.hadolint.pipe_without_pipefail import PipeWithoutPipefail
from dockerlint_ml.rules.hadolint.pnpm_install_without_cache_mount import (
    PnpmInstallWithoutCacheMount,
)
from dockerlint_ml.rules.hadolint.pointless_container_command import PointlessContainerCommand
from dockerlint_ml.rules.hadolint.redundant_from_platform import RedundantFromPlatform
from dockerlint_ml.rules.hadolint.relative_workdir import RelativeWorkdir
from dockerlint_ml.rules.hadolint.reserved_stage_alias import ReservedStageAlias
from dockerlint_ml.rules.hadolint.secret_in_arg_or_env import SecretInArgOrEnv
from dockerlint_ml.rules.hadolint.shell_form_cmd_entrypoint import ShellFormCmdEntrypoint
from dockerlint_ml.rules.hadolint.sudo_in_run import SudoInRun
from dockerlint_ml.rules.hadolint.superfluous_label import SuperfluousLabel
from dockerlint_ml.rules.hadolint.untagged_base_image import UntaggedBaseImage
from dockerlint_ml.rules.hadolint.untrusted_registry import UntrustedRegistry
from dockerlint_ml.rules.hadolint.useradd_high_uid_without_no_log_init import (
    UseraddHighUidWithoutNoLogInit,
)
from dockerlint_ml.rules.hadolint.wget_and_curl import WgetAndCurl
from dockerlint_ml.rules.hadolint.wget_without_progress import WgetWithoutProgress
from dockerlint_ml.rules.hadolint.yarn_install_cache import YarnInstallCache
from dockerlint_ml.rules.hadolint.yum_cache_not_cleaned import YumCacheNotCleaned
from dockerlint_ml.rules.hadolint.yum_install_unpinned import YumInstallUnpinned
from dockerlint_ml.rules.hadolint.yum_missing_yes import YumMissingYes
from dockerlint_ml.rules.hadolint.zypper_cache_not_cleaned import ZypperCacheNotCleaned
from dockerlint_ml.rules.hadolint.zypper_dist_upgrade import ZypperDistUpgrade
from dockerlint_ml.rules.hadolint.zypper_install_unpinned import ZypperInstallUnpinned
from dockerlint_ml.rules.hadolint.zypper_missing_non_interactive import ZypperMissingNonInteractive

RULES: tuple[type[Rule], ...] = (
    InlineIgnorePragma,
    RelativeWorkdir,
    PointlessContainerCommand,
    LastUserRoot,
    CdInRun,
    SudoInRun,
    UntaggedBaseImage,
    LatestBaseImageTag,
    AptGetInstallUnpinned,
    AptListsNotDeleted,
    ArchiveExtractedAfterCopy,
    ExposePortOutOfRange,
    MultipleHealthchecks,
    PipInstallUnpinned,
    AptGetMissingYes,
    AptGetInstallRecommends,
    NpmInstallUnpinned,
    ApkAddUnpinned,
    ApkAddCache,
    AddForLocalFiles,
    CopyDestinationMissingSlash,
    CopyFromUndefinedStage,
    CopyFromOwnStage,
    DuplicateStageAlias,
    ShellFormCmdEntrypoint,
    UntrustedRegistry,
    AptInRun,
    GemInstallUnpinned,
    FromPlatformFlag,
    YumMissingYes,
    YumCacheNotCleaned,
    YumInstallUnpinned,
    ZypperMissingNonInteractive,
    ZypperDistUpgrade,
    ZypperCacheNotCleaned,
    ZypperInstallUnpinned,
    DnfMissingYes,
    DnfCacheNotCleaned,
    DnfInstallUnpinned,
    PipInstallCache,
    OnbuildForbiddenTrigger,
    EnvReferencesOwnDefinition,
    CopyRelativeWithoutWorkdir,
    UseraddHighUidWithoutNoLogInit,
    WgetWithoutProgress,
    InvalidLabelKey,
    MissingRequiredLabel,
    SuperfluousLabel,
    EmptyLabel,
    InvalidUrlLabel,
    InvalidTimeLabel,
    InvalidLicenseLabel,
    InvalidGitHashLabel,
    InvalidSemverLabel,
    HealthcheckMissing,
    InvalidEmailLabel,
    ConsecutiveRuns,
    YarnInstallCache,
    InstructionBeforeFrom,
    GoInstallUnpinned,
    ReservedStageAlias,
    SecretInArgOrEnv,
    RedundantFromPlatform,
    NonNumericUser,
    CopyWholeStageFilesystem,
    PeclInstallUnpinned,
    CargoBuildWithoutCacheMount,
    GoBuildWithoutCacheMount,
    MavenBuildWithoutCacheMount,
    GradleBuildWithoutCacheMount,
    ComposerInstallWithoutCacheMount,
    DotnetRestoreWithoutCacheMount,
    PnpmInstallWithoutCacheMount,
    MixDepsGetWithoutCacheMount,
    GemInstallWithoutCacheMount,
    MaintainerInstruction,
    WgetAndCurl,
    MultipleCmds,
    MultipleEntrypoints,
    LnReplacesBinSh,
    PipeWithoutPipefail,
    CopyWholeContext,
)

"""BuildKit's build checks as BK001-BK022, each with BuildKit's check name as its alias."""

from __future__ import annotations

from dockerlint_ml.engine.rule import Rule
from dockerlint_ml.rules.buildkit.consistent_instruction_casing import ConsistentInstructionCasing
from dockerlint_ml.rules.buildkit.copy_ignored_file import CopyIgnoredFile
from dockerlint_ml.rules.buildkit.duplicate_stage_name import DuplicateStageName
from dockerlint_ml.rules.buildkit.expose_invalid_format import ExposeInvalidFormat
from dockerlint_ml.rules.buildkit.expose_proto_casing import ExposeProtoCasing
from dockerlint_ml.rules.buildkit.from_as_casing import FromAsCasing
from dockerlint_ml.rules.buildkit.from_platform_flag_const_disallowed import (
    FromPlatformFlagConstDisallowed,
)
from dockerlint_ml.rules.buildkit.invalid_base_image_platform import InvalidBaseImagePlatform
from dockerlint_ml.rules.buildkit.invalid_default_arg_in_from import InvalidDefaultArgInFrom
from dockerlint_ml.rules.buildkit.invalid_definition_description import InvalidDefinitionDescription
from dockerlint_ml.rules.buildkit.json_args_recommended import JsonArgsRecommended
from dockerlint_ml.rules.buildkit.legacy_key_value_format import LegacyKeyValueFormat
from dockerlint_ml.rules.buildkit.maintainer_deprecated import MaintainerDeprecated
from dockerlint_ml.rules.buildkit.multiple_instructions_disallowed import (
    MultipleInstructionsDisallowed,
)
from dockerlint_ml.rules.buildkit.no_empty_continuation import NoEmptyContinuation
from dockerlint_ml.rules.buildkit.redundant_target_platform import RedundantTargetPlatform
from dockerlint_ml.rules.buildkit.reserved_stage_name import ReservedStageName
from dockerlint_ml.rules.buildkit.secrets_used_in_arg_or_env import SecretsUsedInArgOrEnv
from dockerlint_ml.rules.buildkit.stage_name_casing import StageNameCasing
from dockerlint_ml.rules.buildkit.undefined_arg_in_from import UndefinedArgInFrom
from dockerlint_ml.rules.buildkit.undefined_var import UndefinedVar
from dockerlint_ml.rules.buildkit.workdir_relative_path import WorkdirRelativePath

RULES: tuple[type[Rule], ...] = (
    StageNameCasing,
    FromAsCasing,
    NoEmptyContinuation,
    ConsistentInstructionCasing,
    DuplicateStageName,
    ReservedStageName,
    JsonArgsRecommended,
    MaintainerDeprecated,
    UndefinedArgInFrom,
    WorkdirRelativePath,
    UndefinedVar,
    MultipleInstructionsDisallowed,
    LegacyKeyValueFormat,
    RedundantTargetPlatform,
    SecretsUsedInArgOrEnv,
    InvalidDefaultArgInFrom,
    FromPlatformFlagConstDisallowed,
    CopyIgnoredFile,
    InvalidDefinitionDescription,
    ExposeProtoCasing,
    ExposeInvalidFormat,
    InvalidBaseImagePlatform,
)

"""DL3055 invalid-git-hash-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import is_git_hash
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule, quote


class InvalidGitHashLabel(SchemaLabelRule):
    """A label the schema types as `hash` does not hold a git commit hash.

    The value must be lower-case hexadecimal: a full SHA-1 commit id (40 digits), a SHA-256
    one (64), or an abbreviation of at least 7 digits, as `git rev-parse --short` prints
    them. Each LABEL of every stage is read as Docker reads it (`a=b c=d` pairs or the
    legacy `LABEL key value`, quotes and escapes removed); ONBUILD LABELs are not checked,
    and a value with a variable (`$VERSION`) is known only at build time and is not judged.
    An empty value is DL3051's finding: with both selected, only that one is reported.

    ## Why is this bad?

    The revision label (`org.opencontainers.image.revision`) ties the image to the commit it
    was built from; a branch name, a tag or a truncated value does not identify one commit.

    ## Example

    With the label schema `{"org.opencontainers.image.revision": "hash"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.revision=main
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.revision=2dbfae9
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL revision=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL revision "2dbfae9"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - Abbreviations of 8 to 39 digits and 64-digit SHA-256 ids pass: git abbreviates to more
      than 7 digits in large repositories. hadolint accepts exactly 7 or 40.

    ## References

    - hadolint DL3055: https://github.com/hadolint/hadolint/wiki/DL3055
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3055Spec.hs
    - git, `rev-parse --short`: https://git-scm.com/docs/git-rev-parse
    - OCI image annotations (the `org.opencontainers.image.*` labels):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL3055"
    name = "invalid-git-hash-label"
    severity = Severity.WARNING
    label_type = "hash"
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.revision": "hash"}
    }
    fix = "Give the commit id, e.g. from `git rev-parse HEAD`."

    def problem(self, value: str) -> str | None:
        return None if is_git_hash(value) else f"{quote(value)} is not a git commit hash"

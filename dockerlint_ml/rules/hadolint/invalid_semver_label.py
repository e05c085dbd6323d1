"""DL3056 invalid-semver-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import is_semver
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule, quote


class InvalidSemverLabel(SchemaLabelRule):
    """A label the schema types as `semver` does not hold a semantic version.

    The value must be a SemVer 2.0.0 version: `MAJOR.MINOR.PATCH` without leading zeros,
    then an optional `-pre.release` and `+build` (`1.4.0`, `2.0.1-rc.1`). Each LABEL of
    every stage is read as Docker reads it (`a=b c=d` pairs or the legacy `LABEL key value`,
    quotes and escapes removed); ONBUILD LABELs are not checked, and a value with a variable
    (`$VERSION`) is known only at build time and is not judged. An empty value is DL3051's
    finding: with both selected, only that one is reported.

    ## Why is this bad?

    Tools that order or compare versions read the label as semantic versioning: `v1.4`,
    `1.4` or `latest` does not say which release the image holds, and sorts wrongly.

    ## Example

    With the label schema `{"org.opencontainers.image.version": "semver"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.version=v1.4
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.version=1.4.0
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL version=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL version "1.4.0"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - semver.org's grammar is applied as written: leading zeros (`01.2.3`, `1.2.3-rc.01`) and
      an empty pre-release or build (`1.2.3-`, `1.2.3+`) are reported; hadolint's parser
      accepts them.

    ## References

    - hadolint DL3056: https://github.com/hadolint/hadolint/wiki/DL3056
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3056Spec.hs
    - Semantic Versioning 2.0.0: https://semver.org/
    - OCI image annotations (the `org.opencontainers.image.*` labels):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL3056"
    name = "invalid-semver-label"
    severity = Severity.WARNING
    label_type = "semver"
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.version": "semver"}
    }
    fix = "Give a MAJOR.MINOR.PATCH version, e.g. `1.4.0`."

    def problem(self, value: str) -> str | None:
        return None if is_semver(value) else f"{quote(value)} is not a semantic version"

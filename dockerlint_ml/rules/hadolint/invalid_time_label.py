"""DL3053 invalid-time-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import is_rfc3339
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule, quote


class InvalidTimeLabel(SchemaLabelRule):
    """A label the schema types as `rfc3339` does not hold an RFC 3339 date-time.

    The value must be an RFC 3339 date-time: `YYYY-MM-DDThh:mm:ss`, optional fractional
    seconds, then `Z` or an offset `+hh:mm` (`2024-05-01T12:00:00Z`); the date must exist
    and the offset be in range. Each LABEL of every stage is read as Docker reads it (`a=b
    c=d` pairs or the legacy `LABEL key value`, quotes and escapes removed); ONBUILD LABELs
    are not checked, and a value with a variable (`$VERSION`) is known only at build time
    and is not judged. An empty value is DL3051's finding: with both selected, only that one
    is reported.

    ## Why is this bad?

    The OCI `created` annotation and the tools that sort or compare build times read the
    label as RFC 3339: a date alone, a time without its offset or a local format cannot be
    compared, and a time without an offset is ambiguous.

    ## Example

    With the label schema `{"org.opencontainers.image.created": "rfc3339"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.created=2024-05-01
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.created=2024-05-01T12:00:00Z
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL created=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL created "2024-05-01T12:00:00Z"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - RFC 3339's grammar is applied as written; hadolint's parser also accepts years of other
      than four digits, offsets without a colon (`+0100`), a `.` without digits, blanks
      before the value and offsets past `23:59`. We report those.

    ## References

    - hadolint DL3053: https://github.com/hadolint/hadolint/wiki/DL3053
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3053Spec.hs
    - RFC 3339, section 5.6: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
    - OCI image annotations (the `org.opencontainers.image.*` labels):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL3053"
    name = "invalid-time-label"
    severity = Severity.WARNING
    label_type = "rfc3339"
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.created": "rfc3339"}
    }
    fix = "Give the time in RFC 3339, e.g. `2024-05-01T12:00:00Z` (`date -u +%Y-%m-%dT%H:%M:%SZ`)."

    def problem(self, value: str) -> str | None:
        return None if is_rfc3339(value) else f"{quote(value)} is not an RFC 3339 date-time"

"""DL3051 empty-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule


class EmptyLabel(SchemaLabelRule):
    """A label of the label schema is set to an empty value.

    Any label the schema names, whatever its type, is reported when a LABEL sets it to an
    empty value (`LABEL maintainer=""`). Labels outside the schema are not checked. Each
    LABEL of every stage is read as Docker reads it; ONBUILD LABELs are not checked, and a
    value with a variable (`$AUTHOR`, possibly empty) is known only at build time and is not
    judged.

    ## Why is this bad?

    A label the project requires carries information someone relies on (who maintains the
    image, where its source is): an empty one satisfies a presence check while saying
    nothing, and it overrides the value a base image gave the label.

    ## Example

    With the label schema `{"maintainer": "text"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL maintainer=""
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL maintainer=platform-team@example.com
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL maintainer=$AUTHOR`) is not judged: it may be empty at build
      time or not; hadolint checks the text `$AUTHOR`, which is never empty.
    - Quotes are removed as Docker removes them, in the legacy form too: `LABEL maintainer ""` is
      empty; hadolint keeps the quotes.

    ## References

    - hadolint DL3051: https://github.com/hadolint/hadolint/wiki/DL3051
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3051Spec.hs
    - Docker, LABEL: https://docs.docker.com/reference/dockerfile/#label
    """

    code = "DL3051"
    name = "empty-label"
    severity = Severity.WARNING
    label_type = None
    example_options: ClassVar[Mapping[str, Any]] = {SCHEMA: {"maintainer": "text"}}
    fix = "Give the label a value, or remove it."

    def problem(self, value: str) -> str | None:
        return None if value else "the value is empty"

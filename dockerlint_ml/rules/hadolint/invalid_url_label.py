"""DL3052 invalid-url-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import is_url
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule, quote


class InvalidUrlLabel(SchemaLabelRule):
    """A label the schema types as `url` does not hold an absolute URL.

    The value must be an absolute URI as RFC 3986 writes it: a scheme, `:`, then only the
    characters the RFC allows, percent-encoded where needed (`https://github.com/org/repo`,
    `mailto:team@example.com`). Each LABEL of every stage is read as Docker reads it (`a=b
    c=d` pairs or the legacy `LABEL key value`, quotes and escapes removed); ONBUILD LABELs
    are not checked, and a value with a variable (`$VERSION`) is known only at build time
    and is not judged. An empty value is DL3051's finding: with both selected, only that one
    is reported.

    ## Why is this bad?

    Tools that read the label (registries, scanners, the OCI `source` and `documentation`
    annotations) follow it as a link: `github.com/org/repo` without a scheme, a space, or an
    SSH address such as `git@github.com:org/repo.git` is not one they can open.

    ## Example

    With the label schema `{"org.opencontainers.image.source": "url"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source=github.com/org/repo
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source=https://github.com/org/repo
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL url=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL url "https://example.com"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - None else known: the URI grammar is RFC 3986's, as hadolint's (`Network.URI`).

    ## References

    - hadolint DL3052: https://github.com/hadolint/hadolint/wiki/DL3052
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3052Spec.hs
    - RFC 3986, URI generic syntax: https://www.rfc-editor.org/rfc/rfc3986#appendix-A
    - OCI image annotations (the `org.opencontainers.image.*` labels):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL3052"
    name = "invalid-url-label"
    severity = Severity.WARNING
    label_type = "url"
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.source": "url"}
    }
    fix = "Give an absolute URL with its scheme, e.g. `https://github.com/org/repo`."

    def problem(self, value: str) -> str | None:
        return None if is_url(value) else f"{quote(value)} is not an absolute URL"

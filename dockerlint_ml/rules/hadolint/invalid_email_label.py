"""DL3058 invalid-email-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import is_email
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule, quote


class InvalidEmailLabel(SchemaLabelRule):
    """A label the schema types as `email` does not hold an email address.

    The value must be an RFC 5322 address (`addr-spec`): a local part of atoms or a quoted
    string, `@`, and a domain name or a bracketed address (`team@example.com`); comments and
    blanks between its words are allowed. A display name with the address in angle brackets
    (`Jane <jane@example.com>`) is not an address. Each LABEL of every stage is read as
    Docker reads it (`a=b c=d` pairs or the legacy `LABEL key value`, quotes and escapes
    removed); ONBUILD LABELs are not checked, and a value with a variable (`$VERSION`) is
    known only at build time and is not judged. An empty value is DL3051's finding: with
    both selected, only that one is reported.

    ## Why is this bad?

    Whoever reads the label to reach the maintainers (a registry, a scanner's report)
    expects an address it can send to: a name, a URL or a team handle is not one.

    ## Example

    With the label schema `{"maintainer": "email"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL maintainer=platform-team
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

    - A value with a variable (`LABEL maintainer=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL maintainer "team@example.com"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - A domain name whose comment holds a `.` (`a@b(x.y).com`) is reported; hadolint accepts it.

    ## References

    - hadolint DL3058: https://github.com/hadolint/hadolint/wiki/DL3058
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3058Spec.hs
    - RFC 5322, section 3.4.1: https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1
    """

    code = "DL3058"
    name = "invalid-email-label"
    severity = Severity.WARNING
    label_type = "email"
    example_options: ClassVar[Mapping[str, Any]] = {SCHEMA: {"maintainer": "email"}}
    fix = "Give a bare address, e.g. `team@example.com`."

    def problem(self, value: str) -> str | None:
        return None if is_email(value) else f"{quote(value)} is not an email address"

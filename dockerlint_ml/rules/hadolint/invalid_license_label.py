"""DL3054 invalid-license-label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._label_formats import spdx_problem
from dockerlint_ml.rules.hadolint._labels import SCHEMA, SchemaLabelRule


class InvalidLicenseLabel(SchemaLabelRule):
    """A label the schema types as `spdx` does not hold an SPDX license id.

    The value must be an id of the SPDX license list, spelled as the list spells it
    (`Apache-2.0`, not `apache-2.0`) and not deprecated (`GPL-2.0` is; `GPL-2.0-only` is
    not), or an SPDX expression of such ids (`MIT OR Apache-2.0`, `GPL-2.0-or-later WITH
    Classpath-exception-2.0`, `LicenseRef-...`). The list is the one the installed
    `packaging` library ships (SPDX license list 3.25.0 with packaging 24.2, 3.27.0 with
    packaging 26). Each LABEL of every stage is read as Docker reads it (`a=b c=d` pairs or
    the legacy `LABEL key value`, quotes and escapes removed); ONBUILD LABELs are not
    checked, and a value with a variable (`$VERSION`) is known only at build time and is not
    judged. An empty value is DL3051's finding: with both selected, only that one is
    reported.

    ## Why is this bad?

    Scanners and SBOM tools read the license label by its SPDX id: a free-form name (`Apache
    2`, `BSD`, `Proprietary`) or a deprecated id cannot be matched to a license text and is
    reported as unknown.

    ## Example

    With the label schema `{"org.opencontainers.image.licenses": "spdx"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.licenses=Apache2
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.licenses=Apache-2.0
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A value with a variable (`LABEL license=$X`) is not judged: hadolint checks the text `$X`.
    - Quotes and escapes are removed as Docker removes them, in the legacy form too:
      hadolint keeps the quotes of `LABEL license "MIT"` and reports it.
    - An empty value is reported by DL3051 only when both rules run; hadolint reports both.
    - SPDX expressions of valid ids pass (`MIT OR Apache-2.0`), as the OCI `licenses` annotation
      defines the label; hadolint accepts a single id only.
    - `LicenseRef-...` ids pass; hadolint reports them.
    - The SPDX list is `packaging`'s, newer than hadolint's: ids added since (`MIT-Khronos-old`,
      `pkgconf`...) pass, and ids deprecated since (`Net-SNMP`) are reported.

    ## References

    - hadolint DL3054: https://github.com/hadolint/hadolint/wiki/DL3054
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3054Spec.hs
    - SPDX license list: https://spdx.org/licenses/
    - SPDX license expressions:
      https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/
    - packaging, `packaging.licenses`: https://packaging.pypa.io/en/stable/licenses.html
    - OCI image annotations (the `org.opencontainers.image.*` labels):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL3054"
    name = "invalid-license-label"
    severity = Severity.WARNING
    label_type = "spdx"
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.licenses": "spdx"}
    }
    fix = "Use ids from the SPDX license list, e.g. `Apache-2.0` or `MIT OR Apache-2.0`."

    def problem(self, value: str) -> str | None:
        return spdx_problem(value)

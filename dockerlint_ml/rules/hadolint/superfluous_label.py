"""DL3050 superfluous-label."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.hadolint._labels import SCHEMA, STRICT, label_schema, labels, quote


class SuperfluousLabel(Rule):
    """A LABEL sets a label the label schema does not name, with strict labels on.

    With `strict-labels` on, each LABEL of every stage that sets a key outside the label
    schema is reported once, naming the first such key. With an empty schema every label
    is outside it, as in hadolint. A key with a variable is known only at build time and
    is not judged; ONBUILD LABELs are not checked.

    ## Why is this bad?

    A project that fixes its label set (for its registry, its scanners, its cost
    reports) wants every image to carry exactly those labels: an extra one is often a
    misspelt schema label (`org.opencontainers.image.licence`) that the tools reading the
    schema label never see.

    ## Example

    With strict labels and the label schema `{"org.opencontainers.image.source": "url"}`:

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source=https://github.com/org/repo team=ml
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
    | `strict-labels` | boolean | `false` | report labels the schema does not name |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` and `strict-labels` of a `.hadolint.yaml`, `--require-label
    name:type` and `--strict-labels` set them for every label rule. Without strict labels
    this rule reports nothing.

    ## Differences from hadolint

    - A key with a variable (`LABEL ${PREFIX}.team=ml`) is not judged: hadolint compares
      the text with the schema.

    ## References

    - hadolint DL3050: https://github.com/hadolint/hadolint/wiki/DL3050
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3050Spec.hs
    - hadolint, configuration (`label-schema`, `strict-labels`):
      https://github.com/hadolint/hadolint#configure
    """

    code = "DL3050"
    name = "superfluous-label"
    severity = Severity.INFO
    keywords = frozenset({"LABEL"})
    default_options: ClassVar[Mapping[str, Any]] = {SCHEMA: {}, STRICT: False}
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.source": "url"},
        STRICT: True,
    }

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.names = frozenset(label_schema(self.code, self.options))
        strict = self.options.get(STRICT)
        if not isinstance(strict, bool):
            raise ValueError(f"{self.code} option {STRICT} must be true or false, got {strict!r}")
        self.strict = strict

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if not self.strict:
            return
        for label in labels(instruction, ctx.dockerfile):
            if label.key is not None and label.key not in self.names:
                yield self.finding(
                    instruction,
                    f"Label {quote(label.key)} is not in the label schema (strict labels).",
                    fix="Remove the label, or add it to the label schema if the project uses it.",
                )
                return

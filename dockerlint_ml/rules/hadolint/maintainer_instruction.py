"""DL4000 maintainer-instruction."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.edits import keyword_like
from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.engine.rule import Context, Rule

# The label the hint names (OCI image annotations).
_KEY = "org.opencontainers.image.authors"


class MaintainerInstruction(Rule):
    """The file uses the deprecated MAINTAINER instruction.

    Every top-level MAINTAINER is reported, wherever it is (before the first FROM too).
    A MAINTAINER wrapped in ONBUILD is DL3043's business and is not reported here.

    ## Why is this bad?

    MAINTAINER has been deprecated since Docker 1.13: it only fills the legacy `Author`
    field of the image, which registries and tools no longer read. A label carries the
    same information where everything looks for it, and can be queried with
    `docker inspect` like any other metadata.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    MAINTAINER ml-platform@example.com
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.authors="ml-platform@example.com"
    ```

    ## Differences from hadolint

    None known.

    ## Fix

    Unsafe: `MAINTAINER x` becomes `LABEL org.opencontainers.image.authors="x"`, the
    keyword cased like the file's, the value in double quotes with `"`, `$` and the escape
    character escaped, so the label holds exactly the text MAINTAINER held (MAINTAINER
    expands no variables, LABEL does). The image changes all the same: its `Author` field
    is no longer set (`docker inspect -f '{{.Author}}'` and tools reading it get nothing),
    and a label appears that every image built on it inherits. Not offered before the
    first FROM, where no LABEL is allowed.

    ## References

    - hadolint DL4000: https://github.com/hadolint/hadolint/wiki/DL4000
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4000Spec.hs
    - Docker, MAINTAINER (deprecated): https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
    - BuildKit check MaintainerDeprecated:
      https://docs.docker.com/reference/build-checks/maintainer-deprecated/
    - OCI image annotations (`org.opencontainers.image.authors`):
      https://github.com/opencontainers/image-spec/blob/main/annotations.md
    """

    code = "DL4000"
    name = "maintainer-instruction"
    severity = Severity.ERROR
    keywords = frozenset({"MAINTAINER"})
    supersedes = ("MaintainerDeprecated",)
    fixable = "unsafe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        yield self.finding(
            instruction,
            "MAINTAINER is deprecated: the image's author belongs in a label.",
            fix=(f'Replace it with `LABEL {_KEY}="..."` holding the same value.'),
            autofix=_as_label(ctx, instruction),
        )


def _as_label(ctx: Context, instruction: Instruction) -> Fix | None:
    """`MAINTAINER x` -> `LABEL <key>="x"`: the keyword replaced, the quotes and escapes
    inserted around and into the value where it is written (continuations kept)."""
    value = instruction.value
    if instruction.stage is None or not value:
        return None
    source = ctx.source_map(instruction)
    start = source.value_start
    written = source.text[: len(instruction.keyword)]
    if start < 0 or written.upper() != instruction.keyword:
        return None
    escape = ctx.dockerfile.escape
    # Inside double quotes BuildKit's word processing unescapes `"`, `$` and the escape
    # character, expands `$`, and keeps every other character as it is.
    inserts = {start: f'{_KEY}="'}
    for i, ch in enumerate(value):
        if ch in ('"', "$", escape):
            inserts[start + i] = inserts.get(start + i, "") + escape
    edits = [Edit(source.span(0, len(written)), keyword_like(written, "LABEL"))]
    for offset, text in sorted(inserts.items()):
        line, column = source.point(offset)
        edits.append(Edit(Span(line, column, line, column), text))
    last = source.span(start + len(value) - 1, start + len(value))
    edits.append(Edit(Span(last.end_line, last.end_column, last.end_line, last.end_column), '"'))
    return Fix(f"Replace MAINTAINER with LABEL {_KEY}", UNSAFE, tuple(edits))

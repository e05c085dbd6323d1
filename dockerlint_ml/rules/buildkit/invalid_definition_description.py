"""BK019 invalid-definition-description (BuildKit's InvalidDefinitionDescription)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import arg_words
from dockerlint_ml.engine.rule import Context, Rule

# A parser directive line at the top of the file (`# syntax=...`, `# check=...`).
_DIRECTIVE = re.compile(r"#\s*(syntax|escape|check)\s*=.*\S", re.IGNORECASE)


class InvalidDefinitionDescription(Rule):
    """The comment right above an ARG or a named stage does not start with its name.

    BuildKit reads the comment lines directly above an ARG or a `FROM ... AS name` as
    its description, for `docker buildx build --call=outline` and `--call=targets`, and
    expects the form `# <name> <description>`. Checked: the last comment line between
    the previous instruction and this one (blank lines do not separate them; an empty
    `#` line does, and so do the parser directives at the top of the file) must start
    with the stage's name (in lower case) or one of the ARG's names, followed by a space
    or nothing. An experimental check in BuildKit: it runs when the file's
    `# check=experimental=InvalidDefinitionDescription` (or `experimental=all`)
    directive asks for it, or when selected.

    ## Why is this bad?

    Such a comment is taken for the description and shown in build outlines, or it was
    meant as one and is dropped for the wrong name. Starting it with the name makes the
    description work; separating an unrelated comment with an empty `#` line keeps it
    out of the outline.

    ## Example

    ```dockerfile
    # check=experimental=InvalidDefinitionDescription
    # The Python version to build on
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Use instead

    ```dockerfile
    # check=experimental=InvalidDefinitionDescription
    # PYTHON_VERSION The Python version to build on
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Off by default

    Experimental in BuildKit, and most such comments are plain comments, not meant as
    descriptions: it runs only when the `# check=experimental=...` directive or the
    selection asks for it.

    ## Differences from BuildKit

    - A comment indented before its `#` is read as written: BuildKit drops the line's
      first character instead of the `#`, so `  # NAME description` starts with `#` for
      it and is reported.

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/invalid-definition-description/
    - Docker, build checks and the `# check` directive:
      https://docs.docker.com/build/checks/
    """

    code = "BK019"
    name = "invalid-definition-description"
    severity = Severity.WARNING
    keywords = frozenset({"ARG", "FROM"})
    aliases = ("InvalidDefinitionDescription",)
    default = False
    experimental = True

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._dockerfile: Dockerfile | None = None
        self._directives = 0

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        df = ctx.dockerfile
        if self._dockerfile is not df:
            self._dockerfile, self._directives = df, _directive_lines(df)
        if instruction.keyword == "FROM":
            stage = ctx.stage(instruction)
            if stage is None or not stage.alias:
                return
            keys = [stage.alias.lower()]
            kind = "stage"
        else:
            keys = [key for key, _ in arg_words(instruction.value)]
            kind = "ARG"
        comment = _description(df, instruction, self._directives)
        if not keys or comment is None or comment.split(" ", 1)[0] in keys:
            return
        example = keys[0] if len(keys) == 1 else "<name>"
        yield self.finding(
            instruction,
            f"The comment above this {kind} is read as its description: start it with"
            f" `# {example} `.",
            fix=f"Write `# {example} <description>`, or put an empty `#` line between.",
        )


def _directive_lines(dockerfile: Dockerfile) -> int:
    """How many lines at the top of the file are parser directives."""
    count = 0
    for line in dockerfile.lines:
        if not _DIRECTIVE.match(line.strip()):
            break
        count += 1
    return count


def _description(dockerfile: Dockerfile, instruction: Instruction, directives: int) -> str | None:
    """The last comment line since the previous top-level instruction, `#` and blanks
    stripped, as BuildKit's parser keeps it for the instruction; None without one."""
    index = instruction.index
    top = dockerfile.instructions
    if not (0 <= index < len(top)) or top[index] is not instruction:
        return None
    start = top[index - 1].span.end_line if index > 0 else directives
    last: str | None = None
    for line in dockerfile.lines[start : instruction.span.line - 1]:
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        text = stripped[1:].strip()
        last = text or None  # an empty comment ends the description
    return last

"""BK002 from-as-casing (BuildKit's FromAsCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._source import written_keyword


class FromAsCasing(Rule):
    """The `AS` of a FROM is not in the same case as its `FROM`.

    Checked on every `FROM <image> AS <name>` whose `FROM` is written all in lower or all
    in upper case: `AS` must then be written the same way (`from ... as`, `FROM ... AS`).
    A `FROM` in mixed case (`From`) is left to consistent-instruction-casing.

    ## Why is this bad?

    Keywords are case-insensitive, so the mix is only noise; but it reads as a mistake and
    makes the file's style inconsistent for the next person who edits it.

    ## Example

    ```dockerfile
    FROM python:3.12-slim as builder
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim AS builder
    ```

    ## Differences from BuildKit

    None known.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/from-as-casing/
    """

    code = "BK002"
    name = "from-as-casing"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("FromAsCasing",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        words = instruction.value.split()
        if len(words) != 3 or words[1].lower() != "as":
            return
        written = written_keyword(ctx.dockerfile, instruction)
        as_word = words[1]
        if written == written.lower():
            want = as_word.lower()
        elif written == written.upper():
            want = as_word.upper()
        else:
            return
        if as_word != want:
            yield self.finding(
                instruction,
                f"`{as_word}` does not match the case of `{written}`.",
                fix=f"Write `{written} ... {want} ...`.",
            )

"""BK002 from-as-casing (BuildKit's FromAsCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.edits import written_keyword
from dockerlint_ml.dockerfile.model import SAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.engine.rule import Context, Rule


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

    ## Fix

    Safe: the `AS` word is rewritten in the case of its `FROM`, where it is written and
    nothing else; `AS` is case-insensitive, so the stage and its name are the same. Not
    offered when the word cannot be located in the source (a FROM the model was not
    parsed from).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/from-as-casing/
    """

    code = "BK002"
    name = "from-as-casing"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("FromAsCasing",)
    fixable = "safe"

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
            found = as_word_at(ctx, instruction)
            at = autofix = None
            if found is not None and found[1] == as_word:
                at = found[0]
                autofix = Fix(f"Write {want}", SAFE, (Edit(at, want),))
            yield self.finding(
                instruction,
                f"`{as_word}` does not match the case of `{written}`.",
                fix=f"Write `{written} ... {want} ...`.",
                at=at,
                autofix=autofix,
            )


def as_word_at(ctx: Context, instruction: Instruction) -> tuple[Span, str] | None:
    """Where the `AS` of a `FROM <image> AS <name>` is written, and how; None when the
    FROM has no such word or it cannot be located (also used by BK004's fix)."""
    source = ctx.source_map(instruction)
    words = source.words()
    if len(words) != 3 or words[1].text.lower() != "as" or words[1].raw != words[1].text:
        return None
    return source.span(words[1].start, words[1].end), words[1].raw

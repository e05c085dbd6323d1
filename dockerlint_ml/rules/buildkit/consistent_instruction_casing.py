"""BK004 consistent-instruction-casing (BuildKit's ConsistentInstructionCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.edits import written_keyword
from dockerlint_ml.dockerfile.model import SAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.dockerfile.parser import KNOWN_INSTRUCTIONS
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit.from_as_casing import as_word_at


class ConsistentInstructionCasing(Rule):
    """An instruction keyword is not written in the case most of the file uses.

    The file's casing is the majority among its keywords written all in lower case or
    all in upper case (upper case on a tie, or when none is); every keyword not written
    that way is reported, mixed-case ones (`Run`) included. Every top-level instruction
    counts, ARGs before the first FROM too; the instruction an ONBUILD wraps does not.

    ## Why is this bad?

    Keywords are case-insensitive, so the mix changes nothing but readability: a file in
    one casing is easier to scan, and `grep RUN` finds every RUN.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    run pip install --no-cache-dir flask
    CMD ["flask", "run"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    CMD ["flask", "run"]
    ```

    ## Differences from BuildKit

    None known.

    ## Fix

    Safe: the keyword is rewritten in the file's casing, where it is written and nothing
    else; keywords are case-insensitive, so the build is the same. On a `FROM <image> AS
    <name>` the `AS` is recased with it, so that the fix does not leave an `AS` in the
    other case (from-as-casing).

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/consistent-instruction-casing/
    """

    code = "BK004"
    name = "consistent-instruction-casing"
    severity = Severity.WARNING
    aliases = ("ConsistentInstructionCasing",)
    fixable = "safe"

    def finish(self, ctx: Context) -> Iterator[Finding]:
        df = ctx.dockerfile
        # An unknown word (a template's `{args}` line) is a parse error, not an instruction
        # whose casing can be judged.
        written = [
            (ins, written_keyword(df, ins))
            for ins in df.instructions
            if ins.keyword in KNOWN_INSTRUCTIONS
        ]
        lower = sum(1 for _, w in written if w == w.lower())
        upper = sum(1 for _, w in written if w == w.upper() and w != w.lower())
        majority_lower = lower > upper
        casing = "lower case" if majority_lower else "upper case"
        for ins, word in written:
            want = word.lower() if majority_lower else word.upper()
            if word != want:
                autofix = _recase(ctx, ins, word, want, majority_lower)
                yield self.finding(
                    ins,
                    f"`{word}` is not in the file's majority casing ({casing}).",
                    fix=f"Write `{want}`.",
                    at=autofix.edits[0].span if autofix is not None else None,
                    autofix=autofix,
                )


def _recase(
    ctx: Context, instruction: Instruction, word: str, want: str, lower: bool
) -> Fix | None:
    """The keyword as `want` (and a FROM's `AS` in the same case)."""
    span = instruction.span
    line = (
        ctx.dockerfile.lines[span.line - 1] if 1 <= span.line <= len(ctx.dockerfile.lines) else ""
    )
    start = span.column - 1
    if line[start : start + len(word)] != word:
        return None  # the keyword is not where the model says: no edit
    edits = [Edit(Span(span.line, span.column, span.line, span.column + len(word)), want)]
    if instruction.keyword == "FROM":
        found = as_word_at(ctx, instruction)
        if found is not None:
            at, written = found
            recased = written.lower() if lower else written.upper()
            if recased != written:
                edits.append(Edit(at, recased))
    return Fix(f"Write {want}", SAFE, tuple(edits))

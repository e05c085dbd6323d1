"""BK004 consistent-instruction-casing (BuildKit's ConsistentInstructionCasing)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.dockerfile.parser import KNOWN_INSTRUCTIONS
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._source import written_keyword


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

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/consistent-instruction-casing/
    """

    code = "BK004"
    name = "consistent-instruction-casing"
    severity = Severity.WARNING
    aliases = ("ConsistentInstructionCasing",)

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
                yield self.finding(
                    ins,
                    f"`{word}` is not in the file's majority casing ({casing}).",
                    fix=f"Write `{want}`.",
                )

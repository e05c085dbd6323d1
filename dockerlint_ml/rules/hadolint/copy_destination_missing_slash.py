"""DL3021 copy-destination-missing-slash."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import copy_words, stage_lookup

# Destinations that name an existing directory whatever the WORKDIR: BuildKit copies into it.
_WORKDIR_ITSELF = frozenset({".", ".."})


class CopyDestinationMissingSlash(Rule):
    """COPY has several sources and a destination that does not end with `/`.

    Counted are the sources as written, heredocs included (`COPY <<A <<B /app`); a source
    with a variable counts only when this file gives it a value, since an empty variable
    is no source at all. Patterns (`COPY *.py /app`) are one source: what they match is
    only known when the context is read. The destination is read after quote removal and
    variables (`$APP_DIR/` is a directory, `$APP_DIR` set by an ENV to `/app` is not); one
    whose value this file does not give is not judged. `\\` is accepted in place of `/`
    (Windows paths), and `.` and `..` (the working directory and its parent, which exist)
    need no slash. The JSON form counts the same way. ADD is not checked.

    ## Why is this bad?

    Docker's rule for several sources is that the destination must be a directory
    written with a trailing `/`. The legacy builder stops with "When using COPY with more
    than one source file, the destination must be a directory and end with a /". BuildKit
    copies the sources one after the other to the same path: into it when it is already a
    directory, but a destination that does not exist yet is created by the first file as
    a file, which each next source then replaces. The line reads as "into this directory"
    and the image holds one file.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt constraints.txt /app
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt constraints.txt /app/
    ```

    ## Differences from hadolint

    - A destination with a variable is read through the variable: `$DEST/` and `$DEST`
      set to `/app/` pass, and one whose value is unknown here is not judged (hadolint
      reports every destination whose text does not end with `/`).
    - A source made only of a variable this file does not set is not counted (it may be
      empty): `COPY $EXTRA app.py /app` is not reported; hadolint counts words.
    - `\\` ends a Windows directory as `/` does.
    - `.` and `..` are not reported: they always exist as directories, and BuildKit, the
      builder of Docker since 23.0, copies into them; only the legacy builder refuses them
      (hadolint reports them).

    ## References

    - hadolint DL3021: https://github.com/hadolint/hadolint/wiki/DL3021
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3021Spec.hs
    - Docker, COPY ("If multiple `<src>` resources are specified ... then `<dest>` must be
      a directory, and it must end with a slash `/`"):
      https://docs.docker.com/reference/dockerfile/#copy
    """

    code = "DL3021"
    name = "copy-destination-missing-slash"
    severity = Severity.ERROR
    keywords = frozenset({"COPY"})

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        info = ctx.copy(instruction)
        stage = ctx.stage(instruction)
        if info is None or stage is None:
            return
        sources = [s for s in info.sources if s.resolved and s.text]
        if len(sources) < 2:
            return
        dockerfile = ctx.dockerfile
        lookup = stage_lookup(dockerfile, stage, instruction.index)
        if instruction.form == "exec" and instruction.argv is not None:
            raw = instruction.argv[-1]
            # The JSON form substitutes variables but has no quotes to remove.
            dest, known = dockerfile.expand(raw, lookup) if "$" in raw else (raw, True)
        else:
            words = copy_words(instruction.value)
            if not words:
                return
            dest, known = dockerfile.expand(words[-1], lookup)
        if not known or not dest or dest.endswith(("/", "\\")) or dest in _WORKDIR_ITSELF:
            return
        shown = dest if len(dest) <= 30 else dest[:27] + "..."
        yield self.finding(
            instruction,
            f"COPY copies {len(sources)} sources to `{shown}`, which does not end with `/`.",
            fix=(
                f"End the destination with a slash, `{dest}/`, so the files land in that directory."
                if shown == dest
                else "End the destination with a slash, so the files land in that directory."
            ),
        )

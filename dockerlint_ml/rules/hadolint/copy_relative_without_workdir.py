"""DL3045 copy-relative-without-workdir."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import copy_info

# What a variable reference becomes in the destination as written.
_HOLE = "\x00"


class CopyRelativeWithoutWorkdir(Rule):
    """COPY writes to a relative destination before any WORKDIR is set in the stage.

    Checked on every COPY (not inside ONBUILD), whatever its flags and form (`--from`,
    JSON, heredoc). A WORKDIR counts when it comes earlier in the stage or anywhere in a
    stage it is built on (`FROM builder`); any WORKDIR counts, relative or with variables.
    The WORKDIR of the base image is not known here, so an image that sets one (AWS
    Lambda's `/var/task`) is reported all the same: DLM003 workdir-missing knows those.
    Not reported: an absolute destination (`/app`, `C:\\app`, `c:/app`) and one that
    starts with a variable (`$HOME/app`). ADD is not checked.

    ## Why is this bad?

    A relative destination resolves against the working directory the stage inherits:
    `/` for most images, or whatever the base image chose. Where the files land then
    depends on an upstream decision, and a base image that starts setting its own
    WORKDIR moves them without a change in your repository.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY app.py ./
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    ```

    ## Off by default

    DLM003 supersedes it, and on its own merits it would be off too: about a quarter of
    hadolint's findings on real files copy into the WORKDIR that the base image sets on
    purpose (AWS Lambda images, course images), which a reviewer rejects; DLM003 reads the
    base image's WORKDIR from the image facts and is silent there.

    ## Differences from hadolint

    - A stage inherits the WORKDIR of the stage it is built on, found as BuildKit finds
      it (a stage name without regard to case, or chosen by a global ARG's value). hadolint
      looks it up by the image name without its tag: after a `FROM python:3.9` stage that
      sets a WORKDIR, a `FROM python:3.11` stage passes there, though it does not build on
      the first.

    ## References

    - hadolint DL3045: https://github.com/hadolint/hadolint/wiki/DL3045
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3045Spec.hs
    - hadolint issue #930 (the base image's WORKDIR is not seen):
      https://github.com/hadolint/hadolint/issues/930
    - Docker, `COPY` (a relative destination is relative to WORKDIR) and `WORKDIR`:
      https://docs.docker.com/reference/dockerfile/#copy,
      https://docs.docker.com/reference/dockerfile/#workdir
    """

    code = "DL3045"
    name = "copy-relative-without-workdir"
    severity = Severity.WARNING
    keywords = frozenset({"COPY"})
    supersedes = ()
    # Off by default whatever this says: DLM003 supersedes it. On its own merits it would
    # be off too: a quarter of the corpus findings copy into the WORKDIR a base image sets
    # on purpose (AWS Lambda, course images), which a reviewer rejects.
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # Per stage index: the index of its first top-level WORKDIR, or None.
        self._first: dict[int, int | None] = {}
        # Per stage index: whether it or a stage below it in its chain sets a WORKDIR.
        self._chain: dict[int, bool] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        # No escape processing: `C:\app` keeps its backslash, as hadolint reads it.
        info = copy_info(instruction, lambda _name: _HOLE, "`")
        if info is None:
            return
        destination = info.destination
        if not destination or _absolute_or_variable(destination):
            return
        if self._workdir_before(ctx.dockerfile, stage, instruction.index):
            return
        yield self.finding(
            instruction,
            f"COPY to relative `{destination.replace(_HOLE, '$…')}` with no WORKDIR set in"
            " this stage yet.",
            fix="Set an absolute WORKDIR first (e.g. `WORKDIR /app`) or copy to an absolute path.",
        )

    def _workdir_before(self, dockerfile: Dockerfile, stage: Stage, before: int) -> bool:
        first = self._first_workdir(stage)
        if first is not None and first < before:
            return True
        return self._inherited(dockerfile, stage)

    def _inherited(self, dockerfile: Dockerfile, stage: Stage) -> bool:
        """Whether a stage below this one in its chain sets a WORKDIR; iterative and
        remembered, so that a chain thousands of stages deep is walked once."""
        pending: list[int] = []
        base = stage.base_stage
        found = False
        while base is not None:
            if base in self._chain:
                found = self._chain[base]
                break
            pending.append(base)
            if self._first_workdir(dockerfile.stages[base]) is not None:
                found = True
                break
            base = dockerfile.stages[base].base_stage
        for index in pending:
            # Each pending stage has the stage that decided `found` below it.
            self._chain[index] = found
        return found

    def _first_workdir(self, stage: Stage) -> int | None:
        if stage.index not in self._first:
            self._first[stage.index] = next(
                (ins.index for ins in stage.instructions if ins.keyword == "WORKDIR"), None
            )
        return self._first[stage.index]


def _absolute_or_variable(path: str) -> bool:
    """`/x`, a variable first, or a Windows drive path (`c:\\x`, `d:/x`)."""
    if path.startswith(("/", "$", _HOLE)):
        return True
    return path[1:3] in (":\\", ":/")

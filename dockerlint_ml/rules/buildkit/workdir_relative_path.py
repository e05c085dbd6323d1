"""BK010 workdir-relative-path (BuildKit's WorkdirRelativePath)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup

# `C:\app`, `c:/app`: a Windows image's absolute path.
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


class WorkdirRelativePath(Rule):
    """A relative WORKDIR before any WORKDIR of the stage.

    Checked on the WORKDIRs of each stage (not inside ONBUILD): a relative path is
    reported when no earlier WORKDIR of the stage, nor of a stage it is built on
    (`FROM <stage>`), set the directory first. Only the first WORKDIR of a stage chain
    can be reported: any WORKDIR, relative or not, counts as setting it. A path with a
    variable is judged once the file resolves it (`ENV APP=app` then `WORKDIR $APP`); one
    it cannot resolve is not judged.

    ## Why is this bad?

    A relative WORKDIR is taken from the base image's working directory, which the
    Dockerfile does not control: `WORKDIR app` is `/app` on one base image and
    `/usr/src/app` or `/home/user/app` on another, and it moves when the base image does.

    ## Example

    ```dockerfile
    FROM node:22-slim
    WORKDIR app
    ```

    ## Use instead

    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    ```

    ## Off by default

    DLM003 covers this root cause and supersedes it.

    ## Differences from BuildKit

    - Windows absolute paths (`C:\\app`, `c:/app`) are absolute; tally (BuildKit's checks
      on the Linux platform) reports them.
    - A variable the file resolves is judged by its value: tally judges the text as
      written and skips any path with a `$`.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/workdir-relative-path/
    - Docker, WORKDIR: https://docs.docker.com/reference/dockerfile/#workdir
    """

    code = "BK010"
    name = "workdir-relative-path"
    severity = Severity.WARNING
    keywords = frozenset({"FROM", "WORKDIR"})
    aliases = ("WorkdirRelativePath",)
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # Stage index -> whether a WORKDIR of the stage or of its bases has been seen.
        self._set: dict[int, bool] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        if instruction.keyword == "FROM":
            base = stage.base_stage
            self._set[stage.index] = base is not None and self._set.get(base, False)
            return
        already = self._set.get(stage.index, False)
        self._set[stage.index] = True
        if already:
            return
        df = ctx.dockerfile
        path, known = df.expand(
            instruction.value.strip(), stage_lookup(df, stage, instruction.index)
        )
        if not known or not path or _absolute(path):
            return
        yield self.finding(
            instruction,
            f"Relative WORKDIR `{path}` depends on the base image's working directory.",
            fix=f"Use an absolute path, e.g. `WORKDIR /{path.lstrip('./')}`.",
        )


def _absolute(path: str) -> bool:
    return path.startswith(("/", "\\")) or _DRIVE.match(path) is not None

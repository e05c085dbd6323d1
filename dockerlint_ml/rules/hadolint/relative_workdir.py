"""DL3000 relative-workdir."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup

_DRIVE = re.compile(r"^[A-Za-z]:")


class RelativeWorkdir(Rule):
    """WORKDIR is given a relative path.

    Every WORKDIR whose path, after quote removal and variables, starts with neither `/`
    nor a Windows drive (`C:\\`, `C:/`; also `\\` with the backtick escape character) is
    reported, including one that follows an absolute WORKDIR (`WORKDIR /app` then
    `WORKDIR src`). A path starting with a variable whose value this file does not give
    (`WORKDIR $HOME/app`) is not judged; one whose value it gives is (`ENV DIR=app` then
    `WORKDIR $DIR`). A WORKDIR wrapped in ONBUILD is not checked.

    ## Why is this bad?

    A relative WORKDIR is resolved against the WORKDIR before it, which may be set by the
    base image or several stages up: where the files go and where the CMD runs can only be
    told by reading all of them, and it moves whenever one of them changes. An absolute
    path says it in one place.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR app
    COPY . .
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Off by default

    It reports a relative WORKDIR after an absolute one, which Docker resolves
    predictably; DLM003 workdir-missing reports the case that matters, a path that lands
    under `/` because no WORKDIR comes before it.

    ## Differences from hadolint

    - Variables are read: a WORKDIR whose variable this file sets to a relative path is
      reported (hadolint passes every path starting with `$`).
    - The path is read as Docker reads it, escapes included: `WORKDIR \\app` with the
      default escape character is the relative `app`, as hadolint says too, but with the
      backtick escape directive it is a Windows absolute path, which hadolint reports.
    - A one-letter relative path (`WORKDIR a`) is reported; hadolint 2.15.1 crashes on
      it and reports nothing for the whole file.

    ## References

    - hadolint DL3000: https://github.com/hadolint/hadolint/wiki/DL3000
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3000Spec.hs
    - Docker, WORKDIR ("If a relative path is provided, it will be relative to the path of
      the previous WORKDIR instruction"): https://docs.docker.com/reference/dockerfile/#workdir
    - BuildKit check WorkdirRelativePath:
      https://docs.docker.com/reference/build-checks/workdir-relative-path/
    """

    code = "DL3000"
    name = "relative-workdir"
    severity = Severity.ERROR
    keywords = frozenset({"WORKDIR"})
    supersedes = ("WorkdirRelativePath",)
    default = False

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # Stage index -> its working directory so far, when known (POSIX paths only).
        self._cwd: dict[int, str | None] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        dockerfile = ctx.dockerfile
        cwd = self._cwd[stage.index] if stage.index in self._cwd else self._start(ctx, stage)
        raw = instruction.value.strip()
        path, known = dockerfile.expand(raw, stage_lookup(dockerfile, stage, instruction.index))
        if not known and raw.lstrip("\"'").startswith("$"):
            self._cwd[stage.index] = None  # the variable decides; nothing is known
            return
        if not path or self._absolute(ctx, path):
            self._cwd[stage.index] = posixpath.normpath(path) if known and path[:1] == "/" else None
            return
        resolved = None
        if known and cwd is not None:
            resolved = posixpath.normpath(posixpath.join(cwd, path))
        self._cwd[stage.index] = resolved
        shown = raw if len(raw) <= 30 else raw[:27] + "..."
        if resolved is not None:
            fix = f"Write the absolute path it resolves to: `WORKDIR {resolved}`."
        else:
            fix = "Write the directory as an absolute path, e.g. `WORKDIR /app`."
        yield self.finding(
            instruction,
            f"`WORKDIR {shown}` is relative: it depends on the WORKDIR before it.",
            fix=fix,
        )

    def _absolute(self, ctx: Context, path: str) -> bool:
        if path.startswith("/") or _DRIVE.match(path):
            return True
        # With the backtick escape a backslash survives: `\app` is absolute on Windows.
        return path.startswith("\\") and ctx.dockerfile.escape == "`"

    def _start(self, ctx: Context, stage: Stage) -> str | None:
        """The working directory a stage starts in, when known: the one its base stage
        ended with, or the root image's from the image facts. Memoised along the chain,
        without recursion (a chain may be thousands of stages deep)."""
        dockerfile = ctx.dockerfile
        pending: list[int] = [stage.index]
        base = stage.base_stage
        while base is not None and base not in self._cwd:
            pending.append(base)
            base = dockerfile.stages[base].base_stage
        if base is not None:
            start = self._cwd[base]
        else:
            _, facts = ctx.root_facts(stage)
            workdir = None if facts is None else facts.workdir
            start = workdir if workdir is not None and workdir.startswith("/") else None
        for index in pending:
            self._cwd[index] = start
        return start

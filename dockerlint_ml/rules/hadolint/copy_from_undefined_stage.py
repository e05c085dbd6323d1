"""DL3022 copy-from-undefined-stage."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule


def from_word(instruction: Instruction) -> str | None:
    """The `--from` value of a COPY, surrounding quotes removed; None when there is none,
    it is empty, or it holds a variable (whether and how the builder expands it there is
    not decided here, so rules do not judge it)."""
    word = instruction.flag("from")
    if word is None:
        return None
    word = word.strip()
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        word = word[1:-1]
    if not word or "$" in word:
        return None
    return word


def is_stage_index(word: str) -> bool:
    return word.isascii() and word.isdigit()


def looks_like_image(word: str) -> bool:
    """A tag, a digest or a path: a stage name can hold none of `:`, `@` or `/`."""
    return any(c in word for c in ":@/")


class StageNames:
    """Where each stage name is used (BuildKit matches names without regard to case),
    indexed once per file."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self._stages: dict[str, list[int]] = {}
        for stage in dockerfile.stages:
            if stage.alias:
                self._stages.setdefault(stage.alias.lower(), []).append(stage.index)

    def earlier(self, name: str, before: int) -> int | None:
        """The last stage named `name` with an index below `before`."""
        found = self._stages.get(name.lower())
        if not found:
            return None
        pos = bisect.bisect_left(found, before)
        return found[pos - 1] if pos else None

    def later(self, name: str, after: int) -> int | None:
        """The first stage named `name` with an index above `after`."""
        found = self._stages.get(name.lower())
        if not found:
            return None
        pos = bisect.bisect_right(found, after)
        return found[pos] if pos < len(found) else None

    def any(self, name: str) -> bool:
        return name.lower() in self._stages

    def resolve(self, word: str, current: int | None) -> int | None:
        """The stage a `--from` word names, seen from stage `current`: an index, else the
        nearest earlier stage of that name, else the first later one; None: no stage."""
        if is_stage_index(word):
            index = int(word)
            return index if index < len(self.dockerfile.stages) else None
        before = len(self.dockerfile.stages) if current is None else current
        found = self.earlier(word, before + 1)
        return found if found is not None else self.later(word, before)


def stage_names(rule: Any, dockerfile: Dockerfile) -> StageNames:
    """The rule instance's StageNames of `dockerfile`, built on first use."""
    names: StageNames | None = getattr(rule, "_stage_names", None)
    if names is None or names.dockerfile is not dockerfile:
        names = StageNames(dockerfile)
        rule._stage_names = names
    return names


class CopyFromUndefinedStage(Rule):
    """`COPY --from` names a stage that is not defined before the COPY.

    Checked on every COPY with `--from` (not inside ONBUILD, whose COPY runs in another
    build). A stage index must name an earlier stage; a name must be the name of an
    earlier stage, matched without regard to case as BuildKit does. A value with a `:`,
    `@` or `/` is an image reference (`nginx:1.27`, `ghcr.io/astral-sh/uv`) and is not
    judged, nor is one that holds a variable. The COPY's own stage is left to DL3023.

    ## Why is this bad?

    A name that is no stage is read as an image: `COPY --from=biuld` pulls
    `docker.io/library/biuld:latest`, which fails or, worse, copies from whatever image
    carries that name. A stage defined after the COPY works with BuildKit but not with
    the classic builder, which pulls an image of that name instead. Both are usually a
    typo or stages in the wrong order.

    ## Example

    ```dockerfile
    FROM python:3.12-slim AS build
    RUN pip wheel --wheel-dir /wheels numpy

    FROM python:3.12-slim
    COPY --from=biuld /wheels /wheels
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim AS build
    RUN pip wheel --wheel-dir /wheels numpy

    FROM python:3.12-slim
    COPY --from=build /wheels /wheels
    ```

    ## Differences from hadolint

    - Stage names match without regard to case, as BuildKit matches them:
      `FROM base AS Build` then `COPY --from=build` passes (hadolint reports it).
    - A value with `/` or `@` is an image, as one with `:` is: `--from=library/nginx` and
      `--from=gcr.io/distroless/base` pass (hadolint reports both).
    - A value with a variable (`--from=$STAGE`) is not judged (hadolint reports it).
    - The stage's own index (`COPY --from=0` in stage 0) is left to DL3023 (hadolint
      passes it).

    ## References

    - hadolint DL3022: https://github.com/hadolint/hadolint/wiki/DL3022
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3022Spec.hs
    - Docker, `COPY --from`: https://docs.docker.com/reference/dockerfile/#copy---from
    - Docker, named build contexts:
      https://docs.docker.com/reference/cli/docker/buildx/build/#build-context
    """

    code = "DL3022"
    name = "copy-from-undefined-stage"
    severity = Severity.WARNING
    keywords = frozenset({"COPY"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._stage_names: StageNames | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        word = from_word(instruction)
        if word is None:
            return
        stage = ctx.stage(instruction)
        before = 0 if stage is None else stage.index  # the stages defined before the COPY
        if is_stage_index(word):
            index = int(word)
            if index < before or (stage is not None and index == stage.index):
                return
            shown = "no stage comes" if before == 0 else f"only stages 0-{before - 1} come"
            yield self.finding(
                instruction,
                f"`--from={word}` names no earlier stage: {shown} before this COPY.",
                fix="Copy from an earlier stage, by its name or index.",
            )
            return
        if looks_like_image(word):
            return
        if stage is not None and stage.alias and stage.alias.lower() == word.lower():
            return  # its own stage: DL3023
        names = stage_names(self, ctx.dockerfile)
        if names.earlier(word, before) is not None:
            return
        later = names.later(word, before - 1)
        if later is not None:
            line = ctx.dockerfile.stages[later].from_instruction.span.line
            yield self.finding(
                instruction,
                f"`--from={word}` names the stage on line {line}, defined after this COPY.",
                fix=f"Move the stage `{word}` before the stage that copies from it.",
            )
            return
        yield self.finding(
            instruction,
            f"`--from={word}` names no stage defined before this COPY.",
            fix=(
                f"Name an earlier stage (`FROM ... AS {word}`), or give the image "
                f"its tag (`{word}:<tag>`)."
            ),
        )

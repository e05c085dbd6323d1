"""DL3049 missing-required-label."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup
from dockerlint_ml.rules.hadolint._labels import SCHEMA, label_schema, labels, quote


class MissingRequiredLabel(Rule):
    """An image the file builds does not set a label of the label schema.

    Checked for every stage that may be a build's target: the final stage, and any other
    stage that no later stage builds on (`FROM <stage>`) or takes files from
    (`COPY --from`, `RUN --mount=from=`); a stage used so is an intermediate one. A
    stage has the labels its own LABELs set and those of the stages it is built on. Each
    schema label it lacks is reported on its FROM. ONBUILD LABELs do not count (they label
    the images built on this one); a LABEL whose key has a variable may set any label, so
    its stage is not judged.

    ## Why is this bad?

    The schema lists what the project needs on every image it ships (a source URL for
    scanners, an owner to page, a version for the registry): an image without one of them
    cannot be traced, filtered or audited by the tools that rely on it.

    ## Example

    With the label schema `{"org.opencontainers.image.source": "url"}`:

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir fastapi==0.115.0
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    LABEL org.opencontainers.image.source=https://github.com/org/repo
    RUN pip install --no-cache-dir fastapi==0.115.0
    ```

    ## Options

    | name | type | default | meaning |
    |---|---|---|---|
    | `label-schema` | mapping | `{}` | label name -> its type |

    The types are hadolint's: `text`, `rfc3339`, `semver`, `url`, `hash`, `spdx` and `email`.
    The `label-schema` of a `.hadolint.yaml` and `--require-label name:type` set it for
    every label rule. Without a schema this rule reports nothing.

    ## Differences from hadolint

    - A stage that a later stage is built on is not checked: its labels reach the image
      built on it, which is. hadolint checks it unless it sets the label itself.
    - Stage names match without regard to case, and `COPY --from=0` names a stage too, as
      in Docker; hadolint compares the name's text and ignores numbers.
    - A stage that a later `RUN --mount=from=<stage>` uses is not checked either.
    - A stage with a LABEL whose key has a variable is not judged, nor are the stages
      before a `COPY --from=$VAR` whose stage is not known.

    ## References

    - hadolint DL3049: https://github.com/hadolint/hadolint/wiki/DL3049
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3049Spec.hs
    - Docker, multi-stage builds and `--target`:
      https://docs.docker.com/build/building/multi-stage/
    """

    code = "DL3049"
    name = "missing-required-label"
    severity = Severity.INFO
    default_options: ClassVar[Mapping[str, Any]] = {SCHEMA: {}}
    example_options: ClassVar[Mapping[str, Any]] = {
        SCHEMA: {"org.opencontainers.image.source": "url"}
    }

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.names = tuple(label_schema(self.code, self.options))

    def finish(self, ctx: Context) -> Iterator[Finding]:
        if not self.names:
            return
        index = _StageLabels(ctx, frozenset(self.names))
        final = ctx.dockerfile.final_stage
        for stage in ctx.dockerfile.stages:
            if not index.may_be_target(stage) or index.unknown[stage.index]:
                continue
            where = "this image" if stage is final else f"stage {quote(stage.name)}"
            for name in self.names:
                if name not in index.has[stage.index]:
                    yield self.finding(
                        stage.from_instruction,
                        f"Label {quote(name)} of the label schema is not set in {where}.",
                        fix=f"Add `LABEL {name}=...` to the stage or to a stage it is built on.",
                    )


class _StageLabels:
    """Per stage, in one pass: the schema labels it has (its own and its bases'), whether
    a LABEL with an unknown key may set more, and whether another stage uses it."""

    def __init__(self, ctx: Context, names: frozenset[str]) -> None:
        df = ctx.dockerfile
        self.has: list[frozenset[str]] = []
        self.unknown: list[bool] = []
        self._used = [False] * len(df.stages)
        self._used_below = 0  # an unresolved `--from` may name any stage before this one
        self._aliases: dict[str, int] = {}
        for stage in df.stages:
            own: set[str] = set()
            unknown = False
            for ins in stage.instructions:
                if ins.keyword == "LABEL":
                    for label in labels(ins, df):
                        unknown = unknown or label.key is None
                        if label.key in names:
                            own.add(label.key)
                else:
                    for ref in _stage_refs(ctx, stage, ins):
                        self._use(ref, stage.index)
            base = stage.base_stage
            if base is not None and 0 <= base < stage.index:
                self._used[base] = True
                own |= self.has[base]
                unknown = unknown or self.unknown[base]
            self.has.append(frozenset(own))
            self.unknown.append(unknown)
            if stage.alias:
                self._aliases[stage.alias.lower()] = stage.index

    def _use(self, ref: str | None, current: int) -> None:
        if ref is None:
            self._used_below = max(self._used_below, current)
            return
        found = self._aliases.get(ref.lower())
        if found is None and ref.isdigit() and int(ref) < current:
            found = int(ref)
        if found is not None:
            self._used[found] = True

    def may_be_target(self, stage: Stage) -> bool:
        return not self._used[stage.index] and stage.index >= self._used_below


def _stage_refs(ctx: Context, stage: Stage, ins: Instruction) -> list[str | None]:
    """The `--from` names of a COPY/ADD or a RUN's mounts; None for one not known."""
    if ins.keyword == "RUN":
        return [
            None if "from" in m.unknown else m.from_
            for m in ctx.mounts(ins)
            if m.from_ or "from" in m.unknown
        ]
    if ins.keyword not in ("COPY", "ADD"):
        return []
    ref = ins.flag("from")
    if not ref:
        return []
    value, known = ctx.dockerfile.expand(ref, stage_lookup(ctx.dockerfile, stage, ins.index))
    return [value if known else None]

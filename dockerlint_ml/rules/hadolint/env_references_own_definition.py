"""DL3044 env-references-own-definition."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.dockerfile.parser import arg_words, key_values  # the parser's split
from dockerlint_ml.engine.rule import Context, Rule


class EnvReferencesOwnDefinition(Rule):
    """An ENV refers to a variable that the same ENV sets.

    Reported when a value of a multi-pair ENV (`ENV A=1 B=$A`) refers to a name that
    another pair of the same ENV sets, in any order (`ENV B=$A A=1` too, and
    `ENV A=1 A=$A`), and the name has no value yet where the ENV is: no earlier ENV of the
    stage or of the stages it is built on, no ARG of the stage declares it. A pair that
    refers to its own name (`ENV PATH=/opt/bin:$PATH`) is the usual way to extend a
    variable and is not reported. References are read as Docker reads them: `$A`,
    `${A}`, `${A:-default}`; not `\\$A` nor `'$A'`, which stay literal text. One finding
    per ENV, naming the first such variable.

    ## Why is this bad?

    Docker expands every variable of an ENV with the values from before that ENV: in
    `ENV CONDA_DIR=/opt/conda PATH=$CONDA_DIR/bin:$PATH`, `$CONDA_DIR` is still empty,
    so `PATH` gets `/bin:...` and the conda tools are not found, while the line reads as
    if it worked.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ENV VENV=/opt/venv PATH=/opt/venv/bin:$PATH VIRTUAL_ENV=$VENV
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ENV VENV=/opt/venv
    ENV PATH=$VENV/bin:$PATH VIRTUAL_ENV=$VENV
    ```

    ## Differences from hadolint

    - "Has a value yet" follows the stages: an ENV of another stage, or an ARG before the
      first FROM that the stage does not declare again, leaves the name empty here, so
      the reference is reported; hadolint exempts every name set anywhere earlier in the
      file.
    - References are read as Docker expands them: `${A:-x}` refers to `A` (hadolint
      misses it), while `'$A'` and `\\$A` are literal text (hadolint reports them).

    ## References

    - hadolint DL3044: https://github.com/hadolint/hadolint/wiki/DL3044
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3044Spec.hs
    - Docker, environment replacement ("Environment variable substitution will use the
      same value for each variable throughout the entire instruction"):
      https://docs.docker.com/reference/dockerfile/#environment-replacement
    """

    code = "DL3044"
    name = "env-references-own-definition"
    severity = Severity.ERROR
    keywords = frozenset({"ENV"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._args: _ArgIndex | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        pairs = key_values(instruction.value)
        if not pairs or len(pairs) < 2:
            return
        dockerfile = ctx.dockerfile
        setters: dict[str, set[int]] = {}
        for i, (name, _) in enumerate(pairs):
            setters.setdefault(name, set()).add(i)
        for i, (_, raw) in enumerate(pairs):
            if "$" not in raw:
                continue
            for name in _references(dockerfile, raw):
                if setters.get(name, {i}) - {i} and not self._has_value(
                    ctx, stage, name, instruction
                ):
                    shown = name if len(name) <= 30 else name[:27] + "..."
                    yield self.finding(
                        instruction,
                        f"`${shown}` is the value from before this ENV, not the one it sets.",
                        fix=f"Set `{shown}` in an ENV of its own before this one.",
                    )
                    return

    def _has_value(self, ctx: Context, stage: Stage, name: str, instruction: Instruction) -> bool:
        dockerfile = ctx.dockerfile
        if dockerfile.env_at(stage, name, before=instruction.index) is not None:
            return True
        if self._args is None or self._args.dockerfile is not dockerfile:
            self._args = _ArgIndex(dockerfile)
        return self._args.declared(stage, name, instruction.index)


def _references(dockerfile: Dockerfile, raw: str) -> list[str]:
    """The variable names a value refers to, as Docker's expansion reads them."""
    names: list[str] = []

    def record(name: str) -> None:
        names.append(name)
        return None

    dockerfile.expand(raw, record)
    return names


class _ArgIndex:
    """Per stage, where each name is first declared by an ARG of the stage, indexed once
    per file."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self._first: dict[tuple[int, str], int] = {}
        for ins in dockerfile.instructions:
            if ins.keyword != "ARG" or ins.stage is None:
                continue
            for name, _ in arg_words(ins.value):
                self._first.setdefault((ins.stage, name), ins.index)

    def declared(self, stage: Stage, name: str, before: int) -> bool:
        return self._first.get((stage.index, name), before) < before

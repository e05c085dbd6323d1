"""BK009 undefined-arg-in-from (BuildKit's UndefinedArgInFrom)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.dockerfile.variables import Unknown
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.rules.buildkit._source import PLATFORM_ARGS, referenced, suggestion


class UndefinedArgInFrom(Rule):
    """A FROM uses a variable no ARG before the first FROM declares.

    Checked on every FROM's image and `--platform` value: each variable they use must be
    declared by an ARG before the first FROM (with or without a default), or be one of
    BuildKit's automatic platform arguments (`TARGETARCH`, `BUILDPLATFORM`...). A
    variable used with a default (`${TAG:-3.12}`) counts too. An ARG inside a stage does
    not count: FROM lines see only the global ones.

    ## Why is this bad?

    The variable expands to an empty string: `FROM python:$VERSION` becomes
    `python:`, an error, and `FROM base$SUFFIX` silently builds on another image. Mostly
    a typo (`$BULIDPLATFORM`) or an ARG declared inside a stage instead of before FROM.

    ## Example

    ```dockerfile
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Use instead

    ```dockerfile
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Differences from BuildKit

    - Not reported when the image expands to an invalid reference (empty, or ending in
      `:` or `@`): invalid-default-arg-in-from reports that root cause (tally, which
      embeds BuildKit, reports one finding there too).

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/undefined-arg-in-from/
    - Docker, how ARG and FROM interact:
      https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    """

    code = "BK009"
    name = "undefined-arg-in-from"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("UndefinedArgInFrom",)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        df = ctx.dockerfile
        declared = df.global_args

        def lookup(name: str) -> str | Unknown | None:
            if name in PLATFORM_ARGS:
                return "linux/amd64" if name.endswith("PLATFORM") else "x"
            return declared.get(name)

        stage = ctx.stage(instruction)
        image = stage.base_text if stage is not None else ""
        words = [image, *instruction.flag_values("platform")]
        missing: list[str] = []
        for word in words:
            for name in referenced(df, word, lookup):
                if name not in declared and name not in PLATFORM_ARGS and name not in missing:
                    missing.append(name)
        if not missing:
            return
        expanded, _ = df.expand(image, lambda name: declared.get(name) or "")
        if not expanded or expanded.endswith((":", "@")):
            return
        for name in missing:
            hint = suggestion(name, [*declared, *sorted(PLATFORM_ARGS)])
            extra = f" (did you mean `{hint}`?)" if hint else ""
            yield self.finding(
                instruction,
                f"FROM uses `{name}`, not declared by a global ARG{extra}.",
                fix=f"Declare `ARG {hint or name}` before the first FROM, or fix the name.",
            )

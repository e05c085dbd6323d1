"""BK016 invalid-default-arg-in-from (BuildKit's InvalidDefaultArgInFrom)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity
from dockerlint_ml.dockerfile.parser import arg_words
from dockerlint_ml.dockerfile.references import valid_reference
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.engine.rule import Context, Rule

# The automatic platform arguments as a build for linux/amd64 sees them; any platform
# gives the same verdict on a name, since every value is lower-case letters and digits
# (and `/`). The variants are empty on some platforms and not on others: not known.
_PLATFORM_DEFAULTS: dict[str, str | Unknown] = {
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": UNKNOWN,
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": UNKNOWN,
}
# `${NAME?message}` / `${NAME:?message}`: BuildKit stops with the message when NAME is
# unset (or empty); there is then no name to judge.
_REQUIRED = re.compile(r"\$\{\w+:?\?")


class InvalidDefaultArgInFrom(Rule):
    """With the ARG defaults alone, a FROM's image name is empty or not a valid name.

    As BuildKit checks it: each FROM's image word is expanded with the ARGs declared
    before the first FROM, each taking its default (an ARG without a default, or a
    variable no ARG declares, is empty), and the result must be an image reference
    Docker accepts: `ARG VERSION` then `FROM python:$VERSION` gives `python:`, and
    `ARG REGISTRY` then `FROM $REGISTRY/app` gives `/app`. Names of earlier stages
    pass, like any valid name. A FROM that uses `TARGETVARIANT` or `BUILDVARIANT` (empty
    on some platforms only) or `${NAME:?message}` is not judged.

    ## Why is this bad?

    `docker build` without `--build-arg` fails on that FROM, and so do IDE integrations,
    `docker build --check` and any CI job that does not know the argument is required.
    A default that builds (`ARG VERSION=3.12`) documents the expected value and keeps a
    plain build working.

    ## Example

    ```dockerfile
    ARG PYTHON_VERSION
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Use instead

    ```dockerfile
    ARG PYTHON_VERSION=3.12
    FROM python:${PYTHON_VERSION}-slim
    ```

    ## Differences from BuildKit

    - `TARGETVARIANT` and `BUILDVARIANT` are not known: BuildKit uses the value for the
      platform it builds for (empty for linux/amd64, so `FROM img:$TARGETVARIANT` is
      reported there and not on linux/arm/v7).
    - A FROM with `${NAME:?message}` whose NAME is unset is skipped; BuildKit stops the
      check there and judges no later FROM.

    ## References

    - BuildKit's check:
      https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/
    - Docker, how ARG and FROM interact:
      https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
    """

    code = "BK016"
    name = "invalid-default-arg-in-from"
    severity = Severity.WARNING
    keywords = frozenset({"FROM"})
    aliases = ("InvalidDefaultArgInFrom",)

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._defaults: _Defaults | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        df = ctx.dockerfile
        words = instruction.value.split()
        if len(words) not in (1, 3) or (len(words) == 3 and words[1].lower() != "as"):
            return  # not a FROM BuildKit reads: the parse error is the finding
        if _REQUIRED.search(words[0]):
            return
        word = words[0]
        if self._defaults is None or self._defaults.dockerfile is not df:
            self._defaults = _Defaults(df)
        value, known = df.expand(word, self._defaults.lookup)
        if not known or valid_reference(value):
            return
        if "$" not in word:  # BuildKit checks a literal name too
            yield self.finding(
                instruction,
                f"`{word}` is not a valid image name.",
                fix="Write the image as `name[:tag][@digest]`, the name in lower case.",
            )
            return
        gives = f"`{value}`" if value else "an empty name"
        yield self.finding(
            instruction,
            f"With the ARG defaults, `{word}` gives {gives}: no valid image name.",
            fix="Give the ARG a default that names an image (`ARG VERSION=3.12`), or write"
            " `${NAME:?message}` to make the build argument required.",
        )


class _Defaults:
    """The variables a FROM sees when no build argument is given: the global ARGs with
    their defaults, in file order, over BuildKit's platform arguments; built once."""

    def __init__(self, dockerfile: Dockerfile) -> None:
        self.dockerfile = dockerfile
        self.values: dict[str, str | Unknown] = dict(_PLATFORM_DEFAULTS)
        for ins in dockerfile.instructions:
            if ins.stage is not None:
                break
            if ins.keyword != "ARG":
                continue
            for name, default in arg_words(ins.value):
                if default is None:
                    continue  # keeps an earlier value, as BuildKit's buildMetaArgs does
                value, known = dockerfile.expand(default, self.lookup)
                self.values[name] = value if known else UNKNOWN

    def lookup(self, name: str) -> str | Unknown:
        # Unset: BuildKit substitutes "" (UndefinedArgInFrom reports the name itself).
        return self.values.get(name, "")

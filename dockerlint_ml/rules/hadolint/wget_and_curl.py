"""DL4001 wget-and-curl."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

_TOOLS = ("curl", "wget")
# Programs that run their first argument as the command (`busybox wget URL`).
_LAUNCHERS = frozenset({"busybox", "command", "builtin"})
# Commands that test whether a program exists (`command -v curl || ...`).
_PROBES = frozenset({"which", "type", "hash"})


class WgetAndCurl(Rule):
    """A stage downloads with both `wget` and `curl`.

    The RUN instructions of each stage are read in order (a FROM starts afresh; ONBUILD
    RUNs, which run in another build, are counted apart from the stage's own). The RUN in
    which the second of the two tools first runs is reported, once per stage, naming
    where the other one ran. Every command counts (`sudo`, `busybox wget`, `sh -c` and
    heredoc scripts included), but not a RUN that tests which of the two is installed
    (`command -v curl`, `which wget`): such a script runs one or the other.

    ## Why is this bad?

    The two tools do the same job. Using both means both must be installed (and kept
    patched) in the image, and readers must know two sets of flags for retries, redirects
    and failure on HTTP errors (`curl -fsSL` against `wget -q`).

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl wget
    RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz
    RUN wget -q -O /tmp/model.bin https://example.com/model.bin
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
    RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz
    RUN curl -fsSL -o /tmp/model.bin https://example.com/model.bin
    ```

    ## Off by default

    True when it fires, but of little value: the second tool costs a few hundred
    kilobytes, and the base image often ships one of them already. Select `DL4001` to
    enforce it.

    ## Differences from hadolint

    - One finding per stage, on the RUN that first uses the second tool; hadolint also
      reports every later RUN of the stage that uses either.
    - A RUN that tests which tool is installed (`command -v curl`, `which wget`) does
      not count: hadolint counts both branches of such a fallback.
    - ONBUILD RUNs start afresh in each stage too; hadolint counts them across stages.
    - hadolint sees the tools only as written as the command name: it misses
      `sudo wget`, `/usr/bin/curl` and `sh -c "curl ..."`, which we count.

    ## References

    - hadolint DL4001: https://github.com/hadolint/hadolint/wiki/DL4001
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL4001Spec.hs
    """

    code = "DL4001"
    name = "wget-and-curl"
    severity = Severity.WARNING
    default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        # Per kind of RUN (the stage's own, ONBUILD): tool -> line of its first use, and
        # whether this stage has been reported.
        seen: dict[bool, dict[str, int]] = {False: {}, True: {}}
        done: dict[bool, bool] = {False: False, True: False}
        for instruction in ctx.dockerfile.instructions:
            if instruction.keyword == "FROM":
                seen = {False: {}, True: {}}
                done = {False: False, True: False}
                continue
            inner = instruction.inner
            onbuild = inner is not None
            run = inner if inner is not None else instruction
            if run.keyword != "RUN" or done[onbuild]:
                continue
            used = _tools_used(ctx.commands(instruction))
            if not used:
                continue
            first = seen[onbuild]
            for tool in used:
                first.setdefault(tool, instruction.span.line)
            if len(first) == 2:
                done[onbuild] = True
                new = next(t for t in _TOOLS if first[t] == instruction.span.line)
                other = next(t for t in _TOOLS if t != new)
                where = (
                    "this RUN" if first[other] == instruction.span.line else f"line {first[other]}"
                )
                yield self.finding(
                    instruction,
                    f"This stage downloads with both `{other}` ({where}) and `{new}`;"
                    " one is enough.",
                    fix=f"Use one tool for every download of the stage (`{other}` or"
                    f" `{new}`), and install only that one.",
                )


def _tools_used(commands: tuple[SimpleCommand, ...]) -> list[str]:
    """The download tools a RUN runs, in order; none for a script that looks for them."""
    used: list[str] = []
    for command in commands:
        name = command.name
        argv = command.argv
        if name in _LAUNCHERS and len(argv) > 1:
            if name == "command" and argv[1] in ("-v", "-V"):
                if any(a.rsplit("/", 1)[-1] in _TOOLS for a in argv[2:]):
                    return []
                continue
            name = argv[1].rsplit("/", 1)[-1]
        elif name in _PROBES and any(a.rsplit("/", 1)[-1] in _TOOLS for a in argv[1:]):
            return []
        if name in _TOOLS and name not in used:
            used.append(name)
    return used

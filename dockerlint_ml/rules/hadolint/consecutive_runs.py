"""DL3059 consecutive-runs."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

# Wrappers that run a script of their own (`sh -c "a && b"`, `bash <<EOF`): hadolint sees
# the wrapper as one command, whatever the script holds.
_SCRIPT_WRAPPER_ENDS = (" -c", " <<")
# Characters that make a command name no plain word: an expansion or a glob.
_UNNAMED = frozenset("$`*?[")


class ConsecutiveRuns(Rule):
    """A single-command RUN follows another single-command RUN with the same flags.

    Two RUNs are consecutive when nothing but comments and blank lines separate them
    (any other instruction, ONBUILD included, ends the sequence) and their flags
    (`--mount`, `--network`, `--security`) are the same. The later one is reported when
    each runs at most one command, counted as hadolint counts them: every simple command
    of the script, command substitutions included; not `[ ... ]` tests, bare assignments
    or a command whose name is an expansion (`$CC`, `python$V`); a `sh -c "..."` wrapper
    is one command. Three such RUNs in a row give two findings.

    ## Why is this bad?

    Each RUN is a layer and a cache entry of its own. Steps that belong together, such
    as `apt-get update` and the `apt-get install` that needs it, can go stale apart
    (the install runs against an old package index kept in the cache), and files one
    layer creates and the next deletes still ship in the image. One RUN per logical step
    keeps the step atomic and the image smaller.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir numpy
    RUN pip install --no-cache-dir pandas
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir numpy pandas
    ```

    ## Off by default

    Whether to merge RUNs is a caching trade-off that the file cannot show: a heavy
    dependency installed in its own RUN (a framework, then the rest of the requirements)
    keeps its layer cached when the lighter step changes, and in a build stage whose
    results are copied out the layer count does not matter. Such deliberate splits are
    common on real files, and nothing in the file tells them from steps that belong
    together. Select `DL3059` to enforce it.

    ## Differences from hadolint

    - An exec-form `RUN ["sh", "-c", "a && b"]` is one command, as the shell form
      `RUN sh -c 'a && b'` is for hadolint too; hadolint joins the JSON words into
      shell text and counts two.
    - A shell-form RUN under PowerShell or cmd (`SHELL ["powershell", ...]`, or
      `# hadolint shell=powershell`) is not judged: its commands are not counted as sh
      commands; hadolint counts them as if sh read them.

    ## References

    - hadolint DL3059: https://github.com/hadolint/hadolint/wiki/DL3059
    - Docker, "Building best practices", RUN and apt-get:
      https://docs.docker.com/build/building/best-practices/#run
    """

    code = "DL3059"
    name = "consecutive-runs"
    severity = Severity.INFO
    default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        previous: tuple[frozenset[tuple[str, object]], int] | None = None
        for instruction in ctx.dockerfile.instructions:
            if instruction.keyword != "RUN":
                previous = None
                continue
            if instruction.form == "shell" and not ctx.shell(instruction).posix:
                previous = None  # a PowerShell or cmd script: its commands are not counted
                continue
            flags = _flag_set(instruction)
            count = _command_count(ctx, instruction)
            if previous is not None and previous[0] == flags and max(previous[1], count) <= 1:
                yield self.finding(
                    instruction,
                    "This RUN and the one before it each run one command; consider one RUN"
                    " for both.",
                    fix="Join the commands with `&&` in one RUN when they are one step (one"
                    " layer, one cache entry).",
                )
                # hadolint keeps the earlier RUN as the one to compare with: the same
                # flags, and a count of at most one too.
                continue
            previous = (flags, count)


def _flag_set(instruction: Instruction) -> frozenset[tuple[str, object]]:
    """The RUN's flags as a set, each `--mount`'s `key=value` list as a set too, so that
    the order of flags and of mount options does not matter (hadolint compares them parsed)."""
    found: set[tuple[str, object]] = set()
    for flag in instruction.flags:
        name = flag.name.lower()
        value: object = flag.value
        if name == "mount" and flag.value is not None:
            value = frozenset(part.strip() for part in flag.value.split(","))
        found.add((name, value))
    return frozenset(found)


def _command_count(ctx: Context, instruction: Instruction) -> int:
    """The RUN's simple commands as hadolint counts them: each script run by a shell
    wrapper once, and a command whose name is not a plain word (`$CC`, `python$V`,
    `./a*`) not at all, since hadolint collects only the commands it can name."""
    count = 0
    # Per shell wrapper (`sh -c`, `sudo bash -c`): how many of its scripts start here.
    scripts: dict[tuple[str, ...], int] = {}
    for command in ctx.commands(instruction):
        outer = _script_wrapper(command.wrappers)
        if outer is None:
            unwrapped = all(w == "$()" for w in command.wrappers)
            name = command.argv[0] if command.argv else "$"
            if not (unwrapped and not _UNNAMED.isdisjoint(name)):
                count += 1
            continue
        # `sh -c a; sh -c b` is two commands for hadolint: each script's first statement
        # tells one wrapper invocation from the next.
        starts = command.wrappers == outer and command.leads
        scripts[outer] = scripts.get(outer, 0) + starts
    return count + sum(max(1, n) for n in scripts.values())


def _script_wrapper(wrappers: tuple[str, ...]) -> tuple[str, ...] | None:
    """The wrappers up to the outermost shell that runs a script (`sh -c`), or None."""
    for i, wrapper in enumerate(wrappers):
        if wrapper.endswith(_SCRIPT_WRAPPER_ENDS):
            return wrappers[: i + 1]
    return None

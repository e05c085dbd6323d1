"""DL4006 pipe-without-pipefail."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.run_state import RunShell, unguarded_pipelines


class PipeWithoutPipefail(Rule):
    """A RUN pipes commands without `pipefail`, so a failure before the last one goes unnoticed.

    A RUN is reported when its script has a pipeline (`a | b`, `a |& b`, also inside
    `$(...)`, a subshell, an `if` body or a heredoc script) and pipefail is not on for it.
    pipefail is on when the SHELL in effect asks for it with a shell that has the option
    (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, `-eo pipefail`, `-euxo pipefail`;
    bash, zsh, ash, ksh, by any path), when the script runs `set -o pipefail` before the
    pipeline, or when the shell that runs the script was started with it (an exec form
    `["bash", "-o", "pipefail", "-c", "..."]`, `bash -eo pipefail <<EOF`, a heredoc whose
    `#!` line starts such a shell). SHELL is inherited through `FROM <stage>`. Under a
    non-POSIX SHELL (PowerShell, cmd, by name or by any path) nothing is reported; an exec
    form that runs a program without a shell has no pipeline. A script handed to another
    shell as a string (`bash -c 'a | b'`) is not read. Once per RUN, on its first line.

    ## Why is this bad?

    A pipeline's exit status is the last command's. In `curl -fsSL URL | bash`, a failed
    download hands bash an empty or partial script, bash succeeds, and the build goes on
    without what the step was meant to install; `wget -O - URL | tar xz` can leave half an
    archive unpacked. With `pipefail` the pipeline fails when any of its commands fails, so
    the build stops where the problem is.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
    RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
    RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
    ```

    On Alpine, BusyBox's shell has the option: `SHELL ["/bin/ash", "-o", "pipefail", "-c"]`.
    Debian's and Ubuntu's `/bin/sh` (dash) has none, so `set -o pipefail` in a RUN works
    only where SHELL is bash (or ash).

    ## Off by default

    Every pipe is reported, as in hadolint, and on real files about a quarter of the
    findings are pipelines where pipefail changes nothing or breaks something on purpose:
    a writer that cannot fail (`echo "$SHA  f" | sha256sum -c -`, `head -c32 /dev/urandom
    | base64`), a check whose last command already fails when the writer does (`locale
    -a | grep C.utf8`), a status nothing reads (a `for` word list, an optional probe), a
    test ending in `grep -q`, where pipefail turns the writer's SIGPIPE into a failure, or
    `scan | tee report` kept deliberately going. Telling these apart needs more than the
    command names; until then the rule runs when selected (`--extend-select DL4006`).

    ## Differences from hadolint

    - `set -o pipefail` (or `-eo pipefail`...) in the RUN before the pipeline counts, as
      does a heredoc script's `#!/bin/bash` line with its own `set -o pipefail` (hadolint
      issues #806, #1137); hadolint only reads SHELL.
    - The shell is matched by name under any path (`/usr/bin/bash`, `/usr/local/bin/zsh`,
      `/usr/bin/pwsh`, `C:\\...\\powershell.exe`); hadolint 2.15.1 matches exact paths
      (`/bin/bash`) and text prefixes (`pwsh...`), fixed upstream after 2.15.1 (#977).
    - SHELL is inherited through `FROM <stage>`, as Docker does; hadolint forgets it at
      every FROM.
    - An exec form without a shell (`RUN ["a", "|", "b"]`) has no pipe; hadolint reads
      the array as a command line.
    - A pipeline in a heredoc fed to a new shell (`RUN <<EOF bash`) is judged by that
      shell's options, not SHELL's: the SHELL's pipefail does not reach a new process.
      Such a heredoc is read also when the shell's name comes first (`RUN bash -e <<EOF`);
      hadolint reads a heredoc only when the RUN starts with its operator.

    ## References

    - hadolint DL4006: https://github.com/hadolint/hadolint/wiki/DL4006
    - bash manual, Pipelines (`pipefail`):
      https://www.gnu.org/software/bash/manual/html_node/Pipelines.html
    - Docker, "Building best practices", using pipes:
      https://docs.docker.com/build/building/best-practices/#using-pipes
    - BuildKit runs a heredoc that starts with `#!` as a file (Dockerfile reference):
      https://docs.docker.com/reference/dockerfile/#here-documents
    - hadolint issues: SHELL by path #977, in-RUN `set -o pipefail` #806 and #1137.
    """

    code = "DL4006"
    name = "pipe-without-pipefail"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    # hadolint does not check ONBUILD RUN for this code; the image built on this one picks
    # its own SHELL, which is not known here.
    onbuild = False
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        reader = ctx.run_shell(instruction)
        if not reader.posix:
            return
        pipelines = unguarded_pipelines(ctx.commands(instruction), reader)
        if not pipelines:
            return
        first = pipelines[0]
        shown = " | ".join(f"{c.name}" for c in first[:3]) + (" | ..." if len(first) > 3 else "")
        yield self.finding(
            instruction,
            f"`{shown}` runs without pipefail: only the last command's exit status counts.",
            fix=_hint(reader, first[0].wrappers),
        )


def _hint(reader: RunShell, wrappers: tuple[str, ...]) -> str:
    """Where to turn pipefail on, for the shell that runs the pipeline."""
    if any(label.endswith(" <<") for label in wrappers):
        return "Start the heredoc script with `set -o pipefail` (its shell is bash or ash)."
    if reader.how == "exec":
        return (
            f'Start the shell with the option: `["{reader.argv[0]}", "-o", "pipefail", "-c", ...]`.'
        )
    if reader.how == "shebang":
        return "Run `set -o pipefail` at the start of the script (its shell is bash or ash)."
    return (
        'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this RUN'
        " (`/bin/ash` on Alpine), or start the script with `set -o pipefail` under bash."
    )

"""DL3047 wget-without-progress."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# Options that settle what wget logs (hadolint's list): a progress style, quiet, less
# verbose, or the log sent to a file. Long names without `--`, short ones as letters.
_SETTLED_LONG = frozenset({"progress", "quiet", "no-verbose", "output-file", "append-output"})
_SETTLED_SHORT = frozenset("qoa")
# Programs that run their first argument as the command (`busybox wget URL`).
_LAUNCHERS = frozenset({"busybox", "command"})


class WgetWithoutProgress(Rule):
    """`wget` runs without `-q`, `-nv` or a `--progress` style, so its progress fills the build log.

    A RUN is reported when one of its `wget` commands (also `busybox wget`, behind `sudo`
    or in `sh -c "..."`) has none of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...`,
    `-o`/`--output-file` or `-a`/`--append-output` (short options also count inside a
    group such as `-qO-`); once per RUN, and inside ONBUILD.

    ## Why is this bad?

    A build runs without a terminal, and GNU wget then logs its progress as rows of dots,
    one row for every 50 KB downloaded: a 100 MB model or SDK adds two thousand lines to
    the build log, which hide the output that matters, and past a size limit BuildKit
    stops recording the step's log (`output clipped, log limit reached`), errors
    included. `--progress=dot:giga` writes one row per 32 MB, `-nv` one line per file,
    `-q` nothing.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget
    RUN wget -O /tmp/model.onnx https://example.com/models/model.onnx
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget
    RUN wget --progress=dot:giga -O /tmp/model.onnx https://example.com/models/model.onnx
    ```

    On Alpine and other BusyBox images `wget` is BusyBox's, which has no `--progress`
    option (the build fails with it) and updates its progress line at most once a
    second; use `-q` there, or install GNU wget (`apk add wget`) first.

    ## Off by default

    The cost depends on the size of the download, which the Dockerfile does not show: for
    a small script or key the default output is a few lines, and the official images
    (most of the corpus findings) keep the default output. On BusyBox images (a quarter
    of the findings) the log stays short and the `--progress` option does not exist.
    Select `DL3047` to enforce it.

    ## Differences from hadolint

    - hadolint matches only a command written `wget` (or `busybox wget`): it misses
      `sudo wget`, `/usr/bin/wget` and `sh -c "wget ..."`, which we report.
    - The fix hint puts `-q` first, since BusyBox wget has no `--progress` option.

    ## References

    - hadolint DL3047: https://github.com/hadolint/hadolint/wiki/DL3047
    - GNU wget manual, `--progress=type` (dot style when not on a terminal, `dot:giga`):
      https://www.gnu.org/software/wget/manual/wget.html#Download-Options
    - BusyBox wget options (no `--progress`), and its progress meter, updated once a
      second: `networking/wget.c` and `libbb/progress.c` in https://git.busybox.net/busybox
    - BuildKit's step log limit (`BUILDKIT_STEP_LOG_MAX_SIZE`):
      https://github.com/docker/buildx/issues/484
    """

    code = "DL3047"
    name = "wget-without-progress"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset({"wget", "busybox", "command"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            args = _wget_args(command)
            if args is not None and not _settles_output(args):
                yield self.finding(
                    instruction,
                    "`wget` without `-q`, `-nv` or `--progress` logs its download progress"
                    " into the build output.",
                    fix="Add `-q`, or with GNU wget `--progress=dot:giga` for a short"
                    " progress log (BusyBox wget has no `--progress`).",
                )
                return


def _wget_args(command: SimpleCommand) -> tuple[str, ...] | None:
    """The arguments of a wget command (`wget ...`, `busybox wget ...`), else None."""
    argv = command.argv
    if command.name in _LAUNCHERS and len(argv) > 1:
        argv = argv[1:]
    if argv and argv[0].rsplit("/", 1)[-1] == "wget":
        return argv[1:]
    return None


def _settles_output(args: tuple[str, ...]) -> bool:
    """Whether some option sets what wget logs, read as hadolint reads options: `--name`
    or `--name=value` by name, `-abc` as the letters a, b and c, and `-nv` as a word."""
    for arg in args:
        if arg == "-nv":
            return True
        if arg.startswith("--"):
            if arg.partition("=")[0][2:] in _SETTLED_LONG:
                return True
        elif arg.startswith("-") and not _SETTLED_SHORT.isdisjoint(arg[1:]):
            return True
    return False

"""DL3018 apk-add-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import DRY_RUN, PackageArg


class ApkAddUnpinned(Rule):
    """`apk add` installs a package without a version constraint.

    A package word is pinned when it carries a version constraint: `curl=8.5.0-r0`,
    `curl~8.5` (any 8.5.x), `curl>8`, `curl<9`, `curl>=8` (quote `<` and `>`, or the
    shell reads a redirection). A repository tag alone (`curl@edge`) is not a version.
    An `.apk` file or a path is not a package name, nor is the name given to
    `--virtual`/`-t`. A word an unresolved variable decides (`$PKGS`, `$(cat list)`) is
    unknown, not unpinned: it is never reported. A simulated add (`-s`, `--simulate`)
    is not reported. Every `apk add` of the RUN is read (chains, `if` bodies, subshells,
    heredoc scripts, `sh -c "..."`, behind `sudo`), with apk's own options: the values of
    `-X`, `-p`, `--arch`, `--cache-dir`... are not packages. One finding per RUN, on its
    first line; inside ONBUILD too.

    ## Why is this bad?

    Without a constraint, `apk add` takes whatever the repository holds on the day of the
    build, so two builds of one Dockerfile can install different versions, and a cached
    layer hides the difference until the cache is dropped.

    ## Example

    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Use instead

    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache 'curl~8.12'
    ```

    ## Off by default

    Alpine keeps only the current build of each package in a branch: when a fix is
    published, the exact version a Dockerfile pins (`curl=8.12.1-r0`) is removed and the
    build fails with "unable to select packages". Exact pins of OS packages break builds
    at a random later date, so most maintainers (the official images among them) decline
    them; the tilde form `curl~8.12` is the workable middle ground. Select the rule
    where you mirror the repository or want every package constrained.

    ## Differences from hadolint

    - A word an unresolved variable decides (`apk add $PKGS`) is unknown, not unpinned:
      no finding (hadolint reports it; PEERS.md "not to copy" 5 applies to every
      package word).
    - The values of apk's options `--root`/`-p`, `--arch`, `--repositories-file`,
      `--keys-dir`, `--cache-dir`... are not package words (hadolint knows only `-t`,
      `--virtual`, `-X` and `--repository`, so `apk add --root /mnt curl=1` makes it
      report `/mnt`).
    - A path (`apk add /tmp/pkg`) is not a package name; `apk add -s` only simulates.
    - `sudo apk`, `/sbin/apk` and `sh -c "apk add ..."` run apk just the same: reported
      (hadolint reads only a command written exactly `apk`).

    ## References

    - hadolint DL3018: https://github.com/hadolint/hadolint/wiki/DL3018
    - apk's constraint syntax `name@tag` followed by `<`, `>`, `~` or `=` and a version:
      https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#World
    - Why exact pins break: hadolint issue #464 ("DL3018 might actually be bad advice")
    """

    code = "DL3018"
    name = "apk-add-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"apk"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        unpinned: list[PackageArg] = []
        for command in ctx.packages(instruction):
            if command.manager != "apk" or command.action != "add":
                continue
            if command.has(*DRY_RUN):
                continue
            unpinned.extend(a for a in command.packages if a.version is None)
        if unpinned:
            first = unpinned[0].name
            yield self.finding(
                instruction,
                f"`apk add` installs {_names(unpinned)} without a version constraint.",
                fix=f"Constrain each package, e.g. `{first}~<major.minor>` or `{first}=<version>`.",
            )


def _names(args: list[PackageArg]) -> str:
    names = list(dict.fromkeys(a.word for a in args))
    shown = ", ".join(f"`{n}`" for n in names[:2])
    return shown if len(names) <= 2 else f"{shown} and {len(names) - 2} more"

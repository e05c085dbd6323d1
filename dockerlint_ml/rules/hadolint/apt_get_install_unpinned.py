"""DL3008 apt-get-install-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import DRY_RUN, PackageArg


class AptGetInstallUnpinned(Rule):
    """`apt-get install` installs a package without pinning its version.

    A package word is pinned when it names a version (`curl=7.88.1-10+deb12u5`, globs
    such as `curl=7.88.*` included) or a target release (`curl/bookworm-backports`). A
    `.deb` file or a path is not a package name. A word an unresolved variable decides
    (`$PKGS`, `python${PY}`, `$(cat packages.txt)`) is unknown, not unpinned: it is
    never reported. A simulated install (`-s`, `--dry-run`) installs nothing and is not
    reported. Every `apt-get install` of the RUN is read (chains, `if` bodies,
    subshells, heredoc scripts, `sh -c "..."`, behind `sudo` or `env`), with apt-get's
    own options: the values of `-o`, `-t`, `-c`, `-a` are not packages. One finding per
    RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, `apt-get install` takes whatever the archive holds on the day of
    the build, so two builds of the same Dockerfile can install different versions, and
    a cached layer hides the difference until the cache is dropped. A pinned version
    makes the change visible in the Dockerfile and in review.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Off by default

    Debian and Ubuntu keep only the current version of a package in a release's
    archive: when a security update lands, the pinned version disappears and the build
    fails with "Version '...' for 'curl' was not found". Pinning OS packages therefore
    trades a reproducible install for a build that breaks at a random later date, and
    most maintainers (the official images among them) decline it; a pinned base image
    digest is the usual way to get a reproducible OS layer. Select the rule where you
    mirror the archive or use snapshot.debian.org.

    ## Differences from hadolint

    - A word an unresolved variable decides (`apt-get install $PKGS`) is unknown, not
      unpinned: no finding (hadolint reports it; PEERS.md "not to copy" 5).
    - The values of apt-get's options `-o`, `-c`, `-a`, `--option`, `--config-file`...
      are not package words (hadolint knows only `-t`, so `-o Acquire::Retries 3`
      makes it report the `3`).
    - `apt-get install -s` only simulates: no finding (hadolint reports it).
    - `sudo apt-get`, `/usr/bin/apt-get`, `env ... apt-get` and `sh -c "apt-get ..."`
      run apt-get just the same: reported (hadolint reads only a command written
      exactly `apt-get`).

    ## References

    - hadolint DL3008: https://github.com/hadolint/hadolint/wiki/DL3008
    - Superseded versions live on only in the snapshot archive: https://snapshot.debian.org/;
      hadolint issues #884 and #999 ask to drop or relax the rule for that reason
    - apt-get(8), the `pkg=version` and `pkg/release` forms:
      https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
    """

    code = "DL3008"
    name = "apt-get-install-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"apt-get", "apt"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        unpinned: list[PackageArg] = []
        for command in ctx.packages(instruction):
            if command.manager != "apt-get" or command.action != "install":
                continue
            if command.has(*DRY_RUN):
                continue
            unpinned.extend(a for a in command.packages if a.version is None and not a.release)
        if unpinned:
            first = unpinned[0].name
            yield self.finding(
                instruction,
                f"`apt-get install` installs {_names(unpinned)} without a pinned version.",
                fix=f"Pin each package, e.g. `{first}=<version>` (`apt-cache policy {first}`"
                " lists them).",
            )


def _names(args: list[PackageArg]) -> str:
    names = list(dict.fromkeys(a.word for a in args))
    shown = ", ".join(f"`{n}`" for n in names[:2])
    return shown if len(names) <= 2 else f"{shown} and {len(names) - 2} more"

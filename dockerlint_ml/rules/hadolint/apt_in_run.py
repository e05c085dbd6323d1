"""DL3027 apt-in-run."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# apt's subcommands and the script-stable command that does the same (apt(8)).
_EQUIVALENT = {
    **{
        sub: f"apt-get {sub}"
        for sub in (
            "install", "remove", "purge", "update", "dist-upgrade", "autoremove",
            "autoclean", "clean", "source", "build-dep", "download", "changelog", "satisfy",
        )
    },
    # apt's upgrade may install new dependencies, which apt-get's does only when told.
    "upgrade": "apt-get upgrade --with-new-pkgs",
    "full-upgrade": "apt-get dist-upgrade",
    **{
        sub: f"apt-cache {sub}"
        for sub in ("search", "show", "showsrc", "policy", "depends", "rdepends")
    },
}  # fmt: skip
# apt's options that take their value as the next word.
_VALUED = frozenset({"-o", "--option", "-c", "--config-file", "-t", "--target-release"})


class AptInRun(Rule):
    """A RUN calls `apt`, the interactive front end of APT, instead of `apt-get` or `apt-cache`.

    Any command named `apt` is reported, whatever its subcommand, wherever it runs in
    the RUN (in a `&&` chain, an `if` body, a subshell, a heredoc script, behind `sudo`
    or inside `sh -c "..."`), once per RUN, and inside ONBUILD.

    ## Why is this bad?

    `apt` is meant for people at a terminal: its output format and behaviour may change
    between releases, and when its output is not a terminal it prints a warning that its
    command-line interface is not stable. `apt-get` and `apt-cache`
    do the same work with an interface that Debian keeps stable for scripts, which is
    what a Dockerfile is.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt update && apt install -y curl
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y curl
    ```

    `apt list` has no `apt-get` counterpart: `dpkg-query -W` lists installed packages.

    ## Differences from hadolint

    - hadolint matches only a command written exactly `apt`: it misses `sudo apt`,
      `/usr/bin/apt`, `env DEBIAN_FRONTEND=noninteractive apt` and `sh -c "apt ..."`,
      which run apt just the same. We report them.

    ## References

    - hadolint DL3027: https://github.com/hadolint/hadolint/wiki/DL3027
    - apt(8), "Script usage and differences from other APT tools":
      https://manpages.debian.org/bookworm/apt/apt.8.en.html
    """

    code = "DL3027"
    name = "apt-in-run"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"apt"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            if command.name == "apt":
                sub = _subcommand(command)
                shown = f"apt {sub}" if sub else "apt"
                tool = _EQUIVALENT.get(sub or "")
                fix = (
                    f"Use `{tool}`, which keeps a stable interface for scripts."
                    if tool
                    else "Use `apt-get` or `apt-cache` (`dpkg-query -W` to list packages)."
                )
                yield self.finding(
                    instruction,
                    f"`{shown}` uses apt, an interactive tool whose interface is not stable"
                    " for scripts.",
                    fix=fix,
                )
                return


def _subcommand(command: SimpleCommand) -> str | None:
    """apt's first operand (`install` in `apt -y install x`), skipping option values."""
    args = command.args
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _VALUED:
            i += 2
            continue
        if not arg.startswith("-"):
            return arg
        i += 1
    return None

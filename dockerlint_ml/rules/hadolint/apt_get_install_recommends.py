"""DL3015 apt-get-install-recommends."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import UNSAFE, Finding, Fix, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import package_command
from dockerlint_ml.facts.shell import SimpleCommand

# `-o APT::Install-Recommends=<false>`: the spellings APT reads as false.
_FALSE = frozenset({"false", "0", "no", "off", "without", "disable"})
_RECOMMENDS_OPTION = "apt::install-recommends"
# apt-get's short options whose value follows in the same word or the next one.
_VALUED_SHORT = frozenset("oct")
# Options that only simulate: nothing is installed, so nothing recommended either.
_SIMULATE_LONG = frozenset({"--simulate", "--just-print", "--dry-run", "--recon", "--no-act"})


class AptGetInstallRecommends(Rule):
    """`apt-get install` runs without `--no-install-recommends`.

    A RUN is reported when one of its `apt-get install` commands (wherever it runs in the
    RUN, behind `sudo` or in a `sh -c "..."` or `bash <<EOF` script too) has neither
    `--no-install-recommends` nor `-o APT::Install-Recommends=false`; once per RUN (at
    that command when it can be located in the source), and inside ONBUILD. A simulated
    install (`apt-get install -s`, `--simulate`, `--dry-run`) installs nothing and is not
    reported.

    ## Why is this bad?

    By default APT also installs every package that the requested ones merely
    *recommend*: documentation, optional helpers, whole desktop stacks for some packages.
    The image grows, the build takes longer and more software is there to be patched,
    none of which the image asked for. With `--no-install-recommends` the image gets
    what it names; a recommended package it does need (typically `ca-certificates` for
    `curl` or `wget` over HTTPS) is then named explicitly. A build stage whose files never
    reach the final image is reported too: there the recommendations cost build time,
    downloads and build cache on every rebuild.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y curl
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
    ```

    ## Differences from hadolint

    - A simulated install (`apt-get install -s pkg`, often an availability probe before
      the real install) is not reported: it installs nothing.
    - `-o APT::Install-Recommends=0` (or `no`, `off`), and the option written in one
      word (`-oAPT::Install-Recommends=false`), in a group (`-yo ...`) or as
      `--option=...`, turn recommends off as APT reads them; hadolint accepts only the
      word `APT::Install-Recommends=false` on its own.
    - hadolint matches only a command written exactly `apt-get`: it misses
      `sudo apt-get install`, `/usr/bin/apt-get install`, and installs in a script run by
      `sh -c "..."` or `bash <<EOF`, which we report.

    ## Fix

    Unsafe: `--no-install-recommends` is inserted right after `apt-get install`. The
    packages the requested ones only recommend are then left out, and the image may need
    one of them: `curl` or `wget` over HTTPS without `ca-certificates` is the classic
    case, and a recommended plugin or locale can go missing just as quietly. The build
    still succeeds, so only a run of the image shows it; review what the packages
    recommend (`apt-cache depends --recommends`) and name what is needed. Not offered when
    the command cannot be located in the source (inside a `sh -c` string or a heredoc).

    ## References

    - hadolint DL3015: https://github.com/hadolint/hadolint/wiki/DL3015
    - Docker, "Building best practices", apt-get:
      https://docs.docker.com/build/building/best-practices/#apt-get
    - apt-get(8), `--no-install-recommends`, `-s`:
      https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
    - apt.conf(5), boolean values and `APT::Install-Recommends`:
      https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html
    """

    code = "DL3015"
    name = "apt-get-install-recommends"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset({"apt-get", "apt"})
    onbuild = True
    fixable = "unsafe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.commands(instruction):
            if command.name != "apt-get" or "install" not in command.args:
                continue
            if _keeps_recommends(command):
                at = autofix = None
                package = package_command(command)
                found = None
                if package is not None and package.action == "install":
                    found = ctx.after_subcommand(instruction, package, "--no-install-recommends")
                if found is not None:
                    at, edit = found
                    autofix = Fix("Add --no-install-recommends", UNSAFE, (edit,))
                yield self.finding(
                    instruction,
                    "`apt-get install` without `--no-install-recommends` also installs"
                    " the packages' recommendations.",
                    fix="Add `--no-install-recommends`, and name any recommended package"
                    " you need (e.g. `ca-certificates`).",
                    at=at,
                    autofix=autofix,
                )
                return


def _keeps_recommends(command: SimpleCommand) -> bool:
    """Whether this `apt-get install` really installs recommended packages."""
    args = command.args
    i = 0
    while i < len(args):
        arg = args[i]
        following = args[i + 1] if i + 1 < len(args) else ""
        i += 1
        if arg.partition("=")[0] == "--no-install-recommends" or arg in _SIMULATE_LONG:
            return False
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name == "--option":
                if _turns_off(value if eq else following):
                    return False
                i += not eq
            elif name in ("--config-file", "--target-release") and not eq:
                i += 1
            continue
        if not arg.startswith("-"):
            continue
        for k, letter in enumerate(arg[1:], start=1):
            if letter == "s":
                return False
            if letter in _VALUED_SHORT:
                value = arg[k + 1 :]
                if letter == "o" and _turns_off(value or following):
                    return False
                i += not value
                break
    return True


def _turns_off(setting: str) -> bool:
    """`APT::Install-Recommends=false` (APT's names are case-insensitive)."""
    name, eq, value = setting.partition("=")
    return bool(eq) and name.lower() == _RECOMMENDS_OPTION and value.lower() in _FALSE

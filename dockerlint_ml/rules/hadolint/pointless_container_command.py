"""DL3001 pointless-container-command."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# hadolint's list (its message also names `ifconfig`, which it does not check).
_POINTLESS = frozenset({"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"})
# Commands that only manage processes: they have a purpose when the RUN started one.
_PROCESS_TOOLS = frozenset({"kill", "ps", "service"})
# Programs that run their first argument as the command (`busybox ps`).
_LAUNCHERS = frozenset({"busybox", "command", "builtin"})
# `service NAME ACTION` actions that leave a daemon running.
_STARTS = frozenset({"start", "restart", "reload", "force-reload", "try-restart"})
# Programs that start a process which outlives them.
_DAEMONIZERS = frozenset({"setsid", "start-stop-daemon", "daemonize"})
# vim options that run it as a script (`vim -es +PlugInstall +qall`), not interactively.
_VIM_SCRIPTED = ("-c", "-s", "-e", "-E", "-es", "-Es", "-S", "--cmd")


class PointlessContainerCommand(Rule):
    """A RUN runs a command that does nothing useful while an image is built.

    The commands are hadolint's: `free`, `kill`, `mount`, `ps`, `service`, `shutdown`,
    `ssh`, `top` and `vim`, by any path and behind `sudo`, `busybox`, `exec`, `sh -c` or
    in a heredoc script. Not reported, because they do something during the build:
    `kill`, `ps` and `service` in a RUN that starts a process of its own (a command run
    in the background with `&`, `nohup`, `setsid` or `start-stop-daemon`, a `$!` or
    `wait` that shows one, or `service ... start` followed by more commands: start a
    database, load it, stop it); `kill` of a
    PID held in a variable or found at run time (`kill $(cat /run/app.pid)`); `vim` run
    as a script (`-es`, `-c`, `+PlugInstall`); `ssh` in a RUN with an SSH agent mount
    (`--mount=type=ssh`); `mount` in a RUN with `--security=insecure`; and any of them
    with `--version`. Once per RUN, and inside ONBUILD.

    ## Why is this bad?

    A RUN step is a short-lived process with no terminal, no init system and no
    privileges over the machine: an interactive editor or `top` waits for input that
    never comes (or prints a snapshot nobody reads), `shutdown` cannot stop anything,
    `mount` is refused, a service started as the last command dies with the step and is
    not running in the image, and `ps`, `free` or `kill` see only the step's own
    processes. Such commands are left over from interactive sessions: they cost build
    time, or fail the build, and do nothing for the image.

    ## Example

    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y --no-install-recommends nginx \
        && rm -rf /var/lib/apt/lists/*
    RUN service nginx start
    ```

    ## Use instead

    ```dockerfile
    FROM ubuntu:24.04
    RUN apt-get update && apt-get install -y --no-install-recommends nginx \
        && rm -rf /var/lib/apt/lists/*
    CMD ["nginx", "-g", "daemon off;"]
    ```

    ## Off by default

    Whether such a command is pointless depends on what the RUN does with it: a `service
    ... start` that brings a database up to load it, a `kill` of a process the same RUN
    started, a scripted `vim -es`; the rule exempts the patterns it can see, but none of
    these commands runs in a RUN of the corpus, so its precision is unmeasured. Select
    `DL3001` to enforce it.

    ## Differences from hadolint

    - Not reported where the command does something during the build (see above):
      `kill`/`ps`/`service` managing a process the same RUN started, `kill $PID`,
      scripted `vim`, `ssh` with an SSH mount, `mount` with `--security=insecure`,
      `--version`. hadolint reports every use.
    - hadolint sees a command only as written as its name: it misses `sudo kill`,
      `/bin/kill` and `sh -c "kill ..."`, which we report.

    ## References

    - hadolint DL3001: https://github.com/hadolint/hadolint/wiki/DL3001
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3001Spec.hs
    - Docker, `RUN --mount=type=ssh` and `RUN --security`:
      https://docs.docker.com/reference/dockerfile/#run---mounttypessh
    """

    code = "DL3001"
    name = "pointless-container-command"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset(
        {"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"} | _LAUNCHERS
    )
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        commands = ctx.commands(instruction)
        names = [_program(c) for c in commands]
        if not any(name in _POINTLESS for name, _ in names):
            return
        starts = _starts_process(commands, names)
        for name, argv in names:
            if name not in _POINTLESS or _purposeful(name, argv, instruction, ctx, starts):
                continue
            shown = " ".join(argv[:3]) if name == "service" else name
            yield self.finding(
                instruction,
                f"`{shown}` does nothing useful in a build step; remove it.",
                fix="Remove the command; start services from CMD or ENTRYPOINT, at run time.",
            )
            return


def _program(command: SimpleCommand) -> tuple[str, tuple[str, ...]]:
    """The program a command runs and its argv, `busybox ps` read as `ps`."""
    argv = command.argv
    if command.name in _LAUNCHERS and len(argv) > 1 and not argv[1].startswith("-"):
        argv = argv[1:]
    return (argv[0].rsplit("/", 1)[-1] if argv else ""), argv


def _starts_process(
    commands: tuple[SimpleCommand, ...], names: list[tuple[str, tuple[str, ...]]]
) -> bool:
    """Whether the RUN starts a process that outlives the command starting it, with more
    commands after it (which may then use, check or stop it)."""
    last = len(commands) - 1
    for i, command in enumerate(commands):
        name, argv = names[i]
        if name == "wait" or any("$!" in a for a in argv):
            # The `&` before a compound command (`a & while ...`) shows in no connector:
            # `$!` and `wait` show a background job.
            return True
        if i == last:
            break
        if commands[i + 1].connector == "&" and commands[i + 1].pipe_index == 0:
            return True  # `server &` (the next command's connector is the `&`)
        if "nohup" in command.wrappers or name in _DAEMONIZERS:
            return True
        if name == "service" and len(argv) > 2 and argv[2] in _STARTS:
            return True
    return False


def _purposeful(
    name: str, argv: tuple[str, ...], instruction: Instruction, ctx: Context, starts: bool
) -> bool:
    args = argv[1:]
    if "--version" in args:
        return True
    if name in _PROCESS_TOOLS and starts:
        return True
    if name == "kill":
        # A PID from a variable or found at run time is a process this RUN started.
        return any("$" in a or "`" in a for a in args)
    if name == "vim":
        return any(a in _VIM_SCRIPTED or a.startswith("+") for a in args)
    if name == "ssh":
        return "-V" in args or any(m.type == "ssh" for m in ctx.mounts(instruction))
    if name == "mount":
        return any(v == "insecure" for v in instruction.flag_values("security"))
    return False

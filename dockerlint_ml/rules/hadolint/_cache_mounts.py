"""The shared part of the cache-mount rules (DL3069-DL3077): which commands of a build tool
download, where the tool keeps what it downloads, and whether a RUN's `--mount` keeps that
place out of the layer.

Each rule module holds a `Tool` (a row of this table's shape) and a three-line subclass of
`CacheMountRule`. The facts here are the tools' own defaults (their documentation is cited
on each rule's page):

- a `Cache` is one directory a tool downloads into: its default below the home directory,
  the environment variables that move it (the first one set wins, with the suffix the tool
  appends), and the command options that move it;
- a `Tool` says which of its invocations download (`downloads`), which words of a mount's
  target or `id` name its cache (a fragment match, as loose as hadolint's), and what the
  official images of the tool set in their environment (`IMAGE_ENV`), which a Dockerfile
  does not show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.run_state import Mount, env_known, truthy
from dockerlint_ml.facts.shell import SimpleCommand

# The build user's home as the hints spell it: BuildKit runs RUN as root unless USER says
# otherwise, and a mount target takes no `~`.
HOME = "/root"

# What the official images of a tool set in their configuration (their Dockerfiles on
# github.com/docker-library), read when the Dockerfile itself does not set the variable:
# image name -> ((variable, value), ...).
IMAGE_ENV: dict[str, tuple[tuple[str, str], ...]] = {
    "rust": (("CARGO_HOME", "/usr/local/cargo"),),
    "golang": (("GOPATH", "/go"),),
    "ruby": (("GEM_HOME", "/usr/local/bundle"),),
    "composer": (("COMPOSER_HOME", "/tmp"),),
}


@dataclass(frozen=True, slots=True)
class Cache:
    """One directory a tool downloads into."""

    home: str | None  # the default, below the home directory: ".cargo/registry"; None: varies
    named: str  # how a hint names a mount on it where its place is not known
    env: tuple[tuple[str, str], ...] = ()  # (variable, suffix): where the variable moves it
    # (option, suffix): command options whose value (with the suffix) is the directory
    options: tuple[tuple[str, str], ...] = ()


# A tool's reading of one command's arguments (after the program): the action it runs, as
# the message spells it (`cargo build`), when that action downloads; None when it does not.
Downloads = Callable[[str, Sequence[str]], "str | None"]


@dataclass(frozen=True, slots=True)
class Tool:
    label: str  # what the message calls the cache: "cargo's registry"
    programs: frozenset[str]  # command base names
    downloads: Downloads
    caches: tuple[Cache, ...]
    fragments: tuple[str, ...]  # text in a mount's target that names the cache
    ids: tuple[str, ...]  # text in a cache mount's `id` that names the tool
    offline_env: tuple[str, ...] = ()  # variables whose true value means no download
    # Programs that run the tool as their first argument (`php composer.phar install`).
    launchers: frozenset[str] = frozenset()
    note: str = ""  # said after the mounts in the hint


def operands(args: Sequence[str], valued: frozenset[str]) -> list[str]:
    """The words of `args` that are not options or option values: `valued` lists the
    options that take the next word as their value (unless written `--opt=value`)."""
    found: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-") and arg != "-":
            skip = arg in valued
        elif not arg.startswith("+"):  # cargo's `+nightly` toolchain
            found.append(arg)
    return found


def action_of(
    program: str,
    args: Sequence[str],
    valued: frozenset[str],
    actions: frozenset[str],
    offline: frozenset[str] = frozenset(),
) -> str | None:
    """`program action` when the first operand is one of `actions` and no option of
    `offline` (matched by name, `--x` or `--x=v`) is given."""
    if any(arg.split("=", 1)[0] in offline for arg in args):
        return None
    words = operands(args, valued)
    if words and words[0] in actions:
        return f"{program} {words[0]}"
    return None


class CacheMountRule(Rule):
    """A RUN runs a download of `tool` with no cache or tmpfs mount on its cache."""

    tool: ClassVar[Tool]
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        tool = self.tool
        stage = ctx.stage(instruction)
        mounts: list[Mount] | None = None
        for cmd in ctx.commands(instruction):
            spelled = self._downloads(cmd)
            if spelled is None or _offline(ctx, stage, instruction, cmd, tool):
                continue
            if mounts is None:
                mounts = [m for m in ctx.mounts(instruction) if m.keeps_out_of_layer]
            places = [_place(ctx, stage, instruction, cmd, cache) for cache in tool.caches]
            if mounts and (None in places or any(_holds(m, tool, places) for m in mounts)):
                continue
            targets = " ".join(
                f"`--mount=type=cache,target={p}`" if p is not None else cache.named
                for p, cache in zip(places, tool.caches, strict=True)
            )
            yield self.finding(
                instruction,
                f"`{spelled}` runs without a BuildKit cache mount for {tool.label}.",
                fix=f"Add {targets} to the RUN{tool.note}, so that each build reuses the"
                " downloads.",
            )
            return

    def _downloads(self, cmd: SimpleCommand) -> str | None:
        tool = self.tool
        argv = cmd.argv
        if cmd.name in tool.launchers and len(argv) > 1:
            argv = argv[1:]
        if not argv:
            return None
        program = argv[0].rsplit("/", 1)[-1]
        if program not in tool.programs:
            return None
        return tool.downloads(program, argv[1:])


def _offline(
    ctx: Context, stage: Stage | None, instruction: Instruction, cmd: SimpleCommand, tool: Tool
) -> bool:
    return any(
        truthy(env_known(ctx.dockerfile, stage, instruction, cmd, name))
        for name in tool.offline_env
    )


def _place(
    ctx: Context,
    stage: Stage | None,
    instruction: Instruction,
    cmd: SimpleCommand,
    cache: Cache,
) -> str | None:
    """Where this command keeps `cache`: an option's value, else the first variable set
    (by the command, ENV, ARG, or the official image), else the default below the home
    directory; None when that is not known (a variable in it, or no fixed default)."""
    for option, suffix in cache.options:
        values = _option_values(cmd, option)
        if values:
            return None if "$" in values[-1] else _clean(values[-1]) + suffix
    image = None if stage is None else ctx.dockerfile.root_image(stage)
    image_env = dict(IMAGE_ENV.get(image.name, ())) if image is not None else {}
    for name, suffix in cache.env:
        value = env_known(ctx.dockerfile, stage, instruction, cmd, name)
        if value is None:
            value = image_env.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or "$" in value:
            return None
        return _clean(value) + suffix
    return None if cache.home is None else f"{HOME}/{cache.home}"


def _option_values(cmd: SimpleCommand, name: str) -> list[str]:
    """Values of the option `name`; a name ending in `=` is a prefix of one word
    (`-Dmaven.repo.local=`), the others are read as `SimpleCommand.option_values` does."""
    if name.endswith("="):
        return [arg[len(name) :] for arg in cmd.args if arg.startswith(name)]
    return cmd.option_values(name)


def _clean(path: str) -> str:
    """A directory as written, without a trailing `/`."""
    return path.rstrip("/") or "/"


def _within(path: str, directory: str) -> bool:
    return path == directory or directory == "/" or path.startswith(directory + "/")


def _holds(mount: Mount, tool: Tool, places: Sequence[str | None]) -> bool:
    """Whether a cache or tmpfs mount is on the tool's cache (or may be: a target that is
    not known): its target is a cache directory, a parent or a part of one, or has one of
    the tool's fragments in it, or its `id` names the tool."""
    if "target" in mount.unknown:
        return True
    named = (mount.id or "").lower()
    if any(word in named for word in tool.ids):
        return True
    if mount.target is None:
        return False
    target = _clean(mount.target)
    if any(fragment in target.lower() for fragment in tool.fragments):
        return True
    return any(p is not None and (_within(p, target) or _within(target, p)) for p in places)

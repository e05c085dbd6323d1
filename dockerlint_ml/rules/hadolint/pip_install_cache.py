"""DL3042 pip-install-cache."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Dockerfile,
    Finding,
    Fix,
    Instruction,
    Severity,
    Span,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.installers import Install
from dockerlint_ml.facts.packages import package_command
from dockerlint_ml.facts.run_state import Mount, env_known
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.rules.hadolint._layer_cache import clean, mount_holds, within

# Where pip keeps its cache when nothing says otherwise: `~/.cache/pip`, as the words of a
# RUN spell the home directory (root's, the build's default user).
_HOMES = ("~", "$HOME", "${HOME}", "/root")
# Text by which an instruction may read or name pip's cache (`COPY --from=build
# /root/.cache/pip ...`, `--find-links ~/.cache/pip/wheels`, `pip cache list`): where the
# file has any, disabling the cache may take away what it reads, and the fix is unsafe.
_CACHE_MENTIONS = (".cache", "PIP_CACHE_DIR", "XDG_CACHE_HOME", "pip cache", "pip3 cache")


class PipInstallCache(Rule):
    """`pip install` runs with its download cache on, so the cache is stored in the image layer.

    A RUN is reported once (at the first such command when it can be located in the
    source) when it runs `pip install` (`pip`, `pip3`,
    `pip3.11`, any path to them, `python -m pip`, `python$V -m pip`, also behind `sudo`,
    `env` or `sh -c`; `pipx`, `pipenv`, `uv pip` and `pip-sync` are other tools) and none
    of these keeps the cache out of the layer:

    - `--no-cache-dir` on the command;
    - `PIP_NO_CACHE_DIR` set for the command to any value (ENV in the stage or a stage it
      is built on, ARG, `PIP_NO_CACHE_DIR=1 pip ...`, an earlier `export`); pip disables
      its cache for every value it accepts, `0` and `false` included, and rejects the
      others. A value that is not known (`$X`) is not judged;
    - a `--mount=type=cache` or `type=tmpfs` whose target holds pip's cache directory:
      the command's `--cache-dir`, else its `PIP_CACHE_DIR`, else `$XDG_CACHE_HOME/pip`,
      else pip's default `~/.cache/pip` (a target that is it or a parent, such as
      `/root/.cache`, or any target with `.cache/pip` in it); or a cache mount whose `id`
      names pip. Variables in the mount are resolved through the stage; a cache mount
      whose target is not known is not judged;
    - the same RUN deletes the cache after the install (`rm -rf /root/.cache/pip`,
      `rm -rf ~/.cache`, `pip cache purge`).

    Checked inside ONBUILD too.

    ## Why is this bad?

    pip keeps every wheel it downloads or builds under `~/.cache/pip`. In an image that
    cache is dead weight (often hundreds of megabytes for `torch` and friends): the layer
    keeps it even if a later RUN deletes it, and nothing in the container reuses it.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    ```

    A BuildKit cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`.

    ## Differences from hadolint

    - The cache-mount exemption follows where pip writes: `PIP_CACHE_DIR` or
      `--cache-dir` as the mount's target (`target=${PIP_CACHE_DIR}`, resolved through
      ENV and ARG), a parent such as `/root/.cache`, or a cache mount whose `id` names
      pip; hadolint only matches `.cache/pip` in the target text (PEERS.md, not-to-copy 8).
    - `PIP_NO_CACHE_DIR` is read as pip reads it: any value turns the cache off (`=0` and
      `=false` too, for backwards compatibility in pip), an ARG counts, and the value is
      the one the command sees (not a text search of the RUN: an `echo PIP_NO_CACHE_DIR=1`
      or a comment does not exempt, `="1"` does).
    - pip is recognised as facts.installers does: by name under any path
      (`/opt/venv/bin/pip`), behind `sudo`, `env`, `sh -c`, `python$V -m pip`; only
      `pip install` (not `pip list install`). hadolint matches a command name starting
      with `pip` and any `install` argument.
    - A RUN that removes pip's cache after installing is not reported.
    - `--no-cache` and the other abbreviations pip accepts for `--no-cache-dir` (from
      `--no-ca` on) count; hadolint matches the full spelling only.

    ## Fix

    `--no-cache-dir` is inserted right after `pip install`. pip then installs the same
    packages, only without writing (or reading) `~/.cache/pip`: what changes is the cache
    the rule asks to be gone, and, within the RUN, a later pip downloading again what it
    would have found there. Safe when the cache is pip's default one and nothing in the
    file names a cache (`.cache`, `PIP_CACHE_DIR`, `XDG_CACHE_HOME`, `pip cache`: a
    `COPY --from` of the wheels, a `--find-links` into them); unsafe when something does,
    or when `PIP_CACHE_DIR` or `XDG_CACHE_HOME` chose the place. Not offered with a
    `--cache-dir` on the command (a chosen cache, and a later `--cache-dir` would win over
    the flag), nor when the command cannot be located (a `sh -c` string, a heredoc).

    ## References

    - hadolint DL3042: https://github.com/hadolint/hadolint/wiki/DL3042
    - pip's `--no-cache-dir` and `PIP_NO_CACHE_DIR` (any valid value disables the cache,
      `_handle_no_cache_dir` in pip/_internal/cli/cmdoptions.py):
      https://pip.pypa.io/en/stable/topics/caching/
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3042"
    name = "pip-install-cache"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    onbuild = True
    fixable = "mixed"

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        # Per file: whether an instruction names a cache (asked once, if a fix is made).
        self._file: Dockerfile | None = None
        self._mentions = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        installs = [i for i in ctx.installs(instruction) if i.tool == "pip"]
        installs = [i for i in installs if i.action == "install"]
        if not installs:
            return
        stage = ctx.stage(instruction)
        mounts = [m for m in ctx.mounts(instruction) if m.keeps_out_of_layer]
        removals = _Removals(ctx.commands(instruction))
        for inst in installs:
            cmd = inst.command
            if any(_no_cache_dir(arg) for arg in cmd.args):
                continue
            if env_known(ctx.dockerfile, stage, instruction, cmd, "PIP_NO_CACHE_DIR") not in (
                None,
                "",
            ):
                continue  # any value turns the cache off; an unknown one is not judged
            cache = _cache_dirs(ctx, stage, instruction, cmd)
            if cache is None or any(_holds(m, *cache) for m in mounts):
                continue
            if removals.after(cmd, cache[0]):
                continue
            at: Span | None = None
            autofix = None
            package = package_command(cmd)
            found = None
            if package is not None and not cmd.option_values("--cache-dir"):
                found = ctx.after_subcommand(instruction, package, "--no-cache-dir")
            if found is not None:
                at, edit = found
                safe = cache[1] and not self._names_cache(ctx.dockerfile)
                autofix = Fix("Add --no-cache-dir", SAFE if safe else UNSAFE, (edit,))
            yield self.finding(
                instruction,
                f"`{_spelled(inst)}` keeps pip's download cache in the image layer.",
                fix="Add `--no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`), or use"
                " `RUN --mount=type=cache,target=/root/.cache/pip`.",
                at=at,
                autofix=autofix,
            )
            return

    def _names_cache(self, dockerfile: Dockerfile) -> bool:
        """Whether an instruction of the file names a cache (_CACHE_MENTIONS): read once."""
        if self._file is not dockerfile:
            self._file = dockerfile
            self._mentions = any(
                mention in text
                for ins in dockerfile.instructions
                for text in (ins.value, *(h.body for h in ins.heredocs))
                for mention in _CACHE_MENTIONS
            )
        return self._mentions


def _no_cache_dir(arg: str) -> bool:
    """`--no-cache-dir`, or an abbreviation pip accepts for it: pip's option parser takes
    any unambiguous prefix of a long option, and from `--no-ca` on no other install option
    starts the same way (`--no-c` could be `--no-color` or `--no-compile`)."""
    name = arg.split("=", 1)[0]
    return len(name) >= len("--no-ca") and "--no-cache-dir".startswith(name)


def _spelled(inst: Install) -> str:
    """`pip3 install`, `python3 -m pip install`: how the RUN calls it."""
    cmd = inst.command
    if cmd.wrappers and cmd.wrappers[-1] == "python -m":
        return "python -m pip install"
    return f"{cmd.name} install"


def _cache_dirs(
    ctx: Context, stage: Stage | None, instruction: Instruction, cmd: SimpleCommand
) -> tuple[list[str], bool] | None:
    """Where this pip writes its cache, as paths (the default as one per spelling of the
    home directory), and whether that is pip's default; None when it is not known (a `$X`
    in `--cache-dir` or PIP_CACHE_DIR)."""
    values = cmd.option_values("--cache-dir")
    if values:
        where = values[-1]
        return None if "$" in where else ([clean(where)], False)
    for name, below in (("PIP_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/pip")):
        setting = env_known(ctx.dockerfile, stage, instruction, cmd, name)
        if setting is None or setting == "":
            continue
        if not isinstance(setting, str) or "$" in setting:
            return None
        return [clean(setting) + below], False
    return [f"{home}/.cache/pip" for home in _HOMES], True


def _holds(mount: Mount, cache: Sequence[str], default: bool) -> bool:
    """Whether a cache or tmpfs mount keeps pip's cache out of the layer (or may: a target
    that is not known). Where the cache is pip's default, in a home directory this rule
    cannot name, any target with `.cache/pip` in it is taken for it."""
    return mount_holds(mount, "pip", cache, (".cache/pip",) if default else ())


class _Removals:
    """The commands of a RUN that delete a cache (`rm -r` of a directory, `pip cache
    purge`), read once, so that asking for each of many installs stays linear."""

    # Distinct cache locations answered per RUN; past this, an install is not exempted.
    LIMIT = 16

    def __init__(self, commands: Sequence[SimpleCommand]) -> None:
        self._commands = commands
        self._position: dict[int, int] | None = None
        self._removals: list[tuple[int, SimpleCommand]] | None = None
        self._last: dict[tuple[str, ...], int] = {}

    def after(self, install: SimpleCommand, cache: Sequence[str]) -> bool:
        """Whether a command after `install` deletes one of the `cache` paths."""
        if self._position is None:
            self._position = {id(c): i for i, c in enumerate(self._commands)}
            self._removals = [(i, c) for i, c in enumerate(self._commands) if _removes(c)]
        assert self._removals is not None
        if not self._removals:
            return False
        where = self._position.get(id(install))
        key = tuple(cache)
        if where is None or (key not in self._last and len(self._last) >= self.LIMIT):
            return False
        if key not in self._last:
            self._last[key] = max((i for i, c in self._removals if _deletes(c, key)), default=-1)
        return self._last[key] > where


def _removes(cmd: SimpleCommand) -> bool:
    return cmd.name == "rm" or _purges(cmd)


def _purges(cmd: SimpleCommand) -> bool:
    return cmd.name.startswith("pip") and cmd.argv[1:3] in (("cache", "purge"), ("cache", "remove"))


def _deletes(cmd: SimpleCommand, cache: Sequence[str]) -> bool:
    """Whether `cmd` deletes one of the `cache` paths (or empties pip's cache)."""
    if _purges(cmd):
        return True
    return any(
        within(path, clean(arg))
        for arg in cmd.args
        if arg.startswith(("/", "~", "$"))
        for path in cache
    )

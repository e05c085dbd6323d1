"""DL3060 yarn-install-cache."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import PackageCommand
from dockerlint_ml.facts.run_state import env_known
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.rules.hadolint._layer_cache import (
    clean,
    mount_holds,
    rm_args_after,
    ships,
    within,
)

# yarn commands that download packages into its cache.
_FILLS = frozenset({"install", "add", "global-add"})
# Where yarn keeps its cache when nothing says otherwise: Yarn 1 as root (the build's
# default user) and in a home directory; Yarn 2+ in its global folder.
_HOMES = ("~", "$HOME", "${HOME}", "/root")
_DEFAULTS = (
    "/usr/local/share/.cache/yarn",
    *(f"{home}/.cache/yarn" for home in _HOMES),
    *(f"{home}/.yarn/berry/cache" for home in _HOMES),
)
# Fragments that name yarn's default cache under a home this rule cannot name.
_FRAGMENTS = (".cache/yarn", ".yarn/berry", ".yarn/cache")


class YarnInstallCache(Rule):
    """`yarn install` leaves yarn's download cache in the image layer.

    A RUN is reported once, on its first line, when it runs `yarn install` (also a bare
    `yarn`, `yarn add` and `yarn global add`; behind `sudo`, in `sh -c "..."` or a
    heredoc script) and nothing keeps the cache out of the layer:

    - `yarn cache clean` after the install in the same RUN;
    - an `rm` after the install of the cache directory or a parent (the command's
      `--cache-folder`, else `YARN_CACHE_FOLDER`, else yarn's default:
      `/usr/local/share/.cache/yarn` for root, `~/.cache/yarn`, `~/.yarn/berry/cache`);
    - a `--mount=type=cache` or `type=tmpfs` whose target holds that directory (or, for
      the default, any target with `.cache/yarn` or `.yarn/berry` in it), or a cache
      mount whose `id` names yarn; variables in the mount are resolved through the stage,
      and a target or cache folder that is not known is not judged.

    Only stages whose layers reach the final image are checked: the last stage and the
    stages it is built on (`FROM <stage>`); ONBUILD RUN is always checked.

    ## Why is this bad?

    yarn keeps a copy of every package it downloads in its cache, often as large as
    `node_modules` itself. In an image that copy is dead weight: nothing in the container
    reuses it, and a later RUN that deletes it cannot shrink the earlier layer.

    ## Example

    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile
    ```

    ## Use instead

    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile && yarn cache clean
    ```

    A BuildKit cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install`.

    ## Differences from hadolint

    - Removing the cache directory (`rm -rf /usr/local/share/.cache/yarn`, or the
      `--cache-folder` given) keeps it out of the layer: no finding (hadolint wants
      `yarn cache clean`).
    - The cache-mount exemption follows where yarn writes: `--cache-folder`,
      `YARN_CACHE_FOLDER`, a parent of the cache, Yarn 2+'s `~/.yarn/berry`, a cache mount
      whose `id` names yarn, and a target given through ARG or ENV are read; hadolint
      (which has the exemption since commit b2dd2e7, in 2.15.1) matches the text
      `.cache/yarn` in the target only.
    - A bare `yarn`, `yarn add` and `yarn global add` fill the cache too: reported.
    - A stage is checked when the final image is built on it; hadolint also checks a
      stage that only a discarded build stage is built on.
    - `sudo yarn` and `sh -c "yarn install"` run yarn just the same: reported.

    ## References

    - hadolint DL3060: https://github.com/hadolint/hadolint/wiki/DL3060
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3060Spec.hs
    - yarn cache (`yarn cache clean`, `YARN_CACHE_FOLDER`, `--cache-folder`):
      https://classic.yarnpkg.com/en/docs/cli/cache
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3060"
    name = "yarn-install-cache"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset({"yarn"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        installs = [
            c for c in ctx.packages(instruction) if c.manager == "yarn" and c.action in _FILLS
        ]
        if not installs:
            return
        if not ships(ctx, instruction):
            return
        stage = ctx.stage(instruction)
        mounts = [m for m in ctx.mounts(instruction) if m.keeps_out_of_layer]
        commands = ctx.commands(instruction)
        position = {id(c): i for i, c in enumerate(commands)}
        cleaned = _last_clean(commands)
        for install in installs:
            where = position.get(id(install.command), -1)
            if cleaned > where:
                continue
            cache = _cache_dirs(ctx, stage, instruction, install)
            if cache is None:
                continue
            paths, default = cache
            if any(mount_holds(m, "yarn", paths, _FRAGMENTS if default else ()) for m in mounts):
                continue
            if _removed_after(commands, where, paths, default):
                continue
            yield self.finding(
                instruction,
                f"`yarn {install.action.replace('-', ' ')}` leaves yarn's download cache in"
                " the image layer.",
                fix="End the RUN with `&& yarn cache clean`, or use"
                " `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`.",
            )
            return


def _last_clean(commands: Sequence[SimpleCommand]) -> int:
    """The position of the RUN's last `yarn cache clean`, or -1."""
    found = -1
    for i, cmd in enumerate(commands):
        if cmd.name == "yarn" and cmd.args[:2] == ("cache", "clean"):
            found = i
    return found


def _cache_dirs(
    ctx: Context, stage: Stage | None, instruction: Instruction, install: PackageCommand
) -> tuple[tuple[str, ...], bool] | None:
    """Where this yarn writes its cache, and whether that is yarn's default; None when it
    is not known (a `$X` in `--cache-folder` or YARN_CACHE_FOLDER)."""
    given = install.values("--cache-folder")
    if given:
        return None if "$" in given[-1] else ((clean(given[-1]),), False)
    setting = env_known(ctx.dockerfile, stage, instruction, install.command, "YARN_CACHE_FOLDER")
    if setting is not None and setting != "":
        if not isinstance(setting, str) or "$" in setting:
            return None
        return (clean(setting),), False
    return _DEFAULTS, True


def _removed_after(
    commands: Sequence[SimpleCommand], start: int, paths: Sequence[str], default: bool
) -> bool:
    """Whether an `rm` after position `start` deletes the cache, its contents or a parent
    (`rm -rf "$(yarn cache dir)"` included)."""
    for arg in rm_args_after(commands, start):
        if "yarn cache dir" in arg:
            return True
        if not arg.startswith(("/", "~", "$")):
            continue
        target = clean(arg)
        if default and any(fragment in target for fragment in _FRAGMENTS):
            return True
        if any(within(path, target) for path in paths):
            return True
    return False

"""DL3019 apk-add-cache."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import DRY_RUN
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.rules.hadolint._layer_cache import (
    clean,
    mount_holds,
    rm_args_after,
    ships,
    within,
)

# Where apk keeps its indexes and packages: `/etc/apk/cache` when it exists (a link to the
# cache, or a mounted directory), else `/var/cache/apk`.
_CACHES = ("/var/cache/apk", "/etc/apk/cache")
# Options with which an add leaves nothing in the cache: `--no-cache`, an add that fetches
# nothing (`--no-network`: packages and index already there), a simulated add.
_NOTHING_CACHED = frozenset({"--no-cache", "--no-network", *DRY_RUN})


class ApkAddCache(Rule):
    """`apk add` runs without `--no-cache`, so the package index it fetched stays in the layer.

    A RUN is reported once, on its first line, when one of its `apk add` commands (also
    behind `sudo`, in `sh -c "..."` or a heredoc script) has no `--no-cache` (before or
    after `add`) and nothing else keeps apk's cache out of the image:

    - a `--mount=type=cache` or `type=tmpfs` whose target holds the cache directory
      (`/var/cache/apk`, `/etc/apk/cache`, a parent such as `/var/cache`, or the
      command's `--cache-dir`), or a cache mount whose `id` names apk; variables in the
      mount are resolved through the stage, and a target that is not known is not judged;
    - an `rm` after the install, in the same RUN, of the cache directory, its contents
      or a parent (`rm -rf /var/cache/apk/*`).

    An add that downloads nothing (`--no-network`) or only simulates (`-s`, `--simulate`)
    is not reported. Only stages whose layers reach
    the final image are checked: the last stage and the stages it is built on
    (`FROM <stage>`); ONBUILD RUN is always checked.

    ## Why is this bad?

    Without `--no-cache`, apk stores the repository indexes it downloaded (a few
    megabytes per repository, and with `--update` a fresh copy on every build) under
    `/var/cache/apk`. They ship in the layer, nothing in the container needs them, and a
    later RUN that deletes them cannot shrink the earlier layer. `--no-cache` fetches
    the index to a temporary place and also makes a separate `apk update` unnecessary.

    ## Example

    ```dockerfile
    FROM alpine:3.20
    RUN apk add --update curl
    ```

    ## Use instead

    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    A BuildKit cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/var/cache/apk apk add --update curl`.

    ## Differences from hadolint

    - Removing the cache in the same RUN (`&& rm -rf /var/cache/apk/*`) keeps it out of
      the layer: no finding (hadolint reports it).
    - The cache-mount exemption follows where apk writes: a parent of the cache
      (`target=/var/cache`), `/etc/apk/cache`, the command's `--cache-dir`, a cache
      mount whose `id` names apk, and a target given through ARG or ENV are read;
      hadolint (which has the exemption since commit b2dd2e7, in 2.15.1) matches the
      text `/var/cache/apk` in the target only.
    - A build stage whose layers do not reach the final image is not checked (hadolint
      checks every stage).
    - `apk add --no-network` fetches nothing and `apk add -s` only simulates: no finding
      (the official redis image's `apk add --no-network --virtual .redis-rundeps`).
    - `sudo apk`, `/sbin/apk` and `sh -c "apk add ..."` run apk just the same: reported
      (hadolint reads only a command written exactly `apk`).

    ## References

    - hadolint DL3019: https://github.com/hadolint/hadolint/wiki/DL3019
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3019Spec.hs
    - apk's `--no-cache` and its cache directory:
      https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3019"
    name = "apk-add-cache"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = frozenset({"apk"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        adds = [
            c
            for c in ctx.packages(instruction)
            if c.manager == "apk" and c.action == "add" and not c.has(*_NOTHING_CACHED)
        ]
        if not adds:
            return
        if not ships(ctx, instruction):
            return
        mounts = [m for m in ctx.mounts(instruction) if m.keeps_out_of_layer]
        commands = ctx.commands(instruction)
        position = {id(c): i for i, c in enumerate(commands)}
        for add in adds:
            given = add.values("--cache-dir")
            if given and "$" in given[-1]:
                continue  # a cache directory that is not known is not judged
            caches = (clean(given[-1]),) if given else _CACHES
            if any(mount_holds(m, "apk", caches) for m in mounts):
                continue
            if _removed_after(commands, position.get(id(add.command), -1), caches[0]):
                continue
            yield self.finding(
                instruction,
                "`apk add` without `--no-cache` leaves the package index in the image layer.",
                fix="Use `apk add --no-cache ...` (no `apk update` needed), or"
                " `RUN --mount=type=cache,target=/var/cache/apk`.",
            )
            return


def _removed_after(commands: Sequence[SimpleCommand], start: int, cache: str) -> bool:
    """Whether an `rm` after position `start` deletes the cache, its contents or a parent
    (by default `/var/cache/apk`: `/etc/apk/cache` is the cache only where it exists)."""
    return any(
        arg.startswith("/") and within(cache, clean(arg)) for arg in rm_args_after(commands, start)
    )

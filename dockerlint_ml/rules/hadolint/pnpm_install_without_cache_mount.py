"""DL3075 pnpm-install-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# pnpm's options that take the next word as their value.
_VALUED = frozenset({"-C", "--dir", "-F", "--filter", "--store-dir", "--reporter"})
# Commands that download packages into the store (with their aliases).
_FETCHING = frozenset(
    {"install", "i", "add", "fetch", "update", "up", "upgrade", "install-test", "it"}
    | {"dlx", "deploy"}
)


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if "--offline" in args:
        return None
    words = operands(args, _VALUED)
    return f"pnpm {words[0]}" if words and words[0] in _FETCHING else None


PNPM = Tool(
    label="pnpm's store",
    programs=frozenset({"pnpm"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".local/share/pnpm/store",
            "a cache mount on the store (`pnpm store path`)",
            env=(
                ("npm_config_store_dir", ""),
                ("PNPM_HOME", "/store"),
                ("XDG_DATA_HOME", "/pnpm/store"),
            ),
            options=(("--store-dir", ""),),
        ),
    ),
    fragments=("pnpm",),
    ids=("pnpm",),
    launchers=frozenset({"corepack"}),
)


class PnpmInstallWithoutCacheMount(CacheMountRule):
    """A RUN installs Node packages with pnpm and no cache mount on pnpm's store.

    A RUN is reported once, on its first line, when one of its commands is a pnpm command
    that downloads packages (`install`, `add`, `fetch`, `update`, `install-test`, `dlx`,
    `deploy` and their aliases; also `corepack pnpm ...`), without `--offline`, and no
    `--mount=type=cache` or `type=tmpfs` of the RUN is on pnpm's store (`--store-dir`,
    else `npm_config_store_dir`, else `$PNPM_HOME/store`, else
    `$XDG_DATA_HOME/pnpm/store`, else `/root/.local/share/pnpm/store`): a mount on it, a
    parent or a part of it, any target or cache `id` with `pnpm` in it. A mount whose
    target is not known is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    pnpm downloads every package into its content-addressed store and links them into
    `node_modules`. Without a cache mount the store starts empty on every rebuild of the
    layer, and it stays in the image next to `node_modules`.

    ## Example

    ```dockerfile
    FROM node:22-slim
    RUN corepack enable
    WORKDIR /app
    COPY package.json pnpm-lock.yaml ./
    RUN pnpm install --frozen-lockfile
    ```

    ## Use instead

    ```dockerfile
    FROM node:22-slim
    ENV PNPM_HOME=/pnpm
    RUN corepack enable
    WORKDIR /app
    COPY package.json pnpm-lock.yaml ./
    RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile
    ```

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing. Select `DL3075` to enforce it.

    ## Differences from hadolint

    - The command is read: hadolint reports `pnpm` with `install`, `add`, `fetch` or `i`
      anywhere in its words (`pnpm run i`), and not `pnpm update`, `dlx` or `deploy`.
    - `--offline` is not reported.
    - The store is found where pnpm puts it (`--store-dir`, `PNPM_HOME`,
      `XDG_DATA_HOME`); a cache `id` naming pnpm counts (hadolint: `pnpm` in the target
      only); a target that is not known is not judged.

    ## References

    - hadolint DL3075: https://github.com/hadolint/hadolint/wiki/DL3075
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3075Spec.hs
    - pnpm's `storeDir` and its defaults: https://pnpm.io/settings#storedir
    - pnpm in Docker with a cache mount: https://pnpm.io/docker
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3075"
    name = "pnpm-install-without-cache-mount"
    commands = frozenset({"pnpm", "corepack"})
    tool = PNPM

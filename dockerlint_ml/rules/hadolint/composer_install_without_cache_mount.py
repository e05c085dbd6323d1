"""DL3073 composer-install-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# Composer's options that take the next word as their value.
_VALUED = frozenset({"-d", "--working-dir"})
# Commands that download packages (with the short names Composer accepts for them).
_FETCHING = frozenset(
    {"install", "i", "update", "u", "upgrade", "require", "r", "create-project", "reinstall"}
)


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if "--no-cache" in args:
        return None  # the author chose to run without a cache
    words = operands(args, _VALUED)
    if words[:1] == ["global"]:
        words = words[1:]
    return f"composer {words[0]}" if words and words[0] in _FETCHING else None


COMPOSER = Tool(
    label="Composer's cache",
    programs=frozenset({"composer", "composer.phar"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".composer/cache",
            "a cache mount on `$COMPOSER_CACHE_DIR`",
            env=(("COMPOSER_CACHE_DIR", ""), ("COMPOSER_HOME", "/cache")),
        ),
    ),
    fragments=("composer",),
    ids=("composer",),
    launchers=frozenset({"php"}),
    note=" (and `ENV COMPOSER_CACHE_DIR` to its target where Composer uses XDG paths)",
)


class ComposerInstallWithoutCacheMount(CacheMountRule):
    """A RUN installs PHP packages with Composer and no cache mount on Composer's cache.

    A RUN is reported once, on its first line, when one of its commands is a Composer
    command that downloads packages (`install`, `update`, `require`, `create-project`,
    `reinstall`, their short names, also after `global`), run as `composer`,
    `composer.phar` or `php composer.phar`, without `--no-cache`, and no
    `--mount=type=cache` or `type=tmpfs` of the RUN is on Composer's cache:
    `COMPOSER_CACHE_DIR`, else `$COMPOSER_HOME/cache` (`/tmp/cache` in the official
    `composer` image), else `/root/.composer/cache`; a mount on it, a parent or a part of
    it, any target or cache `id` with `composer` in it (this also covers
    `~/.cache/composer`, where Composer writes on an XDG system). A mount whose target is
    not known is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    Composer downloads every package archive into its cache and unpacks it into `vendor/`.
    Without a cache mount each rebuild of the layer downloads them all again, and the
    archives stay in the image next to the unpacked copy.

    ## Example

    ```dockerfile
    FROM composer:2
    WORKDIR /app
    COPY composer.json composer.lock ./
    RUN composer install --no-dev --no-scripts
    ```

    ## Use instead

    ```dockerfile
    FROM composer:2
    WORKDIR /app
    COPY composer.json composer.lock ./
    RUN --mount=type=cache,target=/tmp/cache composer install --no-dev --no-scripts
    ```

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing. Select `DL3073` to enforce it.

    ## Differences from hadolint

    - The command is read: hadolint reports `composer` with `install`, `update` or
      `require` anywhere in its words (`composer config repositories.x path install`), and
      not `composer create-project`, `php composer.phar install` or the short names.
    - `--no-cache` (no cache wanted) is not reported.
    - The cache is found where Composer puts it: `COMPOSER_CACHE_DIR` and `COMPOSER_HOME`
      resolved through the stage and the official `composer` image; any target or `id`
      naming Composer counts (hadolint: `.composer/cache` only, so it reports the
      `/tmp/cache` of the `composer` image); a target that is not known is not judged.

    ## References

    - hadolint DL3073: https://github.com/hadolint/hadolint/wiki/DL3073
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3073Spec.hs
    - Composer's `COMPOSER_HOME`, `COMPOSER_CACHE_DIR` and `cache-dir`:
      https://getcomposer.org/doc/03-cli.md#environment-variables and
      https://getcomposer.org/doc/06-config.md#cache-dir
    - The `composer` image's `COMPOSER_HOME=/tmp`: https://hub.docker.com/_/composer
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3073"
    name = "composer-install-without-cache-mount"
    commands = frozenset({"composer", "composer.phar", "php"})
    tool = COMPOSER

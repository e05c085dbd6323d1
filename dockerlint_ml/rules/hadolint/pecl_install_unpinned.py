"""DL3068 pecl-install-unpinned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._unpinned import UnpinnedInstall


class PeclInstallUnpinned(UnpinnedInstall):
    """`pecl install` installs an extension without a version.

    A package is pinned when a version follows its name after a dash (`redis-6.1.0`,
    `xdebug-3.3.2`, `redis-6`, `redis-${PHPREDIS_VERSION}`), also behind a channel
    (`pecl.php.net/redis-6.1.0`, `channel://pecl.php.net/redis-6.1.0`). A stability
    state instead of a version (`redis-beta`, `xdebug-alpha`, `redis-stable`) floats:
    reported. A release archive (`redis-6.1.0.tgz`), a `package.xml` descriptor and a URL
    are not package names, and a word an unresolved variable decides (`$EXTENSION`) is
    unknown, not unpinned: neither is reported. Every `pecl install` of the RUN is read,
    with pecl's options (the values of `-D`, `-R`, `-P` are not packages); one finding
    per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, pecl installs the newest stable release on the day of the build:
    two builds of one Dockerfile can compile different extension code, and a release that
    drops your PHP version breaks the build with no change to the Dockerfile.

    ## Example

    ```dockerfile
    FROM php:8.3-fpm
    RUN pecl install redis && docker-php-ext-enable redis
    ```

    ## Use instead

    ```dockerfile
    FROM php:8.3-fpm
    RUN pecl install redis-6.1.0 && docker-php-ext-enable redis
    ```

    ## Differences from hadolint

    DL3068 is newer than hadolint 2.15.1; compared with its spec at hadolint's master:

    - A word an unresolved variable decides (`pecl install $EXT`) is unknown, not
      unpinned: no finding.
    - The values of `-D` (configure options), `-R` and `-P` are not package words
      (`pecl install -D 'enable-redis-igbinary="yes"' redis-6.1.0` is pinned).
    - `sudo pecl` and `sh -c "pecl install ..."` run pecl just the same: reported.

    ## References

    - hadolint DL3068: https://github.com/hadolint/hadolint/wiki/DL3068
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3068Spec.hs
    - The PEAR installer's package forms (`channel/package-version`, states, archives):
      https://pear.php.net/manual/en/guide.users.commandline.installing.php
    """

    code = "DL3068"
    name = "pecl-install-unpinned"
    severity = Severity.WARNING
    commands = frozenset({"pecl"})
    manager = "pecl"

    def fix(self, first: str) -> str:
        return f"Pin each extension, e.g. `{first}-<version>`."

"""DL3036 zypper-cache-not-cleaned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import ZYPPER, CacheLeft


class ZypperCacheNotCleaned(CacheLeft):
    """A RUN installs with `zypper` and leaves zypper's cache in the image layer.

    A RUN is reported once, on its first line, when a `zypper` command that downloads
    metadata or packages (`install`/`in`, `source-install`, `patch`, `update`,
    `dist-upgrade`) has after it, in the same RUN, neither `zypper clean` (`cc`, with
    any options) nor an `rm` (or `find -delete`) of `/var/cache/zypp` or a parent (a
    `$VAR` path is taken to be one), and no `--mount=type=cache` or `type=tmpfs` holds
    that directory (a target not known is not judged).

    Only RUNs whose layers reach the final image are reported: those of the last stage
    and of the stages it is built on. A build stage that only gives files to others
    (`COPY --from`) is discarded with its cache. ONBUILD RUN is always checked.

    ## Why is this bad?

    zypper keeps downloaded packages and repository metadata under `/var/cache/zypp`.
    The layer keeps them even if a later RUN deletes them.

    ## Example

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install httpd=2.4.58
    ```

    ## Use instead

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install httpd=2.4.58 && zypper clean --all
    ```

    With BuildKit, a cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/var/cache/zypp zypper -n install httpd=2.4.58`.

    ## Differences from hadolint

    - A build stage whose layers never reach the final image is not reported (hadolint
      reports every stage; the complaint is its issue #929 about DL3032).
    - `rm -rf /var/cache/zypp` (or a parent) empties the cache: no finding.
    - A cache or tmpfs mount at a parent of `/var/cache/zypp` (`/var/cache`) keeps it
      out of the layer too; hadolint matches the text `/var/cache/zypp` in the target.
    - The clean must come after the last install: an install after the clean is
      reported. `zypper update`, `patch` and `dist-upgrade` fill the cache too.
    - `sudo zypper` and `sh -c "zypper ..."` run zypper: read.

    ## References

    - hadolint DL3036: https://github.com/hadolint/hadolint/wiki/DL3036
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3036Spec.hs
    - zypper(8), `clean` and its `--all`: https://en.opensuse.org/SDB:Zypper_manual
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3036"
    name = "zypper-cache-not-cleaned"
    severity = Severity.WARNING
    commands = frozenset({"zypper"})
    managers = ZYPPER

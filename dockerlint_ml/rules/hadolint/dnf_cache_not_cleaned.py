"""DL3040 dnf-cache-not-cleaned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import DNF, PROGRAMS, CacheLeft


class DnfCacheNotCleaned(CacheLeft):
    """A RUN installs with `dnf` or `microdnf` and leaves its cache in the image layer.

    A RUN is reported once, on its first line, when a `dnf` (`dnf5` too) or `microdnf`
    command that downloads metadata or packages (`install`, `group install`, `module
    install`, `localinstall`, `reinstall`, `update`, `upgrade`, `downgrade`,
    `distro-sync`, `swap`, `makecache`) has after it, in the same RUN, neither its
    tool's `clean all` (`yum clean all` counts for dnf: on RHEL 8 and later they are one
    program) nor an `rm` (or `find -delete`) of the cache directory or a parent
    (`/var/cache/dnf` for dnf 4, `/var/cache/libdnf5` for dnf 5, `/var/cache/yum` for
    microdnf, `/var/cache`; a `$VAR` path is taken to be one), and no
    `--mount=type=cache` or `type=tmpfs` holds one of those directories (a target not
    known is not judged). A RUN does not say which dnf it runs, so any of the three
    directories counts for every tool.

    A RUN that mixes `yum` with `dnf` or `microdnf` is reported here alone (not under
    DL3032), its yum commands read as dnf's: yum is dnf there (RHEL 8 and later, where
    it keeps its cache in `/var/cache/dnf` too), so the RUN has one cache and gets one
    finding.

    Only RUNs whose layers reach the final image are reported: those of the last stage
    and of the stages it is built on. A build stage that only gives files to others
    (`COPY --from`) is discarded with its cache. ONBUILD RUN is always checked.

    ## Why is this bad?

    dnf and microdnf keep the repository metadata they download (tens to hundreds of
    megabytes) in their cache directory. The layer keeps it even if a later RUN deletes
    it, and it is stale by the next build.

    ## Example

    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd-2.4.62
    ```

    ## Use instead

    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd-2.4.62 && dnf clean all
    ```

    With BuildKit, a cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62`.

    ## Differences from hadolint

    - A build stage whose layers never reach the final image is not reported (hadolint
      reports every stage; the complaint is its issue #929 about DL3032).
    - A cache or tmpfs mount over `/var/cache/dnf`, `/var/cache/yum`,
      `/var/cache/libdnf5` or a parent keeps the cache out of the layer; hadolint 2.15.1
      accepts `/var/cache/libdnf5` only.
    - Only `clean all` or an `rm` of a cache directory counts; hadolint also accepts
      `dnf clean packages`, which leaves the metadata, and any `rm -rf` (`rm -rf
      /tmp/x`). `yum clean all` after `dnf install` counts (hadolint: not).
    - The clean must come after the last install: an install after the clean is
      reported.
    - `dnf5`, `sudo dnf` and `sh -c "dnf ..."` run dnf: read.
    - A RUN that mixes dnf (or microdnf) with yum gets one finding, this rule's, and a
      yum install after `dnf clean all` there counts as dnf's (hadolint reports such a
      RUN under DL3032 too, and DL3032 alone for a yum install after `dnf clean all`).

    ## References

    - hadolint DL3040: https://github.com/hadolint/hadolint/wiki/DL3040
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3040Spec.hs
    - dnf `clean all` and `cachedir`: https://dnf.readthedocs.io/en/latest/command_ref.html
    - dnf 4's cache directory, /var/cache/dnf (yum on RHEL 8 and later is dnf 4):
      https://github.com/rpm-software-management/dnf, dnf/const.py.in (`SYSTEM_CACHEDIR`)
    - microdnf's cache directory, /var/cache/yum:
      https://github.com/rpm-software-management/microdnf, dnf/dnf-main.c
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3040"
    name = "dnf-cache-not-cleaned"
    severity = Severity.WARNING
    commands = PROGRAMS["dnf"]
    managers = DNF

"""DL3032 yum-cache-not-cleaned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import PROGRAMS, YUM, CacheLeft


class YumCacheNotCleaned(CacheLeft):
    """A RUN installs with `yum` and leaves yum's cache in the image layer.

    A RUN is reported once, on its first line, when a `yum` command that downloads
    metadata or packages (`install`, `groupinstall`, `localinstall`, `reinstall`,
    `update`, `upgrade`, `downgrade`, `distro-sync`, `swap`, `makecache`, `module
    install`) has after it, in the same RUN, neither `yum clean all` (or `dnf clean all`:
    on RHEL 8 and later yum is dnf) nor an `rm` (or `find -delete`) of the cache
    directory or a parent (`/var/cache/yum`, `/var/cache/dnf`, `/var/cache/libdnf5`,
    `/var/cache`; a `$VAR` path is taken to be one), and no `--mount=type=cache` or
    `type=tmpfs` holds that directory (a target not known is not judged).

    A RUN that also runs `dnf` or `microdnf` is left to DL3040: yum is dnf there (RHEL 8
    and later), the RUN has one cache, and it gets one finding. The cache-mount hint
    names `/var/cache/dnf` where yum is dnf 4: a base image of UBI 8 or later, Rocky
    Linux, AlmaLinux, CentOS Stream (or 8), Oracle Linux 8 or later, Amazon Linux 2023,
    or nvidia/cuda's ubi and rockylinux tags; `/var/cache/yum` (yum 3) on any other.

    Only RUNs whose layers reach the final image are reported: those of the last stage
    and of the stages it is built on. A build stage that only gives files to others
    (`COPY --from`) is discarded with its cache. ONBUILD RUN is always checked.

    ## Why is this bad?

    yum keeps the repository metadata it downloads (often over 100 MB) and, with
    `keepcache=1`, the packages under `/var/cache/yum`. The layer keeps them even if a
    later RUN deletes them, and they are stale by the next build.

    ## Example

    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6
    ```

    ## Use instead

    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6 && yum clean all && rm -rf /var/cache/yum
    ```

    With BuildKit, a cache mount keeps the cache between builds and out of the image:
    `RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6`.

    ## Differences from hadolint

    - A build stage whose layers never reach the final image is not reported (hadolint
      reports every stage, its issue #929): deleting a cache there saves nothing.
    - A cache or tmpfs mount over yum's cache directory keeps it out of the layer: no
      finding (hadolint 2.15.1 has no mount exemption for yum).
    - Only `yum clean all` (or `dnf clean all`) or an `rm` of the cache directory counts;
      hadolint also accepts `yum clean packages`, which leaves the metadata, and any
      `rm -rf` (`rm -rf /tmp/x`).
    - The clean must come after the last install: `yum clean all && yum install -y x` is
      reported, as is an install after the clean.
    - `yum update`, `upgrade` and `makecache` fill the cache as an install does.
    - `sudo yum` and `sh -c "yum ..."` run yum: read.
    - A RUN that mixes yum with dnf or microdnf is DL3040's alone (hadolint reports it
      under both codes).

    ## References

    - hadolint DL3032: https://github.com/hadolint/hadolint/wiki/DL3032
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3032Spec.hs
    - yum(8), `clean all`, and `cachedir` in yum.conf(5):
      https://man7.org/linux/man-pages/man8/yum.8.html
    - dnf 4's cache directory, /var/cache/dnf (yum on RHEL 8 and later is dnf 4):
      https://github.com/rpm-software-management/dnf, dnf/const.py.in (`SYSTEM_CACHEDIR`)
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3032"
    name = "yum-cache-not-cleaned"
    severity = Severity.WARNING
    commands = PROGRAMS["yum"]
    managers = YUM

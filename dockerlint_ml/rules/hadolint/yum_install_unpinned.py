"""DL3033 yum-install-unpinned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import PROGRAMS, YUM, Unpinned


class YumInstallUnpinned(Unpinned):
    """`yum install` installs a package without a version.

    A package word is pinned when it carries a version, read as rpm names read:
    `name-version` or `name-version-release`, the version being the dash-separated part
    that starts with a digit (`httpd-2.4.6`, `openssl-1:1.1.1k`, `gcc-c++-4.8.5`,
    `tomcat-9.0.1-1.el8.noarch`; `java-1.8.0-openjdk` is a name), or a comparison
    (`'httpd >= 2.4'`). `yum module install` wants `name:stream`. An `.rpm` file, a URL,
    a path, a group (`@core`, `groupinstall`, `group install`) and the values of yum's
    options (`--enablerepo x`, `--setopt k=v`) are not package names. A word an
    unresolved variable decides (`$PKGS`, `tomcat-$VERSION`) is unknown, never
    unpinned. One finding per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, yum installs whatever the repository holds on the day of the
    build, so two builds of one Dockerfile can differ, and a cached layer hides it.

    ## Example

    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Use instead

    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd-2.4.6 && yum clean all
    ```

    ## Off by default

    Distribution repositories drop superseded builds (Fedora and EPEL keep only the
    latest; CentOS mirrors were archived), so an exact pin fails the build at a random
    later date. Most images, the official ones among them, do not pin OS packages.
    Select the rule where you mirror the repositories or want every package pinned.

    ## Differences from hadolint

    - A word an unresolved variable decides (`yum install $PKGS`, `tomcat-$VERSION`) is
      unknown, not unpinned (PEERS.md "not to copy" 5; hadolint 2.15.1 reports both).
    - An `.rpm` file, a path or a URL is not a package name (hadolint 2.15.1 reports
      `/tmp/a.rpm` and `https://host/x.rpm`), nor is a group (`@core`, `yum group
      install "Development Tools"`).
    - The values of yum's options (`--enablerepo foo`, `--setopt k=v`, `-x pkg`) are not
      packages.
    - The version is the part that starts with a digit: `java-1.8.0-openjdk` is a
      package name, unpinned (hadolint takes it for pinned); a glob after a version
      (`nodejs-18*`) constrains it (hadolint: unpinned).
    - `sudo yum` and `sh -c "yum ..."` run yum: read.

    ## References

    - hadolint DL3033: https://github.com/hadolint/hadolint/wiki/DL3033
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3033Spec.hs
    - yum(8), "Specifying package names" (name-version-release, epoch):
      https://man7.org/linux/man-pages/man8/yum.8.html
    """

    code = "DL3033"
    name = "yum-install-unpinned"
    severity = Severity.WARNING
    commands = PROGRAMS["yum"]
    managers = YUM

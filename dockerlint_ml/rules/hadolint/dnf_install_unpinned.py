"""DL3041 dnf-install-unpinned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import DNF, PROGRAMS, Unpinned


class DnfInstallUnpinned(Unpinned):
    """`dnf install` or `microdnf install` installs a package without a version.

    A package word is pinned when it carries a version, read as rpm names read:
    `name-version` or `name-version-release`, the version being the dash-separated part
    that starts with a digit (`httpd-2.4.62`, `openssl-1:3.0.7`, `gcc-c++-11.4.1`;
    `java-17-openjdk` is a name), or a comparison (`'httpd >= 2.4'`). `module install`
    wants `name:stream`. An `.rpm` file, a URL, a path, a group (`@core`, `group
    install`) and the values of the tool's options (`--enablerepo x`, `--setopt k=v`)
    are not package names. A word an unresolved variable decides (`$PKGS`,
    `tomcat-$VERSION`) is unknown, never unpinned. `dnf5` is dnf. One finding per RUN,
    on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, dnf installs whatever the repository holds on the day of the
    build, so two builds of one Dockerfile can differ, and a cached layer hides it.

    ## Example

    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Use instead

    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd-2.4.62 && dnf clean all
    ```

    ## Off by default

    Fedora's and EPEL's repositories keep only the latest build of a package, so an
    exact pin fails the build as soon as an update is published; most images, the
    official ones among them, do not pin OS packages. Select the rule where you mirror
    the repositories or want every package pinned.

    ## Differences from hadolint

    - A word an unresolved variable decides (`dnf install $PKGS`) is unknown, not
      unpinned (PEERS.md "not to copy" 5; hadolint 2.15.1 also reports
      `"git-core-${GIT_VER}"`, which its later versions accept).
    - An `.rpm` file, a path or a URL is not a package name (hadolint 2.15.1 reports
      `/tmp/a.rpm`), nor is a group (`@development-tools`).
    - The values of dnf's options (`--setopt tsflags=nodocs`, `--enablerepo foo`) are
      not packages.
    - The version is the part that starts with a digit: `java-1.8.0-openjdk` is a
      package name, unpinned (hadolint takes it for pinned); a comparison
      (`'httpd >= 2.4'`) or a glob after a version (`nodejs-18*`) constrains it.
    - `dnf5`, `sudo dnf` and `sh -c "dnf ..."` run dnf: read.

    ## References

    - hadolint DL3041: https://github.com/hadolint/hadolint/wiki/DL3041
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3041Spec.hs
    - dnf, "Specifying Packages" (NEVRA forms, provides with versions):
      https://dnf.readthedocs.io/en/latest/command_ref.html#specifying-packages-label
    """

    code = "DL3041"
    name = "dnf-install-unpinned"
    severity = Severity.WARNING
    commands = PROGRAMS["dnf"]
    managers = DNF

"""DL3037 zypper-install-unpinned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import ZYPPER, Unpinned


class ZypperInstallUnpinned(Unpinned):
    """`zypper install` installs a package without a version.

    A package word is pinned when it carries a version: `name=version`, a comparison
    (`'name>=1.2'`, `'name < 2'`; quote `<` and `>`, or the shell reads a redirection),
    or `name-version[-release]` (the dash-separated part that starts with a digit). An
    `.rpm` file, a URL, a path, a pattern or other non-package type (`-t pattern`) and
    the values of zypper's options (`--from repo`, `-r repo`) are not package names. A
    word an unresolved variable decides (`$PKGS`) is unknown, never unpinned. One
    finding per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, zypper installs whatever the repository holds on the day of the
    build, so two builds of one Dockerfile can differ, and a cached layer hides it.

    ## Example

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install httpd && zypper clean --all
    ```

    ## Use instead

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install httpd=2.4.58 && zypper clean --all
    ```

    ## Off by default

    openSUSE's update repositories replace builds as fixes are published, and
    Tumbleweed keeps only the current snapshot, so an exact pin fails the build at a
    random later date; most images do not pin OS packages. Select the rule where you
    mirror the repositories or want every package pinned.

    ## Differences from hadolint

    - A word an unresolved variable decides (`zypper install $PKGS`) is unknown, not
      unpinned (PEERS.md "not to copy" 5).
    - `name-version` (`httpd-2.4.58`) names an edition as zypper reads it: pinned
      (hadolint wants `=`, `<` or `>`).
    - Patterns and other types (`-t pattern devel_basis`) and the values of options
      (`--from repo`) are not packages (hadolint reports `devel_basis` and `repo`).
    - `sudo zypper` and `sh -c "zypper ..."` run zypper: read.

    ## References

    - hadolint DL3037: https://github.com/hadolint/hadolint/wiki/DL3037
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3037Spec.hs
    - zypper(8), `install` and capability/edition syntax:
      https://en.opensuse.org/SDB:Zypper_manual
    """

    code = "DL3037"
    name = "zypper-install-unpinned"
    severity = Severity.WARNING
    commands = frozenset({"zypper"})
    managers = ZYPPER

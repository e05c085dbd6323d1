"""DL3034 zypper-missing-non-interactive."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import ZYPPER, MissingYes


class ZypperMissingNonInteractive(MissingYes):
    """`zypper` changes packages without `--non-interactive`, so the build stops at its prompt.

    A RUN is reported once, on its first line, when a `zypper` command that installs,
    updates or removes packages (`install`/`in`, `remove`/`rm`, `source-install`/`si`,
    `patch`, `update`/`up`, `dist-upgrade`/`dup`) has none of the global
    `-n`/`--non-interactive` and the command's `-y`/`--no-confirm` (each taken wherever
    it stands). zypper is read wherever the RUN runs it: chains, `sh -c "..."`, heredoc
    scripts, behind `sudo`, the exec form. Checked inside ONBUILD too.

    ## Why is this bad?

    zypper asks `Continue? [y/n/v/...? shows all options] (y)` before it changes the
    system, and a build has no one to answer: the step fails or waits. The global
    `--non-interactive` answers every question with its default; `-y` (`--no-confirm`)
    answers the install's confirmation.

    ## Example

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install httpd && zypper clean --all
    ```

    ## Use instead

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install httpd && zypper clean --all
    ```

    ## Differences from hadolint

    - `zypper update` and `zypper dist-upgrade` stop at the same prompt: reported
      (hadolint reads only install, remove, source-install and patch).
    - `sudo zypper`, `/usr/bin/zypper` and `sh -c "zypper ..."` run zypper: reported.

    ## References

    - hadolint DL3034: https://github.com/hadolint/hadolint/wiki/DL3034
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3034Spec.hs
    - zypper(8), global `--non-interactive` and `install --no-confirm`:
      https://en.opensuse.org/SDB:Zypper_manual
    """

    code = "DL3034"
    name = "zypper-missing-non-interactive"
    severity = Severity.WARNING
    managers = ZYPPER

"""DL3038 dnf-missing-yes."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import DNF, MissingYes


class DnfMissingYes(MissingYes):
    """`dnf` or `microdnf` changes packages without `-y`, so the build stops at its prompt.

    A RUN is reported once, on its first line, when a `dnf` (`dnf5` too) or `microdnf`
    command that installs, updates or removes packages (`install`, `group install`,
    `module install`, `localinstall`, `reinstall`, `update`, `upgrade`, `downgrade`,
    `remove`, `distro-sync`, `swap`, `autoremove`) has neither `-y` nor `--assumeyes`,
    before or after the action, nor `--setopt=assumeyes=...`. The tool is read wherever
    the RUN runs it: chains, `sh -c "..."`, heredoc scripts, behind `sudo`, the exec
    form. Once a RUN writes `assumeyes=` anywhere (`echo assumeyes=True >>
    /etc/dnf/dnf.conf`), later RUNs are not reported. Checked inside ONBUILD too.

    ## Why is this bad?

    A build has no one to answer `Is this ok [y/N]`: dnf reads the end of its input as
    "no", prints `Operation aborted` and fails the step. Current microdnf asks the same
    question (its first versions always assumed yes and took `-y` as a no-op); `-y`
    answers yes with every version of both.

    ## Example

    ```dockerfile
    FROM fedora:40
    RUN dnf install httpd && dnf clean all
    ```

    ## Use instead

    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Differences from hadolint

    - Every action that asks for confirmation is read, not only `install`,
      `groupinstall` and `localinstall`: `dnf upgrade` and `dnf remove` stop at the same
      prompt.
    - `dnf5` is dnf; `sudo dnf`, `/usr/bin/dnf` and `sh -c "dnf ..."` run it: reported.
    - `--setopt=assumeyes=1`, or an earlier RUN that writes `assumeyes=` into the
      configuration, answers the prompt: no finding.

    ## References

    - hadolint DL3038: https://github.com/hadolint/hadolint/wiki/DL3038
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3038Spec.hs
    - dnf's `-y, --assumeyes` and the `assumeyes` option:
      https://dnf.readthedocs.io/en/latest/command_ref.html
    - microdnf's `--assumeyes` (a no-op before the confirmation prompt came):
      https://github.com/rpm-software-management/microdnf, dnf/dnf-main.c
    """

    code = "DL3038"
    name = "dnf-missing-yes"
    severity = Severity.WARNING
    managers = DNF

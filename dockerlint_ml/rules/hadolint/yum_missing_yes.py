"""DL3030 yum-missing-yes."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._rpm import YUM, MissingYes


class YumMissingYes(MissingYes):
    """`yum` changes packages without `-y`, so the build stops at its confirmation prompt.

    A RUN is reported once, on its first line, when a `yum` command that installs, updates
    or removes packages (`install`, `groupinstall`, `group install`, `localinstall`,
    `reinstall`, `update`, `upgrade`, `downgrade`, `remove`, `distro-sync`, `swap`,
    `autoremove`, `module install`) has neither `-y` nor `--assumeyes`, before or after
    the action (`-qy` counts), nor `--setopt=assumeyes=...`. yum is read wherever the RUN
    runs it: chains, `sh -c "..."`, heredoc scripts, behind `sudo`, the exec form. Once a
    RUN writes `assumeyes=` anywhere (`echo assumeyes=True >> /etc/yum.conf`), later RUNs
    are not reported. Checked inside ONBUILD too.

    ## Why is this bad?

    A build has no one to answer `Is this ok [y/d/N]`: yum reads the end of its input as
    "no", prints `Exiting on user command` and fails the step. `-y` answers yes.

    ## Example

    ```dockerfile
    FROM centos:7
    RUN yum install httpd && yum clean all
    ```

    ## Use instead

    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Differences from hadolint

    - Every action that asks for confirmation is read, not only `install`,
      `groupinstall` and `localinstall`: `yum update` and `yum remove` stop at the same
      prompt.
    - `--setopt=assumeyes=1`, or an earlier RUN that writes `assumeyes=` into the
      configuration, answers the prompt: no finding.
    - `sudo yum`, `/usr/bin/yum` and `sh -c "yum ..."` run yum: reported.

    ## References

    - hadolint DL3030: https://github.com/hadolint/hadolint/wiki/DL3030
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3030Spec.hs
    - yum(8), `-y, --assumeyes` and `assumeyes` in yum.conf(5):
      https://man7.org/linux/man-pages/man8/yum.8.html
    """

    code = "DL3030"
    name = "yum-missing-yes"
    severity = Severity.WARNING
    managers = YUM

"""DL3035 zypper-dist-upgrade."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule

# Rolling distributions, where `zypper dist-upgrade` is the documented way to update.
_ROLLING = ("tumbleweed", "microos", "slowroll")


class ZypperDistUpgrade(Rule):
    """A RUN runs `zypper dist-upgrade`, which may move the image to another distribution release.

    A RUN is reported once, on its first line, when it runs `zypper dist-upgrade` (or
    `dup`), also behind `sudo`, in `sh -c "..."` or a heredoc script, unless the stage's
    base image is a rolling distribution (openSUSE Tumbleweed, MicroOS, Slowroll: its
    name says so), where `dup` is the way to update. A stage whose base image is not
    known (`FROM $BASE`) is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    `dist-upgrade` resolves the whole system against the configured repositories,
    allowing vendor changes, downgrades and removals: on a fixed release such as Leap or
    SLE it can pull in packages of another release, so the image no longer matches the
    tag it is built from. `zypper update` upgrades within the release; a newer release
    is a newer base image tag.

    ## Example

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive dist-upgrade && zypper clean --all
    ```

    ## Use instead

    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive update && zypper clean --all
    ```

    ## Off by default

    Advice about the base image rather than a defect, with nothing on the corpus to
    review; on rolling releases (Tumbleweed) a dist-upgrade is how the system is
    updated, and the rule already stays silent there. Select `DL3035` to enforce it.

    ## Differences from hadolint

    - On a Tumbleweed, MicroOS or Slowroll base image `zypper dup` is openSUSE's
      documented update command: not reported.
    - A stage whose base image is not known is not judged.
    - `sudo zypper` and `sh -c "zypper dup"` run zypper: reported.

    ## References

    - hadolint DL3035: https://github.com/hadolint/hadolint/wiki/DL3035
    - Spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3035Spec.hs
    - zypper(8), `dist-upgrade`: https://en.opensuse.org/SDB:Zypper_manual
    - Tumbleweed is updated with `zypper dup`:
      https://en.opensuse.org/Portal:Tumbleweed
    """

    code = "DL3035"
    name = "zypper-dist-upgrade"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"zypper"})
    onbuild = True
    default = False

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if not any(
            c.manager == "zypper" and c.action == "dist-upgrade" for c in ctx.packages(instruction)
        ):
            return
        stage = ctx.stage(instruction)
        root = None if stage is None else ctx.dockerfile.root_image(stage)
        if root is None or "$" in root.raw or any(r in root.name.lower() for r in _ROLLING):
            return
        yield self.finding(
            instruction,
            "`zypper dist-upgrade` may move the image to packages of another release.",
            fix="Use `zypper --non-interactive update`, or a newer base image tag.",
        )

"""DL3037 zypper-install-unpinned: hadolint's spec cases (DL3037Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3037"
F = "FROM opensuse/leap:15.6\n"
_PINNED = ("tomcat=9.0.39", "tomcat\\>=9.0", "tomcat\\>9.0", "tomcat\\<=9.0", "tomcat\\<9.0",
           "tomcat-9.0.39-1.rpm")  # fmt: skip

# DL3037Spec.hs (the stored versions agree; the 2.15.1 binary passes them), in our words,
# with a FROM line; onbuild variants as ONBUILD rows. `\>` is the shell's escaped `>`.
SPEC: list[Case] = [
    ("spec: unpinned", F + "RUN zypper install -y tomcat && zypper clean\n", [2]),
    ("spec: unpinned, onbuild", F + "ONBUILD RUN zypper install -y tomcat && zypper clean\n", [2]),
    *[(f"spec: {w}", F + f"RUN zypper install -y {w} && zypper clean\n", []) for w in _PINNED],
    *[
        (f"spec: {w}, onbuild", F + f"ONBUILD RUN zypper install -y {w} && zypper clean\n", [])
        for w in _PINNED
    ],
]

OURS: list[Case] = [
    ("zypper in", F + "RUN zypper -n in tomcat\n", [2]),
    ("a quoted comparison with spaces", F + "RUN zypper -n in 'tomcat < 9'\n", []),
    ("an rpm URL", F + "RUN zypper -n in https://x/a.rpm\n", []),
    ("zypper update is not an install", F + "RUN zypper -n update\n", []),
    ("zypper remove", F + "RUN zypper -n remove tomcat\n", []),
]

DIFFERENT: list[Different] = [
    ("a variable list", F + "RUN zypper -n in $PKGS\n", [2], [], "unknown, not unpinned"),
    ("name-version", F + "RUN zypper -n in tomcat-9.0.39\n", [2], [], "zypper reads an edition"),
    (
        "a pattern",
        F + "RUN zypper -n in -t pattern devel_basis\n",
        [2],
        [],
        "a pattern, not a package",
    ),
    (
        "an option's value",
        F + "RUN zypper -n in --from repo tomcat=1\n",
        [2],
        [],
        "`repo` is the value of --from",
    ),
    ("sudo zypper", F + "RUN sudo zypper -n in tomcat\n", [], [2], "sudo runs zypper"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_fix_uses_zypper_syntax() -> None:
    (found,) = findings(F + "RUN zypper -n in tomcat\n", select=[CODE])
    assert found.message == "`zypper install` installs `tomcat` without a version."
    assert found.fix == "Pin each package, e.g. `tomcat=<version>`."

"""DL3034 zypper-missing-non-interactive: hadolint's spec cases (DL3034Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3034"
F = "FROM opensuse/leap:15.6\n"
C = " httpd=2.4.24 && zypper clean\n"

# DL3034Spec.hs (the stored versions agree; the 2.15.1 binary passes them), in our words,
# with a FROM line; onbuild variants as ONBUILD rows.
SPEC: list[Case] = [
    ("spec: no switch", F + "RUN zypper install" + C, [2]),
    ("spec: no switch, onbuild", F + "ONBUILD RUN zypper install" + C, [2]),
    *[
        (f"spec: {switch}", F + f"RUN zypper install {switch}" + C, [])
        for switch in ("-n", "--non-interactive", "-y", "--no-confirm")
    ],
    *[
        (f"spec: {switch}, onbuild", F + f"ONBUILD RUN zypper install {switch}" + C, [])
        for switch in ("-n", "--non-interactive", "-y", "--no-confirm")
    ],
]

OURS: list[Case] = [
    ("global -n", F + "RUN zypper -n install" + C, []),
    ("global --non-interactive", F + "RUN zypper --non-interactive in" + C, []),
    ("zypper in", F + "RUN zypper in" + C, [2]),
    ("zypper rm", F + "RUN zypper rm httpd\n", [2]),
    ("zypper si", F + "RUN zypper si httpd\n", [2]),
    ("zypper patch", F + "RUN zypper patch\n", [2]),
    ("zypper refresh", F + "RUN zypper refresh\n", []),
    ("zypper addrepo", F + "RUN zypper ar -f http://x/repo repo\n", []),
]

DIFFERENT: list[Different] = [
    ("zypper update", F + "RUN zypper update\n", [], [2], "it asks the same question"),
    ("zypper dup", F + "RUN zypper dup\n", [], [2], "it asks the same question"),
    ("sudo zypper", F + "RUN sudo zypper install x\n", [], [2], "sudo runs zypper"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message() -> None:
    (found,) = findings(F + "RUN zypper in httpd\n", select=[CODE])
    assert (
        found.message
        == "`zypper install` runs without `--non-interactive`: it stops at its prompt."
    )
    assert found.fix == "Use `zypper --non-interactive install` (or `zypper install -y`)."

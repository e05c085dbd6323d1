"""DL4005 ln-replaces-bin-sh: hadolint's spec cases (test/Hadolint/Rule/DL4005Spec.hs,
v2.15.1) and ours. Every spec case is ported, its ONBUILD variant too."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL4005"
F = "FROM debian:12\n"

SPEC: list[Case] = [
    ("spec: ln over /bin/sh", F + "RUN ln -sfv /bin/bash /bin/sh\n", [2]),
    ("spec: ln over /bin/sh, ONBUILD", F + "ONBUILD RUN ln -sfv /bin/bash /bin/sh\n", [2]),
    ("spec: unrelated link", F + "RUN ln -sf /bin/true /sbin/initctl\n", []),
    ("spec: unrelated link, ONBUILD", F + "ONBUILD RUN ln -sf /bin/true /sbin/initctl\n", []),
    (
        "spec: /bin/sh as another command's argument",
        F + "RUN ln -s foo bar && unrelated && something_with /bin/sh\n",
        [],
    ),
    (
        "spec: /bin/sh as another command's argument, ONBUILD",
        F + "ONBUILD RUN ln -s foo bar && unrelated && something_with /bin/sh\n",
        [],
    ),
]

OURS: list[Case] = [
    ("exec form", F + 'RUN ["ln", "-sf", "/bin/bash", "/bin/sh"]\n', [2]),
    ("after removing it", F + "RUN rm /bin/sh && ln -s /bin/bash /bin/sh\n", [2]),
    ("with --", F + "RUN ln -sf -- /bin/bash /bin/sh\n", [2]),
    ("one operand", F + "RUN ln -s /bin/bash\n", []),
    ("target directory", F + "RUN ln -st /bin /opt/sh\n", []),
    ("once per RUN", F + "RUN ln -sf bash /bin/sh && ln -sf /bin/bash /bin/sh\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a link to the shell",
        F + "RUN ln -s /bin/sh /usr/local/bin/sh\n",
        [2],
        [],
        "/bin/sh is the link's target here, not the file replaced",
    ),
    (
        "/usr/bin/sh",
        F + "RUN ln -sf bash /usr/bin/sh\n",
        [],
        [2],
        "/usr/bin/sh is /bin/sh on merged-/usr systems",
    ),
    (
        "restoring dash",
        F + "RUN ln -sf /bin/dash /bin/sh\n",
        [2],
        [],
        "linking the distribution's own shell back changes nothing SHELL would",
    ),
    (
        "behind sudo",
        F + "RUN sudo ln -sf bash /bin/sh\n",
        [],
        [2],
        "sudo runs ln; hadolint sees `sudo` only",
    ),
    (
        "in sh -c",
        F + "RUN sh -c 'ln -sf bash /bin/sh'\n",
        [],
        [2],
        "hadolint does not read `sh -c` scripts",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + "RUN ln -sf /bin/bash /bin/sh\n", select=[CODE])
    assert "`/bin/sh`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "SHELL" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN ln -sf /bin/bash /bin/sh\n")}

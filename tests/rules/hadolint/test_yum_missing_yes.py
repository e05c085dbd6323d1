"""DL3030 yum-missing-yes: hadolint's spec cases (DL3030Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3030"
F = "FROM centos:7\n"

# DL3030Spec.hs (the stored versions agree; the 2.15.1 binary passes them), in our words,
# with a FROM line; each onbuild variant as an ONBUILD row.
SPEC: list[Case] = [
    ("spec: no -y", F + "RUN yum install httpd-2.4.24 && yum clean all\n", [2]),
    ("spec: no -y, onbuild", F + "ONBUILD RUN yum install httpd-2.4.24 && yum clean all\n", [2]),
    ("spec: -y", F + "RUN yum install -y httpd-2.4.24 && yum clean all\n", []),
    ("spec: not a yum command", F + "RUN bash -c `# not even a yum command`\n", []),
    ("spec: -y, onbuild", F + "ONBUILD RUN yum install -y httpd-2.4.24 && yum clean all\n", []),
    ("spec: not yum, onbuild", F + "ONBUILD RUN bash -c `# not even a yum command`\n", []),
]

OURS: list[Case] = [
    ("-y before the action", F + "RUN yum -y install httpd\n", []),
    ("--assumeyes", F + "RUN yum install --assumeyes httpd\n", []),
    ("-y in a cluster", F + "RUN yum install -qy httpd\n", []),
    ("groupinstall", F + "RUN yum groupinstall 'Development Tools'\n", [2]),
    ("localinstall", F + "RUN yum localinstall /tmp/x.rpm\n", [2]),
    ("yum clean alone", F + "RUN yum clean all\n", []),
    ("yum makecache", F + "RUN yum makecache\n", []),
    ("exec form", F + 'RUN ["yum", "install", "x"]\n', [2]),
    ("once per RUN", F + "RUN yum install a && yum install b\n", [2]),
    ("dnf is another rule", F + "RUN dnf install x\n", []),
    ("continuation: the RUN's first line", F + "RUN set -eux; \\\n    yum install x\n", [2]),
]

DIFFERENT: list[Different] = [
    ("yum update", F + "RUN yum update\n", [], [2], "yum update asks the same question"),
    ("yum remove", F + "RUN yum remove x\n", [], [2], "yum remove asks the same question"),
    (
        "--setopt=assumeyes=1",
        F + "RUN yum --setopt=assumeyes=1 install x\n",
        [2],
        [],
        "the option answers the prompt",
    ),
    (
        "assumeyes in yum.conf",
        F + "RUN echo assumeyes=1 >> /etc/yum.conf\nRUN yum install x\n",
        [3],
        [],
        "the configuration answers the prompt",
    ),
    ("sudo yum", F + "RUN sudo yum install x\n", [], [2], "sudo runs yum"),
    ("sh -c", F + 'RUN sh -c "yum install x"\n', [], [2], "the shell runs yum"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_action() -> None:
    (found,) = findings(F + "RUN yum group install Dev\n", select=[CODE])
    assert found.message == (
        "`yum group install` runs without `-y`: it stops at its confirmation prompt."
    )
    assert found.fix == "Add `-y`: `yum group install -y ...`."

"""DL3038 dnf-missing-yes: hadolint's spec cases (DL3038Spec.hs) and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3038"
F = "FROM fedora:40\n"

# DL3038Spec.hs in its newest stored version (with the microdnf cases; the 2.15.1 binary
# passes them), in our words, with a FROM line; onbuild variants as ONBUILD rows.
SPEC: list[Case] = [
    ("spec: dnf without -y", F + "RUN dnf install httpd-2.4.24 && dnf clean all\n", [2]),
    (
        "spec: microdnf without -y",
        F + "RUN microdnf install httpd-2.4.24 && microdnf clean all\n",
        [2],
    ),
    ("spec: onbuild dnf", F + "ONBUILD RUN dnf install httpd-2.4.24 && dnf clean all\n", [2]),
    (
        "spec: onbuild microdnf",
        F + "ONBUILD RUN microdnf install httpd-2.4.24 && microdnf clean all\n",
        [2],
    ),
    ("spec: dnf -y", F + "RUN dnf install -y httpd-2.4.24 && dnf clean all\n", []),
    ("spec: microdnf -y", F + "RUN microdnf install -y httpd-2.4.24 && microdnf clean all\n", []),
    ("spec: notdnf", F + "RUN notdnf install httpd\n", []),
    ("spec: onbuild dnf -y", F + "ONBUILD RUN dnf install -y httpd-2.4.24 && dnf clean all\n", []),
    (
        "spec: onbuild microdnf -y",
        F + "ONBUILD RUN microdnf install -y httpd-2.4.24 && microdnf clean all\n",
        [],
    ),
    ("spec: onbuild notdnf", F + "ONBUILD RUN notdnf install httpd\n", []),
]

OURS: list[Case] = [
    ("-y before the action", F + "RUN dnf -y install httpd\n", []),
    ("--assumeyes", F + "RUN dnf --assumeyes install httpd\n", []),
    ("-qy", F + "RUN dnf install -qy httpd\n", []),
    ("groupinstall", F + "RUN dnf groupinstall Dev\n", [2]),
    ("localinstall", F + "RUN dnf localinstall /tmp/x.rpm\n", [2]),
    ("dnf clean all alone", F + "RUN dnf clean all\n", []),
    ("config-manager", F + "RUN dnf config-manager --set-enabled crb\n", []),
    ("yum is another rule", F + "RUN yum install x\n", []),
    ("a heredoc script", F + "RUN <<EOF\ndnf install x\nEOF\n", [2]),
]

DIFFERENT: list[Different] = [
    ("dnf upgrade", F + "RUN dnf upgrade\n", [], [2], "dnf upgrade asks the same question"),
    ("microdnf remove", F + "RUN microdnf remove x\n", [], [2], "it asks the same question"),
    ("dnf5", F + "RUN dnf5 install x\n", [], [2], "dnf5 is dnf"),
    ("sudo dnf", F + "RUN sudo dnf install x\n", [], [2], "sudo runs dnf"),
    ("a path to dnf", F + "RUN /usr/bin/dnf install x\n", [], [2], "it runs dnf"),
    (
        "assumeyes in dnf.conf",
        F + "RUN echo 'assumeyes=True' >> /etc/dnf/dnf.conf\nRUN dnf install x\n",
        [3],
        [],
        "the configuration answers the prompt",
    ),
    (
        "--setopt assumeyes",
        F + "RUN dnf install --setopt=assumeyes=True x\n",
        [2],
        [],
        "the option answers the prompt",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)

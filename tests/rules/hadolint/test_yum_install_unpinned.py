"""DL3033 yum-install-unpinned: hadolint's spec cases (DL3033Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3033"
F = "FROM centos:7\n"
N = "RUN bash -c `# not even a yum command`\n"

# DL3033Spec.hs in its newest stored version (epoch, dashes, `+`, modules, variables), in
# our words, with a FROM line; onbuild variants as ONBUILD rows. Its variable cases came
# after 2.15.1 (the binary reports them): they are in DIFFERENT.
SPEC: list[Case] = [
    ("spec: unpinned", F + "RUN yum install -y tomcat && yum clean all\n", [2]),
    ("spec: unpinned, onbuild", F + "ONBUILD RUN yum install -y tomcat && yum clean all\n", [2]),
    ("spec: pinned", F + "RUN yum install -y tomcat-9.2 && yum clean all\n", []),
    ("spec: not yum", F + N, []),
    ("spec: pinned, onbuild", F + "ONBUILD RUN yum install -y tomcat-9.2 && yum clean all\n", []),
    ("spec: not yum, onbuild", F + "ONBUILD " + N, []),
    ("spec: epoch", F + "RUN yum install -y openssl-1:1.1.1k\n", []),
    ("spec: epoch, onbuild", F + "ONBUILD RUN yum install -y openssl-1:1.1.1k\n", []),
    ("spec: a name with a dash", F + "RUN yum install -y rpm-sign-4.16.1.3\n", []),
    ("spec: a name with a dash, onbuild", F + "ONBUILD RUN yum install -y rpm-sign-4.16.1.3\n", []),
    ("spec: a name with + and -", F + "RUN yum install -y gcc-c++-1.1.1\n", []),
    ("spec: a name with + and -, onbuild", F + "ONBUILD RUN yum install -y gcc-c++-1.1.1\n", []),
    ("spec: a module", F + "RUN yum module install -y tomcat && yum clean all\n", [2]),
    (
        "spec: a module, onbuild",
        F + "ONBUILD RUN yum module install -y tomcat && yum clean all\n",
        [2],
    ),
    ("spec: a module stream", F + "RUN yum module install -y tomcat:9 && yum clean all\n", []),
    (
        "spec: a module stream, onbuild",
        F + "ONBUILD RUN yum module install -y tomcat:9 && yum clean all\n",
        [],
    ),
]

OURS: list[Case] = [
    ("name-version-release.arch", F + "RUN yum install -y tomcat-9.0.1-1.el8.noarch\n", []),
    ("a name with digits", F + "RUN yum install -y python3.11\n", [2]),
    ("an arch suffix alone", F + "RUN yum install -y tomcat.x86_64\n", [2]),
    ("-y before the action", F + "RUN yum -y install tomcat\n", [2]),
    ("one finding per RUN", F + "RUN yum install -y a b && yum install -y c\n", [2]),
    ("yum update is not an install", F + "RUN yum update -y\n", []),
    ("dnf is another rule", F + "RUN dnf install -y tomcat\n", []),
    ("epel-release", F + "RUN yum install -y epel-release\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a module with a variable",
        F + "RUN yum module install -y $MOD\n",
        [2],
        [],
        "unknown, not unpinned",
    ),
    *[
        (
            f"spec (after 2.15.1): {word}",
            F + f"RUN yum install -y {word} && yum clean all\n",
            [2],
            [],
            "the version comes from a variable: pinned, whatever it holds",
        )
        for word in (
            '"git-core-${GIT_VER}"',
            '"which-${WHICH_VERSION}"',
            '"rpm-sign-${VERSION}"',
            "tomcat-$VERSION",
        )
    ],
    (
        "spec (after 2.15.1): a variable version, onbuild",
        F + 'ONBUILD RUN yum install -y "git-core-${GIT_VER}" && yum clean all\n',
        [2],
        [],
        "the version comes from a variable",
    ),
    ("a variable package list", F + "RUN yum install -y $PKGS\n", [2], [], "unknown, not unpinned"),
    ("an rpm file", F + "RUN yum install -y /tmp/a.rpm\n", [2], [], "a file, not a package name"),
    ("an rpm URL", F + "RUN yum install -y https://x/y.rpm\n", [2], [], "a URL"),
    (
        "an option's value",
        F + "RUN yum install -y --enablerepo foo tomcat-1\n",
        [2],
        [],
        "`foo` is the value of --enablerepo",
    ),
    (
        "a group",
        F + 'RUN yum group install -y "Development Tools"\n',
        [2],
        [],
        "a group, not a package",
    ),
    (
        "java-1.8.0-openjdk",
        F + "RUN yum install -y java-1.8.0-openjdk\n",
        [],
        [2],
        "the name is java-1.8.0-openjdk: its last part is not a version",
    ),
    ("a glob after a version", F + "RUN yum install -y nodejs-18*\n", [2], [], "constrained to 18"),
    ("sudo yum", F + "RUN sudo yum install -y tomcat\n", [], [2], "sudo runs yum"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + "RUN yum install -y tomcat httpd git\n", select=[CODE])
    assert found.message == "`yum install` installs `tomcat`, `httpd` and 1 more without a version."
    assert found.fix == "Pin each package, e.g. `tomcat-<version>`."


def test_module_fix() -> None:
    (found,) = findings(F + "RUN yum module install -y nodejs\n", select=[CODE])
    assert found.fix == "Pin each package, e.g. `nodejs:<stream>`."

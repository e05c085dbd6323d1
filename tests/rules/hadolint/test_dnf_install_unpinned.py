"""DL3041 dnf-install-unpinned: hadolint's spec cases (DL3041Spec.hs) and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3041"
F = "FROM fedora:40\n"


def _both(label: str, body: str, lines: list[int]) -> list[Case]:
    """A spec case for dnf and for microdnf (`body` names the tool `T`)."""
    return [
        (f"spec: {label} ({tool})", F + "RUN " + body.replace("T ", f"{tool} "), lines)
        for tool in ("dnf", "microdnf")
    ]


# DL3041Spec.hs in its newest stored version (dashes, `+`, epochs, modules, variables), in
# our words, with a FROM line; its onbuild variants as ONBUILD rows. The variable cases
# came after 2.15.1 (the binary reports them): they are in DIFFERENT.
SPEC: list[Case] = [
    *_both("unpinned", "T install -y tomcat && T clean all\n", [2]),
    ("spec: unpinned, onbuild", F + "ONBUILD RUN dnf install -y tomcat && dnf clean all\n", [2]),
    *_both("unpinned, a dash", "T install -y rpm-sign && T clean all\n", [2]),
    ("spec: a dash, onbuild", F + "ONBUILD RUN dnf install -y rpm-sign && dnf clean all\n", [2]),
    *_both("pinned", "T install -y tomcat-9.0.1 && T clean all\n", []),
    ("spec: pinned, onbuild", F + "ONBUILD RUN dnf install -y tomcat-9.0.1 && dnf clean all\n", []),
    (
        "spec: pinned, onbuild (microdnf)",
        F + "ONBUILD RUN microdnf install -y tomcat-9.0.1 && microdnf clean all\n",
        [],
    ),
    ("spec: notdnf, epoch", F + "RUN notdnf install openssl-1:1.1.1k\n", []),
    ("spec: notdnf, epoch, onbuild", F + "ONBUILD RUN notdnf install openssl-1:1.1.1k\n", []),
    ("spec: notdnf", F + "RUN notdnf install tomcat\n", []),
    ("spec: notdnf, onbuild", F + "ONBUILD RUN notdnf install tomcat\n", []),
    *_both("pinned, a dash", "T install -y rpm-sign-4.16.1.3 && T clean all\n", []),
    *_both("pinned, + and -", "T install -y gcc-c++-1.1.1\n", []),
    *_both("epoch", "T install -y openssl-1:1.1.1k\n", []),
    ("spec: epoch, onbuild", F + "ONBUILD RUN microdnf install -y openssl-1:1.1.1k\n", []),
    *_both("a module", "T module install -y tomcat && T clean all\n", [2]),
    ("spec: a module, onbuild", F + "ONBUILD RUN dnf module install -y tomcat\n", [2]),
    *_both("a module stream", "T module install -y tomcat:9 && T clean all\n", []),
    ("spec: notdnf module", F + "RUN notdnf module install tomcat\n", []),
    ("spec: a module stream, onbuild", F + "ONBUILD RUN dnf module install -y tomcat:9\n", []),
]

OURS: list[Case] = [
    ("name-epoch:version-release.arch", F + "RUN dnf install -y tomcat-0:9.0.1-1.el8.x86_64\n", []),
    ("a name with digits", F + "RUN dnf install -y python3.11\n", [2]),
    ("python3.11 with a version", F + "RUN dnf install -y python3.11-3.11.5\n", []),
    ("a provide", F + "RUN dnf install -y 'dnf-command(config-manager)'\n", [2]),
    ("a group install", F + "RUN dnf group install -y 'Development Tools'\n", []),
    ("dnf upgrade is not an install", F + "RUN dnf upgrade -y\n", []),
    ("yum is another rule", F + "RUN yum install -y tomcat\n", []),
]

DIFFERENT: list[Different] = [
    ("dnf5", F + "RUN dnf5 install -y tomcat\n", [], [2], "dnf5 is dnf"),
    *[
        (
            f"spec (after 2.15.1): {tool} {word}",
            F + f"RUN {tool} install -y {word} && {tool} clean all\n",
            [2],
            [],
            "the version comes from a variable: pinned, whatever it holds",
        )
        for tool, word in (
            ("dnf", '"git-core-${GIT_VER}"'),
            ("dnf", '"rpm-sign-${VERSION}"'),
            ("dnf", "tomcat-$VERSION"),
            ("microdnf", '"git-core-${GIT_VER}"'),
        )
    ],
    (
        "spec (after 2.15.1): a variable version, onbuild",
        F + 'ONBUILD RUN dnf install -y "git-core-${GIT_VER}" && dnf clean all\n',
        [2],
        [],
        "the version comes from a variable",
    ),
    ("a variable list", F + "RUN dnf install -y $PKGS\n", [2], [], "unknown, not unpinned"),
    ("an rpm file", F + "RUN dnf install -y /tmp/a.rpm\n", [2], [], "a file, not a package name"),
    ("a group with @", F + "RUN dnf install -y @development-tools\n", [2], [], "a group"),
    (
        "an option's value",
        F + "RUN dnf install -y --setopt tsflags=nodocs tomcat-1\n",
        [2],
        [],
        "`tsflags=nodocs` is the value of --setopt",
    ),
    ("a comparison", F + "RUN dnf install -y 'tomcat >= 9'\n", [2], [], "constrained"),
    (
        "gcc-toolset-13-gcc",
        F + "RUN dnf install -y gcc-toolset-13-gcc\n",
        [],
        [2],
        "a package name: its last part is not a version",
    ),
    ("sudo dnf", F + "RUN sudo dnf install -y tomcat\n", [], [2], "sudo runs dnf"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)

"""DL3032 yum-cache-not-cleaned: hadolint's spec cases (DL3032Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3032"
F = "FROM centos:7\n"
INSTALL = "RUN yum install -y mariadb-10.4"
UBI8 = "FROM registry.access.redhat.com/ubi8/ubi:8.10\n"

# DL3032Spec.hs in its newest stored version (with the `rm -rf /var/cache/yum/*` case;
# the 2.15.1 binary passes it), in our words, with a FROM line; onbuild variants as
# ONBUILD rows.
SPEC: list[Case] = [
    ("spec: no clean all", F + INSTALL + "\n", [2]),
    ("spec: no clean all, onbuild", F + "ONBUILD " + INSTALL + "\n", [2]),
    ("spec: clean all", F + INSTALL + " && yum clean all\n", []),
    ("spec: not yum", F + "RUN bash -c `# not even a yum command`\n", []),
    ("spec: clean all, onbuild", F + "ONBUILD " + INSTALL + " && yum clean all\n", []),
    ("spec: not yum, onbuild", F + "ONBUILD RUN bash -c `# not even a yum command`\n", []),
    ("spec: rm the cache", F + INSTALL + " && rm -rf /var/cache/yum/*\n", []),
    ("spec: rm the cache, onbuild", F + "ONBUILD " + INSTALL + " && rm -rf /var/cache/yum/*\n", []),
]

OURS: list[Case] = [
    ("yum -y clean all", F + INSTALL + " && yum -y clean all\n", []),
    ("rm of the directory", F + INSTALL + " && rm -rf /var/cache/yum\n", []),
    ("rm of a variable path", F + INSTALL + " && rm -rf $CACHE\n", []),
    ("clean in a later RUN", F + INSTALL + "\nRUN yum clean all\n", [2]),
    ("yum update -y alone in the last stage", F + "RUN yum update -y && yum clean all\n", []),
    ("no install", F + "RUN yum clean all\n", []),
    ("clean before the install", F + "RUN yum clean all && yum install -y mariadb-10.4\n", [2]),
    (
        "a bind mount does not count",
        F + "RUN --mount=type=bind,target=/var/cache/yum " + INSTALL[4:] + "\n",
        [2],
    ),
    (
        "the last stage's base shipping",
        "FROM centos:7 AS base\n" + INSTALL + "\nFROM base\nRUN echo\n",
        [2],
    ),
    ("a heredoc", F + "RUN <<EOF\nyum install -y x-1\nEOF\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a cache mount of an unknown target",
        F + "RUN --mount=type=cache,target=$C " + INSTALL[4:] + "\n",
        [2],
        [],
        "a target only known at build time is not judged",
    ),
    (
        "find -delete",
        F + INSTALL + " && find /var/cache/yum -mindepth 1 -delete\n",
        [2],
        [],
        "find -delete empties the cache",
    ),
    (
        "a cache mount of /var/cache/yum",
        F + "RUN --mount=type=cache,target=/var/cache/yum " + INSTALL[4:] + "\n",
        [2],
        [],
        "the cache is in the mount, not in the layer",
    ),
    (
        "a tmpfs mount of /var/cache",
        F + "RUN --mount=type=tmpfs,target=/var/cache " + INSTALL[4:] + "\n",
        [2],
        [],
        "the cache is in the mount, not in the layer",
    ),
    (
        "a build stage nobody ships",
        "FROM centos:7 AS build\n" + INSTALL + "\nFROM scratch\nCOPY --from=build /x /x\n",
        [2],
        [],
        "the build stage's layers are discarded (hadolint #929)",
    ),
    (
        "yum clean packages",
        F + INSTALL + " && yum clean packages\n",
        [],
        [2],
        "the metadata stays in the layer",
    ),
    ("any rm -rf", F + INSTALL + " && rm -rf /tmp/x\n", [], [2], "the cache stays in the layer"),
    (
        "an install after the clean",
        F + "RUN yum install -y a-1 && yum clean all && yum install -y b-1\n",
        [],
        [2],
        "the second install fills the cache again",
    ),
    ("yum update", F + "RUN yum update -y\n", [], [2], "update downloads the metadata too"),
    (
        "dnf clean all after yum",
        F + INSTALL + " && dnf clean all\n",
        [2],
        [],
        "where both exist (RHEL 8 and later) yum is dnf: one cache",
    ),
    ("sudo yum", F + "RUN sudo yum install -y x-1\n", [], [2], "sudo runs yum"),
    (
        "dnf and yum in one RUN: DL3040's",
        UBI8 + "RUN dnf install -y a-1 && yum install -y b-1\n",
        [2],
        [],
        "yum is dnf where both run: one cache, one finding, DL3040's",
    ),
    (
        "yum after dnf clean all: DL3040's",
        UBI8 + "RUN dnf install -y a-1 && dnf clean all && yum install -y b-1\n",
        [2],
        [],
        "yum is dnf where both run: DL3040 reports the RUN",
    ),
    (
        "microdnf installs yum: DL3040's",
        "FROM registry.access.redhat.com/ubi8/ubi-minimal:8.10\n"
        "RUN microdnf install -y yum && yum install -y b-1\n",
        [2],
        [],
        "the RUN runs microdnf: DL3040 reports it, once",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(F + INSTALL + "\n", select=[CODE])
    assert found.message == (
        "`yum install` leaves yum's cache in the layer: run `yum clean all` in this RUN."
    )
    assert found.fix == (
        "End the RUN with `&& yum clean all`, or mount /var/cache/yum with `--mount=type=cache`."
    )


def test_fix_names_dnf_cache_where_yum_is_dnf() -> None:
    for base in (
        UBI8,
        "FROM rockylinux:9\n",
        "FROM quay.io/centos/centos:stream9\n",
        "FROM amazonlinux:2023\n",
        "FROM nvidia/cuda:12.4.1-devel-ubi8\n",
        "FROM registry.access.redhat.com/ubi9/ubi AS base\nFROM base\n",
    ):
        (found,) = findings(base + INSTALL + "\n", select=[CODE])
        assert found.fix == (
            "End the RUN with `&& yum clean all`, or mount /var/cache/dnf with"
            " `--mount=type=cache`."
        ), base
    for base in ("FROM amazonlinux:2\n", "FROM centos:7\n", "FROM oraclelinux:7\n"):
        (found,) = findings(base + INSTALL + "\n", select=[CODE])
        assert "/var/cache/yum" in (found.fix or ""), base


def test_many_installs_and_cleans_stay_linear() -> None:
    from dockerlint_ml.rules.hadolint import _rpm
    from tests.helpers import lines_run, lint_snippet

    def count(n: int) -> int:
        text = F + "RUN " + " && ".join(["yum install -y a-1 && yum clean all"] * n) + "\n"
        return lines_run((_rpm,), lambda: lint_snippet(text, select=[CODE]))

    small, large = count(20), count(160)
    assert large <= 9 * small, (small, large)

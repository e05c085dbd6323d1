"""DL3040 dnf-cache-not-cleaned: hadolint's spec cases (DL3040Spec.hs) and ours."""

from __future__ import annotations

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3040"
F = "FROM fedora:40\n"
D = "dnf install -y mariadb-10.4"
M = "microdnf install -y mariadb-10.4"
UBI8 = "FROM registry.access.redhat.com/ubi8/ubi:8.10\n"

# DL3040Spec.hs in its newest stored version (microdnf, `rm -rf /var/cache/yum/*` and the
# clean-before-install case; the 2.15.1 binary passes them), in our words, with a FROM
# line; onbuild variants as ONBUILD rows. The spec's last case puts `RUN` inside the
# shell text (`microdnf clean all && RUN dnf install ...`): ported as the clean before
# the install it means.
SPEC: list[Case] = [
    ("spec: dnf, no clean", F + f"RUN {D}\n", [2]),
    ("spec: microdnf, no clean", F + f"RUN {M}\n", [2]),
    ("spec: onbuild dnf, no clean", F + f"ONBUILD RUN {D}\n", [2]),
    ("spec: onbuild microdnf clean after dnf", F + f"ONBUILD RUN {D} && microdnf clean all\n", [2]),
    ("spec: onbuild microdnf, no clean", F + f"ONBUILD RUN {M}\n", [2]),
    ("spec: dnf clean all", F + f"RUN {D} && dnf clean all\n", []),
    ("spec: microdnf clean all", F + f"RUN {M} && microdnf clean all\n", []),
    ("spec: notdnf", F + "RUN notdnf install mariadb\n", []),
    ("spec: onbuild dnf clean all", F + f"ONBUILD RUN {D} && dnf clean all\n", []),
    ("spec: onbuild microdnf clean all", F + f"ONBUILD RUN {M} && microdnf clean all\n", []),
    ("spec: onbuild notdnf", F + "ONBUILD RUN notdnf install mariadb\n", []),
    ("spec: dnf, rm the yum cache", F + f"RUN {D} && rm -rf /var/cache/yum/*\n", []),
    ("spec: microdnf, rm the yum cache", F + f"RUN {M} && rm -rf /var/cache/yum/*\n", []),
    ("spec: onbuild dnf, rm", F + f"ONBUILD RUN {D} && rm -rf /var/cache/yum/*\n", []),
    ("spec: onbuild microdnf, rm", F + f"ONBUILD RUN {M} && rm -rf /var/cache/yum/*\n", []),
    ("spec: clean before the install", F + f"RUN microdnf clean all && {D}\n", [2]),
]

OURS: list[Case] = [
    ("dnf -y clean all", F + f"RUN {D} && dnf -y clean all\n", []),
    ("a cache mount of libdnf5", F + f"RUN --mount=type=cache,target=/var/cache/libdnf5 {D}\n", []),
    ("clean in a later RUN", F + f"RUN {D}\nRUN dnf clean all\n", [2]),
    ("dnf and yum in one RUN", UBI8 + "RUN dnf install -y a-1 && yum install -y b-1\n", [2]),
    ("config-manager only", F + "RUN dnf config-manager --set-enabled crb\n", []),
    ("dnf clean all alone", F + "RUN dnf clean all\n", []),
    ("a bind mount does not count", F + f"RUN --mount=type=bind,target=/var/cache/dnf {D}\n", [2]),
    ("dnf upgrade", F + "RUN dnf upgrade -y\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a cache mount resolved by ARG",
        F + f"ARG C=/var/cache/dnf\nRUN --mount=type=cache,target=$C {D}\n",
        [3],
        [],
        "the mount holds /var/cache/dnf",
    ),
    (
        "an unknown mount target",
        F + f"RUN --mount=type=cache,target=${{C}} {D}\n",
        [2],
        [],
        "a target only known at build time is not judged",
    ),
    ("dnf5", F + "RUN dnf5 install -y x-1\n", [], [2], "dnf5 is dnf"),
    (
        "a cache mount of /var/cache/dnf",
        F + f"RUN --mount=type=cache,target=/var/cache/dnf {D}\n",
        [2],
        [],
        "dnf 4's cache is in the mount, not in the layer",
    ),
    (
        "a cache mount of /var/cache/yum for microdnf",
        F + f"RUN --mount=type=cache,target=/var/cache/yum {M}\n",
        [2],
        [],
        "microdnf's cache is in the mount",
    ),
    (
        "a build stage nobody ships",
        "FROM fedora:40 AS build\n" + f"RUN {D}\nFROM scratch\nCOPY --from=build /x /x\n",
        [2],
        [],
        "the build stage's layers are discarded (hadolint #929)",
    ),
    ("dnf clean packages", F + f"RUN {D} && dnf clean packages\n", [], [2], "the metadata stays"),
    ("any rm -rf", F + f"RUN {D} && rm -rf /tmp/foo\n", [], [2], "the cache stays in the layer"),
    ("yum clean all after dnf", F + f"RUN {D} && yum clean all\n", [2], [], "yum is dnf there"),
    (
        "an install after the clean",
        F + "RUN dnf install -y a-1 && dnf clean all && dnf install -y b-1\n",
        [],
        [2],
        "the second install fills the cache again",
    ),
    ("microdnf update", F + "RUN microdnf update -y\n", [], [2], "update downloads metadata"),
    ("sudo dnf", F + "RUN sudo dnf install -y x-1\n", [], [2], "sudo runs dnf"),
    (
        "yum after dnf clean all",
        UBI8 + "RUN dnf install -y a-1 && dnf clean all && yum install -y b-1\n",
        [],
        [2],
        "yum is dnf where both run: DL3040 owns the RUN and counts its yum install",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_dnf_and_yum_in_one_run() -> None:
    text = UBI8 + "RUN dnf install -y a-1 && yum update -y && yum install -y b-1\n"
    (found,) = findings(text, select=["DL3032", CODE])
    assert (found.code, found.message, found.fix) == (
        CODE,
        "`dnf install` leaves dnf's cache in the layer: run `dnf clean all` in this RUN.",
        "End the RUN with `&& dnf clean all`, or mount /var/cache/dnf with `--mount=type=cache`.",
    )
    (found,) = findings(
        UBI8 + "RUN dnf install -y a-1 && dnf clean all && yum install -y b-1\n",
        select=["DL3032", CODE],
    )
    assert (found.code, found.fix) == (
        CODE,
        "End the RUN with `&& yum clean all`, or mount /var/cache/dnf with `--mount=type=cache`.",
    )


def test_message_names_microdnf() -> None:
    (found,) = findings(F + f"RUN {M}\n", select=[CODE])
    assert found.message == (
        "`microdnf install` leaves microdnf's cache in the layer: run `microdnf clean all`"
        " in this RUN."
    )
    assert found.fix == (
        "End the RUN with `&& microdnf clean all`, or mount /var/cache/yum with"
        " `--mount=type=cache`."
    )

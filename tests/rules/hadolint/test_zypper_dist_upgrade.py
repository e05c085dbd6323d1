"""DL3035 zypper-dist-upgrade: hadolint's spec cases (DL3035Spec.hs) and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3035"
F = "FROM opensuse/leap:15.6\n"

# DL3035Spec.hs (the stored versions agree; the 2.15.1 binary passes them), in our words,
# on a Leap base image; onbuild variants as ONBUILD rows.
SPEC: list[Case] = [
    ("spec: dist-upgrade", F + "RUN zypper dist-upgrade\n", [2]),
    ("spec: dup", F + "RUN zypper dup\n", [2]),
    ("spec: onbuild dist-upgrade", F + "ONBUILD RUN zypper dist-upgrade\n", [2]),
    ("spec: onbuild dup", F + "ONBUILD RUN zypper dup\n", [2]),
]

OURS: list[Case] = [
    ("global options first", F + "RUN zypper -n --gpg-auto-import-keys dup\n", [2]),
    ("zypper update", F + "RUN zypper -n update\n", []),
    ("a later stage built on Leap", F + "FROM opensuse/leap:15.6 AS b\nRUN zypper -n dup\n", [3]),
    ("a stage built on a stage", "FROM opensuse/leap:15.6 AS a\nFROM a\nRUN zypper -n dup\n", [3]),
]

DIFFERENT: list[Different] = [
    (
        "Tumbleweed",
        "FROM opensuse/tumbleweed\nRUN zypper -n dup\n",
        [2],
        [],
        "zypper dup is how a rolling release is updated",
    ),
    (
        "Tumbleweed from the openSUSE registry",
        "FROM registry.opensuse.org/opensuse/tumbleweed:latest\nRUN zypper -n dup\n",
        [2],
        [],
        "zypper dup is how a rolling release is updated",
    ),
    (
        "an unknown base",
        "ARG BASE\nFROM $BASE\nRUN zypper -n dup\n",
        [3],
        [],
        "whether the release is rolling is not known",
    ),
    ("sudo zypper", F + "RUN sudo zypper dup\n", [], [2], "sudo runs zypper"),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)

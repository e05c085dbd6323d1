"""DL3036 zypper-cache-not-cleaned: hadolint's spec cases (DL3036Spec.hs) and ours."""

from __future__ import annotations

from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3036"
F = "FROM opensuse/leap:15.6\n"
INSTALL = "zypper install -y mariadb=10.4"

# DL3036Spec.hs (the stored versions agree; the 2.15.1 binary passes them), in our words,
# with a FROM line; onbuild variants as ONBUILD rows.
SPEC: list[Case] = [
    ("spec: no clean", F + f"RUN {INSTALL}\n", [2]),
    ("spec: no clean, onbuild", F + f"ONBUILD RUN {INSTALL}\n", [2]),
    ("spec: zypper clean", F + f"RUN {INSTALL} && zypper clean\n", []),
    ("spec: zypper cc", F + f"RUN {INSTALL} && zypper cc\n", []),
    ("spec: zypper clean, onbuild", F + f"ONBUILD RUN {INSTALL} && zypper clean\n", []),
    ("spec: zypper cc, onbuild", F + f"ONBUILD RUN {INSTALL} && zypper cc\n", []),
]

OURS: list[Case] = [
    ("zypper -n clean --all", F + f"RUN {INSTALL} && zypper -n clean --all\n", []),
    (
        "a cache mount of /var/cache/zypp",
        F + f"RUN --mount=type=cache,target=/var/cache/zypp {INSTALL}\n",
        [],
    ),
    ("clean before the install", F + f"RUN zypper clean && {INSTALL}\n", [2]),
    ("clean in a later RUN", F + f"RUN {INSTALL}\nRUN zypper clean\n", [2]),
    ("zypper refresh only", F + "RUN zypper refresh\n", []),
]

DIFFERENT: list[Different] = [
    (
        "zypper update",
        F + "RUN zypper -n update\n",
        [],
        [2],
        "zypper update downloads metadata and packages too",
    ),
    (
        "a mount of the packages only",
        F + f"RUN --mount=type=cache,target=/var/cache/zypp/packages {INSTALL}\n",
        [],
        [2],
        "the metadata under /var/cache/zypp/raw and solv stays in the layer",
    ),
    (
        "rm of the cache",
        F + f"RUN {INSTALL} && rm -rf /var/cache/zypp/*\n",
        [2],
        [],
        "it is deleted",
    ),
    (
        "a cache mount of /var/cache",
        F + f"RUN --mount=type=cache,target=/var/cache {INSTALL}\n",
        [2],
        [],
        "zypper's cache is inside the mount",
    ),
    (
        "a build stage nobody ships",
        "FROM opensuse/leap:15.6 AS a\n" + f"RUN {INSTALL}\nFROM scratch\nCOPY --from=a / /\n",
        [2],
        [],
        "the build stage's layers are discarded (hadolint #929)",
    ),
    (
        "an install after the clean",
        F + f"RUN {INSTALL} && zypper clean && zypper install -y b=1\n",
        [],
        [2],
        "the second install fills the cache again",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)

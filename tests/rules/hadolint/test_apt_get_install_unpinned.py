"""DL3008 apt-get-install-unpinned: hadolint's spec cases (test/Hadolint/Rule/DL3008Spec.hs)
and ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3008"


def _onbuild(cases: list[Case]) -> list[Case]:
    """The spec's ONBUILD variants: every RUN wrapped in ONBUILD, same result."""
    return [
        (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
        for label, text, lines in cases
    ]


# DL3008Spec.hs at v2.15.1, in our words.
_SPEC: list[Case] = [
    ("spec: unpinned after an update", "RUN apt-get update && apt-get install python\n", [1]),
    (
        "spec: pinned, in a chain with options before install",
        "RUN apt-get update \\\n"
        " && apt-get -yqq --no-install-recommends install nodejs=0.10 \\\n"
        " && rm -rf /var/lib/apt/lists/*\n",
        [],
    ),
    (
        "spec: pinned with globs and epochs",
        "RUN apt-get update && apt-get install --no-install-recommends -y \\\n"
        "python-demjson=2.2.2* \\\nwget=1.16.1* \\\ngit=1:2.5.0* \\\nruby=1:2.1.*\n",
        [],
    ),
    ("spec: pinned", "RUN apt-get install -y python=1.2.2\n", []),
    ("spec: a local .deb", "RUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb\n", []),
    (
        "spec: pinned after options",
        "RUN apt-get -y --no-install-recommends install nodejs=0.10\n",
        [],
    ),
    (
        "spec: -t takes the target release",
        "RUN set -e &&\\\n"
        ' echo "deb http://http.debian.net/debian jessie-backports main"'
        " > /etc/apt/sources.list.d/jessie-backports.list &&\\\n"
        " apt-get update &&\\\n"
        " apt-get install -y --no-install-recommends -t jessie-backports"
        " openjdk-8-jdk=8u131-b11-1~bpo8+1 &&\\\n"
        " rm -rf /var/lib/apt/lists/*\n",
        [],
    ),
]
SPEC: list[Case] = [
    (label, "FROM debian:12\n" + text, [n + 1 for n in lines]) for label, text, lines in _SPEC
]
SPEC += _onbuild(SPEC)

OURS: list[Case] = [
    ("two packages, one pinned", "FROM debian:12\nRUN apt-get install -y curl git=1\n", [2]),
    ("options after packages", "FROM debian:12\nRUN apt-get -qq install -y curl=1 wget\n", [2]),
    ("once per RUN", "FROM debian:12\nRUN apt-get install -y a && apt-get install -y b\n", [2]),
    ("per RUN", "FROM debian:12\nRUN apt-get install -y a\nRUN apt-get install -y b\n", [2, 3]),
    ("release suffix", "FROM debian:12\nRUN apt-get install -y curl/bookworm-backports\n", []),
    ("-t with =", "FROM debian:12\nRUN apt-get install -y --target-release=bookworm curl=1\n", []),
    ("paths", "FROM debian:12\nRUN apt-get install -y ./x.deb /tmp/y.deb\n", []),
    ("-o value with =", "FROM debian:12\nRUN apt-get install -y -o Dpkg::Options::=x curl=1\n", []),
    ("arch qualifier", "FROM debian:12\nRUN apt-get install -y curl:amd64\n", [2]),
    ("a glob", "FROM debian:12\nRUN apt-get install -y 'lib*'\n", [2]),
    ("no package words", "FROM debian:12\nRUN apt-get -y install\n", []),
    ("install -f", "FROM debian:12\nRUN apt-get install -f\n", []),
    ("download", "FROM debian:12\nRUN apt-get download curl\n", []),
    ("remove", "FROM debian:12\nRUN apt-get remove -y curl\n", []),
    ("apt is DL3027's", "FROM debian:12\nRUN apt install -y curl\n", []),
    ("aptitude", "FROM debian:12\nRUN aptitude install -y curl\n", []),
    (
        "assignment prefix",
        "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n",
        [2],
    ),
    ("exec form", 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n', [2]),
    ("heredoc", "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", [2]),
    ("heredoc data", "FROM debian:12\nRUN cat > /x <<EOF\napt-get install curl\nEOF\n", []),
    (
        "continuation lines: the RUN's first line",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl\n",
        [2],
    ),
    ("if body", "FROM debian:12\nRUN if true; then apt-get install -y curl; fi\n", [2]),
    ("subshell", "FROM debian:12\nRUN (apt-get install -y curl)\n", [2]),
    (
        "multi-stage: each stage",
        "FROM debian:12 AS a\nRUN apt-get install -y curl\n"
        "FROM debian:12\nRUN apt-get install -y git\n",
        [2, 4],
    ),
    ("onbuild", "FROM debian:12\nONBUILD RUN apt-get install -y curl\n", [2]),
    ("a pinned variable version", "FROM debian:12\nRUN apt-get install -y curl=${V}\n", []),
    ("name and version variables", "FROM debian:12\nRUN apt-get install -y ${P}=${V}\n", []),
    (
        "an unknown word next to an unpinned one",
        "FROM debian:12\nRUN apt-get install -y $PKGS curl\n",
        [2],
    ),
    (
        "a substitution with a path passes either way",
        "FROM debian:12\nRUN apt-get install -y $(cat /tmp/packages.txt)\n",
        [],
    ),
    ("CMD is not a RUN", 'FROM debian:12\nCMD ["apt-get", "install", "curl"]\n', []),
]

DIFFERENT: list[Different] = [
    (
        "a variable package list",
        "FROM debian:12\nRUN apt-get install -y $PKGS\n",
        [2],
        [],
        "PEERS not-to-copy 5: an unknown word is not an unpinned package",
    ),
    (
        "a name built from a variable",
        "FROM debian:12\nRUN apt-get install -y python${PYTHON_VERSION}-dev\n",
        [2],
        [],
        "PEERS not-to-copy 5: the variable may hold the version",
    ),
    (
        "a command substitution",
        "FROM debian:12\nRUN apt-get install -y $(cat packages)\n",
        [2],
        [],
        "PEERS not-to-copy 5: the list is only known at build time",
    ),
    (
        "the value of -a",
        "FROM debian:12\nRUN apt-get install -y -a arm64 curl=1\n",
        [2],
        [],
        "-a takes the architecture: hadolint knows only -t and reports arm64 as a package",
    ),
    (
        "a simulated install",
        "FROM debian:12\nRUN apt-get install -s curl > /dev/null\n",
        [2],
        [],
        "-s only simulates: nothing is installed",
    ),
    (
        "behind sudo",
        "FROM debian:12\nRUN sudo apt-get install -y curl\n",
        [],
        [2],
        "sudo runs apt-get; hadolint sees only the command name `sudo`",
    ),
    (
        "written as a path",
        "FROM debian:12\nRUN /usr/bin/apt-get install -y curl\n",
        [],
        [2],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n",
        [],
        [2],
        "the shell runs apt-get; hadolint does not read the quoted script",
    ),
    (
        "a bash heredoc script",
        "FROM debian:12\nRUN bash <<EOF\napt-get install -y curl\nEOF\n",
        [],
        [2],
        "bash runs the script it reads from the heredoc; hadolint does not read it",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_packages() -> None:
    (found,) = findings("FROM debian:12\nRUN apt-get install -y a b=1 c d\n", select=[CODE])
    assert (
        found.message == "`apt-get install` installs `a`, `c` and 1 more without a pinned version."
    )
    assert found.fix is not None and "`a=<version>`" in found.fix


def test_off_by_default() -> None:
    found = lint_snippet("FROM debian:12\nRUN apt-get install -y curl\n")
    assert CODE not in {code for code, _ in found}

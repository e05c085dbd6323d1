"""DL3018 apk-add-unpinned: hadolint's spec cases (test/Hadolint/Rule/DL3018Spec.hs) and
ours."""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3018"

# DL3018Spec.hs (the newest stored version, whose cases the 2.15.1 binary passes), in our
# words; each also wrapped in ONBUILD, as its onbuild variants do.
_SPEC: list[Case] = [
    ("spec: one unpinned package", "RUN apk add flex\n", [1]),
    ("spec: one pinned package", "RUN apk add flex=2.6.4-r1\n", []),
    ("spec: tilde constraint", "RUN apk add --no-cache git~2.52.0\n", []),
    (
        "spec: pinned, then a pip chain",
        "RUN apk add --no-cache flex=2.6.4-r1 \\\n && pip install -r requirements.txt\n",
        [],
    ),
    (
        "spec: several pinned on continuation lines",
        "RUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi=3.2.1-r3 \\\n"
        "python2=2.7.13-r1 \\\nlibbz2=1.0.6-r5\n",
        [],
    ),
    (
        "spec: one of several unpinned",
        "RUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\n"
        "python2=2.7.13-r1 \\\nlibbz2=1.0.6-r5\n",
        [1],
    ),
    (
        "spec: --virtual names a group, not a package",
        "RUN apk add \\\n--virtual build-dependencies \\\n"
        "python-dev=1.1.1 build-base=2.2.2 wget=3.3.3 \\\n"
        "&& pip install -r requirements.txt \\\n&& python setup.py install \\\n"
        "&& apk del build-dependencies\n",
        [],
    ),
    (
        "spec: --repository takes a value",
        "RUN apk add --no-cache \\\n"
        "--repository https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n",
        [],
    ),
    (
        "spec: --repository=value",
        "RUN apk add --no-cache \\\n"
        "--repository=https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n",
        [],
    ),
    (
        "spec: -X takes a value",
        "RUN apk add --no-cache \\\n-X https://nl.alpinelinux.org/alpine/edge/testing \\\n"
        "flow=0.78.0-r0\n",
        [],
    ),
    ("spec: a local .apk file", "RUN apk add mypackage-1.1.1.apk\n", []),
]
SPEC: list[Case] = [
    (label, "FROM alpine:3.20\n" + text, [n + 1 for n in lines]) for label, text, lines in _SPEC
]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

A = "FROM alpine:3.20\n"
OURS: list[Case] = [
    ("global options first", A + "RUN apk --no-cache add curl\n", [2]),
    ("--update", A + "RUN apk add --update curl\n", [2]),
    ("a repository tag is not a version", A + "RUN apk add curl@edge\n", [2]),
    ("-U before add, pinned", A + "RUN apk -U add curl=1\n", []),
    ("=~", A + "RUN apk add curl=~8.0\n", []),
    ("quoted >", A + "RUN apk add 'curl>7'\n", []),
    ("quoted <", A + "RUN apk add 'curl<9'\n", []),
    ("unquoted < is a redirection", A + "RUN apk add curl<9\n", [2]),
    ("-t group", A + "RUN apk add -t .build-deps gcc=1\n", []),
    ("--virtual=group", A + "RUN apk add --virtual=.build-deps gcc=1\n", []),
    ("--virtual alone", A + "RUN apk add --virtual .build-deps\n", []),
    ("--virtual then unpinned", A + "RUN apk add --virtual .d --no-cache gcc musl-dev\n", [2]),
    ("several -X", A + "RUN apk add --no-cache -X http://a -X http://b x=1\n", []),
    ("--root=", A + "RUN apk add --root=/mnt curl=1\n", []),
    ("quiet flags", A + "RUN apk add --quiet --no-progress curl=1\n", []),
    ("a local file", A + "RUN apk add --no-cache --allow-untrusted /tmp/x.apk\n", []),
    ("once per RUN", A + "RUN apk add curl && apk add git\n", [2]),
    ("per RUN", A + "RUN apk add curl\nRUN apk add git\n", [2, 3]),
    ("del", A + "RUN apk del curl\n", []),
    ("update and upgrade", A + "RUN apk update && apk upgrade\n", []),
    ("fix", A + "RUN apk fix\n", []),
    ("exec form", A + 'RUN ["apk", "add", "curl"]\n', [2]),
    ("heredoc", A + "RUN <<EOF\napk add curl\nEOF\n", [2]),
    ("if body", A + "RUN if true; then apk add curl; fi\n", [2]),
    ("onbuild", A + "ONBUILD RUN apk add curl\n", [2]),
    (
        "continuation lines: the RUN's first line",
        A + "RUN set -eux; \\\n    apk add --no-cache \\\n        curl\n",
        [2],
    ),
    (
        "multi-stage: each stage",
        "FROM alpine:3.20 AS a\nRUN apk add curl\nFROM alpine:3.20\nRUN apk add git\n",
        [2, 4],
    ),
    ("a pinned variable version", A + "RUN apk add curl=$CURL_VERSION\n", []),
    ("an unknown word next to an unpinned one", A + "RUN apk add $PKGS curl\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "a variable package list",
        A + "RUN apk add --no-cache $PKGS\n",
        [2],
        [],
        "PEERS not-to-copy 5: an unknown word is not an unpinned package",
    ),
    (
        "a command substitution",
        A + "RUN apk add $(cat /tmp/packages)\n",
        [2],
        [],
        "PEERS not-to-copy 5: the list is only known at build time",
    ),
    (
        "the value of --root",
        A + "RUN apk add --root /mnt curl=1\n",
        [2],
        [],
        "--root takes a value: hadolint reports /mnt as a package",
    ),
    (
        "the value of --arch",
        A + "RUN apk add --arch x86 curl=1\n",
        [2],
        [],
        "--arch takes a value: hadolint reports x86 as a package",
    ),
    (
        "the value of --cache-dir",
        A + "RUN apk add --cache-dir /var/cache/apk curl=1\n",
        [2],
        [],
        "--cache-dir takes a value: hadolint reports the directory",
    ),
    (
        "a simulated add",
        A + "RUN apk add -s curl\n",
        [2],
        [],
        "-s only simulates: nothing is installed",
    ),
    (
        "behind sudo",
        A + "RUN sudo apk add curl\n",
        [],
        [2],
        "sudo runs apk; hadolint sees only the command name `sudo`",
    ),
    (
        "written as a path",
        A + "RUN /sbin/apk add curl\n",
        [],
        [2],
        "the same program; hadolint compares the name as written",
    ),
    (
        "inside sh -c",
        A + "RUN sh -c 'apk add curl'\n",
        [],
        [2],
        "the shell runs apk; hadolint does not read the quoted script",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_packages() -> None:
    (found,) = findings(A + "RUN apk add --no-cache curl git=2 jq\n", select=[CODE])
    assert found.message == "`apk add` installs `curl`, `jq` without a version constraint."
    assert found.fix is not None and "`curl~<major.minor>`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(A + "RUN apk add curl\n")}

"""DL3042 pip-install-cache: hadolint's spec cases (DL3042Spec.hs) and ours."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, linter, table_tests

CODE = "DL3042"

F = "FROM python:3.12\n"
P = "pip install MySQL_python"

# DL3042Spec.hs at v2.15.1, in our words, each under a FROM (the spec's snippets have none).
# The cases that also run wrapped in ONBUILD (Helpers.hs's onbuild variants) are in ONBUILD.
ONBUILD: list[Case] = [
    ("spec: pip2 without --no-cache-dir", F + "RUN pip2 install MySQL_python\n", [2]),
    ("spec: pip3 without --no-cache-dir", F + "RUN pip3 install MySQL_python\n", [2]),
    ("spec: pip without --no-cache-dir", F + "RUN pip install MySQL_python\n", [2]),
    ("spec: pip2 with --no-cache-dir", F + "RUN pip2 install MySQL_python --no-cache-dir\n", []),
    ("spec: pip3 with --no-cache-dir", F + "RUN pip3 install --no-cache-dir MySQL_python\n", []),
    ("spec: pip with --no-cache-dir", F + "RUN pip install MySQL_python --no-cache-dir\n", []),
    ("spec: pipx is not pip", F + "RUN pipx install software\n", []),
    ("spec: pipenv is not pip", F + "RUN pipenv install library\n", []),
    (
        "spec: cache mount /root/.cache/pip",
        F + "RUN --mount=type=cache,target=/root/.cache/pip pip install foobar\n",
        [],
    ),
    (
        "spec: tmpfs mount /root/.cache/pip",
        F + "RUN --mount=type=tmpfs,target=/root/.cache/pip pip install foobar\n",
        [],
    ),
    (
        "spec: cache mount in a user's home",
        F + "RUN --mount=type=cache,target=/home/app/.cache/pip pip install foobar\n",
        [],
    ),
]
SPEC: list[Case] = [
    *ONBUILD,
    *[
        (f"spec: ENV PIP_NO_CACHE_DIR={v}", F + f"ENV PIP_NO_CACHE_DIR={v}\nRUN {P}\n", [])
        for v in ("1", "on", "yes", "true")
    ],
    *[
        (f"spec: RUN PIP_NO_CACHE_DIR={v} pip", F + f"RUN PIP_NO_CACHE_DIR={v} {P}\n", [])
        for v in ("1", "on", "yes", "true")
    ],
    *[
        (f"spec: export PIP_NO_CACHE_DIR={v}", F + f"RUN export PIP_NO_CACHE_DIR={v} && {P}\n", [])
        for v in ("1", "on", "yes", "true")
    ],
    (
        "spec: ENV inherited through FROM <stage>",
        "FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n",
        [],
    ),
    (
        "spec: ENV of another stage",
        "FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:buster\n"
        "RUN pip install six\n",
        [4],
    ),
]

OURS: list[Case] = [
    ("python -m pip", F + "RUN python -m pip install x\n", [2]),
    ("python3.11 -m pip", F + "RUN python3.11 -m pip install x\n", [2]),
    ("python$V -m pip", F + "RUN python$PY -m pip install x\n", [2]),
    ("pip3.11", F + "RUN pip3.11 install x\n", [2]),
    ("pip --no-cache-dir install", F + "RUN pip --no-cache-dir install x\n", []),
    ("once per RUN", F + "RUN pip install a && pip install b\n", [2]),
    (
        "any install without the flag",
        F + "RUN pip install --no-cache-dir a && pip install b\n",
        [2],
    ),
    ("pip install -U pip", F + "RUN pip install -U pip\n", [2]),
    ("pip download is no install", F + "RUN pip download x\n", []),
    ("pip uninstall", F + "RUN pip uninstall -y x\n", []),
    ("uv pip is uv's", F + "RUN uv pip install x\n", []),
    ("pip-sync", F + "RUN pip-sync requirements.txt\n", []),
    ("pipenv run pip", F + "RUN pipenv run pip install x\n", [2]),
    ("python -m pipx", F + "RUN python -m pipx install x\n", []),
    ("in an if body", F + "RUN if true; then pip install x; fi\n", [2]),
    (
        "continuation lines: the RUN's first line",
        F + "RUN apt-get update && \\\n  pip install x\n",
        [2],
    ),
    ("heredoc", F + "RUN <<EOF\npip install x\nEOF\n", [2]),
    ("exec form", F + 'RUN ["pip", "install", "x"]\n', [2]),
    ("variables are packages of unknown names", F + "RUN pip install $PKGS\n", [2]),
    ("ONBUILD RUN", F + "ONBUILD RUN pip install x\n", [2]),
    ("ONBUILD ENV is the child's", F + "ONBUILD ENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n", [3]),
    ("ENV after the RUN", F + "RUN pip install x\nENV PIP_NO_CACHE_DIR=1\n", [2]),
    ("ENV with an empty value", F + "ENV PIP_NO_CACHE_DIR=\nRUN pip install x\n", [3]),
    ("ENV legacy form", F + "ENV PIP_NO_CACHE_DIR 1\nRUN pip install x\n", []),
    ("ENV among others", F + "ENV A=1 PIP_NO_CACHE_DIR=1\nRUN pip install x\n", []),
    ("ENV of unknown value", F + "ENV PIP_NO_CACHE_DIR=$FROM_BASE\nRUN pip install x\n", []),
    ("cache mount dst=", F + "RUN --mount=type=cache,dst=/root/.cache/pip pip install x\n", []),
    (
        "cache mount destination=",
        F + "RUN --mount=type=cache,destination=/root/.cache/pip pip install x\n",
        [],
    ),
    (
        "a bind mount keeps no cache out",
        F + "RUN --mount=type=bind,target=/root/.cache/pip pip install x\n",
        [2],
    ),
    (
        "a mount without type is a bind",
        F + "RUN --mount=target=/root/.cache/pip pip install x\n",
        [2],
    ),
    ("cache mount elsewhere", F + "RUN --mount=type=cache,target=/tmp/c pip install x\n", [2]),
    (
        "cache mount .cache/pip-tools",
        F + "RUN --mount=type=cache,target=/root/.cache/pip-tools pip install x\n",
        [],
    ),
    (
        "cache mount at the --cache-dir",
        F + "RUN --mount=type=cache,target=/pc pip install --cache-dir /pc x\n",
        [],
    ),
    (
        "XDG_CACHE_HOME moves the cache into the mount",
        F + "ENV XDG_CACHE_HOME=/xdg\nRUN --mount=type=cache,target=/xdg pip install x\n",
        [],
    ),
    (
        "cache mount of unknown target",
        F + "RUN --mount=type=cache,target=$FROM_BASE pip install x\n",
        [],
    ),
    ("removes the cache after", F + "RUN pip install x && rm -rf /root/.cache/pip\n", []),
    ("removes ~/.cache after", F + "RUN pip install x && rm -rf ~/.cache\n", []),
    ("removes /root/.cache/* after", F + "RUN pip install x && rm -rf /root/.cache/*\n", []),
    ("pip cache purge after", F + "RUN pip install x && pip cache purge\n", []),
    ("removes the cache before", F + "RUN rm -rf /root/.cache && pip install x\n", [2]),
    ("removes another cache", F + "RUN pip install x && rm -rf /root/.cache/uv\n", [2]),
    (
        "multi-stage: each shipped stage",
        "FROM python:3.12 AS base\nRUN pip install x==1\nFROM base\nRUN pip install /w/*.whl\n",
        [2, 4],
    ),
    ("abbreviated --no-cache-dir", F + "RUN pip install --no-cache flask==3.0.3\n", []),
    ("--no-ca is still unambiguous", F + "RUN pip install --no-ca flask==3.0.3\n", []),
    ("--no-c is not --no-cache-dir", F + "RUN pip install --no-c flask==3.0.3\n", [2]),
    (
        "a build stage counts: its cache bloats the build cache",
        "FROM python:3.12 AS build\nRUN python -m venv /venv && /venv/bin/pip install x==1\n"
        "FROM python:3.12-slim\nCOPY --from=build /venv /venv\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    *[
        (
            f"spec: ENV PIP_NO_CACHE_DIR={v}",
            F + f"ENV PIP_NO_CACHE_DIR={v}\nRUN {P}\n",
            [3],
            [],
            "pip turns its cache off for any value it accepts, `0` and `false` too",
        )
        for v in ("0", "off", "no", "false")
    ],
    *[
        (
            f"spec: RUN PIP_NO_CACHE_DIR={v} pip",
            F + f"RUN PIP_NO_CACHE_DIR={v} {P}\n",
            [2],
            [],
            "pip turns its cache off for any value it accepts",
        )
        for v in ("0", "off", "no", "false")
    ],
    *[
        (
            f"spec: export PIP_NO_CACHE_DIR={v}",
            F + f"RUN export PIP_NO_CACHE_DIR={v} && {P}\n",
            [2],
            [],
            "pip turns its cache off for any value it accepts",
        )
        for v in ("0", "off", "no", "false")
    ],
    (
        "cache mount at PIP_CACHE_DIR (PEERS not-to-copy 8)",
        F + "ENV PIP_CACHE_DIR=/.cache\n"
        "RUN --mount=type=cache,target=${PIP_CACHE_DIR},sharing=locked pip install x\n",
        [3],
        [],
        "pip's cache is in the cache mount, out of the layer",
    ),
    (
        "cache mount at an ARG PIP_CACHE_DIR",
        F + "ARG PIP_CACHE_DIR=/tmp/pip-cache\n"
        "RUN --mount=type=cache,target=${PIP_CACHE_DIR} pip install x\n",
        [3],
        [],
        "the ARG is in the RUN's environment: pip writes into the mount",
    ),
    (
        "cache mount with a pip id (PEERS not-to-copy 8)",
        F + "RUN --mount=type=cache,id=pip,target=/tmp/c pip install x\n",
        [2],
        [],
        "a cache mount set up for pip",
    ),
    (
        "cache mount at /root/.cache",
        F + "RUN --mount=type=cache,target=/root/.cache pip install x\n",
        [2],
        [],
        "pip's default cache, /root/.cache/pip, is inside the mount",
    ),
    (
        "ARG PIP_NO_CACHE_DIR",
        F + "ARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
        [3],
        [],
        "build arguments are in the environment of RUN",
    ),
    (
        "quoted inline value",
        F + 'RUN PIP_NO_CACHE_DIR="1" pip install x\n',
        [2],
        [],
        "the shell removes the quotes: pip sees 1",
    ),
    (
        "PIP_NO_CACHE_DIR=1 only echoed",
        F + "RUN echo PIP_NO_CACHE_DIR=1 && pip install x\n",
        [],
        [2],
        "echo sets nothing; hadolint searches the RUN's text",
    ),
    (
        "PIP_NO_CACHE_DIR=1 in a comment",
        F + "RUN pip install x # PIP_NO_CACHE_DIR=1\n",
        [],
        [2],
        "a comment sets nothing",
    ),
    (
        "ENV 1 then ENV empty",
        F + "ENV PIP_NO_CACHE_DIR=1\nENV PIP_NO_CACHE_DIR=\nRUN pip install x\n",
        [],
        [4],
        "pip ignores an empty value; hadolint never forgets a truthy ENV",
    ),
    (
        "stage keyed by image name",
        "FROM python:3.9\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.11\nRUN pip install x\n",
        [],
        [4],
        "the second stage does not inherit the first's ENV; hadolint keys stages by image"
        " name without the tag",
    ),
    (
        "--cache-dir away from the cache mount",
        F + "RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir=/other x\n",
        [],
        [2],
        "pip writes its cache to /other, in the layer; hadolint only reads the target",
    ),
    (
        "a base image that turns the cache off",
        "FROM registry.access.redhat.com/ubi9/python-312-minimal:latest\nRUN pip install x\n",
        [2],
        [],
        "the SCL Python images set PIP_NO_CACHE_DIR=off in their configuration",
    ),
    ("pip by path", F + "RUN /opt/venv/bin/pip install x\n", [], [2], "pip under any path"),
    ("sudo pip", F + "RUN sudo pip install x\n", [], [2], "sudo runs pip"),
    ("bash -c pip", F + "RUN bash -c 'pip install x'\n", [], [2], "the shell runs pip"),
    ("conda run pip", F + "RUN conda run -n env pip install x\n", [], [2], "conda runs pip"),
    ("pip3 list install", F + "RUN pip3 list install\n", [2], [], "`list` installs nothing"),
    (
        "a RUN that removes the cache",
        F + "RUN pip install x && rm -rf /root/.cache/pip\n",
        [2],
        [],
        "the cache is gone before the layer is committed",
    ),
]


lint = linter(CODE)
test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


@pytest.mark.parametrize(("label", "text", "lines"), ONBUILD, ids=lambda v: str(v)[:40])
def test_onbuild_variant(label: str, text: str, lines: list[int]) -> None:
    wrapped = text.replace("\nRUN ", "\nONBUILD RUN ")
    assert lint(wrapped) == [(CODE, line) for line in lines], label


def test_message_names_the_command() -> None:
    (found,) = findings(F + "RUN pip3 install -r requirements.txt\n", select=[CODE])
    assert "`pip3 install`" in found.message
    assert found.fix is not None and "--no-cache-dir" in found.fix
    (module,) = findings(F + "RUN python3 -m pip install x\n", select=[CODE])
    assert "`python -m pip install`" in module.message


def test_in_the_default_selection() -> None:
    assert (CODE, 2) in lint_snippet(F + "RUN pip install x\n")


def test_many_installs_and_removals_stay_linear() -> None:
    from dockerlint_ml.rules.hadolint import pip_install_cache
    from tests.helpers import lines_run

    def count(n: int) -> int:
        body = " && ".join(["pip install x && rm -rf /tmp/x"] * n) + " && rm -rf /root/.cache"
        text = F + "RUN " + body + "\n"
        return lines_run((pip_install_cache,), lambda: lint(text))

    small, large = count(20), count(160)
    assert large <= 9 * small, (small, large)

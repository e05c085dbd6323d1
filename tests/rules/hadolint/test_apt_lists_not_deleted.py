"""DL3009 apt-lists-not-deleted: hadolint's spec cases (DL3009Spec.hs) and ours."""

from __future__ import annotations

import pytest

from tests.helpers import findings
from tests.rules.hadolint.table import Case, Different, linter, table_tests

CODE = "DL3009"

# (label, Dockerfile, lines reported, lines reported with every RUN wrapped in ONBUILD)
SpecCase = tuple[str, str, list[int], list[int]]

UPDATE = "RUN apt-get update && apt-get install python\n"
D = "FROM debian:12\n"

# DL3009Spec.hs at v2.15.1, in our words; the snippets without a FROM get one. The onbuild
# column: ONBUILD triggers run in the image built on this one, whatever stage they sit in.
SPEC: list[SpecCase] = [
    ("spec: no cleanup", "FROM scratch\n" + UPDATE, [2], [2]),
    (
        "spec: a stage nothing builds on",
        "FROM ubuntu as foo\n" + UPDATE + "FROM scratch\nRUN echo hey!\n",
        [],
        [2],
    ),
    (
        "spec: no cleanup in the last stage",
        "FROM ubuntu as foo\nRUN hey!\nFROM scratch\n" + UPDATE,
        [4],
        [4],
    ),
    (
        "spec: a stage the last is built on",
        "FROM ubuntu as foo\n" + UPDATE + "FROM foo\nRUN hey!\n",
        [2],
        [2],
    ),
    (
        "spec: a stage the last is built on, cleaned",
        "FROM ubuntu as foo\nRUN apt-get update && apt-get install python"
        " && rm -rf /var/lib/apt/lists/*\nFROM foo\nRUN hey!\n",
        [],
        [],
    ),
    (
        "spec: an earlier stage nothing uses",
        "FROM ubuntu as foo\n" + UPDATE + "FROM scratch\nRUN hey!\n",
        [],
        [2],
    ),
    (
        "spec: cleanup",
        "FROM scratch\nRUN apt-get update && apt-get install python"
        " && rm -rf /var/lib/apt/lists/*\n",
        [],
        [],
    ),
    (
        "spec: cache mount of the lists",
        D + "RUN --mount=type=cache,target=/var/lib/apt/lists \\\n"
        "    apt-get update && apt-get install python\n",
        [],
        [],
    ),
    (
        "spec: cache mounts of /var/lib/apt and /var/cache/apt",
        D + "RUN --mount=type=cache,target=/var/lib/apt \\\n"
        "    --mount=type=cache,target=/var/cache/apt \\\n"
        "    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n"
        "    apt-get update && apt-get install python\n",
        [],
        [],
    ),
    (
        "spec: cache mounts of /var/cache/apt and /var/lib/apt",
        D + "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
        "RUN --mount=type=cache,target=/var/cache/apt \\\n"
        "    --mount=type=cache,target=/var/lib/apt \\\n"
        "    apt-get update && apt-get install foo\n",
        [],
        [],
    ),
    (
        "spec: cache mount of /var/cache/apt only",
        D + "RUN --mount=type=cache,target=/var/cache/apt \\\n"
        "    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n"
        "    apt-get update && apt-get install python\n",
        [2],
        [2],
    ),
]

OURS: list[Case] = [
    ("apt update", D + "RUN apt update && apt install -y x\n", [2]),
    ("aptitude update", D + "RUN aptitude update\n", [2]),
    ("apt-get -qq update", D + "RUN apt-get -qq update\n", [2]),
    ("update alone", D + "RUN apt-get update\n", [2]),
    ("install without update", D + "RUN apt-get install -y x\n", []),
    (
        "rm -fr",
        D + "RUN apt-get update && apt-get install -y x && rm -fr /var/lib/apt/lists/*\n",
        [],
    ),
    (
        "rm -f of the lists",
        D + "RUN apt-get update && apt-get install -y x; rm -f /var/lib/apt/lists/*\n",
        [],
    ),
    (
        "rm of a parent",
        D + "RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt\n",
        [],
    ),
    (
        "a glob of the directory",
        D + "RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists*\n",
        [],
    ),
    (
        "rm of a variable path",
        D + "RUN apt-get update && apt-get install -y x && rm -rf $LISTS\n",
        [],
    ),
    (
        "apt-get clean keeps the lists",
        D + "RUN apt-get update && apt-get install -y x && apt-get clean\n",
        [2],
    ),
    (
        "rm of part of the lists",
        D + "RUN apt-get update && rm -rf /var/lib/apt/lists/partial\n",
        [2],
    ),
    (
        "cleanup in a later RUN",
        D + "RUN apt-get update && apt-get install -y x\nRUN rm -rf /var/lib/apt/lists/*\n",
        [2],
    ),
    (
        "find -delete",
        D
        + "RUN apt-get update && apt-get install -y x && find /var/lib/apt/lists -type f -delete\n",
        [],
    ),
    (
        "the last update counts",
        D + "RUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update\n",
        [2],
    ),
    (
        "tmpfs mount of the lists",
        D + "RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update\n",
        [],
    ),
    (
        "bind mount of the lists",
        D + "RUN --mount=type=bind,target=/var/lib/apt/lists apt-get update\n",
        [2],
    ),
    (
        "cache mount of unknown target",
        D + "RUN --mount=type=cache,target=$APT_LISTS apt-get update\n",
        [],
    ),
    (
        "cache mount of a resolved target",
        D + "ARG L=/var/lib/apt/lists\nRUN --mount=type=cache,target=$L apt-get update\n",
        [],
    ),
    ("heredoc", D + "RUN <<EOF\napt-get update\napt-get install -y x\nEOF\n", [2]),
    (
        "heredoc that cleans",
        D + "RUN <<EOF\napt-get update\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        [],
    ),
    ("exec form", D + 'RUN ["apt-get", "update"]\n', [2]),
    (
        "continuation lines: the RUN's first line",
        D + "RUN set -eux; \\\n  apt-get update; \\\n  apt-get install -y x\n",
        [2],
    ),
    ("a variable package list", D + "RUN apt-get update && apt-get install -y $PKGS\n", [2]),
    (
        "brace expansion under bash",
        D + 'SHELL ["/bin/bash", "-c"]\nRUN apt-get update && rm -rf /var/lib/{apt,dpkg}/lists\n',
        [],
    ),
    (
        "no brace expansion under dash",
        D + "RUN apt update && rm -rf /var/lib/{apt,dpkg,cache,log}/\n",
        [2],
    ),
    ("ONBUILD RUN", D + "ONBUILD RUN apt-get update\n", [2]),
    (
        "a build stage others copy from",
        "FROM ubuntu AS build\n" + UPDATE + "FROM alpine:3\nCOPY --from=build /x /x\n",
        [],
    ),
    (
        "a chain of stages",
        "FROM ubuntu AS a\n" + UPDATE + "FROM a AS b\nRUN x\nFROM b\nRUN y\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "spec: cache mount of /var/lib/apt only",
        D + "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
        "RUN --mount=type=cache,target=/var/lib/apt \\\n"
        "    apt-get update && apt-get install python\n",
        [3],
        [],
        "the lists, /var/lib/apt/lists, are inside the cache mount: none is in the layer",
    ),
    (
        "spec (onbuild): cache mount of /var/lib/apt only",
        D + "ONBUILD RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
        "ONBUILD RUN --mount=type=cache,target=/var/lib/apt \\\n"
        "    apt-get update && apt-get install python\n",
        [3],
        [],
        "the same mount in the image built on this one",
    ),
    (
        "any rm -rf",
        D + "RUN apt-get update && apt-get install -y x && rm -rf /tmp/*\n",
        [],
        [2],
        "the lists are still there; hadolint takes any `rm -rf` for a cleanup",
    ),
    (
        "rm -Rf of the directory",
        D + "RUN apt-get update && apt-get install -y x && rm -Rf /var/lib/apt/lists\n",
        [2],
        [],
        "the lists are deleted; hadolint wants `-rf` or the `/*` glob",
    ),
    (
        "rm -r -f",
        D + "RUN apt-get update && apt-get install -y x && rm -r -f /var/lib/apt/lists\n",
        [2],
        [],
        "the lists are deleted",
    ),
    (
        "cleanup before the update",
        D + "RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y x\n",
        [],
        [2],
        "the update downloads the lists again after the rm",
    ),
    (
        "apt-get dist-clean",
        D + "RUN apt-get update; apt-get install -y x; apt-get dist-clean\n",
        [2],
        [],
        "APT 2.7.8+ deletes the lists with dist-clean (Debian trixie's official images)",
    ),
    (
        "sudo apt-get update",
        D + "RUN sudo apt-get update && sudo apt-get install -y x\n",
        [],
        [2],
        "sudo runs apt-get",
    ),
    (
        "sh -c apt-get update",
        D + 'RUN sh -c "apt-get update && apt-get install -y x"\n',
        [],
        [2],
        "the shell runs apt-get",
    ),
    (
        "heredoc fed to bash -ex",
        D + 'RUN bash -ex <<"EOF"\napt-get update\napt-get install -y bc\napt-get clean\nEOF\n',
        [],
        [2],
        "bash runs the heredoc; hadolint reads a heredoc only when the RUN starts with it",
    ),
    (
        "identical FROM lines",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y x\n"
        "FROM ubuntu:22.04\nRUN echo\n",
        [2],
        [],
        "the first stage is not the last; hadolint compares FROM lines",
    ),
    (
        "stage names are case-insensitive",
        "FROM a AS X\nRUN apt-get update\nFROM x\nRUN y\n",
        [],
        [2],
        "Docker builds the last stage on X",
    ),
    (
        "the base of a discarded build stage",
        "FROM ubuntu AS deps\n" + UPDATE + "FROM deps AS builder\nRUN make\n"
        "FROM ubuntu\nCOPY --from=builder /x /x\n",
        [2],
        [],
        "deps's layers only reach the builder stage, which is discarded",
    ),
    (
        "a stage named by an ARG",
        "ARG P=xpu\nFROM ubuntu AS xpu\n" + UPDATE + "FROM ubuntu AS cpu\nRUN x\n"
        "FROM ${P} AS final\nRUN y\n",
        [],
        [3],
        "the last stage is built on xpu; hadolint does not resolve the ARG",
    ),
]


lint = linter(CODE)
test_case, test_deliberately_different = table_tests(CODE, OURS, DIFFERENT)


@pytest.mark.parametrize(("label", "text", "lines", "onbuild"), SPEC, ids=lambda v: str(v)[:40])
def test_spec(label: str, text: str, lines: list[int], onbuild: list[int]) -> None:
    assert lint(text) == [(CODE, line) for line in lines], label
    wrapped = text.replace("\nRUN ", "\nONBUILD RUN ")
    assert lint(wrapped) == [(CODE, line) for line in onbuild], label


def test_message_names_the_update() -> None:
    (found,) = findings(D + "RUN apt update && apt install -y curl\n", select=[CODE])
    assert "`apt update`" in found.message
    assert found.fix is not None and "rm -rf /var/lib/apt/lists/*" in found.fix


def test_a_hostile_brace_word_is_bounded() -> None:
    word = "/var/lib/" + "{a,b}" * 40 + "/lists"
    text = D + f'SHELL ["/bin/bash", "-c"]\nRUN apt-get update && rm -rf {word}\n'
    assert lint(text) == [(CODE, 3)]


def test_many_updates_and_removals_stay_linear() -> None:
    from dockerlint_ml.rules.hadolint import apt_lists_not_deleted
    from tests.helpers import lines_run

    def count(n: int) -> int:
        text = D + "RUN " + " && ".join(["apt-get update && rm -rf /tmp/x"] * n) + "\n"
        return lines_run((apt_lists_not_deleted,), lambda: lint(text))

    small, large = count(20), count(160)
    assert large <= 9 * small, (small, large)


def test_an_update_alone_is_told_to_join_its_install() -> None:
    # Deleting the lists in the update's own RUN would break the later install: the hint
    # must say to merge instead.
    text = (
        "FROM debian:12-slim\nRUN apt-get update\n"
        "RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
    )
    (found,) = findings(text, select=[CODE])
    assert (found.span.line, found.message) == (
        2,
        "`apt-get update` runs without an install after it in this RUN, so its lists stay"
        " in this layer.",
    )
    assert found.fix == (
        "Run `apt-get update` in the RUN of the install that needs it, and end that RUN with"
        " `&& rm -rf /var/lib/apt/lists/*`."
    )

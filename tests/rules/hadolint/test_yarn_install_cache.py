"""DL3060 yarn-install-cache: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3060Spec.hs (the multi-stage version, which 2.15.1 runs;
every case checked with the 2.15.1 binary, which also has the cache-mount exemption of
commit b2dd2e7), each with its onbuild variant: hadolint's onbuild variants wrap every
instruction of the file in ONBUILD, so `ONBUILD FROM` lines make them other files; here an
onbuild variant wraps the RUN lines only. `RUN hey!` is kept as the spec writes it.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3060"
N = "FROM node:22-slim\n"

SPEC: list[Case] = [
    ("spec: other commands", N + "RUN foo\n", []),
    ("spec: no cache clean", N + "RUN yarn install foo\n", [2]),
    ("spec: cache clean", N + "RUN yarn install bar && yarn cache clean\n", []),
    ("spec: the last stage",
     "FROM node:lts-alpine as foo\nRUN hey!\nFROM scratch\nRUN yarn install\n", [4]),
    ("spec: a stage the last is built on",
     "FROM node:lts-alpine as foo\nRUN yarn install\nFROM foo\nRUN hey!\n", [2]),
    ("spec: a stage the last is built on, cleaned",
     "FROM node:lts-alpine as foo\nRUN yarn install && yarn cache clean\nFROM foo\nRUN hey!\n",
     []),
    ("spec: a stage nothing is built on",
     "FROM node:lts-alpine as foo\nRUN yarn install foo\nFROM scratch\nRUN hey!\n", []),
]  # fmt: skip
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
    if "stage nothing is built on" not in label
]
SPEC += [
    ("spec: a stage nothing is built on (onbuild)",
     "FROM node:lts-alpine as foo\nONBUILD RUN yarn install foo\nFROM scratch\nONBUILD RUN hey!\n",
     [2]),
]  # fmt: skip

OURS: list[Case] = [
    ("cache clean --all", N + "RUN yarn install --frozen-lockfile && yarn cache clean --all\n", []),
    ("cache clean before the install", N + "RUN yarn cache clean && yarn install\n", [2]),
    ("cache clean in a later RUN", N + "RUN yarn install\nRUN yarn cache clean\n", [2]),
    ("a cache mount on .cache/yarn",
     N + "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n", []),
    ("a cache mount on ~/.cache/yarn",
     N + "RUN --mount=type=cache,target=/root/.cache/yarn yarn install\n", []),
    ("a mount elsewhere", N + "RUN --mount=type=cache,target=/root/.npm yarn install\n", [2]),
    ("two stages",
     "FROM node:22 AS build\nRUN yarn install\nFROM node:22\nRUN yarn install\n", [4]),
    ("a build stage copied from",
     "FROM node:22 AS build\nRUN yarn install\nFROM nginx\nCOPY --from=build /app /app\n", []),
    ("onbuild in a build stage", "FROM node:22 AS a\nONBUILD RUN yarn install\nFROM nginx\n", [2]),
    ("yarn build", N + "RUN yarn build\n", []),
    ("rm of $(yarn cache dir)", N + 'RUN yarn install && rm -rf "$(yarn cache dir)"\n', []),
    ("yarn --version", N + "RUN yarn --version\n", []),
    ("once per RUN", N + "RUN yarn install && yarn install --production\n", [2]),
    ("exec form", N + 'RUN ["yarn", "install"]\n', [2]),
    ("heredoc", N + "RUN <<EOF\nyarn install\nEOF\n", [2]),
]  # fmt: skip

DIFFERENT: list[Different] = [
    ("rm of the default cache",
     N + "RUN yarn install && rm -rf /usr/local/share/.cache/yarn\n", [2], [],
     "the cache is deleted before the layer is committed"),
    ("rm of the --cache-folder",
     N + "RUN yarn install --cache-folder /tmp/yc && rm -rf /tmp/yc\n", [2], [],
     "the cache is where --cache-folder says, and it is deleted"),
    ("a mount on Yarn 2's global folder",
     N + "RUN --mount=type=cache,target=/root/.yarn yarn install\n", [2], [],
     "Yarn 2+ keeps its global cache in ~/.yarn/berry/cache, inside the mount"),
    ("a mount on a parent",
     N + "RUN --mount=type=cache,target=/usr/local/share/.cache yarn install\n", [2], [],
     "the cache directory is inside the mount"),
    ("a mount on YARN_CACHE_FOLDER",
     N + "ENV YARN_CACHE_FOLDER=/yc\nRUN --mount=type=cache,target=/yc yarn install\n", [3], [],
     "yarn writes its cache where YARN_CACHE_FOLDER says, inside the mount"),
    ("a mount whose id names yarn",
     N + "RUN --mount=type=cache,id=yarn,target=/cache yarn install\n", [2], [],
     "a cache mount whose id names yarn is taken for yarn's cache, as DL3042 reads pip's"),
    ("a bare yarn", N + "RUN yarn --frozen-lockfile\n", [], [2], "a bare `yarn` installs"),
    ("yarn add", N + "RUN yarn add express@4\n", [], [2], "yarn add fills the cache too"),
    ("yarn global add", N + "RUN yarn global add serve@14\n", [], [2],
     "yarn global add fills the cache too"),
    ("behind sudo", N + "RUN sudo yarn install\n", [], [2],
     "sudo runs yarn; hadolint sees only the command name `sudo`"),
    ("a stage only a build stage is built on",
     "FROM node:22 AS a\nRUN yarn install\nFROM a AS b\nRUN echo\nFROM nginx\n", [2], [],
     "neither a nor b reaches the final image"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(N + "RUN yarn global add serve@14\n", select=[CODE])
    assert found.message == "`yarn global add` leaves yarn's download cache in the image layer."
    assert found.fix is not None and "`&& yarn cache clean`" in found.fix


def test_unknown_cache_folder_is_not_judged() -> None:
    assert lint_snippet(N + "RUN yarn install --cache-folder $C\n", select=[CODE]) == []
    assert lint_snippet(N + "ARG C\nENV YARN_CACHE_FOLDER=$C\nRUN yarn\n", select=[CODE]) == []


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(N + "RUN yarn install\n")}

"""DL3072 gradle-build-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3072Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3072"
F = "FROM eclipse-temurin:21-jdk\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("gradle build", "RUN gradle build", True),
    *spec("./gradlew build", "RUN ./gradlew build", True),
    *spec("not gradle", "RUN echo hello", False),
    *spec(
        "cache at /root/.gradle", "RUN --mount=type=cache,target=/root/.gradle gradle build", False
    ),
    *spec(
        "tmpfs at /root/.gradle", "RUN --mount=type=tmpfs,target=/root/.gradle gradle build", False
    ),
    *spec(
        "cache at /root/.gradle for the wrapper",
        "RUN --mount=type=cache,target=/root/.gradle ./gradlew build",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path gradle build", True),
]

OURS: list[Case] = [
    ("the wrapper without a task", F + "RUN ./gradlew --version\n", [2]),
    ("offline", F + "RUN gradle --offline build\n", []),
    ("options with values", F + "RUN gradle -p app --console plain bootJar\n", [2]),
    (
        "the caches directory",
        F + "RUN --mount=type=cache,target=/root/.gradle/caches gradle build\n",
        [],
    ),
    (
        "GRADLE_USER_HOME followed",
        F + "ENV GRADLE_USER_HOME=/g\nRUN --mount=type=cache,target=/g/caches gradle build\n",
        [],
    ),
    ("--gradle-user-home", F + "RUN --mount=type=cache,target=/h gradle -g /h build\n", []),
    ("a cache id", F + "RUN --mount=type=cache,id=gradle,target=/x gradle build\n", []),
    ("sh -c", F + "RUN sh -c './gradlew assemble'\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "gradle --version",
        F + "RUN gradle --version\n",
        [2],
        [],
        "no task: Gradle resolves no dependency (the wrapper is reported: it downloads Gradle)",
    ),
    (
        "gradle --offline",
        F + "RUN gradle build --offline\n",
        [2],
        [],
        "offline, Gradle downloads nothing",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_mounts_below_the_user_home() -> None:
    (found,) = findings(F + "RUN ./gradlew build\n", select=[CODE])
    assert "`gradlew build`" in found.message and len(found.message) <= 90
    assert found.fix is not None and "target=/root/.gradle/caches`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN gradle build\n")}

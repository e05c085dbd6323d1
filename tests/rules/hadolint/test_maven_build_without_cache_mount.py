"""DL3071 maven-build-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3071Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3071"
F = "FROM maven:3.9-eclipse-temurin-21\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("mvn install", "RUN mvn install", True),
    *spec("mvn compile", "RUN mvn compile", True),
    *spec("not mvn", "RUN echo hello", False),
    *spec("cache at /root/.m2", "RUN --mount=type=cache,target=/root/.m2 mvn install", False),
    *spec("tmpfs at /root/.m2", "RUN --mount=type=tmpfs,target=/root/.m2 mvn install", False),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path mvn install", True),
]

OURS: list[Case] = [
    ("mvn -v", F + "RUN mvn -v\n", []),
    ("offline", F + "RUN mvn -o package\n", []),
    ("options with values", F + "RUN mvn -B -f app/pom.xml -T 4 package -DskipTests\n", [2]),
    (
        "the repository itself",
        F + "RUN --mount=type=cache,target=/root/.m2/repository mvn package\n",
        [],
    ),
    (
        "maven.repo.local followed",
        F + "RUN --mount=type=cache,target=/r mvn -Dmaven.repo.local=/r package\n",
        [],
    ),
    ("a cache id naming maven", F + "RUN --mount=type=cache,id=maven,target=/x mvn package\n", []),
    ("mvn under a path", F + "RUN /usr/share/maven/bin/mvn package\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "dependency:go-offline",
        F + "RUN mvn dependency:go-offline\n",
        [],
        [2],
        "it downloads every dependency: any goal resolves them, not only hadolint's seven",
    ),
    (
        "the wrapper",
        F + "RUN ./mvnw -B package\n",
        [],
        [2],
        "the Maven wrapper runs Maven (and downloads it): hadolint matches `mvn` only",
    ),
    (
        "offline",
        F + "RUN mvn --offline package\n",
        [2],
        [],
        "offline, Maven downloads nothing",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_leaves_settings_visible() -> None:
    (found,) = findings(F + "RUN mvn package\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None and "target=/root/.m2/repository`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN mvn package\n")}

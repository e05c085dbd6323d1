"""DL3072 gradle-build-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# Gradle's options that take the next word as their value.
_VALUED = frozenset(
    {"-p", "--project-dir", "-g", "--gradle-user-home", "-b", "--build-file", "-c"}
    | {"--settings-file", "-x", "--exclude-task", "-I", "--init-script", "--console"}
    | {"--warning-mode", "--max-workers", "--priority", "--include-build", "-D", "-P"}
)


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if "--offline" in args:
        return None
    tasks = operands(args, _VALUED)
    if tasks:
        return f"{program} {tasks[0]}"
    # The wrapper downloads the Gradle distribution itself on any first run.
    return program if program == "gradlew" else None


GRADLE = Tool(
    label="Gradle's caches",
    programs=frozenset({"gradle", "gradlew"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".gradle/caches",
            "a cache mount on `$GRADLE_USER_HOME/caches`",
            env=(("GRADLE_USER_HOME", "/caches"),),
            options=(("-g", "/caches"), ("--gradle-user-home", "/caches")),
        ),
    ),
    fragments=("gradle",),
    ids=("gradle",),
)


class GradleBuildWithoutCacheMount(CacheMountRule):
    """A RUN runs Gradle tasks with no cache mount on Gradle's caches.

    A RUN is reported once, on its first line, when one of its commands is `gradle` with a
    task to run (`build`, `bootJar`...; not `gradle --version`) or the wrapper `gradlew`
    (any path to it: the wrapper downloads the Gradle distribution too), without
    `--offline`, and no `--mount=type=cache` or `type=tmpfs` of the RUN is on Gradle's
    user home caches (`-g`/`--gradle-user-home` on the command, else `GRADLE_USER_HOME`,
    else `/root/.gradle`, with `/caches` below): a mount on them, a parent or a part of
    them, a target with `gradle` in it, or a cache whose `id` names Gradle. A mount whose
    target is not known is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    Gradle downloads its plugins and dependencies, and the wrapper the Gradle
    distribution, into the user home. Without a cache mount all of it is downloaded again
    whenever the layer is rebuilt.

    ## Example

    ```dockerfile
    FROM eclipse-temurin:21-jdk
    WORKDIR /src
    COPY . .
    RUN ./gradlew --no-daemon bootJar
    ```

    ## Use instead

    ```dockerfile
    FROM eclipse-temurin:21-jdk
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/root/.gradle/caches \\
        --mount=type=cache,target=/root/.gradle/wrapper \\
        ./gradlew --no-daemon bootJar
    ```

    Mount the directories below `~/.gradle`, not `~/.gradle` itself: a
    `gradle.properties` or an `init.d` script copied there earlier would be hidden.

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing. Select `DL3072` to enforce it.

    ## Differences from hadolint

    - hadolint reports every `gradle` command (`gradle --version` too); we report `gradle`
      with a task, and the wrapper always (it downloads the distribution).
    - `--offline` is not reported.
    - `GRADLE_USER_HOME` and `--gradle-user-home` are followed, any target naming Gradle
      or a cache `id` naming it counts, and a target that is not known is not judged.
    - The hint mounts `~/.gradle/caches` rather than `~/.gradle`.

    ## References

    - hadolint DL3072: https://github.com/hadolint/hadolint/wiki/DL3072
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3072Spec.hs
    - The Gradle user home (`GRADLE_USER_HOME`, `caches/`, `wrapper/`):
      https://docs.gradle.org/current/userguide/directory_layout.html
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3072"
    name = "gradle-build-without-cache-mount"
    commands = frozenset({"gradle", "gradlew"})
    tool = GRADLE

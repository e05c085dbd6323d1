"""DL3071 maven-build-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# mvn's options that take the next word as their value.
_VALUED = frozenset(
    {"-f", "--file", "-s", "--settings", "-gs", "--global-settings", "-t", "--toolchains"}
    | {"-gt", "--global-toolchains", "-P", "--activate-profiles", "-pl", "--projects"}
    | {"-rf", "--resume-from", "-T", "--threads", "-l", "--log-file", "-b", "--builder"}
    | {"-D", "--define", "--color"}
)


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if any(arg in ("-o", "--offline") for arg in args):
        return None
    goals = operands(args, _VALUED)
    return f"{program} {goals[0]}" if goals else None


MAVEN = Tool(
    label="Maven's local repository",
    programs=frozenset({"mvn", "mvnw"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".m2/repository",
            "a cache mount on the local repository",
            options=(("-Dmaven.repo.local=", ""),),
        ),
    ),
    fragments=(".m2", "maven"),
    ids=("maven", "m2", "mvn"),
)


class MavenBuildWithoutCacheMount(CacheMountRule):
    """A RUN runs Maven goals with no cache mount on Maven's local repository.

    A RUN is reported once, on its first line, when one of its commands is `mvn` or the
    Maven wrapper `mvnw` with a goal or phase to run (`package`, `install`,
    `dependency:go-offline`...; not `mvn -v`), without `-o`/`--offline`, and no
    `--mount=type=cache` or `type=tmpfs` of the RUN is on the local repository
    (`-Dmaven.repo.local=DIR` on the command, else `/root/.m2/repository`): a mount on it,
    a parent or a part of it, a target with `.m2` or `maven` in it, or a cache whose `id`
    names Maven. A mount whose target is not known is not judged. Checked inside ONBUILD
    too.

    ## Why is this bad?

    Maven downloads every plugin and dependency into its local repository. Without a
    cache mount the download starts from nothing whenever the layer is rebuilt, which is
    on every change to `pom.xml` or, in the common `COPY . .` layout, to any source file.

    ## Example

    ```dockerfile
    FROM maven:3.9-eclipse-temurin-21
    WORKDIR /src
    COPY . .
    RUN mvn -B package -DskipTests
    ```

    ## Use instead

    ```dockerfile
    FROM maven:3.9-eclipse-temurin-21
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/root/.m2/repository mvn -B package -DskipTests
    ```

    Mount `~/.m2/repository`, not `~/.m2`: a `settings.xml` copied into `~/.m2` by an
    earlier instruction would be hidden under the cache.

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing, and projects that resolve dependencies in a layer of their own
    (`mvn dependency:go-offline` after copying only `pom.xml`) already avoid most of the
    downloads. Select `DL3071` to enforce it.

    ## Differences from hadolint

    - Any goal or phase counts, and the wrapper `./mvnw` too: hadolint reports `mvn` with
      one of seven words (`install`, `compile`, `package`, `test`, `verify`, `deploy`,
      `dependency:resolve`) anywhere, so it misses `mvn dependency:go-offline` and
      `./mvnw package`.
    - `-o`/`--offline` downloads nothing: not reported.
    - `-Dmaven.repo.local` is followed, a target with `maven` in it or a cache `id` naming
      Maven counts, and a target that is not known is not judged.
    - The hint mounts `~/.m2/repository` rather than `~/.m2`, which holds `settings.xml`.

    ## References

    - hadolint DL3071: https://github.com/hadolint/hadolint/wiki/DL3071
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3071Spec.hs
    - Maven's local repository and `maven.repo.local`:
      https://maven.apache.org/guides/mini/guide-configuring-maven.html
    - `-o`/`--offline`: https://maven.apache.org/ref/current/maven-embedder/cli.html
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3071"
    name = "maven-build-without-cache-mount"
    commands = frozenset({"mvn", "mvnw"})
    tool = MAVEN

"""DL3074 dotnet-restore-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# dotnet commands that restore NuGet packages (unless given `--no-restore`).
_RESTORING = frozenset({"restore", "build", "publish", "test", "run", "pack"})
# `dotnet tool` commands that download packages.
_TOOL_FETCHING = frozenset({"install", "restore", "update"})


def _downloads(program: str, args: Sequence[str]) -> str | None:
    words = operands(args, frozenset())
    if not words:
        return None
    if program == "nuget":
        return f"nuget {words[0]}" if words[0] in ("restore", "install") else None
    if words[0] in _RESTORING:
        return None if "--no-restore" in args else f"dotnet {words[0]}"
    if words[0] == "add" and "package" in words[1:3]:  # `dotnet add [<project>] package`
        return "dotnet add package"
    if words[0] == "tool" and len(words) > 1 and words[1] in _TOOL_FETCHING:
        return f"dotnet tool {words[1]}"
    return None


NUGET = Tool(
    label="the NuGet package folder",
    programs=frozenset({"dotnet", "nuget"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".nuget/packages",
            "a cache mount on `$NUGET_PACKAGES`",
            env=(("NUGET_PACKAGES", ""),),
            options=(("--packages", ""), ("-PackagesDirectory", "")),
        ),
    ),
    fragments=("nuget",),
    ids=("nuget",),
)


class DotnetRestoreWithoutCacheMount(CacheMountRule):
    """A RUN restores NuGet packages with no cache mount on the NuGet package folder.

    A RUN is reported once, on its first line, when one of its commands restores
    packages: `dotnet restore`, or `dotnet build`, `publish`, `test`, `run` or `pack`
    without `--no-restore` (they restore first), `dotnet add package`, `dotnet tool
    install`/`restore`/`update`, `nuget restore` or `nuget install`; and no
    `--mount=type=cache` or `type=tmpfs` of the RUN is on the global packages folder
    (`--packages` on the command, else `NUGET_PACKAGES`, else `/root/.nuget/packages`): a
    mount on it, a parent or a part of it, any target or cache `id` with `nuget` in it
    (case-insensitive). A mount whose target is not known is not judged. Checked inside
    ONBUILD too.

    ## Why is this bad?

    A restore downloads every package of the project into the global packages folder.
    Without a cache mount all of them are downloaded again whenever the layer is rebuilt,
    and they stay in the layer after the build.

    ## Example

    ```dockerfile
    FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
    WORKDIR /src
    COPY *.csproj ./
    RUN dotnet restore
    ```

    ## Use instead

    ```dockerfile
    FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
    WORKDIR /src
    COPY *.csproj ./
    RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore
    ```

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing. Select `DL3074` to enforce it.

    ## Differences from hadolint

    - `--no-restore` is read: `dotnet publish --no-restore` after a `dotnet restore`
      downloads nothing, and hadolint reports it (it matches `build`, `publish`, `test`
      or `restore` anywhere in the words of `dotnet`). We also know `dotnet run`, `pack`,
      `add package`, `tool install` and `nuget install`.
    - `NUGET_PACKAGES` and `--packages` are followed, a cache `id` naming NuGet counts,
      `nuget` matches in any case (`/root/.local/share/NuGet`), and a target that is not
      known is not judged.

    ## References

    - hadolint DL3074: https://github.com/hadolint/hadolint/wiki/DL3074
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3074Spec.hs
    - The global packages folder and `NUGET_PACKAGES`:
      https://learn.microsoft.com/en-us/nuget/consume-packages/managing-the-global-packages-and-cache-folders
    - Implicit restore and `--no-restore`:
      https://learn.microsoft.com/en-us/dotnet/core/tools/dotnet-build#implicit-restore
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3074"
    name = "dotnet-restore-without-cache-mount"
    commands = frozenset({"dotnet", "nuget"})
    tool = NUGET

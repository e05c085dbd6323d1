"""DL3070 go-build-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# Subcommands that download modules or compile (into the build cache).
_BUILDING = frozenset({"build", "install", "test", "run", "get", "vet"})
# `go mod` subcommands that download modules (`init` and `edit` do not).
_MOD_FETCHING = frozenset({"download", "tidy", "vendor", "graph", "verify", "why"})


def _downloads(program: str, args: Sequence[str]) -> str | None:
    words = operands(args, frozenset({"-C"}))
    if not words:
        return None
    if words[0] in _BUILDING:
        return f"go {words[0]}"
    if words[0] == "mod" and len(words) > 1 and words[1] in _MOD_FETCHING:
        return f"go mod {words[1]}"
    return None


GO = Tool(
    label="Go's module and build caches",
    programs=frozenset({"go"}),
    downloads=_downloads,
    caches=(
        Cache(
            "go/pkg/mod",
            "a cache mount on `$GOMODCACHE`",
            env=(("GOMODCACHE", ""), ("GOPATH", "/pkg/mod")),
        ),
        Cache(
            ".cache/go-build",
            "a cache mount on `$GOCACHE`",
            env=(("GOCACHE", ""), ("XDG_CACHE_HOME", "/go-build")),
        ),
    ),
    fragments=("go-build", "pkg/mod", "gocache", "gomodcache"),
    ids=("go",),
)


class GoBuildWithoutCacheMount(CacheMountRule):
    """A RUN builds Go code or downloads Go modules with no cache mount on Go's caches.

    A RUN is reported once, on its first line, when one of its commands is `go build`,
    `go install`, `go test`, `go run`, `go get`, `go vet`, or a `go mod` that downloads
    (`download`, `tidy`, `vendor`, `graph`, `verify`, `why`; not `init` or `edit`), also
    behind `sudo`, `env` or `sh -c`, and no `--mount=type=cache` or `type=tmpfs` of the
    RUN is on the module cache (`GOMODCACHE`, else `$GOPATH/pkg/mod`: `/go/pkg/mod` in the
    official `golang` image, else `/root/go/pkg/mod`) or the build cache (`GOCACHE`, else
    `$XDG_CACHE_HOME/go-build`, else `/root/.cache/go-build`): a mount on either, a parent
    or a part of one, a target with `go-build` or `pkg/mod` in it, or a cache whose `id`
    names Go. A mount whose target is not known, or a cache variable that is not, is not
    judged. Checked inside ONBUILD too.

    ## Why is this bad?

    A change to any source file invalidates the layer; Go then downloads every module
    again and recompiles every package, its dependencies and the standard library
    included. With the two caches mounted, a rebuild downloads nothing and recompiles only
    what changed.

    ## Example

    ```dockerfile
    FROM golang:1.23
    WORKDIR /src
    COPY . .
    RUN go build -o /out/app ./cmd/app
    ```

    ## Use instead

    ```dockerfile
    FROM golang:1.23
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/go/pkg/mod \\
        --mount=type=cache,target=/root/.cache/go-build \\
        go build -o /out/app ./cmd/app
    ```

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache (many CI
    runners) gains nothing from the mounts. Select `DL3070` to enforce it.

    ## Differences from hadolint

    - The subcommand is read: hadolint reports `go` with one of its words anywhere
      (`go env GOPATH build`), and every `go mod`, `go mod init` included; we also know
      `go run` and `go vet`.
    - The mounts are compared with where Go writes, `GOMODCACHE`, `GOPATH` and `GOCACHE`
      resolved through the stage (`target=$GOMODCACHE`, `/gopath/pkg/mod`); a cache `id`
      naming Go counts; a target that is not known is not judged.

    ## References

    - hadolint DL3070: https://github.com/hadolint/hadolint/wiki/DL3070
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3070Spec.hs
    - The build cache (`GOCACHE`): https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching
    - The module cache (`GOMODCACHE`, `GOPATH`):
      https://go.dev/ref/mod#module-cache
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3070"
    name = "go-build-without-cache-mount"
    commands = frozenset({"go"})
    tool = GO

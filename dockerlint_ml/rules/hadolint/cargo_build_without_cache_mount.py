"""DL3069 cargo-build-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# cargo's options that take the next word as their value, before the subcommand.
_VALUED = frozenset({"-C", "--config", "-Z", "--color", "--explain", "--manifest-path"})
# Subcommands that fetch the crates a build needs (and their one-letter aliases).
_FETCHING = frozenset(
    {"build", "b", "check", "c", "clippy", "doc", "d", "fetch", "install", "run", "r"}
    | {"test", "t", "bench", "update", "vendor"}
)
_OFFLINE = frozenset({"--offline", "--frozen"})


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if any(arg in _OFFLINE for arg in args):
        return None
    words = operands(args, _VALUED)
    if words[:2] == ["chef", "cook"]:
        return "cargo chef cook"
    return f"cargo {words[0]}" if words and words[0] in _FETCHING else None


CARGO = Tool(
    label="cargo's registry",
    programs=frozenset({"cargo"}),
    downloads=_downloads,
    caches=(
        Cache(
            ".cargo/registry",
            "a cache mount on `$CARGO_HOME/registry`",
            env=(("CARGO_HOME", "/registry"),),
        ),
        Cache(".cargo/git", "a cache mount on `$CARGO_HOME/git`", env=(("CARGO_HOME", "/git"),)),
    ),
    fragments=("cargo",),
    ids=("cargo", "crate", "rust"),
    offline_env=("CARGO_NET_OFFLINE",),
)


class CargoBuildWithoutCacheMount(CacheMountRule):
    """A RUN builds or installs Rust crates with cargo and no cache mount on its registry.

    A RUN is reported once, on its first line, when one of its commands is a cargo command
    that fetches crates (`build`, `check`, `clippy`, `doc`, `fetch`, `install`, `run`,
    `test`, `bench`, `update`, `vendor`, their one-letter aliases, and `cargo chef cook`;
    also behind `sudo`, `env`, `sh -c` or under any path), without `--offline` or
    `--frozen` and with `CARGO_NET_OFFLINE` not true, and no `--mount=type=cache` or
    `type=tmpfs` of the RUN is on cargo's download directories: `$CARGO_HOME/registry`
    and `$CARGO_HOME/git` (`CARGO_HOME` from the command, ENV, ARG or the official `rust`
    image's `/usr/local/cargo`, else `/root/.cargo`), a parent or a part of them, any
    target with `cargo` in it, or a cache whose `id` names cargo. A mount whose target is
    not known, or a `CARGO_HOME` that is not, is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    Every change to the sources invalidates the layer, and cargo then downloads the
    registry index and every crate again. A cache mount keeps them between builds (and
    out of the image).

    ## Example

    ```dockerfile
    FROM rust:1.80
    WORKDIR /src
    COPY . .
    RUN cargo build --release
    ```

    ## Use instead

    ```dockerfile
    FROM rust:1.80
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/usr/local/cargo/registry \\
        --mount=type=cache,target=/usr/local/cargo/git \\
        cargo build --release
    ```

    ## Off by default

    Advice about build speed, not a defect: a build stage that runs once in CI, or a
    builder without a persistent cache, gains nothing, and a cache mount on `target/`
    (the usual bigger win) is a choice this rule cannot make. Select `DL3069` to enforce.

    ## Differences from hadolint

    - The subcommand is read (the first word after cargo's own options): hadolint reports
      any cargo command with one of its words anywhere (`cargo metadata --filter-platform
      build`); we also know `run`, `doc`, `bench`, `update`, `vendor`, the aliases and
      `cargo chef cook`, and cargo under a path (`/usr/local/cargo/bin/cargo`).
    - `--offline`, `--frozen` and `CARGO_NET_OFFLINE=true` download nothing: not reported.
    - The mount is compared with where cargo writes: `CARGO_HOME` resolved through the
      stage and the official `rust` image (`target=/usr/local/cargo/registry`, which
      hadolint reports: it only matches `.cargo` in the target), any target naming cargo,
      or a cache `id` naming it; a target that is not known is not judged.

    ## References

    - hadolint DL3069: https://github.com/hadolint/hadolint/wiki/DL3069
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3069Spec.hs
    - cargo home (`registry/`, `git/`, `CARGO_HOME`):
      https://doc.rust-lang.org/cargo/guide/cargo-home.html
    - `--offline`, `--frozen`, `net.offline` (`CARGO_NET_OFFLINE`):
      https://doc.rust-lang.org/cargo/reference/config.html#netoffline
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3069"
    name = "cargo-build-without-cache-mount"
    commands = frozenset({"cargo"})
    tool = CARGO

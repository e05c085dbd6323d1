"""DL3076 mix-deps-get-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# Mix tasks that download Hex packages (`compile` and `deps.compile` only build them).
_FETCHING = frozenset({"deps.get", "deps.update"})


def _downloads(program: str, args: Sequence[str]) -> str | None:
    words = operands(args, frozenset())
    return f"mix {words[0]}" if words and words[0] in _FETCHING else None


HEX = Tool(
    label="Hex's package cache",
    programs=frozenset({"mix"}),
    downloads=_downloads,
    caches=(Cache(".hex", "a cache mount on `$HEX_HOME`", env=(("HEX_HOME", ""),)),),
    fragments=("hex", ".mix"),
    ids=("hex", "mix"),
    offline_env=("HEX_OFFLINE",),
)


class MixDepsGetWithoutCacheMount(CacheMountRule):
    """A RUN fetches Elixir dependencies with Mix and no cache mount on Hex's cache.

    A RUN is reported once, on its first line, when one of its commands is `mix deps.get`
    or `mix deps.update`, with `HEX_OFFLINE` not true, and no `--mount=type=cache` or
    `type=tmpfs` of the RUN is on Hex's home (`HEX_HOME`, else `/root/.hex`), where Hex
    keeps the packages it downloads: a mount on it, a parent or a part of it, a target
    with `hex` or `.mix` in it, or a cache whose `id` names Hex or Mix. A mount whose
    target is not known is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    `mix deps.get` downloads every Hex package of the lock file, then unpacks it into
    `deps/`. Without a cache mount each rebuild of the layer downloads them again.

    ## Example

    ```dockerfile
    FROM elixir:1.17
    WORKDIR /app
    RUN mix local.hex --force && mix local.rebar --force
    COPY mix.exs mix.lock ./
    RUN mix deps.get --only prod
    ```

    ## Use instead

    ```dockerfile
    FROM elixir:1.17
    WORKDIR /app
    RUN mix local.hex --force && mix local.rebar --force
    COPY mix.exs mix.lock ./
    RUN --mount=type=cache,target=/root/.hex mix deps.get --only prod
    ```

    Do not mount `~/.mix`: `mix local.hex` installs Hex itself there, and a cache over it
    hides Hex from the RUN.

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing. Select `DL3076` to enforce it.

    ## Differences from hadolint

    - Only the tasks that download are reported: hadolint also reports `mix compile` and
      `mix deps.compile`, which build what `deps.get` fetched and download nothing.
      `mix deps.update` is reported too.
    - `HEX_OFFLINE=1` is not reported; `HEX_HOME` is followed; a cache `id` naming Hex
      counts; a target that is not known is not judged.
    - The hint mounts `~/.hex` only, not `~/.mix` (which holds the Hex archive).

    ## References

    - hadolint DL3076: https://github.com/hadolint/hadolint/wiki/DL3076
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3076Spec.hs
    - Hex's environment variables (`HEX_HOME`, `HEX_OFFLINE`):
      https://hexdocs.pm/hex/Mix.Tasks.Hex.Config.html
    - `mix local.hex` installs the Hex archive into `MIX_HOME`:
      https://hexdocs.pm/mix/Mix.Tasks.Local.Hex.html
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3076"
    name = "mix-deps-get-without-cache-mount"
    commands = frozenset({"mix"})
    tool = HEX

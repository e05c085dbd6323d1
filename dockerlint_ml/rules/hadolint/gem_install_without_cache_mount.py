"""DL3077 gem-install-without-cache-mount."""

from __future__ import annotations

from collections.abc import Sequence

from dockerlint_ml.rules.hadolint._cache_mounts import Cache, CacheMountRule, Tool, operands

# gem's and bundler's options that take the next word as their value.
_VALUED = frozenset(
    {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source", "-s"}
    | {"--gemfile", "--path", "--jobs", "-j", "--retry", "--without", "--with", "--platform"}
)
_LOCAL = frozenset({"--local", "-l"})


def _downloads(program: str, args: Sequence[str]) -> str | None:
    if any(arg in _LOCAL for arg in args):
        return None  # installs from gems already on the machine
    words = operands(args, _VALUED)
    if not words:
        return None
    if program == "gem":
        return f"gem {words[0]}" if words[0] in ("install", "update") else None
    return f"bundle {words[0]}" if words[0] in ("install", "update") else None


GEMS = Tool(
    label="the gem cache",
    programs=frozenset({"gem", "bundle", "bundler"}),
    downloads=_downloads,
    caches=(
        Cache(
            None,
            "a cache mount on the `cache` directory of `gem env gemdir`",
            env=(("GEM_HOME", "/cache"),),
            options=(("--install-dir", "/cache"), ("-i", "/cache")),
        ),
    ),
    fragments=(".gem", "bundle", "gems"),
    ids=("gem", "bundle", "ruby"),
)


class GemInstallWithoutCacheMount(CacheMountRule):
    """A RUN installs Ruby gems with gem or Bundler and no cache mount on the gem cache.

    A RUN is reported once, on its first line, when one of its commands is `gem install`,
    `gem update`, `bundle install` or `bundle update` (`bundler` too), without `--local`,
    and no `--mount=type=cache` or `type=tmpfs` of the RUN is on the gem cache, the
    `cache/` directory below the gem home (`--install-dir` on the command, else
    `GEM_HOME`: `/usr/local/bundle` in the official `ruby` image): a mount on it, a
    parent or a part of it, a target with `.gem`, `gems` or `bundle` in it, or a cache
    whose `id` names gems, Bundler or Ruby. Where the gem home is not known (a
    distribution's Ruby keeps it under `/var/lib/gems`), any cache mount is taken for
    it; a mount whose target is not known is not judged. Checked inside ONBUILD too.

    ## Why is this bad?

    RubyGems keeps the `.gem` file of every gem it installs in the gem home's `cache/`.
    Without a cache mount each rebuild of the layer downloads every gem again, and the
    archives stay in the image next to the installed gems.

    ## Example

    ```dockerfile
    FROM ruby:3.3
    WORKDIR /app
    COPY Gemfile Gemfile.lock ./
    RUN bundle install
    ```

    ## Use instead

    ```dockerfile
    FROM ruby:3.3
    WORKDIR /app
    COPY Gemfile Gemfile.lock ./
    RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install
    ```

    Mount the `cache/` directory, never the gem home itself: in the `ruby` image
    `/usr/local/bundle` is where the gems are installed, and a cache mount there leaves
    them out of the image.

    ## Off by default

    Advice about build speed, not a defect: a builder without a persistent cache gains
    nothing, and a `gem install bundler` of one gem hardly benefits. Select `DL3077` to
    enforce it.

    ## Differences from hadolint

    - hadolint's hint mounts `/usr/local/bundle`, the `ruby` image's gem home: the gems
      installed by the RUN then never reach the image. Ours mounts the gem home's
      `cache/` (from `GEM_HOME`, the official image or `--install-dir`).
    - The command is read: hadolint reports `gem` or `bundle` with `install` (or
      `update` for bundle) anywhere in its words; we also know `gem update` and
      `bundler`, and `--local` (no download) is not reported.
    - A cache `id` naming gems or Bundler counts, `gems` in a target counts, and a target
      that is not known is not judged.

    ## References

    - hadolint DL3077: https://github.com/hadolint/hadolint/wiki/DL3077
    - hadolint's spec:
      https://github.com/hadolint/hadolint/blob/master/test/Hadolint/Rule/DL3077Spec.hs
    - The gem home and its `cache/` directory (`GEM_HOME`, `--install-dir`, `--local`):
      https://guides.rubygems.org/command-reference/#gem-install
    - The `ruby` image's `GEM_HOME=/usr/local/bundle`: https://hub.docker.com/_/ruby
    - BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DL3077"
    name = "gem-install-without-cache-mount"
    commands = frozenset({"gem", "bundle", "bundler"})
    tool = GEMS

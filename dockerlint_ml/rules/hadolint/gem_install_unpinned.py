"""DL3028 gem-install-unpinned."""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Severity
from dockerlint_ml.rules.hadolint._unpinned import UnpinnedInstall


class GemInstallUnpinned(UnpinnedInstall):
    """`gem install` installs a gem without a version.

    A gem is pinned when it carries a version (`bundler:2.5.6`) or the command gives one
    with `-v`/`--version` (`gem install rails -v 7.1.3`, `--version '~> 7.1'`; it applies
    to every gem of the command). A `.gem` file, a path and a Gemfile (`-g`/`--file`) are
    not gem names; what follows `--` is passed to the gem's build, not installed. A word
    an unresolved variable decides (`$GEMS`) is unknown, not unpinned: it is never
    reported. Every `gem install` (`gem i`) of the RUN is read, with gem's own options
    (the values of `--install-dir`, `--source`, `--platform`... are not gems); one
    finding per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, RubyGems installs the newest release on the day of the build: two
    builds of one Dockerfile can install different code, and a new major release (or one
    that drops your Ruby version) breaks the image with no change to the Dockerfile.

    ## Example

    ```dockerfile
    FROM ruby:3.3-slim
    RUN gem install bundler
    ```

    ## Use instead

    ```dockerfile
    FROM ruby:3.3-slim
    RUN gem install bundler:2.5.6
    ```

    ## Differences from hadolint

    - A switch does not take the next word: `gem install --no-document bundler` and
      `gem install -N bundler` install `bundler` unpinned: reported (hadolint skips the
      word after any option). So `gem install x:1 --some-switch true` reports `true`,
      which gem would read as a gem name (or reject the unknown option).
    - A word an unresolved variable decides (`gem install $GEM`) is unknown, not
      unpinned: no finding (PEERS.md "not to copy" 5; hadolint reports it).
    - A local `.gem` file is not a gem name, and `-v'>= 7'` written as one word gives a
      version: no finding (hadolint reports both).
    - `sudo gem` and `sh -c "gem install ..."` run gem just the same: reported.

    ## References

    - hadolint DL3028: https://github.com/hadolint/hadolint/wiki/DL3028
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3028Spec.hs
    - gem install, `GEMNAME[:VERSION]`, `-v`, and `--` for build options:
      https://guides.rubygems.org/command-reference/#gem-install
    """

    code = "DL3028"
    name = "gem-install-unpinned"
    severity = Severity.WARNING
    commands = frozenset({"gem"})
    manager = "gem"

    def fix(self, first: str) -> str:
        return f"Pin each gem, e.g. `{first}:<version>` or `{first} -v <version>`."

"""DL3077 gem-install-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3077Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3077"
F = "FROM ruby:3.3\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("gem install", "RUN gem install rails", True),
    *spec("bundle install", "RUN bundle install", True),
    *spec("not gem or bundle", "RUN echo hello", False),
    *spec(
        "cache at /usr/local/bundle",
        "RUN --mount=type=cache,target=/usr/local/bundle bundle install",
        False,
    ),
    *spec(
        "cache at /root/.gem", "RUN --mount=type=cache,target=/root/.gem gem install rails", False
    ),
    *spec(
        "tmpfs at /usr/local/bundle",
        "RUN --mount=type=tmpfs,target=/usr/local/bundle bundle install",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path bundle install", True),
]

OURS: list[Case] = [
    ("bundle exec", F + "RUN bundle exec rake assets:precompile\n", []),
    ("gem install --local", F + "RUN gem install --local ./pkg/x.gem\n", []),
    ("bundle config", F + "RUN bundle config set --local without development\n", []),
    (
        "the gem cache itself",
        F + "RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install\n",
        [],
    ),
    ("a cache id", F + "RUN --mount=type=cache,id=gems,target=/x bundle install\n", []),
    ("gem update", F + "RUN gem update --system\n", [2]),
    (
        "an unknown gem home with a mount",
        "FROM debian:12\nRUN --mount=type=cache,target=/x gem install rake\n",
        [],
    ),
    ("an unknown gem home without a mount", "FROM debian:12\nRUN gem install rake\n", [2]),
]

DIFFERENT: list[Different] = [
    (
        "bundle install --local",
        F + "RUN bundle install --local\n",
        [2],
        [],
        "--local installs from gems already on the machine",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_mounts_the_cache_not_the_gem_home() -> None:
    (found,) = findings(F + "RUN bundle install\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None and "target=/usr/local/bundle/cache`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN bundle install\n")}

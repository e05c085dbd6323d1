"""DL3073 composer-install-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3073Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3073"
F = "FROM php:8.3-cli\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("composer install", "RUN composer install", True),
    *spec("composer update", "RUN composer update", True),
    *spec("not composer", "RUN echo hello", False),
    *spec(
        "cache at /root/.composer/cache",
        "RUN --mount=type=cache,target=/root/.composer/cache composer install",
        False,
    ),
    *spec(
        "tmpfs at /root/.composer/cache",
        "RUN --mount=type=tmpfs,target=/root/.composer/cache composer install",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path composer install", True),
]

OURS: list[Case] = [
    ("dump-autoload", F + "RUN composer dump-autoload -o\n", []),
    ("no cache wanted", F + "RUN composer install --no-cache\n", []),
    ("global require", F + "RUN composer global require laravel/installer\n", [2]),
    ("-d before the command", F + "RUN composer -d /app install\n", [2]),
    ("php composer.phar", F + "RUN php composer.phar install --no-dev\n", [2]),
    ("php artisan", F + "RUN php artisan optimize\n", []),
    (
        "the XDG cache",
        F + "RUN --mount=type=cache,target=/root/.cache/composer composer install\n",
        [],
    ),
    (
        "COMPOSER_CACHE_DIR followed",
        F + "ENV COMPOSER_CACHE_DIR=/cc\nRUN --mount=type=cache,target=/cc composer install\n",
        [],
    ),
    (
        "COMPOSER_HOME followed",
        F + "ENV COMPOSER_HOME=/ch\nRUN --mount=type=cache,target=/ch/cache composer install\n",
        [],
    ),
]

DIFFERENT: list[Different] = [
    (
        "the composer image's cache",
        "FROM composer:2\nRUN --mount=type=cache,target=/tmp/cache composer install\n",
        [2],
        [],
        "the composer image sets COMPOSER_HOME=/tmp: its cache is /tmp/cache",
    ),
    (
        "create-project",
        F + "RUN composer create-project laravel/laravel app\n",
        [],
        [2],
        "create-project downloads the project and its packages",
    ),
    (
        "a command word elsewhere",
        F + "RUN composer config repositories.x path install\n",
        [2],
        [],
        "the command is `config`; `install` is its argument",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_follows_the_image() -> None:
    (found,) = findings("FROM composer:2\nRUN composer install\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None and "target=/tmp/cache`" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN composer install\n")}

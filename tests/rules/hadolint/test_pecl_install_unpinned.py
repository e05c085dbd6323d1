"""DL3068 pecl-install-unpinned: hadolint's spec cases and ours.

DL3068 is newer than hadolint 2.15.1: ported from test/Hadolint/Rule/DL3068Spec.hs at
hadolint's master (the "Pin versions in pecl" version; no released binary has the rule, so
the cases could not be run), each also wrapped in ONBUILD as its onbuild variants do.
Nothing is left out. DIFFERENT rows give the lines hadolint's master source
(src/Hadolint/Rule/DL3068.hs) would report, read from the source.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3068"
P = "FROM php:8.3-fpm\n"

_SPEC: list[Case] = [
    ("spec: pinned", "RUN pecl install redis-6.1.0\n", []),
    ("spec: pinned, with an option", "RUN pecl install redis-6.1.0 --phpize\n", []),
    ("spec: pinned, after -f", "RUN pecl install -f redis-6.1.0\n", []),
    ("spec: a one-digit version", "RUN pecl install redis-6\n", []),
    ("spec: an underscore in the name", "RUN pecl install pecl_http-4.2.4\n", []),
    ("spec: a channel, pinned", "RUN pecl install pecl.php.net/redis-6.1.0\n", []),
    ("spec: a channel alias, pinned", "RUN pecl install mychannel/redis-6.1.0\n", []),
    ("spec: a channel URI, pinned", "RUN pecl install channel://pecl.php.net/redis-6.1.0\n", []),
    ("spec: a channel, unpinned", "RUN pecl install pecl.php.net/redis\n", [1]),
    ("spec: a channel URI, unpinned", "RUN pecl install channel://pecl.php.net/redis\n", [1]),
    ("spec: a local archive", "RUN pecl install redis-6.1.0.tgz\n", []),
    ("spec: a relative archive", "RUN pecl install ./build/redis-6.1.0.tgz\n", []),
    ("spec: an absolute archive", "RUN pecl install /tmp/redis-6.1.0.tgz\n", []),
    ("spec: package.xml", "RUN pecl install package.xml\n", []),
    ("spec: package.xml with a path", "RUN pecl install /src/ext/package.xml\n", []),
    ("spec: an https download", "RUN pecl install https://example.com/redis.tgz\n", []),
    ("spec: unpinned", "RUN pecl install redis\n", [1]),
    ("spec: an underscore, unpinned", "RUN pecl install pecl_http\n", [1]),
    ("spec: one of two unpinned", "RUN pecl install xdebug redis-6.1.0\n", [1]),
    ("spec: a channel, one of two unpinned", "RUN pecl install pecl.php.net/xdebug redis-6.1.0\n",
     [1]),
    ("spec: beta", "RUN pecl install redis-beta\n", [1]),
    ("spec: alpha", "RUN pecl install xdebug-alpha\n", [1]),
    ("spec: stable", "RUN pecl install redis-stable\n", [1]),
    ("spec: pecl run ... install", "RUN pecl run --crazy install\n", []),
]  # fmt: skip
SPEC: list[Case] = [(label, P + text, [n + 1 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("a pre-release version", P + "RUN pecl install xdebug-3.4.0beta1\n", []),
    ("a variable version", P + "RUN pecl install redis-${PHPREDIS_VERSION}\n", []),
    ("a quoted variable version", P + 'RUN pecl install "mongodb-$MONGO_VERSION"\n', []),
    ("-o -f", P + "RUN pecl install -o -f redis && docker-php-ext-enable redis\n", [2]),
    ("fed a newline", P + "RUN printf '\\n' | pecl install imagick-3.7.0\n", []),
    ("a global option", P + "RUN pecl -d php_suffix=8.3 install redis\n", [2]),
    ("upgrade and uninstall", P + "RUN pecl uninstall redis && pecl update-channels\n", []),
    ("once per RUN", P + "RUN pecl install redis && pecl install xdebug\n", [2]),
    ("per RUN", P + "RUN pecl install redis\nRUN pecl install xdebug\n", [2, 3]),
    ("exec form", P + 'RUN ["pecl", "install", "redis"]\n', [2]),
    ("continuation: first line", P + "RUN set -eux; \\\n pecl install redis\n", [2]),
]

DIFFERENT: list[Different] = [
    ("a variable package", P + "RUN pecl install $EXTENSION\n", [2], [],
     "PEERS not-to-copy 5: an unknown word is not an unpinned package"),
    ("-D takes a value", P + "RUN pecl install -D 'enable-redis-igbinary=\"yes\"' redis-6.1.0\n",
     [2], [], "the configure options are the value of -D, not a package"),
    ("behind sudo", P + "RUN sudo pecl install redis\n", [], [2],
     "sudo runs pecl; hadolint's source reads only a command written `pecl`"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(P + "RUN pecl install redis-beta xdebug-3.3.2\n", select=[CODE])
    assert found.message == "`pecl install` installs `redis-beta` without a version."
    assert found.fix == "Pin each extension, e.g. `redis-<version>`."


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(P + "RUN pecl install redis\n")}

"""DL3028 gem-install-unpinned: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3028Spec.hs as hadolint 2.15.1 runs it (every case checked
with the 2.15.1 binary), each also wrapped in ONBUILD as its onbuild variants do. The spec's
"multi" case holds two scripts (one with a typo, `nokogirii:1`, in its plain variant): both
are here. The case with `--use-system-libraries true` outside `--` (and its onbuild
variant) is in DIFFERENT.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3028"
R = "FROM ruby:3.3-slim\n"

_SPEC: list[Case] = [
    ("spec: i, unpinned", "RUN gem i bundler\n", [1]),
    ("spec: i, pinned", "RUN gem i bundler:1\n", []),
    ("spec: i, one of two unpinned", "RUN gem i bunlder:1 nokogiri\n", [1]),
    ("spec: i, both pinned", "RUN gem i bunlder:1 nokogirii:1\n", []),
    ("spec: i, both pinned (onbuild text)", "RUN gem i bunlder:1 nokogiri:1\n", []),
    ("spec: install, unpinned", "RUN gem install bundler\n", [1]),
    ("spec: install, pinned", "RUN gem install bundler:1\n", []),
    ("spec: -v", "RUN gem install bundler -v '2.0.1'\n", []),
    ("spec: --version", "RUN gem install bundler --version '2.0.1'\n", []),
    ("spec: --version=", "RUN gem install bundler --version='2.0.1'\n", []),
    ("spec: -- then an option with =",
     "RUN gem install bundler:2.0.1 -- --use-system-libraries=true\n", []),
    ("spec: -- then an option and a word",
     "RUN gem install bundler:2.0.1 -- --use-system-libraries true\n", []),
    ("spec: an option with =", "RUN gem install bundler:2.0.1 --use-system-libraries=true\n", []),
]  # fmt: skip
SPEC: list[Case] = [(label, R + text, [n + 1 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("-v before the gem", R + "RUN gem i -v 1 bundler\n", []),
    ("--version= applies to every gem", R + "RUN gem install bundler --version=2 rake\n", []),
    ("--install-dir takes a value", R + "RUN gem install --install-dir /x bundler:1\n", []),
    ("a Gemfile", R + "RUN gem install -g Gemfile\n", []),
    ("update", R + "RUN gem update --system\n", []),
    ("unpinned before --", R + "RUN gem install bundler -- --with-x\n", [2]),
    ("once per RUN", R + "RUN gem install a && gem install b\n", [2]),
    ("per RUN", R + "RUN gem install a\nRUN gem install b\n", [2, 3]),
    ("a variable version", R + "RUN gem install bundler:$V\n", []),
    ("exec form", R + 'RUN ["gem", "install", "bundler"]\n', [2]),
    ("continuation: first line", R + "RUN gem update --system \\\n && gem install bundler\n", [2]),
]  # fmt: skip

DIFFERENT: list[Different] = [
    ("spec: an option and a word",
     R + "RUN gem install bundler:2.0.1 --use-system-libraries true\n", [], [2],
     "gem has no such option; `true` outside `--` is read as a gem (gem installs or rejects"
     " it): the option belongs after `--`"),
    ("spec: an option and a word (onbuild)",
     R + "ONBUILD RUN gem install bundler:2.0.1 --use-system-libraries true\n", [], [2],
     "as the plain variant"),
    ("--no-document is a switch", R + "RUN gem install --no-document bundler\n", [], [2],
     "a switch takes no value: bundler is installed unpinned"),
    ("-N is a switch", R + "RUN gem install -N bundler\n", [], [2],
     "a switch takes no value: bundler is installed unpinned"),
    ("a variable gem", R + "RUN gem install $GEM\n", [2], [],
     "PEERS not-to-copy 5: an unknown word is not an unpinned gem"),
    ("a local .gem file", R + "RUN gem install ./pkg/x-1.0.gem\n", [2], [],
     "a gem file is a fixed artifact, not a gem name"),
    ("-v attached", R + "RUN gem install rails -v'>= 7'\n", [2], [],
     "-v takes its value attached as well"),
    ("behind sudo", R + "RUN sudo gem install bundler\n", [], [2],
     "sudo runs gem; hadolint sees only the command name `sudo`"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(R + "RUN gem install bundler rake:13\n", select=[CODE])
    assert found.message == "`gem install` installs `bundler` without a version."
    assert found.fix == "Pin each gem, e.g. `bundler:<version>` or `bundler -v <version>`."


def test_in_the_default_selection() -> None:
    assert CODE in {code for code, _ in lint_snippet(R + "RUN gem install bundler\n")}

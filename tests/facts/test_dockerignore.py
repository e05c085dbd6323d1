"""facts.dockerignore: reading an ignore file and answering what it excludes, as BuildKit does.

Rows marked "moby" are the inputs and expected results of moby/patternmatcher's own tests
(patternmatcher_test.go: TestMatches, TestMatch, TestCompile; ignorefile/ignorefile_test.go),
https://github.com/moby/patternmatcher, carried over as facts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_ml.facts import dockerignore as di
from dockerlint_ml.facts.dockerignore import (
    MAX_IGNORE_BYTES,
    MAX_PATTERN_CHARS,
    DockerIgnore,
    IgnoreRule,
    ignore_file_for,
)


def excluded(text: str, path: str) -> bool | None:
    return DockerIgnore.parse(text).excluded(path)


def rules_of(text: str) -> list[tuple[str, bool, int]]:
    return [(r.pattern, r.exception, r.line) for r in DockerIgnore.parse(text).rules]


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n\n  \n\t\n", []),
        ("*.pyc\n", [("*.pyc", False, 1)]),
        ("a\nb", [("a", False, 1), ("b", False, 2)]),
        # a comment is a `#` in column 1, tested before trimming
        ("# comment\nx", [("x", False, 2)]),
        ("  # not a comment", [("# not a comment", False, 1)]),
        ("\\#literal", [("\\#literal", False, 1)]),
        # the first line's byte-order mark is dropped, so a comment after it still is one
        ("\ufeff# comment\nx", [("x", False, 2)]),
        ("\ufeffdata", [("data", False, 1)]),
        ("x\n\ufeffdata", [("x", False, 1), ("\ufeffdata", False, 2)]),  # only on line 1
        # Go's TrimSpace: NBSP is trimmed, U+001C is not
        ("  foo \t", [("foo", False, 1)]),
        ("\u00a0foo\u00a0", [("foo", False, 1)]),
        ("\x1cfoo", [("\x1cfoo", False, 1)]),
        # bufio.Scanner drops one `\r` before the `\n`; TrimSpace the rest
        ("a\r\nb\r\n", [("a", False, 1), ("b", False, 2)]),
        ("a\r\r\n", [("a", False, 1)]),
        # `!`: an exception, the rest trimmed again
        ("!README.md", [("README.md", True, 1)]),
        ("! /inverted/abs/path", [("inverted/abs/path", True, 1)]),
        ("!!x", [("!x", True, 1)]),
        # filepath.Clean, then one leading `/` dropped
        ("/foo", [("foo", False, 1)]),
        ("./x", [("x", False, 1)]),
        ("a/../b", [("b", False, 1)]),
        ("a//b/./c/", [("a/b/c", False, 1)]),
        ("data/", [("data", False, 1)]),
        ("/", [("/", False, 1)]),
        (".", [(".", False, 1)]),
        ("../x", [("../x", False, 1)]),
        # patternmatcher.New trims and cleans again, the `!` included
        ("/ foo", [("foo", False, 1)]),
        ("!/ foo", [(" foo", True, 1)]),
        ("!../../a", [("a", False, 1)]),
        ("/ /", []),
        ("! .", [(".", True, 1)]),
        # moby: ignorefile_test.go TestReadAll (its two `!` lines are errors, see below)
        (
            "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n",
            [
                ("test1", False, 1),
                ("test2", False, 2),
                ("a/file/here", False, 3),
                ("lastfile", False, 5),
                ("inverted/abs/path", True, 7),
            ],
        ),
    ],
)
def test_reading(text: str, expected: list[tuple[str, bool, int]]) -> None:
    ignore = DockerIgnore.parse(text)
    assert rules_of(text) == expected
    assert ignore.errors == () and ignore.unsupported == ()


def test_rules_are_plain_values() -> None:
    ignore = DockerIgnore.parse("*.md\n!README.md\n")
    assert ignore.rules == (IgnoreRule("*.md", False, 1), IgnoreRule("README.md", True, 2))
    assert DockerIgnore.parse("*.md\n!README.md\n") == ignore
    assert DockerIgnore().excluded("anything") is False


# --- matching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("", "a.txt", False),
        ("# only a comment", "# only a comment", False),
        ("*.csv", "data.csv", True),
        ("*.csv", "sub/data.csv", False),  # `*` stays in one directory
        # exceptions: the last matching line wins
        ("*.md\n!README.md", "README.md", False),
        ("*.md\n!README.md", "CHANGES.md", True),
        ("!README.md\n*.md", "README.md", True),
        ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", True),
        ("*.md\n!README*.md\nREADME-secret.md", "README.md", False),
        ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", False),
        # a rule matches a path when it matches the path or one of its parent directories
        ("data", "data", True),
        ("data", "data/x.csv", True),
        ("data", "data/deep/er/x.csv", True),
        ("data/", "data/x.csv", True),
        ("data", "sub/data", False),
        ("docs\n!docs/README.md", "docs/README.md", False),
        ("docs\n!docs/README.md", "docs/other.md", True),
        ("docs/*\n!docs/README.md", "docs/README.md", False),
        ("*\n!src", "src/app/main.py", False),
        ("*\n!src", "setup.py", True),
        ("*\n!src/*.py", "src/main.py", False),
        ("*\n!src/*.py", "src/data.bin", True),
        ("a\n!a/b", "a/b/c", False),
        ("a\n!a/b", "a/c", True),
        # `**`
        ("**/*.pyc", "x.pyc", True),
        ("**/*.pyc", "a/b/x.pyc", True),
        ("**/*.pyc", "a/b/x.py", False),
        ("**/__pycache__", "__pycache__", True),
        ("**/__pycache__", "pkg/__pycache__/m.cpython-311.pyc", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "a/xb", False),
        ("**", "any/thing", True),
        ("a/**", "a", False),
        ("a/**", "a/x", True),
        ("a/**", "ab", False),
        ("a**", "ab", True),  # a plain prefix test
        # `**` not followed by `/` still stands for directories: `a(.*/)?b`
        ("a**b", "ab", True),
        ("a**b", "a/b", True),
        ("a**b", "ax/y/b", True),
        ("a**b", "axb", False),
        # a leading `**` with the rest literal is a plain suffix test
        ("**foo", "barfoo", True),
        ("**foo", "dir/barfoo", True),
        ("**/foo", "barfoo", False),
        # `?`, classes, escapes
        ("temp?", "tempa", True),
        ("temp?", "temp", False),
        ("a?b", "a/b", False),
        ("a?b", "a☺b", True),
        ("[a-c]x", "bx", True),
        ("[a-c]x", "dx", False),
        ("[^a]x", "bx", True),
        ("[^a]x", "ax", False),
        ("[!a]x", "!x", True),  # `!` is no negation in Go
        ("[!a]x", "bx", False),
        ("a[^x]b", "a/b", True),  # Go's negated class matches `/` too
        ("a[/]b", "a/b", True),
        (r"a\*b", "a*b", True),
        (r"a\*b", "axb", False),
        (r"\#foo", "#foo", True),
        (r"\!foo", "!foo", True),
        (r"a\[b", "a[b", True),
        # `^` outside a class anchors at the start of the path
        ("*^a*", "abc", True),
        ("a*^b", "ab", False),
        ("^a", "^a", True),  # literal patterns compare the text
        # cleaning, and the paths asked about
        ("/foo", "foo", True),
        ("./x", "x", True),
        ("a/../b", "b", True),
        ("a/../b", "a", False),
        (".", "anything", False),
        ("/", "anything", False),
        ("data", "./data/x", True),
        ("data", "/data/x", True),
        ("data", "data/", True),
        ("*", ".", False),  # the context root is never excluded
        ("*", "../outside", None),
        # a line 2+ byte-order mark: Go's scanner drops it from a regexp, not from a literal
        ("x\n\ufeff*.md", "a.md", True),
        ("x\n\ufeffy", "\ufeffy", True),
        ("x\n\ufeffy", "y", False),
        ("x\n\ufeff**/z", "q/z", False),
        # the file is read as bytes: an undecodable name is matched byte for byte
        ("caf\udce9", "caf\udce9", True),
    ],
)
def test_matching(text: str, path: str, expected: bool | None) -> None:
    assert excluded(text, path) is expected


# moby: patternmatcher_test.go TestMatches (single patterns; texts `/` and `x/` left out as
# no walk produces them, trailing slashes are cleaned here like any path).
MOBY_MATCHES: list[tuple[str, str, bool | None]] = [
    ("**", "file", True),
    ("**/", "file", True),
    ("**", "dir/file", True),
    ("**/", "dir/file", True),
    ("**/**", "dir/file", True),
    ("dir/**", "dir/file", True),
    ("dir/**", "dir/dir2/file", True),
    ("**/dir", "dir", True),
    ("**/dir", "dir/file", True),
    ("**/dir2/*", "dir/dir2/file", True),
    ("**/dir2/*", "dir/dir2/file/", True),
    ("**/dir2/**", "dir/dir2/dir3/file", True),
    ("**file", "file", True),
    ("**file", "dir/file", True),
    ("**/file", "dir/file", True),
    ("**file", "dir/dir/file", True),
    ("**/file", "dir/dir/file", True),
    ("**/file*", "dir/dir/file", True),
    ("**/file*", "dir/dir/file.txt", True),
    ("**/file*txt", "dir/dir/file.txt", True),
    ("**/file*.txt", "dir/dir/file.txt", True),
    ("**/file*.txt*", "dir/dir/file.txt", True),
    ("**/**/*.txt", "dir/dir/file.txt", True),
    ("**/**/*.txt2", "dir/dir/file.txt", False),
    ("**/*.txt", "file.txt", True),
    ("**/**/*.txt", "file.txt", True),
    ("a**/*.txt", "a/file.txt", True),
    ("a**/*.txt", "a/dir/file.txt", True),
    ("a**/*.txt", "a/dir/dir/file.txt", True),
    ("a/*.txt", "a/dir/file.txt", False),
    ("a/*.txt", "a/file.txt", True),
    ("a/*.txt**", "a/file.txt", True),
    ("a[b-d]e", "ae", False),
    ("a[b-d]e", "ace", True),
    ("a[b-d]e", "aae", False),
    ("a[^b-d]e", "aze", True),
    (".*", ".foo", True),
    (".*", "foo", False),
    ("abc.def", "abcdef", False),
    ("abc.def", "abc.def", True),
    ("abc.def", "abcZdef", False),
    ("abc?def", "abcZdef", True),
    ("abc?def", "abcdef", False),
    ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "dir/foo/bar", True),
    ("**/foo/bar", "dir/dir2/foo/bar", True),
    ("abc/**", "abc", False),
    ("abc/**", "abc/def", True),
    ("abc/**", "abc/def/ghi", True),
    ("**/.foo", ".foo", True),
    ("**/.foo", "bar.foo", False),
    ("a(b)c/def", "a(b)c/def", True),
    ("a(b)c/def", "a(b)c/xyz", False),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", True),
    (
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        True,
    ),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", True),
    ("a\\\\", "a\\", True),
    ("a\\*b", "a*b", True),
]

# moby: patternmatcher_test.go TestMatch (Go's own filepath.Match cases); None where Go
# reports ErrBadPattern.
MOBY_MATCH: list[tuple[str, str, bool | None]] = [
    ("abc", "abc", True),
    ("*", "abc", True),
    ("*c", "abc", True),
    ("a*", "a", True),
    ("a*", "abc", True),
    ("a*", "ab/c", True),
    ("a*/b", "abc/b", True),
    ("a*/b", "a/c/b", False),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", False),
    ("a*b?c*x", "abxbbxdbxebxczzx", True),
    ("a*b?c*x", "abxbbxdbxebxczzy", False),
    ("ab[c]", "abc", True),
    ("ab[b-d]", "abc", True),
    ("ab[e-g]", "abc", False),
    ("ab[^c]", "abc", False),
    ("ab[^b-d]", "abc", False),
    ("ab[^e-g]", "abc", True),
    ("a\\*b", "a*b", True),
    ("a\\*b", "ab", False),
    ("a?b", "a☺b", True),
    ("a[^a]b", "a☺b", True),
    ("a???b", "a☺b", False),
    ("a[^a][^a][^a]b", "a☺b", False),
    ("[a-ζ]*", "α", True),
    ("*[a-ζ]", "A", False),
    ("a?b", "a/b", False),
    ("a*b", "a/b", False),
    ("[\\]a]", "]", True),
    ("[\\-]", "-", True),
    ("[x\\-]", "x", True),
    ("[x\\-]", "-", True),
    ("[x\\-]", "z", False),
    ("[\\-x]", "x", True),
    ("[\\-x]", "-", True),
    ("[\\-x]", "a", False),
    ("[]a]", "]", None),
    ("[-]", "-", None),
    ("[x-]", "x", None),
    ("[-x]", "x", None),
    ("\\", "a", None),
    ("[a-b-c]", "a", None),
    ("[", "a", None),
    ("[^", "a", None),
    ("[^bc", "a", None),
    ("a[", "a", None),
    ("*x", "xxx", True),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), MOBY_MATCHES + MOBY_MATCH)
def test_moby_single_patterns(pattern: str, path: str, expected: bool | None) -> None:
    assert excluded(pattern, path) is expected


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        # moby: patternmatcher_test.go TestMatches, multiPatternTests
        ("**\n!util/docker/web", "util/docker/web/foo", False),
        ("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", True),
        (
            "**\n!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            False,
        ),
        ("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", False),
        # moby: TestPatternMatchesFolderExclusions and its siblings
        ("docs\n!docs/README.md", "docs/README.md", False),
        ("docs/\n!docs/README.md", "docs/README.md", False),
        ("docs/*\n!docs/README.md", "docs/README.md", False),
        ("*.go\n!fileutils.go", "fileutils.go", False),
        ("!fileutils.go\n*.go", "fileutils.go", True),
    ],
)
def test_moby_several_patterns(text: str, path: str, expected: bool) -> None:
    assert excluded(text, path) is expected


# moby: patternmatcher_test.go TestCompile, the kind of matcher each pattern becomes.
@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("*", "regexp"),
        ("file*", "regexp"),
        ("*file", "regexp"),
        ("a*/b", "regexp"),
        ("**", "suffix"),
        ("**/**", "regexp"),
        ("dir/**", "prefix"),
        ("**/dir", "suffix"),
        ("**/dir2/*", "regexp"),
        ("**/dir2/**", "regexp"),
        ("**file", "suffix"),
        ("**/file*txt", "regexp"),
        ("**/**/*.txt", "regexp"),
        ("a[b-d]e", "regexp"),
        (".*", "regexp"),
        ("abc.def", "exact"),
        ("abc?def", "regexp"),
        ("**/foo/bar", "suffix"),
        ("a(b)c/def", "exact"),
        ("a.|)$(}+{bc", "exact"),
        ("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "exact"),
    ],
)
def test_moby_match_kinds(pattern: str, kind: str) -> None:
    matcher = di._compile(pattern)
    if isinstance(matcher, di._Nfa):
        assert kind == "regexp"
    else:
        assert isinstance(matcher, di._Literal)
        assert ["exact", "prefix", "suffix"][matcher.kind] == kind


# --- invalid and unsupported patterns --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[", 1, "not a valid pattern"),
        ("ok\n[a", 2, "not a valid pattern"),
        ("ok\n\n!", 3, "`!` without a pattern"),
        ("!/", 1, "`!` without a pattern"),  # New cleans `!/` to `!`
        # these pass filepath.Match(p, ".") but Go's regexp compiler rejects them
        ("[Local-Only]/", 1, "reversed"),  # moby issue 52203: `l-O` is a reversed range
        ("a*[b", 1, "not closed"),
        ("x\n\\é", 2, "escape"),
    ],
)
def test_invalid_patterns(text: str, line: int, words: str) -> None:
    ignore = DockerIgnore.parse(text)
    assert len(ignore.errors) == 1
    assert ignore.errors[0].startswith(f"line {line}: ") and words in ignore.errors[0]
    assert "\n" not in ignore.errors[0]
    # Docker refuses the build, so nothing can be told about any path
    for path in ("x", "ok", "README.md", "."):
        assert ignore.excluded(path) is None
        assert ignore.rule_for(path) is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("*.md\n\\d", 2),  # `\d` is a digit class in the regexp Docker builds
        ("*.md\n[[:alpha:]]", 2),
        ("*.md\n[a*]", 2),
        ("*.md\na*b\\", 2),  # the regexp ends in `\$`: no end anchor
        ("*.md\n" + "x" * (MAX_PATTERN_CHARS + 1), 2),
    ],
)
def test_unsupported_rules_leave_only_their_paths_undecided(text: str, line: int) -> None:
    ignore = DockerIgnore.parse(text)
    assert ignore.errors == ()
    assert len(ignore.unsupported) == 1 and ignore.unsupported[0].startswith(f"line {line}: ")
    assert ignore.excluded("notes.md") is True  # decided by line 1, line 2 is never tried
    assert ignore.excluded("notes.txt") is None  # line 2 decides it


def test_walk_and_open_disagreeing_is_undecided() -> None:
    # fsutil walks `dir/keep` in (the third line matched no parent at its own level) but
    # opens files with MatchesOrParentMatches, which excludes it: its content is not sent.
    ignore = DockerIgnore.parse("dir\n!dir/keep\ndir")
    assert ignore.excluded("dir/keep") is None
    assert ignore.excluded("dir/other") is True


# --- rule_for --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ("*.md\n!README.md", "CHANGES.md", 1),
        ("*.md\n!README.md", "README.md", 2),
        ("*.csv\ndata\n*.md", "data/x.csv", 2),
        ("data\n*.csv", "data/x.csv", 1),
        ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", 3),
        ("a\n!a/b", "a/b/c", 2),
        ("*.md", "main.py", None),
    ],
)
def test_rule_for(text: str, path: str, line: int | None) -> None:
    rule = DockerIgnore.parse(text).rule_for(path)
    assert (rule.line if rule else None) == line


# --- hostile sizes ---------------------------------------------------------------------------


def test_a_line_longer_than_docker_reads_is_an_error() -> None:
    ignore = DockerIgnore.parse("*.md\n" + "x" * 100_000 + "\n")
    assert len(ignore.errors) == 1 and ignore.errors[0].startswith("line 2: ")
    assert ignore.excluded("a.md") is None
    # bufio.Scanner's 64 KiB buffer holds the line and its newline: 65535 bytes still fit
    assert DockerIgnore.parse("x" * 65535 + "\n").errors == ()
    assert DockerIgnore.parse("x" * 65536).errors != ()
    assert DockerIgnore.parse("é" * 32767 + "x").errors == ()  # bytes are counted
    assert DockerIgnore.parse("é" * 32768).errors != ()


def test_a_file_larger_than_the_cap_is_an_error() -> None:
    ignore = DockerIgnore.parse("x\n" * (MAX_IGNORE_BYTES // 2) + "y")
    assert ignore.errors and "larger than" in ignore.errors[0]
    assert ignore.excluded("x") is None


def test_ten_thousand_patterns() -> None:
    ignore = DockerIgnore.parse("".join(f"dir{i}/*.tmp\n" for i in range(10_000)))
    assert len(ignore.rules) == 10_000
    assert ignore.excluded("dir9999/x.tmp") is True
    assert ignore.excluded("dir10000/x.tmp") is False
    assert ignore.excluded("dir5/a/b/c/x.tmp") is False
    rule = ignore.rule_for("dir9999/x.tmp")
    assert rule is not None and rule.line == 10_000


def test_many_repeated_lines() -> None:
    ignore = DockerIgnore.parse("*.log\n" * 100_000)
    assert len(ignore.rules) == 100_000
    assert ignore.excluded("a.log") is True


DEEP = "/".join(["d"] * 10_000)


@pytest.mark.parametrize(
    ("text", "leaf", "expected"),
    [
        ("**/*.pyc", "m.pyc", True),
        ("d", "m.pyc", True),
        ("*.pyc", "m.pyc", False),
        ("**/e", "m.pyc", False),
        ("**/d/*.pyc", "m.pyc", True),
        ("d\n!**/keep", "keep", False),
        ("d\n!d/d/keep", "keep", True),  # fsutil skips `d/d/d` and all below
        pytest.param("**/" * 1000 + "x", "x", True, id="1000-double-stars-x"),
        pytest.param("**/" * 1000 + "x", "y", False, id="1000-double-stars-y"),
    ],
)
def test_a_path_with_ten_thousand_segments(text: str, leaf: str, expected: bool) -> None:
    assert excluded(text, DEEP + "/" + leaf) is expected


def test_star_heavy_patterns() -> None:
    ignore = DockerIgnore.parse("*a" * 1000 + "*b")
    assert ignore.unsupported == ()
    assert ignore.excluded("a" * 5000) is False
    assert ignore.excluded("a" * 3000 + "/b") is False
    assert ignore.excluded("a" * 3000 + "b") is True
    assert ignore.excluded("a" * 999 + "b") is False
    classes = DockerIgnore.parse("[ab]" * 1000)
    assert classes.excluded("ab" * 500) is True
    assert classes.excluded("ab" * 499 + "ac") is False


def test_past_the_work_budget_the_answer_is_none() -> None:
    ignore = DockerIgnore.parse("".join(f"r{i}\n" for i in range(1000)))
    assert ignore.excluded("r5") is True
    assert ignore.excluded("/".join(["x"] * 5000)) is None  # 1000 rules x 5000 levels


# --- never raising, and the automaton against a reference -------------------------------------

_SPECIAL = "*?[]^!\\/-.#ab \t\r\n\ufeff:é\udce9"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.text(alphabet=_SPECIAL)),
    st.lists(st.one_of(st.text(), st.text(alphabet=_SPECIAL)), max_size=5),
)
def test_never_raises(text: str, paths: list[str]) -> None:
    ignore = DockerIgnore.parse(text)
    for path in paths:
        answer = ignore.excluded(path)
        assert answer in (True, False, None)
        rule = ignore.rule_for(path)
        assert rule is None or rule in ignore.rules


def _reference(pattern: str, path: str) -> bool:
    """Pattern.compile and MatchesOrParentMatches for one pattern, with Python's `re` on the
    regular expression patternmatcher builds (tests only: small trusted inputs)."""
    regex, kind, k = "^", "exact", 0
    while k < len(pattern):
        ch = pattern[k]
        k += 1
        if ch == "*" and pattern[k : k + 1] == "*":
            k += 2 if pattern[k + 1 : k + 2] == "/" else 1
            if k == len(pattern) and kind == "exact":
                kind = "prefix"
            else:
                regex += ".*" if k == len(pattern) else "(.*/)?"
                kind = "regexp"
            if k <= 3 and pattern.startswith("**"):
                kind = "suffix"
        elif ch == "*":
            regex, kind = regex + "[^/]*", "regexp"
        elif ch == "?":
            regex, kind = regex + "[^/]", "regexp"
        elif ch == "\\" and k < len(pattern):
            regex, kind, k = regex + "\\" + pattern[k], "regexp", k + 1
        elif ch in ".+()|{}$":
            regex += "\\" + ch
        elif ch in "[]":
            regex, kind = regex + ch, "regexp"
        else:
            regex += ch
    candidates = [path[:i] for i, c in enumerate(path) if c == "/"] + [path]
    if kind == "exact":
        return pattern in candidates
    if kind == "prefix":
        return any(c.startswith(pattern[:-2]) for c in candidates)
    if kind == "suffix":
        tail = pattern[2:]
        return any(c.endswith(tail) or (tail[:1] == "/" and c == tail[1:]) for c in candidates)
    compiled = re.compile(regex + r"\Z")
    return any(compiled.match(c) for c in candidates)


_PIECES = ["a", "b", "/", "*", "**", "?", ".", "^", "]", "\\*", "\\.", "[ab]", "[^a]", "[a-b]"]
_PIECES += ["[^/]", "[\\]a]", "[^^]"]
_SEGMENT = st.text(alphabet="ab.^\n]*", min_size=1, max_size=3).filter(
    lambda s: s not in {".", ".."}
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8),
    st.lists(_SEGMENT, min_size=1, max_size=4),
)
def test_the_automaton_agrees_with_a_reference(pieces: list[str], segments: list[str]) -> None:
    ignore = DockerIgnore.parse("".join(pieces))
    if len(ignore.rules) != 1 or ignore.errors or ignore.unsupported:
        return
    path = "/".join(segments)
    assert ignore.excluded(path) is _reference(ignore.rules[0].pattern, path)


# --- which ignore file applies, and reading it -----------------------------------------------


def write(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def test_ignore_file_for_the_context_root(tmp_path: Path) -> None:
    root = tmp_path / "ctx"
    write(root / "Dockerfile", "FROM scratch\n")
    assert ignore_file_for(root, root / "Dockerfile") is None
    write(root / ".dockerignore")
    assert ignore_file_for(root, root / "Dockerfile") == real(root / ".dockerignore")
    write(root / "docker" / "api.Dockerfile", "FROM scratch\n")
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(root / ".dockerignore")


def test_ignore_file_for_prefers_the_dockerfile_specific_one(tmp_path: Path) -> None:
    root = tmp_path / "ctx"
    write(root / ".dockerignore")
    write(root / "docker" / "api.Dockerfile.dockerignore")
    write(root / "Dockerfile.dockerignore")
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(
        root / "docker" / "api.Dockerfile.dockerignore"
    )
    assert ignore_file_for(root, root / "Dockerfile") == real(root / "Dockerfile.dockerignore")
    # the file sits beside the Dockerfile, not at the root
    assert ignore_file_for(root, root / "docker" / "Dockerfile") == real(root / ".dockerignore")


def test_ignore_file_for_symlinks_stay_inside(tmp_path: Path) -> None:
    root = tmp_path / "ctx"
    secret = write(tmp_path / "outside" / "secret.ignore")
    write(root / ".dockerignore")
    link = root / "docker" / "api.Dockerfile.dockerignore"
    link.parent.mkdir(parents=True)
    # an absolute target is read inside the Dockerfile's directory, where it does not exist
    link.symlink_to(secret)
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(root / ".dockerignore")
    # `..` stops at the Dockerfile's directory: `../shared` is docker/shared
    link.unlink()
    link.symlink_to("../shared")
    write(root / "shared")
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(root / ".dockerignore")
    write(root / "docker" / "shared")
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(
        root / "docker" / "shared"
    )
    # a link to a file beside it is followed
    link.unlink()
    link.symlink_to("shared")
    assert ignore_file_for(root, root / "docker" / "api.Dockerfile") == real(
        root / "docker" / "shared"
    )


def test_ignore_file_for_odd_entries(tmp_path: Path) -> None:
    root = tmp_path / "ctx"
    (root / ".dockerignore").mkdir(parents=True)  # a directory is no ignore file
    assert ignore_file_for(root, root / "Dockerfile") is None
    loop = root / "Dockerfile.dockerignore"
    loop.symlink_to("Dockerfile.dockerignore")
    assert ignore_file_for(root, root / "Dockerfile") is None
    assert ignore_file_for(tmp_path / "missing", tmp_path / "missing" / "Dockerfile") is None


def test_read(tmp_path: Path) -> None:
    path = tmp_path / ".dockerignore"
    path.write_bytes(b"\xef\xbb\xbf*.pyc\n!keep.pyc\ncaf\xe9\n")
    ignore = DockerIgnore.read(path)
    assert ignore.errors == ()
    assert ignore.excluded("x.pyc") is True and ignore.excluded("keep.pyc") is False
    assert ignore.excluded(os.fsdecode(b"caf\xe9")) is True
    big = tmp_path / "big"
    big.write_bytes(b"x\n" * (MAX_IGNORE_BYTES // 2 + 1))
    assert "larger than" in DockerIgnore.read(big).errors[0]
    link = tmp_path / "link"
    link.symlink_to(path)
    assert DockerIgnore.read(link).errors  # a symlink is refused
    assert DockerIgnore.read(tmp_path / "missing").errors
    assert DockerIgnore.read(tmp_path).errors  # a directory

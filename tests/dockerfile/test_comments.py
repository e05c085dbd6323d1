"""Comment lines outside instructions (dockerfile/comments.py)."""

from __future__ import annotations

from dockerlint_ml.dockerfile.comments import PRAGMA_RE, comment_lines
from dockerlint_ml.dockerfile.parser import parse


def test_comment_lines_skip_heredocs_and_continuations() -> None:
    text = (
        "# top\n"  # 1
        "FROM a:1\n"  # 2
        "RUN a \\\n"  # 3
        "# inside a continuation\n"  # 4
        "    b\n"  # 5
        "  # indented\n"  # 6
        "RUN <<EOF\n"  # 7
        "# inside a heredoc\n"  # 8
        "EOF\n"  # 9
        "# last\n"  # 10
    )
    assert list(comment_lines(parse(text, "Dockerfile"))) == [1, 6, 10]


def test_pragma_grammar_groups() -> None:
    m = PRAGMA_RE.match("# hadolint stage ignore=DL3008, DL3015  # reason")
    assert m is not None and m.groups() == ("hadolint", "stage", "DL3008, DL3015")
    assert PRAGMA_RE.match("# hadolint ignore=") is None

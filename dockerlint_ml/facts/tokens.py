"""Where a command of a RUN/CMD/ENTRYPOINT is written: the words of the source that hold it.

The shell model (facts.shell) reads a command's argv, unwrapped (`sudo`, `python -m`,
`env K=V`), but not where its words are. A finding points at the command, and a fix edits
it, only when the source says unambiguously which words those are: the command's leading
words occur as consecutive source words exactly as often as commands with those leading
words run, so the k-th such command is the k-th occurrence. Otherwise (a command inside a
`sh -c` string, a heredoc body, the words also appearing as arguments of `echo`) nothing is
located and the finding stays on the whole instruction, without an edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Edit, Span
from dockerlint_ml.dockerfile.positions import SourceMap, Word
from dockerlint_ml.facts.shell import SimpleCommand


@dataclass(frozen=True, slots=True)
class Located:
    """Leading words of one command, found in its instruction's source."""

    source: SourceMap
    words: tuple[Word, ...]  # the source words, in order

    @property
    def span(self) -> Span:
        return self.source.span(self.words[0].start, self.words[-1].end)

    def insert_after(self, text: str) -> Edit:
        """Insert `text` right after the last located word (`" --deploy"`)."""
        end = self.words[-1].end
        return Edit(self.source.span(end, end), text)


def locate_command(
    source: SourceMap,
    commands: Sequence[SimpleCommand],
    command: SimpleCommand,
    count: int,
) -> Located | None:
    """The source words of `command`'s first `count` argv words (`pipenv install`: 2), or
    None when the source does not say which they are. `commands`: every command the
    instruction runs (ctx.commands), `command` one of them (by identity)."""
    key = command.argv[:count]
    if len(key) < count or not key:
        return None
    same = [c for c in commands if c.argv[:count] == key]
    index = next((i for i, c in enumerate(same) if c is command), None)
    if index is None or source.count(key) != len(same):
        return None
    found = source.find(key, index)
    if found is None:
        return None
    start, end = found
    words = tuple(w for w in source.words() if start <= w.start and w.end <= end)
    if len(words) != len(key):
        return None
    return Located(source, words)


def word_at(source: SourceMap, text: str) -> Word | None:
    """The one source word whose text is `text`, or None when there is none or several."""
    if source.count([text]) != 1:
        return None
    found = source.find([text])
    if found is None:
        return None
    return next((w for w in source.words() if w.start == found[0]), None)

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

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dockerlint_ml.dockerfile.model import Edit, Span
from dockerlint_ml.dockerfile.positions import SourceMap, Word
from dockerlint_ml.facts.packages import PackageCommand, package_command
from dockerlint_ml.facts.shell import SimpleCommand

# A subcommand is looked for among this many leading words of a command at most (the
# options before it): past that, nothing is located (each try parses the words so far).
_MAX_LEAD = 16


@dataclass(frozen=True, slots=True)
class Located:
    """Leading words of one command, found in its instruction's source."""

    source: SourceMap
    words: tuple[Word, ...]  # the source words, in order

    @property
    def span(self) -> Span:
        return self.source.span(self.words[0].start, self.words[-1].end)

    def insert_after(self, text: str) -> Edit:
        """Insert `text` right after the last located word's last character, on its line
        (before a continuation that may follow it): `" --deploy"`."""
        return Edit(after(self.source, self.words[-1].end), text)

    def insert_word(self, word: str, exec_form: bool) -> Edit:
        """Insert the argument `word` after the located words: ` word` in a shell form,
        `, "word"` (with the array's own separator) in an exec form."""
        if not exec_form:
            return self.insert_after(" " + word)
        source = self.source
        last = self.words[-1]
        words = source.words()
        k = next(i for i, w in enumerate(words) if w.start == last.start)
        if k + 1 < len(words):
            between = source.text[last.end : words[k + 1].start]
        else:
            between = source.text[words[k - 1].end : last.start] if k > 0 else ", "
        separator = ", " if " " in between or "\t" in between else ","
        return self.insert_after(separator + json.dumps(word))


def after(source: SourceMap, end: int) -> Span:
    """The empty span just after the character before offset `end`, on that character's
    line: an insertion there stays before a continuation that follows the word (an empty
    `source.span(end, end)` at a piece boundary is the start of the next line)."""
    if end <= 0:
        return source.span(0, 0)
    last = source.span(end - 1, end)
    return Span(last.end_line, last.end_column, last.end_line, last.end_column)


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


def after_subcommand(
    source: SourceMap,
    commands: Sequence[SimpleCommand],
    command: PackageCommand,
    option: str,
    exec_form: bool,
) -> tuple[Span, Edit] | None:
    """Where a package command's program and subcommand are written (`apt-get install`,
    `apt-get -q install`, `pip install` of `python -m pip install`), and the edit that
    writes the word `option` right after them; None when the source does not say
    unambiguously where they are (a `sh -c` string, a heredoc, the words repeated as an
    argument of another command)."""
    count = _through_subcommand(command)
    if count is None:
        return None
    located = locate_command(source, commands, command.command, count)
    if located is None:
        return None
    return located.span, located.insert_word(option, exec_form)


def _through_subcommand(command: PackageCommand) -> int | None:
    """How many leading argv words run through the subcommand: the shortest prefix the
    manager's grammar reads as that action (`apt-get -o X=1 install`: 4; an option value
    spelled like the action is not taken for it)."""
    if not command.action:
        return None
    cmd = command.command
    argv = cmd.argv
    for n in range(2, min(len(argv), _MAX_LEAD) + 1):
        head = package_command(replace(cmd, argv=argv[:n]))
        if head is not None and (head.manager, head.action) == (command.manager, command.action):
            return n
    return None

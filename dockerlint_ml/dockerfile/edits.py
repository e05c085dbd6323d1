"""Edits fixes are made of: whole lines inserted next to an instruction, keywords written
the way the file writes them.

An inserted instruction takes the indentation of the one it goes next to and the case of
its keyword, so a fix adds no inconsistency another rule would report (BK001 reports
mixed keyword casing).
"""

from __future__ import annotations

from dockerlint_ml.dockerfile.model import Dockerfile, Edit, Instruction, Span


def written_keyword(dockerfile: Dockerfile, instruction: Instruction) -> str:
    """The instruction's keyword as the file writes it (`from`, `From`, `FROM`)."""
    span = instruction.span
    if not 1 <= span.line <= len(dockerfile.lines):
        return instruction.keyword
    line = dockerfile.lines[span.line - 1]
    start = span.column - 1
    word = line[start : start + len(instruction.keyword)]
    return word if word.upper() == instruction.keyword else instruction.keyword


def keyword_like(example: str, keyword: str) -> str:
    """`keyword` in the case of `example`: all lower, capitalised, else upper."""
    if example.islower():
        return keyword.lower()
    if example[:1].isupper() and example[1:].islower():
        return keyword.capitalize()
    return keyword.upper()


def _indent(dockerfile: Dockerfile, instruction: Instruction) -> str:
    line = dockerfile.lines[instruction.span.line - 1]
    return line[: instruction.span.column - 1]


def insert_before(
    dockerfile: Dockerfile, instruction: Instruction, keyword: str, rest: str
) -> Edit:
    """A new instruction `KEYWORD rest` on its own line just above `instruction` (its
    keyword cased like that instruction's, the same indentation)."""
    span = instruction.span
    written = keyword_like(written_keyword(dockerfile, instruction), keyword)
    text = f"{written} {rest}\n{_indent(dockerfile, instruction)}"
    return Edit(Span(span.line, span.column, span.line, span.column), text)


def insert_after(dockerfile: Dockerfile, instruction: Instruction, keyword: str, rest: str) -> Edit:
    """A new instruction `KEYWORD rest` on its own line just below `instruction` (after
    its heredoc bodies), cased and indented like it."""
    span = instruction.span
    written = keyword_like(written_keyword(dockerfile, instruction), keyword)
    text = f"\n{_indent(dockerfile, instruction)}{written} {rest}"
    return Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), text)

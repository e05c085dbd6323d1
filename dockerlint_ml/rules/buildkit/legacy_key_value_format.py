"""BK013 legacy-key-value-format (BuildKit's LegacyKeyValueFormat)."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import SAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.dockerfile.parser import raw_words
from dockerlint_ml.engine.rule import Context, Rule

# BuildKit's `reWhitespace`, which splits the legacy form's key from its value.
_BLANKS = " \t\v\f\r"
_NOT_GO_SPACE = frozenset("\x1c\x1d\x1e\x1f")


class LegacyKeyValueFormat(Rule):
    """ENV or LABEL uses the legacy `KEY value` form instead of `KEY=value`.

    Checked on every ENV and LABEL of every stage: the first word (quotes respected) has
    no `=`, and a value follows it, so that Docker reads the whole rest of the line as
    one value (`ENV PATH /opt/bin:$PATH`, `LABEL maintainer "a b"`). ONBUILD ENV and
    ONBUILD LABEL are not checked.

    ## Why is this bad?

    The legacy form sets exactly one variable, and everything after the first blank is
    its value: `ENV A 1 B 2` sets `A` to `1 B 2`, not two variables, which is rarely what
    the author meant. The `KEY=value` form is the one the Dockerfile reference documents
    and can set several pairs; the reference keeps the legacy form for backward
    compatibility only and says it may be removed. BuildKit warns about it
    (LegacyKeyValueFormat).

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED 1
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED=1
    ```

    ## Differences from BuildKit

    - ONBUILD triggers that a base stage of the same file declares are not replayed into
      the stages built on it (BuildKit checks a replayed `ONBUILD ENV KEY value` there
      and reports it on that stage's FROM).

    ## Fix

    Safe: the blanks between the key and the value become `=`, and a value BuildKit would
    otherwise split into several words (`ENV A 1 B 2`) is put in double quotes; the
    value is not touched otherwise. BuildKit processes the legacy value as one word,
    quotes, escapes and variables included, and the `=` form processes the text after
    `=` the same way, so the variable or label gets the identical string. No fix when
    that is not plainly exact: a value with blanks that also holds a quote, the escape
    character or a `$` (in double quotes those would need escaping or read otherwise),
    or a key or separator that is not plain text on one line.

    ## References

    - BuildKit's check: https://docs.docker.com/reference/build-checks/legacy-key-value-format/
    - Docker, `ENV`: https://docs.docker.com/reference/dockerfile/#env
    - Docker, `LABEL`: https://docs.docker.com/reference/dockerfile/#label
    """

    code = "BK013"
    name = "legacy-key-value-format"
    severity = Severity.WARNING
    keywords = frozenset({"ENV", "LABEL"})
    aliases = ("LegacyKeyValueFormat",)
    fixable = "safe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.stage is None:
            return
        words = raw_words(instruction.value)
        if not words or "=" in words[0]:
            return
        parts = instruction.value.split(None, 1)
        if len(parts) < 2:  # `ENV KEY` alone: an error BuildKit reports, not this form
            return
        keyword, key = instruction.keyword, parts[0]
        yield self.finding(
            instruction,
            f"`{keyword} {key} <value>` is the legacy form: write `{keyword} {key}=<value>`.",
            fix=f"Write `{keyword} {key}=value`, quoting a value that holds blanks.",
            autofix=_key_value(ctx, instruction, key),
        )


def _key_value(ctx: Context, instruction: Instruction, key: str) -> Fix | None:
    """`KEY value` -> `KEY=value` (`KEY="a b"` for a value of several words), or None
    when the rewrite could change the string the value gives.

    BuildKit's legacy form takes the key up to the first run of `reWhitespace` and the
    rest of the line as the value, then processes the value as one word (quotes, escapes,
    variables). The `=` form splits the line into words (quotes and escapes respected),
    cuts each at its first `=`, and processes the value the same way: `KEY=value` means
    the same when the value is one such word, and `KEY="value"` when the value holds no
    quote, no escape character and no `$` (nothing is then special inside the quotes; a
    `$` would mean the same there, but the model keeps an unresolved value as written,
    quotes and all, which other rules would read differently)."""
    value = instruction.value
    escape = ctx.dockerfile.escape
    if any(ch in _NOT_GO_SPACE for ch in value):
        return None  # blanks to Python's str.isspace, not to Go's unicode.IsSpace
    cut = next((i for i, ch in enumerate(value) if ch in _BLANKS), -1)
    if cut <= 0 or value[:cut] != key:
        return None
    rest = value[cut:].lstrip(_BLANKS)
    blanks = value[cut : len(value) - len(rest)]
    if not rest or any(ch not in " \t" for ch in blanks):
        return None
    key_words = buildkit_words(key, escape)
    if key_words != [key] or "=" in key:
        return None
    words = buildkit_words(rest, escape)
    if words == [rest]:
        quote = False
    elif words and not any(ch in rest for ch in ("'", '"', escape, "$", "`")):
        quote = True
    else:
        return None
    source = ctx.source_map(instruction)
    if source.value_start < 0:
        return None
    start = source.value_start + cut
    end = start + len(blanks)
    span = source.span(start, end)
    if span.line != span.end_line or span.end_column - span.column != len(blanks):
        return None  # the blanks run over a continuation: not edited
    edits = [Edit(span, '="' if quote else "=")]
    if quote:
        last = source.value_start + len(value)
        after = source.span(last - 1, last)
        point = Span(after.end_line, after.end_column, after.end_line, after.end_column)
        edits.append(Edit(point, '"'))
    return Fix(f"Write {key}=value", SAFE, tuple(edits))


def buildkit_words(text: str, escape: str) -> list[str]:
    """BuildKit's `parseWords` (frontend/dockerfile/parser/line_parsers.go): words split
    at unquoted, unescaped whitespace, quotes and escapes kept in them."""
    words: list[str] = []
    word: list[str] = []
    blank_ok = False  # a quoted empty string is a word
    quote = ""
    in_word = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if not in_word and not quote:
            if ch.isspace():
                i += 1
                continue
            in_word = True
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote != "'":
                if i + 1 == n:
                    break  # an escape at the end is dropped
                word.append(ch)
                i += 1
                ch = text[i]
            word.append(ch)
            i += 1
            continue
        if ch.isspace():
            if blank_ok or word:
                words.append("".join(word))
            word = []
            blank_ok = False
            in_word = False
            i += 1
            continue
        if ch in ("'", '"'):
            quote = ch
            blank_ok = True
        elif ch == escape:
            if i + 1 == n:
                break
            word.append(ch)
            i += 1
            ch = text[i]
        word.append(ch)
        i += 1
    if (in_word or quote) and (blank_ok or word):
        words.append("".join(word))
    return words

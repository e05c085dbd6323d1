"""SC shellcheck: ShellCheck's findings on the scripts RUN instructions run."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule, ShellComment

if TYPE_CHECKING:
    from dockerlint_ml.facts.shell_scripts import Script

WIKI = "https://www.shellcheck.net/wiki/"
# The codes DL rules report on the same command: with both selected, the DL finding stays.
# SC2164 (`cd` without `|| exit`) and DL3003 (cd-in-run) both point at one `cd`.
TWINS = {"SC2164": "DL3003"}
# A fix's title shows the text it changes when that is one line of at most this many
# characters; a longer one is named by the code alone.
TITLE_TEXT = 40
_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.STYLE,
}


def wiki_url(code: str) -> str:
    """The ShellCheck wiki page of a code (`SC2086`)."""
    return WIKI + code


class ShellCheck(Rule):
    """ShellCheck finds a problem in the shell script a RUN runs.

    Each shell-form RUN (and ONBUILD RUN), and each heredoc a shell runs (`RUN <<EOF`, or a
    quoted one handed to a shell, `RUN <<"EOF" bash -ex`), is checked by
    ShellCheck as the script its shell receives: a shebang naming the stage's SHELL
    (`/bin/sh` by default; bash, dash, ksh and BusyBox ash too), the ARG and ENV
    variables the script uses assigned their values, then the text with its continuation
    lines joined. Every ShellCheck comment is one finding under ShellCheck's code
    (`SC2086`), at ShellCheck's level, on the exact Dockerfile range it flags. The codes are
    selectors of their own: `--ignore SC2086`, `--select SC20`, `# dockerlint-ml
    ignore=SC2046`, `severity = { SC2086 = "info" }`.

    Not checked: exec-form RUNs (no shell reads them), RUNs under a SHELL ShellCheck does
    not read (PowerShell, cmd, zsh, fish), and heredocs a program reads
    (`RUN python3 <<EOF`, `cat <<EOF > file`). ShellCheck's SC1090, SC1091 (sourced files
    it cannot see) and SC2187 (ash) are never asked for. A `.shellcheckrc` in the
    Dockerfile's directory or above it is honoured, and a `# shellcheck disable=...` line
    works in a heredoc script as in a script file. ShellCheck comes from the
    `dockerlint-ml[shellcheck]` extra, or `shellcheck-path` in the configuration.

    Codes whose findings on real Dockerfiles were mostly rejected in review (SC2086 and
    SC2046 on word splitting a Dockerfile intends or cannot suffer, SC3xxx bash-isms whose
    verdict depends on what `/bin/sh` is in the base image, and others: README, "ShellCheck
    inside RUN") are off by default; their code or a prefix longer than `SC` turns them on.

    ## Why is this bad?

    A RUN is a shell script that runs once, at build time, where nobody watches it: an
    unquoted `$(...)` that splits, a `[[` that `/bin/sh` does not have, a `cd` whose
    failure goes unnoticed make a build fail later or, worse, succeed with the wrong
    result; an unquoted `pkg>=1.0` is a redirection that drops the pin. ShellCheck knows
    those mistakes; each finding names the code whose wiki page
    explains it.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask>=3.0 gunicorn>=22.0
    ```

    The unquoted `>` of each pin is a redirection: pip installs flask and gunicorn unpinned
    and the shell writes their output to files named `=3.0` and `=22.0` (SC2261).

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir "flask>=3.0" "gunicorn>=22.0"
    ```

    ## Differences from hadolint

    - The SHELL in effect is kept after ARG and ENV; hadolint 2.15.1 checks every RUN after
      them as `/bin/sh`, which reports bash syntax under `SHELL ["/bin/bash", "-c"]`.
    - Every ShellCheck comment is reported; hadolint keeps one per RUN.
    - Each finding has the line and columns ShellCheck flags; hadolint reports the RUN's
      first line, column 1.
    - Variables get their values (`ENV DIR=/opt/app`); hadolint assigns every one `1`.
      The unquoted use of a value with a blank is reported, of a plain word not.
    - SC2164 on a `cd` is left to DL3003 when both are selected (one root cause, one
      finding).

    ## Fix

    A comment for which ShellCheck offers a fix (its `json1` replacements: the quotes
    SC2086 puts around `$VAR`, `$(...)` for the backticks of SC2006, the `|| exit` SC2164
    adds after a `cd`...) carries it, written back into the Dockerfile at the same
    characters. A fix is offered only when every replacement lands on text that is,
    character for character, the script ShellCheck read: none when a replacement's range
    crosses a line continuation or a comment line inside the RUN, covers more than one
    Dockerfile line, touches the shebang or `export` line written for ShellCheck, would add
    a line break (which would end the RUN), or would change what the Dockerfile parser
    reads (a line that stops or starts continuing, becomes a comment, or reads as a
    heredoc's terminator). Unsafe: the replacements change what the script does, which is
    their point, and what the RUN relied on goes with it: a quoted `$PACKAGES` is one word
    (an `apk add $PACKAGES` meant to split asks for one package named by the whole list),
    a quoted `$FILES` no longer globs, `$(...)` reads backslashes inside it unlike
    backticks, and `cd /x || exit` ends the RUN with the status of a failed `cd` where the
    script went on. Review each change, and the build, before keeping it.

    ## References

    - ShellCheck: https://www.shellcheck.net/ and its wiki of codes:
      https://www.shellcheck.net/wiki/
    - hadolint, "Rules" (ShellCheck on RUN): https://github.com/hadolint/hadolint#rules
    """

    code = "SC"
    name = "shellcheck"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    onbuild = True
    family_digits = 4
    fixable = "unsafe"
    # Off by default after the precision review on the corpus (README, "ShellCheck inside
    # RUN", gives each reason): most of their findings there were rejected by a reviewer.
    default_excluded = frozenset(
        {
            "SC1007", "SC1083", "SC2001", "SC2010", "SC2012", "SC2014", "SC2016", "SC2021",
            "SC2035", "SC2038", "SC2043", "SC2046", "SC2059", "SC2086", "SC2102", "SC2125",
            "SC2154", "SC2155", "SC2162", "SC2164", "SC2166", "SC2174", "SC2185", "SC2196",
            "SC3001", "SC3010", "SC3014", "SC3037", "SC3040", "SC3046", "SC3060",
        }
    )  # fmt: skip

    @classmethod
    def code_url(cls, code: str) -> str | None:
        return wiki_url(code)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if ctx.shellcheck is None:
            return
        lines, escape = ctx.dockerfile.lines, ctx.dockerfile.escape
        delimiters = {h.delimiter for h in instruction.heredocs}
        for script in ctx.scripts(instruction):
            comments = ctx.shellcheck(script)
            if not comments:
                continue
            for comment in comments:
                if script.generated(comment.line):
                    # About the shebang or export lines written here, not the user's text.
                    continue
                code = comment.code
                autofix = None
                if comment.fix:
                    autofix = _autofix(script, comment, lines, escape, delimiters)
                yield Finding(
                    code=code,
                    name=self.name,
                    severity=_LEVELS.get(comment.level, Severity.WARNING),
                    message=comment.message,
                    span=script.span(
                        comment.line, comment.column, comment.end_line, comment.end_column
                    ),
                    fix=f"see {wiki_url(code)}",
                    subsumed_by=TWINS.get(code),
                    autofix=autofix,
                )


def _autofix(
    script: Script,
    comment: ShellComment,
    lines: Sequence[str],
    escape: str,
    delimiters: set[str],
) -> Fix | None:
    """ShellCheck's fix for `comment` as edits of the Dockerfile, or None when one of its
    replacements is not exactly Dockerfile text (Script.exact) or would change how the
    Dockerfile reads (_same_shape)."""
    edits: list[Edit] = []
    for line, column, end_line, end_column, insertion, text in comment.fix:
        if "\n" in text or "\r" in text:
            return None  # a line break ends the RUN's command line
        span = script.exact(lines, line, column, end_line, end_column, insertion)
        if span is None or span.end_line != span.line:
            return None
        edits.append(Edit(span, text))
    if not edits:
        return None
    edits.sort(key=lambda e: (e.span.line, e.span.column, e.span.end_column))
    for a, b in itertools.pairwise(edits):
        if b.span.line != a.span.line:
            continue
        if b.span.column < a.span.end_column or b.span.column == a.span.column:
            return None  # overlapping, or two insertions at one point: no order to trust
    for number, group in itertools.groupby(edits, key=lambda e: e.span.line):
        old = lines[number - 1]
        if not _same_shape(old, _applied(old, list(group)), escape, delimiters):
            return None
    return Fix(_title(comment.code, edits, lines), UNSAFE, tuple(edits))


def _applied(line: str, edits: Sequence[Edit]) -> str:
    """`line` with the edits of it applied (in order, not overlapping)."""
    out: list[str] = []
    at = 0
    for e in edits:
        out.append(line[at : e.span.column - 1])
        out.append(e.text)
        at = e.span.end_column - 1
    out.append(line[at:])
    return "".join(out)


def _same_shape(old: str, new: str, escape: str, delimiters: set[str]) -> bool:
    """Whether the Dockerfile parser reads the edited line `new` as it read `old`: it
    continues (or not) alike, becomes no comment or blank line a continuation drops, and
    is no heredoc terminator either way."""
    if _continues(old, escape) != _continues(new, escape):
        return False
    if _dropped(old) != _dropped(new):
        return False
    return not any(text.lstrip("\t") in delimiters for text in (old, new))


def _continues(line: str, escape: str) -> bool:
    """BuildKit's line continuation (parser.continuation_re, without a pattern): the
    escape character, not itself escaped, then only blanks to the end of the line."""
    body = line.rstrip(" \t")
    return body.endswith(escape) and not body[: -len(escape)].endswith(escape)


def _dropped(line: str) -> bool:
    return line.lstrip(" \t").startswith("#") or not line.strip(" \t\r\n\f\v")


def _title(code: str, edits: Sequence[Edit], lines: Sequence[str]) -> str:
    """``Change `$HOME` to `"$HOME"` `` (or ``Add `|| exit` ``) when the edits are on one
    line and the text they change is short, else `Apply ShellCheck's fix for SC2086`."""
    number = edits[0].span.line
    if all(e.span.line == number for e in edits):
        written = lines[number - 1]
        start, end = edits[0].span.column - 1, edits[-1].span.end_column - 1
        old = written[start:end]
        new = _applied(written, edits)
        new = new[start : len(new) - (len(written) - end)]
        if max(len(old), len(new)) <= TITLE_TEXT and "`" not in old + new:
            if not old and new.strip():  # an insertion: `cd /x` + ` || exit`
                return f"Add `{new.strip()}`"
            if old:
                return f"Change `{old}` to `{new}`"
    return f"Apply ShellCheck's fix for {code}"

"""Shell text -> simple commands (argv lists), with wrappers such as `sh -c` unwrapped.

Two stages, each written once:

1. Tokenizing: tree-sitter-bash (a maintained C grammar that recovers from errors, never
   rejects input and runs in linear time) finds the simple commands of a script, in
   lists, pipelines, subshells, groups, if/for/while/case bodies, functions and command
   substitutions. Each word is then unquoted by `unquote` (quotes removed, escapes
   processed, `$VAR` and `$(...)` kept as written). When tree-sitter is not importable,
   or fails on some input, a small linear lexer in this module stands in (`BACKEND` says
   which one is active); it knows quotes, operators, comments and heredocs but not the
   shell grammar's compound commands.
2. Unwrapping: `from_argv` turns one argv into the command that really runs, whatever
   produced the argv (an exec-form JSON array or the tokenizer): leading `K=V`
   assignments, `env`, `exec`, `sudo`, `nohup`, `time`, `tini --`, `dumb-init`, `gosu`,
   `su-exec`, `sh -c "..."` (re-parsed as a script), `pipenv run`, `poetry run`,
   `uv run`, `uvx`, `conda/mamba/micromamba run` and `python -m <module>`.

Variables exported earlier in a script (`export K=V && cmd`) are folded into the `env` of
every later command of that script, and inherited by scripts run through `sh -c`.
Nothing here raises on any text; nested `sh -c` levels, exported names and commands per
script are capped so that huge or adversarial input stays linear.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dockerlint_ml.dockerfile.model import Instruction

# Nested `sh -c` / `bash <<EOF` levels unwrapped; deeper scripts stay as one command.
MAX_DEPTH = 8
# Exported variable names tracked per script; later exports of new names are ignored.
MAX_EXPORTED = 256
# Simple commands returned per parse; the rest of a larger script is dropped.
MAX_COMMANDS = 100_000
# Command substitutions `$(...)` nested deeper than this hold no commands we report.
MAX_SUBSTITUTION_DEPTH = 3


# Where a command stands in its script, in SimpleCommand's field order: (pipeline,
# pipe_index, pipe_size, connector, nested, pipefail).
_Place = tuple[int, int, int, str, int, bool]
_ALONE: _Place = (0, 0, 1, "", 0, False)
# A statement's place as the tokenizers give it: (pipeline, pipe_index, pipe_size,
# connector, nested); pipeline -1: a lone command, numbered when it is read.
_Where = tuple[int, int, int, str, int]
_NOWHERE: _Where = (-1, 0, 1, "", 0)


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """One simple command: its argv after unwrapping, and the variables set for it.

    `env` holds, in order of first appearance and with the last value winning: variables
    exported earlier in the script (or inherited from an enclosing `sh -c`), then those set
    by wrappers (`env K=V`, `sudo K=V`) and leading `K=V` words. Values are unquoted words,
    variables left as written. Dockerfile ENV is not included: rules read it from the model.
    """

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    # The wrappers it was found inside, outermost first, e.g. ("sh -c", "pipenv run").
    wrappers: tuple[str, ...] = ()
    # Where it stands in the script it was read from: a RUN's text, a `sh -c` string, a
    # heredoc fed to a shell (an argv run without a shell keeps the defaults: a lone
    # command, first of its script).
    # The pipeline holding it: a number unique within one parse (commands of a nested
    # `sh -c` included), increasing in source order. A command inside a compound element
    # of a pipeline (`{ a; b; } | c`) shares that element's pipeline, index and size.
    pipeline: int = 0
    pipe_index: int = 0  # the place of its element in the pipeline, from 0
    pipe_size: int = 1  # the pipeline's elements (a compound one counts once)
    # The operator before it: "|" or "|&" inside a pipeline, else the one before its
    # pipeline in its list ("&&", "||", ";", "&", ";;", "\n"); "" when it starts its list
    # (the first of a script, of a group, subshell or substitution, after `then` or `do`).
    connector: str = ""
    # Subshells, groups, compound commands (if, for, while, case, functions) and command
    # substitutions around it within its script; 0 for a top-level statement.
    nested: int = 0
    # `pipefail` is on for it by its own script: an earlier `set -o pipefail` in the same
    # shell, or the `-o pipefail` of the shell that runs the script (`bash -o pipefail -c`).
    # The Dockerfile's SHELL is not known here (see facts.run_state).
    pipefail: bool = False

    @property
    def name(self) -> str:
        """The program's base name: `/usr/local/bin/gunicorn` -> `gunicorn`."""
        return _basename(self.argv[0]) if self.argv else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.argv[1:]

    @property
    def leads(self) -> bool:
        """Whether it is the first statement of its script (nothing of that script ran
        before it); with no shell among its wrappers, the first command of the RUN."""
        return self.connector == "" and self.nested == 0 and self.pipe_index == 0

    @property
    def piped(self) -> bool:
        """Whether it is part of a pipeline of two or more elements."""
        return self.pipe_size > 1

    def matches(self, name: str, *subcommand: str) -> bool:
        """`cmd.matches("uv", "pip", "install")`: the name, then the first args exactly."""
        n = len(subcommand)
        return self.name == name and self.argv[1 : 1 + n] == subcommand

    def has_flag(self, *names: str) -> bool:
        """True if any of the long (`--x`, `--x=v`) or short (`-x`) flags is present."""
        for arg in self.argv[1:]:
            for name in names:
                if arg == name or (name.startswith("--") and arg.startswith(name + "=")):
                    return True
        return False

    def option_values(self, *names: str) -> list[str]:
        """Values given to an option, in order: `-b X`, `--bind X`, `--bind=X`, `-bX`."""
        values: list[str] = []
        argv = self.argv
        i = 1
        while i < len(argv):
            arg = argv[i]
            for name in names:
                if arg == name:
                    if i + 1 < len(argv):
                        values.append(argv[i + 1])
                        i += 1
                    break
                if name.startswith("--") and arg.startswith(name + "="):
                    values.append(arg[len(name) + 1 :])
                    break
                if len(name) == 2 and name[0] == "-" != name[1] and arg[:2] == name:
                    values.append(arg[2:])
                    break
            i += 1
        return values

    def env_value(self, name: str) -> str | None:
        for key, value in reversed(self.env):
            if key == name:
                return value
        return None


# --------------------------------------------------------------------------- public API


def parse_commands(
    script: str,
    env: Iterable[tuple[str, str]] = (),
    wrappers: Sequence[str] = (),
    *,
    pipefail: bool = False,
) -> tuple[SimpleCommand, ...]:
    """The simple commands of a shell script, unwrapped, in source order.

    `env` is the environment the script starts with (it is treated as exported);
    `wrappers` is prefixed to every command's wrappers; `pipefail`: the shell starts with
    `-o pipefail`.
    """
    return tuple(_parse(str(script), dict(env), tuple(wrappers), 0, True, None, pipefail))


def from_argv(
    argv: Sequence[str],
    env: Iterable[tuple[str, str]] = (),
    wrappers: Sequence[str] = (),
    *,
    stdin: Sequence[str] = (),
) -> tuple[SimpleCommand, ...]:
    """Unwrap one argv (exec form, or a tokenized simple command) into what really runs.

    `stdin` holds heredoc bodies fed to the command: a shell that reads its script from
    stdin (`bash -e <<EOF`) runs them, any other program takes them as data.
    """
    return tuple(
        _from_argv([str(w) for w in argv], tuple(env), list(wrappers), stdin, 0, _ALONE, None)
    )


def commands_of(instruction: Instruction) -> tuple[SimpleCommand, ...]:
    """The commands of a RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD (ONBUILD's inner one) in either form."""
    ins = instruction.inner if instruction.inner is not None else instruction
    if ins.form == "exec" and ins.argv is not None:
        return from_argv(ins.argv)
    if ins.form != "shell":
        return ()
    if ins.malformed_json:
        # `CMD ['python', 'app.py']`: the shell reads `[python,` as a program name, which
        # tree-sitter-bash would take for the start of a `[ ... ]` test.
        return tuple(_parse(instruction_script(ins), {}, (), 0, grammar=False))
    return parse_commands(instruction_script(ins))


def instruction_script(ins: Instruction) -> str:
    """The shell text an instruction hands to the shell, heredoc bodies placed after it.

    A RUN made only of heredoc markers runs the bodies as its script (Docker's rule);
    otherwise the bodies are laid out as a shell would read them, so that the tokenizer
    treats `python3 <<EOF` bodies as data and `bash -ex <<EOF` bodies as scripts.
    """
    value = ins.value
    if ins.keyword == "HEALTHCHECK":
        head, _, rest = value.lstrip().partition(" ")
        return rest if head.upper() == "CMD" else ""
    if not ins.heredocs:
        return value
    words = value.split()
    if all(_HEREDOC_WORD.match(w) for w in words):
        return "\n".join(doc.body for doc in ins.heredocs)
    # tree-sitter-bash does not accept a heredoc redirect before the command name.
    lead = _LEADING_HEREDOCS.match(value)
    if lead and value[lead.end() :].strip():
        value = value[lead.end() :] + " " + lead.group(0).strip()
    parts = [value, "\n"]
    for doc in ins.heredocs:
        parts.append(doc.body)
        if doc.body and not doc.body.endswith("\n"):
            parts.append("\n")
        parts.append(doc.delimiter + "\n")
    return "".join(parts)


_HEREDOC_WORD = re.compile(r"\d*<<")
_LEADING_HEREDOCS = re.compile(r"\s*(?:\d*<<-?\S+\s+)+")


# --------------------------------------------------------------------------- words


_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Next character that starts quoting or an expansion inside a word.
_WORD_SPECIAL = re.compile(r"[\\'\"$`]")
_DQ_SPECIAL = re.compile(r"[\\\"$`]")
# Per nesting context: the characters that matter inside it.
_CTX_SPECIAL = {
    "'": re.compile(r"'"),
    '"': re.compile(r"[\\\"$`]"),
    "(": re.compile(r"[\\'\"$`()]"),
    "{": re.compile(r"[\\'\"$`}]"),
    "`": re.compile(r"[\\`]"),
    "$'": re.compile(r"[\\']"),
}
_CLOSER = {"'": "'", '"': '"', "(": ")", "{": "}", "`": "`", "$'": "'"}


def _match_end(s: str, i: int) -> int:
    """Index just past the quoted string or expansion that starts at `s[i]`.

    Handles `'...'`, `"..."`, `$'...'`, backquotes, `$(...)`, `$((...))` and `${...}`
    nested in any order, with an explicit stack (no recursion); unterminated -> len(s).
    """
    n = len(s)
    if s.startswith("$'", i):
        stack, pos = ["$'"], i + 2
    elif s.startswith("$(", i) or s.startswith("${", i):
        stack, pos = [s[i + 1]], i + 2
    else:
        stack, pos = [s[i]], i + 1
    while stack:
        ctx = stack[-1]
        m = _CTX_SPECIAL[ctx].search(s, pos)
        if m is None:
            return n
        pos = m.start()
        c = s[pos]
        if c == "\\" and ctx != "'":
            pos += 2
        elif c == _CLOSER[ctx]:
            stack.pop()
            pos += 1
        elif c == "(" and ctx == "(":
            stack.append("(")
            pos += 1
        elif c == "$":
            nxt = s[pos + 1 : pos + 2]
            if nxt in ("(", "{"):
                stack.append(nxt)
                pos += 2
            elif nxt == "'" and ctx != '"':
                stack.append("$'")
                pos += 2
            else:
                pos += 1
        elif c in ("'", '"', "`"):
            stack.append(c)
            pos += 1
        else:
            pos += 1
    return min(pos, n)


_ANSI_SIMPLE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "e": "\x1b",
    "E": "\x1b",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_ANSI_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|.)")


def _ansi_c(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc in _ANSI_SIMPLE:
            return _ANSI_SIMPLE[esc]
        try:
            if esc[0] in "xuU":
                return chr(int(esc[1:], 16))
            if esc[0] in "01234567":
                return chr(int(esc, 8))
        except (ValueError, OverflowError):
            pass
        return m.group(0)

    return _ANSI_ESCAPE.sub(repl, body)


_SPLIT_BLANKS = " \t\r\n"


def split_words(text: str) -> list[str]:
    """`shlex.split(text)` (POSIX mode, no comments) in one pass: shlex grows each token by
    string concatenation, which is quadratic in a long word (a 500 KB `-b 000…` took a
    minute). Raises ValueError where shlex does: an unclosed quote, a trailing backslash.
    """
    words: list[str] = []
    current: list[str] = []
    in_word = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPLIT_BLANKS:
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
            i += 1
        elif c == "\\":
            if i + 1 >= n:
                raise ValueError("No escaped character")
            current.append(text[i + 1])
            in_word = True
            i += 2
        elif c == "'":
            close = text.find("'", i + 1)
            if close < 0:
                raise ValueError("No closing quotation")
            current.append(text[i + 1 : close])
            in_word = True
            i = close + 1
        elif c == '"':
            i = _split_double(text, i + 1, current)
            in_word = True
        else:
            end = i + 1
            while end < n and text[end] not in _SPLIT_BLANKS and text[end] not in "\\'\"":
                end += 1
            current.append(text[i:end])
            in_word = True
            i = end
    if in_word:
        words.append("".join(current))
    return words


def _split_double(text: str, i: int, out: list[str]) -> int:
    """Inside double quotes from `i`: as shlex, a backslash escapes only `"` and itself."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            return i + 1
        if c == "\\" and i + 1 < n and text[i + 1] in '"\\':
            out.append(text[i + 1])
            i += 2
            continue
        end = i + 1
        while end < n and text[end] not in '"\\':
            end += 1
        out.append(text[i:end])
        i = end
    raise ValueError("No closing quotation")


def unquote(word: str) -> str:
    """Shell quote removal on one word: `"a b"` -> `a b`, `c\\ d` -> `c d`, `'$X'` -> `$X`.

    Parameter expansions, command substitutions and arithmetic stay as written (`$PORT`,
    `"$(cat f)"` -> `$(cat f)`), because their values are unknown here; `$'...'` escapes
    are decoded; a backslash-newline disappears. Linear, never raises.
    """
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        m = _WORD_SPECIAL.search(word, i)
        if m is None:
            out.append(word[i:])
            break
        out.append(word[i : m.start()])
        i = m.start()
        c = word[i]
        if c == "\\":
            if i + 1 >= n:
                out.append("\\")
            elif word[i + 1] != "\n":
                out.append(word[i + 1])
            i += 2
        elif c == "'":
            end = word.find("'", i + 1)
            end = n if end < 0 else end
            out.append(word[i + 1 : end])
            i = end + 1
        elif c == '"':
            i = _unquote_double(word, i + 1, out)
        elif c == "$":
            nxt = word[i + 1 : i + 2]
            if nxt == "'":
                end = _match_end(word, i)
                body_end = (
                    end - 1 if end <= n and word[end - 1 : end] == "'" and end - 1 > i + 1 else end
                )
                out.append(_ansi_c(word[i + 2 : body_end]))
                i = end
            elif nxt == '"':
                i = _unquote_double(word, i + 2, out)
            elif nxt in ("(", "{"):
                end = _match_end(word, i)
                out.append(word[i:end])
                i = end
            else:
                out.append("$")
                i += 1
        else:  # backquote
            end = _match_end(word, i)
            out.append(word[i:end])
            i = end
    return "".join(out)


def _unquote_double(word: str, i: int, out: list[str]) -> int:
    """Append the inside of a double-quoted string starting at `i`; return the index after it."""
    n = len(word)
    while i < n:
        m = _DQ_SPECIAL.search(word, i)
        if m is None:
            out.append(word[i:])
            return n
        out.append(word[i : m.start()])
        i = m.start()
        c = word[i]
        if c == '"':
            return i + 1
        if c == "\\":
            nxt = word[i + 1 : i + 2]
            if nxt == "\n":
                pass
            elif nxt in ("$", "`", '"', "\\"):
                out.append(nxt)
            else:
                out.append(c + nxt)
            i += 2
        elif (c == "$" and word[i + 1 : i + 2] in ("(", "{")) or c == "`":
            end = _match_end(word, i)
            out.append(word[i:end])
            i = end
        else:
            out.append(c)
            i += 1
    return n


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- unwrapping

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
# The POSIX-family shells whose `-c` scripts and heredoc scripts are parsed as scripts.
SHELL_NAMES = _SHELLS
_PYTHON = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?\Z")
_RUNNERS = {"pipenv": "pipenv run", "poetry": "poetry run", "pdm": "pdm run"}
_CONDAS = frozenset({"conda", "mamba", "micromamba"})

# Options that take a separate value, per wrapper: (short letters, long names).
_SUDO_OPTS = (
    "ugpCDrtUTR",
    {
        "--user",
        "--group",
        "--prompt",
        "--close-from",
        "--chdir",
        "--role",
        "--type",
        "--other-user",
        "--command-timeout",
        "--chroot",
        "--host",
    },
)
_TIME_OPTS = ("fo", {"--format", "--output"})
_EXEC_OPTS = ("a", set[str]())
_TINI_OPTS = ("pe", set[str]())
_DUMB_INIT_OPTS = ("r", {"--rewrite"})
_CONDA_OPTS = ("npar", {"--name", "--prefix", "--cwd", "--attach", "--root-prefix", "--label"})
_POETRY_GLOBAL_OPTS = ("CP", {"--directory", "--project"})
_UV_RUN_OPTS = (
    "pPCfiw",
    {
        "--with",
        "--with-editable",
        "--with-requirements",
        "--python",
        "--package",
        "--extra",
        "--group",
        "--only-group",
        "--no-group",
        "--index",
        "--default-index",
        "--index-url",
        "--extra-index-url",
        "--find-links",
        "--env-file",
        "--directory",
        "--project",
        "--config-file",
        "--cache-dir",
        "--python-preference",
        "--index-strategy",
        "--keyring-provider",
        "--resolution",
        "--prerelease",
        "--exclude-newer",
        "--link-mode",
        "--reinstall-package",
        "--no-binary-package",
        "--no-build-package",
        "--refresh-package",
        "--upgrade-package",
        "--config-setting",
        "--no-build-isolation-package",
        "--python-platform",
        "--fork-strategy",
        "--allow-insecure-host",
        "--color",
        "--no-install-package",
        "--exclude-newer-package",
        "--from",
    },
)


def _skip_options(
    words: list[str], i: int, opts: tuple[str, set[str]], stop_at: str = ""
) -> tuple[int, str | None]:
    """Skip options from `words[i]`; return (index of the first operand, value of `stop_at`).

    `stop_at` names a short option whose value ends option parsing and is returned
    (`-m module` for `uv run`); `--` ends options.
    """
    short, long = opts
    n = len(words)
    while i < n:
        w = words[i]
        if w == "--":
            return i + 1, None
        if w.startswith("--"):
            name, eq, _ = w.partition("=")
            if stop_at and name == "--module":
                if eq:
                    return i + 1, w.partition("=")[2]
                return i + 2, words[i + 1] if i + 1 < n else None
            i += 2 if (not eq and name in long) else 1
            continue
        if w.startswith("-") and len(w) > 1:
            for k in range(1, len(w)):
                ch = w[k]
                if ch == stop_at:
                    if k + 1 < len(w):
                        return i + 1, w[k + 1 :]
                    return i + 2, words[i + 1] if i + 1 < n else None
                if ch in short:
                    i += 1 if k + 1 < len(w) else 2
                    break
            else:
                i += 1
            continue
        break
    return min(i, n), None


def pipefail_after(words: Sequence[str], start: int, end: int, on: bool) -> bool:
    """Whether pipefail is on after the options `words[start:end]` of `set` or of a shell,
    starting from `on`: `-o pipefail`, `-eo pipefail`, `-o errexit -o pipefail` turn it
    on, `+o pipefail` off (`-opipefail` is no option name: bash refuses it)."""
    k = start
    while k < end:
        word = words[k]
        k += 1
        if word in ("--", "-"):
            break
        if word.startswith("--"):
            k += word in ("--rcfile", "--init-file")
            continue
        if len(word) < 2 or word[0] not in "-+":
            break
        for letter in word[1:]:
            if letter in "oO":
                if k < end and letter == "o" and words[k] == "pipefail":
                    on = word[0] == "-"
                k += 1
    return on


def _shell_script(words: list[str], i: int) -> tuple[str, int]:
    """For a shell at `words[i]`: ("c", index of the script word) for `-c`, ("stdin", _)
    when it reads its script from stdin, ("file", _) when it runs a script file."""
    n = len(words)
    j = i + 1
    has_c = False
    reads_stdin = False
    while j < n:
        w = words[j]
        if w in ("--", "-"):
            j += 1
            break
        if w.startswith("--"):
            j += 2 if w in ("--rcfile", "--init-file") else 1
            continue
        if len(w) > 1 and w[0] in "-+":
            if w[0] == "-" and "c" in w:
                has_c = True
            if w[0] == "-" and "s" in w:
                reads_stdin = True
            j += 1 + w.count("o") + w.count("O")
            continue
        break
    if has_c:
        return "c", j
    if reads_stdin or j >= n:
        return "stdin", j
    return "file", j


def _python_module(words: list[str], i: int) -> int | None:
    """For `python [opts] -m mod args` at `words[i]`: rewrite in place so that the module
    name is a word, and return its index; None when it runs a script or `-c` code."""
    n = len(words)
    j = i + 1
    while j < n:
        w = words[j]
        if w.startswith("--"):
            j += 2 if w == "--check-hash-based-pycs" else 1
            continue
        if not w.startswith("-") or w == "-":
            return None
        for k in range(1, len(w)):
            ch = w[k]
            if ch == "m":
                if k + 1 < len(w):
                    words[j] = w[k + 1 :]
                    return j
                return j + 1 if j + 1 < n else None
            if ch == "c":
                return None
            if ch in "WX":
                j += 1 if k + 1 < len(w) else 2
                break
        else:
            j += 1
    return None


def _env_wrapper(words: list[str], i: int, env: dict[str, str]) -> int:
    """Skip `env`'s options at `words[i]`, applying -i and -u to `env`; return the next index."""
    n = len(words)
    j = i + 1
    while j < n:
        w = words[j]
        if w == "--":
            return j + 1
        if w in ("-", "-i", "--ignore-environment"):
            env.clear()
            j += 1
        elif w in ("-u", "--unset"):
            if j + 1 < n:
                env.pop(words[j + 1], None)
            j += 2
        elif w.startswith("--unset="):
            env.pop(w.partition("=")[2], None)
            j += 1
        elif w.startswith("-u") and not w.startswith("--"):
            env.pop(w[2:], None)
            j += 1
        elif w in ("-C", "--chdir", "-S", "--split-string"):
            j += 2
        elif w.startswith("-") and len(w) > 1:
            j += 1
        else:
            break
    return min(j, n)


def _from_argv(
    words: list[str],
    env: tuple[tuple[str, str], ...],
    wrappers: list[str],
    stdin: Sequence[str],
    depth: int,
    place: _Place = _ALONE,
    counter: list[int] | None = None,
) -> list[SimpleCommand]:
    """Peel wrappers off `words` (a private list, rewritten in place).

    One step per wrapper, each consuming at least one word, so the loop is linear in
    len(words). `env` is shared as is by every command that adds no variable of its own.
    `place` is where the command stands in its script; a script a shell wrapper runs
    numbers its pipelines with `counter`, shared with the enclosing script.
    """
    n = len(words)
    i = 0
    envd: dict[str, str] | None = None
    previous = -1  # where the last wrapper peeled started
    while True:
        while i < n and _ASSIGNMENT.match(words[i]):
            key, _, value = words[i].partition("=")
            if envd is None:
                envd = dict(env)
            envd[key] = value
            i += 1
        if i >= n:
            if previous < 0:
                return []
            # `env K=V` with no command runs `env` itself.
            i = previous
            wrappers.pop()
            break
        name = _basename(words[i])
        nxt = words[i + 1] if i + 1 < n else None
        label: str
        j: int | None
        if name in _SHELLS:
            if depth >= MAX_DEPTH:
                break
            mode, j = _shell_script(words, i)
            inherited = dict(env) if envd is None else envd
            # A new shell process: `set -o pipefail` of the caller does not reach it.
            pipefail = pipefail_after(words, i + 1, min(j, n), False)
            if mode == "c" and j < n:
                inner = (*wrappers, f"{name} -c")
                return _parse(words[j], inherited, inner, depth + 1, True, counter, pipefail)
            if mode == "stdin" and stdin:
                out: list[SimpleCommand] = []
                inner = (*wrappers, f"{name} <<")
                for body in stdin:
                    out.extend(_parse(body, inherited, inner, depth + 1, True, counter, pipefail))
                return out
            break
        if _PYTHON.match(name):
            j, label = _python_module(words, i), "python -m"
        elif name == "env":
            if envd is None:
                envd = dict(env)
            j, label = _env_wrapper(words, i, envd), "env"
        elif name == "exec":
            j, label = _skip_options(words, i + 1, _EXEC_OPTS)[0], "exec"
        elif name == "nohup":
            j, label = i + 1, "nohup"
        elif name == "time":
            j, label = _skip_options(words, i + 1, _TIME_OPTS)[0], "time"
        elif name == "sudo":
            j, label = _skip_options(words, i + 1, _SUDO_OPTS)[0], "sudo"
        elif name in ("tini", "tini-static", "catatonit"):
            j, label = _skip_options(words, i + 1, _TINI_OPTS)[0], name
        elif name == "dumb-init":
            j, label = _skip_options(words, i + 1, _DUMB_INIT_OPTS)[0], "dumb-init"
        elif name in ("gosu", "su-exec"):
            j, label = i + 2, name
        elif name == "ddtrace-run" or (name == "newrelic-admin" and nxt == "run-program"):
            # APM launchers: run the rest of the line with instrumentation.
            j, label = (i + 1, name) if name == "ddtrace-run" else (i + 2, "newrelic-admin")
        elif name in _RUNNERS:
            k = _skip_options(words, i + 1, _POETRY_GLOBAL_OPTS)[0] if name == "poetry" else i + 1
            j = k + 1 if k < n and words[k] == "run" else None
            label = _RUNNERS[name]
        elif name in _CONDAS and nxt == "run":
            j, label = _skip_options(words, i + 2, _CONDA_OPTS)[0], f"{name} run"
        elif name == "uvx" or (name == "uv" and nxt in ("run", "tool")):
            if name == "uvx":
                start, label = i + 1, "uvx"
            elif nxt == "run":
                start, label = i + 2, "uv run"
            elif i + 2 < n and words[i + 2] == "run":
                start, label = i + 3, "uvx"
            else:
                break
            j, module = _skip_options(words, start, _UV_RUN_OPTS, stop_at="m")
            if module is not None:
                # `uv run -m mod args` runs the module like `python -m mod args`.
                j -= 1
                words[j] = module
        else:
            break
        if j is None or j >= n:
            break
        wrappers.append(label)
        previous = i
        i = j
    final_env = env if envd is None else tuple(envd.items())
    return [SimpleCommand(tuple(words[i:]), final_env, tuple(wrappers), *place)]


# --------------------------------------------------------------------------- scripts


# What a subshell saves of its parent: exported variables, shell variables, pipefail.
_Saved = tuple[dict[str, str], dict[str, str], bool]


class _Script:
    """Commands of one script, with the variables its statements set, in source order."""

    __slots__ = (
        "_env",
        "_shared",
        "counter",
        "depth",
        "exported",
        "out",
        "pipefail",
        "shell_vars",
        "wrappers",
    )

    def __init__(
        self,
        env: dict[str, str],
        wrappers: tuple[str, ...],
        depth: int,
        counter: list[int] | None = None,
        pipefail: bool = False,
    ) -> None:
        self.exported = dict(env)
        self.shell_vars = dict(env)
        self.wrappers = wrappers
        self.depth = depth
        self.out: list[SimpleCommand] = []
        self._env: tuple[tuple[str, str], ...] | None = None  # `exported` as a tuple
        self._shared = False  # the tables are also held by a saved scope
        # The next pipeline number, shared with the scripts of nested shells.
        self.counter = [0] if counter is None else counter
        self.pipefail = pipefail

    @property
    def full(self) -> bool:
        return len(self.out) >= MAX_COMMANDS

    def new_pipeline(self) -> int:
        number = self.counter[0]
        self.counter[0] = number + 1
        return number

    def save(self) -> _Saved:
        """The state before a subshell; O(1): the tables are copied on the next write."""
        self._shared = True
        return self.exported, self.shell_vars, self.pipefail

    def restore(self, saved: _Saved) -> None:
        self.exported, self.shell_vars, self.pipefail = saved
        self._shared = True
        self._env = None

    def _own(self) -> None:
        if self._shared:
            self.exported = dict(self.exported)
            self.shell_vars = dict(self.shell_vars)
            self._shared = False

    def _export(self, key: str, value: str) -> None:
        if key in self.exported or len(self.exported) < MAX_EXPORTED:
            self._own()
            self.exported[key] = value
            self._env = None

    def _assign(self, key: str, value: str) -> None:
        if key in self.shell_vars or len(self.shell_vars) < MAX_EXPORTED:
            self._own()
            self.shell_vars[key] = value

    def _unset(self, key: str) -> None:
        if key in self.exported or key in self.shell_vars:
            self._own()
            self.exported.pop(key, None)
            self.shell_vars.pop(key, None)
            self._env = None

    def statement(
        self,
        words: list[str],
        stdin: Sequence[str] = (),
        nested: bool = False,
        where: _Where = _NOWHERE,
    ) -> None:
        """One simple command as words (unquoted), with the heredoc bodies fed to it;
        `nested`: inside a command substitution; `where`: its place in the script."""
        if not words or self.full:
            return
        lead = 0
        while lead < len(words) and _ASSIGNMENT.match(words[lead]):
            lead += 1
        if lead == len(words):
            # `K=V` alone sets a shell variable; it reaches the environment only if exported.
            for word in words:
                key, _, value = word.partition("=")
                self._assign(key, value)
                if key in self.exported:
                    self._export(key, value)
            return
        if lead == 0:
            self._declaration(words)
        if self._env is None:
            self._env = tuple(self.exported.items())
        wrappers = [*self.wrappers, "$()"] if nested else list(self.wrappers)
        pipeline, index, size, connector, depth = where
        if pipeline < 0:
            pipeline = self.new_pipeline()
        place = (pipeline, index, size, connector, depth, self.pipefail)
        found = _from_argv(list(words), self._env, wrappers, stdin, self.depth, place, self.counter)
        self.out.extend(found[: MAX_COMMANDS - len(self.out)])
        if lead == 0 and size == 1 and words[0] == "set":
            # (a `set` inside a pipeline runs in a subshell: the script keeps its options)
            self.pipefail = pipefail_after(words, 1, len(words), self.pipefail)

    def _declaration(self, words: list[str]) -> None:
        head = words[0]
        if head == "unset":
            for word in words[1:]:
                if not word.startswith("-"):
                    self._unset(word)
            return
        if head not in ("export", "declare", "typeset", "readonly", "local"):
            return
        exporting = head == "export" or any(
            w.startswith("-") and "x" in w for w in words[1:] if not _ASSIGNMENT.match(w)
        )
        for word in words[1:]:
            if _ASSIGNMENT.match(word):
                key, _, value = word.partition("=")
                self._assign(key, value)
                if exporting:
                    self._export(key, value)
            elif exporting and _NAME.match(word) and word in self.shell_vars:
                self._export(word, self.shell_vars[word])


def _parse(
    script: str,
    env: dict[str, str],
    wrappers: tuple[str, ...],
    depth: int,
    grammar: bool = True,
    counter: list[int] | None = None,
    pipefail: bool = False,
) -> list[SimpleCommand]:
    state = _Script(env, wrappers, depth, counter, pipefail)
    parser = _tree_sitter_parser() if grammar and _grammar_is_linear(script) else None
    if parser is not None:
        try:
            _walk_tree(parser, script, state)
            return state.out
        except Exception:  # a binding failure must not stop the lint
            state = _Script(env, wrappers, depth, state.counter, pipefail)
    _read_statements(script, state)
    return state.out


# Heredoc operators in one script beyond which the tokenizer reads it instead of
# tree-sitter-bash, whose heredoc scanner is quadratic when an unclosed heredoc is followed
# by many others (`cat <<X <<EOF <<EOF ...`: 6,000 of them take seconds). Real scripts hold
# a few (two at most in the 687-file corpus).
MAX_GRAMMAR_HEREDOCS = 64
# tree-sitter-bash's error recovery is quadratic too, in the number of constructs left open
# or dangling before an error: `a|a|…|`, `a[;a[;…`, `;(;(…`, `f() f() …`, `! ! …`,
# `<0\`<0\`…`, unclosed `for`/`case` (4,000 of any: 0.2-1.5 s; 16,000: 1.3-9 s). Scripts
# with more operators or compound keywords than real ones hold, or longer than real ones
# are, go to the tokenizer, so that the grammar's cost per script is bounded and a file's
# cost stays linear in its size. The corpus's largest RUN is 4.8 KB, with 205 operator
# characters and 9 such keywords at most.
MAX_GRAMMAR_SCRIPT = 8 * 1024
MAX_GRAMMAR_OPERATORS = 512  # characters of |&;()<>{}[]!`
MAX_GRAMMAR_KEYWORDS = 64  # for, case, select, while, until, if, function
_COMPOUND_KEYWORD = re.compile(r"\b(?:for|case|select|while|until|if|function)\b")


def _grammar_is_linear(script: str) -> bool:
    """Whether tree-sitter-bash reads `script` in time bounded by its length."""
    if len(script) > MAX_GRAMMAR_SCRIPT or script.count("<<") > MAX_GRAMMAR_HEREDOCS:
        return False
    if sum(script.count(c) for c in "|&;()<>{}[]!`") > MAX_GRAMMAR_OPERATORS:
        return False
    return len(_COMPOUND_KEYWORD.findall(script)) <= MAX_GRAMMAR_KEYWORDS


# --------------------------------------------------------------------------- tree-sitter

_local = threading.local()
_TS_LANGUAGE: Any = None
BACKEND = "fallback"
try:  # pragma: no branch - which branch runs depends on the installation
    import tree_sitter  # type: ignore[import-not-found, unused-ignore]
    import tree_sitter_bash  # type: ignore[import-not-found, unused-ignore]

    _TS_LANGUAGE = tree_sitter.Language(tree_sitter_bash.language())
    BACKEND = "tree-sitter-bash"
except Exception:  # ImportError, or an incompatible binding version
    _TS_LANGUAGE = None


def _tree_sitter_parser() -> Any:
    if _TS_LANGUAGE is None:
        return None
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = tree_sitter.Parser(_TS_LANGUAGE)
        _local.parser = parser
    return parser


_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_SCOPES = frozenset({"subshell", "command_substitution", "process_substitution"})
_SKIPPED = frozenset({"comment", "heredoc_body", "heredoc_start", "heredoc_end"})
_MAY_RUN = re.compile(r"\$\(|`|<\(|>\(")


class _Restore:
    """Stack marker: leaving a subshell or substitution restores the variables before it."""

    __slots__ = ("saved", "subst")

    def __init__(self, saved: _Saved, subst: int) -> None:
        self.saved = saved
        self.subst = subst


def _walk_tree(parser: Any, script: str, state: _Script) -> None:
    """Visit the syntax tree in source order with an explicit stack (no recursion).

    Each node on the stack carries its place (`_At`): the pipeline it belongs to, its
    element's index, the pipeline's size, the operator before it and its nesting.
    Commands inside substitutions nested deeper than MAX_SUBSTITUTION_DEPTH are not built:
    each level repeats the text of the levels inside it, which would make deep nesting
    quadratic.
    """
    src = script.encode("utf-8", "surrogatepass")
    tree = parser.parse(src)

    def text(node: Any) -> str:
        raw = src[node.start_byte : node.end_byte]
        try:
            return raw.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")

    subst = 0  # command substitutions around the current node
    stdin_of: dict[int, tuple[str, ...]] = {}  # command start byte -> heredoc bodies fed to it
    trailing: dict[int, list[str]] = {}  # command start byte -> arguments after a redirect
    stack: list[Any] = [(tree.root_node, _TOP)]
    out = state.out
    while stack and len(out) < MAX_COMMANDS:
        item = stack.pop()
        if isinstance(item, _Restore):
            state.restore(item.saved)
            subst = item.subst
            continue
        node, at = item
        kind = node.type
        if kind == "command" and subst <= MAX_SUBSTITUTION_DEPTH:
            words: list[str] = []
            for child in node.children:
                if child.type == "command_name" and child.named_child_count == 1:
                    child = child.named_children[0]
                if child.type in _REDIRECTS:
                    stack.append((child, at))
                elif child.type in _KEPT_AS_WRITTEN:
                    words.append(text(child))
                    if child.type in _SCOPES:
                        stack.append((child, at))
                elif child.is_named and child.type != "comment":
                    word = text(child)
                    words.append(unquote(word))
                    if _MAY_RUN.search(word):
                        stack.append((child, at))
            words.extend(trailing.pop(node.start_byte, ()))
            state.statement(words, stdin_of.pop(node.start_byte, ()), subst > 0, at[:5])
        elif kind in _DECLARATIONS and subst <= MAX_SUBSTITUTION_DEPTH:
            children = [c for c in node.children if c.type not in _SKIPPED]
            state.statement([unquote(text(c)) for c in children], (), subst > 0, at[:5])
            stack.extend((c, at) for c in reversed(children) if _MAY_RUN.search(text(c)))
        elif kind == "variable_assignment" and subst <= MAX_SUBSTITUTION_DEPTH:
            word = text(node)
            state.statement([unquote(word)], (), subst > 0, at[:5])
            if _MAY_RUN.search(word):
                stack.extend((c, at) for c in reversed(node.children))
        elif kind in _SCOPES:
            stack.append(_Restore(state.save(), subst))
            if kind != "subshell":
                subst += 1
            stack.extend(reversed(_placed(kind, node.children, at, state)))
        elif kind not in _SKIPPED:
            children = node.children
            if kind == "redirected_statement" and children and children[0].type == "command":
                bodies = _heredoc_bodies(children, text)
                if bodies:
                    stdin_of[children[0].start_byte] = bodies
            if kind == "redirected_statement" and children:
                # A redirect after `a && b` belongs to `b` for the shell.
                target = _last_command(children[0])
                extra = _words_after_redirects(children, text)
                if target is not None and extra:
                    trailing.setdefault(target.start_byte, []).extend(extra)
            stack.extend(reversed(_placed(kind, children, at, state)))


# A node's place while the tree is walked: (pipeline, pipe_index, pipe_size, connector,
# nested, level). pipeline -1: not inside a pipeline element. level > 0 only for a
# pipeline that continues an enclosing one (`a | b 2>&1 | c` nests `a | b` under a
# redirect): the elements it stands for, from pipe_index on; -1 for a list that is a
# pipeline's element (see `_placed`).
_At = tuple[int, int, int, str, int, int]
_TOP: _At = (-1, 0, 1, "", 0, 0)
_PIPES = frozenset({"|", "|&"})
_SEPARATORS = frozenset({";", "&", ";;", ";&", ";;&", "&&", "||", "|", "|&"})
# Compound commands that count in `nested`.
_NESTING = frozenset(
    {
        "subshell",
        "compound_statement",
        "if_statement",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "function_definition",
        "command_substitution",
        "process_substitution",
    }
)
# Nodes whose place passes to their first child unchanged (operator before it included).
_TRANSPARENT = frozenset({"negated_command", "redirected_statement"})


def _placed(kind: str, children: list[Any], at: _At, state: _Script) -> list[tuple[Any, _At]]:
    """The children of a `kind` node, each with its place, in source order."""
    pipeline, index, size, connector, nested, level = at
    if kind == "pipeline":
        return _pipeline_elements(children, at, state)
    if kind == "list":
        # `a && b`: the left side stands where the list does, the right after the operator.
        # A list is a pipeline's element only where the grammar hangs the rest of a line
        # under a heredoc operator (`cat <<EOF | sh && c`, level -1): there the right side
        # is a statement of its own.
        if level < 0:
            pipeline, index, size = -1, 0, 1
        placed: list[tuple[Any, _At]] = []
        op = ""
        for child in children:
            if not child.is_named:
                op = child.type if child.type in _SEPARATORS else op
            elif child.type != "comment":
                place = at if not placed else (pipeline, index, size, op, nested, 0)
                placed.append((child, place))
        return placed
    if kind in _TRANSPARENT:
        plain = (pipeline, index, size, connector, nested, 0)
        return [(c, at if i == 0 else plain) for i, c in enumerate(children)]
    if kind in _NESTING:
        nested += 1
    if kind in ("command_substitution", "process_substitution", "heredoc_redirect"):
        # A substitution is a process of its own; what follows a heredoc operator on its
        # line (`cat <<EOF && b`) is the next statement, not part of the redirected one.
        pipeline, index, size = -1, 0, 1
    placed = []
    pending = ""  # the operator since the previous statement
    previous = False  # a statement came before in this list
    for child in children:
        if not child.is_named:
            if child.type in _SEPARATORS:
                pending = child.type
            else:  # a keyword or a bracket starts a new list
                pending, previous = "", False
            continue
        if child.type == "comment" or child.type in _SKIPPED:
            continue
        op = pending or ("\n" if previous else "")
        placed.append((child, (pipeline, index, size, op, nested, 0)))
        pending, previous = "", True
    return placed


def _pipeline_elements(children: list[Any], at: _At, state: _Script) -> list[tuple[Any, _At]]:
    """A pipeline's elements, each with its place in the (flattened) pipeline."""
    pipeline, index, size, connector, nested, level = at
    count = sum(1 for c in children if c.is_named and c.type != "comment")
    if level > 0:  # continuing the enclosing pipeline's numbering
        start, own = index, level
    elif children and not children[0].is_named:
        # `cat <<EOF | sh`: the grammar hangs `| sh` under the heredoc operator, so the
        # pipeline is numbered apart, from its second element on.
        pipeline, start, own = state.new_pipeline(), 1, count
        size = count + 1
    else:
        pipeline, start = state.new_pipeline(), 0
        own = size = _flat_size(children)
    first = own - (count - 1)  # the elements the first one stands for
    placed: list[tuple[Any, _At]] = []
    op = connector
    position = start
    for child in children:
        if not child.is_named:
            if child.type in _PIPES:
                op = child.type
            continue
        if child.type == "comment":
            continue
        mark = -1 if child.type == "list" else 0
        if not placed:
            mark = first if first > 1 else mark
            placed.append((child, (pipeline, start, size, op, nested, mark)))
            position = start + first
        else:
            placed.append((child, (pipeline, position, size, op, nested, mark)))
            position += 1
        op = ""
    return placed


def _flat_size(children: list[Any]) -> int:
    """The elements of a pipeline as the shell counts them: `a | b 2>&1 | c` is three,
    though the grammar nests `a | b` under the redirect. Linear in the nesting."""
    total = 0
    while True:
        elements = [c for c in children if c.is_named and c.type != "comment"]
        total += len(elements)
        head = elements[0] if elements else None
        if head is None or head.type != "redirected_statement" or not head.child_count:
            return max(total, 1)
        inner = head.children[0]
        if inner.type != "pipeline":
            return max(total, 1)
        total -= 1
        children = inner.children


# Words that quote removal leaves unchanged: no need to scan them.
_KEPT_AS_WRITTEN = frozenset(
    {
        "command_substitution",
        "process_substitution",
        "simple_expansion",
        "expansion",
        "arithmetic_expansion",
    }
)
_DECLARATIONS = frozenset({"declaration_command", "unset_command", "variable_assignments"})


def _last_command(node: Any) -> Any:
    """The command a trailing redirect applies to: `node`, or the last one of a list or
    pipeline; None for other statements."""
    while node is not None and node.type in ("list", "pipeline"):
        node = node.named_children[-1] if node.named_child_count else None
    return node if node is not None and node.type == "command" else None


def _words_after_redirects(children: list[Any], text: Any) -> list[str]:
    """Arguments written after a redirection (`pip install a>=1 b c`): the shell takes only
    the first word after `>` as the target, but tree-sitter-bash hangs the rest of the
    command's words on the redirect node."""
    extra: list[str] = []
    for redirect in children[1:]:
        if redirect.type != "file_redirect":
            continue
        targets = [c for c in redirect.named_children if c.type != "file_descriptor"]
        extra.extend(unquote(text(c)) for c in targets[1:])
    return extra


def _heredoc_bodies(redirects: list[Any], text: Any) -> tuple[str, ...]:
    """Bodies of the heredocs among a redirected statement's children that feed stdin."""
    bodies: list[str] = []
    for redirect in redirects:
        if redirect.type != "heredoc_redirect":
            continue
        body = ""
        strip = False
        fd = "0"
        for part in redirect.children:
            if part.type == "heredoc_body":
                body = text(part)
            elif part.type == "<<-":
                strip = True
            elif part.type == "file_descriptor":
                fd = text(part)
        if fd == "0":
            bodies.append(re.sub(r"(?m)^\t+", "", body) if strip else body)
    return tuple(bodies)


# --------------------------------------------------------------------------- fallback lexer

_BLANK = re.compile(r"(?:[ \t\r\f\v]|\\\r?\n)+")
_OPERATOR = re.compile(r"&&|\|\||;;&?|;&|\|&|[;&|()\n]")
_REDIRECT = re.compile(r"\d*(?:<<<|<<-|<<|<>|<&|>&|>>|>\||&>>|&>|<|>)")
_WORD_RUN = re.compile(r"[^\s;&|()<>'\"\\$`]+")
_RESERVED_LEAD = frozenset({"if", "then", "else", "elif", "do", "while", "until", "{", "!"})
_RESERVED_ALONE = frozenset({"fi", "done", "esac", "}"})
# Statements the fallback drops: loop and case headers, and tests (`[`), which the
# tree-sitter grammar does not report as commands either.
_RESERVED_SKIP = frozenset({"for", "select", "case", "[", "[["})


def _scan_word(s: str, i: int) -> int:
    """End index of the shell word starting at `s[i]` (quotes and expansions respected)."""
    n = len(s)
    while i < n:
        m = _WORD_RUN.match(s, i)
        if m:
            i = m.end()
            continue
        c = s[i]
        if c == "\\":
            i += 2
        elif c in "'\"`" or (c == "$" and s[i + 1 : i + 2] in ("(", "{", "'", '"')):
            i = _match_end(s, i + 1 if s.startswith('$"', i) else i)
        elif c == "$":
            i += 1
        else:
            break
    return min(i, n)


class _Pending:
    """A statement read by the fallback lexer, held until its heredoc bodies are read."""

    __slots__ = ("bodies", "op", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.bodies: list[str] = []
        self.op = ""  # the operator that ended it ("" at the end of the script)


def _lex(script: str) -> Iterator[tuple[list[str], tuple[str, ...], str]]:
    """A linear stand-in tokenizer: statements as (unquoted words, heredoc bodies, the
    operator after them), empty ones included.

    Splits on operators and newlines, drops comments and redirections, reads heredoc
    bodies; compound commands are left to `_read_statements`.
    """
    s = script
    n = len(s)
    pos = 0
    current = _Pending()
    held: list[_Pending] = []  # statements whose heredoc bodies come after the next newline
    heredocs: list[tuple[str, bool, _Pending]] = []

    while pos < n:
        m = _BLANK.match(s, pos)
        if m:
            pos = m.end()
            continue
        if s[pos] == "#":
            nl = s.find("\n", pos)
            pos = n if nl < 0 else nl
            continue
        m = _REDIRECT.match(s, pos)
        if m:
            op = m.group(0).lstrip("0123456789")
            pos = m.end()
            blank = _BLANK.match(s, pos)
            if blank:
                pos = blank.end()
            end = _scan_word(s, pos)
            if op in ("<<", "<<-") and end > pos:
                heredocs.append((unquote(s[pos:end]), op == "<<-", current))
            pos = end
            continue
        m = _OPERATOR.match(s, pos)
        if m:
            pos = m.end()
            current.op = m.group(0)
            held.append(current)
            current = _Pending()
            if m.group(0) == "\n" and heredocs:
                pos = _read_heredocs(s, pos, heredocs)
            if not heredocs:
                for statement in held:
                    yield statement.words, tuple(statement.bodies), statement.op
                held.clear()
            continue
        end = max(_scan_word(s, pos), pos + 1)
        current.words.append(unquote(s[pos:end]))
        pos = end
    held.append(current)
    for statement in held:
        yield statement.words, tuple(statement.bodies), statement.op


def _read_heredocs(s: str, pos: int, heredocs: list[tuple[str, bool, _Pending]]) -> int:
    """Read the bodies of the waiting heredocs, in order, from `pos`; return the index after."""
    for delimiter, strip, statement in heredocs:
        lines: list[str] = []
        while pos < len(s):
            nl = s.find("\n", pos)
            line = s[pos:] if nl < 0 else s[pos:nl]
            pos = len(s) if nl < 0 else nl + 1
            if strip:
                line = line.lstrip("\t")
            if line.rstrip("\r") == delimiter:
                break
            lines.append(line + "\n")
        statement.bodies.append("".join(lines))
    heredocs.clear()
    return pos


# Reserved words that open or close a compound command, for the fallback's `nested`.
_OPENS = frozenset({"if", "while", "until", "{", "for", "select", "case"})
_CLOSES = frozenset({"fi", "done", "esac", "}"})


def _read_statements(script: str, state: _Script) -> None:
    """The fallback's statements into `state`, with their places approximated in one pass:
    reserved words and parentheses count as nesting, statements joined by `|` or `|&`
    form a pipeline (held until it ends, to know its size)."""
    nested = 0
    pending = ""  # the operator since the last statement kept (a newline only if alone)
    restart = True  # the next statement starts a list
    group: list[tuple[list[str], tuple[str, ...], str, int]] = []  # the pipeline being read
    # pipefail before each open parenthesis: a subshell's `set` does not outlive it.
    # (Its exports do, as the tokenizer has always read them.)
    saved: list[bool] = []

    def flush() -> None:
        if not group:
            return
        number = state.new_pipeline() if len(group) > 1 else -1
        for k, (words, bodies, op, depth) in enumerate(group):
            state.statement(words, bodies, False, (number, k, len(group), op, depth))
            if state.full:
                break
        group.clear()

    for words, bodies, end_op in _lex(script):
        lead = 0
        while lead < len(words) and words[lead] in _RESERVED_LEAD:
            if words[lead] in _OPENS:
                nested += 1
            lead += 1
        kept: list[str] | None = words[lead:] if lead else words
        if not kept or kept[0] in _RESERVED_SKIP:
            if kept and kept[0] in _OPENS:
                nested += 1
            kept = None
        elif len(kept) == 1 and kept[0] in _RESERVED_ALONE:
            nested = max(nested - (kept[0] in _CLOSES), 0)
            kept = None
        if kept is not None:
            op = "" if restart or (lead and words[lead - 1] != "!") else pending or "\n"
            if op not in _PIPES:
                flush()
                if state.full:
                    return
            group.append((kept, bodies, op, nested))
            pending, restart = "", False
        if end_op == "(":
            if pending not in _PIPES:  # (`a | (b; c)` keeps its pipeline: no `set` in it counts)
                flush()
                restart = True
            saved.append(state.pipefail)
            nested += 1
        elif end_op == ")":
            flush()
            if saved:
                state.pipefail = saved.pop()
            nested = max(nested - 1, 0)
        elif end_op != "\n" or not pending:
            pending = end_op
    flush()


def failure_stops_run(commands: Sequence[SimpleCommand], command: SimpleCommand) -> bool:
    """Whether the RUN fails when `command` fails: it is a top-level command outside any
    pipeline, and every command after it is joined by `&&` at the top level (so a failure
    skips them all and is the RUN's exit status)."""
    if command.nested or command.pipe_size != 1:
        return False
    at = next((i for i, c in enumerate(commands) if c is command), None)
    if at is None:
        return False
    return all(c.connector == "&&" and not c.nested for c in commands[at + 1 :])

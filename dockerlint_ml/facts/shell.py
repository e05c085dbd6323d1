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

    @property
    def name(self) -> str:
        """The program's base name: `/usr/local/bin/gunicorn` -> `gunicorn`."""
        return _basename(self.argv[0]) if self.argv else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.argv[1:]

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
) -> tuple[SimpleCommand, ...]:
    """The simple commands of a shell script, unwrapped, in source order.

    `env` is the environment the script starts with (it is treated as exported);
    `wrappers` is prefixed to every command's wrappers.
    """
    return tuple(_parse(str(script), dict(env), tuple(wrappers), 0))


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
    return tuple(_from_argv([str(w) for w in argv], tuple(env), list(wrappers), stdin, 0))


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
) -> list[SimpleCommand]:
    """Peel wrappers off `words` (a private list, rewritten in place).

    One step per wrapper, each consuming at least one word, so the loop is linear in
    len(words). `env` is shared as is by every command that adds no variable of its own.
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
            if mode == "c" and j < n:
                return _parse(words[j], inherited, (*wrappers, f"{name} -c"), depth + 1)
            if mode == "stdin" and stdin:
                out: list[SimpleCommand] = []
                for body in stdin:
                    out.extend(_parse(body, inherited, (*wrappers, f"{name} <<"), depth + 1))
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
    return [SimpleCommand(tuple(words[i:]), final_env, tuple(wrappers))]


# --------------------------------------------------------------------------- scripts


class _Script:
    """Commands of one script, with the variables its statements set, in source order."""

    __slots__ = ("_env", "_shared", "depth", "exported", "out", "shell_vars", "wrappers")

    def __init__(self, env: dict[str, str], wrappers: tuple[str, ...], depth: int) -> None:
        self.exported = dict(env)
        self.shell_vars = dict(env)
        self.wrappers = wrappers
        self.depth = depth
        self.out: list[SimpleCommand] = []
        self._env: tuple[tuple[str, str], ...] | None = None  # `exported` as a tuple
        self._shared = False  # the tables are also held by a saved scope

    @property
    def full(self) -> bool:
        return len(self.out) >= MAX_COMMANDS

    def save(self) -> tuple[dict[str, str], dict[str, str]]:
        """The variables before a subshell; O(1): the tables are copied on the next write."""
        self._shared = True
        return self.exported, self.shell_vars

    def restore(self, saved: tuple[dict[str, str], dict[str, str]]) -> None:
        self.exported, self.shell_vars = saved
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

    def statement(self, words: list[str], stdin: Sequence[str] = (), nested: bool = False) -> None:
        """One simple command as words (unquoted), with the heredoc bodies fed to it."""
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
        found = _from_argv(list(words), self._env, wrappers, stdin, self.depth)
        self.out.extend(found[: MAX_COMMANDS - len(self.out)])

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
) -> list[SimpleCommand]:
    state = _Script(env, wrappers, depth)
    parser = _tree_sitter_parser() if grammar and _grammar_is_linear(script) else None
    if parser is not None:
        try:
            _walk_tree(parser, script, state)
            return state.out
        except Exception:  # a binding failure must not stop the lint
            state = _Script(env, wrappers, depth)
    for words, stdin in _lex(script):
        state.statement(words, stdin)
        if state.full:
            break
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

    def __init__(self, saved: tuple[dict[str, str], dict[str, str]], subst: int) -> None:
        self.saved = saved
        self.subst = subst


def _walk_tree(parser: Any, script: str, state: _Script) -> None:
    """Visit the syntax tree in source order with an explicit stack (no recursion).

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
    stack: list[Any] = [tree.root_node]
    out = state.out
    while stack and len(out) < MAX_COMMANDS:
        node = stack.pop()
        if isinstance(node, _Restore):
            state.restore(node.saved)
            subst = node.subst
            continue
        kind = node.type
        if kind == "command" and subst <= MAX_SUBSTITUTION_DEPTH:
            words: list[str] = []
            for child in node.children:
                if child.type == "command_name" and child.named_child_count == 1:
                    child = child.named_children[0]
                if child.type in _REDIRECTS:
                    stack.append(child)
                elif child.type in _KEPT_AS_WRITTEN:
                    words.append(text(child))
                    if child.type in _SCOPES:
                        stack.append(child)
                elif child.is_named and child.type != "comment":
                    word = text(child)
                    words.append(unquote(word))
                    if _MAY_RUN.search(word):
                        stack.append(child)
            words.extend(trailing.pop(node.start_byte, ()))
            state.statement(words, stdin_of.pop(node.start_byte, ()), subst > 0)
        elif kind in _DECLARATIONS and subst <= MAX_SUBSTITUTION_DEPTH:
            children = [c for c in node.children if c.type not in _SKIPPED]
            state.statement([unquote(text(c)) for c in children], (), subst > 0)
            stack.extend(c for c in reversed(children) if _MAY_RUN.search(text(c)))
        elif kind == "variable_assignment" and subst <= MAX_SUBSTITUTION_DEPTH:
            word = text(node)
            state.statement([unquote(word)], (), subst > 0)
            if _MAY_RUN.search(word):
                stack.extend(reversed(node.children))
        elif kind in _SCOPES:
            stack.append(_Restore(state.save(), subst))
            if kind != "subshell":
                subst += 1
            stack.extend(reversed(node.children))
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
            stack.extend(reversed(children))


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

    __slots__ = ("bodies", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.bodies: list[str] = []


def _lex(script: str) -> Iterator[tuple[list[str], tuple[str, ...]]]:
    """A linear stand-in tokenizer: statements as (unquoted words, heredoc bodies).

    Splits on operators and newlines, drops comments and redirections, reads heredoc
    bodies; compound commands are approximated by dropping their reserved words.
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
            held.append(current)
            current = _Pending()
            if m.group(0) == "\n" and heredocs:
                pos = _read_heredocs(s, pos, heredocs)
            if not heredocs:
                for statement in held:
                    yield from _fallback_statement(statement.words, tuple(statement.bodies))
                held.clear()
            continue
        end = max(_scan_word(s, pos), pos + 1)
        current.words.append(unquote(s[pos:end]))
        pos = end
    held.append(current)
    for statement in held:
        yield from _fallback_statement(statement.words, tuple(statement.bodies))


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


def _fallback_statement(
    words: list[str], bodies: tuple[str, ...]
) -> Iterator[tuple[list[str], tuple[str, ...]]]:
    while words and words[0] in _RESERVED_LEAD:
        words = words[1:]
    if not words or words[0] in _RESERVED_SKIP or (len(words) == 1 and words[0] in _RESERVED_ALONE):
        return
    yield words, bodies

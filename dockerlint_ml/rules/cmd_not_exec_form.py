"""DLM008 cmd-not-exec-form."""

from __future__ import annotations

import ast
import json
import shlex
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.rule import Context, Rule

# Words that only mean something to a shell: the command cannot run without one.
_SHELL_WORDS = frozenset(
    {
        "!", ".", "[", "[[", "{", "alias", "case", "cd", "eval", "exit", "export", "for",
        "if", "set", "source", "test", "trap", "ulimit", "umask", "unset", "until", "while",
    }
)  # fmt: skip
# Characters that make the shell do more than split words.
_OPERATORS = frozenset("|&;()\n")
_EXPANSIONS = frozenset("$`*?[]{}<>")


class CmdNotExecForm(Rule):
    """CMD or ENTRYPOINT is written in shell form, so the server runs under `/bin/sh -c`.

    Checked in every stage and inside ONBUILD. A stage that sets SHELL (itself before the
    instruction, or in a stage it is built on) chose its shell on purpose and is not
    reported. Text that starts with `[` but is not a JSON array of double-quoted strings,
    such as `CMD ['python', 'app.py']`, is reported as an error with its own message: Docker
    silently runs it as a shell command, which fails when the container starts.

    ## Why is this bad?

    In shell form Docker starts `/bin/sh -c "<text>"`. Unless that shell replaces itself
    with the command, the shell is PID 1: `docker stop` and Kubernetes send SIGTERM to a
    process that does not forward it, the server never shuts down gracefully (in-flight
    requests are cut, workers are not drained) and is killed after the grace period. A
    shell-form ENTRYPOINT also ignores CMD and every `docker run` argument.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD gunicorn -b 0.0.0.0:9696 app:app
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["gunicorn", "-b", "0.0.0.0:9696", "app:app"]
    ```

    When the command needs the shell (variables, `&&`), keep the exec form and let the shell
    hand over to the server with `exec`:
    `CMD ["sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]`.

    ## References

    - Docker, shell and exec form, and how ENTRYPOINT and CMD combine:
      https://docs.docker.com/reference/dockerfile/#shell-and-exec-form,
      https://docs.docker.com/reference/dockerfile/#entrypoint
    - BuildKit check JSONArgsRecommended, skipped when a SHELL is set (`dispatchCmd` in
      moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`):
      https://docs.docker.com/reference/build-checks/json-args-recommended/
    - hadolint DL3025 (exec form must use double quotes):
      https://github.com/hadolint/hadolint/wiki/DL3025
    - Some shells exec a lone command themselves (busybox `sh -c`), which is why the
      signal problem is "may", not "always": https://github.com/docker/docs/issues/23124
    """

    code = "DLM008"
    name = "cmd-not-exec-form"
    severity = Severity.WARNING
    keywords = frozenset({"CMD", "ENTRYPOINT"})
    onbuild = True
    aliases = ("DL3025", "JSONArgsRecommended")

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._ctx: Context | None = None
        self._first_shell: dict[int, int | None] = {}
        self._inherited_shell: dict[int, bool] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.form != "shell":
            return
        if ctx is not self._ctx:
            self._ctx = ctx
            self._first_shell.clear()
            self._inherited_shell.clear()
        keyword = _written_keyword(ctx.dockerfile, instruction)
        if instruction.malformed_json:
            repaired = _repair_json(instruction.value)
            if repaired is None:
                fix = (
                    f'Write a JSON array of double-quoted strings, e.g. `{keyword} ["python",'
                    ' "app.py"]` (a Dockerfile line has no trailing comments).'
                )
            elif not instruction.value.rstrip().endswith("]"):
                fix = (
                    "Drop the text after the closing `]` (a Dockerfile line has no trailing"
                    f" comments): `{keyword} {json.dumps(repaired, ensure_ascii=False)}`."
                )
            else:
                fix = (
                    "Use double quotes and plain strings:"
                    f" `{keyword} {json.dumps(repaired, ensure_ascii=False)}`."
                )
            yield self.finding(
                instruction,
                f"{instruction.keyword} starts with `[` but is not a JSON array of"
                " double-quoted strings, so Docker runs the whole text as a shell command"
                " and the container fails to start.",
                fix=fix,
                severity=Severity.ERROR,
            )
            return
        stage = ctx.stage(instruction)
        if stage is not None and self._shell_set(ctx.dockerfile, stage, instruction.index):
            return
        if instruction.keyword == "ENTRYPOINT":
            message = (
                "ENTRYPOINT in shell form runs under `/bin/sh -c`: CMD and `docker run`"
                " arguments are ignored, and unless the shell execs the command the server is"
                " not PID 1 and never gets the SIGTERM from `docker stop`."
            )
        else:
            message = (
                "CMD in shell form runs under `/bin/sh -c`, so unless the shell execs the"
                " command the server is not PID 1 and never gets the SIGTERM from"
                " `docker stop`."
            )
        yield self.finding(instruction, message, fix=exec_form_hint(keyword, instruction.value))

    def _shell_set(self, dockerfile: Dockerfile, stage: Stage, before: int) -> bool:
        first = self._first_shell_of(stage)
        if first is not None and first < before:
            return True
        inherited = self._inherited_shell.get(stage.index)
        if inherited is None:
            chain = dockerfile.stage_chain(stage)[1:]
            inherited = any(self._first_shell_of(st) is not None for st in chain)
            self._inherited_shell[stage.index] = inherited
        return inherited

    def _first_shell_of(self, stage: Stage) -> int | None:
        if stage.index not in self._first_shell:
            self._first_shell[stage.index] = next(
                (ins.index for ins in stage.instructions if ins.keyword == "SHELL"), None
            )
        return self._first_shell[stage.index]


def _written_keyword(dockerfile: Dockerfile, instruction: Instruction) -> str:
    """`ONBUILD CMD` for a trigger, else the keyword itself: the prefix a fix must repeat."""
    index = instruction.index
    if 0 <= index < len(dockerfile.instructions):
        outer = dockerfile.instructions[index]
        if outer is not instruction and outer.keyword == "ONBUILD":
            return f"ONBUILD {instruction.keyword}"
    return instruction.keyword


def _scan(text: str) -> tuple[bool, bool]:
    """(uses control operators, uses other shell syntax) outside quotes, as sh reads it."""
    operators = other = False
    quote: str | None = None
    word_start = True
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if quote == "'":
            if c == "'":
                quote = None
        elif quote == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                quote = None
            elif c in "$`":
                other = True
        elif c == "\\":
            i += 1
            word_start = False
        elif c in "'\"":
            quote = c
            word_start = False
        elif c in " \t":
            word_start = True
        else:
            if c in _OPERATORS:
                operators = True
            elif c in _EXPANSIONS or (word_start and c in "~#"):
                other = True
            word_start = False
        i += 1
    if quote is not None:
        other = True  # unbalanced quotes: leave it to a shell
    return operators, other


def _simple_argv(text: str) -> list[str] | None:
    """The argv of a command line that needs no shell at all, or None."""
    operators, other = _scan(text)
    if operators or other:
        return None
    try:
        argv = shlex.split(text, posix=True)
    except ValueError:
        return None
    if argv and argv[0] == "exec":
        argv = argv[1:]
    if not argv or argv[0] in _SHELL_WORDS or _is_assignment(argv[0]):
        return None
    return argv


def _is_assignment(word: str) -> bool:
    name, eq, _ = word.partition("=")
    return bool(eq) and name.isidentifier()


def exec_form_hint(keyword: str, text: str) -> str:
    """The exec-form rewrite of a shell-form command, as a fix hint."""
    argv = _simple_argv(text)
    if argv is not None:
        return f"Use the exec form: `{keyword} {json.dumps(argv, ensure_ascii=False)}`."
    script = text.strip()
    operators, _ = _scan(script)
    words = script.split(None, 1)
    first = words[0] if words else ""
    if not operators and first not in _SHELL_WORDS and not _is_assignment(first):
        if first != "exec":
            script = f"exec {script}"
        return (
            "It needs a shell, so call one that hands over to the server:"
            f" `{keyword} {json.dumps(['sh', '-c', script], ensure_ascii=False)}`."
        )
    return (
        f"Call the shell in exec form, `{keyword}"
        f" {json.dumps(['sh', '-c', script], ensure_ascii=False)}`, and start the"
        " long-running command with `exec` (or move the steps into a script that ends with"
        " `exec`)."
    )


def _repair_json(text: str) -> list[str] | None:
    """What a malformed exec form most likely meant: single quotes, smart quotes, numbers."""
    candidate = text.strip()
    quotes: dict[str, str | int | None] = {"“": '"', "”": '"', "‘": "'", "’": "'"}
    smart = candidate.translate(str.maketrans(quotes))
    value: object = None
    try:
        value = json.loads(smart)
    except (ValueError, RecursionError):  # deeply nested brackets exhaust the decoder
        try:
            value = ast.literal_eval(smart)
        except Exception:  # literal_eval on arbitrary text: any failure means "no repair"
            inner = smart[1:-1] if smart.startswith("[") and smart.endswith("]") else None
            if inner is not None and not any(q in inner for q in "'\""):
                value = [part.strip() for part in inner.split(",")]
    if not isinstance(value, (list, tuple)) or not value:
        return None
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            return None
        if isinstance(item, str) and not item:
            return None
        out.append(str(item))
    return out

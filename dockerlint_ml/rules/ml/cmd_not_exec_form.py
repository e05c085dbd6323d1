"""DLM008 cmd-not-exec-form."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Dockerfile,
    Edit,
    Finding,
    Fix,
    ImageRef,
    Instruction,
    Severity,
    Stage,
)
from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.run_state import Shells
from dockerlint_ml.facts.shell import split_words

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

    Checked in every stage and inside ONBUILD. Whether the shell hands over to the command
    is a fact of the root image's `/bin/sh` (the image facts' `shell`):

    | /bin/sh | execs | so not reported |
    |---|---|---|
    | dash (Debian, Ubuntu) | never | - |
    | bash 5.1 and later | a final simple command | `CMD python app.py`, `CMD a && python app.py` |
    | bash before 5.1 | a lone simple command | `CMD python app.py` |
    | busybox (Alpine) | a lone or final simple command | `CMD python app.py $ARGS` |

    A redirection, pipeline, background job, compound command or trailing builtin
    (`&& source deactivate`) keeps bash in charge; an explicit `exec` on the last command
    hands over with every shell; a `bash -c "a && b"` wrapper is judged by its own list. A
    SHELL instruction (in the stage before the instruction, or in a stage it is built on)
    decides over the image: `sh` keeps the image's shell, `bash` is read from the image's
    facts (a list under a bash of unknown version is undecidable and not reported), and
    any other shell (PowerShell, cmd) is a choice this rule does not judge. An image
    without facts is assumed to have dash, and the message says so; one whose name says
    it is not Debian-based (`alpine`, `centos`, `ubi`...) is undecidable and not reported.
    An image with no shell at all (distroless, `scratch`) makes the shell form fail at
    start: that is an error. A shell-form ENTRYPOINT that the shell execs is still
    reported: it ignores CMD and `docker run` arguments.

    Text that starts with `[` but is not a JSON array of double-quoted strings, such as
    `CMD ['python', 'app.py']`, is reported as an error with its own message: Docker
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

    ## Fix

    A command that needs no shell (no operators, expansions, globs or shell builtins) is
    rewritten as the JSON array of its words; a value that spans lines becomes one line.
    Safe for a CMD under the default `/bin/sh -c` when no ENTRYPOINT is set in the file
    and the base is an official image known to set none (python, debian, ubuntu, alpine):
    the same program then runs with the same arguments and environment, as PID 1, which is
    what the rule asks. Unsafe otherwise: an ENTRYPOINT in exec form now receives the
    CMD's words instead of `/bin/sh -c "..."` (an entrypoint script that inspects its first
    argument may take another branch); a shell-form ENTRYPOINT in exec form starts
    receiving CMD and `docker run` arguments it ignored; a SHELL such as `bash --login -c`
    no longer reads the profile that may set PATH. A bracketed text that is not JSON
    (`CMD ['python', 'app.py']`) becomes the array it meant: safe, since the text cannot
    run at all. Not offered when the hint asks for more (an `exec` inside a wrapped
    script, dropping text after `]`) or when a comment line sits inside the value.

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
    - bash's `-c` fork optimisation (a lone simple command; since bash 5.1 also the last
      command of a list, `optimize_connection_fork` in `execute_cmd.c`):
      https://git.savannah.gnu.org/cgit/bash.git/tree/CHANGES
    """

    code = "DLM008"
    name = "cmd-not-exec-form"
    severity = Severity.WARNING
    keywords = frozenset({"CMD", "ENTRYPOINT"})
    onbuild = True
    supersedes = ("DL3025", "JSONArgsRecommended")
    fixable = "mixed"

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._shells: Shells | None = None

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if instruction.form != "shell":
            return
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
            autofix = None
            if repaired is not None and instruction.value.rstrip().endswith("]"):
                # The text fails to run at all: the array it meant is what the rule asks.
                autofix = _rewrite(ctx, instruction, repaired, SAFE, "Write a JSON array")
            yield self.finding(
                instruction,
                f"{instruction.keyword} starts with `[` but is not a JSON array of"
                " double-quoted strings, so Docker runs the whole text as a shell command"
                " and the container fails to start.",
                fix=fix,
                severity=Severity.ERROR,
                autofix=autofix,
            )
            return
        stage = ctx.stage(instruction)
        shell, image, runner = self._shell_at(ctx, stage, instruction.index)
        root = ctx.root_facts(stage)[0] if stage is not None else None
        if shell == _EXEMPT:
            return
        text = instruction.value
        shape = _shape(text)
        kw = instruction.keyword
        if shell == "none":
            yield self.finding(
                instruction,
                f"{kw} in shell form needs `/bin/sh`, and the base image {image} has no"
                " shell, so the container fails to start.",
                fix=_no_shell_hint(keyword, text),
                severity=Severity.ERROR,
            )
            return
        if _execs(shape, shell):
            if kw != "ENTRYPOINT" or runner != _DEFAULT_RUNNER:
                return  # the shell hands over to the server; a SHELL was chosen on purpose
            yield self.finding(
                instruction,
                f"ENTRYPOINT in shell form runs under `{runner}`, so CMD and `docker run`"
                " arguments are ignored.",
                fix=exec_form_hint(keyword, text),
                autofix=self._exec_fix(ctx, stage, instruction, runner, root),
            )
            return
        why = _why_not_exec(shape, shell, image, runner)
        ignored = (
            ": CMD and `docker run` arguments are ignored, and" if kw == "ENTRYPOINT" else ", and"
        )
        message = (
            f"{kw} in shell form runs under `{runner}`{ignored} {why}, so the server is not"
            " PID 1 and never gets the SIGTERM from `docker stop`."
        )
        yield self.finding(
            instruction,
            message,
            fix=exec_form_hint(keyword, text),
            autofix=self._exec_fix(ctx, stage, instruction, runner, root),
        )

    def _exec_fix(
        self,
        ctx: Context,
        stage: Stage | None,
        instruction: Instruction,
        runner: str,
        root: ImageRef | None,
    ) -> Fix | None:
        """The exec form of a command that needs no shell; safe only for a CMD under
        `/bin/sh -c`, with no ENTRYPOINT in the file's chain and a base known to set none."""
        argv = _simple_argv(instruction.value)
        if argv is None or stage is None:
            return None
        wrapped = _wrapped_script(tuple(argv))
        if wrapped is not None and len(_shape(wrapped[1]).segments) > 1:
            return None  # the hint asks for an `exec` inside the script too
        safe = (
            instruction.keyword == "CMD"
            and runner == _DEFAULT_RUNNER
            and root is not None
            and root.name in _NO_ENTRYPOINT_BASES
            and not any(
                ins.keyword == "ENTRYPOINT"
                for st in ctx.dockerfile.stage_chain(stage)
                for ins in st.instructions
            )
        )
        return _rewrite(ctx, instruction, argv, SAFE if safe else UNSAFE, "Use the exec form")

    def _shell_at(
        self, ctx: Context, stage: Stage | None, before: int
    ) -> tuple[str | None, str, str]:
        """The shell a shell-form instruction runs under: its kind (one of image_facts'
        SHELLS, `_BASH_UNKNOWN`, `_EXEMPT`, or None when unknown), how to name the root
        image in a message, and the command line Docker prefixes (`/bin/sh -c`)."""
        if stage is None:
            return None, "the base image", _DEFAULT_RUNNER
        shell_ins = self._shell_instruction(ctx.dockerfile, stage, before)
        root, facts = ctx.root_facts(stage)
        if root is None:
            root, facts = _partial_root(ctx, stage)
        image = "the base image" if root is None else f"`{_image_text(root)}`"
        fact = facts.shell if facts is not None else None
        if root is not None and _WINDOWS.search(_image_text(root).lower()):
            # Windows runs the shell form under `cmd /S /C`, not /bin/sh.
            return _EXEMPT, image, _DEFAULT_RUNNER
        if fact is None and root is not None and _NON_DEBIAN.search(_image_text(root).lower()):
            # Known not to be Debian's dash, but without facts: undecidable.
            return _EXEMPT, image, _DEFAULT_RUNNER
        if shell_ins is None:
            bottom = ctx.dockerfile.stage_chain(stage)[-1]
            if fact is None and bottom.base_resolved == "scratch":
                return "none", "`scratch`", _DEFAULT_RUNNER
            return fact, image, _DEFAULT_RUNNER
        argv = shell_ins.argv or ()
        runner = " ".join(argv)
        program = argv[0].rsplit("/", 1)[-1] if argv else ""
        if program == "sh":
            return fact, image, runner
        if program == "dash":
            return "dash", image, runner
        if program == "bash":
            return (fact if fact in ("bash", "bash<5.1") else _BASH_UNKNOWN), image, runner
        # powershell, cmd, zsh, ...: a deliberate choice this rule does not model.
        return _EXEMPT, image, runner

    def _shell_instruction(
        self, dockerfile: Dockerfile, stage: Stage, before: int
    ) -> Instruction | None:
        """The SHELL in effect at `before` in the stage, else the last one of its chain."""
        if self._shells is None or self._shells.dockerfile is not dockerfile:
            self._shells = Shells(dockerfile, malformed=True)
        return self._shells.instruction_at(stage, before)


# What the shell is when a rule cannot tell it (SHELL of an unreadable kind: skip).
_EXEMPT = "exempt"
# A `SHELL ["/bin/bash", ...]` on an image whose bash version is not known.
_BASH_UNKNOWN = "bash?"
_DEFAULT_RUNNER = "/bin/sh -c"
# Image names or tags that say the image is not Debian or Ubuntu (so not dash), for
# images without facts: their /bin/sh is undecidable and the rule stays silent.
_NON_DEBIAN = re.compile(
    r"(?<![a-z])(alpine|centos|ubi\d*|rhel\d*|redhat|rocky(linux)?|fedora|amazonlinux|almalinux"
    r"|oraclelinux|opensuse|sles|busybox|photon|mariner|azurelinux|wolfi|chainguard)(?![a-z])"
)
_WINDOWS = re.compile(r"windows|nanoserver|servercore")
# Builtins that, run last, leave the shell in charge: the server ran before them.
_BUILTIN_LAST = _SHELL_WORDS | {"wait", "true", "false", ":", "sleep"}
_COMPOUND = frozenset(
    {"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
     "{", "}", "function", "select", "!", "[[", "(("}
)  # fmt: skip
_WRAPPER_SHELLS = frozenset({"sh", "bash", "dash", "ash"})


# Official images whose Dockerfiles set no ENTRYPOINT (a CMD only): a CMD in exec form runs
# as its own argv there, exactly the command the shell form ran.
_NO_ENTRYPOINT_BASES = frozenset({"python", "debian", "ubuntu", "alpine"})


def _rewrite(
    ctx: Context, instruction: Instruction, argv: list[str], applicability: str, title: str
) -> Fix | None:
    """Replace the instruction's value with the JSON array of `argv`, when the value can be
    located and holds no comment line (the edit would drop it)."""
    source = ctx.source_map(instruction)
    start = source.value_start
    if start < 0:
        return None
    span = source.span(start, start + len(instruction.value))
    lines = ctx.dockerfile.lines[span.line : span.end_line - 1]
    if any(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return None
    text = json.dumps(argv, ensure_ascii=False)
    return Fix(title, applicability, (Edit(span, text),))


def _image_text(image: ImageRef) -> str:
    return image.name if image.tag is None else f"{image.name}:{image.tag}"


def _partial_root(ctx: Context, stage: Stage) -> tuple[ImageRef | None, Any]:
    """`FROM node:${NODE_VERSION}-${BASE}` with only some ARGs known: the image with the
    unknown parts as `*`, when its name is fully known (the variant often decides)."""
    bottom = ctx.dockerfile.stage_chain(stage)[-1]
    if bottom.base_resolved is not None or bottom.base_stage is not None:
        return None, None
    args = ctx.dockerfile.global_args

    def lookup(name: str) -> str | None:
        value = args.get(name)
        return value if value else "*"

    text, _ = ctx.dockerfile.expand(bottom.base_text, lookup)
    image = parse_image(text)
    if "*" in image.name or not image.name:
        return None, None
    return image, ctx.image_facts(image)


@dataclass(frozen=True, slots=True)
class _Shape:
    """How a shell-form command line is built, as far as exec'ing it matters."""

    segments: tuple[tuple[str, ...], ...]  # the words of each list element (unquoted)
    lone: bool  # one simple command, nothing else
    final_simple: bool  # the list's last element is a simple command without pipes
    final_redirect: bool  # ... with a redirection (bash then forks)
    background: bool  # some element runs in the background (`&`)
    complex: bool  # subshells, compound commands, traps, comments: not modelled
    explicit_exec: bool  # the last element starts with `exec`


def _shape(text: str) -> _Shape:
    segments: list[str] = []
    flags: list[tuple[bool, bool]] = []  # (pipe, redirect) per segment
    background = complex_ = False
    current: list[str] = []
    pipe = redirect = False
    quote: str | None = None
    depth = 0  # inside $( ... ) or backquotes
    word_start = True
    i, n = 0, len(text)

    def close() -> None:
        nonlocal current, pipe, redirect
        segments.append("".join(current))
        flags.append((pipe, redirect))
        current, pipe, redirect = [], False, False

    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if quote is not None:
            current.append(c)
            if c == "\\" and quote == '"':
                current.append(nxt)
                i += 1
            elif c == quote:
                quote = None
            i += 1
            continue
        if c == "\\":
            current.append(c + nxt)
            i += 2
            word_start = False
            continue
        if c in "'\"":
            quote = c
        elif c == "$" and nxt == "(":
            depth += 1
            current.append("$(")
            i += 2
            continue
        elif c == "`":
            depth = depth - 1 if depth > 0 and "`" in current[-1:] else depth + 1
        elif depth > 0:
            if c == ")":
                depth -= 1
        elif c == "#" and word_start:
            complex_ = True
            break
        elif c in ";\n" or (c == "&" and nxt == "&") or (c == "|" and nxt == "|"):
            close()
            i += 1 if c in ";\n" else 2
            word_start = True
            continue
        elif c == "&":
            if current and current[-1] in "<>":
                current.append(c)
                i += 1
                continue
            background = True
            close()
            i += 1
            word_start = True
            continue
        elif c == "|":
            pipe = True
        elif c in "()":
            complex_ = True
        elif c in "<>":
            redirect = True
        word_start = c in " \t"
        current.append(c)
        i += 1
    if quote is not None or depth > 0:
        complex_ = True
    if current:
        close()
    words: list[tuple[str, ...]] = []
    seg_flags: list[tuple[bool, bool]] = []
    for seg, fl in zip(segments, flags, strict=True):
        try:
            parts = tuple(split_words(seg))
        except ValueError:
            parts = tuple(seg.split())
            complex_ = True
        if parts:
            words.append(parts)
            seg_flags.append(fl)
    for parts in words:
        if parts[0] in _COMPOUND or parts[0] == "trap":
            complex_ = True
    if not words:
        return _Shape((), False, False, False, background, True, False)
    last = _strip_assignments(words[-1])
    pipe_last, redirect_last = seg_flags[-1]
    final_simple = bool(last) and not pipe_last and last[0] not in _BUILTIN_LAST
    explicit = bool(last) and last[0] == "exec" and len(last) > 1 and not pipe_last
    lone = len(words) == 1 and not background and final_simple
    return _Shape(tuple(words), lone, final_simple, redirect_last, background, complex_, explicit)


def _strip_assignments(words: tuple[str, ...]) -> tuple[str, ...]:
    i = 0
    while i < len(words) and _is_assignment(words[i]):
        i += 1
    return words[i:]


def _wrapped_script(words: tuple[str, ...]) -> tuple[str, str] | None:
    """(shell, script) of `bash -c "script"` (options before `-c` allowed), else None."""
    words = _strip_assignments(words)
    if words and words[0] == "exec":
        words = words[1:]
    if not words or words[0].rsplit("/", 1)[-1] not in _WRAPPER_SHELLS:
        return None
    for j, word in enumerate(words[1:], start=1):
        if not word.startswith("-"):
            return None
        if "c" in word[1:] and not word.startswith("--") and j + 1 < len(words):
            return words[0].rsplit("/", 1)[-1], words[j + 1]
    return None


def _execs(shape: _Shape, shell: str | None) -> bool:
    """Whether the server ends up as the shell's replacement (PID 1)."""
    if shell == "none" or shape.complex or not shape.segments:
        return False
    if not shape.explicit_exec and not _shell_execs_last(shape, shell):
        return False
    return _wrapper_execs(shape.segments[-1], shell)


def _shell_execs_last(shape: _Shape, shell: str | None) -> bool:
    """Whether `/bin/sh -c` replaces itself with the list's last command (facts: SHELLS)."""
    if not shape.final_simple:
        return False
    if shell == "busybox":
        return True
    if shell == "bash<5.1":
        return shape.lone and not shape.final_redirect
    if shell == "bash":
        return not shape.final_redirect and not shape.background
    if shell == _BASH_UNKNOWN:  # a lone command is exec'd; a list is undecidable: silent
        return not shape.final_redirect and not shape.background
    return False  # dash (or assumed dash) never execs


def _wrapper_execs(last: tuple[str, ...], shell: str | None) -> bool:
    """A final `bash -c "a && b"` runs its own list: that shell must exec the server too."""
    wrapped = _wrapped_script(last)
    if wrapped is None:
        return True
    program, script = wrapped
    if program in ("sh", "ash"):
        kind = shell
    elif program == "bash":
        kind = shell if shell in ("bash", "bash<5.1") else _BASH_UNKNOWN
    else:
        kind = "dash"
    return _execs(_shape(script), kind)


def _why_not_exec(shape: _Shape, shell: str | None, image: str, runner: str) -> str:
    """Why the shell stays PID 1, naming the fact (or the assumption) it rests on."""
    wrapped = _wrapped_script(shape.segments[-1]) if shape.segments else None
    if wrapped is not None and (shape.explicit_exec or _shell_execs_last(shape, shell)):
        return f"the `{wrapped[0]} -c` script it starts does not exec the server either"
    if shell is None:
        return (
            f"assuming the base image's /bin/sh is dash (there are no facts about {image}),"
            " the shell does not exec the command"
        )
    name = {"busybox": "busybox sh", "bash<5.1": "bash older than 5.1"}.get(shell, shell)
    name = "bash" if shell == _BASH_UNKNOWN else name
    subject = f"the /bin/sh of {image} is {name}"
    if runner != _DEFAULT_RUNNER:
        subject = f"the SHELL is {name}"
    if shell == "dash":
        return f"{subject}, which never execs the command"
    if shell == "bash<5.1" and len(shape.segments) > 1:
        return f"{subject}, which execs only a lone simple command"
    return f"{subject}, which does not exec the last command when {_obstacle(shape)}"


def _obstacle(shape: _Shape) -> str:
    """What keeps bash or busybox from exec'ing the last command."""
    if shape.complex:
        return "the text has compound commands, subshells, traps or comments"
    last = _strip_assignments(shape.segments[-1]) if shape.segments else ()
    if not shape.final_simple and last and last[0] in _BUILTIN_LAST:
        return f"it is the shell builtin `{last[0]}`"
    if not shape.final_simple:
        return "it is a pipeline"
    if shape.final_redirect:
        return "it has a redirection"
    return "another command runs in the background"


def _no_shell_hint(keyword: str, text: str) -> str:
    argv = _simple_argv(text)
    if argv is not None:
        return f"Use the exec form: `{keyword} {json.dumps(argv, ensure_ascii=False)}`."
    return (
        f'Use the exec form, `{keyword} ["program", "arg", ...]`, with the values written'
        " out (no variables or `&&`), or start the stage from an image that has a shell."
    )


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
        argv = split_words(text)
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
        exec_form = f"`{keyword} {json.dumps(argv, ensure_ascii=False)}`"
        wrapped = _wrapped_script(tuple(argv))
        if wrapped is not None and len(_shape(wrapped[1]).segments) > 1:
            # `bash -c "a && server && b"`: the wrapped text is itself a list.
            return (
                f"Call the shell in exec form, {exec_form}, and start the long-running"
                " command with `exec` (or move the steps into a script that ends with"
                " `exec`)."
            )
        return f"Use the exec form: {exec_form}."
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

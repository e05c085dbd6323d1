"""DLM109 python-unbuffered-missing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.startcmd import StartCommand

# The interpreter under its usual names: python, python3, python3.12, /opt/venv/bin/python.
_INTERPRETER = re.compile(r"(?:python|pypy)(?:\d+(?:\.\d+)*)?\Z")
# Programs that are Python processes (console scripts of Python packages), with the
# subcommand that starts the long-running process when the program has several.
_PYTHON_PROGRAMS: dict[str, tuple[str, ...] | None] = {
    "gunicorn": None,
    "uvicorn": None,
    "hypercorn": None,
    "daphne": None,
    "waitress-serve": None,
    "celery": None,
    "flask": ("run",),
    "fastapi": ("run", "dev"),
    "streamlit": ("run",),
    "gradio": None,
    "mlflow": ("server", "ui", "models"),
    "bentoml": ("serve",),
}
_NAME = "PYTHONUNBUFFERED"


class PythonUnbufferedMissing(Rule):
    """The container's Python process writes stdout through a buffer.

    Looks at the final stage's start command (ENTRYPOINT + CMD as Docker combines them,
    inherited through `FROM <stage>`, with `sh -c`, `exec`, `pipenv run`, `poetry run`, `uv
    run`, `conda run` and `python -m` unwrapped) and reports it when it starts a Python
    process: the interpreter (`python`, `python3`, `python3.12`, a path to one, `pypy3`,
    with a script, `-c` or `-m`) or a Python program (gunicorn, uvicorn, hypercorn, daphne,
    waitress-serve, celery, gradio, `flask run`, `fastapi run`/`dev`, `streamlit run`,
    `mlflow server`, `bentoml serve`), and nothing makes its output unbuffered: no `python
    -u`, no `PYTHONUNBUFFERED` with a non-empty value in the ENV of the stage chain or in
    the command's own environment (`PYTHONUNBUFFERED=1 python app.py`, `env ...`, an
    `export`). Any non-empty value counts, `0` included, as Python reads it. Only on a base
    whose image facts list the environment it sets without `PYTHONUNBUFFERED` (the official
    `python` images); an image without such facts may set it (silent), and so may an ENV
    whose value cannot be resolved. Not checked: a start command that runs a script
    (`./start.sh`) or a program not listed, and ARG (build arguments are not in the
    container's environment). Reported once, on the ENTRYPOINT or CMD naming the program.

    ## Why is this bad?

    When stdout is not a terminal (always, in a container) Python buffers it in blocks of
    about 8 KiB: `print()` output and logging to stdout reach `docker logs` late, in
    bursts, or never when the container is killed or crashes before the buffer is
    flushed; the last lines before a crash are the ones lost. `PYTHONUNBUFFERED=1` (or
    `python -u`) writes every line as it comes. (stderr is line-buffered since Python 3.9.)

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    ENV PYTHONUNBUFFERED=1
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "serve.py"]
    ```

    ## References

    - Python, `PYTHONUNBUFFERED` ("set to a non-empty string", same as `-u`):
      https://docs.python.org/3/using/cmdline.html#envvar-PYTHONUNBUFFERED
    - Python, `-u` and the buffering of stdout and stderr (stderr line-buffered since 3.9):
      https://docs.python.org/3/using/cmdline.html#cmdoption-u
    - Python, `sys.stdout` is block-buffered when not interactive:
      https://docs.python.org/3/library/sys.html#sys.stdout
    - The official python image's Dockerfile (its ENV does not set PYTHONUNBUFFERED):
      https://github.com/docker-library/python
    """

    code = "DLM109"
    name = "python-unbuffered-missing"
    severity = Severity.INFO

    def finish(self, ctx: Context) -> Iterator[Finding]:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        _, facts = ctx.root_facts(stage)
        if facts is None or facts.env is None or _NAME in facts.env:
            return
        start = ctx.start_command(stage)
        if start is None:
            return
        found = next((c for c in start.commands if _runs_python(c)), None)
        if found is None:
            return
        if any(_unbuffered(c, start) for c in start.commands):
            return
        if _env_value(ctx, stage) != "":
            return  # set non-empty by ENV, or not knowable: no finding either way
        where = _instruction(found, start)
        if where is None:
            return
        program = found.name
        yield self.finding(
            where,
            f"`{program}` runs Python with stdout block-buffered: print() and stdout logs reach"
            " `docker logs` late, or never on a crash.",
            fix="Add `ENV PYTHONUNBUFFERED=1` to the final stage.",
        )


def _runs_python(cmd: SimpleCommand) -> bool:
    name = cmd.name
    if "python -m" in cmd.wrappers:
        return True  # a module the interpreter runs (`python -m http.server`)
    if _INTERPRETER.match(name):
        # A bare `python` (the python image's own CMD) is the interactive prompt, not a
        # program whose output someone waits for in `docker logs`.
        return not _prompt(cmd.argv[1:])
    if name not in _PYTHONS:
        return False
    subcommands = _PYTHON_PROGRAMS[name]
    if subcommands is None:
        return True
    # `flask --app api run`: options may come before the subcommand.
    return any(arg in subcommands for arg in cmd.args)


_PYTHONS = frozenset(_PYTHON_PROGRAMS)


def _unbuffered(cmd: SimpleCommand, start: StartCommand) -> bool:
    """`python -u`, or PYTHONUNBUFFERED set non-empty (or to something unknown) for it."""
    value = cmd.env_value(_NAME)
    if value is not None and value != "":
        return True
    if _INTERPRETER.match(cmd.name) and _has_u(cmd.argv[1:]):
        return True
    if "python -m" in cmd.wrappers:
        # `python -u -m flask run` reaches us as `flask run`: the interpreter's options are
        # gone with the wrapper, so read them off the argv words the start command has.
        return _u_before_module(start)
    return False


def _prompt(args: tuple[str, ...] | list[str]) -> bool:
    """Whether the interpreter options are all there is: no script, `-`, `-m` or `-c`."""
    return not _read_options(args)[1]


def _has_u(args: tuple[str, ...] | list[str]) -> bool:
    """Whether the interpreter options (up to the script, `-m` or `-c`) include -u."""
    return "u" in _read_options(args)[0]


def _read_options(args: tuple[str, ...] | list[str]) -> tuple[str, bool]:
    """The interpreter's short option letters (up to the script, `-m` or `-c`), and whether
    a program follows them (a script, `-`, `-m` or `-c`)."""
    letters = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or not arg.startswith("-") or arg == "-":
            return letters, True
        if arg.startswith("--"):
            i += 2 if arg == "--check-hash-based-pycs" else 1
            continue
        for k, ch in enumerate(arg[1:], start=1):
            if ch in "mc":
                return letters, True
            letters += ch
            if ch in "WX":
                i += 0 if k + 1 < len(arg) else 1  # the value is the next word
                break
        i += 1
    return letters, False


def _u_before_module(start: StartCommand) -> bool:
    """`-u` among the options of an interpreter word of the start command's argv, or of a
    script it hands to a shell (split on blanks: only options are looked for)."""
    for word in start.argv:
        words = word.split() if " " in word else [word]
        for i, w in enumerate(words):
            if _INTERPRETER.match(w.rsplit("/", 1)[-1]) and _has_u(words[i + 1 :]):
                return True
    argv = list(start.argv)
    for i, w in enumerate(argv):
        if _INTERPRETER.match(w.rsplit("/", 1)[-1]) and _has_u(argv[i + 1 :]):
            return True
    return False


def _env_value(ctx: Context, stage: Stage) -> str | None:
    """PYTHONUNBUFFERED from the ENV of the stage chain: its value, "" when unset or set
    empty, None when it cannot be known."""
    for st in ctx.dockerfile.stage_chain(stage):
        value = st.env.get(_NAME)
        if value is None:
            continue
        if not st.env.known(_NAME) or "$" in value:
            return None
        return value
    return ""


def _instruction(cmd: SimpleCommand, start: StartCommand) -> Instruction | None:
    for word in (cmd.argv[0], cmd.name):
        found = start.owner(word)
        if found is not None:
            return found
    return start.cmd or start.entrypoint

"""DLM006 pipenv-install-without-system: pipenv installs into a virtualenv nobody starts."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import UNSAFE, Finding, Fix, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.installers import env_reader, truthy
from dockerlint_ml.rules.ml.lockfile_not_copied import pipfile_missing


class PipenvInstallWithoutSystem(Rule):
    """`pipenv install` or `pipenv sync` runs without `--system`.

    Without `--system` (or `PIPENV_SYSTEM=1` in the stage's ENV, a stage ARG, or the
    command's own environment), pipenv creates a virtualenv and installs the packages
    there. The image's `python`, `gunicorn` or `uvicorn` run from the system interpreter
    and do not see them, so the container fails at start with `ModuleNotFoundError` or
    `command not found`.

    The level drops to info when the stage's start command itself goes through
    `pipenv run`, which does find the virtualenv: that works, at the cost of keeping
    pipenv in the runtime image and a pipenv process between Docker and the server.

    No finding when the virtualenv is evidently the one the image runs from:
    `VIRTUAL_ENV` is set for the command (pipenv then installs into that active
    virtualenv), or `PIPENV_VENV_IN_PROJECT=1` puts it in `.venv` and the start command,
    PATH or VIRTUAL_ENV of this stage or of the final stage point into `.venv` (the
    multi-stage layout of pipenv's own Docker guide).

    An install that runs before any Pipfile is copied installs nothing: DLM005 reports it.

    ## Why is this bad?

    The build succeeds and the image looks complete, but the server cannot import its
    dependencies at run time: the packages sit in a virtualenv under
    `~/.local/share/virtualenvs` that nothing on PATH points to.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --deploy
    COPY app.py ./
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --deploy --system
    COPY app.py ./
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## Fix

    Unsafe: `--system` is added right after `pipenv install` (or `pipenv sync`). The
    packages then land in the image's Python, where its `python` and server find them; but
    a start command or script that reaches them through the virtualenv (`pipenv run`,
    `$(pipenv --venv)/bin/...`, a path under `~/.local/share/virtualenvs`) stops finding
    them. Not offered when the start command goes through `pipenv run` (the hint says to
    change both), nor when the command cannot be located in the source.

    ## References

    - pipenv, `--system` ("System pip management"):
      https://pipenv.pypa.io/en/latest/commands.html
    - pipenv options read `PIPENV_<OPTION>` (e.g. `PIPENV_SYSTEM`) through click's
      `auto_envvar_prefix`: https://github.com/pypa/pipenv/blob/main/pipenv/cli/options.py
    - pipenv uses an active virtualenv named by `VIRTUAL_ENV` unless
      `PIPENV_IGNORE_VIRTUALENVS` is set:
      https://github.com/pypa/pipenv/blob/main/pipenv/environments.py
    - pipenv, Docker guide (in-project `.venv` copied to a runtime stage):
      https://pipenv.pypa.io/en/latest/docker.html
    - Boolean environment values pipenv accepts ("1", "true", "yes", "on"):
      https://pipenv.pypa.io/en/latest/configuration.html
    """

    code = "DLM006"
    name = "pipenv-install-without-system"
    severity = Severity.ERROR
    keywords = frozenset({"RUN"})
    fixable = "unsafe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        for inst in ctx.installs(instruction):
            if inst.tool != "pipenv" or inst.has("--system"):
                continue
            if pipfile_missing(ctx, stage, instruction, inst):
                continue  # no Pipfile at all: DLM005 reports it, once

            env = env_reader(ctx.dockerfile, stage, instruction, inst.command)

            if truthy(env("PIPENV_SYSTEM")):
                continue
            if env("VIRTUAL_ENV") and not truthy(env("PIPENV_IGNORE_VIRTUALENVS")):
                continue
            if truthy(env("PIPENV_VENV_IN_PROJECT")) and _project_venv_used(ctx, stage):
                continue
            suggested = f"{inst.program} --system"
            if inst.action == "install":
                suggested += " --deploy"
            if _starts_through_pipenv_run(ctx, stage):
                yield self.finding(
                    instruction,
                    f"`{inst.program}` without --system installs into a virtualenv that only "
                    "`pipenv run` in the start command reaches, keeping pipenv and an extra "
                    "process in the running container.",
                    fix=f"Use `{suggested}` and start the server directly.",
                    severity=Severity.INFO,
                )
            else:
                located = ctx.locate(instruction, inst.command, 2)
                autofix = None
                if located is not None:
                    edit = located.insert_after(" --system")
                    autofix = Fix("Add --system", UNSAFE, (edit,))
                yield self.finding(
                    instruction,
                    f"`{inst.program}` without --system installs into a virtualenv, so the "
                    "image's python and server do not see the packages.",
                    fix=f"Add --system (`{suggested}`) or set ENV PIPENV_SYSTEM=1.",
                    at=located.span if located is not None else None,
                    autofix=autofix,
                )
            return


def _project_venv_used(ctx: Context, stage: Stage) -> bool:
    """Whether the image runs from an in-project `.venv`: the start command names it, or
    PATH / VIRTUAL_ENV point into it, in this stage or in the final one (which may have
    copied the venv from this builder stage)."""
    stages = [stage]
    final = ctx.dockerfile.final_stage
    if final is not None and final.index != stage.index:
        stages.append(final)
    for st in stages:
        start = ctx.start_command(st)
        if start is not None and any(".venv" in word for word in start.argv):
            return True
        env = ctx.dockerfile.final_env(st)
        if ".venv" in env.get("PATH", "") or ".venv" in env.get("VIRTUAL_ENV", ""):
            return True
    return False


def _starts_through_pipenv_run(ctx: Context, stage: Stage) -> bool:
    start = ctx.start_command(stage)
    if start is None:
        return False
    for cmd in start.commands:
        if "pipenv run" in cmd.wrappers:
            return True
        if cmd.name == "pipenv" and cmd.args[:1] == ("run",):
            return True
    return False

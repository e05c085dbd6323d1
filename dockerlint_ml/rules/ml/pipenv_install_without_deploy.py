"""DLM007 pipenv-install-without-deploy: `pipenv install` that tolerates a stale lock."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import SAFE, Finding, Fix, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.installers import env_reader, truthy
from dockerlint_ml.facts.tokens import Located
from dockerlint_ml.rules.ml.lockfile_not_copied import pipfile_missing


class PipenvInstallWithoutDeploy(Rule):
    """`pipenv install` runs without `--deploy`, so a stale Pipfile.lock goes unnoticed.

    When `Pipfile.lock` no longer matches the Pipfile, `pipenv install` does not stop:
    without `--system` it re-resolves the Pipfile and rewrites the lock at build time;
    with `--system` it installs the stale lock as it is, at most with a warning nobody
    reads in a build log. `--skip-lock` ignores the lock altogether.
    `--deploy` turns a stale lock into a build error, and `--ignore-pipfile` installs
    exactly what the lock says. `PIPENV_DEPLOY` or `PIPENV_IGNORE_PIPFILE` set to a true
    value (ENV, a stage ARG, or the command's environment) count as the flags.
    `pipenv sync` always installs the lock as it is and is never reported.

    `pipenv install <package>` is reported too: it adds the package to the Pipfile and
    re-locks inside the image, so the image gets versions nobody locked or tested.

    An install that runs before any Pipfile is copied installs nothing: DLM005 reports it.

    ## Why is this bad?

    The image silently stops matching the lock file that was reviewed and tested: the
    build succeeds with different versions, or with a lock that no longer describes the
    Pipfile.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --system
    COPY app.py ./
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --system --deploy
    COPY app.py ./
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## Fix

    Safe: `--deploy` is added right after `pipenv install` (the install without packages or
    `--skip-lock`; those need the Pipfile changed, which no edit can do). With a lock that
    matches the Pipfile the install does exactly what it did; with a stale one the build
    now fails instead of installing other versions, which is what the rule asks. Not
    offered when the command cannot be located in the source (inside a `sh -c` string or a
    heredoc).

    ## References

    - pipenv, `--deploy` ("Abort if the Pipfile.lock is out-of-date") and
      `--ignore-pipfile`: https://pipenv.pypa.io/en/latest/commands.html
    - pipenv `handle_lockfile`: a stale lock raises only under `--deploy`, is re-locked
      without `--system`, and installed with a warning under `--system`:
      https://github.com/pypa/pipenv/blob/main/pipenv/routines/install.py
    - pipenv options read `PIPENV_<OPTION>` through click's `auto_envvar_prefix`:
      https://github.com/pypa/pipenv/blob/main/pipenv/cli/options.py
    """

    code = "DLM007"
    name = "pipenv-install-without-deploy"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    fixable = "safe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        for inst in ctx.installs(instruction):
            if inst.tool != "pipenv" or inst.action != "install":
                continue
            if pipfile_missing(ctx, stage, instruction, inst):
                continue  # no Pipfile at all: DLM005 reports it, once
            if inst.has("--deploy", "--ignore-pipfile"):
                continue

            env = env_reader(ctx.dockerfile, stage, instruction, inst.command)
            located = ctx.locate(instruction, inst.command, 2)
            autofix = None

            if truthy(env("PIPENV_DEPLOY")) or truthy(env("PIPENV_IGNORE_PIPFILE")):
                continue
            if inst.packages or inst.local_paths:
                named = " ".join(inst.packages + inst.local_paths)
                message = (
                    f"`pipenv install {named}` adds packages to the Pipfile and re-locks "
                    "inside the image, so it installs versions nobody locked."
                )
                fix = (
                    "Add the packages to the Pipfile, lock outside the image, and install "
                    "with `pipenv install --deploy` or `pipenv sync`."
                )
            elif inst.has("--skip-lock") or truthy(env("PIPENV_SKIP_LOCK")):
                message = (
                    "`pipenv install --skip-lock` ignores Pipfile.lock and installs "
                    "unpinned versions straight from the Pipfile."
                )
                fix = "Drop --skip-lock and install the lock with --deploy or `pipenv sync`."
            elif inst.has("--system") or truthy(env("PIPENV_SYSTEM")):
                message = (
                    "`pipenv install` without --deploy installs a stale Pipfile.lock as it "
                    "is, at most with a warning, when it no longer matches the Pipfile."
                )
                fix = "Add --deploy so a stale lock fails the build, or use `pipenv sync`."
                autofix = _add_deploy(located)
            else:
                message = (
                    "`pipenv install` without --deploy silently re-resolves and rewrites a "
                    "stale Pipfile.lock, so the image may not get the locked versions."
                )
                fix = "Add --deploy so a stale lock fails the build, or use `pipenv sync`."
                autofix = _add_deploy(located)
            at = located.span if located is not None else None
            yield self.finding(instruction, message, fix=fix, at=at, autofix=autofix)
            return


def _add_deploy(located: Located | None) -> Fix | None:
    """`pipenv install` -> `pipenv install --deploy`, right after the subcommand."""
    if located is None:
        return None
    return Fix("Add --deploy", SAFE, (located.insert_after(" --deploy"),))

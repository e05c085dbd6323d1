"""DLM106 notebook-without-auth."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.servers import match
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.startcmd import StartCommand

# The options that set the token and the password, in the spellings of jupyter_server 2
# (IdentityProvider), jupyter_server 1 (ServerApp) and the classic notebook (NotebookApp).
_TOKEN_OPTIONS = frozenset({"--ServerApp.token", "--NotebookApp.token", "--IdentityProvider.token"})
_PASSWORD_OPTIONS = frozenset(
    {
        "--ServerApp.password",
        "--NotebookApp.password",
        "--PasswordIdentityProvider.hashed_password",
    }
)
# Jupyter Docker Stacks launchers that run `jupyter lab` (or the command
# DOCKER_STACKS_JUPYTER_CMD names) with their own arguments appended.
_STACKS_LAUNCHERS = frozenset({"start-notebook.py", "start-notebook.sh"})
# `start.sh CMD...` (Docker Stacks) runs CMD after its set-up.
_STACKS_START = "start.sh"
# Words of the image's RUN/COPY/ADD that suggest a Jupyter configuration file, which may set
# the password that the command line leaves alone.
_CONFIG_WORDS = (
    "jupyter_notebook_config",
    "jupyter_server_config",
    "jupyter_lab_config",
    "hashed_password",
    ".password",
    "notebook password",
    "server password",
    "lab password",
)
_EMPTY = frozenset({"", "''", '""'})


class NotebookWithoutAuth(Rule):
    """A Jupyter server is started with an empty token and no password: anyone who reaches
    its port runs code in the container.

    The start command of the final stage (CMD and ENTRYPOINT, through `FROM <stage>` chains,
    `sh -c` scripts, `conda run`, `tini`...) is read for `jupyter notebook`, `jupyter lab`,
    `jupyter server`, `jupyter-notebook`, `jupyter-lab`, `python -m jupyter ...`,
    `python -m notebook` or `python -m jupyterlab`, and for the Jupyter Docker Stacks
    launchers `start-notebook.py`, `start-notebook.sh` and `start.sh jupyter ...`, which
    pass their arguments on to Jupyter. It is reported when the command line sets the
    token to an empty value (`--ServerApp.token=`, `=''`, `=""`, also as two words
    `--ServerApp.token ''`; the `NotebookApp` and `IdentityProvider` spellings too) and
    sets no non-empty password (`--ServerApp.password`, `--NotebookApp.password`,
    `--PasswordIdentityProvider.hashed_password`). Nothing is reported when the image may
    hold a Jupyter configuration file that can set a password (a `--config` option,
    `JUPYTER_CONFIG_DIR`, a copied or written `jupyter_*_config`, a RUN that mentions a
    password setting): the command line does not tell. A token or password set only in a
    configuration file written by a RUN (`echo "c.ServerApp.token = ''" >> ...`) is out
    of scope, as is JupyterHub, which authenticates its users itself.

    ## Why is this bad?

    A Jupyter server executes whatever code its clients send, with the container's user,
    files, mounted volumes and credentials. Its token (random by default, printed in the
    log) or password is the only thing between the network and that shell. With both
    empty, anyone who can reach the port (a published `-p 8888:8888` on a laptop in a
    café, a cloud VM with an open security group, a Kubernetes service) owns the
    container; scanners look for exactly this. Jupyter warns about it at start-up.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir jupyterlab==4.2.5
    EXPOSE 8888
    CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--ServerApp.token=''"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir jupyterlab==4.2.5
    EXPOSE 8888
    CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
    ```

    Jupyter then makes a random token and prints it; to choose it, pass one at run time
    (`docker run -e JUPYTER_TOKEN=... -p 8888:8888 image`).

    ## References

    - Jupyter Server, security (tokens, passwords, "disabling authentication"):
      https://jupyter-server.readthedocs.io/en/latest/operators/public-server.html
    - Jupyter Server configuration options (`ServerApp.token`, `IdentityProvider.token`,
      `PasswordIdentityProvider.hashed_password`, `JUPYTER_TOKEN`):
      https://jupyter-server.readthedocs.io/en/latest/other/full-config.html
    - Classic notebook security (`NotebookApp.token`, `NotebookApp.password`):
      https://jupyter-notebook.readthedocs.io/en/5.7.4/security.html
    - traitlets, a quoted command-line value is unquoted (`--X.token=''` is empty):
      https://traitlets.readthedocs.io/en/stable/config.html#command-line-arguments
    - Jupyter Docker Stacks, `start-notebook.py` appends its arguments to `jupyter lab`:
      https://github.com/jupyter/docker-stacks/blob/main/images/base-notebook/start-notebook.py
      and https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html
    """

    code = "DLM106"
    name = "notebook-without-auth"
    severity = Severity.ERROR

    def finish(self, ctx: Context) -> Iterator[Finding]:
        stage = ctx.dockerfile.final_stage
        if stage is None:
            return
        start = ctx.start_command(stage)
        if start is None:
            return
        for cmd in start.commands:
            args = _jupyter_args(cmd)
            if args is None:
                continue
            token = _empty_token(args)
            if token is None or _has_password(args) or _may_configure(ctx, stage, args):
                continue
            where = start.owner(token) or _last(start)
            if where is None:
                continue
            yield self.finding(
                where,
                f"Jupyter starts with an empty token (`{token}`) and no password: whoever"
                " reaches its port runs code.",
                fix="Remove the empty token option: Jupyter then makes a random token; or pass"
                " one at run time (`docker run -e JUPYTER_TOKEN=...`).",
            )
            return


def _jupyter_args(cmd: SimpleCommand) -> tuple[str, ...] | None:
    """The arguments Jupyter gets from this command, or None when it starts no Jupyter."""
    if cmd.name in _STACKS_LAUNCHERS:
        return cmd.args
    if cmd.name == _STACKS_START:
        if not cmd.args:
            return None
        cmd = SimpleCommand(cmd.args, cmd.env, cmd.wrappers)
    found = match(cmd)
    if found is None or found[0].key != "jupyter":
        return None
    return found[1]


def _value(args: tuple[str, ...], i: int, names: frozenset[str]) -> tuple[str, str] | None:
    """(option word(s) as written, value) when args[i] sets one of `names`."""
    word = args[i]
    name, eq, value = word.partition("=")
    if name not in names:
        return None
    if eq:
        return word, value
    if i + 1 < len(args) and not args[i + 1].startswith("--"):
        return word, args[i + 1]
    return None


def _empty_token(args: tuple[str, ...]) -> str | None:
    """The option word that sets an empty token (the last token option wins), or None."""
    found: str | None = None
    for i in range(len(args)):
        setting = _value(args, i, _TOKEN_OPTIONS)
        if setting is not None:
            found = setting[0] if setting[1] in _EMPTY else None
    return found


def _has_password(args: tuple[str, ...]) -> bool:
    for i in range(len(args)):
        setting = _value(args, i, _PASSWORD_OPTIONS)
        if setting is not None and setting[1] not in _EMPTY:
            return True
    return False


def _may_configure(ctx: Context, stage: Stage, args: tuple[str, ...]) -> bool:
    """Whether a configuration file may set a password the command line does not show."""
    if any(a == "--config" or a.startswith("--config=") for a in args):
        return True
    dockerfile = ctx.dockerfile
    if dockerfile.env_at(stage, "JUPYTER_CONFIG_DIR") is not None:
        return True
    for st in dockerfile.stage_chain(stage):
        for ins in st.instructions:
            if ins.keyword in ("RUN", "COPY", "ADD") and _mentions_config(ins):
                return True
    return False


def _mentions_config(ins: Instruction) -> bool:
    text = ins.value if not ins.heredocs else " ".join((ins.value, *(h.body for h in ins.heredocs)))
    return any(word in text for word in _CONFIG_WORDS)


def _last(start: StartCommand) -> Instruction | None:
    found = start.instructions
    return found[-1] if found else None

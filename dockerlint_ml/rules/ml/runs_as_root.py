"""DLM110 runs-as-root."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SHELL_NAMES
from dockerlint_ml.facts.startcmd import StartCommand
from dockerlint_ml.facts.users import final_user, is_root_user

# Programs that run the rest of their command line as another user: the start command
# begins as root on purpose and drops privileges itself.
_DROPPERS = frozenset({"gosu", "su-exec", "setpriv", "runuser", "chpst", "s6-setuidgid"})
_DROPPER_WRAPPERS = frozenset({"gosu", "su-exec"})
# Base images whose own ENTRYPOINT switches from root to an unprivileged user (the Jupyter
# Docker Stacks' start.sh runs the command as NB_USER when started as root).
_DROPPING_BASES = ("jupyter/*", "quay.io/jupyter/*")
# Platforms that pick the user themselves: AWS Lambda runs a container image's function as
# a least-privileged user of its own, whatever the image's USER.
_PLATFORM_USER_BASES = ("public.ecr.aws/lambda/*",)
# Start commands that are an interactive shell or REPL: a base or toolbox image, which the
# next Dockerfile or the person at the terminal runs as they need.
_INTERACTIVE = frozenset(
    {"sh", "bash", "ash", "dash", "zsh", "python", "python3", "node", "ipython"}
)


# A numeric UID needs no account in /etc/passwd: the hint works on Debian, Alpine and
# distroless alike (useradd is not on Alpine, no shell is on distroless).
_FIX = (
    "End with an unprivileged numeric user (`USER 10001:10001`) after the steps that need"
    " root, and `COPY --chown=10001:10001` the files it must write."
)


class RunsAsRoot(Rule):
    """The final image runs its process as root.

    Only the image the file builds counts: the final stage, or the nearest stage of its
    `FROM <stage>` chain that has a USER. When that last USER's user part is `root` or
    UID 0 (`USER root`, `USER 0`, `USER root:root`, `USER 0:0`; a variable resolved
    through the stage's ENV and ARG defaults) it is reported as a warning. When no stage
    of the chain has a USER and the facts of the base image say it runs as root (python,
    debian, ubuntu, nvidia/cuda, pytorch/pytorch...), the final FROM is reported as
    information. Nothing is reported when the base image is unknown or runs as another
    user (jupyter/*, rayproject/*, distroless `nonroot`), when a USER holds a variable
    that cannot be resolved, or when USER is only in an ONBUILD. Nor when running as root
    is deliberate or not the final word:

    - the start command drops privileges itself: `gosu`, `su-exec`, `setpriv`,
      `runuser`, `chpst`, `s6-setuidgid`, `su ... -c`, `sudo -u`, the Jupyter Docker
      Stacks' `start.sh` (their ENTRYPOINT, kept when the file sets none), or a script
      named `*entrypoint*` (by the official images' convention the place for root steps
      before `exec gosu user`; the linter cannot read it, so it cannot tell);
    - the platform picks the user: AWS Lambda base images (Lambda runs the function as
      a least-privileged user of its own);
    - a toolbox, base or CI image: the start command is an interactive shell or REPL
      with no script (`CMD ["bash"]`, `CMD ["python3"]`), or the file sets no CMD or
      ENTRYPOINT on a base of the facts table that runs as root (they all start a shell
      or REPL), or the final PATH points under `/root` (its tools live in root's home).

    A start script with another name may drop privileges too: the rule's known limit.

    ## Why is this bad?

    A container that runs as root turns any flaw of the service (a path traversal in a
    model server, a pickle loaded from an upload, a notebook left open) into root inside
    the container: every file of the image can be changed, mounted volumes and secrets
    read, and a kernel or runtime escape lands as root on the host. Kubernetes clusters
    often refuse such pods (`runAsNonRoot`). Create a user, give it the files it needs,
    and switch to it after the steps that need root.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    USER root
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    RUN useradd --uid 10001 --no-create-home app
    USER 10001
    CMD ["python", "serve.py"]
    ```

    ## Off by default

    On the real corpus it reports one Dockerfile in three (171 of 174 findings are the
    information on a missing USER): true of the image, but the advice fits long-running
    services, while CI, test, tool and development images run as root on purpose (their
    jobs install packages, write mounted volumes) and the Dockerfile alone cannot tell
    them apart. Select `DLM110` to require a non-root final user.

    ## References

    - Docker, USER: https://docs.docker.com/reference/dockerfile/#user
    - Docker, best practices (USER): https://docs.docker.com/build/building/best-practices/#user
    - Kubernetes, `runAsNonRoot`:
      https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    - CIS Docker Benchmark 4.1, "Ensure that a user for the container has been created":
      https://www.cisecurity.org/benchmark/docker
    - AWS Lambda, container images run as a least-privileged default user:
      https://docs.aws.amazon.com/lambda/latest/dg/images-create.html
    - Jupyter Docker Stacks, `start.sh` switches to NB_USER when started as root:
      https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html#user-related-configurations
    - The base images' users: the image facts table (`dockerlint-ml images`).
    """

    code = "DLM110"
    name = "runs-as-root"
    severity = Severity.WARNING
    supersedes = ("DL3002",)
    default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        final = ctx.dockerfile.final_stage
        if final is None:
            return
        found = final_user(ctx.dockerfile)
        owner, last = found if found is not None else (None, None)
        image, facts = ctx.root_facts(final)
        # The official OS and language bases that run as root all start a shell or a REPL.
        root_base = facts is not None and facts.user is not None and is_root_user(facts.user)
        if _on_purpose(ctx, final, root_base):
            return
        if last is not None and owner is not None:
            user = _user(ctx, owner, last)
            if user is None or not is_root_user(user):
                return
            yield self.finding(
                last,
                f"The final image runs as root: its last USER is `{last.value.strip()}`.",
                fix=_FIX,
            )
            return
        if image is None or not root_base:
            return
        yield self.finding(
            final.from_instruction,
            f"No USER is set, so the image runs as {image.name}'s default user, root.",
            fix=_FIX,
            severity=Severity.INFO,
        )


def _user(ctx: Context, stage: Stage, instruction: Instruction) -> str | None:
    """The user part of a USER value, variables resolved from the stage's ENV and ARG
    defaults; None when a variable cannot be resolved."""
    dockerfile = ctx.dockerfile

    def lookup(name: str) -> str | None:
        value = dockerfile.env_at(stage, name, before=instruction.index)
        if value is None:
            value = stage.args.get(name, instruction.index)
            if value is not None and not stage.args.known(name, instruction.index):
                return None
        return value

    text, ok = dockerfile.expand(instruction.value, lookup)
    if not ok or "$" in text:
        return None
    user = text.strip().strip("'\"").partition(":")[0]
    return user or None


def _any_match(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _on_purpose(ctx: Context, stage: Stage, root_base: bool) -> bool:
    """Whether running as root is the image's evident intent or not the final word: the start
    command drops privileges, the platform picks the user, the image is a toolbox or CI
    image (an interactive start, tools installed under /root on PATH)."""
    if _drops_privileges(ctx, stage):
        return True
    if _interactive(ctx.start_command(stage), root_base):
        return True
    path = ctx.dockerfile.final_env(stage).get("PATH", "")
    return any(p == "/root" or p.startswith(("/root/", "~")) for p in path.split(":"))


def _interactive(start: StartCommand | None, root_base: bool) -> bool:
    """Whether the image starts an interactive shell or REPL with no script: a base or
    toolbox image rather than a service. With no CMD or ENTRYPOINT in the file, the base's
    command runs: a shell or REPL for the root bases of the facts table."""
    if start is None:
        return root_base
    if len(start.commands) != 1:
        return not start.commands
    cmd = start.commands[0]
    name = cmd.name
    if name.startswith("python"):
        name = "python"
    return name in _INTERACTIVE and not any(not a.startswith("-") for a in cmd.args)


def _drops_privileges(ctx: Context, stage: Stage) -> bool:
    """Whether the start command switches to another user itself, or may (an entrypoint
    script the linter cannot read), or the platform chooses the user."""
    image, _ = ctx.root_facts(stage)
    if image is not None and any(fnmatch.fnmatchcase(image.name, p) for p in _PLATFORM_USER_BASES):
        return True
    start = ctx.start_command(stage)
    # With no ENTRYPOINT of its own, the image keeps its base's.
    keeps_entrypoint = start is None or start.entrypoint is None
    if keeps_entrypoint and image is not None and _any_match(image.name, _DROPPING_BASES):
        return True
    if start is None:
        return False
    return _command_drops(start)


def _command_drops(start: StartCommand) -> bool:
    for cmd in start.commands:
        if any(w in _DROPPER_WRAPPERS for w in cmd.wrappers):
            return True
        name = cmd.name
        if name in SHELL_NAMES and cmd.args and not cmd.args[0].startswith("-"):
            name = cmd.args[0].rsplit("/", 1)[-1]  # `bash /entrypoint.sh`: the script's name
        if name in _DROPPERS or name == "start.sh" or "entrypoint" in name.lower():
            # `docker-entrypoint.sh` is, by the official images' convention, where root
            # steps are done before `exec gosu user "$@"`: unreadable here, undecidable.
            return True
        if name == "su" and any(
            a in ("-c", "--command") or a.startswith("--command=") for a in cmd.args
        ):
            return True
    # `sudo -u user cmd`: the wrapper keeps no options, read them from argv.
    words = start.argv
    for i, word in enumerate(words):
        base = word.rsplit("/", 1)[-1]
        if base == "sudo" and any(
            w in ("-u", "--user") or w.startswith("--user=") for w in words[i + 1 : i + 4]
        ):
            return True
        if " sudo -u " in f" {word} " or " gosu " in f" {word} " or " su-exec " in f" {word} ":
            return True
    return False

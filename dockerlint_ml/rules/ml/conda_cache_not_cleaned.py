"""DLM111 conda-cache-not-cleaned."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.installers import env_setting
from dockerlint_ml.facts.shell import SimpleCommand

_CONDAS = frozenset({"conda", "mamba", "micromamba"})
# conda's global options that take a value (before the subcommand).
_GLOBAL_VALUE_OPTS = frozenset({"-r", "--root-prefix", "--rc-file"})
# Options of install/create/update that take a value.
_VALUE_OPTS = frozenset(
    {
        "-n", "--name", "-p", "--prefix", "-c", "--channel", "-f", "--file", "--solver",
        "--platform", "--subdir", "-r", "--root-prefix", "--rc-file", "--repodata-fn",
        "--experimental-solver", "--override-channels-file", "--clone", "--category",
    }
)  # fmt: skip
# Options whose run downloads nothing: a dry run, help, an offline or download-free run.
_NO_DOWNLOAD = frozenset({"--dry-run", "-d", "--help", "-h", "--offline", "--use-local"})
# `conda clean` options that delete the downloaded package archives (the bulk of the cache).
_CLEAN_ALL = frozenset({"-a", "--all", "-t", "--tarballs"})


class CondaCacheNotCleaned(Rule):
    """A conda, mamba or micromamba install leaves its package cache in the layer.

    Reported on a RUN (inside ONBUILD too) that runs `conda`/`mamba`/`micromamba` (by
    name or path, also inside `sh -c`) with `install`, `create`, `update` (`upgrade`),
    `env create` or `env update`, in a stage whose layers ship (the final stage and the
    stages it is built on), when the same RUN does not clean the cache afterwards:
    `conda clean` (or `mamba clean`, `micromamba clean`) with `-a`/`--all` or
    `-t`/`--tarballs`, alone or in a cluster (`-afy`, `-tipsy`, `-ya`); or `rm` of a
    package directory (a path whose last part is `pkgs`, with or without `/*`). A RUN whose
    package directory is a cache or tmpfs mount does not keep it: `--mount=type=cache`
    with a target whose last part is `pkgs` (`/opt/conda/pkgs`), or the directory
    `CONDA_PKGS_DIRS` names. Not reported: `--dry-run`, `--help`, `--offline`, a `create`
    that names no package and no file (an empty environment or `--clone`), a clean in a
    later RUN (too late: the earlier layer keeps the files, which is still reported on the
    install), and build stages whose files are copied out selectively (a stage copied
    whole with `COPY --from=build /opt/conda /opt/conda` brings its cache along: not
    detected). Once per RUN.

    ## Why is this bad?

    conda keeps every package it downloads, as an archive and unpacked, in its package
    directory (`<prefix>/pkgs`): hundreds of megabytes to gigabytes for an ML stack, that
    nothing in the running container uses. A layer cannot shrink after it is written, so
    the cache must be removed by the same RUN that filled it, or kept out of the layer
    with a cache mount (which also speeds up rebuilds).

    ## Example

    ```dockerfile
    FROM continuumio/miniconda3:24.7.1-0
    COPY environment.yml /tmp/
    RUN conda env update -n base -f /tmp/environment.yml
    ```

    ## Use instead

    ```dockerfile
    FROM continuumio/miniconda3:24.7.1-0
    COPY environment.yml /tmp/
    RUN conda env update -n base -f /tmp/environment.yml && conda clean --all --yes
    ```

    Or, with BuildKit, keep the cache out of the image: `RUN
    --mount=type=cache,target=/opt/conda/pkgs conda env update -n base -f environment.yml`.

    ## References

    - conda, `conda clean` (`--all`, `--tarballs`, `--packages`):
      https://docs.conda.io/projects/conda/en/latest/commands/clean.html
    - conda, the package cache and `pkgs_dirs` / `CONDA_PKGS_DIRS`:
      https://docs.conda.io/projects/conda/en/latest/user-guide/configuration/settings.html#pkgs-dirs-specify-package-directories
    - micromamba's Docker image guide (`micromamba clean --all --yes` after each install):
      https://micromamba-docker.readthedocs.io/en/latest/quick_start.html
    - Docker, cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    """

    code = "DLM111"
    name = "conda-cache-not-cleaned"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    commands = _CONDAS
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        # An ONBUILD trigger runs in the image built from this one, where it ships.
        if not ctx.stage_roles().ships(stage) and not _is_trigger(ctx, instruction):
            return
        commands = ctx.commands(instruction)
        downloads = [(i, c, a) for i, c in enumerate(commands) if (a := _downloading_action(c))]
        if not downloads:
            return
        # The cache must be gone after the last download, which the message names.
        last = downloads[-1][0]
        if any(_cleans(c) for c in commands[last + 1 :]):
            return
        _, cmd, action = downloads[-1]
        if _pkgs_mounted(ctx, instruction, cmd):
            return
        tool = cmd.name
        fix_tool = tool if tool in _CONDAS else "conda"
        yield self.finding(
            instruction,
            f"`{tool} {action}` leaves the downloaded packages in the package cache (pkgs/),"
            " which stays in this layer.",
            fix=f"End this RUN with `&& {fix_tool} clean --all --yes`, or mount a cache on the"
            " package directory.",
        )


def _is_trigger(ctx: Context, instruction: Instruction) -> bool:
    return any(ins.inner is instruction for ins in ctx.dockerfile.instructions)


def _subcommand(args: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The first word after conda's global options, and the words after it."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-"):
            i += 2 if arg in _GLOBAL_VALUE_OPTS else 1
            continue
        return arg, args[i + 1 :]
    return "", ()


def _downloading_action(cmd: SimpleCommand) -> str | None:
    """The subcommand (`install`, `env create`...) when the command may download packages."""
    if cmd.name not in _CONDAS or "$()" in cmd.wrappers:
        return None
    sub, rest = _subcommand(cmd.args)
    action = sub
    if sub == "env":
        inner, rest = _subcommand(rest)
        if inner not in ("create", "update"):
            return None
        action = f"env {inner}"
    elif sub == "upgrade":
        action = "update"
    elif sub not in ("install", "create", "update"):
        return None
    options, positional, files = _scan(rest)
    if options & _NO_DOWNLOAD:
        return None
    if sub == "create" and not positional and not files:
        return None  # an empty environment, or a clone (hard links, no download)
    return action


def _scan(args: tuple[str, ...]) -> tuple[set[str], list[str], list[str]]:
    options: set[str] = set()
    positional: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            options.add(name)
            if not eq and name in _VALUE_OPTS and i < len(args):
                value = args[i]
                i += 1
            if name == "--file" and value:
                files.append(value)
            continue
        if arg.startswith("-") and len(arg) > 1:
            for pos, letter in enumerate(arg[1:], start=1):
                flag = "-" + letter
                options.add(flag)
                if flag in _VALUE_OPTS:
                    if pos + 1 < len(arg):
                        value = arg[pos + 1 :]
                    elif i < len(args):
                        value = args[i]
                        i += 1
                    else:
                        value = ""
                    if flag == "-f" and value:
                        files.append(value)
                    break
            continue
        positional.append(arg)
    return options, positional, files


def _cleans(cmd: SimpleCommand) -> bool:
    """`conda clean -a` / `--all` / `-t` (clusters too), or `rm` of a pkgs directory."""
    name = cmd.name
    if name in _CONDAS:
        sub, rest = _subcommand(cmd.args)
        if sub != "clean":
            return False
        for arg in rest:
            if arg.startswith("--"):
                if arg.partition("=")[0] in _CLEAN_ALL:
                    return True
            elif arg.startswith("-") and any(f"-{c}" in _CLEAN_ALL for c in arg[1:]):
                return True
        return False
    if name == "rm":
        return any(_is_pkgs_dir(a) for a in cmd.args if not a.startswith("-"))
    return False


def _is_pkgs_dir(path: str) -> bool:
    path = path.rstrip("/")
    if path.endswith("/*"):
        path = path[:-2]
    return posixpath.basename(path) == "pkgs"


def _pkgs_mounted(ctx: Context, instruction: Instruction, cmd: SimpleCommand) -> bool:
    """Whether the RUN's package directory is a cache or tmpfs mount."""
    targets = [
        m.target.rstrip("/") for m in ctx.mounts(instruction) if m.keeps_out_of_layer and m.target
    ]
    if not targets:
        return False
    if any(posixpath.basename(t) == "pkgs" for t in targets):
        return True
    st = ctx.stage(instruction)
    if st is None:
        return False
    pkgs_dirs = env_setting(ctx.dockerfile, st, instruction, cmd, "CONDA_PKGS_DIRS")
    if not pkgs_dirs:
        return False
    dirs = [d.strip().rstrip("/") for d in pkgs_dirs.split(",") if d.strip()]
    return bool(dirs) and all(any(d == t or d.startswith(t + "/") for t in targets) for d in dirs)

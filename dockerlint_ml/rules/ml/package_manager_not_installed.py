"""DLM102 package-manager-not-installed."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Instruction, Severity, Stage
from dockerlint_ml.dockerfile.references import parse_image
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import PackageCommand
from dockerlint_ml.facts.toolchain import (
    ANYTHING,
    NOTHING,
    TOOLS,
    Provision,
    provides,
    tools_in,
    tools_run,
)

_FIXES = {
    "pipenv": "add `RUN pip install --no-cache-dir pipenv==<version>` before it",
    "poetry": "add `RUN pip install --no-cache-dir poetry==<version>` (or run the installer"
    " from install.python-poetry.org) before it",
    "uv": "add `COPY --from=ghcr.io/astral-sh/uv:<version> /uv /uvx /bin/` before it",
    "pdm": "add `RUN pip install --no-cache-dir pdm==<version>` before it",
    "conda": "install Miniforge or Miniconda before it, or build FROM an image that ships conda",
    "mamba": "install Miniforge (which ships mamba) before it, or use conda",
    "micromamba": "install micromamba (its install script at micro.mamba.pm) before it, or"
    " build FROM mambaorg/micromamba",
}


class PackageManagerNotInstalled(Rule):
    """A RUN calls a Python package manager that nothing installed in the image.

    Looks at every stage: a RUN that runs pipenv, poetry, uv (or uvx), pdm, conda, mamba or
    micromamba, by name, by path, through `python -m` or as a runner of another command
    (`pipenv run`, `poetry run`, `uv run`, `uvx`, `conda run`...; also inside `sh -c`),
    on a base whose image facts list its tools without that manager (`python`, `debian`,
    `ubuntu`, `alpine`, `nvidia/cuda`...; the list is complete for these managers). It is
    reported when no earlier instruction of the stage chain (the stage and the stages it
    is built on with `FROM <stage>`), and no earlier command of the same RUN, may have
    installed it:

    - `pip`/`pip3`/`python -m pip`/`uv pip`/`pipx install` or `uv tool install` of the
      tool, or of a project named `<tool>-...` (a plugin such as `poetry-plugin-export`
      depends on it; a wheel or URL named after it too); `conda`/`mamba`/`micromamba install` or
      `create` of it; an apt, apk, dnf, yum, microdnf or zypper package named after it
      (`pipenv`, `python3-poetry`, `py3-...`);
    - a RUN that runs a known installer (install.python-poetry.org, astral.sh/uv's
      script, pdm's installer, micro.mamba.pm, a Miniconda, Miniforge, Mambaforge or
      Anaconda installer);
    - `COPY --from` (or `RUN --mount=from=`) an image whose facts list the tool
      (`ghcr.io/astral-sh/uv`);

    and, because what they install cannot be ruled out, also: a requirements or
    environment file (`pip install -r`, `conda env create -f`), a word a variable
    decides, a script run from a file or a pipe (`curl ... | sh`, `bash install.sh`,
    `./setup.sh`), a program named by a variable, `COPY --from` a stage or an image
    without facts, a COPY/ADD from the build context of a file named after the tool,
    into a `bin` directory, or with a source that cannot be resolved, and a check that
    the tool exists (`command -v uv`, `which conda`, `test -x .../conda`; a `[ -x ... ]`
    test is not seen: the shell facts give no command for it). No image facts, or
    facts without a tools list: silent. `pipx run TOOL` fetches the tool itself and does
    not count as running it, and a command whose failure the script handles (`uv --version
    || pip install uv`) is not reported. Reported on the first such RUN of a stage chain, once per
    manager. Start commands (CMD, ENTRYPOINT) are not checked.

    ## Why is this bad?

    The build stops with `pipenv: not found` (exit code 127) at that RUN: the base image
    has Python and pip, but none of the other package managers, and nothing in the
    Dockerfile installed this one. Tutorials often skip the install step because the
    author's own machine had the tool.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --deploy --system
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --deploy --system
    ```

    ## References

    - The official python image ships python and pip only:
      https://github.com/docker-library/python
    - pipenv installation: https://pipenv.pypa.io/en/latest/installation.html
    - Poetry installation (the official installer, pipx, pip):
      https://python-poetry.org/docs/#installation
    - uv in Docker (`COPY --from=ghcr.io/astral-sh/uv`, the install script):
      https://docs.astral.sh/uv/guides/integration/docker/
    - PDM installation: https://pdm-project.org/en/latest/#installation
    - Miniforge (conda and mamba): https://github.com/conda-forge/miniforge
    - micromamba installation:
      https://mamba.readthedocs.io/en/latest/installation/micromamba-installation.html
    """

    code = "DLM102"
    name = "package-manager-not-installed"
    severity = Severity.ERROR

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        if not any(
            tools_run(cmd)
            for ins in dockerfile.instructions
            if ins.keyword == "RUN"
            for cmd in ctx.commands(ins)
        ):
            return  # most files run no manager: skip reading what each step installs
        # Per stage, what its chain has installed by its end, and the managers already
        # reported on its chain (one root cause, one finding): each stage starts from its
        # base stage's, so the whole file is read once.
        ends: dict[int, tuple[Provision, frozenset[str]]] = {}
        for stage in dockerfile.stages:
            if stage.base_stage is not None and stage.base_stage in ends:
                state, reported = ends[stage.base_stage]
            else:
                state, reported = NOTHING, frozenset()
            image, facts = ctx.root_facts(stage)
            shipped: frozenset[str] | None = None
            if facts is not None and facts.tools is not None:
                shipped = tools_in(facts.tools)
            for ins in stage.instructions:
                if ins.keyword == "RUN":
                    missing, state = self._run(ins, ctx, state, shipped, reported)
                    if missing:
                        reported = reported | missing
                        assert image is not None
                        yield self._finding(ins, missing, image, stage, ctx)
                elif ins.keyword in ("COPY", "ADD"):
                    state = state | _from_copy(ins, ctx)
            ends[stage.index] = (state, reported)

    def _run(
        self,
        ins: Instruction,
        ctx: Context,
        state: Provision,
        shipped: frozenset[str] | None,
        reported: frozenset[str],
    ) -> tuple[frozenset[str], Provision]:
        commands = ctx.commands(ins)
        if not commands:
            return frozenset(), state
        by_command: dict[int, list[PackageCommand]] = {}
        for record in ctx.packages(ins):
            by_command.setdefault(id(record.command), []).append(record)
        here = _from_mounts(ins, ctx)
        missing: set[str] = set()
        for i, cmd in enumerate(commands):
            after = commands[i + 1] if i + 1 < len(commands) else None
            # `poetry --version || pip install poetry`: a failure the script handles.
            handled = after is not None and after.connector == "||" and after.nested == cmd.nested
            if shipped is not None and not handled:
                for tool in tools_run(cmd):
                    if tool in shipped or tool in reported or tool in missing:
                        continue
                    if state.covers(tool) or here.covers(tool):
                        continue
                    missing.add(tool)
            records = by_command.get(id(cmd), [])
            state = state | provides(cmd, records)
        return frozenset(missing), state

    def _finding(
        self, ins: Instruction, missing: frozenset[str], image: ImageRef, stage: Stage, ctx: Context
    ) -> Finding:
        tools = [t for t in TOOLS if t in missing]
        names = " and ".join(f"`{t}`" for t in tools)
        it = "it" if len(tools) == 1 else "them"
        message = (
            f"{names} {'runs' if len(tools) == 1 else 'run'} here, but neither `{image.raw}`"
            f" nor an earlier step installs {it}: the build fails with `not found`."
        )
        if len(tools) == 1:
            fix = _FIXES[tools[0]]
        else:
            fix = "; ".join(f"for {t}, {_FIXES[t]}" for t in tools)
        return self.finding(ins, message, fix=fix[0].upper() + fix[1:] + ".")


_STARS = re.compile(r"\*+")
_NAME_MAX = 255  # Linux's longest file name


def _from_mounts(ins: Instruction, ctx: Context) -> Provision:
    """What a RUN's bind mounts lend it: `--mount=from=ghcr.io/astral-sh/uv,source=/uv,...`."""
    found = NOTHING
    for mount in ctx.mounts(ins):
        if mount.type != "bind":
            continue
        if mount.from_ is None:
            if "from" in mount.unknown:
                return ANYTHING
            target = (mount.target or "").rstrip("/")
            found |= Provision(tools_in([target.rsplit("/", 1)[-1]]))
            if target.endswith("/bin"):
                return ANYTHING
            continue
        found |= _from_source(mount.from_, ctx)
    return found


def _from_copy(ins: Instruction, ctx: Context) -> Provision:
    info = ctx.copy(ins)
    if info is None:
        return ANYTHING
    if info.from_ is not None:
        return _from_source(info.from_, ctx)
    destination = info.destination.rstrip("/")
    if "$" in destination or destination.endswith("/bin") or "/bin/" in destination:
        return ANYTHING
    found = NOTHING
    for source in info.sources:
        if not source.resolved:
            return ANYTHING
        if source.heredoc:
            continue
        names = [source.basename]
        if source.is_glob:
            # `COPY uv* /opt/` may bring uv; `COPY *.py ./` brings no manager.
            pattern = _STARS.sub("*", source.basename or "*")
            if len(pattern) > _NAME_MAX:
                # fnmatch's translation is quadratic in `[`-heavy patterns; a pattern this
                # long is no realistic file name, so it may bring any tool (silence).
                names = list(TOOLS)
            else:
                names = [t for t in TOOLS if fnmatch.fnmatchcase(t, pattern)]
        found |= Provision(tools_in(names))
        if source.is_url or source.is_archive:
            found |= Provision(tools_in([source.basename.split("-", 1)[0].split(".", 1)[0]]))
    return found


def _from_source(source: str, ctx: Context) -> Provision:
    """What `COPY --from=SOURCE` (or a mount from it) may bring: a stage may hold anything;
    an image brings the managers its facts list, or anything when it has no facts."""
    if "$" in source:
        return ANYTHING
    lowered = source.lower()
    if lowered.isdigit() or any(
        st.alias is not None and st.alias.lower() == lowered for st in ctx.dockerfile.stages
    ):
        return ANYTHING
    facts = ctx.image_facts(parse_image(source))
    if facts is None or facts.tools is None:
        return ANYTHING
    return Provision(tools_in(facts.tools))

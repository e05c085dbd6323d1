"""DLM004 dependencies-installed-after-code: an install RUN placed after the code is copied."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dockerlint_ml.installers import Install
from dockerlint_ml.model import Finding, Instruction, Severity
from dockerlint_ml.rule import Context, Rule


@dataclass
class _StageState:
    # The first COPY/ADD of the stage that brought in more than dependency manifests.
    first_code_copy: Instruction | None = None
    # What earlier RUNs of the stage installed, for the two-phase exemptions.
    installed_dependencies: bool = False
    # Tools ("uv", "poetry") whose sync/install already ran: a later run of the same tool
    # only adds the project on top of the dependency layer.
    synced: set[str] = field(default_factory=set)


@dataclass
class _FileState:
    stages: dict[int, _StageState] = field(default_factory=dict)


class DependenciesInstalledAfterCode(Rule):
    """Dependencies are installed after the application code was copied in.

    Docker reuses a layer only while everything before it is unchanged. A RUN that installs
    dependencies after a COPY of the code runs again on every code change, downloading and
    building every package each time, although the dependencies did not change.

    The rule looks at each RUN that installs dependencies: `pip install` of packages,
    `-r file` or a local project, `pipenv install`/`sync`, `poetry install`, `uv sync`,
    `uv pip install`/`sync`, `conda`/`mamba`/`micromamba` `env create`/`update -f` and
    `install`. It fires when an earlier COPY or ADD of the same stage brought in anything
    besides dependency manifests and their metadata (`requirements*.txt`,
    `constraints*.txt`, `Pipfile`, `Pipfile.lock`, `pyproject.toml`, `poetry.lock`,
    `uv.lock`, `setup.py`, `setup.cfg`, `environment.yml`, `README*`, `LICENSE*`, with
    variants such as `dev-requirements.txt`, files under `requirements/`, and built wheels):
    code, models, a directory or `.`. `COPY --from` does not
    count, and neither does a source whose variables cannot be resolved.

    The second phase of a two-phase install is fine: it installs the project alone once
    the dependencies are in an earlier layer. That is `pip install --no-deps .` (or any
    `--no-deps` install of local paths), `poetry install --only-root`, a `uv sync` after an
    earlier RUN ran `uv sync --no-install-project` (or any earlier `uv sync`), a
    `poetry install` after an earlier `poetry install --no-root` (the layout Poetry's own
    FAQ recommends) or any earlier `poetry install`, and a `pip install .` or
    `pip install -e .` after an earlier RUN installed the dependencies. "Earlier" includes
    the stages this stage is built on. A first phase placed after the code is itself
    reported.

    Installing a tool (`pip install pipenv`) after the code is reported too: it does not
    need the code, so it belongs above the COPY as well.

    ## Why is this bad?

    Every edit of the code invalidates the install layer, so each build reinstalls all
    dependencies: slow builds, wasted bandwidth, and a fresh chance of a different
    resolution on every build.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
    ```

    ## References

    - Docker, build cache invalidation:
      https://docs.docker.com/build/cache/invalidation/
    - Docker, optimizing builds with cache ("order your layers"):
      https://docs.docker.com/build/cache/optimize/
    - Poetry FAQ, "Poetry busts my Docker cache" (two-phase `--no-root` install):
      https://python-poetry.org/docs/faq/
    - uv, Docker guide, intermediate layers (`uv sync --no-install-project`):
      https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers
    - pip, `--no-deps`: https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-no-deps
    """

    code = "DLM004"
    name = "dependencies-installed-after-code"
    severity = Severity.WARNING
    keywords = frozenset({"COPY", "ADD", "RUN"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._ctx: Context | None = None
        self._file = _FileState()

    def _stage_state(self, ctx: Context, stage_index: int) -> _StageState:
        if self._ctx is not ctx:
            self._ctx = ctx
            self._file = _FileState()
        return self._file.stages.setdefault(stage_index, _StageState())

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        state = self._stage_state(ctx, stage.index)
        if instruction.keyword in ("COPY", "ADD"):
            if state.first_code_copy is None:
                info = ctx.copy(instruction)
                if info is not None and info.from_context and info.brings_code:
                    state.first_code_copy = instruction
            return
        found = ctx.installs(instruction)
        if not found:
            return
        if state.first_code_copy is not None:
            chain = [
                self._file.stages.get(s.index, _StageState())
                for s in ctx.dockerfile.stage_chain(stage)
            ]
            for inst in found:
                if inst.installs_dependencies and not self._second_phase(inst, chain):
                    yield self._report(instruction, inst, state.first_code_copy)
                    break
        for inst in found:
            if not inst.installs_dependencies:
                continue
            if inst.tool in ("uv", "poetry") and not inst.project_only:
                state.synced.add(inst.tool)
            if not inst.local_project and not inst.project_only:
                state.installed_dependencies = True

    @staticmethod
    def _second_phase(inst: Install, chain: list[_StageState]) -> bool:
        if inst.project_only:
            return True
        if inst.tool in ("uv", "poetry") and not inst.dependencies_only:
            return any(inst.tool in s.synced for s in chain)
        if inst.tool in ("pip", "uv-pip") and inst.local_project:
            return any(s.installed_dependencies for s in chain)
        return False

    def _report(self, run: Instruction, inst: Install, copy: Instruction) -> Finding:
        where = f"{copy.keyword} at line {copy.span.line}"
        if inst.tool in ("pip", "uv-pip", "conda") and not (
            inst.requirement_files or inst.local_paths or inst.action.startswith("env")
        ):
            message = (
                f"`{inst.program}` of packages runs after the {where} brought in code, "
                "so every code change reinstalls them."
            )
            fix = f"Move this install above the {where}: it does not need the code."
            return self.finding(run, message, fix=fix)
        message = (
            f"`{inst.program}` installs dependencies after the {where} brought in code, "
            "so every code change reinstalls all of them."
        )
        manifests = [m for m in inst.manifests if m]
        if manifests:
            listed = ", ".join(manifests)
            fix = (
                f"Copy only the dependency files ({listed}) before this RUN and the rest "
                "of the code after it."
            )
        else:
            fix = "Copy only the dependency manifests before this RUN and the code after it."
        return self.finding(run, message, fix=fix)

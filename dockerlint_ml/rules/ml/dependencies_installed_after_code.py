"""DLM004 dependencies-installed-after-code: an install RUN placed after the code is copied."""

from __future__ import annotations

import bisect
import fnmatch
import posixpath
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from dockerlint_ml.dockerfile.model import (
    UNSAFE,
    Edit,
    Finding,
    Fix,
    Instruction,
    Severity,
    Span,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import CopyInfo, CopySource, stage_lookup
from dockerlint_ml.facts.installers import Install, classify, env_setting, truthy
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.startcmd import join_workdir

# Commands that never read files of the build context: a RUN made of installs and of these
# may move above a COPY as a whole.
_SAFE_COMMANDS = frozenset(
    {
        "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "rm", "echo", "mkdir",
        "true", ":", "export", "set", "ldconfig", "update-ca-certificates", "useradd",
        "groupadd", "adduser", "addgroup", "printf", "sleep", "[", "test", "chmod", "chown",
    }
)  # fmt: skip
# Subcommands of installers that read nothing (`pip cache purge`, `conda clean -a`).
_SAFE_SUBCOMMANDS = frozenset(
    {("pip", "cache"), ("uv", "cache"), ("conda", "clean"), ("mamba", "clean"),
     ("micromamba", "clean"), ("pip", "--version"), ("pip", "list"), ("pip", "freeze")}
)  # fmt: skip


# How many later installs a message names before it counts the rest.
_NAMED = 8


@dataclass(eq=False)
class _StageState:
    # What earlier RUNs of the stage and of the stages it is built on installed, for the
    # two-phase exemptions.
    installed_dependencies: bool = False
    # Tools ("uv", "poetry") whose sync/install already ran in the chain: a later run of
    # the same tool only adds the project on top of the dependency layer.
    synced: set[str] = field(default_factory=set)
    # The code COPYs in effect at the end of the stage (its parents' included), in order.
    code_copies: list[_CodeCopy] = field(default_factory=list)
    # The parents' code COPYs that a later RUN of the parent used: build inputs of the
    # parent, never the cause of a finding here.
    inputs: list[_CodeCopy] = field(default_factory=list)
    # The code COPYs no finding names yet (inputs excluded), and the findings that name a
    # COPY in effect: kept up to date so that an install RUN does not reread every COPY.
    unreported: list[_CodeCopy] = field(default_factory=list)
    reports: dict[int, _Report] = field(default_factory=dict)
    # The code COPYs in effect that an install could name (no `.` among their sources),
    # grouped by where they land (_CodeCopy.landing; one COPY of each group stands for it),
    # with each destination -> the groups that have it, and the groups with a glob one: an
    # install naming a local path tests those groups, not every COPY.
    landings: dict[tuple[str, ...], _CodeCopy] = field(default_factory=dict)
    by_destination: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    glob_landings: set[tuple[str, ...]] = field(default_factory=set)
    # How many of the unreported COPYs land in each group.
    unreported_landings: Counter[tuple[str, ...]] = field(default_factory=Counter)

    def add_code_copy(self, copy: _CodeCopy, *, inherited: bool = False) -> None:
        if not inherited:
            self.index_destinations(copy)
        self.code_copies.append(copy)
        if copy.report is None:
            self.unreported.append(copy)
            if copy.landing is not None:
                self.unreported_landings[copy.landing] += 1

    def drop_reported(self) -> None:
        """Forget the unreported COPYs that a finding now names."""
        self.unreported = [c for c in self.unreported if c.report is None]
        self.unreported_landings = Counter(
            c.landing for c in self.unreported if c.landing is not None
        )

    def index_destinations(self, copy: _CodeCopy) -> None:
        if any(s.is_root for s in copy.sources):
            return
        landing = copy.landing = tuple(_destinations(copy))
        if landing in self.landings:
            return
        self.landings[landing] = copy
        if any(c in d for d in landing for c in "*?["):
            self.glob_landings.add(landing)
            return
        for d in landing:
            self.by_destination.setdefault(d, set()).add(landing)

    def named_landings(self, named: set[str]) -> set[tuple[str, ...]]:
        """The groups of COPYs in effect that bring only paths the install names."""
        candidates = set(self.glob_landings)
        for path in named:
            for i, char in enumerate(path):
                if char == "/":
                    candidates |= self.by_destination.get(path[:i], set())
            candidates |= self.by_destination.get(path, set())
        return {g for g in candidates if _named_by_install(self.landings[g], named)}

    workdir: str = "/"
    # The index of the last RUN in the stage and the stages it is built on, so far.
    last_run: int = -1


@dataclass(eq=False)
class _CodeCopy:
    instruction: Instruction
    info: CopyInfo
    sources: tuple[CopySource, ...]  # the code sources
    workdir: str  # the WORKDIR the COPY's relative destination is taken from
    report: _Report | None = None
    landing: tuple[str, ...] | None = None  # its destinations, once indexed (not for `.`)


@dataclass(eq=False)
class _Report:
    run: Instruction
    install: Install
    copies: list[_CodeCopy]
    workdir: str = "/"
    later: list[Instruction] = field(default_factory=list)  # the later install RUNs


class _LaterRuns:
    """What the RUNs of one stage run and name, each with the last position (in the
    stage's instructions) it occurs at: a COPY asks whether a RUN after it calls a script
    without rereading every later RUN (which made long files quadratic)."""

    def __init__(self, ctx: Context, stage: Stage) -> None:
        self.words: dict[str, int] = {}  # base name of an argument word (unquoted)
        self.programs: dict[str, int] = {}  # command name
        self.run_files: dict[str, int] = {}  # base name of the file a runner runs
        self.scripts: list[tuple[int, str]] = []  # words naming a .sh/.bash/.py file
        self.install_runs: list[int] = []  # RUNs with a dependency install
        self.last_tree_copy = -1  # the last COPY/ADD of the whole context (`COPY . .`)
        self._globs: dict[str, int] = {}
        self._script_dirs: dict[tuple[str, str], int] = {}
        for position, ins in enumerate(stage.instructions):
            if ins.keyword == "RUN":
                self._add_run(ctx, position, ins)
            elif ins.keyword in ("COPY", "ADD"):
                info = ctx.copy(ins)
                if info is not None and info.from_context and any(s.is_root for s in info.sources):
                    self.last_tree_copy = position

    def _add_run(self, ctx: Context, position: int, run: Instruction) -> None:
        for cmd in ctx.commands(run):
            self.programs[cmd.name] = position
            runner = cmd.name in _RUNNERS or cmd.name.startswith("python")
            if runner and cmd.args:
                self.run_files[posixpath.basename(cmd.args[0])] = position
            for raw in cmd.argv:
                word = raw.strip("'\"")
                if not word:
                    continue
                self.words[posixpath.basename(word)] = position
                if word.endswith((".sh", ".bash", ".py")):
                    self.scripts.append((position, word))
        if any(f.installs_dependencies for f in ctx.installs(run)):
            self.install_runs.append(position)

    def names(self, pattern: str, after: int) -> bool:
        """Whether a RUN after `after` has a word whose base name matches `pattern`."""
        if not any(c in pattern for c in "*?["):
            return self.words.get(pattern, -1) > after
        last = self._globs.get(pattern)
        if last is None:
            matching = (p for name, p in self.words.items() if fnmatch.fnmatchcase(name, pattern))
            last = self._globs[pattern] = max(matching, default=-1)
        return last > after

    def runs_script_under(self, workdir: str, prefix: str, after: int) -> bool:
        """Whether a RUN after `after` names a script below `prefix` (seen from `workdir`)."""
        key = (workdir, prefix)
        last = self._script_dirs.get(key)
        if last is None:
            under = (p for p, w in self.scripts if _join(workdir, w).startswith(prefix))
            last = self._script_dirs[key] = max(under, default=-1)
        return last > after

    def calls(self, name: str, after: int) -> bool:
        """Whether a RUN after `after` runs a program called `name`."""
        return self.programs.get(name, -1) > after

    def runs_file(self, name: str, after: int) -> bool:
        """Whether a RUN after `after` runs the file `name` (`./x.sh`, `bash /tmp/x.sh`)."""
        return self.calls(name, after) or self.run_files.get(name, -1) > after

    def next_install(self, after: int) -> int | None:
        """The position of the first RUN after `after` that installs dependencies."""
        i = bisect.bisect_right(self.install_runs, after)
        return self.install_runs[i] if i < len(self.install_runs) else None


class DependenciesInstalledAfterCode(Rule):
    """Dependencies are installed after the application code was copied in.

    Docker reuses a layer only while everything before it is unchanged. A RUN that installs
    dependencies after a COPY of the code runs again on every code change, downloading and
    building every package each time, although the dependencies did not change.

    The rule looks at each RUN that installs dependencies: `pip install` of packages,
    `-r file` or a local project, `pipenv install`/`sync`, `poetry install`, `uv sync`,
    `uv pip install`/`sync`, `conda`/`mamba`/`micromamba` `env create`/`update -f` and
    `install`, also behind `python3.11 -m pip`, `python$PY -m pip` and
    `conda run -n env pip`. It fires when an earlier COPY or ADD of the stage brought in
    code: the files the application runs (sources, packages,
    models, directories, `.`). These are not code: dependency manifests and their metadata
    (`requirements*.txt`, `constraints*.txt`, `Pipfile`, `Pipfile.lock`, `pyproject.toml`,
    `poetry.lock`, `uv.lock`, `setup.py`, `setup.cfg`, `environment.yml`, `README*`,
    `LICENSE*`, with variants such as `dev-requirements.txt`, files under `requirements/`,
    and built wheels); configuration files, certificates, jars and Makefiles; helper or
    install scripts a later RUN calls (`COPY install.sh .` + `RUN bash install.sh`); a local
    path the install names on its command line (`pip install -e ./sdk`). `COPY --from` does
    not count, and neither does a source whose variables cannot be resolved. Directories
    copied to their own repository path just before an install from a requirements file,
    with the rest of the code copied after it (`COPY sdk/python sdk/python`), are left
    alone: the requirements file may install them with `-e`, which cannot be checked
    without the build context.

    A code COPY in a stage this stage is built on counts only when no RUN follows it there
    (`FROM python AS base` / `COPY . .` / `FROM base` / `RUN pip install -r ...`: the
    parent is code on a base, and the hint names that stage). When the parent runs steps
    after the COPY, the files are inputs of the parent's own build (a wheel, a `.deb`), and
    whether the child's install could come first is undecidable: no finding.

    There is one finding per cause: it is reported on the first install after the code
    COPY and names the later installs the same COPY makes rerun. In a RUN that mixes
    installs, the message follows the install that reads files (`-r requirements.txt`,
    `-e .`); when another step of the RUN uses the copied files (it names them, or runs
    inside the copied tree), the hint is to split the RUN, never to move it above the
    COPY. A hint to move the code COPY down puts it below the last later install it would
    make rerun. An install of packages moved above the COPY would be undone by an exact
    sync in between (`uv sync`, `uv pip sync`, `poetry sync`) of the same environment: the
    hint then says to keep the packages through it. A sync known to manage another
    environment (a `pip` beside a `uv venv`, which seeds no pip) does not count.

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

    ## Fix

    Unsafe, and only where the hint is a move: the code COPYs move, whole lines, below the
    install (or below the last install they make rerun) when no install reads them, or an
    install of named packages moves above the first code COPY when it needs none of the
    code. Caching is then what the rule asks; but a step this rule cannot see may have
    relied on the order (a package's build script reading a copied file, a `setup.py` found
    through the working directory), and comments about a moved line stay where they were.
    The hints that ask for a new COPY of the manifests, a split RUN or another command are
    not applied mechanically.

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
    fixable = "unsafe"
    name = "dependencies-installed-after-code"
    severity = Severity.WARNING

    def finish(self, ctx: Context) -> Iterator[Finding]:
        reports: list[_Report] = []
        states: dict[int, _StageState] = {}
        for stage in ctx.dockerfile.stages:
            parent = states.get(stage.base_stage) if stage.base_stage is not None else None
            state = _StageState() if parent is None else _inherit(parent)
            states[stage.index] = state
            runs = _LaterRuns(ctx, stage)
            for position, ins in enumerate(stage.instructions):
                if ins.keyword == "WORKDIR":
                    # Variables resolved as Docker does; the text as written when they cannot be.
                    state.workdir = join_workdir(
                        ctx.dockerfile, stage, ins, state.workdir
                    ) or _join(state.workdir, ins.value.strip().strip("'\""))
                elif ins.keyword in ("COPY", "ADD"):
                    code = self._code_copy(ctx, stage, position, ins, state.workdir, runs)
                    if code is not None:
                        state.add_code_copy(code)
                elif ins.keyword == "RUN":
                    state.last_run = ins.index
                    report = self._run(ctx, ins, state)
                    if report is not None:
                        reports.append(report)
        for report in reports:
            yield self._finding(ctx, report)

    # -- what a COPY brings ------------------------------------------------------------------

    def _code_copy(
        self,
        ctx: Context,
        stage: Stage,
        position: int,
        ins: Instruction,
        workdir: str,
        runs: _LaterRuns,
    ) -> _CodeCopy | None:
        info = ctx.copy(ins)
        if info is None or not info.from_context:
            return None
        sources = info.code_sources
        if sources:
            base = _join(workdir, info.destination)
            renamed = None
            if len(info.sources) == 1 and not info.destination.endswith("/"):
                # `COPY ./install_redhat_gpu_drivers.sh ./install_gpu_drivers.sh`: the
                # later RUN calls the script by its new name.
                renamed = posixpath.basename(info.destination)
            sources = tuple(
                s
                for s in sources
                if not _helper_script(s, base, workdir, runs, position)
                and not _called(s, runs, position)
                and not (
                    renamed is not None
                    and (s.is_script or s.basename.endswith(".py"))
                    and runs.runs_file(renamed, position)
                )
            )
        if not sources:
            return None
        code = _CodeCopy(ins, info, sources, workdir)
        if _install_inputs(ctx, stage, position, code, runs):
            return None
        return code

    # -- an install RUN ----------------------------------------------------------------------

    def _run(self, ctx: Context, run: Instruction, state: _StageState) -> _Report | None:
        found = ctx.installs(run)
        if not found:
            return None
        offending = [
            i for i in found if i.installs_dependencies and not self._second_phase(i, state)
        ]
        report: _Report | None = None
        if offending:
            pending, earlier = _in_effect(state, _named_paths(ctx, run, found, state.workdir))
            if pending and earlier:
                # An earlier finding already names this install: the COPYs since then are the
                # same root cause (installs placed after the code), not a new one.
                pending = []
            if pending:
                chosen = next((i for i in offending if _reads_copy(i, pending)), offending[0])
                report = _Report(run, chosen, pending, state.workdir)
                for c in pending:
                    c.report = report
                state.drop_reported()
                state.reports[id(report)] = report
            for other in earlier:
                other.later.append(run)
        for inst in found:
            if not inst.installs_dependencies:
                continue
            if inst.tool in ("uv", "poetry") and not inst.project_only:
                state.synced.add(inst.tool)
            if not inst.local_project and not inst.project_only:
                state.installed_dependencies = True
        return report

    @staticmethod
    def _second_phase(inst: Install, state: _StageState) -> bool:
        if inst.project_only:
            return True
        if inst.tool in ("uv", "poetry") and not inst.dependencies_only:
            return inst.tool in state.synced
        if inst.tool in ("pip", "uv-pip") and inst.local_project:
            return state.installed_dependencies
        return False

    # -- the finding -------------------------------------------------------------------------

    def _finding(self, ctx: Context, report: _Report) -> Finding:
        run, inst = report.run, report.install
        first = report.copies[0]
        where = f"{first.instruction.keyword} at line {first.instruction.span.line}"
        home = ctx.stage(first.instruction)
        inherited = home is not None and home is not ctx.stage(run)
        if inherited and home is not None:
            where += f" in stage `{home.name}`"
        later = ""
        if report.later:
            lines = sorted({r.span.line for r in report.later})
            listed = ", ".join(str(n) for n in lines[:_NAMED])
            if len(lines) > _NAMED:
                listed += f" and {len(lines) - _NAMED} more"
            noun = "RUN" if len(lines) == 1 else "RUNs"
            plural = "s" if len(lines) > 1 else ""
            later = f"; it also reruns the install {noun} at line{plural} {listed}"
        if not _reads_copy(inst, report.copies):
            message = (
                f"`{inst.program}` of packages runs after the {where} brought in code, "
                f"so every code change reinstalls them{later}."
            )
            fix = _parent_fix(ctx, report, False) if inherited else None
            autofix = None
            if fix is None:
                fix = _packages_fix(ctx, report, where)
                if fix.startswith("Move this install above"):
                    autofix = _move(ctx, [run], above=first.instruction)
            at = ctx.command_span(run, inst.command)
            return self.finding(run, message, fix=fix, at=at, autofix=autofix)
        message = (
            f"`{inst.program}` installs dependencies after the {where} brought in code, "
            f"so every code change reinstalls all of them{later}."
        )
        fix = _parent_fix(ctx, report, True) if inherited else None
        autofix = None
        if fix is None:
            fix = self._files_fix(ctx, report, where)
            if fix.startswith("Move the "):
                target = _below_target(ctx, report, True) or run
                autofix = _move(ctx, [c.instruction for c in report.copies], below=target)
        at = ctx.command_span(run, inst.command)
        return self.finding(run, message, fix=fix, at=at, autofix=autofix)

    @staticmethod
    def _files_fix(ctx: Context, report: _Report, where: str) -> str:
        run, inst = report.run, report.install
        named = _named_paths(ctx, run, ctx.installs(run), report.workdir)
        copies = report.copies
        if not any(_may_read(ctx, run, c, named) for c in copies) and all(
            _copy_movable(ctx, c, run) for c in copies
        ):
            return (
                f"Move the {_phrase(copies)} {_below(ctx, report, True)}: "
                f"{_none_reads(ctx, report, 'read')} that code."
            )
        if inst.tool in ("pip", "uv-pip") and inst.local_paths:
            path = inst.local_paths[0]
            editable = "-e " if inst.editable else ""
            files = ", ".join(m for m in inst.manifests if m) or "pyproject.toml"
            return (
                f"Install the dependencies first: copy only the dependency files ({files}) "
                f"before the {where} and install from them, then copy the code and add the "
                f"project with `{inst.program} --no-deps {editable}{path}`."
            )
        others = _other_steps_use(ctx, run, copies, report.workdir)
        if others or not all(_copy_movable(ctx, c, run) for c in copies):
            # The code cannot simply move below this RUN: the install moves up instead.
            how = {
                "uv": "run `uv sync --no-install-project` on them",
                "poetry": "run `poetry install --no-root` on them",
            }.get(inst.tool, "install from them")
            rest = (
                "; keep the steps of this RUN that use the rest of the code after it"
                if others
                else ""
            )
            if inst.tool in ("uv", "poetry") and not inst.dependencies_only:
                rest += f"; this `{inst.program}` then only adds the project"
            return (
                f"Copy only the dependency files ({_listed(inst)}) and {how} in a RUN before "
                f"the {where}{rest}."
            )
        manifests = _manifest_names(inst)
        if inst.tool == "uv":
            listed = ", ".join(manifests)
            return (
                f"Copy only the dependency files ({listed}) before the {where} and run "
                "`uv sync --no-install-project` there, then copy the code and run `uv sync`."
            )
        if inst.tool == "poetry":
            listed = ", ".join(manifests)
            return (
                f"Copy only the dependency files ({listed}) before the {where} and run "
                "`poetry install --no-root` there, then copy the code and run `poetry install`."
            )
        if manifests:
            listed = ", ".join(manifests)
            return (
                f"Copy only the dependency files ({listed}) before this RUN and the rest "
                "of the code after it."
            )
        return "Copy only the dependency manifests before this RUN and the code after it."


# -- helpers ---------------------------------------------------------------------------------


def _move(
    ctx: Context,
    moved: list[Instruction],
    *,
    below: Instruction | None = None,
    above: Instruction | None = None,
) -> Fix | None:
    """Move whole instructions (their lines, indentation and heredoc bodies with them) below
    `below` or above `above`, as the hint says; the lines in between stay as they are."""
    lines = ctx.dockerfile.lines
    stage = ctx.stage(moved[0])
    anchor = below if below is not None else above
    if anchor is None or stage is None or any(ctx.stage(i) is not stage for i in moved):
        return None
    if ctx.stage(anchor) is not stage or any(i.inner is not None for i in moved):
        return None
    edits: list[Edit] = []
    texts: list[str] = []
    for ins in sorted(moved, key=lambda i: i.index):
        first, last = ins.span.line, ins.span.end_line
        texts.append("\n".join(lines[first - 1 : last]))
        if last < len(lines):
            edits.append(Edit(Span(first, 1, last + 1, 1), ""))
        elif first > 1:  # the file's last lines: the line ending before them goes instead
            before = len(lines[first - 2]) + 1
            edits.append(Edit(Span(first - 1, before, last, len(lines[last - 1]) + 1), ""))
        else:
            return None
    block = "\n".join(texts)
    if below is not None:
        end = below.span
        if any(i.span.line > end.line for i in moved):
            return None
        edits.append(
            Edit(Span(end.end_line, end.end_column, end.end_line, end.end_column), "\n" + block)
        )
    else:
        assert above is not None
        start = above.span.line
        if any(i.span.line < start for i in moved):
            return None
        edits.append(Edit(Span(start, 1, start, 1), block + "\n"))
    where = "below" if below is not None else "above"
    return Fix(f"Move {where} line {anchor.span.line}", UNSAFE, tuple(edits))


def _inherit(parent: _StageState) -> _StageState:
    """The state a stage built on `parent` starts from (the parent's, at its end)."""
    state = _StageState(
        installed_dependencies=parent.installed_dependencies,
        synced=set(parent.synced),
        inputs=list(parent.inputs),
        reports=dict(parent.reports),
        landings=dict(parent.landings),
        by_destination={d: set(groups) for d, groups in parent.by_destination.items()},
        glob_landings=set(parent.glob_landings),
        workdir=parent.workdir,
        last_run=parent.last_run,
    )
    # A parent's code COPY counts only while nothing ran after it in the chain (the parent
    # is "code on a base"): otherwise the files were inputs of the parent's own build, and
    # whether this install could precede them is undecidable.
    for c in parent.code_copies:
        if parent.last_run > c.instruction.index:
            # Still named among the installs an earlier finding makes rerun.
            state.inputs.append(c)
        else:
            state.add_code_copy(c, inherited=True)
    return state


def _in_effect(state: _StageState, named: set[str]) -> tuple[list[_CodeCopy], list[_Report]]:
    """(the code COPYs in effect that no finding names yet, the findings that name a COPY
    in effect), leaving out the COPYs of only paths the install names (`named`)."""
    if not named:
        return state.unreported, list(state.reports.values())
    left_out = state.named_landings(named)

    def kept(c: _CodeCopy) -> bool:
        return c.landing is None or c.landing not in left_out

    # All the COPYs of a finding in effect are in effect too (inherited with it).
    earlier = [r for r in state.reports.values() if any(kept(c) for c in r.copies)]
    if earlier:
        return [], earlier  # the pending COPYs would not be reported: no need to find them
    if sum(state.unreported_landings[g] for g in left_out) == len(state.unreported):
        return [], earlier  # the install names all of them
    return [c for c in state.unreported if kept(c)], earlier


# `${PKG/-nightly/}`, `${PKG#prefix/}`: a parameter expansion whose slashes belong to the
# expansion, not to a path. The installer parser reads the word as a local path.
def _join(base: str, path: str) -> str:
    if not path:
        return base
    return posixpath.normpath(posixpath.join(base or "/", path))


def _helper_script(
    source: CopySource, dest: str, workdir: str, runs: _LaterRuns, position: int
) -> bool:
    """A script a RUN of the stage after `position` calls (`bash /tmp/scripts/setup.sh`,
    `python3 pip-licenses.py`), or a directory of such scripts (`COPY scripts/installers
    /tmp/installers/` + `bash /tmp/installers/install_k2.sh`)."""
    if source.may_be_directory and not source.is_glob:
        if source.is_root or not _SCRIPT_DIR_RE.search(source.basename.lower()):
            return False
        return runs.runs_script_under(workdir, dest.rstrip("/") + "/", position)
    if not source.is_script and not source.basename.endswith(".py"):
        return False
    return runs.names(source.basename, position)


# Programs that run the file named by their first argument (`bash /tmp/setup.sh`); any
# `python*` too.
_RUNNERS = frozenset({"bash", "sh", "dash", "zsh", "source", ".", "python", "python3"})


def _called(source: CopySource, runs: _LaterRuns, position: int) -> bool:
    """A file a RUN of the stage after `position` runs as a program (`COPY fix-permissions
    /usr/local/bin/` + `RUN fix-permissions /opt/conda`): a build helper."""
    if source.is_glob or source.is_root or source.text.endswith("/"):
        return False
    return bool(source.basename) and runs.calls(source.basename, position)


def _reads_copy(inst: Install, copies: list[_CodeCopy]) -> bool:
    """Whether the install may read files the COPYs brought (requirement files, a local
    project, a manifest), as opposed to packages named on its command line or a local path
    outside the copied trees (`pip install /opt/rocm/share/amd_smi`)."""
    if inst.tool in ("pip", "uv-pip"):
        if inst.requirement_files:
            return True
        for raw in inst.local_paths:
            path = _clean_path(raw)
            if not path.startswith("/"):
                return True
            dests = [d for c in copies for d in _destinations(c)]
            if any(_overlaps(path, d) for d in dests):
                return True
        return False
    if inst.tool == "conda":
        return bool(inst.requirement_files) or inst.action.startswith("env")
    return True


def _clean_path(raw: str) -> str:
    path = raw.split("[", 1)[0].strip("'\"")
    return path[5:] if path.startswith("file:") else path


def _overlaps(a: str, b: str) -> bool:
    a, b = a.rstrip("/") or "/", b.rstrip("/") or "/"
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


def _between(ctx: Context, copy: _CodeCopy, run: Instruction) -> list[Instruction]:
    """The instructions of the RUN's stage chain between the COPY and the RUN."""
    stage = ctx.stage(run)
    if stage is None:
        return []
    lo, hi = copy.instruction.index, run.index
    chain = sorted(ctx.dockerfile.stage_chain(stage), key=lambda s: s.index)
    return [i for s in chain for i in _slice(s.instructions, lo, hi)]


def _slice(instructions: Sequence[Instruction], lo: int, hi: int) -> Sequence[Instruction]:
    """The instructions (in file order) whose index lies strictly between `lo` and `hi`."""
    start = bisect.bisect_right(instructions, lo, key=lambda i: i.index)
    end = bisect.bisect_left(instructions, hi, key=lambda i: i.index)
    return instructions[start:end]


# Directory names of build helpers (`scripts`, `installers`, `hack`, `ci`).
_SCRIPT_DIR_RE = re.compile(r"script|install|hack|^ci$|^docker$|^tools?$|^bin$")

# Instructions an install of named packages does not depend on: it may move above them.
_INERT = frozenset(
    {"COPY", "ADD", "LABEL", "EXPOSE", "VOLUME", "WORKDIR", "CMD", "ENTRYPOINT",
     "HEALTHCHECK", "STOPSIGNAL", "MAINTAINER", "ONBUILD"}
)  # fmt: skip

# Commands that prepare nothing an install may need.
_INERT_COMMANDS = frozenset({"mkdir", "echo", "printf", "true", ":", "sleep", "rm", "chmod"})


def _install_movable(
    ctx: Context, copy: _CodeCopy, run: Instruction, target: str | None = None
) -> bool:
    """Whether the RUN can move above the COPY: nothing between them prepares the install.
    A RUN that only installs into another environment than `target` prepares nothing."""
    for i in _between(ctx, copy, run):
        if i.keyword in _INERT:
            continue
        if i.keyword == "RUN" and all(
            c.name in _INERT_COMMANDS or _elsewhere(ctx, i, c, target) for c in ctx.commands(i)
        ):
            continue
        return False
    return True


def _elsewhere(ctx: Context, run: Instruction, cmd: SimpleCommand, target: str | None) -> bool:
    """A `cd` or an install known to work on another environment than `target`."""
    if target is None:
        return False
    if cmd.name == "cd":
        return True
    inst = classify(cmd)
    if inst is None:
        return False
    env = _sync_env(ctx, run, inst) if inst.action == "sync" else _install_env(ctx, run, inst)
    return _other_env(target, env)


def _copy_movable(ctx: Context, copy: _CodeCopy, run: Instruction) -> bool:
    """Whether the COPY can move below the RUN: nothing between them uses what it brought."""
    dests = _destinations(copy)
    for i in _between(ctx, copy, run):
        if i.keyword == "RUN" and _run_uses(ctx, i, copy):
            return False
        if i.keyword == "WORKDIR":
            return False
    return bool(dests)


def _manifest_names(inst: Install) -> list[str]:
    """The install's manifests as the hint names them: `${ROOT}/requirements.txt` by its
    file name, a name that is only a variable (`-r $f`) left out."""
    names: list[str] = []
    for m in inst.manifests:
        if m and "$" in m:
            m = posixpath.basename(m)
        if m and "$" not in m and m not in names:
            names.append(m)
    return names


def _listed(inst: Install) -> str:
    names = _manifest_names(inst)
    return ", ".join(names) if names else "the requirement files"


def _phrase(copies: list[_CodeCopy]) -> str:
    """`COPY at line 8`, `COPYs at lines 8, 9` (`ADD`/`COPY and ADD` alike)."""
    if len(copies) == 1:
        ins = copies[0].instruction
        return f"{ins.keyword} at line {ins.span.line}"
    keywords = sorted({c.instruction.keyword for c in copies}, reverse=True)
    noun = " and ".join(keywords) + ("s" if len(keywords) == 1 else "")
    return f"{noun} at lines {', '.join(str(c.instruction.span.line) for c in copies)}"


def _below(ctx: Context, report: _Report, files: bool) -> str:
    """Where the code COPYs may move, as the hint says it (see `_below_target`)."""
    best = _below_target(ctx, report, files)
    if best is None:
        return "below this RUN"
    return f"below the install RUN at line {best.span.line}"


def _below_target(ctx: Context, report: _Report, files: bool) -> Instruction | None:
    """Where the code COPYs may move: below the last of the later installs they make rerun
    (`COPY app.py` + `RUN pip install -r req.txt` + `RUN pip install tflite`), as long as no
    step up to there uses the code; else (None) below this RUN."""
    run, copies = report.run, report.copies
    stage = ctx.stage(run)
    later = sorted({r.index: r for r in report.later}.values(), key=lambda r: r.index)
    later_ids = {id(r) for r in later}
    best: Instruction | None = None
    checked = run.index  # the steps up to here use none of the copies
    for target in later:
        if stage is None or ctx.stage(target) is not stage:
            break
        named = _named_paths(ctx, target, ctx.installs(target), report.workdir)
        if files and any(_may_read(ctx, target, c, named) for c in copies):
            break
        if not files and any(_reads_copy(i, copies) for i in ctx.installs(target)):
            break
        if _other_steps_use(ctx, target, copies, report.workdir):
            break
        between = _slice(stage.instructions, checked, target.index)
        checked = target.index
        if any(
            i.keyword == "WORKDIR"
            or (
                i.keyword == "RUN"
                and id(i) not in later_ids
                and any(_run_uses(ctx, i, c) for c in copies)
            )
            for i in between
        ):
            break
        best = target
    return best


def _none_reads(ctx: Context, report: _Report, verb: str) -> str:
    if _below(ctx, report, verb == "read") != "below this RUN":
        return f"none of these installs {'reads' if verb == 'read' else 'needs'}"
    return f"the install does not {verb}"


def _parent_fix(ctx: Context, report: _Report, reads: bool) -> str | None:
    """The hint when the code comes from a parent stage that runs nothing after copying it
    (`FROM python AS base` / `COPY . .` / `FROM base` / `RUN pip install -r ...`): the code
    COPY moves into this stage below the install. None when that move is not safe."""
    run, inst = report.run, report.install
    copies = report.copies
    home = ctx.stage(copies[0].instruction)
    stage = ctx.stage(run)
    if home is None or stage is None or any(ctx.stage(c.instruction) is not home for c in copies):
        return None
    if not all(_copy_movable(ctx, c, run) for c in copies):
        return None
    if reads and (inst.tool in ("uv", "poetry") or inst.local_paths):
        return None  # the install builds the project: the generic two-phase hint applies
    others = [
        s.name
        for s in ctx.dockerfile.stages
        if s is not stage
        and s is not home
        and home in ctx.dockerfile.stage_chain(s)
        and s not in ctx.dockerfile.stage_chain(stage)
    ]
    also = ""
    if others:
        names = ", ".join(f"`{n}`" for n in others)
        also = f" (and into the other stages built on `{home.name}` that need it: {names})"
    what = _phrase(copies)
    if not reads:
        return (
            f"Move the {what} of stage `{home.name}` into this stage below this RUN{also}: "
            "the install does not need the code."
        )
    manifests = _manifest_names(inst)
    files = (
        f"the dependency files ({', '.join(manifests)})"
        if manifests
        else ("the dependency manifests")
    )
    return (
        f"In stage `{home.name}`, copy only {files} instead of the {what}, and copy the "
        f"code in this stage below this RUN{also}."
    )


def _packages_fix(ctx: Context, report: _Report, where: str) -> str:
    """The hint for an install of named packages, which does not need the code."""
    run, inst = report.run, report.install
    copies = report.copies
    target = _install_env(ctx, run, inst)
    syncs = _exact_syncs(ctx, copies[0], run, target)
    if syncs:
        # Installed earlier, the packages would be removed again by the exact syncs between.
        split = "In a RUN of their own, install" if len(ctx.installs(run)) > 1 else "Install"
        lines = ", ".join(str(n) for n, _ in syncs)
        noun = "sync at line" if len(syncs) == 1 else "syncs at lines"
        inexact = "`--inexact` there, or " if all(uv for _, uv in syncs) else ""
        return (
            f"{split} these packages before the {where} and keep them through the exact "
            f"{noun} {lines} ({inexact}list them in the project's dependencies): an exact "
            "sync removes packages its lock does not list."
        )
    if any(_steps_use(ctx, run, c, report.workdir) for c in copies):
        if all(_install_movable(ctx, c, run) for c in copies):
            return (
                f"Split this RUN: run the `{inst.program}` of packages in its own RUN "
                f"above the {where}, and keep the steps that use the copied files after it."
            )
        return (
            f"Split this RUN: run the `{inst.program}` of packages in its own RUN before the "
            f"{where} (after the steps it needs), and keep the steps that use the copied "
            "files after it."
        )
    if all(_install_movable(ctx, c, run, target) for c in copies):
        return f"Move this install above the {where}: it does not need the code."
    if all(_copy_movable(ctx, c, run) for c in copies):
        return (
            f"Move the {_phrase(copies)} {_below(ctx, report, False)}: "
            f"{_none_reads(ctx, report, 'need')} the code."
        )
    them = "it" if len(copies) == 1 else "them"
    return (
        f"Move the {_phrase(copies)} and the steps that use {them} below this RUN: "
        "the install does not need the code."
    )


def _exact_syncs(
    ctx: Context, copy: _CodeCopy, run: Instruction, target: str | None = None
) -> list[tuple[int, bool]]:
    """The RUNs between the COPY and this RUN that sync the environment exactly (`uv sync`,
    `uv pip sync`, `pip-sync`, `poetry sync`), removing packages they do not manage: an
    install moved above them would be undone. A sync known to manage another environment
    than `target` (the install's) is left out. (line, whether it is a `uv sync`)"""
    found: list[tuple[int, bool]] = []
    for ins in _between(ctx, copy, run):
        if ins.keyword != "RUN":
            continue
        for inst in ctx.installs(ins):
            uv = inst.tool == "uv" and not inst.has("--inexact")
            exact = (
                uv
                or (inst.tool in ("pip", "uv-pip") and inst.action == "sync")
                or (inst.tool == "poetry" and (inst.action == "sync" or inst.has("--sync")))
            )
            if exact and _other_env(target, _sync_env(ctx, ins, inst)):
                continue
            if exact:
                found.append((ins.span.line, uv))
                break
    return found


# -- which Python environment an install or a sync works on --------------------------------
# An environment is named by its path; "<system>" is the image's own Python, and
# "<not /venv>" a pip that is known not to be the one of the venv `/venv` (a `uv venv`
# seeds no pip, so `pip` on the PATH is the system's). None: unknown.


def _other_env(a: str | None, b: str | None) -> bool:
    """Whether two environments are known to differ."""
    return a is not None and b is not None and a != b


def _env_value(ctx: Context, ins: Instruction, cmd: SimpleCommand, name: str) -> str | None:
    stage = ctx.stage(ins)
    if stage is None:
        return None
    value = env_setting(ctx.dockerfile, stage, ins, cmd, name)
    if value is None:
        return None
    text, ok = ctx.dockerfile.expand(value, stage_lookup(ctx.dockerfile, stage, ins.index))
    if not ok and name != "PATH":
        return None
    return text


def _abs_env(ctx: Context, ins: Instruction, path: str) -> str | None:
    """An environment path as an absolute path (a relative one from the WORKDIR)."""
    stage = ctx.stage(ins)
    if stage is None or not path or "$" in path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    workdir = "/"
    for st in reversed(ctx.dockerfile.stage_chain(stage)):
        for i in st.instructions:
            if i.index >= ins.index:
                break
            if i.keyword == "WORKDIR":
                value, ok = ctx.dockerfile.expand(
                    i.value.strip().strip("'\""), stage_lookup(ctx.dockerfile, st, i.index)
                )
                if not ok:
                    return None
                workdir = _join(workdir, value)
    return _join(workdir, path)


def _sync_env(ctx: Context, ins: Instruction, inst: Install) -> str | None:
    """The environment an exact sync manages, when the Dockerfile tells."""
    cmd = inst.command
    if cmd.wrappers:
        return None
    if inst.tool == "uv":
        if inst.has("--active"):
            venv = _env_value(ctx, ins, cmd, "VIRTUAL_ENV")
            if venv:
                return _abs_env(ctx, ins, venv)
        project = _env_value(ctx, ins, cmd, "UV_PROJECT_ENVIRONMENT")
        if project and project.startswith("/"):
            return posixpath.normpath(project)
        return None
    if inst.tool == "uv-pip":
        if inst.has("--system"):
            return "<system>"
        if inst.has("--python", "-p", "--target", "--prefix"):
            return None
        venv = _env_value(ctx, ins, cmd, "VIRTUAL_ENV")
        return _abs_env(ctx, ins, venv) if venv else None
    return None


def _install_env(ctx: Context, run: Instruction, inst: Install) -> str | None:
    """The environment a `pip install` / `uv pip install` installs into, when the
    Dockerfile tells: `uv pip` installs into the active venv, `pip` is the venv's only
    when the venv's bin directory is on the PATH and the venv was created with pip."""
    cmd = inst.command
    if inst.action != "install" or any(w != "python -m" for w in cmd.wrappers):
        return None
    if any(c.name in ("source", ".", "conda", "mamba", "micromamba") for c in ctx.commands(run)):
        return None  # the RUN activates an environment of its own
    if inst.tool == "uv-pip":
        return _sync_env(ctx, run, replace(inst, action="sync"))
    if inst.tool != "pip" or inst.has("--target", "-t", "--prefix", "--root", "--user"):
        return None
    raw = _env_value(ctx, run, cmd, "VIRTUAL_ENV")
    venv = _abs_env(ctx, run, raw) if raw else None
    if venv is None:
        return None
    program = cmd.argv[0] if cmd.argv else ""
    if "/" in program and "python -m" not in cmd.wrappers:
        return venv if program.startswith(venv.rstrip("/") + "/bin/") else None
    path = _env_value(ctx, run, cmd, "PATH") or ""
    bins = {f"{venv}/bin", f"{raw}/bin", "$VIRTUAL_ENV/bin", "${VIRTUAL_ENV}/bin"}
    if not any(part.strip("'\"") in bins for part in path.split(":")):
        return None
    if "python -m" in cmd.wrappers:
        return venv
    seeded = _venv_seeded(ctx, run, venv)
    if seeded is None:
        return None
    return venv if seeded else f"<not {venv}>"


def _venv_seeded(ctx: Context, run: Instruction, venv: str) -> bool | None:
    """Whether the venv at `venv`, created by an earlier RUN of the chain, has pip:
    `python -m venv` and `virtualenv` seed it, `uv venv` only with `--seed` (or a later
    install of pip into it). None when no RUN of the chain creates it."""
    stage = ctx.stage(run)
    if stage is None:
        return None
    chain = {s.index for s in ctx.dockerfile.stage_chain(stage)}
    seeded: bool | None = None
    for st in ctx.dockerfile.stages:
        if st.index not in chain:
            continue
        for ins in st.instructions:
            if ins.keyword != "RUN" or ins.index >= run.index:
                continue
            for cmd in ctx.commands(ins):
                created = _creates_venv(ctx, ins, cmd)
                if created is not None and created[0] == venv:
                    seeded = created[1]
                elif seeded is False:
                    inst = classify(cmd)
                    if (
                        inst is not None
                        and inst.tool == "uv-pip"
                        and "pip"
                        in {re.split(r"[<>=!~\[ ]", p, maxsplit=1)[0] for p in inst.packages}
                        and _install_env(ctx, ins, inst) == venv
                    ):
                        seeded = True
    return seeded


def _creates_venv(ctx: Context, ins: Instruction, cmd: SimpleCommand) -> tuple[str, bool] | None:
    """(path, seeded with pip) for `uv venv`, `python -m venv`, `virtualenv`."""
    if cmd.matches("uv", "venv"):
        args = [a for a in cmd.args[1:] if not a.startswith("-")]
        seeded = cmd.has_flag("--seed") or truthy(_env_value(ctx, ins, cmd, "UV_VENV_SEED"))
    elif cmd.name == "venv" and "python -m" in cmd.wrappers:
        args = [a for a in cmd.args if not a.startswith("-")]
        seeded = not cmd.has_flag("--without-pip")
    elif cmd.name == "virtualenv":
        args = [a for a in cmd.args if not a.startswith("-")]
        seeded = not cmd.has_flag("--no-pip")
    else:
        return None
    raw = args[0] if args else ".venv"
    stage = ctx.stage(ins)
    if stage is None:
        return None
    text, ok = ctx.dockerfile.expand(raw, stage_lookup(ctx.dockerfile, stage, ins.index))
    path = _abs_env(ctx, ins, text) if ok else None
    return (path, seeded) if path else None


def _destinations(copy: _CodeCopy) -> list[str]:
    """Where the COPY's code sources land, as absolute paths (a directory's contents land
    in the destination itself)."""
    dest = copy.info.destination
    base = _join(copy.workdir, dest)
    into_dir = dest.endswith("/") or len(copy.info.sources) > 1
    out: list[str] = []
    for s in copy.sources:
        if s.is_root or (s.may_be_directory and not s.is_glob) or not s.basename:
            out.append(base)
        elif into_dir or s.is_glob:
            out.append(_join(base, s.basename))
        else:
            out.append(base)
    return out


def _named_paths(ctx: Context, run: Instruction, found: list[Install], workdir: str) -> set[str]:
    """Local paths the RUN's installs name on their command line (`-e ./sdk`, a wheel),
    as absolute paths: from the WORKDIR and from each directory the RUN `cd`s into."""
    bases = [workdir]
    for cmd in ctx.commands(run):
        if cmd.name == "cd" and cmd.args:
            bases.append(_join(workdir, cmd.args[0]))
    named: set[str] = set()
    for inst in found:
        for path in (*inst.local_paths, *inst.packages):
            path = path.split("[", 1)[0].strip("'\"")
            if path.startswith("file:"):
                path = path[5:]
            if not path or "://" in path or path in (".", "./"):
                continue
            if not path.startswith(("/", "./", "../")) and "/" not in path:
                continue
            for base in bases:
                named.add(_join(base, path))
    return named


def _named_by_install(copy: _CodeCopy, named: set[str]) -> bool:
    """A COPY of only local paths the install names (`COPY sdk /sdk` + `pip install /sdk`)."""
    if not named or any(s.is_root for s in copy.sources):
        return False
    dests = _destinations(copy)
    return all(
        any(d == n or n.startswith(d + "/") or fnmatch.fnmatchcase(n, d) for n in named)
        for d in dests
    )


def _install_inputs(
    ctx: Context, stage: Stage, position: int, copy: _CodeCopy, runs: _LaterRuns
) -> bool:
    """Directories copied to their own repository path (`COPY sdk/python sdk/python`) before
    an install from a requirements file, with the rest of the code copied after the install:
    the layout of local packages a requirements file installs with `-e`. Without the build
    context the requirements file cannot be read, so the COPY is undecidable."""
    for s in copy.sources:
        if s.is_root or not s.may_be_directory or s.is_url:
            return False
    dest = copy.info.destination.strip("/").removeprefix("./")
    if len(copy.sources) != 1 or copy.sources[0].text.strip("/").removeprefix("./") != dest:
        return False
    install = runs.next_install(position)
    if install is None:
        return False
    found = ctx.installs(stage.instructions[install])
    if not any(
        f.installs_dependencies and f.tool in ("pip", "uv-pip") and f.requirement_files
        for f in found
    ):
        return False
    return runs.last_tree_copy > install


def _mentions(words: list[str], copy: _CodeCopy) -> bool:
    names = {posixpath.basename(d) for d in _destinations(copy)}
    names |= {s.basename for s in copy.sources if s.basename and not s.is_glob}
    names.discard("")
    for w in words:
        parts = set(w.strip("'\"").split("/"))
        if names & parts:
            return True
    return False


def _run_uses(ctx: Context, run: Instruction, copy: _CodeCopy) -> bool:
    """Whether the RUN may use the files the COPY brought: it names them, it runs a command
    that may read the copied tree, or one of its installs reads files."""
    commands = ctx.commands(run)
    words = [w for cmd in commands for w in cmd.argv[1:]]
    if _mentions(words, copy):
        return True
    broad = any(s.is_root or s.may_be_directory for s in copy.sources)
    for cmd in commands:
        inst = classify(cmd)
        if inst is not None:
            if _reads_copy(inst, [copy]):
                return True
            continue
        if _safe(cmd):
            continue
        if broad or not copy.sources:
            return True
    return False


def _other_steps_use(ctx: Context, run: Instruction, copies: list[_CodeCopy], workdir: str) -> bool:
    """Whether commands of the RUN other than its installs use the copied code
    (`python ts_scripts/install_from_src.py`, `make gen-server` in the copied tree)."""
    return any(_steps_use(ctx, run, c, workdir, installs=False) for c in copies)


def _steps_use(
    ctx: Context, run: Instruction, copy: _CodeCopy, workdir: str, installs: bool = True
) -> bool:
    """Whether a step of the RUN really uses what the COPY brought: an install that reads
    it (with `installs`), a command that names the copied files, or a command run inside
    the copied tree (`cd /app && make`). `python -c "import tensorflow"` run elsewhere
    does not."""
    dests = _destinations(copy)
    broad = any(s.is_root or s.may_be_directory or s.is_glob for s in copy.sources)
    cwd = workdir
    for cmd in ctx.commands(run):
        if cmd.name == "cd":
            if cmd.args and "$" not in cmd.args[0]:
                cwd = _join(cwd, cmd.args[0].strip("'\""))
            elif cmd.args:
                cwd = ""  # unknown
            continue
        inst = classify(cmd)
        if inst is not None:
            if installs and _reads_copy(inst, [copy]):
                return True
            continue
        if _safe(cmd):
            continue
        if _mentions(list(cmd.argv[1:]), copy):
            return True
        if not cwd:
            return True
        for d in dests:
            if cwd == d or cwd.startswith(d.rstrip("/") + "/"):
                return True  # run inside the copied tree
            if broad and cwd != "/" and d.startswith(cwd.rstrip("/") + "/"):
                return True  # a copied tree below the working directory
    return False


def _safe(cmd: SimpleCommand) -> bool:
    if cmd.name in _SAFE_COMMANDS:
        return True
    if cmd.args and (cmd.name, cmd.args[0]) in _SAFE_SUBCOMMANDS:
        return True
    return cmd.name in (".", "source") and bool(cmd.args) and "activate" in cmd.args[0]


def _may_read(ctx: Context, run: Instruction, copy: _CodeCopy, named: set[str]) -> bool:
    """Whether the RUN's installs may read what the COPY brought. Requirement files and
    Pipfiles never read a plain file such as `app.py` that nothing names, and a local
    install reads only the paths it names."""
    if len(copy.sources) != len(copy.info.sources):
        return True  # the COPY brings dependency files too: it must be split, not moved
    if any(s.is_root for s in copy.sources):
        return True
    found = ctx.installs(run)
    for inst in found:
        if inst.tool in ("uv", "poetry"):
            return True
        if inst.local_paths and any(p.split("[", 1)[0] in (".", "./") for p in inst.local_paths):
            return True
    words = [w for cmd in ctx.commands(run) for w in cmd.argv[1:]]
    if _mentions(words, copy):
        return True
    dests = _destinations(copy)
    for d in dests:
        for n in named:
            if n == d or n.startswith(d + "/") or d.startswith(n + "/"):
                return True
    reads_lists = any(i.requirement_files for i in found if i.tool != "pipenv")
    directories = any(s.may_be_directory or s.is_glob for s in copy.sources)
    # A requirements file may install a directory with `-e ./src`: that is undecidable.
    return directories and reads_lists

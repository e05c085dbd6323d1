"""DLM004 dependencies-installed-after-code: an install RUN placed after the code is copied."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dockerlint_ml.copies import CopyInfo, CopySource
from dockerlint_ml.installers import Install, classify
from dockerlint_ml.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.rule import Context, Rule
from dockerlint_ml.shell import SimpleCommand

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


@dataclass
class _StageState:
    # What earlier RUNs of the stage installed, for the two-phase exemptions.
    installed_dependencies: bool = False
    # Tools ("uv", "poetry") whose sync/install already ran: a later run of the same tool
    # only adds the project on top of the dependency layer.
    synced: set[str] = field(default_factory=set)
    # The code COPYs in effect at the end of the stage (its parents' included), in order.
    code_copies: list[_CodeCopy] = field(default_factory=list)
    workdir: str = "/"


@dataclass
class _CodeCopy:
    instruction: Instruction
    info: CopyInfo
    sources: tuple[CopySource, ...]  # the code sources
    workdir: str  # the WORKDIR the COPY's relative destination is taken from
    report: _Report | None = None


@dataclass
class _Report:
    run: Instruction
    install: Install
    copies: list[_CodeCopy]
    workdir: str = "/"
    later: list[int] = field(default_factory=list)


class DependenciesInstalledAfterCode(Rule):
    """Dependencies are installed after the application code was copied in.

    Docker reuses a layer only while everything before it is unchanged. A RUN that installs
    dependencies after a COPY of the code runs again on every code change, downloading and
    building every package each time, although the dependencies did not change.

    The rule looks at each RUN that installs dependencies: `pip install` of packages,
    `-r file` or a local project, `pipenv install`/`sync`, `poetry install`, `uv sync`,
    `uv pip install`/`sync`, `conda`/`mamba`/`micromamba` `env create`/`update -f` and
    `install`, also behind `python3.11 -m pip`, `python$PY -m pip` and
    `conda run -n env pip`. It fires when an earlier COPY or ADD of the stage, or of a stage
    it is built on, brought in code: the files the application runs (sources, packages,
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

    There is one finding per cause: it is reported on the first install after the code
    COPY and names the later installs the same COPY makes rerun. In a RUN that mixes
    installs, the message follows the install that reads files (`-r requirements.txt`,
    `-e .`); when other steps of the RUN use the copied files, the hint is to split the RUN,
    never to move it above the COPY.

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

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)

    def finish(self, ctx: Context) -> Iterator[Finding]:
        reports: list[_Report] = []
        states: dict[int, _StageState] = {}
        for stage in ctx.dockerfile.stages:
            parent = states.get(stage.base_stage) if stage.base_stage is not None else None
            state = _StageState()
            if parent is not None:
                state.code_copies = list(parent.code_copies)
                state.workdir = parent.workdir
            states[stage.index] = state
            chain = [states[s.index] for s in ctx.dockerfile.stage_chain(stage)]
            for position, ins in enumerate(stage.instructions):
                if ins.keyword == "WORKDIR":
                    state.workdir = _join(state.workdir, ins.value.strip().strip("'\""))
                elif ins.keyword in ("COPY", "ADD"):
                    code = self._code_copy(ctx, stage, position, ins, state.workdir)
                    if code is not None:
                        state.code_copies.append(code)
                elif ins.keyword == "RUN":
                    report = self._run(ctx, ins, state, chain)
                    if report is not None:
                        reports.append(report)
        for report in reports:
            yield self._finding(ctx, report)

    # -- what a COPY brings ------------------------------------------------------------------

    def _code_copy(
        self, ctx: Context, stage: Stage, position: int, ins: Instruction, workdir: str
    ) -> _CodeCopy | None:
        info = ctx.copy(ins)
        if info is None or not info.from_context:
            return None
        sources = info.code_sources
        if sources:
            later_runs = [i for i in stage.instructions[position + 1 :] if i.keyword == "RUN"]
            words = [w.strip("'\"") for run in later_runs for w in _words(ctx, run)]
            programs = {c.name for run in later_runs for c in ctx.commands(run)}
            base = _join(workdir, info.destination)
            sources = tuple(
                s
                for s in sources
                if not _helper_script(s, base, workdir, words) and not _called(s, programs)
            )
        if not sources:
            return None
        code = _CodeCopy(ins, info, sources, workdir)
        if _install_inputs(ctx, stage, position, code):
            return None
        return code

    # -- an install RUN ----------------------------------------------------------------------

    def _run(
        self, ctx: Context, run: Instruction, state: _StageState, chain: list[_StageState]
    ) -> _Report | None:
        found = ctx.installs(run)
        if not found:
            return None
        offending = [
            i for i in found if i.installs_dependencies and not self._second_phase(i, chain)
        ]
        report: _Report | None = None
        if offending:
            named = _named_paths(ctx, run, found, state.workdir)
            in_effect = [c for c in state.code_copies if not _named_by_install(c, named)]
            pending = [c for c in in_effect if c.report is None]
            if pending and any(c.report is not None for c in in_effect):
                # An earlier finding already names this install: the COPYs since then are the
                # same root cause (installs placed after the code), not a new one.
                pending = []
            if pending:
                chosen = next((i for i in offending if _reads_copy(i, pending)), offending[0])
                report = _Report(run, chosen, pending, state.workdir)
                for c in pending:
                    c.report = report
            seen: set[int] = set()
            for c in in_effect:
                earlier = c.report
                if earlier is None or earlier is report or id(earlier) in seen:
                    continue
                seen.add(id(earlier))
                earlier.later.append(run.span.line)
        for inst in found:
            if not inst.installs_dependencies:
                continue
            if inst.tool in ("uv", "poetry") and not inst.project_only:
                state.synced.add(inst.tool)
            if not inst.local_project and not inst.project_only:
                state.installed_dependencies = True
        return report

    @staticmethod
    def _second_phase(inst: Install, chain: list[_StageState]) -> bool:
        if inst.project_only:
            return True
        if inst.tool in ("uv", "poetry") and not inst.dependencies_only:
            return any(inst.tool in s.synced for s in chain)
        if inst.tool in ("pip", "uv-pip") and inst.local_project:
            return any(s.installed_dependencies for s in chain)
        return False

    # -- the finding -------------------------------------------------------------------------

    def _finding(self, ctx: Context, report: _Report) -> Finding:
        run, inst = report.run, report.install
        first = report.copies[0]
        where = f"{first.instruction.keyword} at line {first.instruction.span.line}"
        later = ""
        if report.later:
            lines = sorted(set(report.later))
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
            return self.finding(run, message, fix=_packages_fix(ctx, report, where))
        message = (
            f"`{inst.program}` installs dependencies after the {where} brought in code, "
            f"so every code change reinstalls all of them{later}."
        )
        return self.finding(run, message, fix=self._files_fix(ctx, report, where))

    @staticmethod
    def _files_fix(ctx: Context, report: _Report, where: str) -> str:
        run, inst = report.run, report.install
        named = _named_paths(ctx, run, ctx.installs(run), report.workdir)
        copies = report.copies
        if not any(_may_read(ctx, run, c, named) for c in copies) and all(
            _copy_movable(ctx, c, run) for c in copies
        ):
            return (
                f"Move the {_phrase(copies)} below this RUN: the install does not read that code."
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
        others = _other_steps_use(ctx, run, copies)
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


def _join(base: str, path: str) -> str:
    if not path:
        return base
    return posixpath.normpath(posixpath.join(base or "/", path))


def _words(ctx: Context, run: Instruction) -> list[str]:
    return [w for cmd in ctx.commands(run) for w in cmd.argv]


def _helper_script(source: CopySource, dest: str, workdir: str, words: list[str]) -> bool:
    """A script a later RUN of the stage calls (`bash /tmp/scripts/setup.sh`,
    `python3 pip-licenses.py`), or a directory of such scripts (`COPY scripts/installers
    /tmp/installers/` + `bash /tmp/installers/install_k2.sh`)."""
    if source.may_be_directory and not source.is_glob:
        if source.is_root or not _SCRIPT_DIR_RE.search(source.basename.lower()):
            return False
        prefix = dest.rstrip("/") + "/"
        return any(
            _join(workdir, w).startswith(prefix) and w.endswith((".sh", ".bash", ".py"))
            for w in words
            if w
        )
    if not source.is_script and not source.basename.endswith(".py"):
        return False
    pattern = source.basename
    return any(fnmatch.fnmatchcase(posixpath.basename(w), pattern) for w in words if w)


def _called(source: CopySource, programs: set[str]) -> bool:
    """A file a later RUN of the stage runs as a program (`COPY fix-permissions
    /usr/local/bin/` + `RUN fix-permissions /opt/conda`): a build helper."""
    if source.is_glob or source.is_root or source.text.endswith("/"):
        return False
    return bool(source.basename) and source.basename in programs


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
    chain = {s.index for s in ctx.dockerfile.stage_chain(stage)}
    lo, hi = copy.instruction.index, run.index
    return [
        i
        for s in ctx.dockerfile.stages
        if s.index in chain
        for i in s.instructions
        if lo < i.index < hi
    ]


# Directory names of build helpers (`scripts`, `installers`, `hack`, `ci`).
_SCRIPT_DIR_RE = re.compile(r"script|install|hack|^ci$|^docker$|^tools?$|^bin$")

# Instructions an install of named packages does not depend on: it may move above them.
_INERT = frozenset(
    {"COPY", "ADD", "LABEL", "EXPOSE", "VOLUME", "WORKDIR", "CMD", "ENTRYPOINT",
     "HEALTHCHECK", "STOPSIGNAL", "MAINTAINER", "ONBUILD"}
)  # fmt: skip

# Commands that prepare nothing an install may need.
_INERT_COMMANDS = frozenset({"mkdir", "echo", "printf", "true", ":", "sleep", "rm", "chmod"})


def _install_movable(ctx: Context, copy: _CodeCopy, run: Instruction) -> bool:
    """Whether the RUN can move above the COPY: nothing between them prepares the install."""
    for i in _between(ctx, copy, run):
        if i.keyword in _INERT:
            continue
        if i.keyword == "RUN" and all(c.name in _INERT_COMMANDS for c in ctx.commands(i)):
            continue
        return False
    return True


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


def _packages_fix(ctx: Context, report: _Report, where: str) -> str:
    """The hint for an install of named packages, which does not need the code."""
    run, inst = report.run, report.install
    copies = report.copies
    syncs = _exact_syncs(ctx, copies[0], run)
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
    if any(_run_uses(ctx, run, c) for c in copies):
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
    if all(_install_movable(ctx, c, run) for c in copies):
        return f"Move this install above the {where}: it does not need the code."
    if all(_copy_movable(ctx, c, run) for c in copies):
        return f"Move the {_phrase(copies)} below this RUN: the install does not need the code."
    them = "it" if len(copies) == 1 else "them"
    return (
        f"Move the {_phrase(copies)} and the steps that use {them} below this RUN: "
        "the install does not need the code."
    )


def _exact_syncs(ctx: Context, copy: _CodeCopy, run: Instruction) -> list[tuple[int, bool]]:
    """The RUNs between the COPY and this RUN that sync the environment exactly (`uv sync`,
    `uv pip sync`, `pip-sync`, `poetry sync`), removing packages they do not manage: an
    install moved above them would be undone. (line, whether it is a `uv sync`)"""
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
            if exact:
                found.append((ins.span.line, uv))
                break
    return found


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


def _install_inputs(ctx: Context, stage: Stage, position: int, copy: _CodeCopy) -> bool:
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
    rest = stage.instructions[position + 1 :]
    for i, ins in enumerate(rest):
        if ins.keyword != "RUN":
            continue
        found = [f for f in ctx.installs(ins) if f.installs_dependencies]
        if not found:
            continue
        if not any(f.tool in ("pip", "uv-pip") and f.requirement_files for f in found):
            return False
        for later in rest[i + 1 :]:
            info = ctx.copy(later) if later.keyword in ("COPY", "ADD") else None
            if info is not None and info.from_context and any(s.is_root for s in info.sources):
                return True
        return False
    return False


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


def _other_steps_use(ctx: Context, run: Instruction, copies: list[_CodeCopy]) -> bool:
    """Whether commands of the RUN other than its installs may use the copied code
    (`python ts_scripts/install_from_src.py`, `make gen-server`)."""
    for cmd in ctx.commands(run):
        if classify(cmd) is not None or _safe(cmd):
            continue
        if cmd.name == "cd":
            continue
        return True
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

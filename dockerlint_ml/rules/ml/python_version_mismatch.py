"""DLM201 python-version-mismatch."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.app_files import Provision, provisions
from dockerlint_ml.facts.context import BuildContext
from dockerlint_ml.facts.installers import Install, classify
from dockerlint_ml.facts.own_python import brings_own_python, copies_python, names_other_python
from dockerlint_ml.facts.packages import PackageCommand
from dockerlint_ml.facts.python_requirements import (
    MISMATCH,
    OK,
    SPECIFIER,
    PythonRequirement,
    PythonVersion,
    image_python,
    judge,
    parse_manifest,
)
from dockerlint_ml.facts.python_versions import supported
from dockerlint_ml.facts.shell import SimpleCommand
from dockerlint_ml.facts.startcmd import join_workdir


class PythonVersionMismatch(Rule):
    """The Python of a stage that installs from a manifest disagrees with the manifest.

    Reads, for each stage that installs a project, the Python of its base (the image at the
    bottom of its chain, ARG values substituted in FROM, as DLM101 reads it: `python:3.8-slim`
    runs 3.8, `python:3.11.4-slim` runs 3.11.4, the user's image facts may name others) and
    the manifests its installs read, from the build context file a COPY (or a
    `RUN --mount=type=bind`) of that stage's chain put where the install runs:

    - a Pipfile's `[requires] python_full_version` (which pipenv prefers) or
      `python_version`, for `pipenv install` and `pipenv sync`, and for `pipenv
      requirements` when the stage then installs from requirement files;
    - pyproject.toml's `requires-python` (a PEP 440 specifier: 3.11 satisfies `>=3.10`),
      for `pip install .` / `-e .` / `<dir>`, `uv pip install .`, `poetry install`,
      `uv sync` and `pdm install`;
    - `.python-version` (`3.11` or `3.11.4`), for `uv sync`;
    - Heroku's runtime.txt (`python-3.11.4`), for any install from a manifest, compared at
      the precision both sides give; no installer reads it, so it counts wherever the stage
      copies it to the install's directory, before the install or after (`COPY . .`).

    Reported once per stage, on its FROM, for the first manifest that disagrees. A base known
    only as major.minor disagrees with a requirement only when no patch release of the line
    satisfies it (`>=3.11.4` against `python:3.11-slim` is not judged, against
    `python:3.11.2-slim` it is).

    Needs the build context (see Build context in the README): without one the rule does not
    run. Not judged: a base without image facts or whose facts do not name its Python; a
    stage from where it brings a Python of its own (apt or apk `python*` packages, conda,
    pyenv, `uv python`, `uv venv --python` or beside a `.python-version`, `poetry env use`,
    a `pythonX.Y` other than the base's, a COPY of an interpreter from another image); an
    install told to use another interpreter or project (`--python`, `UV_PYTHON`,
    `PIPENV_PIPFILE`, `--directory`, `--ignore-requires-python`); a manifest whose context
    file cannot be told (a wildcard, `--from`, a variable, a `cd` in a subshell) or read; a
    malformed manifest; values that are no plain version (`pypy3.10`, `system`, `==3.11`,
    which PEP 440 reads as 3.11.0 alone); `uv run` (whose options the shell model does not
    keep) and `uv pip` with `.python-version` (which `uv pip` does not read); Poetry's
    `[tool.poetry.dependencies] python`.

    ## Why is this bad?

    The manifest says which Python the project runs on, and the installers enforce it: pip
    refuses a project whose `requires-python` the interpreter does not satisfy, pipenv and
    Poetry stop (or, without `--deploy`, pipenv warns and installs for the wrong Python), and
    uv downloads another interpreter at build time (the base image's Python then goes
    unused, and a virtual environment copied to a later stage points at an interpreter that
    is not there) or fails where downloads are off. Where the build passes, the image runs
    code on a Python it was not written or locked for.

    ## Example

    In a build context whose Pipfile has `[requires] python_version = "3.11"`:

    ```dockerfile
    FROM python:3.8-slim
    WORKDIR /app
    RUN pip install --no-cache-dir pipenv
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --system --deploy
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.11-slim
    WORKDIR /app
    RUN pip install --no-cache-dir pipenv
    COPY Pipfile Pipfile.lock ./
    RUN pipenv install --system --deploy
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## References

    - pipenv, specifying the Python version (`[requires]`):
      https://pipenv.pypa.io/en/latest/specifiers.html#specifying-versions-of-python
    - PEP 621, `requires-python`:
      https://packaging.python.org/en/latest/specifications/pyproject-toml/#requires-python
    - PEP 440, version specifiers:
      https://packaging.python.org/en/latest/specifications/version-specifiers/
    - uv, Python version files (`.python-version`):
      https://docs.astral.sh/uv/concepts/python-versions/#python-version-files
    - Heroku, specifying a Python version (runtime.txt):
      https://devcenter.heroku.com/articles/python-runtimes
    """

    code = "DLM201"
    name = "python-version-mismatch"
    severity = Severity.ERROR
    needs_context = True

    def finish(self, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        if context is None:
            return
        walker = _Walker(ctx, context)
        for stage in ctx.dockerfile.stages:
            found = walker.stage(stage)
            if found is not None:
                yield self.finding(stage.from_instruction, found.message(), fix=found.fix(ctx))


# Settings that make an installer use another interpreter or another project directory.
_PIPENV_ENV = ("PIPENV_PYTHON", "PIPENV_PIPFILE", "PIPENV_DEFAULT_PYTHON_VERSION")
_UV_ENV = (
    "UV_PYTHON",
    "UV_PROJECT",
    "UV_WORKING_DIRECTORY",
    "UV_MANAGED_PYTHON",
    "UV_PYTHON_PREFERENCE",
)
_UV_SYNC_OPTIONS = (
    "-p", "--python", "--directory", "--project", "--managed-python", "--python-preference",
    "--script",
)  # fmt: skip
_PIP_OPTIONS = ("--python", "--python-version", "--ignore-requires-python")
_UV_PIP_OPTIONS = ("-p", "--python", "--python-version")
_POETRY_OPTIONS = ("-C", "--directory", "-P", "--project")
_PDM_OPTIONS = ("-p", "--project", "-g", "--global")


@dataclass(frozen=True, slots=True)
class _Read:
    """A manifest an install reads: its file name and the image directory it is read in
    (relative to the install's working directory, or absolute)."""

    name: str
    directory: str = "."


@dataclass(frozen=True, slots=True)
class _Found:
    """A manifest an install of the stage reads, which the base's Python does not satisfy."""

    requirement: PythonRequirement
    source: str  # the context path of the manifest read
    program: str  # the install, as the user calls it: "pipenv install"
    line: int  # the RUN's line


@dataclass(frozen=True, slots=True)
class _Mismatch:
    requirement: PythonRequirement
    source: str  # the context path of the manifest read
    version: PythonVersion
    image: ImageRef
    base_stage: str | None  # the stage whose FROM names the image, when not this one
    program: str
    line: int

    def message(self) -> str:
        req = self.requirement
        field = f" ({req.field})" if req.field else ""
        where = f"`{self.image.raw}`"
        if self.base_stage is not None:
            where += f" (the base of stage `{self.base_stage}`)"
        return (
            f"{self.source} requires Python {req.text}{field} but {where} runs {self.version}"
            f" (the install: `{self.program}`, line {self.line})."
        )

    def fix(self, ctx: Context) -> str:
        target = _suggestion(self.requirement, self.version, ctx)
        hint = "Build on a base image whose Python satisfies it"
        if target is not None and self.image.name == "python":
            tag = (self.image.tag or "").lower()
            variant = next((v for v in ("slim", "alpine") if v in tag), "")
            example = f"python:{target}" + (f"-{variant}" if variant else "")
            hint += f", e.g. `FROM {example}`"
            if self.base_stage is not None:
                hint += f" in stage `{self.base_stage}`"
        return (
            f"{hint}; or, if the project does run on Python {self.version}, change the"
            f" requirement in {self.source}."
        )


def _suggestion(req: PythonRequirement, version: PythonVersion, ctx: Context) -> str | None:
    """The Python a base image could carry instead: the version a pin names, or the
    supported release line nearest to the image's one that satisfies a specifier; None
    when no supported line does (DLM101 would object to an end-of-life one)."""
    lines = supported(ctx.as_of)
    if req.kind != SPECIFIER:
        pinned = PythonVersion.parse(req.text)
        if pinned is None or not any(line.version == pinned.line for line in lines):
            return None
        return str(pinned)
    fitting: list[tuple[int, int, str]] = []
    for line in lines:
        candidate = PythonVersion.parse(line.version)
        if candidate is None or judge(req, candidate) != OK:
            continue
        distance = abs(candidate.minor - version.minor) + 100 * abs(candidate.major - version.major)
        fitting.append((distance, -candidate.minor, line.version))
    return min(fitting)[2] if fitting else None


class _Stop(Exception):
    """The stage brings a Python of its own: nothing after this is judged."""


@dataclass(frozen=True, slots=True)
class _End:
    """What a stage's walk leaves to the stages built on it."""

    own: bool  # the chain brought a Python of its own: nothing built on it is judged
    workdir: str | None  # the working directory at its end (None: unknown)


# The instructions the manifest look-ups may walk per file (each look-up walks those of the
# stage's chain once): this many, plus this many per instruction of the file. Past it, a
# file of thousands of installs in thousands of directories or stages stays linear and
# silent; a real one (a chain of tens of instructions, tens of look-ups) is far below it.
_BUDGET = 16384
_BUDGET_PER_INSTRUCTION = 8


class _Walker:
    """The stages of one file in order, each walked once from where its base stage ended
    (its working directory, whether a Python of its own was brought), so that a long chain
    of `FROM <stage>` is not rewalked for every stage built on it."""

    def __init__(self, ctx: Context, context: BuildContext) -> None:
        self.ctx = ctx
        self.context = context
        self.dockerfile = ctx.dockerfile
        self.ends: dict[int, _End] = {}
        self.roots: dict[int, Stage] = {}
        self.budget = _BUDGET + _BUDGET_PER_INSTRUCTION * len(ctx.dockerfile.instructions)
        self._sizes: dict[int, int] = {}
        self._provisions: dict[tuple[int, str], list[Provision]] = {}
        # The Python of the stage being walked (its base image's).
        self.version = PythonVersion(0, 0)

    def stage(self, stage: Stage) -> _Mismatch | None:
        """The first install of the stage whose manifest its base's Python disagrees with."""
        image, facts = self.ctx.root_facts(stage)
        version = image_python(facts, image) if image is not None and facts is not None else None
        if image is None or facts is None or version is None:
            return None  # the stages built on it share its base: skipped too
        if stage.base_stage is None:
            start, root = _End(False, facts.workdir), stage
        else:
            parent = self.ends.get(stage.base_stage)
            if parent is None:
                return None
            start, root = parent, self.roots[stage.base_stage]
        self.roots[stage.index] = root
        # The instructions of the chain, what a manifest look-up walks.
        base = stage.base_stage
        inherited = self._sizes.get(base, 0) if base is not None else 0
        self._sizes[stage.index] = len(stage.instructions) + inherited
        self.version = version
        found, end = self._walk(stage, start)
        self.ends[stage.index] = end
        if found is None:
            return None
        return _Mismatch(
            found.requirement,
            found.source,
            version,
            image,
            root.name if root.index != stage.index else None,
            found.program,
            found.line,
        )

    def _walk(self, stage: Stage, start: _End) -> tuple[_Found | None, _End]:
        if start.own:
            return None, start
        workdir = start.workdir
        found: _Found | None = None
        for ins in stage.instructions:
            if ins.keyword == "WORKDIR":
                workdir = join_workdir(self.dockerfile, stage, ins, workdir)
            elif ins.keyword in ("COPY", "ADD"):
                if copies_python(ins, self.ctx.copy(ins)):
                    return found, _End(True, workdir)
            elif ins.keyword == "RUN":
                try:
                    one = self._run(stage, ins, workdir, judged=found is None)
                except _Stop:
                    return found, _End(True, workdir)
                found = found or one
        return found, _End(False, workdir)

    # -- a Python of the stage's own -------------------------------------------------------

    def _uv_venv_pinned(
        self, st: Stage, ins: Instruction, cmd: SimpleCommand, cwd: str | None, workdir: str | None
    ) -> bool:
        """Whether the stage may tell a `uv venv` (given no `--python`) to use another
        Python than the base's: a UV_PYTHON, or a `.python-version` in its directory or a
        parent (an unknown directory, or a file put there that cannot be told, counts)."""
        if self._env(st, ins, cmd, "UV_PYTHON"):
            return True
        if cwd is None:
            return True
        directory = cwd
        while True:
            source, maybe = self._provided(
                st, ins, posixpath.join(directory, ".python-version"), workdir
            )
            if source is not None or maybe:
                return True
            if directory == "/":
                return False
            directory = posixpath.dirname(directory)

    # -- the installs ------------------------------------------------------------------------

    def _run(self, st: Stage, ins: Instruction, workdir: str | None, judged: bool) -> _Found | None:
        if names_other_python(ins.value, self.version):
            raise _Stop
        commands = self.ctx.commands(ins)
        # Each command's package-manager records and install, read once per RUN.
        records: dict[int, list[PackageCommand]] = {}
        for record in self.ctx.packages(ins):
            records.setdefault(id(record.command), []).append(record)
        installs = [classify(cmd) for cmd in commands]
        last_requirements = max(
            (i for i, inst in enumerate(installs) if _from_requirements(inst)), default=-1
        )
        cwd = workdir
        for i, cmd in enumerate(commands):
            if cmd.name in ("cd", "pushd", "popd"):
                cwd = _cd(cwd, cmd)
                continue
            # A `uv venv`'s look-up walks the chain and spends the budget: asked for only there.
            pinned = partial(self._uv_venv_pinned, st, ins, cmd, cwd, workdir)
            if brings_own_python(cmd, records.get(id(cmd), []), uv_venv_pinned=pinned):
                raise _Stop
            if not judged:
                continue
            label, reads = self._reads(st, ins, cmd, installs[i], i < last_requirements)
            for read in reads:
                found = self._judge(st, ins, read, cwd, workdir, label)
                if found is not None:
                    return found
        return None

    def _reads(
        self,
        st: Stage,
        ins: Instruction,
        cmd: SimpleCommand,
        inst: Install | None,
        requirements_follow: bool,
    ) -> tuple[str, list[_Read]]:
        """The install the command runs (as the user calls it) and the manifests it reads
        for the Python it needs; none when it is told to use another interpreter or
        project. `requirements_follow`: a pip install from requirement files comes later
        in the RUN."""
        if inst is None:
            return _other_reads(cmd, requirements_follow)
        if inst.tool == "pipenv":
            if _has(cmd, "--python") or any(self._env(st, ins, cmd, n) for n in _PIPENV_ENV):
                return inst.program, []
            return inst.program, [_Read("Pipfile"), _Read("runtime.txt")]
        if inst.tool == "poetry":
            if _has(cmd, *_POETRY_OPTIONS):
                return inst.program, []
            return inst.program, [_Read("pyproject.toml"), _Read("runtime.txt")]
        if inst.tool == "uv":
            if _has(cmd, *_UV_SYNC_OPTIONS) or any(self._env(st, ins, cmd, n) for n in _UV_ENV):
                return inst.program, []
            reads = [_Read("pyproject.toml")]
            if not _has(cmd, "--no-config") and not self._env(st, ins, cmd, "UV_NO_CONFIG"):
                reads.append(_Read(".python-version"))
            return inst.program, [*reads, _Read("runtime.txt")]
        if inst.tool in ("pip", "uv-pip"):
            return inst.program, self._pip_reads(st, ins, cmd, inst)
        return inst.program, []  # conda: its own Python, never reaches here

    def _pip_reads(
        self, st: Stage, ins: Instruction, cmd: SimpleCommand, inst: Install
    ) -> list[_Read]:
        options = _PIP_OPTIONS if inst.tool == "pip" else _UV_PIP_OPTIONS
        if _has(cmd, *options) or (inst.tool == "uv-pip" and self._env(st, ins, cmd, "UV_PYTHON")):
            return []
        reads: list[_Read] = []
        for path in inst.local_paths:
            directory = _local_directory(path)
            if directory is not None:
                reads.append(_Read("pyproject.toml", directory))
        if inst.local_paths or inst.requirement_files:
            reads.append(_Read("runtime.txt"))
        return reads

    def _env(self, st: Stage, ins: Instruction, cmd: SimpleCommand, name: str) -> bool:
        """Whether the variable may be set for the command: by the command line, an ENV of
        the chain, or an ARG of the stage (a build argument without a default may be set
        by `--build-arg`)."""
        if any(k == name and v for k, v in cmd.env):
            return True
        if self.dockerfile.env_at(st, name, before=ins.index):
            return True
        return self.ctx.declared_args(st).get(name, ins.index) < ins.index

    def _judge(
        self,
        st: Stage,
        ins: Instruction,
        read: _Read,
        cwd: str | None,
        workdir: str | None,
        program: str,
    ) -> _Found | None:
        directory = read.directory
        if not directory.startswith("/"):
            if cwd is None:
                return None
            directory = posixpath.join(cwd, directory)
        image_path = posixpath.normpath(posixpath.join(directory, read.name))
        # No installer reads runtime.txt: it states the app's Python wherever the stage
        # puts it, also by a `COPY . .` after the install.
        anytime = read.name == "runtime.txt"
        source, _ = self._provided(st, ins, image_path, workdir, anytime)
        if source is None:
            return None
        text = self.context.read_text(source)
        if text is None:
            return None
        requirement = parse_manifest(read.name, text)
        if requirement is None or judge(requirement, self.version) != MISMATCH:
            return None
        return _Found(requirement, source, program, ins.span.line)

    def _provided(
        self,
        st: Stage,
        ins: Instruction,
        image_path: str,
        workdir: str | None,
        anytime: bool = False,
    ) -> tuple[str | None, bool]:
        """(the context file at `image_path` when the RUN starts, or at the end of the
        stage when `anytime`; whether something may put one there that cannot be told): a
        bind mount of the RUN first, then the last COPY/ADD of the chain that provides
        it."""
        mounted = self._mounted(ins, image_path, workdir)
        if mounted is not None:
            return mounted
        key = (st.index, image_path)
        every = self._provisions.get(key)
        if every is None:
            self.budget -= self._sizes.get(st.index, 0)
            if self.budget < 0:
                return None, True
            every = self._provisions[key] = provisions(
                self.dockerfile, st, image_path, self.context
            )
        # The chain's earlier stages come first in the file: their instructions all count.
        found = [p for p in every if anytime or p.instruction.index < ins.index]
        if not found:
            return None, False
        last = found[-1]
        if last.exact and last.source is not None:
            return last.source, False
        return None, True

    def _mounted(
        self, ins: Instruction, image_path: str, workdir: str | None
    ) -> tuple[str | None, bool] | None:
        """What the RUN's mount covering `image_path` (the one nearest to it) gives: None
        when no mount covers it."""
        best: tuple[int, str, bool, str] | None = None  # (depth, inside, bind, source)
        for mount in self.ctx.mounts(ins):
            if mount.target is None:
                if "target" in mount.unknown:
                    return None, True
                continue
            target = mount.target
            if not target.startswith("/"):
                if workdir is None:
                    return None, True
                target = posixpath.join(workdir, target)
            target = posixpath.normpath(target)
            if image_path != target and not image_path.startswith(target.rstrip("/") + "/"):
                continue
            inside = posixpath.relpath(image_path, target) if image_path != target else ""
            plain = mount.type == "bind" and mount.from_ is None and not mount.unknown
            depth = target.count("/") if target != "/" else 0
            if best is None or depth > best[0]:
                best = (depth, inside, plain, mount.source or "")
        if best is None:
            return None
        _, inside, plain, source = best
        if not plain:
            return None, True  # a cache, another stage or image, an unknown value
        rel = "/".join(p for p in f"{source}/{inside}".split("/") if p not in ("", "."))
        ignore = self.context.ignore
        excluded = ignore.excluded(rel) if ignore is not None else False
        if excluded is None:
            return None, True
        if excluded or not self.context.is_file(rel):
            return None, False
        return rel, False


def _other_reads(cmd: SimpleCommand, requirements_follow: bool) -> tuple[str, list[_Read]]:
    """The installs installers.classify does not record: `pdm install` / `pdm sync`, and
    `pipenv requirements` when a pip install from requirement files follows it (pipenv
    itself ignores the Python it runs on there: the install that follows does not)."""
    sub = _subcommand(cmd.args)
    if cmd.name == "pdm" and sub in ("install", "sync"):
        if _has(cmd, *_PDM_OPTIONS):
            return f"pdm {sub}", []
        return f"pdm {sub}", [_Read("pyproject.toml"), _Read("runtime.txt")]
    if cmd.name == "pipenv" and sub == "requirements" and requirements_follow:
        return "pipenv requirements", [_Read("Pipfile")]
    return "", []


def _from_requirements(inst: Install | None) -> bool:
    return inst is not None and inst.tool in ("pip", "uv-pip") and bool(inst.requirement_files)


def _subcommand(args: Sequence[str]) -> str:
    """The first word that is no option (global options with values are rare enough here:
    a wrong guess only makes the command unrecognised, which keeps the rule silent)."""
    return next((a for a in args if not a.startswith("-")), "")


def _has(cmd: SimpleCommand, *names: str) -> bool:
    """Whether any of the options is given anywhere on the command line: `--python 3.12`,
    `--python=3.12`, `-p 3.12`, `-p3.12`."""
    for word in cmd.args:
        if word == "--":
            return False
        for name in names:
            if word == name or word.startswith(name + "=" if name.startswith("--") else name):
                return True
    return False


def _cd(cwd: str | None, cmd: SimpleCommand) -> str | None:
    """The working directory after a `cd`; None (unknown) for one inside a subshell or a
    `sh -c`, one to a variable or `-`, and for pushd/popd."""
    if cmd.name != "cd" or cwd is None or cmd.wrappers or cmd.nested:
        return None
    operands = [a for a in cmd.args if not a.startswith("-")]
    if len(operands) != 1:
        return None
    target = operands[0]
    if "$" in target or target.startswith("~") or "`" in target:
        return None
    return posixpath.normpath(posixpath.join(cwd, target))


def _local_directory(path: str) -> str | None:
    """The directory a local install argument names (`.`, `./pkg[dev]`, `file:./pkg`);
    None for one that cannot be read as a literal directory."""
    word = path.strip("'\"")
    word = word.removeprefix("file:")
    if "[" in word:
        word = word[: word.index("[")]
    if not word or "$" in word or "://" in word or "`" in word or word.startswith("~"):
        return None
    return word

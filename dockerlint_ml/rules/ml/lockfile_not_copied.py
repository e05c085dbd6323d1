"""DLM005 lockfile-not-copied: a lock-based install runs while its lock cannot be in the image."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dockerlint_ml.dockerfile.model import (
    SAFE,
    UNSAFE,
    Edit,
    Finding,
    Fix,
    Instruction,
    Severity,
    Stage,
)
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import CopyInfo, bind_mounts
from dockerlint_ml.facts.installers import Install, env_reader, lock_generated, truthy
from dockerlint_ml.facts.tokens import after


@dataclass
class _StageState:
    # File name -> the last source of a COPY from the context so far with that name, as
    # (COPY, source as written): where a fix adds the lock. Kept as the COPYs come, so a
    # finding does not reread every earlier COPY.
    named_sources: dict[str, tuple[int, CopyInfo, str]] = field(default_factory=dict)
    sources_seen: int = 0
    # Lock name -> line of the RUN that generated it inside the image (`pipenv lock`).
    generated: dict[str, int] = field(default_factory=dict)

    def add_copy(self, info: CopyInfo) -> None:
        if info.instruction.keyword != "COPY" or not info.from_context:
            return
        for src in info.sources:
            if src.resolved and not src.heredoc:
                self.sources_seen += 1
                self.named_sources[src.basename] = (self.sources_seen, info, src.text)

    def last_source(self, names: Iterable[str]) -> tuple[CopyInfo, str] | None:
        found = [self.named_sources[n] for n in names if n in self.named_sources]
        if not found:
            return None
        _, info, text = max(found, key=lambda f: f[0])
        return info, text


@dataclass(frozen=True)
class _PipfileInstalls:
    """A stage's COPYs that bring a Pipfile and its pipenv install RUNs, as (index, line)
    in file order: where a later install from a Pipfile is, found by bisection."""

    copies: list[tuple[int, int]]
    runs: list[tuple[int, int]]

    @classmethod
    def of(cls, ctx: Context, stage: Stage) -> _PipfileInstalls:
        copies: list[tuple[int, int]] = []
        runs: list[tuple[int, int]] = []
        for ins in stage.instructions:
            if ins.keyword in ("COPY", "ADD"):
                info = ctx.copy(ins)
                if info is not None and info.may_provide("Pipfile"):
                    copies.append((ins.index, ins.span.line))
            elif ins.keyword == "RUN" and any(i.tool == "pipenv" for i in ctx.installs(ins)):
                runs.append((ins.index, ins.span.line))
        return cls(copies, runs)

    def after(self, index: int) -> tuple[int, int] | None:
        """(line of the first pipenv install after the first Pipfile COPY after `index`,
        line of that COPY)."""
        c = bisect.bisect_right(self.copies, (index, float("inf")))
        if c == len(self.copies):
            return None
        copy_index, copy_line = self.copies[c]
        r = bisect.bisect_right(self.runs, (copy_index, float("inf")))
        return (self.runs[r][1], copy_line) if r < len(self.runs) else None


class LockfileNotCopied(Rule):
    """A lock-based install runs, but the lock file was never copied into the image.

    `pipenv install` and `pipenv sync` read `Pipfile.lock`, `poetry install` reads
    `poetry.lock` and `uv sync` reads `uv.lock`. The rule fires when none of these can be
    in the image when the install runs: no earlier COPY or ADD of the stage or of the
    stages it is built on names the lock, names a glob that may match it (`Pipfile*`), or
    copies a directory or `.` that may hold it (`COPY --from` counts too), and no
    `RUN --mount=type=bind` of that RUN provides it (a bind mount without `source` lends
    the whole context). A lock generated inside the image by an earlier `pipenv lock`,
    `poetry lock` or `uv lock` does not count: it is resolved afresh on every build.

    A `pipenv install` naming no package that runs before any Pipfile is copied (nor a
    requirements.txt, which pipenv would import) is one finding of this rule, saying so;
    DLM006 and DLM007 do not report it. The hint proposes removing the RUN when a later
    one in the stage installs from a Pipfile copied in between.

    The message says what happens then:

    | install without its lock | outcome |
    |---|---|
    | `pipenv sync` | fails: it never writes a lock |
    | `pipenv install --system` (or `PIPENV_SYSTEM=1`) | fails, unless a virtualenv is active |
    | `pipenv install` otherwise | locks the Pipfile afresh |
    | `pipenv install` with no Pipfile (nor requirements.txt) | installs nothing, or fails |
    | `pipenv install --skip-lock` | installs from the Pipfile, unpinned |
    | `poetry install` | locks `pyproject.toml` afresh |
    | `uv sync --locked` or `--frozen` (`UV_LOCKED`, `UV_FROZEN`) | fails |
    | `uv sync` otherwise | locks `pyproject.toml` afresh |

    ## Why is this bad?

    The lock is what makes the image reproducible. Without it the build either stops
    with an error, or silently installs whatever versions are newest on build day, which
    differ from the ones that were tested.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir pipenv==2024.4.0
    WORKDIR /app
    COPY Pipfile ./
    RUN pipenv install --system --deploy
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

    The lock is added to the sources of the COPY that brings its manifest, right after the
    manifest (`COPY Pipfile ./` becomes `COPY Pipfile Pipfile.lock ./`); a COPY that had one
    source and a destination `.` gets `./`, the directory form a multi-source COPY needs.
    Safe when the build context holds the lock file: the install then gets the locked
    versions, which is what the rule asks, and nothing else is copied. Unsafe without a
    build context to check (or without the file in it): the COPY fails the build until the
    lock is committed. Not offered when that COPY also brings code (DLM004's fix moves the
    manifests into a COPY of their own), has flags, quoted or variable words, or a file
    destination.

    ## References

    - pipenv `sync` raises LockfileNotFound without a lock:
      https://github.com/pypa/pipenv/blob/main/pipenv/routines/sync.py
    - pipenv `install` without a lock (`handle_missing_lockfile`: aborts for `--system`
      outside a virtualenv, otherwise locks afresh):
      https://github.com/pypa/pipenv/blob/main/pipenv/routines/install.py
    - pipenv options read `PIPENV_<OPTION>` through click's `auto_envvar_prefix`:
      https://github.com/pypa/pipenv/blob/main/pipenv/cli/options.py
    - Poetry, `install`: "If there is no poetry.lock file, Poetry will create one after
      dependency resolution": https://python-poetry.org/docs/cli/#install
    - uv, `uv sync --locked` / `--frozen` exit with an error when the lockfile is missing
      (also `UV_LOCKED` / `UV_FROZEN`): https://docs.astral.sh/uv/reference/cli/#uv-sync
    - uv, locking and syncing are automatic: https://docs.astral.sh/uv/concepts/projects/sync/
    - Dockerfile reference, `RUN --mount=type=bind`:
      https://docs.docker.com/reference/dockerfile/#run---mounttypebind
    """

    code = "DLM005"
    name = "lockfile-not-copied"
    severity = Severity.ERROR
    fixable = "mixed"
    reads_context = True
    keywords = frozenset({"COPY", "ADD", "RUN"})

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._ctx: Context | None = None
        self._stages: dict[int, _StageState] = {}
        self._pipfile_installs: dict[int, _PipfileInstalls] = {}

    def _state(self, ctx: Context, stage_index: int) -> _StageState:
        if self._ctx is not ctx:
            self._ctx = ctx
            self._stages = {}
            self._pipfile_installs = {}
        return self._stages.setdefault(stage_index, _StageState())

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        if stage is None:
            return
        state = self._state(ctx, stage.index)
        if instruction.keyword in ("COPY", "ADD"):
            info = ctx.copy(instruction)
            if info is not None:
                state.add_copy(info)
            return
        commands = ctx.commands(instruction)
        reported = False
        for inst in ctx.installs(instruction):
            lock = inst.lock_file
            if lock is None or reported:
                continue
            if self._present(ctx, stage, instruction, lock):
                continue
            reported = True
            if pipfile_missing(ctx, stage, instruction, inst):
                yield self._report_no_pipfile(ctx, stage, instruction, inst)
            else:
                yield self._report(ctx, stage, instruction, inst, lock)
        for cmd in commands:
            generated = lock_generated(cmd)
            if generated is not None:
                state.generated.setdefault(generated, instruction.span.line)

    @staticmethod
    def _present(ctx: Context, stage: Stage, run: Instruction, lock: str) -> bool:
        return _may_be_present(ctx, stage, run, lock, unknown=False)

    def _generated_line(self, ctx: Context, stage: Stage, lock: str) -> int | None:
        for st in ctx.dockerfile.stage_chain(stage):
            state = self._stages.get(st.index)
            if state is not None and lock in state.generated:
                return state.generated[lock]
        return None

    def _report(
        self, ctx: Context, stage: Stage, run: Instruction, inst: Install, lock: str
    ) -> Finding:
        outcome = self._outcome(inst, env_reader(ctx.dockerfile, stage, run, inst.command))
        message = f"`{inst.program}` runs but {lock} was never copied into the image, {outcome}."
        generated = self._generated_line(ctx, stage, lock)
        if generated is not None:
            message = (
                f"`{inst.program}` runs but {lock} was never copied into the image (the one "
                f"generated by the RUN at line {generated} is resolved afresh on every "
                f"build), {outcome}."
            )
        autofix = self._autofix(ctx, stage, inst, lock)
        return self.finding(
            run,
            message,
            fix=self._fix(ctx, stage, inst, lock),
            at=ctx.command_span(run, inst.command),
            autofix=autofix,
        )

    def _manifest_copy(
        self, ctx: Context, stage: Stage, inst: Install
    ) -> tuple[CopyInfo, str] | None:
        """The last COPY of the stage chain (nearest stage first) bringing a manifest of
        the install, with that manifest's source text."""
        for st in ctx.dockerfile.stage_chain(stage):
            state = self._stages.get(st.index)
            manifest = state.last_source(inst.manifests) if state is not None else None
            if manifest is not None:
                return manifest
        return None

    def _autofix(self, ctx: Context, stage: Stage, inst: Install, lock: str) -> Fix | None:
        """The lock added to the sources of the COPY of its manifest, right after the
        manifest; a single-source COPY's destination becomes a directory (`.` -> `./`).
        Safe when the build context holds the lock, else unsafe (the COPY would fail)."""
        found = self._manifest_copy(ctx, stage, inst)
        if found is None:
            return None
        info, text = found
        copy = info.instruction
        if info.brings_code or copy.flags or copy.form != "shell" or copy.heredocs:
            return None
        folder = text.rsplit("/", 1)[0] + "/" if "/" in text else ""
        source = ctx.source_map(copy)
        words = source.words()
        if len(words) != len(info.sources) + 1 or any(
            w.raw != w.text or "$" in w.text for w in words
        ):
            return None  # quoted or variable words: not edited
        manifest = next((w for w in words[:-1] if w.text == text), None)
        if manifest is None:
            return None
        edits = [Edit(after(source, manifest.end), f" {folder}{lock}")]
        dest = words[-1]
        if len(words) == 2 and not dest.text.endswith("/"):
            if dest.text not in (".", "..") and not dest.text.endswith(("/.", "/..")):
                return None  # a file destination: the fix needs a directory chosen
            edits.append(Edit(after(source, dest.end), "/"))
        context = ctx.build_context
        held = context is not None and context.is_file(f"{folder}{lock}")
        return Fix(f"Copy {lock} with {text}", SAFE if held else UNSAFE, tuple(edits))

    def _fix(self, ctx: Context, stage: Stage, inst: Install, lock: str) -> str:
        """Add the lock to the COPY that brings the manifests (keeping what else it copies),
        or copy both before the RUN."""
        manifest = self._manifest_copy(ctx, stage, inst)  # nearest stage's last COPY
        if manifest is None:
            manifests = " ".join(inst.manifests)
            return f"Commit {lock} and `COPY {manifests} ./` before this RUN."
        info, text = manifest
        where = info.instruction.span.line
        folder = text.rsplit("/", 1)[0] + "/" if "/" in text else ""
        if info.brings_code:
            # That COPY also brings code (DLM004's finding): the lock goes with the
            # manifests in a COPY of their own, as DLM004's fix has it.
            names = dict.fromkeys((*inst.manifests, lock))
            manifests = " ".join(f"{folder}{m}" for m in names)
            return (
                f"Commit {lock} and copy it with the manifests before this RUN,"
                f" `COPY {manifests} {info.destination}`, apart from the code of the COPY at"
                f" line {where}."
            )
        if info.instruction.flags or info.instruction.form == "exec":
            return (
                f"Commit {lock} and add {folder}{lock} to the sources of the COPY at line {where}."
            )
        words = " ".join(src.text for src in info.sources)
        return (
            f"Commit {lock} and add it to the COPY at line {where}: "
            f"`COPY {words} {folder}{lock} {info.destination}`."
        )

    def _report_no_pipfile(
        self, ctx: Context, stage: Stage, run: Instruction, inst: Install
    ) -> Finding:
        """No Pipfile at all: one finding for what DLM006 and DLM007 would also blame."""
        env = env_reader(ctx.dockerfile, stage, run, inst.command)
        if inst.action == "sync":
            outcome = "so `pipenv sync` fails: it only installs from an existing lock"
        elif (
            not inst.has("--skip-lock")
            and not truthy(env("PIPENV_SKIP_LOCK"))
            and (inst.has("--system") or truthy(env("PIPENV_SYSTEM")))
            and not (env("VIRTUAL_ENV") and not truthy(env("PIPENV_IGNORE_VIRTUALENVS")))
        ):
            outcome = (
                "so pipenv creates an empty Pipfile and the install fails: pipenv refuses "
                "to create a lock for a --system install"
            )
        else:
            outcome = "so pipenv creates an empty Pipfile and installs nothing"
        message = (
            f"`{inst.program}` runs with no Pipfile in the image (no Pipfile, Pipfile.lock "
            f"or requirements.txt is copied before it), {outcome}."
        )
        if stage.index not in self._pipfile_installs:
            self._pipfile_installs[stage.index] = _PipfileInstalls.of(ctx, stage)
        later = self._pipfile_installs[stage.index].after(run.index)
        if later is not None:
            install_line, copy_line = later
            fix = (
                f"Remove this RUN: the pipenv install at line {install_line} installs from "
                f"the Pipfile copied at line {copy_line}."
            )
        else:
            fix = "Commit Pipfile.lock and `COPY Pipfile Pipfile.lock ./` before this RUN."
        return self.finding(run, message, fix=fix, at=ctx.command_span(run, inst.command))

    @staticmethod
    def _outcome(inst: Install, env: Callable[[str], str | None]) -> str:
        unpinned = (
            "so it silently resolves the newest versions at build time instead of locked ones"
        )
        if inst.tool == "pipenv":
            if inst.action == "sync":
                return "so `pipenv sync` fails: it only installs from an existing lock"
            if inst.has("--skip-lock") or truthy(env("PIPENV_SKIP_LOCK")):
                return "so it installs from the Pipfile with unpinned versions"
            system = inst.has("--system") or truthy(env("PIPENV_SYSTEM"))
            in_venv = env("VIRTUAL_ENV") and not truthy(env("PIPENV_IGNORE_VIRTUALENVS"))
            if system and not in_venv:
                return (
                    "so the install fails: pipenv refuses to create a lock for a --system install"
                )
            return unpinned
        if inst.tool == "uv":
            strict = inst.has("--locked", "--frozen") or any(
                truthy(env(n)) for n in ("UV_LOCKED", "UV_FROZEN")
            )
            if strict:
                return "so `uv sync` fails: --locked and --frozen require an existing uv.lock"
            return unpinned
        return unpinned


# Files whose absence leaves a bare `pipenv install` with nothing to install: pipenv creates
# an empty Pipfile only when it finds neither a Pipfile nor a requirements.txt to import.
_PIPENV_INPUTS = ("Pipfile", "Pipfile.lock", "requirements.txt")


def _may_be_present(
    ctx: Context, stage: Stage, run: Instruction, name: str, unknown: bool = True
) -> bool:
    """Whether a file `name` may be in the image when `run` runs: a bind mount of the RUN,
    or a COPY/ADD before it in the stage or in the stages it is built on (with `unknown`,
    one whose sources cannot be read counts)."""
    if any(m.may_provide(name) for m in bind_mounts(run)):
        return True
    for st in ctx.dockerfile.stage_chain(stage):
        first = ctx.first_copy_of(st, name, unknown)
        if first is not None and (st.index != stage.index or first < run.index):
            return True
    return False


def pipfile_missing(ctx: Context, stage: Stage, run: Instruction, inst: Install) -> bool:
    """A `pipenv install`/`sync` naming no package that runs where no Pipfile, Pipfile.lock
    or requirements.txt can be in the image: pipenv creates an empty Pipfile and installs
    nothing (or fails). DLM005 reports it once; DLM006 and DLM007 stay silent on it."""
    if inst.tool != "pipenv":
        return False
    if inst.packages or inst.requirement_files or inst.local_paths:
        return False
    if env_reader(ctx.dockerfile, stage, run, inst.command)("PIPENV_PIPFILE"):
        return False
    return not any(_may_be_present(ctx, stage, run, name) for name in _PIPENV_INPUTS)

"""The ShellCheck program: finding it, asking it about many scripts per process, and
remembering its answers.

Scripts go to ShellCheck as files in a temporary directory, a few hundred per process and
one process per core at a time; its `json1` output names the file each comment is about.
A process that crashes, hangs past the timeout or prints no JSON costs its batch: the batch
is asked again one group (one Dockerfile) at a time, so only the files whose scripts make
ShellCheck fail get a `Failure`. Answers are kept in memory and, when a cache is given, on
disk under a key that covers everything the answer depends on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, NamedTuple

from dockerlint_ml.facts.shell_scripts import AFTER_END, BEFORE_START
from dockerlint_ml.run.cache import Cache

MIN_VERSION = (0, 9, 0)
# Never asked for, as in hadolint: sourced files ShellCheck cannot see (SC1090, SC1091), and
# SC2187 (ash scripts are checked as the dash/BusyBox dialect anyway).
EXCLUDED = ("SC1090", "SC1091", "SC2187")
MIN_LEVEL = "style"
# Bump when what is stored under a key changes shape. 2: each comment keeps its fix.
CACHE_FORMAT = 2
BATCH_SIZE = 300

_VERSION_RE = re.compile(r"^version:\s*(\d+)\.(\d+)\.(\d+)", re.MULTILINE)


class ShellCheckUnavailable(Exception):
    """No usable ShellCheck: `reason` is one line saying why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Replacement(NamedTuple):
    """One replacement of a ShellCheck fix: the script text from (line, column) up to
    (end_line, end_column), 1-based, end exclusive, columns as the comment's (json1: code
    points, a tab one column), becomes `text`; an empty range is an insertion."""

    line: int
    column: int
    end_line: int
    end_column: int
    insertion: str  # json1's insertionPoint: BEFORE_START or AFTER_END
    text: str


@dataclass(frozen=True, slots=True)
class Comment:
    """One ShellCheck comment: script positions, 1-based, end exclusive; `fix` the
    replacements ShellCheck offers for it (none for most codes)."""

    line: int
    column: int
    end_line: int
    end_column: int
    level: str  # error, warning, info or style
    code: str  # SC2086
    message: str
    fix: tuple[Replacement, ...] = ()


@dataclass(frozen=True, slots=True)
class Failure:
    """ShellCheck gave no answer for a script: `reason` is one line."""

    reason: str


@dataclass(frozen=True, slots=True)
class Job:
    """A script to check, the rc file it is checked with, and the group (one Dockerfile)
    that shares its fate when ShellCheck fails."""

    text: str
    rcfile: str | None
    group: str


Answer = list[Comment] | Failure


def find_shellcheck(configured: str | None) -> str | None:
    """The ShellCheck program to run: `configured` when given (an error if it is not an
    executable file), else the one installed beside this interpreter's scripts (the
    `shellcheck` extra puts it there), else the one on PATH; None when there is none."""
    if configured is not None:
        if not os.path.isfile(configured):
            raise ShellCheckUnavailable(f"shellcheck-path {configured} does not exist")
        if not os.access(configured, os.X_OK):
            raise ShellCheckUnavailable(f"shellcheck-path {configured} is not executable")
        return configured
    name = "shellcheck.exe" if sys.platform == "win32" else "shellcheck"
    for directory in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        if directory:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return shutil.which("shellcheck")


def shellcheck_version(path: str) -> tuple[int, int, int]:
    """The version of the ShellCheck at `path`; ShellCheckUnavailable when it cannot be
    run or is older than 0.9."""
    try:
        done = subprocess.run(
            [path, "--version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ShellCheckUnavailable(f"cannot run ShellCheck at {path} ({exc})") from None
    found = _VERSION_RE.search(done.stdout.decode("utf-8", "replace"))
    if found is None:
        raise ShellCheckUnavailable(f"{path} --version printed no ShellCheck version")
    version = (int(found[1]), int(found[2]), int(found[3]))
    if version < MIN_VERSION:
        shown = ".".join(map(str, version))
        raise ShellCheckUnavailable(
            f"ShellCheck {shown} at {path} is too old (0.9.0 or newer is needed)"
        )
    return version


class ShellCheck:
    """One ShellCheck program, asked about many scripts at a time."""

    def __init__(
        self,
        path: str,
        version: tuple[int, int, int],
        *,
        jobs: int = 1,
        timeout: float = 30.0,
        cache: Cache | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.path = path
        self.version = version
        self.jobs = max(jobs, 1)
        self.timeout = timeout
        self.cache = cache
        self.batch_size = max(batch_size, 1)
        self.spawned = 0  # processes started, for tests and benchmarks
        self._answers: dict[str, Answer] = {}
        self._rc_bytes: dict[str, str | None] = {}
        self._lock = threading.Lock()

    # Keys -------------------------------------------------------------------------------

    def _rc_digest(self, rcfile: str | None) -> str | None:
        if rcfile is None:
            return None
        if rcfile not in self._rc_bytes:
            try:
                with open(rcfile, "rb") as f:
                    self._rc_bytes[rcfile] = hashlib.sha256(f.read()).hexdigest()
            except OSError as exc:
                # ShellCheck will say what is wrong with it; the key must not collide.
                self._rc_bytes[rcfile] = f"unreadable {rcfile}: {exc.strerror}"
        return self._rc_bytes[rcfile]

    def key(self, job: Job) -> str:
        """What the answer depends on: ShellCheck's version, the options we pass, the rc
        file's content, and the script (whose shebang names the shell)."""
        material = json.dumps(
            [CACHE_FORMAT, self.version, EXCLUDED, MIN_LEVEL, self._rc_digest(job.rcfile), job.text]
        )
        return hashlib.sha256(material.encode("utf-8", "replace")).hexdigest()

    # Asking -----------------------------------------------------------------------------

    def result(self, job: Job) -> Answer:
        """ShellCheck's comments on `job`'s script (checked now if it was not yet)."""
        key = self.key(job)
        found = self._answers.get(key)
        if found is None:
            self.check([job])
            found = self._answers[key]
        return found

    def check(self, jobs: Iterable[Job]) -> None:
        """Answer every job: from memory, the cache, then ShellCheck in batches."""
        pending: dict[str, Job] = {}
        for job in jobs:
            key = self.key(job)
            if key in self._answers or key in pending:
                continue
            cached = self._from_cache(key)
            if cached is not None:
                self._answers[key] = cached
            else:
                pending[key] = job
        if not pending:
            return
        batches: list[list[tuple[str, Job]]] = []
        by_rc: dict[str | None, list[tuple[str, Job]]] = {}
        for key, job in pending.items():
            by_rc.setdefault(job.rcfile, []).append((key, job))
        for items in by_rc.values():
            for start in range(0, len(items), self.batch_size):
                batches.append(items[start : start + self.batch_size])
        if len(batches) == 1 or self.jobs == 1:
            outcomes = [self._settle(batch) for batch in batches]
        else:
            with ThreadPoolExecutor(max_workers=min(self.jobs, len(batches))) as pool:
                outcomes = list(pool.map(self._settle, batches))
        for outcome in outcomes:
            for key, answer in outcome.items():
                self._answers[key] = answer
                if self.cache is not None and not isinstance(answer, Failure):
                    self.cache.put(key, [_comment_row(c) for c in answer])

    def _from_cache(self, key: str) -> list[Comment] | None:
        if self.cache is None:
            return None
        return self.cache.get(key, _comments_of)

    def _settle(self, batch: Sequence[tuple[str, Job]]) -> dict[str, Answer]:
        """Answers for one batch; on failure, each group of it asked alone."""
        answers = self._run(batch)
        if not isinstance(answers, Failure):
            return answers
        groups: dict[str, list[tuple[str, Job]]] = {}
        for key, job in batch:
            groups.setdefault(job.group, []).append((key, job))
        if len(groups) == 1:
            return {key: answers for key, _ in batch}
        settled: dict[str, Answer] = {}
        for items in groups.values():
            alone = self._run(items)
            if isinstance(alone, Failure):
                settled.update((key, alone) for key, _ in items)
            else:
                settled.update(alone)
        return settled

    def _command(self, rcfile: str | None, workdir: str) -> list[str]:
        command = [self.path, "-f", "json1", "-S", MIN_LEVEL, "-e", ",".join(EXCLUDED)]
        if rcfile is None:
            command.append("--norc")
        elif self.version >= (0, 10, 0):
            command += ["--rcfile", rcfile]
        else:
            # 0.9 has no --rcfile: it finds a .shellcheckrc beside the script first.
            shutil.copyfile(rcfile, os.path.join(workdir, ".shellcheckrc"))
        return command

    def _run(self, batch: Sequence[tuple[str, Job]]) -> dict[str, Answer] | Failure:
        """One ShellCheck process over a batch (all with one rc file)."""
        with tempfile.TemporaryDirectory(prefix="dockerlint-ml-sc-") as workdir:
            names: dict[str, str] = {}
            for n, (key, job) in enumerate(batch):
                name = f"s{n}.sh"
                names[name] = key
                with open(
                    os.path.join(workdir, name), "w", encoding="utf-8", errors="replace", newline=""
                ) as f:
                    f.write(job.text)
            try:
                command = self._command(batch[0][1].rcfile, workdir) + list(names)
            except OSError as exc:
                return Failure(f"cannot read {batch[0][1].rcfile} ({exc.strerror})")
            # SHELLCHECK_OPTS would change answers behind the cache key's back.
            env = {k: v for k, v in os.environ.items() if k != "SHELLCHECK_OPTS"}
            with self._lock:
                self.spawned += 1
            try:
                done = subprocess.run(
                    command,
                    cwd=workdir,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=self.timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return Failure(f"shellcheck timed out after {self.timeout:g} s")
            except OSError as exc:
                return Failure(f"cannot run shellcheck ({exc.strerror or exc})")
            if done.returncode not in (0, 1):
                return Failure(_exit_reason(done))
            try:
                comments = json.loads(done.stdout.decode("utf-8", "replace"))["comments"]
                found: dict[str, list[Comment]] = {name: [] for name in names}
                for row in comments:
                    # A comment on a file that is not ours (none are expected) is dropped.
                    if row["file"] in found:
                        found[row["file"]].append(_comment_of(row))
            except (ValueError, TypeError, KeyError):
                return Failure("shellcheck printed output that is not its JSON")
            return {names[name]: answer for name, answer in found.items()}


def _exit_reason(done: subprocess.CompletedProcess[bytes]) -> str:
    if done.returncode < 0:
        return f"shellcheck was killed by signal {-done.returncode}"
    said = next(
        (ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.strip()),
        "",
    )
    reason = f"shellcheck exited with status {done.returncode}"
    return f"{reason}: {said}" if said else reason


def _comment_of(row: Any) -> Comment:
    """A Comment from one json1 comment (ShellCheck's) or cache row (ours)."""
    if isinstance(row, list):
        line, column, end_line, end_column, level, code, message, fix = row
        if not isinstance(fix, list):
            raise TypeError("not a list of replacements")
        return Comment(
            int(line),
            int(column),
            int(end_line),
            int(end_column),
            str(level),
            str(code),
            str(message),
            tuple(_replacement_of(r) for r in fix),
        )
    code = row["code"]
    return Comment(
        int(row["line"]),
        int(row["column"]),
        int(row["endLine"]),
        int(row["endColumn"]),
        str(row["level"]),
        code if isinstance(code, str) else f"SC{int(code)}",
        str(row["message"]),
        _fix_of(row.get("fix")),
    )


def _fix_of(fix: Any) -> tuple[Replacement, ...]:
    """The replacements of a json1 `fix` (null for most comments); none when it is not
    the shape ShellCheck documents: a fix is an offer, a comment without one still counts."""
    if not isinstance(fix, dict) or not isinstance(fix.get("replacements"), list):
        return ()
    found: list[Replacement] = []
    for r in fix["replacements"]:
        if not isinstance(r, dict):
            return ()
        keys = ("line", "column", "endLine", "endColumn", "replacement", "insertionPoint")
        if not all(k in r for k in keys):
            return ()
        line, column, end_line, end_column, text, insertion = (r[k] for k in keys)
        numbers = (line, column, end_line, end_column)
        if not all(type(n) is int for n in numbers) or not isinstance(text, str):
            return ()
        if insertion not in (BEFORE_START, AFTER_END):
            return ()
        found.append(Replacement(line, column, end_line, end_column, insertion, text))
    return tuple(found)


def _replacement_of(row: Any) -> Replacement:
    """A Replacement from one cache row (ours)."""
    line, column, end_line, end_column, insertion, text = row
    if insertion not in (BEFORE_START, AFTER_END) or not isinstance(text, str):
        raise ValueError("not a replacement")
    return Replacement(int(line), int(column), int(end_line), int(end_column), insertion, text)


def _comments_of(rows: Any) -> list[Comment]:
    if not isinstance(rows, list):
        raise TypeError("not a list of comments")
    return [_comment_of(row) for row in rows]


def _comment_row(c: Comment) -> list[Any]:
    fix = [list(r) for r in c.fix]
    return [c.line, c.column, c.end_line, c.end_column, c.level, c.code, c.message, fix]

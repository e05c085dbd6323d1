"""ShellCheck for a run: which program, which rc file, and the scripts of many files checked in
shared batches before their files are linted.

A ShellCheck process costs ~100 ms to start and ~2.5 ms per script once started, so the
runner hands over the scripts of a chunk of files at once (`gather`, then `check`), and the
SC rule then reads each script's comments from what was fetched (`checker`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockerlint_ml.dockerfile.model import Dockerfile
from dockerlint_ml.engine.rule import Context, ScriptChecker, ShellComment
from dockerlint_ml.facts.shell_scripts import Script
from dockerlint_ml.run.nearest import nearest_above
from dockerlint_ml.run.shellcheck import (
    Failure,
    Job,
    ShellCheck,
    ShellCheckUnavailable,
    find_shellcheck,
    shellcheck_version,
)

if TYPE_CHECKING:
    from dockerlint_ml.run.cache import Cache

INSTALL_HINT = "pip install 'dockerlint-ml[shellcheck]'"
# Each batch gets this long; a ShellCheck that hangs costs the batch, then its files once.
TIMEOUT = 30.0
# ShellCheck's own rc file names, as it looks for them in a script's directory and above.
RC_NAMES = (".shellcheckrc", "shellcheckrc")


@dataclass
class FileScripts:
    """The scripts of one file, with what ShellCheck said of each (after `check`)."""

    service: ShellCheck
    group: str
    rcfile: str | None
    jobs: dict[str, Job] = field(default_factory=dict)  # script text -> its job

    def checker(self) -> ScriptChecker:
        def comments(script: Script) -> Sequence[ShellComment] | None:
            job = self.jobs.get(script.text)
            if job is None:
                job = self.jobs[script.text] = Job(script.text, self.rcfile, self.group)
            found = self.service.result(job)
            return None if isinstance(found, Failure) else found

        return comments

    def failure(self) -> str | None:
        """The first reason ShellCheck failed on one of the file's scripts, or None."""
        for job in self.jobs.values():
            found = self.service.result(job)
            if isinstance(found, Failure):
                return found.reason
        return None


class ShellCheckRun:
    """The ShellCheck programs of one run (one per `shellcheck-path`), and rc file lookups."""

    def __init__(self, *, cache: bool = True, processes: int | None = None) -> None:
        self.use_cache = cache
        self.processes = processes or max(len(_cores()), 1)
        self._services: dict[str | None, ShellCheck | ShellCheckUnavailable] = {}
        self._rc: dict[str, str | None] = {}
        self.warnings: list[str] = []

    def service(self, configured: str | None) -> ShellCheck:
        """The ShellCheck at `configured` (or found beside the interpreter / on PATH);
        raises ShellCheckUnavailable with a one-line reason."""
        found = self._services.get(configured)
        if found is None:
            try:
                found = self._start(configured)
            except ShellCheckUnavailable as exc:
                found = exc
            self._services[configured] = found
        if isinstance(found, ShellCheckUnavailable):
            raise found
        return found

    def _start(self, configured: str | None) -> ShellCheck:
        path = find_shellcheck(configured)
        if path is None:
            raise ShellCheckUnavailable(f"ShellCheck is not installed ({INSTALL_HINT})")
        cache = None
        if self.use_cache:
            from dockerlint_ml.run.cache import Cache

            cache = Cache("shellcheck")
            version = _cached_version(path, cache)
        else:
            version = shellcheck_version(path)
        return ShellCheck(path, version, jobs=self.processes, timeout=TIMEOUT, cache=cache)

    def rcfile(self, path: str | None) -> str | None:
        """The `.shellcheckrc` (or `shellcheckrc`) nearest above a Dockerfile, as ShellCheck
        looks for one beside a script; none for standard input without a name. The home
        directory's is not read: a result must not depend on who runs the linter."""
        if path is None:
            return None

        def rc_in(directory: str) -> str | None:
            return next(
                (
                    os.path.join(directory, n)
                    for n in RC_NAMES
                    if os.path.isfile(os.path.join(directory, n))
                ),
                None,
            )

        return nearest_above(os.path.dirname(os.path.abspath(path)), self._rc, rc_in)

    def gather(
        self, service: ShellCheck, ctx: Context, group: str, rcfile: str | None
    ) -> FileScripts:
        """The scripts of a file's RUNs (ONBUILD RUNs too), as jobs for `check`."""
        scripts = FileScripts(service, group, rcfile)
        dockerfile: Dockerfile = ctx.dockerfile
        for ins in dockerfile.instructions:
            target = ins.inner if ins.inner is not None else ins
            if target.keyword != "RUN":
                continue
            for script in ctx.scripts(target):
                scripts.jobs.setdefault(script.text, Job(script.text, rcfile, group))
        return scripts

    def check(self, files: Sequence[FileScripts]) -> None:
        """Check the scripts of many files, in shared batches per ShellCheck program."""
        by_service: dict[int, tuple[ShellCheck, list[Job]]] = {}
        for f in files:
            entry = by_service.setdefault(id(f.service), (f.service, []))
            entry[1].extend(f.jobs.values())
        for service, jobs in by_service.values():
            if jobs:
                service.check(jobs)

    def cache_warnings(self) -> list[str]:
        """One line per cache problem met (a corrupt entry, an unwritable directory)."""
        lines: list[str] = []
        for service in self._services.values():
            if isinstance(service, ShellCheck) and service.cache is not None:
                lines.extend(w for w in service.cache.warnings if w not in lines)
        return lines

    def spawned(self) -> int:
        """ShellCheck processes started so far."""
        return sum(s.spawned for s in self._services.values() if isinstance(s, ShellCheck))


def _cached_version(path: str, cache: Cache) -> tuple[int, int, int]:
    """The program's version, asked once per binary: keyed by its path, size and
    modification time, so that a run answered by the cache starts no process at all."""
    try:
        st = os.stat(path)
    except OSError:
        return shellcheck_version(path)  # it says what is wrong with the path
    key = hashlib.sha256(f"version {path} {st.st_size} {st.st_mtime_ns}".encode()).hexdigest()

    def decode(value: object) -> tuple[int, int, int]:
        if not (isinstance(value, list) and len(value) == 3):
            raise TypeError("not a version")
        major, minor, patch = (int(n) for n in value)
        return major, minor, patch

    found = cache.get(key, decode)
    if found is None:
        found = shellcheck_version(path)
        cache.put(key, list(found))
    return found


def _cores() -> set[int]:
    sched = getattr(os, "sched_getaffinity", None)
    if sched is not None:
        try:
            return set(sched(0))
        except OSError:
            pass
    return set(range(os.cpu_count() or 1))

"""The Python a project's manifests ask for, and whether a given Python satisfies it.

Four files state it: a Pipfile's `[requires]` table (`python_version`, or
`python_full_version`, which pipenv prefers when both are set), pyproject.toml's PEP 621
`requires-python` (a PEP 440 specifier set), `.python-version` (uv's and pyenv's pin) and
Heroku's `runtime.txt` (`python-3.11.4`). The parsers here turn one file's text into a
`PythonRequirement`, or None when the file says nothing we can read (no such field, a
value that is no plain version, malformed TOML: that is another check's business).
`judge` compares a requirement with a `PythonVersion` whose patch level may be unknown
and answers OK, MISMATCH, or None when it cannot be told.

Pure functions over text: nothing here reads files or knows about Dockerfiles.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from dockerlint_ml.dockerfile.model import ImageRef
from dockerlint_ml.facts.image_facts import PYTHON_FROM_TAG, ImageFacts, python_version

OK = "ok"
MISMATCH = "mismatch"

# How a requirement is compared with a Python version:
#   PREFIX: the version must start with it, at the precision it is written ("3.11" takes
#           every 3.11.x, "3.11.4" only 3.11.4): pipenv's [requires] and `.python-version`;
#   SPECIFIER: a PEP 440 specifier set (`>=3.10,<3.13`): `requires-python`;
#   COMMON: equal at the precision both sides give (runtime.txt's `python-3.11.4` against
#           an image known as 3.11 compares 3.11 with 3.11): a statement of the app's
#           Python, not a constraint any installer enforces.
PREFIX = "prefix"
SPECIFIER = "specifier"
COMMON = "common"

# A plain version as the files write it: `3`, `3.11`, `3.11.4` (no pre-release, no
# implementation prefix, no wildcard).
_VERSION_RE = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")
# The docker-library python image's tags lead with the full version when they carry one:
# `3.11.4`, `3.11.4-slim-bookworm` (a pre-release such as `3.13.0rc1-slim` does not match).
_FULL_TAG_RE = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-|$)")
_RUNTIME_RE = re.compile(r"python-(\d+\.\d+(?:\.\d+)?)")
# Patch levels tried when only major.minor is known: CPython lines end well below 50
# (2.7.18, 3.8.20); the patches a specifier names, and their neighbours, are added.
_PATCHES = range(51)


@dataclass(frozen=True, slots=True)
class PythonVersion:
    """A CPython version; `patch` None when only major.minor is known (`python:3.11`)."""

    major: int
    minor: int
    patch: int | None = None

    @classmethod
    def parse(cls, text: str) -> PythonVersion | None:
        """`3.11` or `3.11.4`; None for anything else (`3`, `3.13.0rc1`, `pypy3.10`)."""
        m = _VERSION_RE.fullmatch(text.strip())
        if m is None or m.group(2) is None:
            return None
        patch = int(m.group(3)) if m.group(3) is not None else None
        return cls(int(m.group(1)), int(m.group(2)), patch)

    @property
    def line(self) -> str:
        """The release line: `3.11`."""
        return f"{self.major}.{self.minor}"

    def __str__(self) -> str:
        return self.line if self.patch is None else f"{self.line}.{self.patch}"


def image_python(facts: ImageFacts, image: ImageRef) -> PythonVersion | None:
    """The Python an image ships, as precisely as its facts and tag tell: major.minor from
    the image facts, the patch level too when the official python image's tag gives it
    (`python:3.11.4-slim`) or the user's facts name one (`python = "3.11.4"`)."""
    line = python_version(facts, image)
    if line is None:
        return None
    found = PythonVersion.parse(line)
    if found is None or found.patch is not None:
        return found
    if facts.python == PYTHON_FROM_TAG and image.name == "python":
        # Only the docker-library scheme: other images put dates or their own versions
        # after major.minor (`public.ecr.aws/lambda/python:3.11.2024.01.05`).
        m = _FULL_TAG_RE.match(image.tag or "")
        if m is not None and (int(m.group(1)), int(m.group(2))) == (found.major, found.minor):
            return PythonVersion(found.major, found.minor, int(m.group(3)))
    return found


@dataclass(frozen=True, slots=True)
class PythonRequirement:
    """What one manifest says of the Python it needs."""

    manifest: str  # the file's name: "Pipfile", "pyproject.toml", ".python-version"...
    field: str  # where in it: "[requires] python_version", "requires-python"; "" for a whole file
    text: str  # as written: "3.11", ">=3.10"
    kind: str  # PREFIX, SPECIFIER or COMMON


def _toml(text: str) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib as toml
    else:
        import tomli as toml  # type: ignore[import-not-found, unused-ignore]
    try:
        data: dict[str, Any] = toml.loads(text)
    except (ValueError, RecursionError):
        # TOMLDecodeError is a ValueError; tomllib recurses once per nesting level.
        return None
    return data


def parse_pipfile(text: str) -> PythonRequirement | None:
    """A Pipfile's `[requires]`: `python_full_version` when set (pipenv checks it first),
    else `python_version`. A value that is no plain version (`*`, `${PY}`, which pipenv
    expands from the environment) gives None."""
    data = _toml(text)
    requires = data.get("requires") if data is not None else None
    if not isinstance(requires, dict):
        return None
    for key in ("python_full_version", "python_version"):
        if key not in requires:
            continue
        value = requires[key]
        if not isinstance(value, str) or _VERSION_RE.fullmatch(value.strip()) is None:
            return None
        return PythonRequirement("Pipfile", f"[requires] {key}", value.strip(), PREFIX)
    return None


def parse_pyproject(text: str) -> PythonRequirement | None:
    """pyproject.toml's `[project] requires-python` (PEP 621), when it is a valid PEP 440
    specifier set; Poetry's `[tool.poetry.dependencies] python` (its own caret syntax) is
    not read."""
    data = _toml(text)
    project = data.get("project") if data is not None else None
    if not isinstance(project, dict):
        return None
    value = project.get("requires-python")
    if not isinstance(value, str) or _specifiers(value) is None:
        return None
    return PythonRequirement("pyproject.toml", "requires-python", value.strip(), SPECIFIER)


def _first_line(text: str) -> str | None:
    """The first line that is neither blank nor a `#` comment, stripped."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped
    return None


def parse_python_version_file(text: str) -> PythonRequirement | None:
    """`.python-version`: its first line when it is `3.11` or `3.11.4`; None for anything
    else (`pypy3.10`, `system`, a virtualenv's name, several versions on one line)."""
    line = _first_line(text)
    if line is None or PythonVersion.parse(line) is None:
        return None
    return PythonRequirement(".python-version", "", line, PREFIX)


def parse_runtime_txt(text: str) -> PythonRequirement | None:
    """Heroku's runtime.txt: `python-3.11.4` or `python-3.11`."""
    line = _first_line(text)
    m = _RUNTIME_RE.fullmatch(line) if line is not None else None
    if m is None:
        return None
    return PythonRequirement("runtime.txt", "", m.group(1), COMMON)


PARSERS: Mapping[str, Callable[[str], PythonRequirement | None]] = {
    "Pipfile": parse_pipfile,
    "pyproject.toml": parse_pyproject,
    ".python-version": parse_python_version_file,
    "runtime.txt": parse_runtime_txt,
}


def parse_manifest(name: str, text: str) -> PythonRequirement | None:
    """The requirement in a manifest called `name` (one of PARSERS' keys), or None."""
    parser = PARSERS.get(name)
    return parser(text) if parser is not None else None


# -- judging --------------------------------------------------------------------------


def judge(requirement: PythonRequirement, version: PythonVersion) -> str | None:
    """OK when `version` satisfies the requirement, MISMATCH when it does not, None when
    it cannot be told (a patch-level requirement against a version known as major.minor
    only, or a specifier that some patch levels of the line satisfy and others not)."""
    if requirement.kind == SPECIFIER:
        return _judge_specifier(requirement.text, version)
    m = _VERSION_RE.fullmatch(requirement.text)
    if m is None:
        return None
    wanted = [int(g) for g in m.groups() if g is not None]
    known = [version.major, version.minor, *([] if version.patch is None else [version.patch])]
    if any(w != k for w, k in zip(wanted, known, strict=False)):
        return MISMATCH
    if requirement.kind == PREFIX and len(wanted) > len(known):
        return None  # `3.11.4` wanted, the image's 3.11 patch level unknown
    return OK


def _specifiers(text: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def _judge_specifier(text: str, version: PythonVersion) -> str | None:
    specs = _specifiers(text)
    if specs is None:
        return None
    patches = set(_PATCHES)
    for spec in specs:
        if spec.operator == "===":
            return None  # arbitrary string equality: not a version comparison
        exact = spec.operator in ("==", "!=") and not spec.version.endswith(".*")
        try:
            release = Version(spec.version.removesuffix(".*")).release
        except InvalidVersion:
            return None
        if exact and len(release) < 3:
            # `==3.11` is 3.11.0 alone under PEP 440 padding, though it is often meant as
            # the whole line (and some tools read it so): not judged.
            return None
        if release[:2] == (version.major, version.minor) and len(release) >= 3:
            patches.update(p for p in (release[2] - 1, release[2], release[2] + 1) if p >= 0)
    if version.patch is not None:
        patches = {version.patch}
    results = {
        specs.contains(Version(f"{version.major}.{version.minor}.{p}"), prereleases=False)
        for p in patches
    }
    if results == {True}:
        return OK
    if results == {False}:
        return MISMATCH
    return None

"""facts.python_requirements: what manifests ask of Python, and whether a version satisfies it."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import ImageRef
from dockerlint_ml.facts.image_facts import ImageFacts, facts_for
from dockerlint_ml.facts.python_requirements import (
    COMMON,
    MISMATCH,
    OK,
    PREFIX,
    SPECIFIER,
    PythonRequirement,
    PythonVersion,
    image_python,
    judge,
    parse_manifest,
    parse_pipfile,
    parse_pyproject,
    parse_python_version_file,
    parse_runtime_txt,
)


def _v(text: str) -> PythonVersion:
    found = PythonVersion.parse(text)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.11", PythonVersion(3, 11)),
        ("3.11.4", PythonVersion(3, 11, 4)),
        (" 3.8.18 ", PythonVersion(3, 8, 18)),
        ("3", None),
        ("3.13.0rc1", None),
        ("pypy3.10", None),
        ("3.11.4.1", None),
        ("", None),
    ],
)
def test_version_parse(text: str, expected: PythonVersion | None) -> None:
    assert PythonVersion.parse(text) == expected


def test_version_text() -> None:
    assert str(PythonVersion(3, 11)) == "3.11"
    assert str(PythonVersion(3, 11, 4)) == "3.11.4"
    assert PythonVersion(3, 11, 4).line == "3.11"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("python:3.11-slim", "3.11"),
        ("python:3.11.4-slim", "3.11.4"),
        ("python:3.11.4", "3.11.4"),
        ("python:3.11.4-slim-bookworm", "3.11.4"),
        ("python:3.13.0rc1-slim", "3.13"),  # a pre-release: the line only
        ("ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "3.12"),
        # Lambda's tags put a date after major.minor, not a patch level
        ("public.ecr.aws/lambda/python:3.11.2024.01.05", "3.11"),
        ("python:3-slim", None),
        ("python:latest", None),
    ],
)
def test_image_python(ref: str, expected: str | None) -> None:
    name, _, tag = ref.rpartition(":")
    image = ImageRef(raw=ref, name=name, tag=tag, digest=None, registry=None)
    facts = facts_for(image)
    assert facts is not None
    found = image_python(facts, image)
    assert (str(found) if found is not None else None) == expected


def test_image_python_from_user_facts() -> None:
    image = ImageRef(raw="corp/base:1", name="corp/base", tag="1", digest=None, registry=None)
    assert image_python(ImageFacts("corp/base", python="3.10.12"), image) == PythonVersion(
        3, 10, 12
    )
    assert image_python(ImageFacts("corp/base", python="3.10"), image) == PythonVersion(3, 10)
    assert image_python(ImageFacts("corp/base"), image) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[requires]\npython_version = "3.11"\n', ("[requires] python_version", "3.11")),
        (
            '[requires]\npython_version = "3.11"\npython_full_version = "3.11.4"\n',
            ("[requires] python_full_version", "3.11.4"),
        ),
        ('[packages]\nflask = "*"\n', None),
        ('[requires]\npython_version = "*"\n', None),
        ('[requires]\npython_version = "${PYTHON_VERSION}"\n', None),
        ("[requires]\npython_version = 3.11\n", None),  # a float, not a string
        ('[requires]\npython_full_version = "latest"\npython_version = "3.11"\n', None),
        ("[requires\npython_version = '3.11'\n", None),  # malformed TOML
        ("requires = 3\n", None),
    ],
)
def test_parse_pipfile(text: str, expected: tuple[str, str] | None) -> None:
    found = parse_pipfile(text)
    if expected is None:
        assert found is None
        return
    assert found == PythonRequirement("Pipfile", expected[0], expected[1], PREFIX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[project]\nname = "x"\nrequires-python = ">=3.10"\n', ">=3.10"),
        ('[project]\nrequires-python = " >=3.10, <3.13 "\n', ">=3.10, <3.13"),
        ('[project]\nname = "x"\n', None),
        ('[tool.poetry.dependencies]\npython = "^3.11"\n', None),
        ('[project]\nrequires-python = "^3.11"\n', None),  # not PEP 440
        ('[project]\nrequires-python = [">=3.10"]\n', None),
        ('project = "x"\n', None),
        ("[project\n", None),
        (
            "a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1" * 20,
            None,
        ),
    ],
)
def test_parse_pyproject(text: str, expected: str | None) -> None:
    found = parse_pyproject(text)
    if expected is None:
        assert found is None
        return
    assert found == PythonRequirement("pyproject.toml", "requires-python", expected, SPECIFIER)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.11\n", "3.11"),
        ("# pinned by uv\n\n3.11.4\n", "3.11.4"),
        ("  3.12  \n3.11\n", "3.12"),
        ("pypy3.10\n", None),
        ("system\n", None),
        ("my-venv\n", None),
        ("3.11 3.10\n", None),
        ("3\n", None),
        ("cpython@3.12\n", None),
        ("", None),
    ],
)
def test_parse_python_version_file(text: str, expected: str | None) -> None:
    found = parse_python_version_file(text)
    if expected is None:
        assert found is None
        return
    assert found == PythonRequirement(".python-version", "", expected, PREFIX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python-3.11.4\n", "3.11.4"),
        ("python-3.12\n", "3.12"),
        ("\npython-3.10.13", "3.10.13"),
        ("3.11.4\n", None),
        ("pypy3-7.3\n", None),
        ("python-3\n", None),
    ],
)
def test_parse_runtime_txt(text: str, expected: str | None) -> None:
    found = parse_runtime_txt(text)
    if expected is None:
        assert found is None
        return
    assert found == PythonRequirement("runtime.txt", "", expected, COMMON)


def test_parse_manifest_dispatches_by_name() -> None:
    assert parse_manifest(".python-version", "3.11\n") is not None
    assert parse_manifest("runtime.txt", "python-3.11\n") is not None
    assert parse_manifest("setup.py", "3.11\n") is None


def _req(kind: str, text: str) -> PythonRequirement:
    return PythonRequirement("m", "", text, kind)


@pytest.mark.parametrize(
    ("kind", "text", "version", "expected"),
    [
        # a pin, at the precision it is written
        (PREFIX, "3.11", "3.11", OK),
        (PREFIX, "3.11", "3.11.4", OK),
        (PREFIX, "3.11", "3.8", MISMATCH),
        (PREFIX, "3.11", "3.12.1", MISMATCH),
        (PREFIX, "3.11.4", "3.11.4", OK),
        (PREFIX, "3.11.4", "3.11.2", MISMATCH),
        (PREFIX, "3.11.4", "3.11", None),  # the image's patch level is unknown
        (PREFIX, "3.11.4", "3.8", MISMATCH),  # whatever the patch level
        (PREFIX, "3", "3.8", OK),
        # runtime.txt: equal at the precision both sides give
        (COMMON, "3.11.4", "3.11", OK),
        (COMMON, "3.11.4", "3.11.4", OK),
        (COMMON, "3.11.4", "3.11.2", MISMATCH),
        (COMMON, "3.11", "3.12", MISMATCH),
        # PEP 440 specifiers
        (SPECIFIER, ">=3.10", "3.11", OK),
        (SPECIFIER, ">=3.12", "3.11", MISMATCH),
        (SPECIFIER, ">=3.11.4", "3.11", None),  # some 3.11.x satisfy it, some do not
        (SPECIFIER, ">=3.11.4", "3.11.2", MISMATCH),
        (SPECIFIER, ">=3.11.4", "3.11.4", OK),
        (SPECIFIER, ">=3.11.4", "3.12", OK),
        (SPECIFIER, "==3.11.4", "3.11", None),
        (SPECIFIER, "==3.11.4", "3.11.2", MISMATCH),
        (SPECIFIER, "==3.11.*", "3.11", OK),
        (SPECIFIER, "==3.11.*", "3.12", MISMATCH),
        (SPECIFIER, ">=3.9,<3.12", "3.12", MISMATCH),
        (SPECIFIER, ">=3.9,<3.12", "3.11", OK),
        (SPECIFIER, "<3.11.100", "3.11", None),  # a patch past the range tried is still seen
        (SPECIFIER, "~=3.11", "3.12", OK),
        (SPECIFIER, "~=3.11", "4.0", MISMATCH),
        (SPECIFIER, "!=3.11.4", "3.11", None),
        (SPECIFIER, "!=3.11.*", "3.11", MISMATCH),
        (SPECIFIER, ">3.11", "3.11", None),  # 3.11.0 is not above 3.11; 3.11.1 is
        (SPECIFIER, "", "3.8", OK),
        # `==3.11` is 3.11.0 alone under PEP 440: ambiguous in practice, not judged
        (SPECIFIER, "==3.11", "3.11.4", None),
        (SPECIFIER, "!=3.11", "3.11", None),
        (SPECIFIER, "===3.11.4", "3.11.4", None),
        (SPECIFIER, ">=3.13.0rc1", "3.13", OK),  # pre-releases are not candidates
        (SPECIFIER, "^3.11", "3.11", None),  # not PEP 440
    ],
)
def test_judge(kind: str, text: str, version: str, expected: str | None) -> None:
    assert judge(_req(kind, text), _v(version)) == expected

"""Dockerfiles shared by the tests of the CI formats (SARIF, GitHub, GitLab, JUnit)."""

from __future__ import annotations

from pathlib import Path

# The rules the exact expectations of the format tests are written for: the mission's
# (DLM0xx) and the engine's (DLM9xx), so that a rule joining the default selection or the
# ML-image family (DLM1xx) does not change every format's output. The default selection
# also reports DL3013 and DL3042 on the `pip install` of DIRTY (line 3) and of INFO (line 4).
SELECT = ["DLM0", "DLM9"]

# With SELECT: DLM001 + DLM002 (line 1), DLM003 (2), DLM004 (3), DLM009 error (5).
DIRTY = (
    "FROM python:3\nCOPY app.py .\nRUN pip install flask gunicorn\nEXPOSE 8000\n"
    'CMD ["gunicorn", "app:app"]\n'
)
# DLM008 on lines 4-5 (a shell-form ENTRYPOINT continued on the next line).
MULTILINE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT python \\\n    serve.py\n"
# DLM006 at level info (the start command goes through `pipenv run`); the EXPOSE keeps
# DLM011 quiet.
INFO = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
    "RUN pip install pipenv && pipenv install --deploy\nCOPY . .\n"
    'CMD ["pipenv", "run", "gunicorn", "-b", "0.0.0.0:8000", "app:app"]\nEXPOSE 8000\n'
)
# Rich markup, ANSI escapes, BEL, a bidi override and bytes that are not UTF-8.
HOSTILE = (
    b"FROM python:3\x1b[31m[bold]x\x07\xe2\x80\xae AS b\n"
    b"FROM [red]evil[/red]:latest\nCOPY . .\n"
    b'LABEL a="\xff\xfe"\nCMD gunicorn app:app %s::error::x\r\n'
)


def write_file(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_repo(tmp_path: Path) -> Path:
    """A repository (`.git` is enough) with three Dockerfiles under `repo/`."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write_file(root / "docker" / "Dockerfile", DIRTY)
    write_file(root / "svc" / "Dockerfile.api", MULTILINE)
    write_file(root / "svc" / "ml" / "Dockerfile", INFO)
    return root

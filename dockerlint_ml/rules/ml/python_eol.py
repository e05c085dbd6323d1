"""DLM101 python-eol."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, ImageRef, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.image_facts import python_version
from dockerlint_ml.facts.python_versions import python_line, suggested, supported


class PythonEol(Rule):
    """The image runs a Python release line that is past its end of life.

    Reads the Python of the final stage: the image at the bottom of its chain (through
    `FROM <stage>`, with ARG values substituted in FROM, e.g. `ARG PY=3.8` then
    `FROM python:${PY}-slim`) and what the image facts say of it: the `python` image and
    those built like it give the version in the tag (`python:3.8-slim`,
    `python:3.8.18-bookworm`, `ghcr.io/astral-sh/uv:python3.12-bookworm-slim`,
    `public.ecr.aws/lambda/python:3.9`); the user's facts may name the Python of their own
    bases (`python = "3.9"`). The line is past end of life when `--as-of` (default: today)
    is on or after its end-of-life date: 2.7 2020-01-01, 3.5 2020-09-13, 3.6 2021-12-23,
    3.7 2023-06-27, 3.8 2024-10-07, 3.9 2025-10-31, 3.10 2026-10-31, 3.11 2027-10-31,
    3.12 2028-10-31, 3.13 2029-10-31, 3.14 2030-10-31 (and the older lines). Reported once,
    on the final stage's FROM; when the version comes from an earlier stage the message
    names it. Not checked: a tag without a minor version (`python:3`, `python:slim`,
    `python:latest`), which moves and is DLM001's business; a base without image facts or
    whose facts do not name its Python; a FROM whose ARG cannot be resolved; a Python the
    build installs itself (apt, conda, pyenv, uv python), and build stages that do not ship.

    ## Why is this bad?

    From its end-of-life date a Python release line gets no more fixes, security fixes
    included: a vulnerability found in the interpreter or its standard library stays open
    in every image built on it. Libraries drop the line soon after (new releases stop
    publishing wheels for it), so the image is also stuck on old versions of its
    dependencies, and its base image tags stop being rebuilt with OS updates.

    ## Example

    ```dockerfile
    FROM python:3.8-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "app.py"]
    ```

    ## References

    - Python developer's guide, status of Python versions (end-of-life dates):
      https://devguide.python.org/versions/
    - Release schedules: 2.7 https://peps.python.org/pep-0373/, 3.5
      https://peps.python.org/pep-0478/, 3.6 https://peps.python.org/pep-0494/, 3.7
      https://peps.python.org/pep-0537/, 3.8 https://peps.python.org/pep-0569/, 3.9
      https://peps.python.org/pep-0596/, 3.10 https://peps.python.org/pep-0619/, 3.11
      https://peps.python.org/pep-0664/, 3.12 https://peps.python.org/pep-0693/, 3.13
      https://peps.python.org/pep-0719/, 3.14 https://peps.python.org/pep-0745/
    - The annual release cycle and its five years of support (PEP 602):
      https://peps.python.org/pep-0602/
    """

    code = "DLM101"
    name = "python-eol"
    severity = Severity.WARNING

    def finish(self, ctx: Context) -> Iterator[Finding]:
        dockerfile = ctx.dockerfile
        stage = dockerfile.final_stage
        if stage is None:
            return
        image, facts = ctx.root_facts(stage)
        if image is None or facts is None:
            return
        version = python_version(facts, image)
        if version is None:
            return
        line = python_line(version)
        if line is None or not line.is_eol(ctx.as_of):
            return
        where = f"`{image.raw}`"
        root = dockerfile.stage_chain(stage)[-1]
        if root.index != stage.index:
            where += f", the base of stage `{root.name}`"
        yield self.finding(
            stage.from_instruction,
            f"Python {version} ({where}) reached end of life on {line.eol.isoformat()}:"
            " it gets no security fixes.",
            fix=_fix(image, ctx),
        )


def _fix(image: ImageRef, ctx: Context) -> str:
    lines = supported(ctx.as_of)
    target = suggested(ctx.as_of)
    if not lines or target is None:
        return "Move to a supported Python release line (https://devguide.python.org/versions/)."
    names = ", ".join(line.version for line in lines)
    hint = f"Move to a supported Python ({names})"
    if image.name == "python":
        tag = (image.tag or "").lower()
        variant = next((v for v in ("slim", "alpine") if v in tag), "")
        example = f"python:{target.version}" + (f"-{variant}" if variant else "")
        hint += f", e.g. `FROM {example}`"
    return hint + ", and rebuild the dependencies against it."

"""DLM003 workdir-missing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from dockerlint_ml.images import known_workdir
from dockerlint_ml.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.rule import Context, Rule
from dockerlint_ml.variables import expand

_WINDOWS_ABS = re.compile(r"^(?:[A-Za-z]:)?[\\/]")


class WorkdirMissing(Rule):
    """Files are copied, or a WORKDIR is set, relative to a directory this file never chose.

    Reported once per stage, when neither the stage nor the stages it is built on have set
    an absolute WORKDIR, and the base image is not one known to set one: on the first
    COPY or ADD whose destination is relative (`.`, `./`, `app/`, a heredoc copied to
    `app.py`), or on a WORKDIR with a relative path. A destination that uses a variable
    this file does not define is not reported. Windows paths (`C:\\app`) are absolute.

    Images known to set an absolute WORKDIR (checked against their Dockerfiles):

    | image | WORKDIR |
    |---|---|
    | `pytorch/pytorch` | `/workspace` |
    | `jupyter/*-notebook`, `jupyter/docker-stacks-foundation` | `/home/jovyan` |
    | the same names under `quay.io/jupyter/` | `/home/jovyan` |
    | `tensorflow/tensorflow` with `jupyter` in the tag | `/tf` |
    | `public.ecr.aws/lambda/*` (AWS Lambda base images) | `/var/task` |

    ## Why is this bad?

    Without WORKDIR, relative paths resolve against the base image's working directory:
    `/` for `python` and most images. The app's files end up mixed with the system's
    directories, the CMD's relative paths depend on an upstream choice, and a base image
    that later sets its own WORKDIR moves everything without a change in your repository.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    CMD ["python", "app.py"]
    ```

    ## References

    - Docker, `WORKDIR` (a relative path is relative to the previous WORKDIR) and `COPY`
      (a relative destination is relative to WORKDIR):
      https://docs.docker.com/reference/dockerfile/#workdir,
      https://docs.docker.com/reference/dockerfile/#copy
    - BuildKit check WorkdirRelativePath:
      https://docs.docker.com/reference/build-checks/workdir-relative-path/
    - hadolint DL3000 and DL3045 (which cannot see a WORKDIR set by the base image,
      hadolint issue #930): https://github.com/hadolint/hadolint/wiki/DL3000,
      https://github.com/hadolint/hadolint/wiki/DL3045
    - pytorch/pytorch: `WORKDIR /workspace` in https://github.com/pytorch/pytorch/blob/main/Dockerfile
    - Jupyter Docker Stacks: `WORKDIR "${HOME}"` with `HOME=/home/jovyan` in
      https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile
    - AWS Lambda base images: `WORKDIR /var/task` in each runtime branch of
      https://github.com/aws/aws-lambda-base-images (e.g. `Dockerfile.python3.12` on
      branch `python3.12`)
    - TensorFlow Jupyter images: `WORKDIR /tf` in
      https://github.com/tensorflow/tensorflow/blob/master/tensorflow/tools/dockerfiles/partials/jupyter.partial.Dockerfile
    """

    code = "DLM003"
    name = "workdir-missing"
    severity = Severity.WARNING
    keywords = frozenset({"WORKDIR", "COPY", "ADD"})
    aliases = ("DL3000", "DL3045", "WorkdirRelativePath")

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self._ctx: Context | None = None
        # Stages already settled: an absolute WORKDIR is known, or the finding was made.
        self._settled: set[int] = set()
        self._seen: set[int] = set()
        self._sets_absolute: dict[int, bool] = {}

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        if ctx is not self._ctx:
            self._ctx = ctx
            self._settled.clear()
            self._seen.clear()
            self._sets_absolute.clear()
        stage = ctx.stage(instruction)
        if stage is None or stage.index in self._settled:
            return
        dockerfile = ctx.dockerfile
        if stage.index not in self._seen:
            self._seen.add(stage.index)
            if self._inherits_workdir(dockerfile, stage):
                self._settled.add(stage.index)
                return
        if instruction.keyword == "WORKDIR":
            self._settled.add(stage.index)
            path, ok = _expand(dockerfile, stage, instruction, instruction.value)
            if not ok or _is_absolute(instruction.value, path):
                return
            target = "/" + path.removeprefix("./").lstrip("/")
            yield self.finding(
                instruction,
                f"`WORKDIR {instruction.value}` is relative and no absolute WORKDIR comes"
                " before it, so the directory depends on the base image's working directory.",
                fix=f"Use an absolute path: `WORKDIR {target}`.",
            )
            return
        dest = _destination(instruction)
        if dest is None:
            return
        path, ok = _expand(dockerfile, stage, instruction, dest)
        if not ok or _is_absolute(dest, path):
            return
        self._settled.add(stage.index)
        yield self.finding(
            instruction,
            f"{instruction.keyword} copies to the relative destination `{dest}` before any"
            " WORKDIR, so the files land in the base image's working directory (`/` for"
            " most images).",
            fix="Add `WORKDIR /app` (or another absolute path) before this instruction.",
        )

    def _inherits_workdir(self, dockerfile: Dockerfile, stage: Stage) -> bool:
        chain = dockerfile.stage_chain(stage)
        for base in chain[1:]:
            if self._stage_sets_absolute(dockerfile, base):
                return True
        root = chain[-1].base_image
        return root is not None and known_workdir(root) is not None

    def _stage_sets_absolute(self, dockerfile: Dockerfile, stage: Stage) -> bool:
        cached = self._sets_absolute.get(stage.index)
        if cached is None:
            cached = False
            for ins in stage.instructions:
                if ins.keyword == "WORKDIR":
                    path, ok = _expand(dockerfile, stage, ins, ins.value)
                    # A WORKDIR we cannot resolve may well be absolute: stay silent.
                    if not ok or _is_absolute(ins.value, path):
                        cached = True
                        break
            self._sets_absolute[stage.index] = cached
        return cached


def _destination(instruction: Instruction) -> str | None:
    """The destination word of a COPY/ADD: the last argument, in either form."""
    if instruction.form == "exec" and instruction.argv is not None:
        words = list(instruction.argv)
    else:
        words = instruction.value.split()
    if len(words) < 2:
        return None
    return words[-1]


def _expand(
    dockerfile: Dockerfile, stage: Stage, instruction: Instruction, word: str
) -> tuple[str, bool]:
    def lookup(name: str) -> str | None:
        value = dockerfile.env_at(stage, name, instruction.index)
        if value is None:
            value = stage.args.get(name, instruction.index)
        return value

    return expand(word, lookup, dockerfile.escape)


def _is_absolute(raw: str, expanded: str) -> bool:
    """POSIX `/x`, or a Windows drive or root path, before or after variable expansion."""
    return expanded.startswith("/") or bool(
        _WINDOWS_ABS.match(raw.strip("\"'")) or _WINDOWS_ABS.match(expanded)
    )

"""DLM205 large-file-in-image."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.context import BuildContext
from dockerlint_ml.rules.ml._sizes import DEFAULT_MB, OPTION, is_model, show, threshold


class LargeFileInImage(Rule):
    """A COPY or ADD brings a file over `large-file-mb` into the image.

    Reads the COPY and ADD instructions of the final stage and the stages it is built on
    that take their sources from the build context (not `--from`, not a URL): a source
    file over the rule option `large-file-mb` (MiB, default 100; the top-level key of the
    same name sets it for DLM204 too), or such files below a source directory (`COPY . .`),
    leaving out what `.dockerignore` excludes. Sizes are read with `lstat`: nothing is
    opened, symlinks are not followed. One finding per instruction, naming the largest
    file and how many more there are; for model weights (`.pt`, `.safetensors`, `.onnx`,
    `.pkl`...) the message says where to put the COPY.

    Needs the build context (see Build context in the README). Not judged: wildcard
    sources, sources with a variable that cannot be resolved, archives ADD unpacks, build
    stages that do not ship, files beyond the first 250,000 entries of a huge context.

    ## Why is this bad?

    Every byte copied is sent to the builder, stored in a layer, pushed and pulled on
    every deploy. A 2 GB checkpoint copied with the code makes each code change ship it
    again, unless the COPY of the model comes before the COPY of the code (when the model
    changes less often) or the model is mounted or downloaded at run time (when it
    changes more often). Sometimes the file is not meant to be there at all: a dataset, a
    log, an old checkpoint next to the new one.

    ## Example

    In a build context holding `models/model.pt` of 450 MiB:

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["python", "serve.py"]
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt ./
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["python", "serve.py"]
    ```

    The model is mounted at run time (`docker run -v "$PWD/models:/app/models" ...`) and
    `models/` is listed in `.dockerignore`; or it is copied by a COPY of its own before
    `COPY . .`.

    ## References

    - Docker, best practices, the build cache and layers:
      https://docs.docker.com/build/building/best-practices/
    - Docker, bind mounts: https://docs.docker.com/engine/storage/bind-mounts/
    - Docker, `.dockerignore`: https://docs.docker.com/build/concepts/context/
    """

    code = "DLM205"
    name = "large-file-in-image"
    severity = Severity.INFO
    keywords = frozenset({"COPY", "ADD"})
    needs_context = True
    default_options: ClassVar[Mapping[str, Any]] = {OPTION: DEFAULT_MB}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(options)
        self.limit = threshold(self.code, self.options)

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        context = ctx.build_context
        stage = ctx.stage(instruction)
        final = ctx.dockerfile.final_stage
        if context is None or stage is None or final is None:
            return
        if stage not in ctx.dockerfile.stage_chain(final):
            return  # a build stage: only what it hands on ships
        big: list[tuple[str, int, str]] = []  # (path, size, the source word bringing it)
        for src in ctx.context_sources(instruction):
            if src.add and src.is_archive:
                continue  # ADD unpacks it: the image holds its contents, not the archive
            big.extend((p, n, src.text) for p, n in _large_files(context, src.text, self.limit))
        if not big:
            return
        big.sort(key=lambda item: (-item[1], item[0]))
        path, size, word = big[0]
        if len(big) > 1:
            others = "file" if len(big) == 2 else "files"
            message = (
                f"`{path}` ({show(size)}) and {len(big) - 1} more {others} over"
                f" {show(self.limit)} are copied into the image."
            )
        else:
            message = f"`{path}` ({show(size)}) is copied into the image."
        if is_model(path):
            fix = (
                "If the model changes less often than the code, COPY it before the code;"
                " if more often, COPY it after the code or mount it at run time."
            )
        else:
            fix = (
                "Leave it out with .dockerignore if the image does not need it, or mount"
                " or download it at run time."
            )
        yield self.finding(instruction, message, fix=fix, at=ctx.word_span(instruction, word))


def _large_files(context: BuildContext, source: str, limit: int) -> list[tuple[str, int]]:
    rel = "/".join(p for p in source.replace("\\", "/").split("/") if p not in ("", "."))
    if any(p == ".." for p in rel.split("/")) or (rel and context.path(rel) is None):
        return []
    if rel and context.is_file(rel):
        size = context.size(rel) or 0
        candidates = [(rel, size)] if size > limit else []
    elif rel == "" or context.is_dir(rel):
        candidates = [(p, s) for p, s in context.tree(rel).files_below(rel) if s > limit]
    else:
        return []
    ignore = context.ignore
    if ignore is None:
        return candidates
    # A file the ignore file excludes is not sent; one it cannot judge is not reported.
    return [(p, s) for p, s in candidates if ignore.excluded(p) is False]

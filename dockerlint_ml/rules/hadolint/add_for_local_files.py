"""DL3020 add-for-local-files."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.edits import keyword_like
from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import CopyInfo, CopySource, copy_info

# The file name endings hadolint takes for a compressed or plain tar archive (ADD unpacks
# those); compared without regard to case, since Docker looks at the content, not the name.
_ARCHIVE_SUFFIXES = (
    ".tar", ".z", ".bz2", ".gz", ".lz", ".lzma", ".tz", ".tb2", ".tbz", ".tbz2", ".tgz",
    ".tlz", ".tpz", ".txz", ".xz",
)  # fmt: skip
# What ADD fetches instead of reading the build context: a URL, or a Git repository.
_REMOTE_PREFIXES = ("http://", "https://", "git@", "git://", "ssh://")
# What a variable reference becomes in a source as written.
_HOLE = "\x00"
# The flags ADD and COPY share (`--checksum`, `--keep-git-dir` and `--unpack` are ADD's
# only, `--from` and `--parents` COPY's only).
_SHARED_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})
# Destinations that are directories without a trailing slash (DL3021's).
_DIRECTORIES = frozenset({".", ".."})


class AddForLocalFiles(Rule):
    """ADD copies local files or directories, which COPY does more plainly.

    Checked on every ADD (not inside ONBUILD). Reported when any source is a plain local
    file or directory, i.e. not something only ADD handles: an `http://` or `https://`
    URL, a Git repository (`git@host:repo`, `git://`, `ssh://`), or a local tar archive
    that ADD unpacks (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.tar.bz2`, `.tar.lzma`...;
    a `.zip` is not unpacked). A source built from variables counts as remote or as an
    archive when its value, as this file sets it, is one (`ARG URL=https://...` then
    `ADD ${URL} /opt/`).

    ## Why is this bad?

    ADD does more than copy: it downloads URLs and unpacks local archives. Used for plain
    files it hides that behaviour from the reader, and a file that later becomes a tarball
    is silently unpacked instead of copied. COPY says exactly what happens, and it is what
    Docker's best practices recommend for files from the build context.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    ADD app.py ./
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY app.py ./
    ```

    ## Differences from hadolint

    - A Git source (`ADD git@github.com:org/repo.git /src`) is not reported: COPY cannot
      clone a repository. hadolint exempts only `http://` and `https://` sources.
    - Archive endings match without regard to case (`ADD DATA.TAR.GZ /data`): Docker
      detects an archive by its content, so the file is unpacked just the same.
    - A source whose variable this file sets to a URL or an archive is not reported;
      hadolint reads `${URL}` as a local file.
    - `ADD <<EOF` heredocs are reported (COPY takes heredocs too); hadolint 2.15.1 cannot
      parse them.

    ## Fix

    Unsafe: the keyword `ADD` is replaced with `COPY` (cased as written), only when every
    source is a local path or heredoc written without variables (a build argument could
    make `$SRC` a URL or an archive) and every flag is one COPY takes too (`--chown`,
    `--chmod`, `--link`, `--exclude`). Docker decides whether ADD unpacks a local file by
    its content, not its name: a `model.bin`, or a file a wildcard matches, that is in
    fact a tar archive was unpacked by ADD and is copied as it is by COPY, which only a
    look at the files can rule out. Not offered either when several sources go to a
    destination without a trailing `/`, which COPY reports (DL3021).

    ## References

    - hadolint DL3020: https://github.com/hadolint/hadolint/wiki/DL3020
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3020Spec.hs
    - hadolint 2.15.1 source: `src/Hadolint/Rule/DL3020.hs` (sources exempt when all are
      URLs or archives) and `archiveFileFormatExtensions` in `src/Hadolint/Rule.hs`
    - Docker, "ADD or COPY":
      https://docs.docker.com/build/building/best-practices/#add-or-copy
    - Docker, `ADD` (URLs, Git repositories including `git@` SSH sources, and local tar
      archives in identity, gzip, bzip2 or xz format are unpacked):
      https://docs.docker.com/reference/dockerfile/#add
    """

    code = "DL3020"
    name = "add-for-local-files"
    severity = Severity.ERROR
    keywords = frozenset({"ADD"})
    supersedes = ()
    default = True
    fixable = "unsafe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        written = copy_info(instruction, lambda _name: _HOLE, ctx.dockerfile.escape)
        if written is None or not written.sources:
            return
        resolved = ctx.copy(instruction)
        local: list[tuple[CopySource, str | None]] = []
        for i, source in enumerate(written.sources):
            value = _resolved_text(resolved, i)
            if not _adds_more(source.text, source.heredoc) and not _adds_more(value or "", False):
                local.append((source, value))
        if not local:
            return
        autofix = None
        if len(local) == len(written.sources) and _copy_takes(instruction, resolved, local):
            autofix = _as_copy(ctx, instruction)
        source, value = local[0]
        shown = value if value is not None else source.text.replace(_HOLE, "$…")
        what = "an inline heredoc" if source.heredoc else f"local `{shown}`"
        yield self.finding(
            instruction,
            f"ADD of {what}: use COPY, which copies and does nothing else.",
            fix="Replace ADD with COPY (keep ADD for URLs and tar archives to unpack).",
            autofix=autofix,
        )


def _copy_takes(
    instruction: Instruction,
    resolved: CopyInfo | None,
    local: list[tuple[CopySource, str | None]],
) -> bool:
    """Whether COPY does with this ADD's flags and local sources what ADD does with them
    (by name): every flag is COPY's too, every source is written out (no variable), and
    several sources go to a directory written with its trailing slash."""
    if any(flag.name not in _SHARED_FLAGS for flag in instruction.flags):
        return False
    if resolved is None or any(_HOLE in source.text for source, _ in local):
        return False  # `ARG SRC=app.py`: a build argument may make it a URL or an archive
    dest = resolved.destination
    several = len(resolved.sources) > 1
    return not several or dest.endswith(("/", "\\")) or dest in _DIRECTORIES


def _as_copy(ctx: Context, instruction: Instruction) -> Fix | None:
    """`ADD` -> `COPY`: the keyword where it is written, nothing else."""
    source = ctx.source_map(instruction)
    written = source.text[: len(instruction.keyword)]
    if written.upper() != instruction.keyword:
        return None
    edit = Edit(source.span(0, len(written)), keyword_like(written, "COPY"))
    return Fix("Replace ADD with COPY", UNSAFE, (edit,))


def _adds_more(text: str, heredoc: bool) -> bool:
    """Whether ADD does more with this source than COPY would: fetch it or unpack it."""
    if heredoc:
        return False
    if text.startswith(_REMOTE_PREFIXES):
        return True
    return text.lower().endswith(_ARCHIVE_SUFFIXES)


def _resolved_text(info: CopyInfo | None, i: int) -> str | None:
    """The i-th source with this file's variable values, when every variable in it has one."""
    if info is None or i >= len(info.sources):
        return None
    source = info.sources[i]
    return source.text if source.resolved and not source.heredoc else None

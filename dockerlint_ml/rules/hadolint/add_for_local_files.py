"""DL3020 add-for-local-files."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
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
        source, value = local[0]
        shown = value if value is not None else source.text.replace(_HOLE, "$…")
        what = "an inline heredoc" if source.heredoc else f"local `{shown}`"
        yield self.finding(
            instruction,
            f"ADD of {what}: use COPY, which copies and does nothing else.",
            fix="Replace ADD with COPY (keep ADD for URLs and tar archives to unpack).",
        )


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

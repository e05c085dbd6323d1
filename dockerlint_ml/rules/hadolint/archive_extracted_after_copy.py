"""DL3010 archive-extracted-after-copy."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.shell import SimpleCommand

# Names of the tar archives ADD unpacks (identity, gzip, bzip2, xz), lower case.
_TARBALLS = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz")
# Compressed files that may hold a tar archive: a tarball when tar extracts them.
_COMPRESSED = (".gz", ".bz2", ".xz")
# Decompressors of those formats (`zcat app.tar.gz | tar -x`).
_DECOMPRESSORS = frozenset({"gunzip", "zcat", "gzcat", "bunzip2", "bzcat", "unxz", "xzcat"})
# tar options ADD cannot reproduce: a partial or rewritten extraction, or to stdout.
_SELECTIVE = frozenset(
    {
        "--strip-components",
        "--exclude",
        "--exclude-from",
        "--wildcards",
        "--transform",
        "--xform",
        "--to-stdout",
        "--to-command",
        "--files-from",
        "--anchored",
    }
)
# tar short options that take a value (GNU tar), and which of them select members.
_TAR_VALUE_LETTERS = frozenset("bCfFgHIKLNTVX")
_TAR_SELECT_LETTERS = frozenset("OTX")
# tar long options that take a separate value when written without `=`.
_TAR_VALUE_LONG = frozenset({"--file", "--directory", "--use-compress-program", "--owner"})


class ArchiveExtractedAfterCopy(Rule):
    """A local tar archive is copied with COPY and then extracted by a RUN.

    Within each stage, a COPY from the build context (not `--from`) that brings a tar
    archive ADD can unpack (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz2`, `.tar.xz`/`.txz`;
    a `.gz`, `.bz2` or `.xz` file only when tar extracts it) is reported when a later RUN
    of the stage extracts a file of that name with `tar -x` (`tar xzf` too) or
    decompresses it (`gunzip`, `zcat`, `unxz`...). Not reported when tar extracts part
    of the archive or rewrites it, which ADD cannot do: `--strip-components`,
    `--exclude`, `--wildcards`, `--transform`, `-O`, or member names after the archive.
    Once per COPY; not inside ONBUILD.

    ## Why is this bad?

    The COPY layer keeps the archive, and the RUN layer adds its extracted contents: the
    image holds the data twice, and deleting the archive in the RUN does not shrink the
    COPY layer. ADD unpacks a local tar archive (gzip, bzip2 or xz compressed) straight
    into its destination in one layer.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    COPY model-server.tar.gz /tmp/
    RUN tar -xzf /tmp/model-server.tar.gz -C /opt && rm /tmp/model-server.tar.gz
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    ADD model-server.tar.gz /opt/
    ```

    Or, with BuildKit, extract from a bind mount, which leaves no copy of the archive:
    `RUN --mount=type=bind,source=app.tgz,target=/tmp/app.tgz tar -xzf /tmp/app.tgz -C /opt`.

    ## Off by default

    ADD's automatic extraction is a matter of taste (Docker's own guide prefers COPY and
    an explicit `tar`, for clarity), and the corpus has two findings, too few to judge.
    Select `DL3010` to enforce it.

    ## Differences from hadolint

    - Reported in every stage; hadolint 2.15.1 reports only the last stage's (a FROM
      drops the findings of the stage before).
    - Only archives ADD unpacks count: `.Z`, `.lz`, `.lzma` and their tar forms are not
      reported (ADD would copy them as they are), nor a plain compressed file such as
      `data.csv.gz` that is decompressed but is no tar archive.
    - A partial or rewritten extraction (`--strip-components`, member names...) is not
      reported; hadolint reports it.
    - Old-style `tar xzf archive.tgz` counts; hadolint sees only `tar -x...`.
    - Source names are read as Docker reads them, escapes included: with the default
      escape character `COPY build\\app.tar /x/` copies `buildapp.tar`.
    - hadolint sees tar only as written as the command name: it misses `sudo tar` and
      `sh -c "tar ..."`, which we report.

    ## References

    - hadolint DL3010: https://github.com/hadolint/hadolint/wiki/DL3010
    - hadolint's spec cases (ported in our tests):
      https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3010Spec.hs
    - Docker, `ADD` (local tar archives in identity, gzip, bzip2 or xz format are
      unpacked): https://docs.docker.com/reference/dockerfile/#add
    - Docker, "ADD or COPY":
      https://docs.docker.com/build/building/best-practices/#add-or-copy
    """

    code = "DL3010"
    name = "archive-extracted-after-copy"
    severity = Severity.INFO
    default = False

    def finish(self, ctx: Context) -> Iterator[Finding]:
        # Archive base name -> the COPY that brought it, in the current stage.
        copied: dict[str, Instruction] = {}
        reported: set[int] = set()
        for instruction in ctx.dockerfile.instructions:
            keyword = instruction.keyword
            if keyword == "FROM":
                copied = {}
            elif keyword == "COPY":
                for name in _copied_archives(instruction, ctx):
                    copied[name] = instruction
            elif keyword == "RUN" and copied:
                for name in _extracted(ctx.commands(instruction), copied):
                    copy = copied[name]
                    if copy.index in reported:
                        continue
                    reported.add(copy.index)
                    yield self.finding(
                        copy,
                        f"`{name}` is copied, then extracted on line {instruction.span.line};"
                        " ADD unpacks it in one layer.",
                        fix="Replace the COPY with `ADD <archive> <directory>` and drop the"
                        " extraction, or extract from a `RUN --mount=type=bind` of it.",
                    )


def _basename(path: str) -> str:
    return path.rstrip("/\\").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def _may_be_tarball(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(_TARBALLS) or lower.endswith(_COMPRESSED)


def _copied_archives(instruction: Instruction, ctx: Context) -> list[str]:
    """Base names under which a COPY from the build context leaves tar archives."""
    info = ctx.copy(instruction)
    if info is None or not info.from_context:
        return []
    destination = info.destination
    if not destination.endswith(("/", "\\")) and _may_be_tarball(_basename(destination)):
        # `COPY app.tar /opt/app.tar`: the file is named after the destination.
        return [_basename(destination)]
    return [
        _basename(s.text)
        for s in info.sources
        if s.resolved and not s.heredoc and _may_be_tarball(_basename(s.text))
    ]


def _extracted(commands: tuple[SimpleCommand, ...], copied: dict[str, Instruction]) -> list[str]:
    """The copied archives a RUN extracts whole, in order."""
    found: list[str] = []
    for command in commands:
        if command.name == "tar":
            names = _tar_extracts(command.args)
            tar = True
        elif command.name in _DECOMPRESSORS:
            names = [a for a in command.args if not a.startswith("-")]
            tar = False
        else:
            continue
        for path in names:
            name = _basename(path)
            tarball = tar or name.lower().endswith(_TARBALLS)
            if tarball and name in copied and name not in found:
                found.append(name)
    return found


def _tar_extracts(args: tuple[str, ...]) -> list[str]:
    """The archive a tar command extracts whole (`-f FILE`), as a one-item list; empty
    when it does not extract, extracts from stdin, or extracts part of the archive."""
    extract = False
    archive: str | None = None
    operands: list[str] = []
    i = 0
    first = True
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name in _SELECTIVE:
                return []
            if name in ("--extract", "--get"):
                extract = True
            elif name in _TAR_VALUE_LONG and not eq:
                value = args[i] if i < len(args) else ""
                i += 1
            if name == "--file":
                archive = value
        elif arg.startswith("-") or (first and arg and not arg.startswith("/")):
            # `-xzf a.tar`, or the old style `xzf a.tar` as the first argument.
            letters = arg[1:] if arg.startswith("-") else arg
            for k, letter in enumerate(letters):
                if letter == "x":
                    extract = True
                elif letter in _TAR_SELECT_LETTERS:
                    return []
                if letter in _TAR_VALUE_LETTERS:
                    value = letters[k + 1 :]
                    if not value:
                        value = args[i] if i < len(args) else ""
                        i += 1
                    if letter == "f":
                        archive = value
                    break
        else:
            operands.append(arg)
        first = False
    if not extract or archive is None or archive == "-" or operands:
        return []
    return [archive]

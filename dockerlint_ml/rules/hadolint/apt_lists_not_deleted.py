"""DL3009 apt-lists-not-deleted."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Sequence

from dockerlint_ml.dockerfile.model import UNSAFE, Edit, Finding, Fix, Instruction, Severity, Span
from dockerlint_ml.dockerfile.positions import SourceMap
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.run_state import Mount, RunShell
from dockerlint_ml.facts.shell import SHELL_NAMES, SimpleCommand
from dockerlint_ml.facts.tokens import locate_command

_APT = frozenset({"apt-get", "apt", "aptitude"})
_LISTS = "/var/lib/apt/lists"
# The lists directory and the directories above it: deleting any of them deletes the lists.
_HOLDERS = ("/var/lib/apt/lists", "/var/lib/apt", "/var/lib", "/var")
# Shells that expand `{a,b}` in a word (dash, Debian's /bin/sh, does not).
_BRACE_SHELLS = frozenset({"bash", "zsh", "ksh", "mksh"})
_GLOB = re.compile(r"[*?\[]")
# Words of a brace expansion followed, and characters of a glob matched, at most.
_MAX_WORDS = 64
_MAX_PATTERN = 512
_CLEANUP = "rm -rf /var/lib/apt/lists/*"


class AptListsNotDeleted(Rule):
    """A RUN runs `apt-get update` and leaves the downloaded package lists in the image layer.

    A RUN is reported once (at its last update, when it can be located in the source)
    when it runs `apt-get update` (`apt`, `aptitude`; behind `sudo` or `sh -c` too) and,
    after its last update, neither deletes the lists (`rm -rf /var/lib/apt/lists/*`,
    `rm -r /var/lib/apt/lists` or a parent, any option spelling; `apt-get dist-clean`;
    `find /var/lib/apt/lists -delete`) nor keeps them out of the layer with a
    `--mount=type=cache` or `type=tmpfs` whose target is `/var/lib/apt/lists` or a parent
    of it (variables in the mount resolved through the stage; a target that is not known
    is not judged).

    Only RUNs whose layers reach the final image are reported: those of the last stage and
    of the stages it is built on (`FROM <stage>`). A build stage that only gives files to
    others (`COPY --from`) is discarded. ONBUILD RUN is always checked: it runs in the
    image built on this one.

    ## Why is this bad?

    `apt-get update` downloads the package indexes of every configured repository, tens of
    megabytes under `/var/lib/apt/lists`. Left there, they ship in the layer, and they are
    stale the day after the build: any later install must run `apt-get update` again
    anyway. Deleting them in the same RUN (a later RUN cannot shrink the earlier layer)
    keeps them out.

    ## Example

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead

    ```dockerfile
    FROM debian:12-slim
    RUN apt-get update \\
        && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```

    With BuildKit, cache mounts keep the lists (and the downloaded packages) between builds
    and out of the image: `RUN --mount=type=cache,target=/var/lib/apt/lists
    --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl`.

    ## Differences from hadolint

    - Only an `rm` of the lists (or a parent), after the last update, counts as cleanup;
      hadolint accepts any `rm -rf` (`rm -rf /tmp/*` silences it) anywhere in the RUN, and
      misses `rm -Rf /var/lib/apt/lists` and `rm -r -f ...`.
    - `apt-get dist-clean` (APT 2.7.8 and later, as Debian trixie's official images use
      it) deletes the lists; hadolint does not know it.
    - A heredoc fed to a shell after its name (`RUN bash -ex <<EOF`) is read; hadolint
      reads a heredoc only when the RUN starts with its operator (`RUN <<EOF bash`).
    - A cache or tmpfs mount at a parent of the lists (`target=/var/lib/apt`) keeps them
      out of the layer; hadolint also wants `/var/cache/apt` mounted.
    - A stage is judged by whether its layers ship: the last stage and the stages it is
      built on. hadolint also reports a stage that only a discarded build stage is built
      on, and takes an earlier stage for the last when both FROM lines are identical.
    - `sudo apt-get update` and `sh -c "apt-get update"` are recognised.

    ## Fix

    Unsafe: `&& rm -rf /var/lib/apt/lists/*` is appended to the RUN (on a line of its
    own, `\\`-continued and indented, when the RUN puts its commands on lines of their
    own), only when the RUN is a plain `&&` chain of simple commands that ends with the
    install. The lists are then gone for everything after this RUN: a later RUN, or an
    image built on this one, that installs without its own `apt-get update` now fails
    with "Unable to locate package", and a later `apt-cache` finds nothing. Not offered
    for any other shape of RUN (`;`, `||`, pipelines, `if`, `sh -c`, heredocs, exec form,
    a redirection after the install), nor when the update has no install after it.

    ## References

    - hadolint DL3009: https://github.com/hadolint/hadolint/wiki/DL3009
    - Docker, "Building best practices", apt-get:
      https://docs.docker.com/build/building/best-practices/#apt-get
    - BuildKit cache mounts for apt:
      https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages
    - `apt-get dist-clean` in place of `rm -rf /var/lib/apt/lists/*` from APT 2.7.8 on:
      docker-library/buildpack-deps, shared.jq (`apt_get_dist_clean`).
    """

    code = "DL3009"
    name = "apt-lists-not-deleted"
    severity = Severity.INFO
    keywords = frozenset({"RUN"})
    onbuild = True
    fixable = "unsafe"

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        commands = ctx.commands(instruction)
        last = _last_update(commands)
        if last is None:
            return
        if _cleaned_after(commands, last, ctx.run_shell(instruction)):
            return
        if any(_holds_lists(m) for m in ctx.mounts(instruction)):
            return
        outer = _outer(ctx, instruction)
        if outer is instruction:  # (not an ONBUILD trigger)
            stage = ctx.stage(instruction)
            if stage is not None and not ctx.stage_roles().ships(stage):
                return
        update = commands[last]
        source = ctx.source_map(instruction)
        at = _update_span(source, commands, update)
        if not any(_reads_lists(cmd) for cmd in commands[last + 1 :]):
            # An update with no install after it in this RUN: a later RUN's install reads
            # these lists, so deleting them here would break it; the fix is to merge.
            yield self.finding(
                instruction,
                f"`{update.name} update` runs without an install after it in this RUN, so"
                " its lists stay in this layer.",
                fix=f"Run `{update.name} update` in the RUN of the install that needs it, and"
                " end that RUN with `&& rm -rf /var/lib/apt/lists/*`.",
                at=at,
            )
            return
        yield self.finding(
            instruction,
            f"`{update.name} update` leaves the apt lists in the layer: delete"
            " /var/lib/apt/lists in this RUN.",
            fix="End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount"
            " /var/lib/apt/lists with `--mount=type=cache`.",
            at=at,
            autofix=_append_cleanup(ctx, instruction, commands, source),
        )


def _update_span(
    source: SourceMap, commands: Sequence[SimpleCommand], update: SimpleCommand
) -> Span | None:
    """Where the last `apt-get update` is written (`apt-get -q update` with its options),
    or None when the source does not say."""
    words = update.argv.index("update") + 1 if "update" in update.argv else 0
    if not 2 <= words <= _MAX_WORDS:
        return None
    located = locate_command(source, commands, update, words)
    return None if located is None else located.span


def _append_cleanup(
    ctx: Context,
    instruction: Instruction,
    commands: Sequence[SimpleCommand],
    source: SourceMap,
) -> Fix | None:
    """`&& rm -rf /var/lib/apt/lists/*` after the RUN's last command, when the RUN is a
    plain `&&` chain of top-level simple commands ending with an install that reads the
    lists, and that install's words end the RUN's text (no redirection or `;` after it)."""
    if instruction.form != "shell" or instruction.heredocs or not commands:
        return None
    if any(
        c.nested or c.pipe_size != 1 or c.wrappers or c.connector != ("&&" if i else "")
        for i, c in enumerate(commands)
    ):
        return None
    last = commands[-1]
    if not _reads_lists(last):
        return None
    located = locate_command(source, commands, last, len(last.argv))
    if located is None or source.value_start < 0:
        return None
    end = located.words[-1].end
    if end != source.value_start + len(instruction.value):
        return None
    after = source.span(end - 1, end)
    point = Span(after.end_line, after.end_column, after.end_line, after.end_column)
    return Fix(
        "Delete the apt lists at the end of the RUN",
        UNSAFE,
        (Edit(point, _cleanup_text(ctx, instruction, source, located.words[0].start)),),
    )


def _cleanup_text(ctx: Context, instruction: Instruction, source: SourceMap, start: int) -> str:
    """The text appended: on a line of its own, continued and indented like the last
    command's line, when that command (or the `&&` before it) starts its line."""
    words = source.words()
    # The last command's first source word (an assignment before its name included) and
    # the `&&` before it: the last operator before its name.
    k = next((i for i, w in enumerate(words) if w.start >= start), len(words))
    while k > 0 and words[k - 1].raw != "&&" and "=" in words[k - 1].text:
        k -= 1
    operator = words[k - 1] if k > 0 and words[k - 1].raw == "&&" else None
    first = words[k] if k < len(words) else None
    lines = ctx.dockerfile.lines
    escape = ctx.dockerfile.escape
    for word, text in ((operator, f"&& {_CLEANUP}"), (first, None)):
        if word is None:
            continue
        line, column = source.point(word.start)
        if line == instruction.span.line or not 1 <= line <= len(lines):
            continue
        indent = lines[line - 1][: column - 1]
        if indent.strip(" \t"):
            continue  # not the first thing on its line
        if text is None:
            return f" && {escape}\n{indent}{_CLEANUP}"
        return f" {escape}\n{indent}{text}"
    return f" && {_CLEANUP}"


# apt actions that read the package lists an update fetched.
_READS_LISTS = frozenset(
    {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "reinstall"}
)


def _reads_lists(cmd: SimpleCommand) -> bool:
    return cmd.name in _APT and any(arg in _READS_LISTS for arg in cmd.args)


def _outer(ctx: Context, instruction: Instruction) -> Instruction:
    """The top-level instruction holding `instruction` (an ONBUILD for its trigger)."""
    index = instruction.index
    instructions = ctx.dockerfile.instructions
    if 0 <= index < len(instructions) and instructions[index].inner is instruction:
        return instructions[index]
    return instruction


def _last_update(commands: Sequence[SimpleCommand]) -> int | None:
    found = None
    for i, cmd in enumerate(commands):
        if cmd.name in _APT and "update" in cmd.args:
            found = i
    return found


def _cleaned_after(commands: Sequence[SimpleCommand], start: int, reader: RunShell) -> bool:
    for cmd in commands[start + 1 :]:
        name = cmd.name
        if name == "rm":
            braces = _shell_of(cmd, reader) in _BRACE_SHELLS
            if any(_covers(path) for arg in cmd.args for path in _words(arg, braces)):
                return True
        if name in ("apt-get", "apt") and ("distclean" in cmd.args or "dist-clean" in cmd.args):
            return True  # APT 2.7.8 and later: `clean` plus the lists
        if name == "find" and "-delete" in cmd.args and cmd.args and _covers(cmd.args[0]):
            return True
    return False


def _shell_of(cmd: SimpleCommand, reader: RunShell) -> str:
    """The shell that expands the command's words: the innermost `sh -c` or `bash <<`
    wrapping it, else the RUN's."""
    for label in reversed(cmd.wrappers):
        name, _, how = label.partition(" ")
        if name in SHELL_NAMES and how in ("-c", "<<"):
            return name
    return reader.name


def _words(arg: str, braces: bool) -> list[str]:
    """`arg` after brace expansion (`/var/lib/{apt,dpkg}` -> two paths) where the shell
    does it; at most _MAX_WORDS words."""
    words = [arg]
    if not braces or "{" not in arg:
        return words
    done: list[str] = []
    while words and len(done) + len(words) <= _MAX_WORDS:
        word = words.pop()
        group = _brace_group(word)
        if group is None:
            done.append(word)
            continue
        start, end = group
        head, tail = word[:start], word[end + 1 :]
        words.extend(head + part + tail for part in word[start + 1 : end].split(","))
    return done + words


def _brace_group(word: str) -> tuple[int, int] | None:
    """The first `{...}` holding a comma and no other brace: (index of `{`, of `}`)."""
    start = word.find("{")
    while start >= 0:
        close = word.find("}", start + 1)
        if close < 0:
            return None
        inner = word.rfind("{", start, close)
        if "," in word[inner + 1 : close]:
            return inner, close
        start = word.find("{", close + 1)
    return None


def _covers(path: str) -> bool:
    """Whether deleting `path` (as written: `/var/lib/apt/lists/*`, `/var/lib/apt/`,
    `/var/lib/apt/lists*`) deletes the apt lists; a path with an expansion (`$LISTS`) is
    taken to."""
    if not path.startswith(("/", "$")):
        return False
    if "$" in path or "`" in path:
        return True
    for suffix in ("/**", "/*"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    path = path.rstrip("/")
    if not path:
        return False
    if _GLOB.search(path) and len(path) <= _MAX_PATTERN:
        return any(fnmatch.fnmatchcase(holder, path) for holder in _HOLDERS)
    return path in _HOLDERS


def _holds_lists(mount: Mount) -> bool:
    if not mount.keeps_out_of_layer:
        return False
    if "target" in mount.unknown:
        return True
    return mount.target is not None and _covers(mount.target)

"""DLM107 unpinned-model-download."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Finding, Instruction, Severity, Stage
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.copies import stage_lookup
from dockerlint_ml.facts.python_snippets import Call, Snippet, Value, calls, snippets
from dockerlint_ml.facts.shell import SimpleCommand

# A full commit id: the only revision that names fixed content (branches and tags move).
_COMMIT = re.compile(r"[0-9a-fA-F]{40}\Z")
# What the Hub accepts as a repository id: `name` or `namespace/name`.
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?\Z")
# The CLI's options that take a value (huggingface_hub's `download` command); `--include`
# and `--exclude` take several, so they are read as taking at least one.
_CLI_VALUE_OPTIONS = frozenset(
    {
        "--repo-type",
        "--revision",
        "--include",
        "--exclude",
        "--cache-dir",
        "--local-dir",
        "--local-dir-use-symlinks",
        "--token",
        "--max-workers",
        "--format",
    }
)
# Packages whose `from_pretrained` reads the Hugging Face Hub and takes `revision=`.
_HUB_PACKAGES = frozenset(
    {
        "transformers",
        "diffusers",
        "sentence_transformers",
        "peft",
        "optimum",
        "tokenizers",
        "setfit",
        "trl",
        "huggingface_hub",
    }
)
_HUB_FUNCTIONS = frozenset({"snapshot_download", "hf_hub_download"})
# sentence-transformers' model class downloads in its constructor and takes `revision=`.
_SENTENCE_TRANSFORMER = "SentenceTransformer"
# Where the call's repository is, by keyword, for each function.
_REPO_KEYWORDS = ("repo_id", "pretrained_model_name_or_path", "model_name_or_path")
# Positional arguments each function takes before `revision` could be one of them (older
# huggingface_hub releases took `revision` positionally after these; SentenceTransformer's
# is its ninth parameter, after model, modules, device and options releases keep
# changing): more -> undecidable.
_MAX_POSITIONAL = {"snapshot_download": 1, "hf_hub_download": 2, _SENTENCE_TRANSFORMER: 3}
_OFFLINE = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
_TRUE = frozenset({"1", "true", "yes", "on"})

_CLI_FIX = (
    "Pin a commit: `--revision <40-character commit sha>` (the repository's history on the "
    "Hub lists them)."
)
_PYTHON_FIX = (
    'Pin a commit: `revision="<40-character commit sha>"` (the repository\'s history on the '
    "Hub lists them)."
)


@dataclass(frozen=True, slots=True)
class _Download:
    label: str  # "`hf download`", "`from_pretrained()`"
    repo: str
    revision: str | None  # the moving revision given, None when there is none
    fix: str


class UnpinnedModelDownload(Rule):
    """A RUN downloads from the Hugging Face Hub without pinning a commit.

    Reads two spellings. The CLI: `huggingface-cli download REPO [FILES...]` and `hf
    download REPO`, reported when `--revision` (`--revision X` or `--revision=X`) is
    missing or is not a 40-hex commit id (a branch such as `main`, a tag such as `v1.0`, a
    short hash, `refs/pr/1`); `--local-dir`, `--include` and the other options do not
    matter. Python: `from_pretrained(...)` (from transformers, diffusers,
    sentence-transformers, peft, optimum, tokenizers, setfit, trl, followed through the
    code's imports), `snapshot_download(...)` and `hf_hub_download(...)` (from
    huggingface_hub) and the `SentenceTransformer(...)` constructor (from
    sentence_transformers; a bare name such as `all-MiniLM-L6-v2` is a Hub id too) in
    `python -c` code or in a heredoc fed to the interpreter (`RUN python3 - <<EOF`, `RUN
    <<EOF python3`), reported when `revision=` is missing or is a
    string that is not a commit id. Both may sit inside `sh -c "..."`, `&&` lists or an
    environment runner (`uv run`, `uvx`, `conda run`). Variables (`--revision $REV`,
    `revision="${REV}"` in shell-expanded code) are resolved from the command's own
    variables and the stage's ENV and ARG defaults; one that cannot be resolved gives no
    finding, nor does a revision Python computes (`revision=os.environ["REV"]`).

    Exempt: a repository that is a local path (starting with `/`, `./`, `../` or `~`), a
    non-literal or unresolvable one (`PeftModel.from_pretrained(model, "org/adapter")` is
    not read), a value that is not a Hub id (`org/name`), and an `org/name` that may be a
    directory of the image, which `from_pretrained` loads before trying the Hub: one whose
    first component a COPY/ADD of the stage chain names, or that an earlier RUN names
    (`mkdir models`, `--local-dir models/m`). Also exempt: `local_files_only=True`,
    `HF_HUB_OFFLINE=1` or `TRANSFORMERS_OFFLINE=1` in the command or the stage's ENV, and
    a call passing `**kwargs` (they may carry the revision). One finding per RUN (ONBUILD
    triggers included), naming the first download. Not read: a Python script file the RUN
    runs (`python download.py`), a heredoc run through a `#!` python shebang, loaders
    other than these four (`pipeline(model=...)`, `CrossEncoder(...)`), `git clone` of a Hub
    repository.

    ## Why is this bad?

    A Hub repository is a git repository: `main` (the default revision) and tags move
    whenever the owner pushes. A build that downloads by name gets whatever the branch
    holds that day, so two builds of one Dockerfile can ship different weights,
    tokenizers or configuration, a push can break the image without any change to its
    source, and a cached layer hides the difference until the cache is dropped. A commit
    id names one snapshot forever.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir "huggingface_hub[cli]==0.24.6"
    RUN huggingface-cli download sentence-transformers/all-MiniLM-L6-v2 --local-dir /models
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir "huggingface_hub[cli]==0.24.6"
    RUN huggingface-cli download sentence-transformers/all-MiniLM-L6-v2 \\
        --revision 8b3219a92973c328a8e22fadcfa821b5dc75636a --local-dir /models
    ```

    ## References

    - huggingface_hub, `huggingface-cli download` and `--revision`:
      https://huggingface.co/docs/huggingface_hub/guides/cli#download-from-a-specific-revision
    - huggingface_hub, `hf_hub_download` / `snapshot_download` and `revision`:
      https://huggingface.co/docs/huggingface_hub/guides/download
    - transformers, `from_pretrained(revision=...)` ("a branch name, a tag name, or a
      commit id"): https://huggingface.co/docs/transformers/main_classes/model
    - huggingface_hub, `HF_HUB_OFFLINE`:
      https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables
    """

    code = "DLM107"
    name = "unpinned-model-download"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"huggingface-cli", "hf", "python", "pypy"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        commands = ctx.commands(instruction)
        found: list[_Download] = []
        for cmd in commands:
            if cmd.matches("huggingface-cli", "download") or cmd.matches("hf", "download"):
                download = _cli(cmd, _resolver(ctx.dockerfile, stage, instruction, cmd))
                if download is not None:
                    found.append(download)
        for snippet in snippets(instruction, commands):
            found.extend(self._python(snippet, ctx, stage, instruction))
        if not found:
            return
        first = found[0]
        if first.revision is None:
            message = f"{first.label} fetches `{first.repo}` from the Hub without a commit pin"
        else:
            message = (
                f"{first.label} fetches `{first.repo}` at `{first.revision}`, a branch or tag "
                "that moves"
            )
        message += ": rebuilds may get other files"
        if len(found) > 1:
            more = len(found) - 1
            message += f" ({more} more unpinned download{'s' if more > 1 else ''} in this RUN)"
        yield self.finding(instruction, message + ".", fix=first.fix)

    def _python(
        self, snippet: Snippet, ctx: Context, stage: Stage | None, instruction: Instruction
    ) -> list[_Download]:
        out: list[_Download] = []
        offline: bool | None = None
        resolve = _resolver(ctx.dockerfile, stage, instruction, snippet.command)
        for call in calls(snippet.code):
            loader = _hub_loader(call)
            if loader is None:
                continue
            if offline is None:
                offline = _offline(ctx.dockerfile, stage, instruction, snippet.command)
            if offline:
                return []
            download = _python_download(call, loader, snippet, resolve)
            if download is None or _maybe_local(ctx, stage, instruction, download.repo):
                continue
            out.append(download)
        return out


def _hub_loader(call: Call) -> str | None:
    """The Hub download the call is, as the loader's name (`from_pretrained`,
    `snapshot_download`, `SentenceTransformer`), or None; its callee's import decides
    (an alias, `from sentence_transformers import SentenceTransformer as ST`, too)."""
    if call.qualified is not None:
        roots = [call.qualified.split(".", 1)[0]]
        name = call.qualified.rsplit(".", 1)[-1]
    else:
        roots = [m.split(".", 1)[0] for m in call.star_imports]
        name = call.attribute
    if name == "from_pretrained":
        return name if any(r in _HUB_PACKAGES for r in roots) else None
    if name in _HUB_FUNCTIONS:
        return name if "huggingface_hub" in roots else None
    if name == _SENTENCE_TRANSFORMER:
        return name if "sentence_transformers" in roots else None
    return None


def _python_download(
    call: Call, loader: str, snippet: Snippet, resolve: Callable[[str], str | None]
) -> _Download | None:
    if call.unpacked or len(call.args) > _MAX_POSITIONAL.get(loader, 1 << 30):
        return None
    local = call.keyword("local_files_only")
    if local is not None and (not local.constant or local.literal):
        return None  # no download, or one we cannot tell
    repo_value = call.args[0] if call.args else None
    for key in _REPO_KEYWORDS:
        repo_value = repo_value or call.keyword(key)
    repo = _text(repo_value, snippet, resolve)
    if repo is None or not _hub_id(repo):
        return None
    revision: str | None = None
    given = call.keyword("revision")
    if given is not None:
        if given.constant and given.literal is None:
            revision = None  # `revision=None` is the default branch
        else:
            text = _text(given, snippet, resolve)
            if text is None or _COMMIT.match(text):
                return None
            revision = text
    return _Download(f"`{loader}()`", repo, revision, _PYTHON_FIX)


def _text(
    value: Value | None, snippet: Snippet, resolve: Callable[[str], str | None]
) -> str | None:
    """A string argument's value, `$VAR` resolved when a shell expanded the code; None for
    a non-literal or unresolvable one."""
    if value is None or not value.constant or not isinstance(value.literal, str):
        return None
    text = value.literal
    if "$" in text:
        return resolve(text) if snippet.expanded else None
    return text


def _hub_id(repo: str) -> bool:
    if repo.startswith(("/", "./", "../", "~")) or repo in (".", ".."):
        return False
    return bool(_REPO_ID.match(repo))


def _cli(cmd: SimpleCommand, resolve: Callable[[str], str | None]) -> _Download | None:
    label = f"`{cmd.name} download`"
    revisions = cmd.option_values("--revision")
    repo: str | None = None
    args = cmd.args[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-"):
            i += 2 if arg in _CLI_VALUE_OPTIONS else 1
            continue
        repo = arg
        break
    if repo is None:
        return None
    shown = resolve(repo) if "$" in repo else repo
    shown = shown or repo
    if not revisions:
        return _Download(label, shown, None, _CLI_FIX)
    revision = revisions[-1]
    if "$" in revision:
        resolved = resolve(revision)
        if resolved is None:
            return None
        revision = resolved
    if _COMMIT.match(revision):
        return None
    return _Download(label, shown, revision or '""', _CLI_FIX)


def _resolver(
    dockerfile: Dockerfile, stage: Stage | None, instruction: Instruction, cmd: SimpleCommand
) -> Callable[[str], str | None]:
    """Expands `$VAR` in a word: the command's own variables, then the stage's ENV and ARG
    defaults; None when some variable is unknown."""
    lookup = stage_lookup(dockerfile, stage, instruction.index) if stage is not None else None

    def variable(name: str) -> str | None:
        value = cmd.env_value(name)
        if value is None and lookup is not None:
            value = lookup(name)
        return value

    def resolve(word: str) -> str | None:
        value, ok = dockerfile.expand(word, variable)
        if not ok or "$" in value:
            return None
        return value

    return resolve


def _offline(
    dockerfile: Dockerfile, stage: Stage | None, instruction: Instruction, cmd: SimpleCommand
) -> bool:
    """Whether the Hub libraries are told not to download (they then read the cache only)."""
    for name in _OFFLINE:
        value = cmd.env_value(name)
        if value is None and stage is not None:
            value = dockerfile.env_at(stage, name, before=instruction.index)
        if value is not None and value.strip().lower() in _TRUE:
            return True
    return False


def _maybe_local(ctx: Context, stage: Stage | None, instruction: Instruction, repo: str) -> bool:
    """Whether the repo id may name a directory in the image, which `from_pretrained` loads
    before trying the Hub: a COPY/ADD of the stage chain names its first component, or an
    earlier RUN names it, or the repo as a path (`mkdir models`, `--local-dir models/m`)."""
    if stage is None or "/" not in repo:
        return False
    head = repo.split("/", 1)[0]
    for st in ctx.dockerfile.stage_chain(stage):
        for ins in st.instructions:
            if ins.keyword in ("COPY", "ADD"):
                info = ctx.copy(ins)
                if info is None:
                    return True  # unreadable: it may bring anything
                words = [src.text for src in info.sources] + [info.destination]
                if any(head in word.strip("/").split("/") for word in words):
                    return True
            elif ins.keyword == "RUN" and ins is not instruction and ins.index < instruction.index:
                for cmd in ctx.commands(ins):
                    for word in cmd.args:
                        path = word.removeprefix("./").rstrip("/")
                        if path in (head, repo) or path.endswith("/" + repo):
                            return True
    return False

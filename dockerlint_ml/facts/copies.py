"""What a COPY or ADD brings into the image, and what a `RUN --mount=type=bind` lends to a RUN.

Rules ask two questions here: did this COPY bring in anything besides dependency manifests
(DLM004), and could it have brought in a given lock file (DLM005)? Both work on the source
words as written, after variable substitution; the build context itself is never read.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass

from dockerlint_ml.dockerfile.model import Dockerfile, Instruction, Stage
from dockerlint_ml.dockerfile.variables import Budget, expand

Lookup = Callable[[str], "str | None"]

# Dependency manifests and the metadata that travels with them: copying these before the
# install is the point of the cache-friendly layout, so they never count as "code".
_MANIFEST_PATTERNS = (
    # `dev-requirements.txt`, `mlrun_requirements.txt`: the name varies, the role does not.
    "*requirements*.txt",
    "*requirements*.in",
    "*constraints*.txt",
    "*requirements*.yml",
    "*requirements*.yaml",
    "pipfile",
    "pipfile.lock",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "pylock.toml",
    "pylock.*.toml",
    "setup.py",
    "setup.cfg",
    "manifest.in",
    "environment*.yml",
    "environment*.yaml",
    "conda-lock.yml",
    # Built packages (`COPY dist/*.whl`) are dependencies, not code.
    "*.whl",
    "wheels",
    "wheelhouse",
    "readme*",
    "license*",
    # Installer configuration, read by the install itself.
    ".python-version",
    "poetry.toml",
    "uv.toml",
    "pip.conf",
    "pip.ini",
)

# Literal prefixes a glob may start with and still only match manifests (`Pipfile*`).
_MANIFEST_GLOB_PREFIXES = (
    "requirements",
    "constraints",
    "dev-requirements",
    "test-requirements",
    "pipfile",
    "pyproject",
    "poetry.",
    "uv.",
    "pylock",
    "setup.",
    "environment.",
    "readme",
    "license",
)

# Extensionless names that are files, not directories.
_KNOWN_FILES = frozenset(
    {
        "pipfile",
        "dockerfile",
        "containerfile",
        "makefile",
        "procfile",
        "license",
        "licence",
        "readme",
        "notice",
        "authors",
        "changelog",
        "gemfile",
        "justfile",
        "vagrantfile",
        "jenkinsfile",
    }
)

# Files that configure the build or the service rather than being the application: the
# application does not run them, so copying them early busts no code cache (DLM004).
_CONFIG_SUFFIXES = (
    ".conf", ".cfg", ".ini", ".toml", ".yaml", ".yml", ".json", ".properties", ".env",
    ".xml", ".repo", ".list", ".lock", ".crt", ".pem", ".cer", ".der", ".key", ".p12",
    ".jks", ".gpg", ".asc", ".pub", ".jar", ".mk",
    # Documents shipped next to the code.
    ".pdf", ".md", ".rst",
)  # fmt: skip
# `VERSION`, `TRITON_VERSION`, `NOTICE`: upper-case extensionless names are metadata files.
_METADATA_RE = re.compile(r"^[A-Z][A-Z0-9_-]*$")
_VERSIONED_DIR_RE = re.compile(r"[-_]v?\d+\.\d+(\.\d+)*$")
_CONFIG_NAMES = frozenset(
    {
        "makefile", "gnumakefile", ".env", ".npmrc", ".pypirc", ".netrc",
        # Other ecosystems' dependency manifests (a Go or Node step of the same image).
        "go.mod", "go.sum", "gemfile", "gemfile.lock",
    }
)  # fmt: skip
_RC_SUFFIXES = (
    "condarc", "mambarc", "bashrc", "zshrc", "profile", "vimrc", "npmrc", "pypirc", "netrc",
    "wgetrc", "curlrc", "inputrc", "gitconfig",
)  # fmt: skip
_SCRIPT_SUFFIXES = (".sh", ".bash")

_ARCHIVE_RE = re.compile(r"\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz)$", re.IGNORECASE)
_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class CopySource:
    """One source of a COPY/ADD (or a bind mount), as the build would resolve it."""

    text: str  # after quote removal and variable substitution
    resolved: bool = True  # False when a variable in it could not be resolved
    heredoc: bool = False  # a file written inline by the Dockerfile (`COPY <<EOF name`)
    add: bool = False  # from an ADD (URLs and local archives mean more there)

    @property
    def basename(self) -> str:
        """The last path component, `""` for the context root (`.`, `./`, `/`)."""
        stripped = self.text.rstrip("/")
        if self.is_url:
            stripped = stripped.split("#", 1)[0].split("?", 1)[0]
        base = stripped.rsplit("/", 1)[-1]
        return "" if base in (".", "..") else base

    @property
    def is_url(self) -> bool:
        return bool(_URL_RE.match(self.text)) or self.text.startswith("git@")

    @property
    def is_git(self) -> bool:
        text = self.text.split("#", 1)[0]
        return self.text.startswith("git@") or (self.is_url and text.endswith(".git"))

    @property
    def is_glob(self) -> bool:
        return not self.heredoc and any(c in _GLOB_CHARS for c in self.text)

    @property
    def is_context_path(self) -> bool:
        """A path of the build context as written: no heredoc, URL, wildcard or variable
        left unresolved (what the context rules judge)."""
        return not (self.heredoc or self.is_url or self.is_glob or not self.resolved)

    @property
    def is_archive(self) -> bool:
        """A local archive that ADD unpacks into a directory tree."""
        return self.add and not self.is_url and bool(_ARCHIVE_RE.search(self.text))

    @property
    def may_be_directory(self) -> bool:
        """Whether the source may be a directory (the context root, `dir/`, `src`, an
        unpacked archive, a git repository): a name with no extension is assumed to be one
        unless it is a well-known extensionless file such as `Pipfile`."""
        if self.heredoc:
            return False
        if self.is_git or self.is_archive:
            return True
        if self.is_url:
            return False
        if self.text.endswith("/") or not self.basename:
            return True
        base = self.basename
        if "." in base.lstrip("."):
            return False
        return base.lower() not in _KNOWN_FILES and not base.startswith(".")

    @property
    def is_manifest(self) -> bool:
        """A dependency manifest or its metadata (requirements*.txt, Pipfile.lock, README*…).

        Files under a `requirements/` directory (`requirements/prod.txt`) and that directory
        itself are manifests too: it is the common layout for split requirement files.
        """
        if self.is_url or self.is_archive:
            return False
        base = self.basename.lower()
        parts = [p.lower() for p in self.text.strip("/").split("/") if p not in ("", ".")]
        if parts and parts[-1] == "requirements" and not self.heredoc:
            return True
        if len(parts) >= 2 and parts[-2] == "requirements" and base.endswith((".txt", ".in")):
            return True
        if not base:
            return False
        if self.is_glob:
            literal = re.split(r"[*?\[]", base, maxsplit=1)[0]
            if literal and literal.startswith(_MANIFEST_GLOB_PREFIXES):
                return True
            # `*.whl`, `*.lock`: whatever the glob matches ends like a dependency file.
            tail = re.split(r"[*?\]]", base)[-1]
            return tail in (".whl", ".lock")
        return any(fnmatch.fnmatchcase(base, pat) for pat in _MANIFEST_PATTERNS)

    @property
    def is_config(self) -> bool:
        """A configuration file, certificate, key or jar (`nginx.conf`, `ca.crt`, `Makefile`,
        `Makefile-vllm`, `app.jar`): files the build or the service reads, not code."""
        if self.is_url or self.is_archive or self.heredoc or self.text.endswith("/"):
            return False
        if _METADATA_RE.match(self.basename) and not self.is_glob:
            return True
        base = self.basename.lower()
        if not base:
            return False
        if base in _CONFIG_NAMES or base.startswith("makefile"):
            return True
        if base.endswith(_RC_SUFFIXES):
            return True  # `initial-condarc`, `.bashrc`
        if base.endswith(("config.py", ".conf.py")):
            return True  # `ipython_kernel_config.py`, `gunicorn.conf.py`
        if self.may_be_directory and not self.is_glob:
            return False
        if self.is_glob:
            tail = re.split(r"[*?\]]", base)[-1]
            return bool(tail) and tail.endswith(_CONFIG_SUFFIXES)
        return base.endswith(_CONFIG_SUFFIXES)

    @property
    def is_vendored(self) -> bool:
        """A directory that is not the project's own code: version control metadata (`.git`)
        or a third-party release unpacked under its versioned name
        (`cov-analysis-linux64-2023.12.2`), which changes only with that version."""
        if self.is_url or self.heredoc or self.is_glob or self.is_archive:
            return False
        base = self.basename.lower()
        return base in (".git", ".hg", ".svn") or bool(_VERSIONED_DIR_RE.search(base))

    @property
    def is_script(self) -> bool:
        """A shell script (`install.sh`, `library-scripts/*.sh`)."""
        if self.is_url or self.is_archive:
            return False
        base = self.basename.lower()
        if self.is_glob:
            base = re.split(r"[*?\]]", base)[-1]
        return bool(base) and base.endswith(_SCRIPT_SUFFIXES)

    @property
    def is_root(self) -> bool:
        """The whole build context (`.`, `./`)."""
        return not self.heredoc and not self.is_url and self.text.strip("/") in ("", ".")

    def may_provide(self, name: str) -> bool:
        """Whether this source may put a file called `name` (e.g. `Pipfile.lock`) in the
        image: by exact name, by a glob matching it, or as a directory that may hold it."""
        if not self.resolved:
            return True
        base = self.basename
        if base == name:
            return True
        if self.heredoc:
            return False
        if self.is_glob and fnmatch.fnmatchcase(name, base or "*"):
            return True
        return self.may_be_directory


@dataclass(frozen=True, slots=True)
class CopyInfo:
    """The sources and destination of one COPY/ADD."""

    instruction: Instruction
    sources: tuple[CopySource, ...]
    destination: str
    from_: str | None  # the `--from` value: another stage or an image, not the context

    @property
    def from_context(self) -> bool:
        return self.from_ is None

    @property
    def brings_code(self) -> bool:
        """Anything besides dependency manifests: code, models, directories, `.`.

        Sources with unresolved variables are left out: they may well be manifests.
        """
        return bool(self.code_sources)

    @property
    def code_sources(self) -> tuple[CopySource, ...]:
        """The sources that are code: not manifests, not configuration, certificates or
        jars, not `.git` or a versioned third-party release, and resolved (a source with
        unresolved variables may well be a manifest)."""
        return tuple(
            s
            for s in self.sources
            if s.resolved and not s.is_manifest and not s.is_config and not s.is_vendored
        )

    def may_provide(self, name: str) -> bool:
        return any(s.may_provide(name) for s in self.sources)


def stage_lookup(dockerfile: Dockerfile, stage: Stage, before: int) -> Lookup:
    """Variable values visible to an instruction: ENV through the stage chain, then the
    stage's own ARGs."""

    def lookup(name: str) -> str | None:
        value = dockerfile.env_at(stage, name, before=before)
        if value is None:
            value = stage.args.get(name, before)
        return value

    return lookup


def copy_words(value: str) -> list[str]:
    """Whitespace-separated words, keeping quoted runs together (quotes stay for expand)."""
    words: list[str] = []
    current: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(value):
        c = value[i]
        if quote is None and c.isspace():
            if current:
                words.append("".join(current))
                current = []
        else:
            if c == "\\" and quote != "'" and i + 1 < len(value):
                current.append(c)
                current.append(value[i + 1])
                i += 2
                continue
            if quote is None and c in ("'", '"'):
                quote = c
            elif c == quote:
                quote = None
            current.append(c)
        i += 1
    if current:
        words.append("".join(current))
    return words


def _heredoc_name(word: str) -> str | None:
    """`<<EOF`, `<<-"EOF"` -> `EOF`; None when the word is not a heredoc marker."""
    if not word.startswith("<<"):
        return None
    name = word[2:]
    if name.startswith("-"):
        name = name[1:]
    return name.strip("'\"") or None


def copy_info(
    instruction: Instruction,
    lookup: Lookup | None = None,
    escape: str = "\\",
    budget: Budget | None = None,
) -> CopyInfo | None:
    """The sources and destination of a COPY/ADD; None for other instructions or a COPY
    with no destination."""
    if instruction.keyword not in ("COPY", "ADD"):
        return None
    is_add = instruction.keyword == "ADD"
    from_ = instruction.flag("from")
    if from_ == "":
        from_ = None

    def resolve(word: str) -> tuple[str, bool]:
        return expand(word, lookup or (lambda _name: None), escape, budget)

    sources: list[CopySource] = []
    if instruction.form == "exec" and instruction.argv is not None:
        if len(instruction.argv) < 2:
            return None
        *raw_sources, destination = instruction.argv
        for raw in raw_sources:
            # The JSON form still substitutes variables, but has no quotes to remove.
            text, ok = resolve(raw) if "$" in raw else (raw, True)
            sources.append(CopySource(text=text, resolved=ok, add=is_add))
        return CopyInfo(instruction, tuple(sources), destination, from_)
    words = copy_words(instruction.value)
    if len(words) < 2 and not (words and instruction.heredocs):
        return None
    destination_word = words[-1]
    destination, _ = resolve(destination_word)
    heredoc_names = {h.delimiter for h in instruction.heredocs}
    for word in words[:-1]:
        name = _heredoc_name(word)
        if name is not None and (name in heredoc_names or not heredoc_names):
            # BuildKit names the written file after the destination unless that is a
            # directory, in which case the heredoc's own name is used.
            dest_base = destination.rstrip("/").rsplit("/", 1)[-1]
            if destination.endswith("/") or dest_base in ("", ".", ".."):
                file_name = name
            else:
                file_name = dest_base
            sources.append(CopySource(text=file_name, heredoc=True, add=is_add))
            continue
        text, ok = resolve(word)
        sources.append(CopySource(text=text, resolved=ok, add=is_add))
    return CopyInfo(instruction, tuple(sources), destination, from_)


@dataclass(frozen=True, slots=True)
class BindMount:
    """A `RUN --mount=type=bind` (the default mount type)."""

    source: str | None  # None: the whole build context (or the root of `from`)
    target: str | None
    from_: str | None

    def may_provide(self, name: str) -> bool:
        if self.source is None:
            return True
        return CopySource(text=self.source).may_provide(name)


def bind_mounts(instruction: Instruction) -> tuple[BindMount, ...]:
    """The bind mounts of a RUN; other mount types (cache, secret, tmpfs, ssh) are skipped."""
    mounts: list[BindMount] = []
    for spec in instruction.flag_values("mount"):
        fields: dict[str, str] = {}
        for part in spec.split(","):
            key, sep, value = part.partition("=")
            key = key.strip().lower()
            fields[key] = value.strip().strip("'\"") if sep else "true"
        if fields.get("type", "bind").lower() != "bind":
            continue
        source = fields.get("source", fields.get("src"))
        if source in ("", ".", "./", "/"):
            source = None
        target = fields.get("target", fields.get("dst", fields.get("destination")))
        mounts.append(BindMount(source=source, target=target, from_=fields.get("from")))
    return tuple(mounts)

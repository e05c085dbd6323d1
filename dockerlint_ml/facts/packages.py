"""Package-manager commands: what a simple command installs, read with each tool's grammar.

`package_commands(commands)` takes the simple commands of a RUN (as `Context.commands`
gives them: `sh -c`, `sudo`, `env` and `python -m` already unwrapped) and returns one
`PackageCommand` per command of a package manager it knows:

| manager | spellings |
|---|---|
| apt-get, apt | `apt-get`, `apt`, any path to them |
| apk | `apk` |
| pip | `pip`, `pip3`, `pip3.11`, `/opt/venv/bin/pip`, `python3.11 -m pip`, `python$V -m pip` |
| uv-pip | `uv pip` (after uv's own options) |
| pipx, pip-sync | `pipx`, `pip-sync` |
| npm, yarn, pnpm | `npm`, `yarn` (`yarn global add`), `pnpm` |
| gem, go | `gem`, `go` |
| pecl | `pecl` |
| yum, dnf, microdnf, zypper | `yum`, `dnf` (`dnf5`), `microdnf`, `zypper` |

A record holds the manager, its action (canonical: `npm i` is "install", `zypper in` is
"install"), the options before the action (the tool's global options) and after it, each
split with the tool's own arity (which options take a value, and how a value is attached),
and the arguments, each classified as a `PackageArg`:

- a package word (Kind.PACKAGE), split into name and version under the ecosystem's
  grammar: apt `name=version`, `name/release`, `name:arch`; apk `name=ver`, `name~ver`,
  `name>ver`, `name@tag`; pip PEP 508 (`name[extra]>=1,<2; marker`); npm `name@ver`,
  `@scope/name@ver`; gem `name:ver` or `-v ver`; go `path@version`; pecl
  `[channel/]name-version`; rpm `name-ver-rel`, zypper `name>=ver`;
- what is not a package name: a package file (`.deb`, `.apk`, `.rpm`, wheels and sdists,
  `.gem`, npm tarballs, `.go` sources, pecl archives and `package.xml`), a local directory
  or project (`.`, `./pkg`, a Go package of the main module or the standard library such as
  `./cmd/app`, `myapp/cmd/server` or `std`), a URL, a VCS reference
  (`git+https://...@ref`: its ref is the version), a requirements or constraints file
  (`pip -r`, `pip -c`), a package group (`dnf install @core`);
- a word whose meaning depends on an unresolved shell expansion (`$PKGS`, `python${V}`,
  `$(cat list)`): Kind.UNKNOWN. A rule never reports an unknown word as unpinned. A word
  whose version operator is written out (`curl=${V}`, `"flask==$FLASK"`) is a versioned
  package whatever the variables hold.

Nothing here reads the Dockerfile's ENV or ARG, and nothing raises: every scan is one
linear pass over the words.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dockerlint_ml.facts.shell import SimpleCommand


class Kind(enum.Enum):
    """What one argument of a package command is."""

    PACKAGE = "package"  # a name from the manager's index, with or without a version
    UNKNOWN = "unknown"  # an unresolved expansion decides what the word is
    FILE = "file"  # a package file: .deb, .apk, .rpm, a wheel or sdist, .gem, an npm tarball
    PATH = "path"  # a local directory or project (`.`, `./pkg`, `/src/app[dev]`)
    URL = "url"  # a remote location (`https://x/y.zip`, pip's `name @ https://...`)
    VCS = "vcs"  # a version-control reference; `version` holds its ref
    REQUIREMENTS = "requirements"  # a requirements file (`pip -r f`, `uv pip sync f`)
    CONSTRAINTS = "constraints"  # a constraints file (`pip -c f`)
    GROUP = "group"  # a group, pattern or module (`dnf install @core`, `zypper -t pattern`)


@dataclass(frozen=True, slots=True)
class Option:
    """One option as the tool reads it: a cluster `-qy` gives two, `--x=v` one with a value."""

    name: str  # "--index-url", "-r", "-y"
    value: str | None = None  # its value, when the option takes one (or is given `=value`)


@dataclass(frozen=True, slots=True)
class PackageArg:
    """One argument naming something to install (or remove, download...)."""

    word: str  # as the command received it (quotes removed, variables as written)
    kind: Kind
    name: str = ""  # the package name ("" when the word names none)
    operator: str = ""  # how the version is attached: "=", "==", ">=", "~", "@", ":", "-v"
    version: str | None = None  # the text after the operator (pip: `>2,<3` -> "2,<3")
    extras: tuple[str, ...] = ()  # pip extras (`name[a,b]`, `.[dev]`)
    marker: str = ""  # pip environment marker (after `;`)
    release: str = ""  # apt target release (`name/bookworm-backports`)
    arch: str = ""  # apt architecture (`name:amd64`)
    tag: str = ""  # apk repository tag (`name@edge`)
    option: str = ""  # the option this word is the value of (`-r`, `-e`); "" for an operand

    @property
    def versioned(self) -> bool:
        """Whether the word carries a version (a VCS reference: a ref)."""
        return self.version is not None


@dataclass(frozen=True, slots=True)
class PackageCommand:
    """One package-manager invocation."""

    manager: str  # "apt-get", "apt", "apk", "pip", "uv-pip", "pipx", "pip-sync", "npm", ...
    action: str  # canonical subcommand ("install", "add", "global-add", ...); "" when none
    command: SimpleCommand
    global_options: tuple[Option, ...] = ()  # the options before the action
    options: tuple[Option, ...] = ()  # the options after it
    args: tuple[PackageArg, ...] = ()  # in the order written (option values included)

    def has(self, *names: str) -> bool:
        """Whether any of these options is given (before or after the action)."""
        return any(o.name in names for o in (*self.global_options, *self.options))

    def values(self, *names: str) -> tuple[str, ...]:
        """The values given to these options, in order."""
        return tuple(
            o.value
            for o in (*self.global_options, *self.options)
            if o.name in names and o.value is not None
        )

    @property
    def packages(self) -> tuple[PackageArg, ...]:
        """The package words (Kind.PACKAGE)."""
        return tuple(a for a in self.args if a.kind is Kind.PACKAGE)

    @property
    def unknown(self) -> tuple[PackageArg, ...]:
        """The words an unresolved expansion decides (Kind.UNKNOWN)."""
        return tuple(a for a in self.args if a.kind is Kind.UNKNOWN)

    @property
    def program(self) -> str:
        """How the command names the tool: "apt-get", "pip3", "python -m pip", "uv pip"."""
        name = self.command.name
        if self.manager == "uv-pip":
            return "uv pip"
        if self.manager == "pip" and not _pip_name(name):
            return f"{name} -m pip"  # `python$V -m pip`
        if self.manager == "pip" and self.command.wrappers[-1:] == ("python -m",):
            return "python -m pip"
        return name


# --------------------------------------------------------------------------- expansions

# A masked character: one that belongs to a shell expansion (`$X`, `${X}`, `$(...)`, `...`).
_HOLE = "\0"
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS = _NAME_START | frozenset("0123456789")
_SPECIAL_PARAMS = frozenset("0123456789@*#?$!-")


def _close(word: str, i: int, opener: str, closer: str) -> int:
    """The index just after the `closer` matching `word[i]` (an `opener`), nesting counted;
    len(word) when it is never closed."""
    depth = 0
    n = len(word)
    while i < n:
        c = word[i]
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def mask(word: str) -> str:
    """`word` with every character of a shell expansion replaced by NUL, same length: the
    literal text a grammar may split on (`curl=${V}` -> `curl=` + four NULs)."""
    if "$" not in word and "`" not in word:
        return word
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        c = word[i]
        end = i
        if c == "$" and i + 1 < n:
            d = word[i + 1]
            if d == "{":
                end = _close(word, i + 1, "{", "}")
            elif d == "(":
                end = _close(word, i + 1, "(", ")")
            elif d in _NAME_START:
                end = i + 2
                while end < n and word[end] in _NAME_CHARS:
                    end += 1
            elif d in _SPECIAL_PARAMS:
                end = i + 2
        elif c == "`":
            close = word.find("`", i + 1)
            end = n if close < 0 else close + 1
        if end > i:
            out.append(_HOLE * (end - i))
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _first(masked: str, chars: str, start: int = 0) -> int:
    """The index of the first of `chars` in `masked` from `start`, or -1."""
    best = -1
    for ch in chars:
        k = masked.find(ch, start)
        if k >= 0 and (best < 0 or k < best):
            best = k
    return best


def _unknown(word: str, masked: str, option: str = "") -> PackageArg | None:
    """An UNKNOWN argument when an expansion decides the word, else None."""
    return PackageArg(word, Kind.UNKNOWN, option=option) if _HOLE in masked else None


# --------------------------------------------------------------------------- grammars

_LOCAL_PREFIXES = ("./", "../", "/", "~")


def _local(
    word: str, masked: str, option: str, file_suffixes: tuple[str, ...]
) -> PackageArg | None:
    """A FILE (a local package file) or PATH (a directory) argument, when the word is one."""
    lower = masked.lower()
    if file_suffixes and lower.endswith(file_suffixes) and "://" not in masked:
        return PackageArg(word, Kind.FILE, option=option)
    if masked in (".", "..") or masked.startswith(_LOCAL_PREFIXES):
        return PackageArg(word, Kind.PATH, option=option)
    return None


def _apt_arg(word: str, option: str = "") -> PackageArg:
    """apt: `name`, `name=version`, `name/release`, `name:arch[=version]`, `./x.deb`."""
    masked = mask(word)
    found = _local(word, masked, option, (".deb",))
    if found is not None:
        return found
    cut = _first(masked, "=/")
    if cut < 0:
        return _unknown(word, masked, option) or _apt_package(word, masked, word, option)
    head = word[:cut]
    if masked[cut] == "=":
        return _apt_package(word, masked[:cut], head, option, "=", word[cut + 1 :])
    return replace(_apt_package(word, masked[:cut], head, option), release=word[cut + 1 :])


def _apt_package(
    word: str,
    masked_head: str,
    head: str,
    option: str,
    operator: str = "",
    version: str | None = None,
) -> PackageArg:
    colon = masked_head.find(":")
    name, arch = (head, "") if colon < 0 else (head[:colon], head[colon + 1 :])
    return PackageArg(word, Kind.PACKAGE, name, operator, version, arch=arch, option=option)


_APK_OPERATORS = "=<>~"


def _apk_arg(word: str, option: str = "") -> PackageArg:
    """apk: `name`, `name=ver`, `name~ver`, `name=~ver`, `name>=ver`, `name@tag`, `x.apk`."""
    masked = mask(word)
    found = _local(word, masked, option, (".apk",))
    if found is not None:
        return found
    if "/" in masked:  # apk names never hold a slash: a path to a package file
        return PackageArg(word, Kind.PATH, option=option)
    cut = _first(masked, _APK_OPERATORS)
    at = masked.find("@", 0, len(masked) if cut < 0 else cut)
    if cut < 0:
        unknown = _unknown(word, masked, option)
        if unknown is not None:
            return unknown
        if at < 0:
            return PackageArg(word, Kind.PACKAGE, word, option=option)
        return PackageArg(word, Kind.PACKAGE, word[:at], tag=word[at + 1 :], option=option)
    end = cut
    while end < len(masked) and masked[end] in _APK_OPERATORS:
        end += 1
    name, tag = (word[:cut], "") if at < 0 else (word[:at], word[at + 1 : cut])
    return PackageArg(word, Kind.PACKAGE, name, word[cut:end], word[end:], tag=tag, option=option)


_PIP_OPERATORS = ("===", "==", "~=", "!=", "<=", ">=", "<", ">")
_PIP_ARCHIVES = (".whl", ".zip", ".tar", ".tar.gz", ".tar.bz2", ".tar.xz", ".tgz")
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_PIP_NAME_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-" + _HOLE
)


def _split_extras(word: str, masked: str) -> tuple[str, str, tuple[str, ...]]:
    """(core, masked core, extras) for a word ending in `[a,b]` (no `]` inside)."""
    if not masked.endswith("]"):
        return word, masked, ()
    bracket = masked.rfind("[", masked.rfind("]", 0, len(masked) - 1) + 1)
    if bracket < 0:
        return word, masked, ()
    extras = tuple(e.strip() for e in word[bracket + 1 : -1].split(",") if e.strip())
    return word[:bracket], masked[:bracket], extras


def _vcs_ref(url: str, masked: str) -> tuple[str | None, str]:
    """(ref, egg name) of a VCS URL: the ref follows the last `@` of the path (not of
    `user@host`), the name comes from `#egg=`."""
    hash_at = masked.find("#")
    egg = ""
    if hash_at >= 0:
        for part in url[hash_at + 1 :].split("&"):
            if part.startswith("egg="):
                egg = part[4:]
        url, masked = url[:hash_at], masked[:hash_at]
    scheme = masked.find("://")
    path_at = masked.find("/", scheme + 3) if scheme >= 0 else masked.find(":")
    if path_at < 0:
        return None, egg
    at = masked.rfind("@", path_at)
    return (url[at + 1 :], egg) if at >= 0 else (None, egg)


def _pip_arg(word: str, option: str = "") -> PackageArg:
    """pip: a PEP 508 requirement, a direct URL, a VCS reference, an archive or a local path."""
    masked = mask(word)
    _, mcore, extras = _split_extras(word, masked)
    lower = mcore.lower()
    if lower.startswith("file:"):
        path = mcore[5:]
        if lower.endswith(_PIP_ARCHIVES):
            kind = Kind.FILE
        elif path in (".", "..") or path.startswith(_LOCAL_PREFIXES) or "/" in path:
            kind = Kind.PATH
        else:
            kind = Kind.URL  # `file:name`: not a path pip can read as a directory
        return PackageArg(word, kind, extras=extras, option=option)
    if lower.startswith(_VCS_PREFIXES):
        ref, egg = _vcs_ref(word, masked)
        if ref is None and _HOLE in masked:
            return PackageArg(word, Kind.UNKNOWN, option=option)
        return PackageArg(word, Kind.VCS, egg, "@" if ref is not None else "", ref, option=option)
    if "://" in mcore:
        return _pip_direct(word, masked, option)
    if lower.endswith(_PIP_ARCHIVES):
        return PackageArg(word, Kind.FILE, extras=extras, option=option)
    if mcore in (".", "..") or mcore.startswith(_LOCAL_PREFIXES):
        return PackageArg(word, Kind.PATH, extras=extras, option=option)
    if "/" in mcore:
        kind = Kind.URL if "@" in mcore else Kind.PATH
        return PackageArg(word, kind, extras=extras, option=option)
    return _pip_requirement(word, masked, option)


def pip_argument(word: str) -> PackageArg:
    """One pip argument read with pip's grammar (what `pip install WORD` would install)."""
    return _pip_arg(word)


def _pip_direct(word: str, masked: str, option: str) -> PackageArg:
    """`name @ https://...` (or a bare URL): a direct reference."""
    scheme = masked.find("://")
    at = masked.rfind("@", 0, scheme)
    if at < 0:
        return PackageArg(word, Kind.URL, option=option)
    head, _, extras = _split_extras(word[:at].strip(), masked[:at].strip())
    url = word[at + 1 :].strip()
    if url.lower().startswith(_VCS_PREFIXES):
        ref, _ = _vcs_ref(url, masked[at + 1 :].strip())
        return PackageArg(
            word, Kind.VCS, head, "@" if ref is not None else "", ref, extras, option=option
        )
    return PackageArg(word, Kind.URL, head, extras=extras, option=option)


def _pip_requirement(word: str, masked: str, option: str) -> PackageArg:
    """`name[extras] (spec) ; marker`, spaces allowed where PEP 508 allows them."""
    n = len(masked)
    i = 0
    while i < n and masked[i] == " ":
        i += 1
    start = i
    while i < n and masked[i] in _PIP_NAME_CHARS:
        i += 1
    name = word[start:i]
    j = i
    extras: tuple[str, ...] = ()
    while j < n and masked[j] == " ":
        j += 1
    if j < n and masked[j] == "[":
        close = masked.find("]", j)
        if close > j:
            extras = tuple(e.strip() for e in word[j + 1 : close].split(",") if e.strip())
            j = close + 1
    semi = masked.find(";", j)
    marker = word[semi + 1 :].strip() if semi >= 0 else ""
    spec_end = n if semi < 0 else semi
    spec = masked[j:spec_end].strip()
    raw = word[j:spec_end].strip()
    if spec.startswith("(") and spec.endswith(")"):
        spec, raw = spec[1:-1].strip(), raw[1:-1].strip()
    operator = next((op for op in _PIP_OPERATORS if spec.startswith(op)), "")
    if operator:
        version = raw[len(operator) :].strip()
        return PackageArg(
            word, Kind.PACKAGE, name, operator, version, extras, marker, option=option
        )
    unknown = _unknown(word, masked, option)
    if unknown is not None:
        return unknown
    return PackageArg(word, Kind.PACKAGE, name, extras=extras, marker=marker, option=option)


_NPM_FILES = (".tgz", ".tar.gz", ".tar")
_NPM_VCS = ("git+", "git://", "github:", "gitlab:", "bitbucket:", "gist:")


def _npm_arg(word: str, option: str = "") -> PackageArg:
    """npm, yarn, pnpm: `name`, `name@range`, `@scope/name@tag`, tarballs, paths, git refs."""
    masked = mask(word)
    lower = masked.lower()
    if lower.startswith(_NPM_VCS) or (
        "/" in masked
        and not masked.startswith(("@", ".", "/", "~"))
        and ":" not in masked
        and not lower.endswith(_NPM_FILES)
    ):
        # `git+https://...#ref`, `github:o/r#ref`, and the GitHub shorthand `o/r#ref`
        ref_at = masked.find("#")
        if ref_at < 0 and _HOLE in masked:
            return PackageArg(word, Kind.UNKNOWN, option=option)
        ref = word[ref_at + 1 :] if ref_at >= 0 else None
        return PackageArg(word, Kind.VCS, "", "#" if ref is not None else "", ref, option=option)
    if "://" in masked:
        return PackageArg(word, Kind.URL, option=option)
    if lower.startswith("file:"):
        return PackageArg(word, Kind.PATH, option=option)
    found = _local(word, masked, option, _NPM_FILES)
    if found is not None:
        return found
    at = masked.find("@", masked.find("/") + 1 if masked.startswith("@") else 0)
    if masked.startswith("@") and at == 0:
        at = -1  # `@scope` alone
    if at < 0:
        return _unknown(word, masked, option) or PackageArg(word, Kind.PACKAGE, word, option=option)
    return PackageArg(word, Kind.PACKAGE, word[:at], "@", word[at + 1 :], option=option)


def _gem_arg(word: str, option: str = "") -> PackageArg:
    """gem: `name`, `name:version`, `x.gem`, a path."""
    masked = mask(word)
    found = _local(word, masked, option, (".gem",))
    if found is not None:
        return found
    colon = masked.find(":")
    if colon < 0:
        return _unknown(word, masked, option) or PackageArg(word, Kind.PACKAGE, word, option=option)
    return PackageArg(word, Kind.PACKAGE, word[:colon], ":", word[colon + 1 :], option=option)


def _go_arg(word: str, option: str = "") -> PackageArg:
    """go: `module/path[/...]@version`, a local package pattern (`.`, `./cmd/...`), a
    source file (`main.go`), a package of the main module or the standard library."""
    masked = mask(word)
    found = _local(word, masked, option, ())
    if found is not None:
        return found
    at = masked.rfind("@")
    head = masked if at < 0 else masked[:at]
    first = head.split("/", 1)[0]
    if head.endswith(".go") and ("/" not in head or "." not in first):
        return PackageArg(word, Kind.FILE, option=option)  # `main.go`, not `x.org/nats.go`
    if first and not first.startswith("-") and _HOLE not in first and "." not in first:
        # Go fetches only module paths whose first element holds a dot: `std`, `tool`,
        # `cmd/vet` and `myapp/cmd/server` name packages of the standard library or of
        # the main module, built from what is already there.
        return PackageArg(word, Kind.PATH, option=option)
    if at < 0:
        return _unknown(word, masked, option) or PackageArg(word, Kind.PACKAGE, word, option=option)
    return PackageArg(word, Kind.PACKAGE, word[:at], "@", word[at + 1 :], option=option)


_PECL_FILES = (".tgz", ".tar", ".tar.gz", ".tar.bz2", ".zip", ".xml")


def _pecl_arg(word: str, option: str = "") -> PackageArg:
    """pecl: `[channel/]name[-version|-state]`, `channel://host/name-version`, a release
    archive or `package.xml` (local or a URL). A state (`redis-beta`, `-stable`) floats:
    the package is read without a version."""
    masked = mask(word)
    lower = masked.lower()
    if lower.startswith(("http://", "https://", "ftp://")):
        return PackageArg(word, Kind.URL, option=option)
    if lower.startswith("channel://"):
        word_core, masked_core = word[len("channel://") :], masked[len("channel://") :]
    else:
        found = _local(word, masked, option, _PECL_FILES)
        if found is not None:
            return found
        word_core, masked_core = word, masked
    slash = masked_core.rfind("/")
    core, mcore = word_core[slash + 1 :], masked_core[slash + 1 :]
    dash = mcore.rfind("-")
    if dash > 0:
        rest = mcore[dash + 1 :]
        if rest[:1] in _DIGITS or rest[:1] == _HOLE:
            return PackageArg(word, Kind.PACKAGE, core[:dash], "-", core[dash + 1 :], option=option)
        if _HOLE not in mcore:
            return PackageArg(word, Kind.PACKAGE, core[:dash], option=option)  # a state
    return _unknown(word, masked, option) or PackageArg(word, Kind.PACKAGE, core, option=option)


_RPM_OPERATORS = "=<>"
_DIGITS = frozenset("0123456789")


def _rpm_arg(word: str, option: str = "") -> PackageArg:
    """yum, dnf, microdnf, zypper: `name`, `name-version[-release]`, `name >= ver`,
    `name=ver` (zypper), `@group`, `x.rpm`, a URL."""
    masked = mask(word)
    lower = masked.lower()
    if "://" in masked:
        return PackageArg(word, Kind.URL, option=option)
    found = _local(word, masked, option, (".rpm",))
    if found is not None:
        return found
    if masked.startswith("@"):
        return PackageArg(word, Kind.GROUP, word[1:], option=option)
    cut = _first(masked, _RPM_OPERATORS)
    if cut >= 0:
        end = cut
        while end < len(masked) and masked[end] in _RPM_OPERATORS:
            end += 1
        version = word[end:].strip()
        return PackageArg(
            word, Kind.PACKAGE, word[:cut].strip(), word[cut:end], version, option=option
        )
    unknown = _unknown(word, masked, option)
    if unknown is not None:
        return unknown
    # name-version-release: the version is the last dash-separated part that starts with a
    # digit, with the release after it when it starts with one too (`java-1.8.0-openjdk`
    # is a name: its last part does not).
    parts = lower.split("-")
    if len(parts) >= 2 and parts[-1][:1] in _DIGITS:
        keep = 2 if len(parts) >= 3 and parts[-2][:1] in _DIGITS else 1
        cut = len("-".join(parts[:-keep]))
        return PackageArg(word, Kind.PACKAGE, word[:cut], "-", word[cut + 1 :], option=option)
    return PackageArg(word, Kind.PACKAGE, word, option=option)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True, slots=True)
class _Syntax:
    """How a tool reads its options."""

    short: str = ""  # letters of short options that take a value (`-r f`, `-rf`)
    long: frozenset[str] = frozenset()  # long options that take a value (`--x v`, `--x=v`)
    single_dash: bool = False  # Go's flag package: `-ldflags v` is one option
    interspersed: bool = True  # options may follow operands (Go's may not)
    # What follows `--` belongs to another program (gem's build options): not operands.
    passes_rest: bool = False


def _scan(
    words: Sequence[str], start: int, syntax: _Syntax, stop: bool
) -> tuple[list[Option | str], int]:
    """Options (as Option) and operands (as str) of `words[start:]`, in order. With `stop`,
    the scan ends before the first operand; the index where it ended is returned."""
    out: list[Option | str] = []
    i = start
    n = len(words)
    operands_only = False
    while i < n:
        w = words[i]
        if operands_only or w == "-" or not w.startswith("-"):
            if stop:
                return out, i
            out.append(w)
            operands_only = operands_only or not syntax.interspersed
            i += 1
            continue
        if w == "--":
            if stop or syntax.passes_rest:
                return out, i + 1
            operands_only = True
            i += 1
            continue
        if w.startswith("--") or syntax.single_dash:
            name, eq, value = w.partition("=")
            if eq:
                out.append(Option(name, value))
            elif name in syntax.long and i + 1 < n:
                out.append(Option(name, words[i + 1]))
                i += 1
            else:
                out.append(Option(name))
            i += 1
            continue
        if len(w) > 3 and w[2] == "=" and w[1] not in syntax.short:
            out.append(Option(w[:2], w[3:]))  # `-q=2`
            i += 1
            continue
        for k in range(1, len(w)):
            letter = w[k]
            if letter in syntax.short:
                rest = w[k + 1 :]
                if rest:
                    out.append(Option("-" + letter, rest))
                elif i + 1 < n:
                    out.append(Option("-" + letter, words[i + 1]))
                    i += 1
                else:
                    out.append(Option("-" + letter))
                break
            out.append(Option("-" + letter))
        i += 1
    return out, i


# --------------------------------------------------------------------------- managers

_APT = _Syntax(
    short="otcaP",
    long=frozenset(
        {
            "--option", "--target-release", "--default-release", "--config-file",
            "--host-architecture", "--build-profiles", "--solver", "--planner",
        }
    ),
)  # fmt: skip
_APK = _Syntax(
    short="Xtp",
    long=frozenset(
        {
            "--repository", "--virtual", "--root", "--arch", "--repositories-file",
            "--keys-dir", "--cache-dir", "--cache-max-age", "--progress-fd", "--wait",
            "--timeout", "--from",
        }
    ),
)  # fmt: skip
# pip and uv pip together: an option of either takes its value under both (neither has an
# option of the other's name that is a switch).
_PIP = _Syntax(
    short="rcetifCbpPdw",
    long=frozenset(
        {
            "--requirement", "--requirements", "--constraint", "--editable", "--target",
            "--platform", "--python-version", "--implementation", "--abi", "--root",
            "--prefix", "--src", "--upgrade-strategy", "--config-settings",
            "--config-setting", "--global-option", "--install-option", "--no-binary",
            "--only-binary", "--progress-bar", "--root-user-action", "--report",
            "--index-url", "--extra-index-url", "--find-links", "--trusted-host",
            "--cache-dir", "--log", "--log-file", "--timeout", "--retries", "--proxy",
            "--exists-action", "--cert", "--client-cert", "--python", "--use-feature",
            "--use-deprecated", "--keyring-provider", "--group", "--build-constraint",
            "--resume-retries", "--build", "--dest", "--wheel-dir",
            # uv pip only
            "--overrides", "--override", "--build-constraints", "--index", "--default-index",
            "--index-strategy", "--resolution", "--prerelease", "--exclude-newer",
            "--link-mode", "--python-platform", "--torch-backend", "--extra",
            "--reinstall-package", "--upgrade-package", "--no-binary-package",
            "--only-binary-package", "--refresh-package", "--config-file", "--directory",
            "--project", "--color",
            # pipx, pip-sync
            "--pip-args", "--suffix", "--spec", "--preinstall", "--python-executable",
        }
    ),
)  # fmt: skip
# uv's own options, before `pip`.
_UV = _Syntax(
    short="pfCP",
    long=frozenset(
        {
            "--directory", "--project", "--cache-dir", "--color", "--config-file",
            "--python", "--extra", "--group", "--no-group", "--only-group", "--package",
            "--no-install-package", "--index", "--default-index", "--index-url",
            "--extra-index-url", "--find-links", "--index-strategy", "--keyring-provider",
            "--resolution", "--prerelease", "--exclude-newer", "--link-mode",
            "--python-platform", "--script", "--config-setting", "--refresh-package",
            "--upgrade-package", "--reinstall-package", "--no-build-package",
            "--no-binary-package", "--only-binary-package", "--output-format",
            "--allow-insecure-host",
        }
    ),
)  # fmt: skip
_NPM = _Syntax(
    short="wCF",
    long=frozenset(
        {
            "--prefix", "--registry", "--cache", "--tag", "--userconfig", "--globalconfig",
            "--workspace", "--omit", "--include", "--loglevel", "--install-strategy",
            "--before", "--otp", "--location", "--fetch-retries", "--fetch-timeout",
            "--network-timeout", "--cache-folder", "--modules-folder", "--mutex",
            "--global-folder", "--filter", "--dir", "--store-dir", "--global-dir",
            "--virtual-store-dir", "--reporter", "--network-concurrency", "--save-prefix",
        }
    ),
)  # fmt: skip
_GEM = _Syntax(
    short="vinsPg",
    long=frozenset(
        {
            "--version", "--install-dir", "--bindir", "--source", "--trust-policy",
            "--platform", "--file", "--document", "--build-root", "--target-rbconfig",
        }
    ),
    passes_rest=True,
)  # fmt: skip
_GO = _Syntax(
    long=frozenset(
        {
            "-C", "-o", "-p", "-ldflags", "-gcflags", "-asmflags", "-gccgoflags", "-tags",
            "-mod", "-modfile", "-overlay", "-pkgdir", "-buildmode", "-compiler",
            "-installsuffix", "-toolexec", "-pgo", "-covermode", "-coverpkg", "-exec",
            "--ldflags", "--tags", "--mod", "--modfile",
        }
    ),
    single_dash=True,
    interspersed=False,
)  # fmt: skip
_RPM = _Syntax(
    short="cdexR",
    long=frozenset(
        {
            "--enablerepo", "--disablerepo", "--setopt", "--installroot", "--releasever",
            "--config", "--debuglevel", "--errorlevel", "--exclude", "--excludepkgs",
            "--repo", "--repoid", "--color", "--downloaddir", "--destdir", "--forcearch",
            "--rpmverbosity", "--setvar", "--advisory", "--advisories", "--bz", "--cve",
            "--sec-severity", "--secseverity", "--comment", "--repofrompath",
            "--disableplugin", "--enableplugin", "--noplugins-except",
        }
    ),
)  # fmt: skip
_ZYPPER_GLOBAL = _Syntax(
    short="cRDC",
    long=frozenset(
        {
            "--config", "--root", "--reposd-dir", "--cache-dir", "--raw-cache-dir",
            "--solv-cache-dir", "--pkg-cache-dir", "--installroot",
        }
    ),
)  # fmt: skip
_ZYPPER = _Syntax(
    short="rtp",
    long=frozenset({"--repo", "--type", "--from", "--download", "--oldpackage-of"}),
)  # fmt: skip


def _aliases(table: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """canonical action -> spellings, turned into spelling -> canonical action."""
    return {alias: action for action, spellings in table.items() for alias in (action, *spellings)}


# How an action's operands read: as packages of the tool's grammar, as requirements files
# (`uv pip sync f`), or as groups (`dnf groupinstall x`).
_PACKAGES = "packages"
_FILES = "files"
_GROUPS = "groups"


@dataclass(frozen=True, slots=True)
class _Manager:
    syntax: _Syntax
    grammar: Callable[[str, str], PackageArg]
    actions: Mapping[str, str]  # spelling -> canonical action
    operands: Mapping[str, str]  # canonical action -> how its operands read
    global_syntax: _Syntax | None = None  # before the action, when it differs
    # Option -> what its value is as an argument (Kind.PACKAGE: read with the grammar).
    value_args: Mapping[str, Kind] = field(default_factory=dict)


_PIP_VALUE_ARGS = {
    "-r": Kind.REQUIREMENTS,
    "--requirement": Kind.REQUIREMENTS,
    "--requirements": Kind.REQUIREMENTS,
    "-c": Kind.CONSTRAINTS,
    "--constraint": Kind.CONSTRAINTS,
    "-e": Kind.PACKAGE,
    "--editable": Kind.PACKAGE,
}
_PIP_ACTIONS = _aliases(
    {"install": (), "uninstall": (), "download": (), "wheel": (), "sync": (), "compile": ()}
)
_PIP_OPERANDS = {
    "install": _PACKAGES,
    "uninstall": _PACKAGES,
    "download": _PACKAGES,
    "wheel": _PACKAGES,
    "sync": _FILES,
    "compile": _FILES,
}
_APT_ACTIONS = _aliases(
    {
        a: ()
        for a in (
            "install", "reinstall", "remove", "purge", "autoremove", "autopurge", "update",
            "upgrade", "dist-upgrade", "full-upgrade", "dselect-upgrade", "download",
            "source", "build-dep", "check", "clean", "autoclean", "changelog", "satisfy",
            "list", "search", "show", "showsrc", "policy", "depends", "rdepends",
            "edit-sources", "markauto", "unmarkauto", "indextargets",
        )
    }
)  # fmt: skip
_APT_OPERANDS = dict.fromkeys(
    (
        "install", "reinstall", "remove", "purge", "autoremove", "autopurge", "download",
        "source", "build-dep", "changelog", "upgrade", "full-upgrade", "show", "policy",
        "depends", "rdepends", "markauto", "unmarkauto",
    ),
    _PACKAGES,
)  # fmt: skip
_APK_ACTIONS = _aliases(
    {
        a: ()
        for a in (
            "add", "del", "fix", "update", "upgrade", "cache", "info", "list", "dot",
            "policy", "search", "fetch", "index", "manifest", "audit", "stats", "verify",
            "version",
        )
    }
)  # fmt: skip
_APK_OPERANDS = dict.fromkeys(
    ("add", "del", "fix", "upgrade", "fetch", "info", "policy"), _PACKAGES
)
_NPM_ACTIONS = _aliases(
    {
        "install": ("i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal",
                    "isntall", "add"),
        "ci": ("clean-install", "ic", "install-clean", "isntall-clean"),
        "uninstall": ("un", "unlink", "remove", "rm", "r"),
        "update": ("up", "upgrade", "udpate"),
        "run": ("run-script", "rum", "urn"),
        "exec": ("x",),
        "link": ("ln",),
        "config": ("c",),
        "cache": (), "audit": (), "prune": (), "dedupe": ("ddp",), "rebuild": ("rb",),
        "pack": (), "publish": (), "init": ("create",), "test": ("t", "tst"),
        "start": (), "build": (),
    }
)  # fmt: skip
_NPM_OPERANDS = dict.fromkeys(("install", "uninstall", "update"), _PACKAGES)
_YARN_ACTIONS = _aliases(
    {
        a: ()
        for a in (
            "add", "install", "remove", "upgrade", "up", "global", "run", "build", "test",
            "cache", "config", "link", "workspace", "workspaces", "dlx", "exec",
        )
    }
)  # fmt: skip
_YARN_OPERANDS = dict.fromkeys(
    ("add", "remove", "upgrade", "up", "global-add", "global-remove", "global-upgrade",
     "dlx"),
    _PACKAGES,
)  # fmt: skip
_PNPM_ACTIONS = _aliases(
    {
        "add": (),
        "install": ("i",),
        "remove": ("rm", "uninstall", "un"),
        "update": ("up", "upgrade"),
        "run": (), "exec": (), "dlx": (), "build": (), "test": ("t",), "fetch": (),
        "prune": (), "store": (), "config": ("c",), "link": ("ln",),
    }
)  # fmt: skip
_PNPM_OPERANDS = dict.fromkeys(("add", "install", "remove", "update", "dlx"), _PACKAGES)
_GEM_ACTIONS = _aliases(
    {
        "install": ("i",), "uninstall": (), "update": (), "fetch": (), "list": (),
        "source": (), "sources": (), "build": (), "env": (), "cleanup": (), "query": (),
    }
)  # fmt: skip
_GEM_OPERANDS = dict.fromkeys(("install", "uninstall", "update", "fetch"), _PACKAGES)
_GO_ACTIONS = _aliases(
    {a: () for a in ("install", "get", "build", "run", "mod", "test", "env", "clean", "generate")}
)  # fmt: skip
_GO_OPERANDS = dict.fromkeys(("install", "get", "run"), _PACKAGES)
_PECL = _Syntax(
    short="cCdDuRP",
    long=frozenset({"--installroot", "--packagingroot", "--configureoptions"}),
)  # fmt: skip
_PECL_ACTIONS = _aliases(
    {
        a: ()
        for a in (
            "install", "upgrade", "uninstall", "download", "build", "info", "list",
            "list-all", "remote-info", "remote-list", "search", "channel-update",
            "update-channels", "config-get", "config-set", "config-show", "clear-cache",
            "upgrade-all", "package", "run-scripts",
        )
    }
)  # fmt: skip
_PECL_OPERANDS = dict.fromkeys(("install", "upgrade", "uninstall", "download"), _PACKAGES)
_RPM_ACTIONS = _aliases(
    {
        "install": ("in",), "reinstall": ("rei",), "localinstall": (), "groupinstall": (),
        "remove": ("rm", "erase"), "update": ("up",), "upgrade": (), "downgrade": (),
        "groupremove": (), "makecache": ("mc",), "clean": (), "module": (), "group": (),
        "groups": (), "config-manager": (), "search": (), "info": (), "list": (),
        "swap": (), "distro-sync": ("dsync",), "autoremove": (), "check-update": (),
        "repolist": (), "download": (),
    }
)  # fmt: skip
_RPM_OPERANDS = {
    **dict.fromkeys(
        ("install", "reinstall", "localinstall", "remove", "update", "upgrade",
         "downgrade", "download"),
        _PACKAGES,
    ),
    **dict.fromkeys(
        ("groupinstall", "groupremove", "group-install", "group-remove", "module-install",
         "module-enable"),
        _GROUPS,
    ),
}  # fmt: skip
_ZYPPER_ACTIONS = _aliases(
    {
        "install": ("in",), "remove": ("rm",), "update": ("up",),
        "dist-upgrade": ("dup",), "source-install": ("si",), "refresh": ("ref",),
        "addrepo": ("ar",), "removerepo": ("rr",), "clean": ("cc",), "patch": (),
        "search": ("se",), "info": ("if",), "lock": ("al", "addlock"),
    }
)  # fmt: skip
_ZYPPER_OPERANDS = dict.fromkeys(
    ("install", "remove", "update", "source-install", "info", "lock"), _PACKAGES
)

_MANAGERS: dict[str, _Manager] = {
    "apt-get": _Manager(_APT, _apt_arg, _APT_ACTIONS, _APT_OPERANDS),
    "apt": _Manager(_APT, _apt_arg, _APT_ACTIONS, _APT_OPERANDS),
    "apk": _Manager(_APK, _apk_arg, _APK_ACTIONS, _APK_OPERANDS),
    "pip": _Manager(_PIP, _pip_arg, _PIP_ACTIONS, _PIP_OPERANDS, value_args=_PIP_VALUE_ARGS),
    "uv-pip": _Manager(_PIP, _pip_arg, _PIP_ACTIONS, _PIP_OPERANDS, _UV, _PIP_VALUE_ARGS),
    "pipx": _Manager(
        _PIP,
        _pip_arg,
        _aliases({a: () for a in ("install", "inject", "upgrade", "uninstall", "run")}),
        dict.fromkeys(("install", "inject", "upgrade", "uninstall"), _PACKAGES),
    ),
    "pip-sync": _Manager(_PIP, _pip_arg, {}, {"sync": _FILES}, value_args=_PIP_VALUE_ARGS),
    "npm": _Manager(_NPM, _npm_arg, _NPM_ACTIONS, _NPM_OPERANDS),
    "yarn": _Manager(_NPM, _npm_arg, _YARN_ACTIONS, _YARN_OPERANDS),
    "pnpm": _Manager(_NPM, _npm_arg, _PNPM_ACTIONS, _PNPM_OPERANDS),
    "gem": _Manager(
        _GEM,
        _gem_arg,
        _GEM_ACTIONS,
        _GEM_OPERANDS,
        value_args={"-g": Kind.REQUIREMENTS, "--file": Kind.REQUIREMENTS},
    ),
    "go": _Manager(_GO, _go_arg, _GO_ACTIONS, _GO_OPERANDS),
    "pecl": _Manager(_PECL, _pecl_arg, _PECL_ACTIONS, _PECL_OPERANDS),
    "yum": _Manager(_RPM, _rpm_arg, _RPM_ACTIONS, _RPM_OPERANDS),
    "dnf": _Manager(_RPM, _rpm_arg, _RPM_ACTIONS, _RPM_OPERANDS),
    "microdnf": _Manager(_RPM, _rpm_arg, _RPM_ACTIONS, _RPM_OPERANDS),
    "zypper": _Manager(_ZYPPER, _rpm_arg, _ZYPPER_ACTIONS, _ZYPPER_OPERANDS, _ZYPPER_GLOBAL),
}
_NAMES = {
    "apt-get": "apt-get", "apt": "apt", "apk": "apk", "pipx": "pipx", "pip-sync": "pip-sync",
    "npm": "npm", "yarn": "yarn", "pnpm": "pnpm", "gem": "gem", "go": "go", "pecl": "pecl",
    "yum": "yum",
    "dnf": "dnf", "dnf5": "dnf", "microdnf": "microdnf", "zypper": "zypper",
}  # fmt: skip
# Actions whose first operand chooses a sub-action: `yarn global add`, `dnf group install`.
_NESTED = {
    ("yarn", "global"): "global",
    ("yum", "group"): "group",
    ("yum", "groups"): "group",
    ("dnf", "group"): "group",
    ("dnf", "groups"): "group",
    ("microdnf", "module"): "module",
    ("yum", "module"): "module",
    ("dnf", "module"): "module",
}
# Options with which a bare `yarn` prints something instead of installing.
_YARN_INFO = frozenset({"--version", "-v", "--help", "-h"})
# Options (anywhere) with which apt-get, apk and pip only pretend to install.
DRY_RUN = frozenset({"-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"})

# `python$PY`, `python${PYTHON_VERSION}`, `$PYTHON`: an interpreter whose name is only known
# at build time (the shell's unwrapping only knows literal names such as `python3.11`).
# (`\w[\w.]*`, not `\w+[\w.]*`: two runs that both take letters backtrack quadratically.)
VAR_PYTHON_RE = re.compile(r"^(?:(?:python|pypy)[\w.]*)?\$(?:\{\w+\}|\w)[\w.]*$")


def _pip_name(name: str) -> bool:
    """`pip`, `pip3`, `pip3.11` (and not `pipx`, `pipenv`, `pip-compile`)."""
    if name == "pip":
        return True
    if not name.startswith("pip"):
        return False
    major, dot, minor = name[3:].partition(".")
    if not (major.isascii() and major.isdigit()):
        return False
    return not dot or (minor.isascii() and minor.isdigit())


def _identify(command: SimpleCommand) -> tuple[str, int] | None:
    """(manager, index of the first word after the program's name) for a known manager."""
    name = command.name
    argv = command.argv
    if _pip_name(name):
        return "pip", 1
    if name == "uv" and "pip" in argv:
        return "uv-pip", 1
    if VAR_PYTHON_RE.match(name) and argv[1:3] == ("-m", "pip"):
        return "pip", 3
    manager = _NAMES.get(name)
    return None if manager is None else (manager, 1)


def package_command(command: SimpleCommand) -> PackageCommand | None:
    """The package-manager invocation a simple command is, or None."""
    found = _identify(command)
    if found is None:
        return None
    manager, start = found
    spec = _MANAGERS[manager]
    words = command.argv
    global_syntax = spec.global_syntax or spec.syntax
    pre: list[Option | str]
    if manager == "uv-pip":
        pre, i = _scan(words, start, _UV, stop=True)
        if i >= len(words) or words[i] != "pip":
            return None
        more, i = _scan(words, i + 1, _UV, stop=True)
        pre += more
    elif manager == "pip-sync":
        pre, i = [], start  # no subcommand: every option is the command's own
    else:
        pre, i = _scan(words, start, global_syntax, stop=True)
    global_options = tuple(o for o in pre if isinstance(o, Option))
    action = ""
    if manager == "pip-sync":
        action = "sync"  # pip-sync has no subcommand
    elif i < len(words):
        action = spec.actions.get(words[i], "")
        i += 1 if action else 0
    elif manager == "yarn" and not any(o.name in _YARN_INFO for o in global_options):
        action = "install"  # `yarn` alone installs (`yarn --version` only answers)
    nested = _NESTED.get((manager, action))
    if nested is not None:
        sub, j = _scan(words, i, spec.syntax, stop=True)
        global_options += tuple(o for o in sub if isinstance(o, Option))
        if j < len(words):
            action = f"{nested}-{words[j]}"
            i = j + 1
    if not action:
        return PackageCommand(manager, "", command, global_options)
    items, _ = _scan(words, i, spec.syntax, stop=False)
    options = tuple(o for o in items if isinstance(o, Option))
    reading = spec.operands.get(action)
    args: list[PackageArg] = []
    if reading is not None:
        args = _arguments(manager, action, spec, reading, items, (*global_options, *options))
    return PackageCommand(manager, action, command, global_options, options, tuple(args))


def _arguments(
    manager: str,
    action: str,
    spec: _Manager,
    reading: str,
    items: Sequence[Option | str],
    options: Sequence[Option],
) -> list[PackageArg]:
    args: list[PackageArg] = []
    group = reading == _GROUPS or (
        manager == "zypper"
        and any(o.name in ("-t", "--type") and o.value not in (None, "package") for o in options)
    )
    # `pipx inject APP pkg...`: the first operand names the application, not a package.
    skip_first = manager == "pipx" and action == "inject"
    if manager == "go" and action == "run":
        items = _go_run_package(items)
    for item in items:
        if isinstance(item, Option):
            kind = spec.value_args.get(item.name)
            if kind is None or not item.value:
                continue
            if kind is Kind.PACKAGE:
                args.append(spec.grammar(item.value, item.name))
            else:
                args.append(PackageArg(item.value, kind, option=item.name))
            continue
        if skip_first:
            skip_first = False
            continue
        if reading == _FILES:
            args.append(PackageArg(item, Kind.REQUIREMENTS))
        elif group:
            args.append(PackageArg(item, Kind.GROUP, item))
        else:
            args.append(spec.grammar(item, ""))
    if manager == "gem":
        versions = [o.value for o in options if o.name in ("-v", "--version") and o.value]
        if versions:
            args = [
                replace(a, operator="-v", version=versions[-1])
                if a.kind is Kind.PACKAGE and a.version is None
                else a
                for a in args
            ]
    return args


def _go_run_package(items: Sequence[Option | str]) -> list[Option | str]:
    """What `go run` builds: its leading `.go` files, or else its first operand; the words
    after it are the program's arguments."""
    out: list[Option | str] = []
    for item in items:
        if isinstance(item, Option) or item.endswith(".go"):
            out.append(item)
        else:
            if not any(isinstance(o, str) for o in out):
                out.append(item)
            break
    return out


def package_commands(commands: Iterable[SimpleCommand]) -> tuple[PackageCommand, ...]:
    """Every package-manager command among `commands`, in order."""
    found = []
    for command in commands:
        record = package_command(command)
        if record is not None:
            found.append(record)
    return tuple(found)

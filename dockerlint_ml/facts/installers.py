"""Python installer commands: which install a simple command performs, and what it needs.

`classify(command)` recognises pip / pip3 / pipX.Y install (and `python -m pip`), uv pip
install/sync, uv sync, pipenv install/sync, poetry install/sync and conda / mamba /
micromamba installs, and returns an `Install` that rules query instead of re-reading argv:
what it installs (named packages, requirement files, the local project), with which flags,
and which manifest and lock file it reads.

pip, `uv pip` and pip-sync are read by `facts.packages` (one option parser and one pip
grammar for every rule); pipenv, poetry, `uv sync` and conda keep their own small tables
here. The settings installers read from the environment (`PIPENV_SYSTEM=1`, `UV_LOCKED`)
are read as facts.run_state reads the environment a command sees: its `env_setting`,
`env_reader` and `truthy` are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dockerlint_ml.facts.packages import (
    VAR_PYTHON_RE,
    Kind,
    PackageArg,
    PackageCommand,
    package_command,
    pip_argument,
)
from dockerlint_ml.facts.run_state import env_reader as env_reader
from dockerlint_ml.facts.run_state import env_setting as env_setting
from dockerlint_ml.facts.run_state import truthy as truthy
from dockerlint_ml.facts.shell import SimpleCommand

_CONDA_NAMES = frozenset({"conda", "mamba", "micromamba"})

# Options that take a value, per tool (long forms may also be written `--opt=value`); pip's
# and uv pip's are in facts.packages.
_PIPENV_VALUE_OPTS = frozenset(
    {
        "--python", "--pypi-mirror", "-r", "--requirements", "-i", "--index",
        "--extra-index-url", "-c", "--code", "--categories", "-e", "--editable",
        "--extra-pip-args",
    }
)  # fmt: skip
_POETRY_VALUE_OPTS = frozenset(
    {
        "--only", "--with", "--without", "-E", "--extras", "-C", "--directory", "-P",
        "--project", "--sync-groups",
    }
)  # fmt: skip
_UV_VALUE_OPTS = frozenset(
    {
        "--directory", "--project", "--cache-dir", "--color", "--config-file", "-p",
        "--python", "--extra", "--group", "--no-group", "--only-group", "--package",
        "--no-install-package", "--index", "--default-index", "--index-url",
        "--extra-index-url", "-f", "--find-links", "--index-strategy", "--keyring-provider",
        "--resolution", "--prerelease", "--exclude-newer", "--link-mode", "--python-platform",
        "--script", "-C", "--config-setting", "--refresh-package", "-P", "--upgrade-package",
        "--reinstall-package", "--no-build-package", "--no-binary-package",
        "--only-binary-package", "--output-format", "--allow-insecure-host",
    }
)  # fmt: skip
_CONDA_VALUE_OPTS = frozenset(
    {
        "-n", "--name", "-p", "--prefix", "-c", "--channel", "-f", "--file", "--solver",
        "--platform", "--subdir", "-r", "--root-prefix", "--rc-file", "--repodata-fn",
        "--experimental-solver",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Install:
    """One installer invocation, as recognised from a simple command.

    `tool` is one of "pip", "uv-pip", "pipenv", "poetry", "uv", "conda" (conda, mamba and
    micromamba alike); `action` the subcommand ("install", "sync", "env-create",
    "env-update", "create").
    """

    tool: str
    action: str
    command: SimpleCommand
    packages: tuple[str, ...] = ()  # named requirement specifiers, URLs, archives
    requirement_files: tuple[str, ...] = ()  # -r files; conda --file / env -f files
    local_paths: tuple[str, ...] = ()  # local project directories installed (`.`, `./pkg`)
    editable: bool = False  # some local path is installed editable (`-e .`)
    options: frozenset[str] = frozenset()  # the long/short flags given (names only)

    @property
    def program(self) -> str:
        """How the user calls it: "pip install", "pipenv sync", "uv pip install"…"""
        names = {"uv-pip": "uv pip", "conda": self.command.name or "conda"}
        tool = names.get(self.tool, self.tool)
        action = self.action.replace("env-", "env ")
        return f"{tool} {action}"

    def has(self, *flags: str) -> bool:
        return any(f in self.options for f in flags)

    @property
    def installs_dependencies(self) -> bool:
        """Whether this installs third-party packages (DLM004's notion of an install)."""
        if self.tool in ("pip", "uv-pip"):
            return bool(self.packages or self.requirement_files or self.local_paths)
        if self.tool == "conda":
            if self.action in ("env-create", "env-update"):
                return True
            return bool(self.packages or self.requirement_files)
        return True

    @property
    def project_only(self) -> bool:
        """Installs only the local project, never its dependencies: `pip install --no-deps .`
        or `poetry install --only-root`. (`uv sync` has no such flag.)"""
        if self.tool in ("pip", "uv-pip"):
            return (
                bool(self.local_paths)
                and not self.packages
                and not self.requirement_files
                and self.has("--no-deps")
            )
        if self.tool == "poetry":
            return self.has("--only-root")
        return False

    @property
    def local_project(self) -> bool:
        """Installs the local project and nothing named besides (`pip install -e .`)."""
        return bool(self.local_paths) and not self.packages and not self.requirement_files

    @property
    def dependencies_only(self) -> bool:
        """The first phase of a two-phase install: dependencies without the project
        (`uv sync --no-install-project`, `poetry install --no-root`)."""
        if self.tool == "uv":
            return self.has("--no-install-project", "--no-install-workspace")
        if self.tool == "poetry":
            return self.has("--no-root")
        return False

    @property
    def lock_file(self) -> str | None:
        """The lock file whose presence makes this install reproducible."""
        if self.tool == "pipenv":
            return "Pipfile.lock"
        if self.tool == "poetry":
            return "poetry.lock"
        if self.tool == "uv" and self.action == "sync":
            return "uv.lock"
        return None

    @property
    def manifests(self) -> tuple[str, ...]:
        """The files this install reads, lock included, for hints such as "copy these first"."""
        if self.tool == "pipenv":
            return ("Pipfile", "Pipfile.lock")
        if self.tool == "poetry":
            return ("pyproject.toml", "poetry.lock")
        if self.tool == "uv":
            return ("pyproject.toml", "uv.lock")
        if self.tool == "conda" and self.action in ("env-create", "env-update"):
            return self.requirement_files or ("environment.yml",)
        files = list(self.requirement_files)
        if self.local_paths:
            files.append("pyproject.toml")
        return tuple(files)


def _scan(
    args: Iterable[str],
    value_opts: frozenset[str],
    short_value_chars: str = "",
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Split arguments into (option, value) pairs and positionals.

    Long options may carry `=value`; short clusters such as `-qr file` or `-rfile` are
    unpacked when their letters are listed in `short_value_chars`.
    """
    opts: list[tuple[str, str | None]] = []
    positional: list[str] = []
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        i += 1
        if arg == "--":
            positional.extend(items[i:])
            break
        if arg.startswith("--"):
            name, sep, value = arg.partition("=")
            if sep:
                opts.append((name, value))
            elif name in value_opts and i < len(items):
                opts.append((name, items[i]))
                i += 1
            else:
                opts.append((name, None))
            continue
        if arg.startswith("-") and len(arg) > 1:
            if arg in value_opts:
                opts.append((arg, items[i] if i < len(items) else None))
                i += 1 if i < len(items) else 0
                continue
            letters = arg[1:]
            for pos, letter in enumerate(letters):
                flag = "-" + letter
                if letter in short_value_chars:
                    rest = letters[pos + 1 :]
                    if rest:
                        opts.append((flag, rest))
                    elif i < len(items):
                        opts.append((flag, items[i]))
                        i += 1
                    else:
                        opts.append((flag, None))
                    break
                opts.append((flag, None))
            continue
        positional.append(arg)
    return opts, positional


def _subcommand(args: tuple[str, ...], value_opts: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """The first positional word (after global options) and the arguments after it."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-"):
            if "=" not in arg and arg in value_opts:
                i += 1
            i += 1
            continue
        return arg, args[i + 1 :]
    return "", ()


def _is_local_project(target: str) -> bool:
    """`.`, `./pkg`, `/src/app`, `..[dev]`: a directory holding a project to build."""
    return _local(pip_argument(target))


def _local(arg: PackageArg) -> bool:
    """Whether an argument is a local project: a PATH, or an unknown word that names a path
    outside its variables (`$(ls dist/*.tar.gz)[ray]`, which DLM004 has always read as
    the project built here)."""
    return arg.kind is Kind.PATH or (arg.kind is Kind.UNKNOWN and _path_like(arg.word))


# A word that is only parameter expansions (`$PKG`, `${MXNET_PACKAGE/-nightly/}[extra]`).
_EXPANSION_RE = re.compile(r"^(?:\$\{[^}]*\}|\$\w+)+(?:\[[^\]]*\])?$")
_ARCHIVE_RE = re.compile(r"\.(whl|zip|tar(\.(gz|bz2|xz))?|tgz)$", re.IGNORECASE)


def _path_like(target: str) -> bool:
    if _EXPANSION_RE.match(target):
        # `${PKG/-nightly/}`: the slashes belong to the expansion, not to a path.
        return False
    path = _strip_extras(target)
    if _ARCHIVE_RE.search(path):
        return False
    if path.startswith(("./", "../", "/", "~")):
        return True
    return "/" in path and "://" not in path and "@" not in path and not path.startswith("git+")


def _strip_extras(target: str) -> str:
    """`pkg[dev,test]` -> `pkg`: the trailing `[...]` (no `]` inside) removed.

    What `re.sub(r"\\[[^\\]]*\\]$", "", target)` did, without its rescans: the search
    restarted at every `[` and read to the end each time, quadratic on `[[[[...`.
    """
    end = len(target) - 1 if target.endswith("\n") else len(target)  # `$` ignores one \n
    if not target.endswith("]", 0, end):
        return target
    start = target.rfind("]", 0, end - 1) + 1
    bracket = target.find("[", start, end - 1)
    return target if bracket < 0 else target[:bracket] + target[end:]


_REQUIREMENT_OPTIONS = frozenset({"-r", "--requirement", "--requirements"})
_EDITABLE_OPTIONS = frozenset({"-e", "--editable"})


def _pip_like(tool: str, record: PackageCommand, cmd: SimpleCommand) -> Install:
    """A pip, uv pip or pip-sync install, from its package-command record."""
    packages: list[str] = []
    requirements: list[str] = []
    local: list[str] = []
    editable = False
    # Option values first, then operands: editables and `-r` files lead their lists.
    for arg in record.args:
        if arg.option in _REQUIREMENT_OPTIONS:
            requirements.append(arg.word)
        elif arg.option in _EDITABLE_OPTIONS:
            if _local(arg):
                local.append(arg.word)
                editable = True
            else:
                packages.append(arg.word)
    for arg in record.args:
        if arg.option:
            continue
        if arg.kind is Kind.REQUIREMENTS:
            requirements.append(arg.word)  # `uv pip sync f`, `pip-sync f`
        elif _local(arg):
            local.append(arg.word)
        else:
            packages.append(arg.word)
    options = record.options  # after the subcommand (pip-sync has none: all of them)
    return Install(
        tool="pip" if tool == "pip-sync" else tool,
        action=record.action,
        command=cmd,
        packages=tuple(packages),
        requirement_files=tuple(requirements),
        local_paths=tuple(local),
        editable=editable,
        options=frozenset(o.name for o in options),
    )


def _pipenv(cmd: SimpleCommand, args: tuple[str, ...]) -> Install | None:
    sub, rest = _subcommand(args, _PIPENV_VALUE_OPTS)
    if sub not in ("install", "sync"):
        return None
    global_opts, _ = _scan(args[: len(args) - len(rest) - 1], _PIPENV_VALUE_OPTS)
    opts, positional = _scan(rest, _PIPENV_VALUE_OPTS, short_value_chars="rice")
    requirements = [v for n, v in opts if n in ("-r", "--requirements") and v]
    editables = [v for n, v in opts if n in ("-e", "--editable") and v]
    names = {n for n, _ in opts} | {n for n, _ in global_opts}
    return Install(
        tool="pipenv",
        action=sub,
        command=cmd,
        packages=tuple(positional) + tuple(e for e in editables if not _is_local_project(e)),
        requirement_files=tuple(requirements),
        local_paths=tuple(e for e in editables if _is_local_project(e)),
        editable=bool(editables),
        options=frozenset(names),
    )


def _poetry(cmd: SimpleCommand, args: tuple[str, ...]) -> Install | None:
    sub, rest = _subcommand(args, _POETRY_VALUE_OPTS)
    if sub not in ("install", "sync"):
        return None
    opts, _ = _scan(rest, _POETRY_VALUE_OPTS, short_value_chars="ECP")
    names = {n for n, _ in opts}
    # `--only main` / `--only=root` style selections are kept as "--only=<value>" too.
    names |= {f"{n}={v}" for n, v in opts if v is not None and n == "--only"}
    return Install(tool="poetry", action=sub, command=cmd, options=frozenset(names))


def _uv(cmd: SimpleCommand, args: tuple[str, ...]) -> Install | None:
    sub, rest = _subcommand(args, _UV_VALUE_OPTS)
    if sub == "sync":
        opts, _ = _scan(rest, _UV_VALUE_OPTS, short_value_chars="pfCP")
        global_opts, _ = _scan(args[: len(args) - len(rest) - 1], _UV_VALUE_OPTS)
        names = {n for n, _ in opts} | {n for n, _ in global_opts}
        return Install(tool="uv", action="sync", command=cmd, options=frozenset(names))
    if sub == "pip":
        record = package_command(cmd)
        if record is not None and record.action in ("install", "sync"):
            return _pip_like("uv-pip", record, cmd)
    return None


def _conda(cmd: SimpleCommand, args: tuple[str, ...]) -> Install | None:
    sub, rest = _subcommand(args, _CONDA_VALUE_OPTS)
    action = sub
    if sub == "env":
        env_sub, rest = _subcommand(rest, _CONDA_VALUE_OPTS)
        if env_sub not in ("create", "update"):
            return None
        action = f"env-{env_sub}"
    elif sub not in ("install", "create", "update"):
        return None
    opts, positional = _scan(rest, _CONDA_VALUE_OPTS, short_value_chars="npcfr")
    files = tuple(v for n, v in opts if n in ("-f", "--file") and v)
    if action == "create" and not files:
        return None  # a bare `create` makes an environment; its packages follow elsewhere
    if action == "update" and not files:
        return None  # `conda update conda` and friends refresh, they install nothing new
    return Install(
        tool="conda",
        action=action,
        command=cmd,
        packages=tuple(positional) if action == "install" else (),
        requirement_files=files,
        options=frozenset(n for n, _ in opts),
    )


def classify(command: SimpleCommand) -> Install | None:
    """The install a simple command performs, or None when it is not an installer we know."""
    # `python -m pip ...` arrives as ("pip", ...): shell.from_argv unwraps interpreters.
    name = command.name
    args = command.args
    if VAR_PYTHON_RE.match(name) and len(args) >= 2 and args[0] == "-m" and args[1] == "pip":
        unwrapped = SimpleCommand(("pip", *args[2:]), command.env, (*command.wrappers, "python -m"))
        return classify(unwrapped)
    if name == "pip-sync" or (name.startswith("pip") and name not in ("pipenv", "pipx")):
        record = package_command(command)
        if record is None or record.manager not in ("pip", "pip-sync"):
            return None
        if record.action == "install" or record.manager == "pip-sync":
            return _pip_like(record.manager, record, command)
        return None
    if name == "pipenv":
        return _pipenv(command, args)
    if name == "poetry":
        return _poetry(command, args)
    if name == "uv":
        return _uv(command, args)
    if name in _CONDA_NAMES:
        return _conda(command, args)
    return None


def lock_generated(command: SimpleCommand) -> str | None:
    """The lock file a command writes inside the image (`pipenv lock` -> Pipfile.lock)."""
    name = command.name
    args = command.args
    table = {"pipenv": "Pipfile.lock", "poetry": "poetry.lock", "uv": "uv.lock"}
    if name not in table:
        return None
    value_opts = {
        "pipenv": _PIPENV_VALUE_OPTS,
        "poetry": _POETRY_VALUE_OPTS,
        "uv": _UV_VALUE_OPTS,
    }[name]
    sub, _ = _subcommand(args, value_opts)
    return table[name] if sub == "lock" else None


def installs(commands: Iterable[SimpleCommand]) -> list[Install]:
    """Every recognised install among a RUN's commands, in order."""
    found: list[Install] = []
    for cmd in commands:
        inst = classify(cmd)
        if inst is not None:
            found.append(inst)
    return found

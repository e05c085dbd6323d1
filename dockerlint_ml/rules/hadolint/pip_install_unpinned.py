"""DL3013 pip-install-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import Kind, PackageArg, PackageCommand

# Managers whose `install` takes pip's requirement specifiers (`uv pip` is uv's own tool).
_PIP_MANAGERS = frozenset({"pip", "pipx", "uv-pip"})
# A requirements or constraints file may pin every package the command names.
_FILE_OPTIONS = ("-r", "--requirement", "--requirements", "-c", "--constraint")


class PipInstallUnpinned(Rule):
    """`pip install` installs a package without a version specifier.

    A package is pinned by any version specifier (`flask==3.0.3`, `flask>=3,<4`,
    `flask~=3.0`, `flask!=2.0`). A wheel, an sdist, a local path (`.`, `./pkg`,
    `.[dev]`) and a URL are not index packages; a VCS URL pins with a ref
    (`git+https://...@v1.2`) and is unpinned without one. A word an unresolved variable
    decides (`$PKGS`, `"${TORCH}"`) is unknown, not unpinned: it is never reported;
    `"flask==${V}"` is pinned. Not reported at all: a command that reads a requirements
    or constraints file (`-r`, `-c`) or installs the project in `.` (the file or the
    project's metadata may pin what it names), and one given `--pre`, which asks for the
    newest pre-release on purpose (nightly builds are pruned from their index, so a pin
    breaks later). Editable targets (`-e`) and named direct references
    (`pkg @ git+https://...`) are not read, as in hadolint.

    Read: `pip install` under every name (`pip`, `pip3`, `pip3.11`, `pipx install`,
    `python -m pip`, a pip called by its path such as `/opt/venv/bin/pip`, `python$V -m
    pip`, `uv pip install`), also with options before `install`, behind `sudo`, `env` or
    an environment runner (`conda run`, `uv run`), inside `sh -c "..."` or a heredoc
    script, with pip's own options (the values of `--timeout`, `--cache-dir`, `-C`... are
    not packages). DL3042 reads the same spellings. One finding per RUN, on its first
    line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, pip installs whatever is newest on the index on the day of the
    build: two builds of one Dockerfile can get different versions, a new release can
    break the image without any change to its source, and a cached layer hides the
    difference until the cache is dropped. PyPI keeps old releases, so a pin keeps
    working.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask gunicorn
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0
    ```

    Or keep the versions in a requirements file: `pip install -r requirements.txt`.

    ## Differences from hadolint

    - A word an unresolved variable decides (`pip install $PKGS`) is unknown, not
      unpinned: no finding (hadolint reports it; PEERS.md "not to copy" 5).
    - `pip install --pre torch -f <nightly index>` is not reported (hadolint reports it,
      and a pinned nightly vanishes from its index).
    - `pip install --no-index --find-links=/wheels pkg` is not reported: it installs what
      an earlier `pip wheel` built, whose versions are chosen there (hadolint reports it).
    - The values of pip's options (`--timeout 60`, `--retries 5`, `--cache-dir d`,
      `-C key=value`...) are not package words (hadolint knows a fixed list and reports
      the others' values).
    - A local project with extras (`pip install .[dev]`) and a local archive (`x.zip`)
      are not packages (hadolint reports both).
    - pip called by its path (`/opt/venv/bin/pip install flask`), through `python$V -m
      pip`, `uv pip install` or an environment runner (`conda run -n env pip install x`)
      is read like any pip; hadolint does not recognise these spellings.
    - A VCS URL pins only with a ref after its path: `git+https://user@host/r.git` has
      none (hadolint takes any `@`).
    - An environment marker is not a version: `"flask; python_version<'3.9'"` is
      unpinned (hadolint takes the `<`).
    - `python -m pip --no-cache-dir install flask`, `sudo pip install flask` and pip
      inside `sh -c` are read (hadolint needs `-m pip install` written consecutively and
      a command whose own name starts with `pip`).

    ## References

    - hadolint DL3013: https://github.com/hadolint/hadolint/wiki/DL3013
    - Requirement specifiers (PEP 508, PEP 440):
      https://pip.pypa.io/en/stable/reference/requirement-specifiers/
    - VCS references and their refs: https://pip.pypa.io/en/stable/topics/vcs-support/
    """

    code = "DL3013"
    name = "pip-install-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    onbuild = True
    default = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        unpinned: list[PackageArg] = []
        program = ""
        for command in ctx.packages(instruction):
            if command.manager not in _PIP_MANAGERS or command.action != "install":
                continue
            found = _unpinned(command)
            if found and not unpinned:
                program = command.program
            unpinned.extend(found)
        if unpinned:
            first = unpinned[0].name or unpinned[0].word
            yield self.finding(
                instruction,
                f"`{program} install` installs {_names(unpinned)} without a version pin.",
                fix=f"Pin each package, e.g. `{first}==<version>`, or install from a"
                " requirements or constraints file.",
            )


def _unpinned(command: PackageCommand) -> list[PackageArg]:
    if command.has(*_FILE_OPTIONS) or any(a.word == "." for a in command.args):
        return []
    if command.has("--pre"):
        return []  # the newest pre-release, on purpose: a pinned nightly leaves the index
    if command.has("--no-index"):
        return []  # from a local wheelhouse: the versions were chosen when it was built
    found = []
    for arg in command.args:
        if arg.option:
            continue  # editables (`-e`), requirements and constraints files
        if arg.version is not None:
            continue
        if arg.kind is Kind.PACKAGE or (arg.kind is Kind.VCS and not _direct(arg)):
            found.append(arg)
    return found


def _direct(arg: PackageArg) -> bool:
    """A named direct reference (`pkg @ git+https://...`), which is not read."""
    return not arg.word.lstrip().lower().startswith(("git+", "hg+", "svn+", "bzr+"))


def _names(args: list[PackageArg]) -> str:
    names = list(dict.fromkeys(a.name or a.word for a in args))
    shown = ", ".join(f"`{n}`" for n in names[:2])
    return shown if len(names) <= 2 else f"{shown} and {len(names) - 2} more"

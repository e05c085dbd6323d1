"""DLM115 deprecated-ml-package."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity, Stage
from dockerlint_ml.dockerfile.variables import UNKNOWN, Unknown
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import Kind, PackageArg, pip_argument
from dockerlint_ml.facts.run_state import stage_lookup
from dockerlint_ml.facts.shell import SimpleCommand


@dataclass(frozen=True, slots=True)
class _Stub:
    """A PyPI name whose current release does not install what the name promises."""

    replacement: str  # Markdown, for the fix hint
    what: str  # what the name is now, for the message
    # The stub's own version: a specifier that excludes it selects a real old build, which
    # is not reported. None: every release of the name is a stub.
    stub_version: str | None = None


# Keys are PEP 503 normalised names.
_STUBS: dict[str, _Stub] = {
    "tensorflow-gpu": _Stub(
        "`tensorflow[and-cuda]` (or `tensorflow`)",
        "an empty release (2.12.0) that errors on install; `tensorflow` has its GPU support",
        stub_version="2.12.0",
    ),
    "sklearn": _Stub(
        "`scikit-learn`",
        "a deprecated stub of scikit-learn; its releases fail to install since 2023-12-01",
    ),
    "pytorch": _Stub("`torch`", "a stub that fails to install: PyTorch's PyPI name is `torch`"),
}
_NORMALISE = re.compile(r"[-_.]+")
# `uv pip install` reads pip's requirement grammar; pipx installs applications.
_MANAGERS = frozenset({"pip", "uv-pip"})


class DeprecatedMlPackage(Rule):
    """pip installs an ML package under a PyPI name that no longer installs it.

    Reported on a RUN (inside ONBUILD too) whose `pip install` (`pip`, `pip3`, `pip3.11`,
    `python -m pip`, a pip by its path, `uv pip install`, also inside `sh -c` or through
    `conda run`) or `pipenv install` names one of these PyPI projects (names compared
    after PEP 503 normalisation: `TensorFlow_GPU`, `tensorflow.gpu` are `tensorflow-gpu`):

    - `tensorflow-gpu`: since December 2022 its newest release (2.12.0) is an empty
      package that errors on install; `tensorflow` has had the same GPU support since 2.1.
      Reported when the version specifier admits 2.12.0 (none, `>=2.4`, `~=2.10`); a pin
      to a real old build (`==2.10.0`, `~=2.10.0`, `<2.12`, 1.x) still installs it and is
      not reported. Install `tensorflow[and-cuda]` (or `tensorflow`) instead.
    - `sklearn`: a deprecated stub that only depends on scikit-learn; its releases raise an
      error on install since 2023-12-01. Every version is reported (an old `sklearn==0.0`
      pins nothing: it pulls in whatever scikit-learn is newest). Install `scikit-learn`.
    - `pytorch`: a stub whose every release raises an error telling you to install
      `torch`. Every version is reported. Install `torch`.

    Words made of ARG or ENV variables (`pip install $TF`) are resolved through the
    stage; a word an unresolvable variable decides is not read. Not read: requirement
    files (`-r requirements.txt`: their content is not known here), `poetry add`, `uv
    add`, and conda installs (conda's `pytorch` package is PyTorch's own).

    ## Why is this bad?

    The import name and the PyPI name of these libraries differ (`import sklearn`, `pip
    install scikit-learn`), and the old names were kept on PyPI only to stop malicious
    uploads: installing them today fails the build with an error, or, for a loose
    specifier that pip satisfies with an old release, installs a version nobody patches.

    ## Example

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir sklearn pandas==2.2.3
    ```

    ## Use instead

    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir scikit-learn==1.5.2 pandas==2.2.3
    ```

    ## References

    - PyPI, tensorflow-gpu (the removal notice, and that the packages are identical since
      TensorFlow 2.1): https://pypi.org/project/tensorflow-gpu/
    - TensorFlow, pip install (`tensorflow[and-cuda]` for GPU on Linux):
      https://www.tensorflow.org/install/pip
    - The sklearn PyPI package, deprecation and brownout schedule (errors from
      2023-12-01): https://github.com/scikit-learn/sklearn-pypi-package
    - PyPI, pytorch (an error telling you to install torch): https://pypi.org/project/pytorch/
    - PEP 503, name normalisation: https://peps.python.org/pep-0503/#normalized-names
    """

    code = "DLM115"
    name = "deprecated-ml-package"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    # The programs that install from PyPI (`python -m pip` reaches rules as `pip`): the
    # rule is not called for the other RUNs.
    commands = frozenset({"pip", "uv", "pipenv"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        stage = ctx.stage(instruction)
        found: list[tuple[str, str]] = []  # (name as written, normalised)
        for command in ctx.packages(instruction):
            if command.manager not in _MANAGERS or command.action != "install":
                continue
            found.extend(_stubs(command.args, command.command, ctx, stage, instruction))
        for inst in ctx.installs(instruction):
            if inst.tool == "pipenv" and inst.action == "install":
                args = tuple(pip_argument(word) for word in inst.packages)
                found.extend(_stubs(args, inst.command, ctx, stage, instruction))
        if not found:
            return
        unique = list(dict.fromkeys(found))
        written, key = unique[0]
        if len(unique) == 1:
            message = f"`{written}` on PyPI is {_STUBS[key].what}."
        else:
            names = ", ".join(f"`{w}`" for w, _ in unique[:-1]) + f" and `{unique[-1][0]}`"
            message = f"{names} on PyPI are stubs that fail to install, not the libraries."
        fixes = ", ".join(f"{_STUBS[k].replacement} instead of `{w}`" for w, k in unique)
        yield self.finding(instruction, message, fix=f"Install {fixes}.")


def _stubs(
    args: tuple[PackageArg, ...],
    command: SimpleCommand,
    ctx: Context,
    stage: Stage | None,
    instruction: Instruction,
) -> Iterator[tuple[str, str]]:
    for arg in args:
        if arg.option:
            continue  # requirement and constraint files, editables
        if arg.kind is Kind.UNKNOWN:
            resolved = _resolve(arg.word, command, ctx, stage, instruction)
            if resolved is None:
                continue
            arg = pip_argument(resolved)
        if arg.kind is not Kind.PACKAGE or not arg.name:
            continue
        key = _NORMALISE.sub("-", arg.name).lower()
        stub = _STUBS.get(key)
        if stub is None or not _selects_stub(stub, arg):
            continue
        yield arg.name, key


def _selects_stub(stub: _Stub, arg: PackageArg) -> bool:
    """Whether pip, choosing the newest release the specifier allows, gets the stub."""
    if stub.stub_version is None or arg.version is None:
        return True
    if "$" in arg.version or "`" in arg.version:
        return False  # a variable decides the version
    try:
        spec = SpecifierSet(arg.operator + arg.version)
    except InvalidSpecifier:
        return False
    return spec.contains(stub.stub_version, prereleases=True)


def _resolve(
    word: str,
    command: SimpleCommand,
    ctx: Context,
    stage: Stage | None,
    instruction: Instruction,
) -> str | None:
    """A word with `$VAR`s, with the values the command sees (its own environment, then
    ENV and ARG of the stage); None when one of them is not known."""
    if stage is None:
        return None
    lookup_stage = stage_lookup(ctx.dockerfile, stage, instruction.index)

    def lookup(name: str) -> str | Unknown | None:
        value = command.env_value(name)
        if value is not None:
            return UNKNOWN if ("$" in value or "`" in value) else value
        return lookup_stage(name)

    text, ok = ctx.dockerfile.expand(word, lookup)
    return text if ok and "$" not in text else None

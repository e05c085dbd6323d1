"""DL3016 npm-install-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import Kind, PackageArg
from dockerlint_ml.rules.hadolint._unpinned import names

# Versions that take whatever the registry holds: the `latest` tag, any version.
_FLOATING = frozenset({"", "latest", "*", "x"})


class NpmInstallUnpinned(Rule):
    """`npm install` installs a package without a version, tag or commit.

    A package word is pinned when it carries a version, range or tag after `@`
    (`express@4.21.2`, `express@^4`, `@scope/pkg@">=1 <2"`, `next@canary`), except the
    floating `@latest` and `@*`; a git reference is pinned by its `#ref`
    (`git+https://host/repo.git#v1.0.27`, `github:owner/repo#abc123`, `owner/repo#v1`).
    A tarball (`.tgz`, `.tar`, `.tar.gz`), a folder (`.`, `./pkg`, `/src`, `file:../x`)
    and a URL are not package names. A word an unresolved variable decides (`$PKGS`) is
    unknown, not unpinned: it is never reported. `npm install` without packages installs
    what package.json and the lock file say and is not reported. Every `npm install`
    (`npm i`, `npm add` and npm's other spellings) of the RUN is read, with npm's own
    options (the values of `--prefix`, `--registry`, `--omit`, `-w` are not packages);
    one finding per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    Without a version, npm installs whatever the registry calls `latest` on the day of
    the build: two builds of one Dockerfile can ship different code, and a new major
    release can break the image without any change to the Dockerfile.

    ## Example

    ```dockerfile
    FROM node:22-slim
    RUN npm install --global serve
    ```

    ## Use instead

    ```dockerfile
    FROM node:22-slim
    RUN npm install --global serve@14.2.4
    ```

    ## Differences from hadolint

    - `@latest` and `@*` float: reported (hadolint accepts any `@`).
    - A word an unresolved variable decides (`npm install $PKG`) is unknown, not
      unpinned: no finding (PEERS.md "not to copy" 5; hadolint reports it).
    - The values of npm's options `--omit`, `--include`, `-w`/`--workspace`, `--tag`...
      are not package words (hadolint reports `npm install --omit dev x@1` for `dev`).
    - A GitHub shorthand with a ref (`owner/repo#v1`) is pinned, a `file:` folder and a
      URL are not package names: no finding (hadolint reports them).
    - `npm i`, `npm add` and npm's other spellings of install, options before the
      subcommand (`npm --prefix /app install x`), `sudo npm` and `sh -c "npm ..."` are
      read: reported (hadolint reads only `npm install` with `install` as the first
      word after the options' names).

    ## References

    - hadolint DL3016: https://github.com/hadolint/hadolint/wiki/DL3016
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3016Spec.hs
    - npm install, the package forms (`<name>@<version>`, `<name>@<tag>`, git URLs,
      tarballs, folders): https://docs.npmjs.com/cli/commands/npm-install
    """

    code = "DL3016"
    name = "npm-install-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"npm"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        unpinned: list[PackageArg] = []
        for command in ctx.packages(instruction):
            if command.manager != "npm" or command.action != "install":
                continue
            unpinned.extend(a for a in command.args if _unpinned(a))
        if unpinned:
            first = unpinned[0]
            fix = (
                "Pin the git reference to a tag or commit: `<url>#<commit>`."
                if first.kind is Kind.VCS
                else f"Pin each package, e.g. `{first.name}@<version>`."
            )
            yield self.finding(
                instruction,
                f"`npm install` installs {names(unpinned)} without a pinned version.",
                fix=fix,
            )


def _unpinned(arg: PackageArg) -> bool:
    if arg.kind is Kind.PACKAGE:
        return arg.version is None or arg.version.strip() in _FLOATING
    return arg.kind is Kind.VCS and arg.version is None

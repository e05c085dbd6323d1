"""DL3062 go-install-unpinned."""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_ml.dockerfile.model import Finding, Instruction, Severity
from dockerlint_ml.engine.rule import Context, Rule
from dockerlint_ml.facts.packages import PackageArg

# Version queries that resolve to whatever is newest on the day of the build: Go's own
# (`latest`, `upgrade`, `patch`) and the usual branch names.
_FLOATING = frozenset({"latest", "upgrade", "patch", "master", "main", "head"})


class GoInstallUnpinned(Rule):
    """`go install`, `go get` or `go run` fetches a module at a version that floats.

    A module path (its first element holds a dot: `golang.org/x/tools/gopls`) is
    reported when its version is a query that moves: `@latest`, `@upgrade`, `@patch`,
    or a branch (`@master`, `@main`, `@HEAD`); with `go get`, also when it has no
    `@version` at all (go get then takes the latest release). `@v1.2.3`, a commit, a
    range and a version given by a variable (`@${VERSION}`) are pinned. Local packages
    (`.`, `./cmd/...`, `main.go`), packages of the main module or the standard library
    (`myapp/cmd/server`, `std`, `tool`) and words an unresolved variable decides (`$PKG`)
    are not judged. For `go run`, only the package is read, not the program's
    arguments. One finding per RUN, on its first line; inside ONBUILD too.

    ## Why is this bad?

    `@latest` and a branch resolve at build time: two builds of one Dockerfile can build
    different code, and a new release (or a breaking commit on the branch) changes or
    breaks the image with no change to the Dockerfile.

    ## Example

    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@latest
    ```

    ## Use instead

    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@v0.16.2
    ```

    A module without release tags is pinned by its commit's pseudo-version
    (`@v0.0.0-20240101000000-0123456789ab`: `go list -m <module>@<commit>` prints it);
    `@<commit>` works too, and go resolves it to the same version.

    ## Differences from hadolint

    - `go install` and `go run` of a module path without `@version` are not reported:
      in module mode they build the version the main module's go.mod requires (and fail
      outside a module), in GOPATH mode what an earlier `go get` fetched; the version is
      not chosen here (hadolint reports them). `go get` without a version is reported.
    - `@upgrade`, `@patch` and branch names (`@master`, `@main`, `@HEAD`) float:
      reported (hadolint accepts any `@` except `@latest`).
    - A path whose first element has no dot (`foobar`, `myapp/cmd`) is not a module Go
      can fetch, and `go run main.go` builds a local file: no finding (hadolint reports
      both).
    - A word an unresolved variable decides (`go install $PKG`) is unknown: no finding.
    - `sudo go` and `sh -c "go install ..."` run go just the same: reported.

    ## References

    - hadolint DL3062: https://github.com/hadolint/hadolint/wiki/DL3062
    - hadolint's spec: https://github.com/hadolint/hadolint/blob/v2.15.1/test/Hadolint/Rule/DL3062Spec.hs
    - Go module version queries (`@latest`, `@upgrade`, `@patch`, branches):
      https://go.dev/ref/mod#version-queries
    - Pseudo-versions (a commit of a module without tags): https://go.dev/ref/mod#pseudo-versions
    - `go install` with and without a version suffix: https://go.dev/ref/mod#go-install
    """

    code = "DL3062"
    name = "go-install-unpinned"
    severity = Severity.WARNING
    keywords = frozenset({"RUN"})
    commands = frozenset({"go"})
    onbuild = True

    def check(self, instruction: Instruction, ctx: Context) -> Iterator[Finding]:
        for command in ctx.packages(instruction):
            if command.manager != "go" or command.action not in ("install", "get", "run"):
                continue
            for arg in command.packages:
                if arg.name.startswith("-"):
                    continue  # a flag after the packages: not a module path
                if _floats(arg, command.action):
                    yield self.finding(
                        instruction,
                        f"`go {command.action} {arg.word}` fetches a version that moves.",
                        fix=f"Pin it to a release tag, `{arg.name}@v<x.y.z>`, or for a module"
                        " without tags to a commit pseudo-version (`@v0.0.0-<date>-<commit>`).",
                    )
                    return


def _floats(arg: PackageArg, action: str) -> bool:
    if arg.version is None:
        return action == "get"
    return arg.version.strip().lower() in _FLOATING

"""DL3070 go-build-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3070Spec.hs, the one stored version (hadolint master after
2.15.1): every case, each as a RUN and as an ONBUILD RUN (its `onBuildRuleCatches` twins),
after a FROM (the spec's snippets have none). No released hadolint has the rule, so the
cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3070"
F = "FROM debian:12\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("go build", "RUN go build ./...", True),
    *spec("go get", "RUN go get github.com/foo/bar", True),
    *spec("go mod download", "RUN go mod download", True),
    *spec("not go", "RUN echo hello", False),
    *spec(
        "cache at the build cache",
        "RUN --mount=type=cache,target=/root/.cache/go-build go build ./...",
        False,
    ),
    *spec(
        "cache at /go/pkg/mod", "RUN --mount=type=cache,target=/go/pkg/mod go build ./...", False
    ),
    *spec(
        "tmpfs at the build cache",
        "RUN --mount=type=tmpfs,target=/root/.cache/go-build go build ./...",
        False,
    ),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path go build ./...", True),
]

OURS: list[Case] = [
    ("go version", F + "RUN go version && go env\n", []),
    ("go mod edit", F + "RUN go mod edit -go=1.23\n", []),
    ("go mod tidy", F + "RUN go mod tidy\n", [2]),
    ("go run and go vet", F + "RUN go vet ./...\nRUN go run ./gen\n", [2, 3]),
    ("-C before the subcommand", F + "RUN go -C /src build ./...\n", [2]),
    (
        "a parent of the build cache",
        F + "RUN --mount=type=cache,target=/root/.cache go build\n",
        [],
    ),
    (
        "GOMODCACHE followed",
        F + "ENV GOMODCACHE=/m\nRUN --mount=type=cache,target=/m go build\n",
        [],
    ),
    (
        "GOCACHE from an ARG",
        F + "ARG GOCACHE=/gc\nRUN --mount=type=cache,target=/gc go build\n",
        [],
    ),
    (
        "GOPATH followed",
        F + "ENV GOPATH=/gp\nRUN --mount=type=cache,target=/gp/pkg/mod go test\n",
        [],
    ),
    ("a cache id naming go", F + "RUN --mount=type=cache,id=gomod,target=/x go build\n", []),
    ("golang image's GOPATH", "FROM golang:1.23\nRUN go install example.com/x@v1\n", [2]),
    (
        "the bin directory is no cache",
        F + "RUN --mount=type=cache,target=/go/bin go install x@v1\n",
        [2],
    ),
]

DIFFERENT: list[Different] = [
    (
        "a parent of the cache",
        F + "RUN --mount=type=cache,target=/root/.cache go build ./...\n",
        [2],
        [],
        "the mount holds ~/.cache/go-build: hadolint matches the `.cache/go-build` text only",
    ),
    (
        "go mod init",
        F + "RUN go mod init example.com/app\n",
        [2],
        [],
        "`go mod init` writes go.mod and downloads nothing",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_names_both_caches() -> None:
    (found,) = findings("FROM golang:1.23\nRUN go build ./...\n", select=[CODE])
    assert len(found.message) <= 90
    assert found.fix is not None
    assert "target=/go/pkg/mod" in found.fix and "target=/root/.cache/go-build" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN go build\n")}

"""DL3062 go-install-unpinned: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3062Spec.hs in its "Pin versions in go install" version,
the one hadolint 2.15.1 runs (every case checked with the 2.15.1 binary; other stored
versions of that file belong to an unrelated npm rule once numbered DL3062), each also
wrapped in ONBUILD as its onbuild variants do. Nothing is left out: the cases we decide
otherwise are in DIFFERENT.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3062"
G = "FROM golang:1.23\n"

_SPEC: list[Case] = [
    ("spec: install @latest", "RUN go install example.com/pkg@latest\n", [1]),
    ("spec: install pinned", "RUN go install example.com/pkg@v1.2.3\n", []),
    ("spec: install an absolute path", "RUN go install /go/app/foobar\n", []),
    ("spec: install a relative path", "RUN go install ./app/foobar\n", []),
    ("spec: install .", "RUN go install .\n", []),
    ("spec: install tool, pinned", "RUN go install tool foobar@v1.2.3\n", []),
    ("spec: get unpinned", "RUN go get example.com/pkg\n", [1]),
    ("spec: get @latest", "RUN go get example.com/pkg@latest\n", [1]),
    ("spec: get pinned", "RUN go get example.com/pkg@v1.2.3\n", []),
    ("spec: get -tool, pinned", "RUN go get -tool foobar@v1.2.3\n", []),
    ("spec: run @latest", "RUN go run example.com/pkg@latest\n", [1]),
    ("spec: run pinned", "RUN go run example.com/pkg@v1.2.3\n", []),
    ("spec: run pinned, -f", "RUN go run example.com/pkg@v1.2.3 -f\n", []),
    ("spec: run pinned, -foobar", "RUN go run example.com/pkg@v1.2.3 -foobar\n", []),
    ("spec: run pinned, --foobar", "RUN go run example.com/pkg@v1.2.3 --foobar\n", []),
    ("spec: run pinned, an argument", "RUN go run example.com/pkg@v1.2.3 foobar\n", []),
    ("spec: run pinned, --foo bar", "RUN go run example.com/pkg@v1.2.3 --foo bar\n", []),
    ("spec: run an absolute path", "RUN go run /go/app/foobar\n", []),
    ("spec: run a relative path", "RUN go run ./app/foobar\n", []),
    ("spec: run .", "RUN go run .\n", []),
]
SPEC: list[Case] = [(label, G + text, [n + 1 for n in lines]) for label, text, lines in _SPEC]
SPEC += [
    (f"{label} (onbuild)", text.replace("RUN ", "ONBUILD RUN "), lines)
    for label, text, lines in SPEC
]

OURS: list[Case] = [
    ("a variable version", G + "RUN go install example.com/pkg@$V\n", []),
    ("flags first", G + "RUN go install -v -ldflags '-s -w' example.com/pkg@v1\n", []),
    ("get -u unpinned", G + "RUN go get -u example.com/pkg\n", [2]),
    ("get ./...", G + "RUN go get -d -v ./...\n", []),
    ("install alone", G + "RUN go install\n", []),
    ("build", G + "RUN go build ./...\n", []),
    ("mod download", G + "RUN go mod download\n", []),
    ("env prefix, pinned", G + "RUN GO111MODULE=on go get example.com/pkg@v1\n", []),
    ("one of two @latest", G + "RUN go install example.com/a@v1 example.com/b@latest\n", [2]),
    ("a /... pattern, pinned", G + "RUN go install example.com/pkg/...@v1\n", []),
    ("once per RUN", G + "RUN go install a.io/x@latest && go install b.io/y@latest\n", [2]),
    ("per RUN", G + "RUN go install a.io/x@latest\nRUN go install b.io/y@latest\n", [2, 3]),
    ("a real module, get -tool", G + "RUN go get -tool golang.org/x/tools/cmd/stringer\n", [2]),
    ("exec form", G + 'RUN ["go", "install", "golang.org/x/tools/gopls@latest"]\n', [2]),
    ("continuation: first line", G + "RUN set -e; \\\n go install a.io/x@latest\n", [2]),
]

DIFFERENT: list[Different] = [
    ("spec: install unpinned", G + "RUN go install example.com/pkg\n", [2], [],
     "without @version go install builds what go.mod requires (and fails outside a module)"),
    ("spec: install unpinned (onbuild)", G + "ONBUILD RUN go install example.com/pkg\n", [2], [],
     "as the plain variant"),
    ("spec: run unpinned", G + "RUN go run example.com/pkg\n", [2], [],
     "without @version go run builds what go.mod requires (and fails outside a module)"),
    ("spec: run unpinned (onbuild)", G + "ONBUILD RUN go run example.com/pkg\n", [2], [],
     "as the plain variant"),
    ("spec: install tool foobar", G + "RUN go install tool foobar\n", [2], [],
     "`tool` builds go.mod's tools; `foobar` has no dot: not a module Go fetches"),
    ("spec: install tool foobar (onbuild)", G + "ONBUILD RUN go install tool foobar\n", [2], [],
     "as the plain variant"),
    ("spec: install tool foobar@latest", G + "RUN go install tool foobar@latest\n", [2], [],
     "`foobar` has no dot in its first element: a main-module package, not a fetched module"),
    ("spec: install tool foobar@latest (onbuild)",
     G + "ONBUILD RUN go install tool foobar@latest\n", [2], [], "as the plain variant"),
    ("spec: get -tool foobar", G + "RUN go get -tool foobar\n", [2], [],
     "`foobar` has no dot in its first element: not a module Go fetches"),
    ("spec: get -tool foobar (onbuild)", G + "ONBUILD RUN go get -tool foobar\n", [2], [],
     "as the plain variant"),
    ("spec: get -tool foobar@latest", G + "RUN go get -tool foobar@latest\n", [2], [],
     "`foobar` has no dot in its first element: not a module Go fetches"),
    ("spec: get -tool foobar@latest (onbuild)",
     G + "ONBUILD RUN go get -tool foobar@latest\n", [2], [], "as the plain variant"),
    ("a branch", G + "RUN go install example.com/pkg@master\n", [], [2],
     "a branch moves like @latest"),
    ("@upgrade", G + "RUN go get example.com/pkg@upgrade\n", [], [2],
     "Go's @upgrade query resolves to the newest release"),
    ("go run main.go", G + "RUN go run main.go\n", [2], [], "a local source file"),
    ("a main-module package", G + "RUN go install myapp/cmd/server\n", [2], [],
     "no dot in the first element: a package of the main module"),
    ("a variable package", G + "RUN go install $PKG\n", [2], [],
     "PEERS not-to-copy 5: an unknown word is not an unpinned module"),
    ("behind sudo", G + "RUN sudo go install example.com/pkg@latest\n", [], [2],
     "sudo runs go; hadolint sees only the command name `sudo`"),
]  # fmt: skip

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_and_fix() -> None:
    (found,) = findings(G + "RUN go install golang.org/x/tools/gopls@latest\n", select=[CODE])
    assert found.message == (
        "`go install golang.org/x/tools/gopls@latest` fetches a version that moves."
    )
    assert found.fix == (
        "Pin it to a release tag, `golang.org/x/tools/gopls@v<x.y.z>`, or for a module without"
        " tags to a commit pseudo-version (`@v0.0.0-<date>-<commit>`)."
    )


def test_in_the_default_selection() -> None:
    assert CODE in {c for c, _ in lint_snippet(G + "RUN go install a.io/x@latest\n")}

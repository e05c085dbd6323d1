"""DL3069 cargo-build-without-cache-mount: hadolint's spec cases and ours.

Ported from test/Hadolint/Rule/DL3069Spec.hs, the one stored version (hadolint master after
2.15.1, commit cbdec65): every case, each as a RUN and as an ONBUILD RUN (its
`onBuildRuleCatches` twins), after a `FROM debian:12` (the spec's snippets have no FROM).
No released hadolint has the rule, so the cases follow the spec and the source, not a binary.
"""

from __future__ import annotations

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, spec_with_onbuild, table_tests

CODE = "DL3069"
F = "FROM debian:12\n"


def spec(label: str, run: str, caught: bool) -> list[Case]:
    return spec_with_onbuild(F, label, run, caught)


SPEC: list[Case] = [
    *spec("cargo build", "RUN cargo build", True),
    *spec("cargo install", "RUN cargo install ripgrep", True),
    *spec("not cargo", "RUN echo hello", False),
    *spec("cache at /root/.cargo", "RUN --mount=type=cache,target=/root/.cargo cargo build", False),
    *spec(
        "registry and git mounts",
        "RUN --mount=type=cache,target=/root/.cargo/registry"
        " --mount=type=cache,target=/root/.cargo/git cargo build",
        False,
    ),
    *spec("tmpfs at /root/.cargo", "RUN --mount=type=tmpfs,target=/root/.cargo cargo build", False),
    *spec("mount elsewhere", "RUN --mount=type=cache,target=/wrong/path cargo build", True),
]

OURS: list[Case] = [
    ("version only", F + "RUN cargo --version\n", []),
    ("offline", F + "RUN cargo build --offline\n", []),
    ("CARGO_NET_OFFLINE", F + "ENV CARGO_NET_OFFLINE=true\nRUN cargo build\n", []),
    ("CARGO_NET_OFFLINE false", F + "ENV CARGO_NET_OFFLINE=false\nRUN cargo build\n", [3]),
    ("toolchain and alias", F + "RUN cargo +nightly b --release\n", [2]),
    ("under a path, behind sudo", F + "RUN sudo /usr/local/cargo/bin/cargo test\n", [2]),
    ("inside sh -c", F + "RUN sh -c 'cargo fetch'\n", [2]),
    ("cargo chef cook", F + "RUN cargo chef cook --release --recipe-path r.json\n", [2]),
    ("cargo chef prepare", F + "RUN cargo chef prepare --recipe-path r.json\n", []),
    ("once per RUN", F + "RUN cargo fetch && cargo build\n", [2]),
    ("each RUN", F + "RUN cargo fetch\nRUN cargo build\n", [2, 3]),
    (
        "a bind mount is no cache",
        F + "RUN --mount=type=bind,target=/root/.cargo cargo build\n",
        [2],
    ),
    (
        "CARGO_HOME followed",
        F + "ENV CARGO_HOME=/opt/c\nRUN --mount=type=cache,target=/opt/c/registry cargo build\n",
        [],
    ),
    ("a parent of the registry", F + "RUN --mount=type=cache,target=/root cargo build\n", []),
    (
        "a cache id naming cargo",
        F + "RUN --mount=type=cache,id=cargo-reg,target=/x cargo build\n",
        [],
    ),
    ("an unknown target", F + "ARG T\nRUN --mount=type=cache,target=$T cargo build\n", []),
    (
        "an unknown CARGO_HOME with a mount",
        F + "ENV CARGO_HOME=$X\nRUN --mount=type=cache,target=/x cargo build\n",
        [],
    ),
    ("an unknown CARGO_HOME without a mount", F + "ENV CARGO_HOME=$X\nRUN cargo build\n", [3]),
    ("exec form", F + 'RUN ["cargo", "build"]\n', [2]),
    ("cargo metadata is not reported", F + "RUN cargo metadata\n", []),
]

DIFFERENT: list[Different] = [
    (
        "the rust image's CARGO_HOME",
        "FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build\n",
        [2],
        [],
        "the official rust image sets CARGO_HOME=/usr/local/cargo: the mount is on the registry",
    ),
    (
        "frozen",
        F + "RUN cargo build --frozen\n",
        [2],
        [],
        "--frozen implies --offline: cargo downloads nothing",
    ),
    (
        "cargo chef cook",
        F + "RUN cargo chef cook --release\n",
        [],
        [2],
        "cargo-chef's cook builds the dependencies, downloading them",
    ),
    (
        "a subcommand word elsewhere",
        F + "RUN cargo metadata --filter-platform build\n",
        [2],
        [],
        "the subcommand is metadata; `build` is an option value",
    ),
]

test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_hint_names_the_image_registry() -> None:
    (found,) = findings("FROM rust:1.80\nRUN cargo build\n", select=[CODE])
    assert "`cargo build`" in found.message and len(found.message) <= 90
    assert found.fix is not None
    assert "target=/usr/local/cargo/registry" in found.fix
    assert "target=/usr/local/cargo/git" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(F + "RUN cargo build\n")}

"""DLM111 conda-cache-not-cleaned."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM continuumio/miniconda3:24.7.1-0\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def run(*lines: str) -> str:
    """A conda base (line 1) followed by `lines`."""
    return HEAD + df(*lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM111"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("conda install", run("RUN conda install -y numpy"), [("DLM111", 2)]),
    (
        "conda create with packages",
        run("RUN conda create -n app python=3.11 numpy"),
        [("DLM111", 2)],
    ),
    ("conda create from a file", run("RUN conda create -n app --file spec.txt"), [("DLM111", 2)]),
    ("conda env create", run("RUN conda env create -f environment.yml"), [("DLM111", 2)]),
    ("conda env update", run("RUN conda env update -n base -f env.yml"), [("DLM111", 2)]),
    ("conda update", run("RUN conda update -n base -y conda"), [("DLM111", 2)]),
    ("conda upgrade", run("RUN conda upgrade --all -y"), [("DLM111", 2)]),
    ("mamba install", run("RUN mamba install -y -c conda-forge numpy"), [("DLM111", 2)]),
    ("micromamba install", run("RUN micromamba install -y -n base -f env.yaml"), [("DLM111", 2)]),
    ("conda by path", run("RUN /opt/conda/bin/conda install -y numpy"), [("DLM111", 2)]),
    ("conda by variable path", run("RUN $CONDA_DIR/bin/conda install -y numpy"), [("DLM111", 2)]),
    ("global option first", run("RUN conda --no-plugins install -y numpy"), [("DLM111", 2)]),
    ("inside sh -c", run('RUN sh -c "conda install -y numpy"'), [("DLM111", 2)]),
    ("exec form", run('RUN ["conda", "install", "-y", "numpy"]'), [("DLM111", 2)]),
    (
        "heredoc",
        run("RUN <<EOF", "conda install -y numpy", "EOF"),
        [("DLM111", 2)],
    ),
    ("clean -a", run("RUN conda install -y numpy && conda clean -a -y"), []),
    ("clean --all", run("RUN conda install -y numpy && conda clean --all --yes"), []),
    ("clean -afy", run("RUN conda install -y numpy && conda clean -afy"), []),
    ("clean -ya", run("RUN conda install -y numpy && conda clean -ya"), []),
    ("clean -tipsy", run("RUN conda install -y numpy && conda clean -tipsy"), []),
    ("clean --tarballs", run("RUN conda install -y numpy && conda clean --tarballs -y"), []),
    ("mamba clean", run("RUN mamba install -y numpy && mamba clean --all --yes"), []),
    ("micromamba clean", run("RUN micromamba install -y x && micromamba clean --all --yes"), []),
    (
        "clean -p keeps the tarballs",
        run("RUN conda install -y numpy && conda clean -p -y"),
        [("DLM111", 2)],
    ),
    (
        "clean -i keeps the tarballs",
        run("RUN conda install -y numpy && conda clean -iy"),
        [("DLM111", 2)],
    ),
    ("rm pkgs", run("RUN conda install -y numpy && rm -rf /opt/conda/pkgs"), []),
    ("rm pkgs/*", run("RUN conda install -y numpy && rm -rf /opt/conda/pkgs/*"), []),
    (
        "rm pkgs under a variable",
        run("RUN conda install -y numpy && rm -rf ${CONDA_DIR}/pkgs/"),
        [],
    ),
    (
        "rm something else",
        run("RUN conda install -y numpy && rm -rf /tmp/*"),
        [("DLM111", 2)],
    ),
    (
        "clean before the install does not count",
        run("RUN conda clean -afy && conda install -y numpy"),
        [("DLM111", 2)],
    ),
    (
        "a second install after the clean",
        run("RUN conda install -y a && conda clean -afy && conda install -y b"),
        [("DLM111", 2)],
    ),
    (
        "a clean in a later RUN is too late",
        run("RUN conda install -y numpy", "RUN conda clean -afy"),
        [("DLM111", 2)],
    ),
    (
        "once per RUN",
        run("RUN conda install -y a && mamba install -y b"),
        [("DLM111", 2)],
    ),
    (
        "cache mount on pkgs",
        run("RUN --mount=type=cache,target=/opt/conda/pkgs conda install -y x"),
        [],
    ),
    (
        "cache mount with a trailing slash",
        run("RUN --mount=type=cache,target=/opt/conda/pkgs/ conda install -y x"),
        [],
    ),
    (
        "cache mount on CONDA_PKGS_DIRS",
        run(
            "ENV CONDA_PKGS_DIRS=/cache/conda",
            "RUN --mount=type=cache,target=/cache conda install -y x",
        ),
        [],
    ),
    (
        "cache mount elsewhere",
        run("RUN --mount=type=cache,target=/root/.cache/pip conda install -y x"),
        [("DLM111", 2)],
    ),
    ("bare create", run("RUN conda create -n app"), []),
    ("clone", run("RUN conda create -n app --clone base"), []),
    ("dry run", run("RUN conda install --dry-run numpy"), []),
    ("help", run("RUN conda install --help"), []),
    ("conda run pip", run("RUN conda run -n app pip install flask"), []),
    ("conda list", run("RUN conda list"), []),
    ("conda config", run("RUN conda config --add channels conda-forge"), []),
    ("ONBUILD", run("ONBUILD RUN conda install -y numpy"), [("DLM111", 2)]),
    (
        "build stage not shipped",
        df(
            "FROM continuumio/miniconda3 AS build",
            "RUN conda install -y conda-pack && conda-pack -n base -o /env.tar.gz",
            "FROM debian:12-slim",
            "COPY --from=build /env.tar.gz /",
        ),
        [],
    ),
    (
        "base stage of the final one ships",
        df(
            "FROM continuumio/miniconda3 AS base",
            "RUN conda install -y numpy",
            "FROM base",
            'CMD ["python"]',
        ),
        [("DLM111", 2)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    [f] = findings(run("RUN conda env create -f environment.yml"), select=["DLM111"])
    assert f.message == (
        "`conda env create` leaves the downloaded packages in the package cache (pkgs/), which"
        " stays in this layer."
    )
    assert f.fix == (
        "End this RUN with `&& conda clean --all --yes`, or mount a cache on the package directory."
    )
    assert f.severity.label == "info"


def test_fix_uses_the_same_tool() -> None:
    [f] = findings(run("RUN micromamba install -y -f env.yaml"), select=["DLM111"])
    assert f.fix is not None and "`&& micromamba clean --all --yes`" in f.fix

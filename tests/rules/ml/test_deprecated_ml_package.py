"""DLM115 deprecated-ml-package."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

HEAD = "FROM python:3.12-slim\n"


def run(*lines: str) -> str:
    """A python base (line 1) followed by `lines`."""
    return HEAD + "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=["DLM115"])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    ("sklearn", run("RUN pip install sklearn"), [("DLM115", 2)]),
    ("sklearn pinned old stub", run("RUN pip install sklearn==0.0"), [("DLM115", 2)]),
    ("sklearn mixed case", run("RUN pip install SKLearn"), [("DLM115", 2)]),
    (
        "sklearn with extras-like marker",
        run("RUN pip install \"sklearn; python_version>'3'\""),
        [("DLM115", 2)],
    ),
    ("scikit-learn is fine", run("RUN pip install scikit-learn==1.5.2"), []),
    ("scikit_learn is fine", run("RUN pip install scikit_learn"), []),
    ("pytorch", run("RUN pip install pytorch"), [("DLM115", 2)]),
    ("pytorch pinned", run("RUN pip install pytorch==1.0.2"), [("DLM115", 2)]),
    ("torch is fine", run("RUN pip install torch==2.5.1"), []),
    ("pytorch-lightning is another project", run("RUN pip install pytorch-lightning"), []),
    ("tensorflow-gpu", run("RUN pip install tensorflow-gpu"), [("DLM115", 2)]),
    ("tensorflow_gpu", run("RUN pip install tensorflow_gpu"), [("DLM115", 2)]),
    ("tensorflow.gpu", run("RUN pip install Tensorflow.GPU"), [("DLM115", 2)]),
    ("tensorflow-gpu >=", run('RUN pip install "tensorflow-gpu>=2.4"'), [("DLM115", 2)]),
    (
        "tensorflow-gpu ~=2.10 admits 2.12",
        run("RUN pip install tensorflow-gpu~=2.10"),
        [("DLM115", 2)],
    ),
    ("tensorflow-gpu ==2.12.0", run("RUN pip install tensorflow-gpu==2.12.0"), [("DLM115", 2)]),
    ("tensorflow-gpu real build", run("RUN pip install tensorflow-gpu==2.10.0"), []),
    ("tensorflow-gpu 1.x", run("RUN pip install tensorflow-gpu==1.15.5"), []),
    ("tensorflow-gpu ~=2.10.0", run("RUN pip install tensorflow-gpu~=2.10.0"), []),
    ("tensorflow-gpu <2.12", run('RUN pip install "tensorflow-gpu<2.12"'), []),
    ("tensorflow-gpu wildcard", run("RUN pip install tensorflow-gpu==2.11.*"), []),
    ("tensorflow-gpu version from a variable", run("RUN pip install tensorflow-gpu==$TF"), []),
    ("tensorflow is fine", run("RUN pip install tensorflow[and-cuda]==2.18.0"), []),
    ("pip3", run("RUN pip3 install sklearn"), [("DLM115", 2)]),
    ("pip3.12", run("RUN pip3.12 install sklearn"), [("DLM115", 2)]),
    ("python -m pip", run("RUN python -m pip install sklearn"), [("DLM115", 2)]),
    (
        "python3 -m pip with options",
        run("RUN python3 -m pip install --no-cache-dir -U sklearn"),
        [("DLM115", 2)],
    ),
    ("pip by path", run("RUN /opt/venv/bin/pip install pytorch"), [("DLM115", 2)]),
    ("uv pip install", run("RUN uv pip install --system pytorch"), [("DLM115", 2)]),
    ("pipenv install", run("RUN pipenv install sklearn"), [("DLM115", 2)]),
    ("sh -c", run('RUN sh -c "pip install sklearn"'), [("DLM115", 2)]),
    ("conda run pip", run("RUN conda run -n app pip install sklearn"), [("DLM115", 2)]),
    ("exec form", run('RUN ["pip", "install", "sklearn"]'), [("DLM115", 2)]),
    ("continuation", run("RUN pip install \\", "    numpy \\", "    sklearn"), [("DLM115", 2)]),
    ("ARG value", run("ARG PKG=sklearn", "RUN pip install $PKG"), [("DLM115", 3)]),
    ("ENV value", run("ENV TF=tensorflow-gpu", 'RUN pip install "${TF}"'), [("DLM115", 3)]),
    ("ARG value, real build", run("ARG TF=tensorflow-gpu==2.10.0", "RUN pip install $TF"), []),
    ("unknown variable", run("RUN pip install $PKGS"), []),
    ("requirements file", run("RUN pip install -r requirements.txt"), []),
    ("conda's pytorch", run("RUN conda install -y -c pytorch pytorch"), []),
    ("mamba's pytorch", run("RUN mamba install -y pytorch"), []),
    ("pip download is no install", run("RUN pip download sklearn"), []),
    ("pip uninstall", run("RUN pip uninstall -y sklearn"), []),
    ("once per RUN", run("RUN pip install sklearn && pip install pytorch"), [("DLM115", 2)]),
    ("ONBUILD", run("ONBUILD RUN pip install sklearn"), [("DLM115", 2)]),
    ("lower-case", "from python:3.12-slim\nrun pip install sklearn\n", [("DLM115", 2)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


@pytest.mark.parametrize(
    ("line", "message", "fix"),
    [
        (
            "RUN pip install --no-cache-dir sklearn",
            "`sklearn` on PyPI is a deprecated stub of scikit-learn; its releases fail to install"
            " since 2023-12-01.",
            "Install `scikit-learn` instead of `sklearn`.",
        ),
        (
            "RUN pip install tensorflow-gpu",
            "`tensorflow-gpu` on PyPI is an empty release (2.12.0) that errors on install;"
            " `tensorflow` has its GPU support.",
            "Install `tensorflow[and-cuda]` (or `tensorflow`) instead of `tensorflow-gpu`.",
        ),
        (
            "RUN pip install pytorch",
            "`pytorch` on PyPI is a stub that fails to install: PyTorch's PyPI name is `torch`.",
            "Install `torch` instead of `pytorch`.",
        ),
        (
            "RUN pip install sklearn pytorch",
            "`sklearn` and `pytorch` on PyPI are stubs that fail to install, not the libraries.",
            "Install `scikit-learn` instead of `sklearn`, `torch` instead of `pytorch`.",
        ),
    ],
)
def test_message_and_fix(line: str, message: str, fix: str) -> None:
    [f] = findings(run(line), select=["DLM115"])
    assert (f.message, f.fix, f.severity.label) == (message, fix, "warning")

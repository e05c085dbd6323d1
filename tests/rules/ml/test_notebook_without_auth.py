"""DLM106 notebook-without-auth."""

from __future__ import annotations

import pytest

from tests.helpers import COURSE, findings, lint_snippet

CODE = "DLM106"
HEAD = "FROM python:3.12-slim\nRUN pip install --no-cache-dir jupyterlab==4.2.5\n"


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def app(*lines: str) -> str:
    """A Dockerfile with jupyterlab installed (lines 1-2) and `lines`."""
    return HEAD + df(*lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=[CODE])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    ("course file", COURSE, []),
    # -- token spellings
    ("ServerApp empty", app('CMD ["jupyter", "lab", "--ServerApp.token="]'), [(CODE, 3)]),
    ("ServerApp ''", app('CMD ["jupyter", "lab", "--ServerApp.token=\'\'"]'), [(CODE, 3)]),
    ('ServerApp ""', app('CMD ["jupyter", "lab", "--ServerApp.token=\\"\\""]'), [(CODE, 3)]),
    ("shell form ''", app("CMD jupyter lab --ip=0.0.0.0 --ServerApp.token=''"), [(CODE, 3)]),
    ('shell form ""', app('CMD jupyter lab --ip=0.0.0.0 --ServerApp.token=""'), [(CODE, 3)]),
    ("two words", app("CMD jupyter lab --ServerApp.token ''"), [(CODE, 3)]),
    ("two words exec", app('CMD ["jupyter", "lab", "--ServerApp.token", ""]'), [(CODE, 3)]),
    (
        "NotebookApp",
        app('CMD ["jupyter", "notebook", "--ip=0.0.0.0", "--NotebookApp.token="]'),
        [(CODE, 3)],
    ),
    (
        "IdentityProvider",
        app('CMD ["jupyter", "server", "--IdentityProvider.token="]'),
        [(CODE, 3)],
    ),
    # -- invocations
    ("jupyter-lab", app('CMD ["jupyter-lab", "--ServerApp.token="]'), [(CODE, 3)]),
    ("jupyter-notebook", app('CMD ["jupyter-notebook", "--NotebookApp.token="]'), [(CODE, 3)]),
    (
        "python -m jupyter lab",
        app('CMD ["python", "-m", "jupyter", "lab", "--ServerApp.token="]'),
        [(CODE, 3)],
    ),
    (
        "python -m notebook",
        app('CMD ["python3", "-m", "notebook", "--NotebookApp.token="]'),
        [(CODE, 3)],
    ),
    (
        "python -m jupyterlab",
        app('CMD ["python", "-m", "jupyterlab", "--ServerApp.token="]'),
        [(CODE, 3)],
    ),
    (
        "sh -c",
        app('CMD ["sh", "-c", "cd /work && jupyter lab --ip=0.0.0.0 --ServerApp.token=\'\'"]'),
        [(CODE, 3)],
    ),
    (
        "conda run in sh -c",
        app('CMD ["sh", "-c", "conda run -n ml jupyter notebook --NotebookApp.token=\'\'"]'),
        [(CODE, 3)],
    ),
    (
        "ENTRYPOINT and CMD: reported where the token is",
        app('ENTRYPOINT ["tini", "--", "jupyter", "lab"]', 'CMD ["--ServerApp.token="]'),
        [(CODE, 4)],
    ),
    (
        "Docker Stacks start-notebook.py",
        df(
            "FROM quay.io/jupyter/base-notebook:2024-10-07",
            'CMD ["start-notebook.py", "--IdentityProvider.token="]',
        ),
        [(CODE, 2)],
    ),
    (
        "Docker Stacks start-notebook.sh",
        df(
            "FROM jupyter/scipy-notebook:2023-10-20", "CMD start-notebook.sh --NotebookApp.token=''"
        ),
        [(CODE, 2)],
    ),
    (
        "Docker Stacks start.sh jupyter",
        df(
            "FROM jupyter/base-notebook:2023-10-20",
            'CMD ["start.sh", "jupyter", "lab", "--ServerApp.token="]',
        ),
        [(CODE, 2)],
    ),
    (
        "inherited through FROM <stage>",
        df(
            "FROM python:3.12-slim AS nb",
            'CMD ["jupyter", "lab", "--ServerApp.token="]',
            "FROM nb",
            "RUN echo hi",
        ),
        [(CODE, 2)],
    ),
    (
        "continuation lines: the CMD's first line",
        app("CMD jupyter lab \\", "    --ip=0.0.0.0 \\", "    --ServerApp.token=''"),
        [(CODE, 3)],
    ),
    # -- negatives
    ("no token option", app('CMD ["jupyter", "lab", "--ip=0.0.0.0"]'), []),
    ("a token", app('CMD ["jupyter", "lab", "--ServerApp.token=s3cr3t"]'), []),
    ("token from a variable", app("CMD jupyter lab --ServerApp.token=$NB_TOKEN"), []),
    (
        "last token option wins",
        app('CMD ["jupyter", "lab", "--ServerApp.token=", "--ServerApp.token=abc"]'),
        [],
    ),
    (
        "hashed password",
        app(
            'CMD ["jupyter", "lab", "--ServerApp.token=",'
            ' "--PasswordIdentityProvider.hashed_password=argon2:$argon2id$v=19$abc"]'
        ),
        [],
    ),
    (
        "NotebookApp password",
        app("CMD jupyter notebook --NotebookApp.token='' --NotebookApp.password='sha1:98b7:8da1'"),
        [],
    ),
    (
        "empty password does not count",
        app("CMD jupyter notebook --NotebookApp.token='' --NotebookApp.password=''"),
        [(CODE, 3)],
    ),
    (
        "config file on the command line",
        app('CMD ["jupyter", "lab", "--config=/etc/jupyter/cfg.py", "--ServerApp.token="]'),
        [],
    ),
    (
        "config file copied",
        app(
            "COPY jupyter_server_config.py /root/.jupyter/",
            'CMD ["jupyter", "lab", "--ServerApp.token="]',
        ),
        [],
    ),
    (
        "password set by a RUN",
        app(
            "RUN jupyter server password < /run/pw",
            'CMD ["jupyter", "lab", "--ServerApp.token="]',
        ),
        [],
    ),
    (
        "JUPYTER_CONFIG_DIR",
        app("ENV JUPYTER_CONFIG_DIR=/etc/jupyter", 'CMD ["jupyter", "lab", "--ServerApp.token="]'),
        [],
    ),
    (
        "empty token in a RUN is not the start command",
        app("RUN jupyter lab --ServerApp.token= --help", 'CMD ["python", "app.py"]'),
        [],
    ),
    (
        "build stage only",
        df(
            "FROM python:3.12-slim AS nb",
            'CMD ["jupyter", "lab", "--ServerApp.token="]',
            "FROM python:3.12-slim",
            'CMD ["python", "app.py"]',
        ),
        [],
    ),
    ("another server", app('CMD ["voila", "--Voila.token="]'), []),
    ("jupyterhub", app('CMD ["jupyterhub", "--JupyterHub.token="]'), []),
    ("no start command", app("EXPOSE 8888"), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


def test_message_and_fix() -> None:
    (found,) = findings(app('CMD ["jupyter", "lab", "--ServerApp.token="]'), select=[CODE])
    assert found.message == (
        "Jupyter starts with an empty token (`--ServerApp.token=`) and no password: whoever"
        " reaches its port runs code."
    )
    assert len(found.message) <= 110
    assert found.fix == (
        "Remove the empty token option: Jupyter then makes a random token; or pass one at run"
        " time (`docker run -e JUPYTER_TOKEN=...`)."
    )


def test_in_the_default_selection() -> None:
    text = app('CMD ["jupyter", "lab", "--ServerApp.token="]')
    assert (CODE, 3) in lint_snippet(text)

"""DLM110 runs-as-root."""

from __future__ import annotations

import pytest

from dockerlint_ml.dockerfile.model import Severity
from tests.helpers import COURSE, findings, lint_snippet

CODE = "DLM110"
F = "FROM python:3.12-slim\n"
SERVE = 'CMD ["python", "serve.py"]'


def df(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def lint(text: str) -> list[tuple[str, int]]:
    return lint_snippet(text, select=[CODE])


CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    # The course file: python base, no USER, a gunicorn service: the information.
    ("course file", COURSE, [(CODE, 1)]),
    # -- the last USER is root
    ("USER root", df("FROM python:3.12-slim", "USER root", SERVE), [(CODE, 2)]),
    ("USER 0", df("FROM python:3.12-slim", "USER 0", SERVE), [(CODE, 2)]),
    ("USER root:root", df("FROM python:3.12-slim", "USER root:root", SERVE), [(CODE, 2)]),
    ("USER 0:0", df("FROM python:3.12-slim", "USER 0:0", SERVE), [(CODE, 2)]),
    ("USER 00", df("FROM python:3.12-slim", "USER 00", SERVE), [(CODE, 2)]),
    ('USER "root"', df("FROM python:3.12-slim", 'USER "root"', SERVE), [(CODE, 2)]),
    ("lower-case keyword", df("from python:3.12-slim", "user root", SERVE), [(CODE, 2)]),
    (
        "root after a user",
        df("FROM python:3.12-slim", "USER app", "RUN echo hi", "USER root", SERVE),
        [(CODE, 4)],
    ),
    (
        "a user after root",
        df("FROM python:3.12-slim", "USER root", "RUN apt-get update", "USER 10001", SERVE),
        [],
    ),
    ("root group only", df("FROM python:3.12-slim", "USER app:root", SERVE), []),
    (
        "USER root on an unknown base still counts",
        df("FROM registry.corp/ml-base:1", "USER root", SERVE),
        [(CODE, 2)],
    ),
    (
        "USER root on a non-root base",
        df("FROM pytorch/torchserve:0.12.0-cpu", "USER root", "RUN apt-get update"),
        [(CODE, 2)],
    ),
    # -- variables
    ("ENV variable", df(F.strip(), "ENV RUN_AS=root", "USER $RUN_AS", SERVE), [(CODE, 3)]),
    ("ARG default", df(F.strip(), "ARG RUN_AS=0", "USER ${RUN_AS}", SERVE), [(CODE, 3)]),
    ("ARG non-root default", df(F.strip(), "ARG UID=1000", "USER ${UID}", SERVE), []),
    ("unresolvable variable", df(F.strip(), "USER $APP_USER", SERVE), []),
    ("ARG without default", df(F.strip(), "ARG APP_USER", "USER $APP_USER", SERVE), []),
    # -- stage chains
    (
        "USER inherited through FROM <stage>",
        df("FROM python:3.12-slim AS base", "USER root", "FROM base", SERVE),
        [(CODE, 2)],
    ),
    (
        "the final stage's USER wins",
        df("FROM python:3.12-slim AS base", "USER root", "FROM base", "USER 10001", SERVE),
        [],
    ),
    (
        "a build stage's root USER does not count",
        df(
            "FROM python:3.12-slim AS build",
            "USER root",
            "RUN pip wheel -w /w numpy==2.1.0",
            "FROM python:3.12-slim",
            "COPY --from=build /w /w",
            "USER 10001",
            SERVE,
        ),
        [],
    ),
    (
        "no USER: information on the final FROM",
        df("FROM python:3.12-slim AS build", "RUN echo hi", "FROM python:3.12-slim", SERVE),
        [(CODE, 3)],
    ),
    (
        "no USER through FROM <stage>: on the final FROM",
        df("FROM python:3.12-slim AS base", "RUN echo hi", "FROM base", SERVE),
        [(CODE, 3)],
    ),
    ("ONBUILD USER does not count", df(F.strip(), "ONBUILD USER 10001", SERVE), [(CODE, 1)]),
    # -- base image facts
    ("debian base", df("FROM debian:12-slim", 'CMD ["./server"]'), [(CODE, 1)]),
    ("nvidia/cuda base", df("FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04", SERVE), [(CODE, 1)]),
    ("non-root base", df("FROM rayproject/ray:2.9.0", SERVE), []),
    ("jupyter base", df("FROM quay.io/jupyter/base-notebook:2024-10-07", SERVE), []),
    ("distroless nonroot", df("FROM gcr.io/distroless/python3-debian12:nonroot", SERVE), []),
    ("unknown base", df("FROM registry.corp/ml-base:1", SERVE), []),
    ("scratch", df("FROM scratch", 'CMD ["/server"]'), []),
    # -- deliberate root
    (
        "gosu",
        df(F.strip(), "USER root", 'ENTRYPOINT ["gosu", "app", "python", "serve.py"]'),
        [],
    ),
    ("su-exec", df(F.strip(), 'CMD ["su-exec", "app", "python", "serve.py"]'), []),
    ("setpriv", df(F.strip(), 'CMD ["setpriv", "--reuid=1000", "python", "s.py"]'), []),
    ("runuser", df(F.strip(), 'CMD ["runuser", "-u", "app", "--", "python", "s.py"]'), []),
    ("su -c", df(F.strip(), "CMD su app -c 'python serve.py'"), []),
    ("sudo -u", df(F.strip(), 'CMD ["sudo", "-u", "app", "python", "serve.py"]'), []),
    ("gosu in sh -c", df(F.strip(), "CMD chown -R app /data && exec gosu app python s.py"), []),
    (
        "entrypoint script",
        df(F.strip(), 'ENTRYPOINT ["/docker-entrypoint.sh"]', SERVE),
        [],
    ),
    ("entrypoint script via bash", df(F.strip(), 'ENTRYPOINT ["bash", "/entrypoint.sh"]'), []),
    (
        "Docker Stacks keep their ENTRYPOINT",
        df("FROM jupyter/scipy-notebook:2023-10-20", "USER root", "RUN apt-get update"),
        [],
    ),
    (
        "Docker Stacks ENTRYPOINT replaced",
        df("FROM jupyter/scipy-notebook:2023-10-20", "USER root", 'ENTRYPOINT ["python", "s.py"]'),
        [(CODE, 2)],
    ),
    ("AWS Lambda", df("FROM public.ecr.aws/lambda/python:3.12", 'CMD ["app.handler"]'), []),
    ("interactive shell", df("FROM ubuntu:24.04", 'CMD ["bash"]'), []),
    ("REPL", df(F.strip(), "USER root", 'CMD ["python3"]'), []),
    ("base's command", df(F.strip(), "RUN pip install --no-cache-dir ruff==0.6.9"), []),
    ("tools under /root", df(F.strip(), "ENV PATH=$PATH:/root/.local/bin", SERVE), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert lint(text) == expected


FIX = (
    "End with an unprivileged numeric user (`USER 10001:10001`) after the steps that need"
    " root, and `COPY --chown=10001:10001` the files it must write."
)


def test_root_user_message_and_fix() -> None:
    (found,) = findings(df(F.strip(), "USER root", SERVE), select=[CODE])
    assert found.message == "The final image runs as root: its last USER is `root`."
    assert found.fix == FIX and found.severity is Severity.WARNING


def test_missing_user_message_and_fix() -> None:
    (found,) = findings(df(F.strip(), SERVE), select=[CODE])
    assert found.message == "No USER is set, so the image runs as python's default user, root."
    assert found.fix == FIX and found.severity is Severity.INFO


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(df(F.strip(), "USER root", SERVE))}


def test_supersedes_dl3002() -> None:
    from dockerlint_ml.rules.ml.runs_as_root import RunsAsRoot

    assert RunsAsRoot.supersedes == ("DL3002",)
    text = df(F.strip(), "# hadolint ignore=DL3002", "USER root", SERVE)
    assert lint_snippet(text, select=[CODE]) == []

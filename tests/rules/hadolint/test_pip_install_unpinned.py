"""DL3013 pip-install-unpinned: hadolint's spec cases (test/Hadolint/Rule/DL3013Spec.hs)
and ours."""

from __future__ import annotations

import pytest

from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3013"

# DL3013Spec.hs (the richest stored version, whose cases the 2.15.1 binary passes), in our
# words: (label, RUN body, reported). Each also runs wrapped in ONBUILD, as its onbuild
# variants do.
_SPEC: list[tuple[str, str, bool]] = [
    ("pip2 unpinned", "pip2 install MySQL_python", True),
    ("pip3 unpinned", "pip3 install MySQL_python", True),
    ("pip3 pinned", "pip3 install MySQL_python==1.2.2", False),
    ("a local wheel", "pip3 install mypkg.whl", False),
    ("a local sdist", "pip3 install mypkg.tar.gz", False),
    ("a requirements file", "pip install -r requirements.txt", False),
    ("--requirement", "pip install --requirement requirements.txt", False),
    ("the project in .", "pip install .", False),
    ("pip unpinned", "pip install MySQL_python", True),
    ("pip pinned", "pip install MySQL_python==1.2.2", False),
    ("~=", "pip install MySQL_python~=1.2.2", False),
    ("===", "pip install MySQL_python===1.2.2", False),
    ("--ignore-installed", "pip install --ignore-installed MySQL_python==1.2.2", False),
    ("--build takes a value", "pip3 install --build /opt/yamllint yamllint==1.20.0", False),
    ("--prefix takes a value", "pip3 install --prefix /opt/yamllint yamllint==1.20.0", False),
    ("--root takes a value", "pip3 install --root /opt/yamllint yamllint==1.20.0", False),
    ("--target takes a value", "pip3 install --target /opt/yamllint yamllint==1.20.0", False),
    ("--trusted-host takes a value", "pip3 install --trusted-host host example==1.2.2", False),
    ("python -m pip, pinned", "python -m pip install example==1.2.2", False),
    ("python -m pip, unpinned", "python -m pip install example", True),
    ("python -m pip --index-url", "python -m pip install --index-url url example", True),
    (
        "git https with a ref",
        "pip install git+https://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext",
        False,
    ),
    (
        "git ssh with a ref",
        "pip install git+ssh://github.com/rtfd/r-ext.git@0.6-alpha#egg=r-ext",
        False,
    ),
    (
        "git https without a ref",
        "pip install git+https://github.com/rtfd/read-ext.git#egg=read-ext",
        True,
    ),
    (
        "git ssh without a ref",
        "pip install git+ssh://github.com/rtfd/read-ext.git#egg=read-ext",
        True,
    ),
    ("a local directory", "pip install foo/bar", False),
    ("an https archive", "pip install https://foo.bar/baz.zip", False),
    (">=", "pip install 'alabaster>=0.7'", False),
    ("<", "pip install 'alabaster<0.7'", False),
    ("!=", "pip install 'alabaster!=0.7'", False),
    ("--user", "pip install MySQL_python==1.2.2 --user", False),
    (
        "--disable-pip-version-check",
        "pip install MySQL_python==1.2.2 --disable-pip-version-check",
        False,
    ),
    (
        "--index-url takes a value",
        "pip install --index-url https://eg.com/foo foobar==1.0.0",
        False,
    ),
    (
        "--index-url and --extra-index-url",
        "pip install --index-url https://eg.com/foo --extra-index-url https://ex-eg.io/foo"
        " foobar==1.0.0",
        False,
    ),
    ("--no-cache-dir", "pip install MySQL_python==1.2.2 --no-cache-dir", False),
    ("--constraint", "pip install pykafka --constraint http://foo.bar.baz", False),
    ("-c", "pip install pykafka -c http://foo.bar.baz", False),
    (
        "index urls with credentials",
        "pip install --index-url https://user:pass@eg.com/foo"
        " --extra-index-url https://user:pass@ex-eg.io/foo foobar==1.0.0",
        False,
    ),
    ("pipenv is not pip", "pipenv install black", False),
]
SPEC: list[Case] = [
    (f"spec: {label}", f"FROM python:3.12\nRUN {body}\n", [2] if hit else [])
    for label, body, hit in _SPEC
] + [
    (f"spec onbuild: {label}", f"FROM python:3.12\nONBUILD RUN {body}\n", [2] if hit else [])
    for label, body, hit in _SPEC
]

P = "FROM python:3.12\n"
OURS: list[Case] = [
    ("pipx", P + "RUN pipx install black\n", [2]),
    ("pipx --python", P + "RUN pipx install --python python3.11 black==24.1.0\n", []),
    ("pip3.11", P + "RUN pip3.11 install flask\n", [2]),
    ("python3.11 -m pip", P + "RUN python3.11 -m pip install flask\n", [2]),
    ("--user", P + "RUN pip install --user flask\n", [2]),
    ("pip's own upgrade", P + "RUN pip install -U pip\n", [2]),
    ("bootstrap tools", P + "RUN pip install --upgrade pip setuptools wheel\n", [2]),
    ("a single = is not a pin", P + "RUN pip install flask=1\n", [2]),
    ("a name starting with git", P + "RUN pip install gitpython\n", [2]),
    ("git without a ref", P + 'RUN pip install "git+https://github.com/x/y.git"\n', [2]),
    ("git branch ref", P + "RUN pip install git+https://github.com/x/y.git@main\n", []),
    ("editable local project", P + "RUN pip install -e .[dev]\n", []),
    ("local project with a slash", P + 'RUN pip install "./[dev]"\n', []),
    ("editable git", P + "RUN pip install -e git+https://github.com/a/b.git#egg=b\n", []),
    ("-r exempts the command", P + "RUN pip install -r req.txt flask\n", []),
    (". exempts the command", P + "RUN pip install . flask\n", []),
    ("-c exempts the command", P + "RUN pip install flask -c c.txt\n", []),
    ("--constraint=", P + "RUN pip install --constraint=c.txt flask\n", []),
    ("--root-user-action", P + "RUN pip install --root-user-action ignore flask==1\n", []),
    ("--python", P + "RUN pip install --python /usr/bin/python3 flask==1\n", []),
    ("-i", P + "RUN pip install -i https://x flask==1\n", []),
    ("--index-url=", P + "RUN pip install --index-url=https://x flask\n", [2]),
    ("--find-links=", P + "RUN pip install --find-links=/w flask\n", [2]),
    ("a variable version", P + 'RUN pip install "flask==${V}"\n', []),
    ("a range", P + 'RUN pip install "flask>2,<3"\n', []),
    ("a direct wheel URL", P + "RUN pip install flask@https://x/flask.whl\n", []),
    ("wheel glob", P + "RUN pip install /tmp/*.whl\n", []),
    (
        "an index with an unpinned name",
        P + "RUN pip install torch --index-url https://x/cpu\n",
        [2],
    ),
    ("no package words", P + "RUN pip install\n", []),
    ("uninstall", P + "RUN pip uninstall -y flask\n", []),
    ("download", P + "RUN pip download flask\n", []),
    ("once per RUN", P + "RUN pip install flask && pip install requests\n", [2]),
    ("per RUN", P + "RUN pip install flask\nRUN pip install requests\n", [2, 3]),
    ("pip before install options", P + "RUN pip --no-cache-dir install flask\n", [2]),
    ("exec form", P + 'RUN ["pip", "install", "flask"]\n', [2]),
    ("heredoc", P + "RUN <<EOF\npip install flask\nEOF\n", [2]),
    ("if body", P + "RUN if true; then pip install flask; fi\n", [2]),
    ("onbuild", P + "ONBUILD RUN pip install flask\n", [2]),
    (
        "continuation lines: the RUN's first line",
        P + "RUN pip install --no-cache-dir \\\n    flask==3.0.3 \\\n    gunicorn\n",
        [2],
    ),
    (
        "multi-stage: each stage",
        "FROM python:3.12 AS a\nRUN pip install flask\n"
        "FROM python:3.12\nRUN pip install gunicorn\n",
        [2, 4],
    ),
    ("an unknown word next to an unpinned one", P + "RUN pip install $PKG flask\n", [2]),
    ("pip inside a venv path", P + "RUN /opt/venv/bin/pip install flask\n", [2]),
    ("a variable interpreter", P + "RUN python$V -m pip install flask\n", [2]),
    ("conda run", P + "RUN conda run -n app pip install flask\n", [2]),
    ("uv pip", P + "RUN uv pip install --system flask\n", [2]),
    ("a local wheelhouse", P + "RUN pip install --no-index --find-links=/wheels py-spy\n", []),
    ("an index is not a wheelhouse", P + "RUN pip install --find-links=/wheels py-spy\n", [2]),
    ("a named direct VCS reference", P + 'RUN pip install "x @ git+https://github.com/o/x"\n', []),
]

DIFFERENT: list[Different] = [
    (
        "a variable package list",
        P + "RUN pip install $PKG\n",
        [2],
        [],
        "PEERS not-to-copy 5: an unknown word is not an unpinned package",
    ),
    (
        "a name with a variable suffix",
        P + "RUN pip install grpcio-tools${GRPCIO_TOOLS_VERSION}\n",
        [2],
        [],
        "PEERS not-to-copy 5: the variable may hold the version",
    ),
    (
        "a VCS URL from a variable",
        P + 'RUN pip install "git+${REPO}"\n',
        [2],
        [],
        "PEERS not-to-copy 5: the variable may hold the ref",
    ),
    (
        "a command substitution",
        P + "RUN pip install $(find wheel -name 'x*.whl')\n",
        [2],
        [],
        "PEERS not-to-copy 5: the words are only known at build time",
    ),
    (
        "the local project with extras",
        P + "RUN pip install .[complete]\n",
        [2],
        [],
        "`.[complete]` is the project in the build directory, not an index package",
    ),
    (
        "a local zip archive",
        P + "RUN pip install pkg.zip\n",
        [2],
        [],
        "an sdist in the build directory, not an index package",
    ),
    (
        "the value of --timeout",
        P + "RUN pip install --timeout 60 flask==1\n",
        [2],
        [],
        "--timeout takes a value: hadolint reports 60 as a package",
    ),
    (
        "the value of --retries",
        P + "RUN pip install --retries 5 flask==1\n",
        [2],
        [],
        "--retries takes a value: hadolint reports 5 as a package",
    ),
    (
        "a nightly pre-release",
        P + "RUN pip install --pre torch -f https://download.pytorch.org/whl/nightly/cpu\n",
        [2],
        [],
        "--pre asks for the newest pre-release on purpose; a pinned nightly leaves the index",
    ),
    (
        "a user in the VCS URL is not a ref",
        P + "RUN pip install git+https://user@github.com/x/y.git\n",
        [],
        [2],
        "`user@` belongs to the host: the URL has no ref, so it tracks the default branch",
    ),
    (
        "a marker is not a version",
        P + "RUN pip install \"flask; python_version<'3.9'\"\n",
        [],
        [2],
        "the `<` is in the environment marker; the requirement has no version",
    ),
    (
        "options between -m pip and install",
        P + "RUN python -m pip --no-cache-dir install flask\n",
        [],
        [2],
        "the same pip install; hadolint needs `-m pip install` written consecutively",
    ),
    (
        "behind sudo",
        P + "RUN sudo pip install flask\n",
        [],
        [2],
        "sudo runs pip; hadolint sees only the command name `sudo`",
    ),
    (
        "inside sh -c",
        P + "RUN sh -c 'pip install flask'\n",
        [],
        [2],
        "the shell runs pip; hadolint does not read the quoted script",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ("pip install flask", "`pip install` installs `flask` without a version pin."),
        (
            "pip3 install a b==1 c d",
            "`pip3 install` installs `a`, `c` and 1 more without a version pin.",
        ),
        (
            "python3 -m pip install uvicorn[standard]",
            "`python -m pip install` installs `uvicorn` without a version pin.",
        ),
        ("pipx install black", "`pipx install` installs `black` without a version pin."),
    ],
)
def test_message_names_the_command_and_packages(run: str, message: str) -> None:
    (found,) = findings(f"FROM python:3.12\nRUN {run}\n", select=[CODE])
    assert found.message == message
    assert found.fix is not None and "==<version>" in found.fix


def test_default_selection() -> None:
    assert (CODE, 2) in lint_snippet("FROM python:3.12\nRUN pip install flask\n")

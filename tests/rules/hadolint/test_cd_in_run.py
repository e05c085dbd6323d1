"""DL3003 cd-in-run: hadolint's spec cases (DL3003Spec.hs) and ours."""

from __future__ import annotations

from dockerlint_ml.engine.registry import load_registry
from tests.helpers import findings, lint_snippet
from tests.rules.hadolint.table import Case, Different, table_tests

CODE = "DL3003"

# DL3003Spec.hs at v2.15.1, in our words (it has no onbuild variants).
SPEC: list[Case] = [
    ("spec: WORKDIR", "FROM debian\nWORKDIR /opt\n", []),
    ("spec: cd", "FROM debian\nRUN cd /opt\n", [2]),
]

D = "FROM debian:12-slim\n"
OURS: list[Case] = [
    ("cd then a command", D + "RUN cd /opt && make\n", [2]),
    ("bare cd", D + "RUN cd\n", [2]),
    ("cd -", D + "RUN cd - && make\n", [2]),
    ("builtin cd", D + "RUN builtin cd /x\n", [2]),
    ("command cd", D + "RUN command cd /x\n", [2]),
    ("once per RUN", D + "RUN cd /x; make; cd /y\n", [2]),
    ("after ||", D + "RUN true || cd /x\n", [2]),
    ("in a loop", D + "RUN for d in a b; do cd $d; done\n", [2]),
    ("in an if body", D + "RUN if [ -d x ]; then cd x; fi\n", [2]),
    ("variable target", D + 'RUN cd "$HOME" && ls\n', [2]),
    (
        "continuation lines: the RUN's first line",
        D + "RUN echo a \\\n    && cd /x \\\n    && make\n",
        [2],
    ),
    ("exec form", D + 'RUN ["cd", "/opt"]\n', [2]),
    ("heredoc", D + "RUN <<EOF\ncd /x\nmake\nEOF\n", [2]),
    ("heredoc data", D + "RUN cat > /x.sh <<EOF\ncd /x\nEOF\n", []),
    ("under another SHELL", 'FROM debian:12-slim\nSHELL ["/bin/bash", "-c"]\nRUN cd /x\n', [3]),
    ("sudo cd is no cd", D + "RUN sudo cd /x\n", []),
    ("a path is not the builtin", D + "RUN /bin/cd /x\n", []),
    ("inside sh -c", D + 'RUN sh -c "cd /x && make"\n', []),
    ("exec form sh -c", D + 'RUN ["sh", "-c", "cd /opt && make"]\n', []),
    ("pushd", D + "RUN pushd /x && popd\n", []),
    ("make -C", D + "RUN make -C /opt\n", []),
    ("cd as an argument", D + "RUN echo cd\n", []),
    # Reported as hadolint does until the shell facts mark subshells (hadolint issue #422).
    ("in a subshell", D + "RUN (cd /src && make install) && rm -rf /src\n", [2]),
    ("WORKDIR then a RUN", D + "WORKDIR /src\nRUN make\n", []),
    (
        "multi-stage: each stage",
        "FROM debian:12 AS build\nRUN cd /src && make\nFROM debian:12\nRUN cd /app\n",
        [2, 4],
    ),
]

DIFFERENT: list[Different] = [
    (
        "cd in a command substitution",
        D + "RUN v=$(cd /a && pwd) && echo $v\n",
        [2],
        [],
        "the substitution runs in a subshell: the RUN's directory does not change"
        " (hadolint issue #422)",
    ),
    (
        "cd in backquotes",
        D + "RUN echo `cd /a && pwd`\n",
        [2],
        [],
        "backquotes are a substitution too",
    ),
    (
        "ONBUILD RUN",
        D + "ONBUILD RUN cd /opt && make\n",
        [],
        [2],
        "the same RUN once the image is built on; hadolint 2.15.1 checks ONBUILD for"
        " the other RUN rules but not this one",
    ),
]


test_case, test_deliberately_different = table_tests(CODE, SPEC + OURS, DIFFERENT)


def test_message_names_the_cd() -> None:
    (found,) = findings(D + "RUN cd /src && make\n", select=[CODE])
    assert "`cd /src`" in found.message
    assert found.fix is not None and "WORKDIR" in found.fix and "-C dir" in found.fix


def test_off_by_default() -> None:
    assert CODE not in {code for code, _ in lint_snippet(D + "RUN cd /src && make\n")}
    (rule,) = [r for r in load_registry(plugins=False).rules if r.code == CODE]
    assert rule.default is False

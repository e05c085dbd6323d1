"""Python code in RUN instructions: `python -c` and stdin heredocs, read without running it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts import python_snippets
from dockerlint_ml.facts.python_snippets import calls, interpreter_input, snippets
from dockerlint_ml.facts.shell import SimpleCommand, commands_of


def run_snippets(text: str) -> list[tuple[str, str, bool]]:
    """(kind, code, expanded) of every snippet of the file's last instruction."""
    dockerfile = parse("FROM python:3.12-slim\n" + text, "Dockerfile")
    ins = dockerfile.instructions[-1]
    return [(s.kind, s.code, s.expanded) for s in snippets(ins, commands_of(ins))]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("python", "-c", "print(1)"), ("-c", "print(1)")),
        (("python3", "-u", "-c", "x"), ("-c", "x")),
        (("python3", "-uc", "x"), ("-c", "x")),
        (("python3", "-cx"), ("-c", "x")),
        (("python3", "-W", "ignore", "-c", "x"), ("-c", "x")),
        (("python3", "-Wignore", "-c", "x"), ("-c", "x")),
        (("python3", "-X", "utf8", "-c", "x"), ("-c", "x")),
        (("python3", "-W", "c", "script.py"), ("file", None)),
        (("python3", "--check-hash-based-pycs", "always", "-c", "x"), ("-c", "x")),
        (("python3", "-c"), ("file", None)),
        (("python3",), ("stdin", None)),
        (("python3", "-"), ("stdin", None)),
        (("python3", "-u", "-"), ("stdin", None)),
        (("python3", "--", "-"), ("stdin", None)),
        (("python3", "--", "x.py"), ("file", None)),
        (("python3", "script.py", "-c", "x"), ("file", None)),
        (("python3", "-m", "pip"), ("module", None)),
    ],
)
def test_interpreter_input(argv: tuple[str, ...], expected: tuple[str, str | None]) -> None:
    assert interpreter_input(SimpleCommand(argv)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('RUN python -c "import os"\n', [("-c", "import os", True)]),
        ('RUN ["python3", "-c", "import os"]\n', [("-c", "import os", False)]),
        ('RUN ["sh", "-c", "python3 -c \'import os\'"]\n', [("-c", "import os", True)]),
        (
            "RUN /opt/conda/bin/python3.11 -c 'a()' && pypy3 -c 'b()'\n",
            [
                ("-c", "a()", True),
                ("-c", "b()", True),
            ],
        ),
        ("RUN uv run python -c 'a()'\n", [("-c", "a()", True)]),
        ("RUN python3 - <<EOF\nimport os\nEOF\n", [("heredoc", "import os\n", True)]),
        ("RUN python3 <<'EOF'\nimport os\nEOF\n", [("heredoc", "import os\n", False)]),
        ("RUN <<EOF python3\nimport os\nEOF\n", [("heredoc", "import os\n", True)]),
        # A heredoc written to a file, then a script run: neither is read.
        ("RUN cat > x.py <<EOF\nimport os\nEOF\n", []),
        ("RUN python3 x.py <<EOF\ninput\nEOF\n", []),
        # A heredoc script run by the shell: its python -c is found by the shell facts.
        ("RUN <<EOF\npython3 -c 'a()'\nEOF\n", [("-c", "a()", True)]),
        ("RUN python -m pip install x\n", []),
        ("ONBUILD RUN python -c 'a()'\n", [("-c", "a()", True)]),
    ],
)
def test_snippets(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert run_snippets(text) == expected


def test_calls_follow_imports() -> None:
    code = (
        "import torch as t\n"
        "from transformers import AutoModel as M\n"
        "import huggingface_hub.file_download\n"
        "t.cuda.is_available()\n"
        "M.from_pretrained('gpt2', revision='main', **kw)\n"
        "huggingface_hub.file_download.hf_hub_download('a/b', 'f')\n"
        "unbound.thing(x, *rest)\n"
        "make().from_pretrained('x')\n"
    )
    found = calls(code)
    assert [(c.written, c.qualified) for c in found] == [
        ("t.cuda.is_available", "torch.cuda.is_available"),
        ("M.from_pretrained", "transformers.AutoModel.from_pretrained"),
        (
            "huggingface_hub.file_download.hf_hub_download",
            "huggingface_hub.file_download.hf_hub_download",
        ),
        ("unbound.thing", None),
        ("from_pretrained", None),  # the outer call starts where the inner one does
        ("make", None),
    ]
    pretrained = found[1]
    assert pretrained.attribute == "from_pretrained"
    assert pretrained.args[0].literal == "gpt2" and pretrained.args[0].constant
    revision = pretrained.keyword("revision")
    assert revision is not None and revision.literal == "main"
    assert pretrained.unpacked
    assert found[3].unpacked and not found[3].args[0].constant
    assert found[2].keyword("revision") is None


def test_star_imports_are_kept() -> None:
    [call] = calls("from torch.cuda import *\nis_available()\n")
    assert call.qualified is None and call.star_imports == ("torch.cuda",)


def test_relative_imports_bind_nothing() -> None:
    [call] = calls("from .torch import cuda\ncuda.is_available()\n")
    assert call.qualified is None


@pytest.mark.parametrize(
    "code",
    [
        "import (",  # a syntax error
        "  import os",  # python -c rejects indented code too
        "a\x00b",  # a null byte: ValueError
        "(" * 10_000 + ")" * 10_000,  # too deep for the parser
        "f(" + "x," * (python_snippets.MAX_CODE // 2) + ")",  # over the size limit
    ],
)
def test_bad_code_gives_no_calls(code: str) -> None:
    assert calls(code) == ()


def test_syntax_warnings_stay_quiet(recwarn: pytest.WarningsRecorder) -> None:
    assert [c.written for c in calls('import re\nre.compile("\\d")\n')] == ["re.compile"]
    assert not recwarn.list


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc()[]{}:;=,.'\"\\\n #*-_0123456789", max_size=200))
def test_calls_never_raise(code: str) -> None:
    for call in calls(code):
        assert call.written

"""Shell model: scripts -> simple commands, wrappers unwrapped, exports folded into env."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlint_ml.dockerfile.model import Instruction
from dockerlint_ml.dockerfile.parser import parse
from dockerlint_ml.facts import shell
from dockerlint_ml.facts.shell import (
    SimpleCommand,
    commands_of,
    from_argv,
    parse_commands,
    unquote,
)

Env = tuple[tuple[str, str], ...]
Cmd = tuple[tuple[str, ...], Env, tuple[str, ...]]


def flat(commands: tuple[SimpleCommand, ...]) -> list[Cmd]:
    return [(c.argv, c.env, c.wrappers) for c in commands]


def cmd(*argv: str, env: Env = (), wrappers: tuple[str, ...] = ()) -> Cmd:
    return (tuple(argv), env, wrappers)


@pytest.fixture(params=["tree-sitter", "fallback"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs a test with each tokenizer; both feed the same unwrapping."""
    if request.param == "fallback":
        monkeypatch.setattr(shell, "_TS_LANGUAGE", None)
    yield request.param


def test_tree_sitter_is_the_active_backend() -> None:
    # tree-sitter-bash is a runtime dependency; the fallback is only a safety net.
    assert shell.BACKEND == "tree-sitter-bash"


# Cases both tokenizers must get exactly right.
COMMON = [
    # operators
    ("a && b || c; d | e & f", [cmd("a"), cmd("b"), cmd("c"), cmd("d"), cmd("e"), cmd("f")]),
    ("a\nb\n\nc", [cmd("a"), cmd("b"), cmd("c")]),
    ("a |& b", [cmd("a"), cmd("b")]),
    ("(cd /app && make) ; { x; y; }", [cmd("cd", "/app"), cmd("make"), cmd("x"), cmd("y")]),
    # quotes and escapes
    ("pip install \"a b\" 'c d' e\\ f", [cmd("pip", "install", "a b", "c d", "e f")]),
    ('echo "a\\"b" "\\$X" "a\\nb"', [cmd("echo", 'a"b', "$X", "a\\nb")]),
    ("echo $'a\\tb' 'x'\"y\"z", [cmd("echo", "a\tb", "xyz")]),
    ("gunicorn --bind=0.0.0.0:$PORT app:app", [cmd("gunicorn", "--bind=0.0.0.0:$PORT", "app:app")]),
    ('echo "${HOME:-/root}" ${X}', [cmd("echo", "${HOME:-/root}", "${X}")]),
    # comments
    ("pip install x#y # a comment\n# whole line\nb", [cmd("pip", "install", "x#y"), cmd("b")]),
    # redirections are not words
    ("a > out 2>&1 < in", [cmd("a")]),
    ("a >> log 2> err &> all; b <<< word", [cmd("a"), cmd("b")]),
    # continuations inside a script (heredoc bodies keep them)
    (
        "pip install \\\n    --no-cache-dir \\\n    x",
        [cmd("pip", "install", "--no-cache-dir", "x")],
    ),
    # if / for / while bodies
    (
        "if [ -f r.txt ]; then pip install -r r.txt; else echo none; fi",
        [cmd("pip", "install", "-r", "r.txt"), cmd("echo", "none")],
    ),
    ("while true; do sleep 1; done", [cmd("true"), cmd("sleep", "1")]),
    # leading assignments
    # GNU env takes no option after the first NAME=VALUE: `-u` is the program here
    ("env A=1 -u A", [cmd("-u", "A", env=(("A", "1"),), wrappers=("env",))]),
    ("A=1 B='x y' pip install .", [cmd("pip", "install", ".", env=(("A", "1"), ("B", "x y")))]),
    # exports fold into later commands
    (
        "export PIPENV_SYSTEM=1 && pipenv install --deploy",
        [
            cmd("export", "PIPENV_SYSTEM=1", env=(("PIPENV_SYSTEM", "1"),)),
            cmd("pipenv", "install", "--deploy", env=(("PIPENV_SYSTEM", "1"),)),
        ],
    ),
    (
        "A=1; export A; b; unset A; c",
        [
            cmd("export", "A", env=(("A", "1"),)),
            cmd("b", env=(("A", "1"),)),
            cmd("unset", "A"),
            cmd("c"),
        ],
    ),
    # a plain assignment is a shell variable, not exported
    ("PIPENV_SYSTEM=1; pipenv install", [cmd("pipenv", "install")]),
    (
        "declare -x A=2; b",
        [cmd("declare", "-x", "A=2", env=(("A", "2"),)), cmd("b", env=(("A", "2"),))],
    ),
    # a heredoc fed to python is data; fed to a shell it is a script
    ("python3 <<EOF\nimport os; print(1)\nEOF\nb", [cmd("python3"), cmd("b")]),
    (
        "bash -ex <<'EOF'\nset -e\npip install \\\n  torch\nEOF",
        [
            cmd("set", "-e", wrappers=("bash <<",)),
            cmd("pip", "install", "torch", wrappers=("bash <<",)),
        ],
    ),
    ("cat <<-EOF > f\n\tpip install x\n\tEOF\ny", [cmd("cat"), cmd("y")]),
    # wrappers
    (
        'sh -c "pipenv run gunicorn -b 0.0.0.0:80 app:app"',
        [cmd("gunicorn", "-b", "0.0.0.0:80", "app:app", wrappers=("sh -c", "pipenv run"))],
    ),
    ("exec gunicorn app:app", [cmd("gunicorn", "app:app", wrappers=("exec",))]),
    (
        "A=0 C=1 env -i -u A B=2 uvicorn app:app",
        [cmd("uvicorn", "app:app", env=(("B", "2"),), wrappers=("env",))],
    ),
    (
        "python -m gunicorn -b x app:app",
        [cmd("gunicorn", "-b", "x", "app:app", wrappers=("python -m",))],
    ),
]


@pytest.mark.parametrize(("script", "expected"), COMMON, ids=[c[0][:40] for c in COMMON])
def test_common_cases(backend: str, script: str, expected: list[Cmd]) -> None:
    assert flat(parse_commands(script)) == expected


# Shell grammar the fallback only approximates: tree-sitter-bash only.
GRAMMAR = [
    (
        "case $x in a) pip install a ;; *) exit 1 ;; esac",
        [cmd("pip", "install", "a"), cmd("exit", "1")],
    ),
    ("for w in dist/*.whl; do pip install $w; done", [cmd("pip", "install", "$w")]),
    ("f() { pip install x; }", [cmd("pip", "install", "x")]),
    (
        "if [[ $A == 1 ]]; then\n  uv sync --frozen\nelif true; then b; fi",
        [cmd("uv", "sync", "--frozen"), cmd("true"), cmd("b")],
    ),
    ("! pip check", [cmd("pip", "check")]),
    # words after a redirect are still arguments (`>=1` redirects to the file `=1`)
    ("pip install a>=1 b c", [cmd("pip", "install", "a", "b", "c")]),
    ("a && pip install e 2>/dev/null f", [cmd("a"), cmd("pip", "install", "e", "f")]),
    ("a | b > out c", [cmd("a"), cmd("b", "c")]),
    ("echo x > out.txt; cmd >a 2>&1", [cmd("echo", "x"), cmd("cmd")]),
    # commands inside substitutions run too, marked "$()"
    (
        "X=$(pip freeze | grep torch) && echo `date` $X",
        [
            cmd("pip", "freeze", wrappers=("$()",)),
            cmd("grep", "torch", wrappers=("$()",)),
            cmd("echo", "`date`", "$X"),
            cmd("date", wrappers=("$()",)),
        ],
    ),
    (
        'pip install "$(cat req.txt)"',
        [cmd("pip", "install", "$(cat req.txt)"), cmd("cat", "req.txt", wrappers=("$()",))],
    ),
    # exports inside a subshell do not leak out of it
    (
        "(export A=1; a); b",
        [cmd("export", "A=1", env=(("A", "1"),)), cmd("a", env=(("A", "1"),)), cmd("b")],
    ),
]


@pytest.mark.parametrize(("script", "expected"), GRAMMAR, ids=[c[0][:40] for c in GRAMMAR])
def test_shell_grammar(script: str, expected: list[Cmd]) -> None:
    assert flat(parse_commands(script)) == expected


WRAPPERS = [
    (["bash", "-lc", "pip install x"], [cmd("pip", "install", "x", wrappers=("bash -c",))]),
    (["/bin/sh", "-c", "a && b"], [cmd("a", wrappers=("sh -c",)), cmd("b", wrappers=("sh -c",))]),
    (["/bin/bash", "-exc", "gunicorn app"], [cmd("gunicorn", "app", wrappers=("bash -c",))]),
    (
        ["bash", "-o", "pipefail", "-c", "a | b"],
        [cmd("a", wrappers=("bash -c",)), cmd("b", wrappers=("bash -c",))],
    ),
    (["sh", "-c", 'exec "$@"', "sh", "x"], [cmd("$@", wrappers=("sh -c", "exec"))]),
    (["bash", "script.sh", "-c"], [cmd("bash", "script.sh", "-c")]),
    (["sh", "-c"], [cmd("sh", "-c")]),
    (["bash"], [cmd("bash")]),
    (["exec", "-a", "name", "uvicorn", "app:app"], [cmd("uvicorn", "app:app", wrappers=("exec",))]),
    (["env"], [cmd("env")]),
    (["env", "A=1"], [cmd("env", "A=1", env=(("A", "1"),))]),
    (
        ["/usr/bin/env", "PORT=80", "python", "app.py"],
        [cmd("python", "app.py", env=(("PORT", "80"),), wrappers=("env",))],
    ),
    (["env", "--unset=X", "-C", "/app", "--", "a"], [cmd("a", wrappers=("env",))]),
    (["nohup", "python", "app.py"], [cmd("python", "app.py", wrappers=("nohup",))]),
    (["time", "-p", "make"], [cmd("make", wrappers=("time",))]),
    (
        ["sudo", "-E", "-u", "app", "-H", "K=V", "pip", "install", "x"],
        [cmd("pip", "install", "x", env=(("K", "V"),), wrappers=("sudo",))],
    ),
    (["sudo", "--user=app", "a"], [cmd("a", wrappers=("sudo",))]),
    (["tini", "--", "gunicorn", "app"], [cmd("gunicorn", "app", wrappers=("tini",))]),
    (["/sbin/tini", "-s", "-p", "SIGTERM", "--", "a"], [cmd("a", wrappers=("tini",))]),
    (["/usr/bin/dumb-init", "--", "a"], [cmd("a", wrappers=("dumb-init",))]),
    (["dumb-init", "-r", "15:2", "a"], [cmd("a", wrappers=("dumb-init",))]),
    (["gosu", "app", "gunicorn", "x"], [cmd("gunicorn", "x", wrappers=("gosu",))]),
    (["su-exec", "app:app", "a"], [cmd("a", wrappers=("su-exec",))]),
    (["gosu"], [cmd("gosu")]),
    (["pipenv", "run", "gunicorn", "app"], [cmd("gunicorn", "app", wrappers=("pipenv run",))]),
    (["pipenv", "install", "--system"], [cmd("pipenv", "install", "--system")]),
    (["pipenv", "run"], [cmd("pipenv", "run")]),
    (["poetry", "run", "uvicorn", "a:b"], [cmd("uvicorn", "a:b", wrappers=("poetry run",))]),
    (["poetry", "-C", "/app", "run", "a"], [cmd("a", wrappers=("poetry run",))]),
    (["poetry", "install", "--no-root"], [cmd("poetry", "install", "--no-root")]),
    (
        ["uv", "run", "--no-sync", "--with", "x", "--frozen", "gunicorn", "a"],
        [cmd("gunicorn", "a", wrappers=("uv run",))],
    ),
    (
        ["uv", "run", "--python=3.12", "-m", "uvicorn", "a:b"],
        [cmd("uvicorn", "a:b", wrappers=("uv run",))],
    ),
    (["uv", "run", "-mflask", "run"], [cmd("flask", "run", wrappers=("uv run",))]),
    (["uv", "run", "--module", "pytest"], [cmd("pytest", wrappers=("uv run",))]),
    (["uv", "sync", "--frozen"], [cmd("uv", "sync", "--frozen")]),
    (["uvx", "--from", "pkg", "tool", "-x"], [cmd("tool", "-x", wrappers=("uvx",))]),
    (["uv", "tool", "run", "ruff"], [cmd("ruff", wrappers=("uvx",))]),
    (
        ["conda", "run", "-n", "env", "--no-capture-output", "python", "-m", "flask", "run"],
        [cmd("flask", "run", wrappers=("conda run", "python -m"))],
    ),
    (
        ["conda", "run", "-p", "/opt/env", "--live-stream", "--", "a"],
        [cmd("a", wrappers=("conda run",))],
    ),
    (["mamba", "run", "-n", "x", "a"], [cmd("a", wrappers=("mamba run",))]),
    (["micromamba", "run", "-n", "base", "a"], [cmd("a", wrappers=("micromamba run",))]),
    (["conda", "install", "-y", "numpy"], [cmd("conda", "install", "-y", "numpy")]),
    (
        ["python", "-m", "pip", "install", "x"],
        [cmd("pip", "install", "x", wrappers=("python -m",))],
    ),
    (["python3", "-m", "uvicorn", "a:b"], [cmd("uvicorn", "a:b", wrappers=("python -m",))]),
    (
        ["/usr/local/bin/python3.11", "-u", "-m", "http.server"],
        [cmd("http.server", wrappers=("python -m",))],
    ),
    (["python", "-W", "ignore", "-Bm", "gunicorn"], [cmd("gunicorn", wrappers=("python -m",))]),
    (["python", "-mpip", "list"], [cmd("pip", "list", wrappers=("python -m",))]),
    (["python", "app.py", "-m", "x"], [cmd("python", "app.py", "-m", "x")]),
    (["python", "-c", "import x", "-m"], [cmd("python", "-c", "import x", "-m")]),
    (["python", "-m"], [cmd("python", "-m")]),
    # nested, outermost first
    (
        ["sh", "-c", "exec pipenv run python -m gunicorn -b :9696 predict:app"],
        [
            cmd(
                "gunicorn",
                "-b",
                ":9696",
                "predict:app",
                wrappers=("sh -c", "exec", "pipenv run", "python -m"),
            )
        ],
    ),
    (
        ["bash", "-c", "export PORT=1 && sh -c 'A=2 env B=3 uv run gunicorn app'"],
        [
            cmd("export", "PORT=1", env=(("PORT", "1"),), wrappers=("bash -c",)),
            cmd(
                "gunicorn",
                "app",
                env=(("PORT", "1"), ("A", "2"), ("B", "3")),
                wrappers=("bash -c", "sh -c", "env", "uv run"),
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("argv", "expected"), WRAPPERS, ids=[" ".join(c[0])[:40] for c in WRAPPERS]
)
def test_from_argv_unwraps(argv: list[str], expected: list[Cmd]) -> None:
    assert flat(from_argv(argv)) == expected


def test_from_argv_takes_inherited_env_and_wrappers() -> None:
    got = from_argv(["sh", "-c", "a"], env=[("X", "1")], wrappers=["outer"])
    assert flat(got) == [cmd("a", env=(("X", "1"),), wrappers=("outer", "sh -c"))]


def test_shell_reads_heredoc_from_stdin() -> None:
    got = from_argv(["sudo", "bash", "-e"], stdin=["pip install x\n"])
    assert flat(got) == [cmd("pip", "install", "x", wrappers=("sudo", "bash <<"))]
    # any other program takes the heredoc as data
    assert flat(from_argv(["python3"], stdin=["import os\n"])) == [cmd("python3")]


def test_nested_shells_stop_at_max_depth() -> None:
    script = "x"
    for _ in range(shell.MAX_DEPTH + 3):
        script = "sh -c " + "'" + script.replace("'", "'\\''") + "'"
    (only,) = parse_commands(script)
    assert only.name == "sh"
    assert only.wrappers == ("sh -c",) * shell.MAX_DEPTH


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ('"a b"', "a b"),
        ("c\\ d", "c d"),
        ("'$X'", "$X"),
        ('"$(cat "f g")"', '$(cat "f g")'),
        ("$((1 + 2))", "$((1 + 2))"),
        ("`date`", "`date`"),
        ("a\\\nb", "ab"),
        ('"a\\\nb"', "ab"),
        ("$'\\x41\\101\\u00e9\\q'", "AAé\\q"),
        ('$"x"', "x"),
        ("'unterminated", "unterminated"),
        ('"unterminated $(x', "unterminated $(x"),
        ("trailing\\", "trailing\\"),
        ("", ""),
    ],
)
def test_unquote(word: str, expected: str) -> None:
    assert unquote(word) == expected


def test_simple_command_helpers() -> None:
    (c,) = from_argv(
        ["/usr/local/bin/gunicorn", "-b", "0.0.0.0:80", "--bind=:81", "-b:82", "-w4", "app"]
    )
    assert c.name == "gunicorn"
    assert c.args[-1] == "app"
    assert c.has_flag("--bind", "-x")
    assert not c.has_flag("--workers")
    assert c.option_values("-b", "--bind") == ["0.0.0.0:80", ":81", ":82"]
    assert c.option_values("-w") == ["4"]
    (p,) = from_argv(["uv", "pip", "install", "x"])
    assert p.matches("uv", "pip", "install")
    assert not p.matches("uv", "sync")
    (e,) = from_argv(["env", "A=1", "A=2", "a"])
    assert e.env_value("A") == "2"
    assert e.env_value("B") is None


# ---------------------------------------------------------------- instructions


def instruction(text: str) -> Instruction:
    """The last instruction of a one-stage Dockerfile ending with `text`."""
    return parse("FROM python:3.12-slim\n" + text).instructions[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('CMD ["sh", "-c", "gunicorn app:app"]', [cmd("gunicorn", "app:app", wrappers=("sh -c",))]),
        (
            'ENTRYPOINT ["gunicorn", "--bind=0.0.0.0:9696", "predict:app"]',
            [cmd("gunicorn", "--bind=0.0.0.0:9696", "predict:app")],
        ),
        ("CMD gunicorn app:app", [cmd("gunicorn", "app:app")]),
        (
            "RUN pip install pipenv && \\\n    pipenv install --deploy --system",
            [cmd("pip", "install", "pipenv"), cmd("pipenv", "install", "--deploy", "--system")],
        ),
        (
            "RUN <<EOT\npip install -r requirements.txt\nEOT",
            [cmd("pip", "install", "-r", "requirements.txt")],
        ),
        (
            "RUN <<EOT\nset -e\npip install \\\n  -r requirements.txt\nEOT",
            [cmd("set", "-e"), cmd("pip", "install", "-r", "requirements.txt")],
        ),
        ("RUN python3 <<EOF\nimport subprocess\nEOF", [cmd("python3")]),
        (
            'RUN bash -ex <<"EOF" && echo ok\npip install x\nEOF',
            [cmd("pip", "install", "x", wrappers=("bash <<",)), cmd("echo", "ok")],
        ),
        (
            'RUN <<"EOF" bash -ex\npip install x\nEOF',
            [cmd("pip", "install", "x", wrappers=("bash <<",))],
        ),
        (
            "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1",
            [cmd("curl", "-f", "http://localhost/"), cmd("exit", "1")],
        ),
        (
            'HEALTHCHECK CMD ["python", "-m", "healthcheck"]',
            [cmd("healthcheck", wrappers=("python -m",))],
        ),
        (
            "ONBUILD RUN pip install -r requirements.txt",
            [cmd("pip", "install", "-r", "requirements.txt")],
        ),
        ("CMD ['python', 'app.py']", [cmd("[python,", "app.py]")]),
        ("WORKDIR /app", []),
    ],
)
def test_commands_of(text: str, expected: list[Cmd]) -> None:
    assert flat(commands_of(instruction(text))) == expected


def test_commands_of_lowercase_and_shell_form_exports() -> None:
    ins = instruction("run export PIPENV_SYSTEM=1 && pipenv install")
    *_, last = commands_of(ins)
    assert last.matches("pipenv", "install")
    assert last.env_value("PIPENV_SYSTEM") == "1"


# ---------------------------------------------------------------- robustness

ODD_INPUTS = [
    'echo "abc && pip install x',
    "sh -c 'unterminated",
    "((((",
    "))))",
    "fi done esac }",
    "<<EOF",
    "a <<EOF\nno end",
    "\x00\x01\x1b[31m",
    "caf\u00e9 \udcff \U0001f600",
    "a\r\nb\r\n",
    "$(",
    "`",
    "${",
    "\\",
    "",
    "   \n\t ",
    "[Environment]::SetEnvironmentVariable('PATH', $p); Write-Host ('x' -f $y)",
]


@pytest.mark.parametrize("script", ODD_INPUTS)
def test_odd_input_never_raises(backend: str, script: str) -> None:
    for c in parse_commands(script):
        assert c.argv and all(isinstance(w, str) for w in c.argv)


def test_unbalanced_quote_keeps_the_commands_before_it() -> None:
    got = parse_commands('pip install x && echo "abc')
    assert got[0].argv == ("pip", "install", "x")


def test_huge_single_word() -> None:
    word = "a" * 1_000_000
    (c,) = parse_commands(f'echo "{word}" done')
    assert c.argv == ("echo", word, "done")


def test_huge_line_of_commands(backend: str) -> None:
    script = " && ".join(["pip install x"] * 20_000)  # ~340 KB on one line
    got = parse_commands(script)
    assert len(got) == 20_000
    assert got[-1].argv == ("pip", "install", "x")


def test_huge_script_is_capped() -> None:
    script = "a\n" * (shell.MAX_COMMANDS + 10)
    got = parse_commands(script)
    assert len(got) == shell.MAX_COMMANDS


def test_deep_nesting_does_not_recurse(backend: str) -> None:
    depth = 20_000
    got = parse_commands("echo " + "$(echo " * depth + "x" + ")" * depth)
    assert got[0].name == "echo"
    assert len(got) <= 2 + shell.MAX_SUBSTITUTION_DEPTH
    got = parse_commands("(" * depth + "pip install x" + ")" * depth)
    assert [c.argv for c in got] == [("pip", "install", "x")] or not got


def test_many_exports_are_capped() -> None:
    script = "".join(f"export V{i}={i}; " for i in range(shell.MAX_EXPORTED + 50)) + "a"
    last = parse_commands(script)[-1]
    assert last.argv == ("a",)
    assert len(last.env) == shell.MAX_EXPORTED


def test_many_heredocs_are_read_by_the_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_GRAMMAR_HEREDOCS heredoc operators, tree-sitter-bash (quadratic on an
    unclosed heredoc followed by many others) is not asked; the tokenizer reads the script."""

    def refuse() -> None:
        raise AssertionError("tree-sitter asked for a script of many heredocs")

    many = shell.MAX_GRAMMAR_HEREDOCS + 1
    script = "cat <<X " + "<<EOF " * many + "\n" + "x\nEOF\n" * many + "pip install flask\n"
    monkeypatch.setattr(shell, "_tree_sitter_parser", refuse)
    # X is never closed: everything after the first line is its body, as a shell reads it.
    assert [c.argv for c in parse_commands(script)] == [("cat",)]
    closed = "cat " + "<<EOF " * many + "\n" + "x\nEOF\n" * many + "pip install flask\n"
    assert [c.argv for c in parse_commands(closed)] == [("cat",), ("pip", "install", "flask")]


# -- split_words: shlex.split's POSIX words, in one pass -------------------------------------


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab \t\n\\'\"$#é", max_size=16))
def test_split_words_agrees_with_shlex(text: str) -> None:
    try:
        expected: list[str] | str = shlex.split(text, comments=False, posix=True)
    except ValueError:
        expected = "ValueError"
    try:
        got: list[str] | str = shell.split_words(text)
    except ValueError:
        got = "ValueError"
    assert got == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("gunicorn -b 0.0.0.0:80 app:app", ["gunicorn", "-b", "0.0.0.0:80", "app:app"]),
        ('a\'b c\'"d\\"e" f\\ g', ['ab cd"e', "f g"]),
        ('"\\$x \\\\ \\y"', ["\\$x \\ \\y"]),  # in double quotes only " and \ are escaped
        ("'' \"\"", ["", ""]),
        (" \t\n", []),
    ],
)
def test_split_words_examples(text: str, words: list[str]) -> None:
    assert shell.split_words(text) == words


@pytest.mark.parametrize("text", ["'open", '"open', "end\\", '"a\\'])
def test_split_words_refuses_what_shlex_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        shell.split_words(text)


@pytest.mark.parametrize(
    ("script", "linear"),
    [
        ("apt-get update && apt-get install -y curl | tee log", True),
        ("a" + "|a" * 513, False),  # 513 operator characters: real RUNs hold 205 at most
        ("a" + "|a" * 512, True),
        ("a" + " a[;" * 257, False),
        ("a" + ";f() " * 171, False),  # 3 operators each
        ("pip install" + "<0`" * 257, False),
        ("pip install" + "<0`" * 256, True),
        ("a" + ";for x in a; do " * 65, False),
        ("a" + ";for x in a; do " * 64, True),
        ("echo " + "x" * 8 * 1024, False),  # longer than any real RUN (4.8 KB in the corpus)
        ("cat" + " <<EOF" * 65, False),
    ],
)
def test_scripts_tree_sitter_is_quadratic_on_go_to_the_tokenizer(script: str, linear: bool) -> None:
    assert shell._grammar_is_linear(script) is linear


def test_a_script_full_of_open_constructs_still_gives_its_commands() -> None:
    ins = parse("FROM x\nRUN gunicorn -b 127.0.0.1:80 app:app" + "|a" * 600 + "|\n").instructions[1]
    commands = shell.commands_of(ins)
    assert commands[0].argv == ("gunicorn", "-b", "127.0.0.1:80", "app:app")
    assert [c.argv for c in commands[1:]] == [("a",)] * 600


# -- positions: pipelines, connectors, nesting, pipefail --------------------------------------

Place = tuple[str, int, int, int, str, int]


def places(commands: tuple[SimpleCommand, ...]) -> list[Place]:
    """(name, pipeline as numbered by first appearance, index, size, connector, nested)."""
    order: dict[int, int] = {}
    return [
        (
            c.name,
            order.setdefault(c.pipeline, len(order)),
            c.pipe_index,
            c.pipe_size,
            c.connector,
            c.nested,
        )
        for c in commands
    ]


# Both tokenizers must place these exactly.
PLACES_COMMON = [
    ("a", [("a", 0, 0, 1, "", 0)]),
    (
        "a && b | c; d\ne & f || g",
        [
            ("a", 0, 0, 1, "", 0),
            ("b", 1, 0, 2, "&&", 0),
            ("c", 1, 1, 2, "|", 0),
            ("d", 2, 0, 1, ";", 0),
            ("e", 3, 0, 1, "\n", 0),
            ("f", 4, 0, 1, "&", 0),
            ("g", 5, 0, 1, "||", 0),
        ],
    ),
    ("a |& b", [("a", 0, 0, 2, "", 0), ("b", 0, 1, 2, "|&", 0)]),
    # a pipe continues across a newline; blank lines are one newline
    ("a |\n  b\n\n\nc", [("a", 0, 0, 2, "", 0), ("b", 0, 1, 2, "|", 0), ("c", 1, 0, 1, "\n", 0)]),
    ("a;\n\nb", [("a", 0, 0, 1, "", 0), ("b", 1, 0, 1, ";", 0)]),
    # redirections between pipe elements do not split the pipeline
    (
        "a | b 2>&1 | c 2>&1 | d",
        [
            ("a", 0, 0, 4, "", 0),
            ("b", 0, 1, 4, "|", 0),
            ("c", 0, 2, 4, "|", 0),
            ("d", 0, 3, 4, "|", 0),
        ],
    ),
    ("a 2>&1 | tee log", [("a", 0, 0, 2, "", 0), ("tee", 0, 1, 2, "|", 0)]),
    # an assignment alone is no command: what follows it is not first
    ("A=1; cd /x", [("cd", 0, 0, 1, ";", 0)]),
    # a comment between two statements
    ("a\n# note\nb", [("a", 0, 0, 1, "", 0), ("b", 1, 0, 1, "\n", 0)]),
    # after `then` or `do` a list starts
    ("if a; then b; fi", [("a", 0, 0, 1, "", 1), ("b", 1, 0, 1, "", 1)]),
    # `bash -c` runs a script of its own: its first command starts it
    (
        "x && bash -c 'a | b'",
        [("x", 0, 0, 1, "", 0), ("a", 1, 0, 2, "", 0), ("b", 1, 1, 2, "|", 0)],
    ),
]


@pytest.mark.parametrize(
    ("script", "expected"), PLACES_COMMON, ids=[c[0][:40] for c in PLACES_COMMON]
)
def test_places_common(backend: str, script: str, expected: list[Place]) -> None:
    assert places(parse_commands(script)) == expected


# The grammar knows compound commands and substitutions: tree-sitter-bash only.
PLACES_GRAMMAR = [
    # a compound element of a pipeline: its commands share the element's place
    (
        "{ a; b; } | c",
        [("a", 0, 0, 2, "", 1), ("b", 0, 0, 2, ";", 1), ("c", 0, 1, 2, "|", 0)],
    ),
    (
        "if a | b; then c; fi | d",
        [
            ("a", 0, 0, 2, "", 1),
            ("b", 0, 1, 2, "|", 1),
            ("c", 1, 0, 2, "", 1),
            ("d", 1, 1, 2, "|", 0),
        ],
    ),
    (
        "a | while read l; do b; done",
        [("a", 0, 0, 2, "", 0), ("read", 0, 1, 2, "", 1), ("b", 0, 1, 2, "", 1)],
    ),
    # a substitution is a process of its own: not part of the enclosing pipeline
    (
        "x=$(a | b) && ! c | d > f",
        [
            ("a", 0, 0, 2, "", 1),
            ("b", 0, 1, 2, "|", 1),
            ("c", 1, 0, 2, "&&", 0),
            ("d", 1, 1, 2, "|", 0),
        ],
    ),
    ("echo $(a) | b", [("echo", 0, 0, 2, "", 0), ("a", 1, 0, 1, "", 1), ("b", 0, 1, 2, "|", 0)]),
    (
        "(cd /x && make) || c",
        [("cd", 0, 0, 1, "", 1), ("make", 1, 0, 1, "&&", 1), ("c", 2, 0, 1, "||", 0)],
    ),
    ("a && { b; }", [("a", 0, 0, 1, "", 0), ("b", 1, 0, 1, "", 1)]),
    ("f() { a | b; }", [("a", 0, 0, 2, "", 2), ("b", 0, 1, 2, "|", 2)]),
    ("case x in y) a | b ;; esac", [("a", 0, 0, 2, "", 1), ("b", 0, 1, 2, "|", 1)]),
    # what follows a heredoc operator on its line is hung under it by the grammar: the
    # pipe after it is still seen, numbered apart from its first element
    (
        "cat <<EOF | sh && c\nx\nEOF\n",
        [("cat", 0, 0, 1, "", 0), ("sh", 1, 1, 2, "|", 0), ("c", 2, 0, 1, "&&", 0)],
    ),
    ("cat <<EOF && b\nx\nEOF\n", [("cat", 0, 0, 1, "", 0), ("b", 1, 0, 1, "&&", 0)]),
]


@pytest.mark.parametrize(
    ("script", "expected"), PLACES_GRAMMAR, ids=[c[0][:40] for c in PLACES_GRAMMAR]
)
def test_places_grammar(script: str, expected: list[Place]) -> None:
    assert places(parse_commands(script)) == expected


def test_pipeline_numbers_are_unique_across_nested_shells() -> None:
    got = parse_commands("a | b; sh -c 'c | d'; bash <<EOF\ne | f\nEOF\n")
    assert [c.pipeline for c in got][::2] == sorted({c.pipeline for c in got})
    assert len({c.pipeline for c in got}) == 3


@pytest.mark.parametrize(
    ("script", "first"),
    [
        ("cd /x && make", ["cd"]),
        ("A=1; cd /x", []),
        ("[ -f x ] && cd /x", []),  # the test ran first (tree-sitter reads it as no command)
        ("(cd /x && make)", []),
        ("bash -c 'cd /x'", ["cd"]),  # first of its own script: wrappers tell it apart
    ],
)
def test_leads(script: str, first: list[str]) -> None:
    assert [c.name for c in parse_commands(script) if c.leads] == first


@pytest.mark.parametrize(
    ("script", "on"),
    [
        ("a | b", [False, False]),
        ("set -o pipefail; a | b", [False, True, True]),
        ("set -eo pipefail && a | b", [False, True, True]),
        ("set -euxo pipefail; a | b", [False, True, True]),
        ("set -o errexit -o pipefail; a | b", [False, True, True]),
        ("set -e -o pipefail; a | b", [False, True, True]),
        ("a | b; set -o pipefail", [False, False, False]),
        ("set -opipefail; a | b", [False, False, False]),  # no option name: bash refuses it
        ("set -o pipefail; set +o pipefail; a | b", [False, True, False, False]),
        ("set -- -o pipefail; a | b", [False, False, False]),
        # a subshell's options end with it
        ("(set -o pipefail; a | b); c | d", [False, True, True, False, False]),
        # each element of a pipeline is a subshell: its `set` changes nothing
        ("set -o pipefail | x; a | b", [False, False, False, False]),
        # a new shell starts with its own options
        ("set -o pipefail; sh -c 'a | b'", [False, False, False]),
        ("bash -o pipefail -c 'a | b'", [True, True]),
        ("bash -eo pipefail -c 'a | b'", [True, True]),
        ("bash -c 'set -o pipefail; a | b'", [False, True, True]),
        ("bash -eo pipefail <<EOF\na | b\nEOF\n", [True, True]),
    ],
)
def test_pipefail(backend: str, script: str, on: list[bool]) -> None:
    assert [c.pipefail for c in parse_commands(script)] == on


def test_pipefail_of_an_exec_form_shell() -> None:
    got = from_argv(["/bin/bash", "-o", "pipefail", "-c", "a | b"])
    assert [(c.name, c.pipefail, c.pipe_size) for c in got] == [("a", True, 2), ("b", True, 2)]
    assert [c.pipefail for c in from_argv(["sh", "-c", "a | b"])] == [False, False]
    assert parse_commands("a | b", pipefail=True)[0].pipefail


def test_an_argv_without_a_shell_keeps_the_default_place() -> None:
    (c,) = from_argv(["pip", "install", "x"])
    assert (c.pipeline, c.pipe_index, c.pipe_size, c.connector, c.nested, c.pipefail) == (
        0,
        0,
        1,
        "",
        0,
        False,
    )
    assert c.leads and not c.piped
    # and a SimpleCommand built by hand too
    assert SimpleCommand(("a",)).leads


def test_a_long_pipeline_is_placed_in_linear_work(backend: str) -> None:
    from tests.helpers import lines_run

    def count(n: int) -> int:
        script = " | ".join(["a"] * n) + "; set -o pipefail; " + " | ".join(["b"] * n)
        return lines_run((shell,), lambda: parse_commands(script))

    # (within MAX_GRAMMAR_OPERATORS, so that both sizes are read by the same tokenizer)
    small, large = count(30), count(240)
    assert large <= 9 * small, (small, large)
    got = parse_commands(" | ".join(["a"] * 3000))
    assert {c.pipe_size for c in got} == {3000}
    assert [c.pipe_index for c in got] == list(range(3000))


def test_a_pipeline_nested_under_redirects_is_flattened_in_linear_work() -> None:
    """`a | b 2>&1 | b 2>&1 | ...`: the grammar nests each prefix under a redirect; the
    elements are numbered once, from the outermost level."""
    from tests.helpers import lines_run

    def count(n: int) -> int:
        script = "a" + " | b 2>&1" * n
        return lines_run((shell,), lambda: parse_commands(script))

    small, large = count(20), count(160)
    assert large <= 9 * small, (small, large)
    got = parse_commands("a" + " | b 2>&1" * 160)
    assert [c.pipe_index for c in got] == list(range(161))
    assert {c.pipe_size for c in got} == {161}

"""Hypothesis strategies for Dockerfile-shaped text, shared by the property tests and
scripts/fuzz.py."""

from __future__ import annotations

from hypothesis import strategies as st

KEYWORDS = [
    "FROM", "RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "ENV", "ARG", "LABEL", "EXPOSE",
    "WORKDIR", "USER", "SHELL", "HEALTHCHECK", "ONBUILD", "VOLUME", "STOPSIGNAL", "MAINTAINER",
]  # fmt: skip
WORDS = [
    "python:3.11-slim", "python", "nvidia/cuda:12.1.0-devel-ubuntu22.04", "scratch", "base",
    "AS", "as", "gunicorn", "uvicorn", "-b", "--bind=127.0.0.1:8000", "0.0.0.0:9696",
    "--host", "pipenv", "install", "--deploy", "--system", "pip", "-r", "requirements.txt",
    "Pipfile", "Pipfile.lock", "poetry", "uv", "sync", "app:app", ".", "./", "/app", "app",
    "&&", "||", ";", "|", "sh", "-c", "bash", "-lc", "exec", "env", "PORT=8000", "$PORT",
    "${X:-y}", "${", "}", "[", "]", "\"", "'", "\\", "`", "#", "=", "--from=base",
    "--mount=type=bind,source=Pipfile.lock,target=/x", "--link", "--frob", "<<EOF", "<<-EOF",
    "<<'EOF'", "EOF", "CMD", "NONE", "streamlit", "run", "jupyter", "lab", "mlflow", "server",
    "8000-8010/tcp", "9696", "[bold]x[/]", "\x1b[31m", "\t", "é", "\u202e", "\x00",
]  # fmt: skip

words = st.sampled_from(WORDS) | st.text(max_size=8)
keyword = st.sampled_from(KEYWORDS).flatmap(
    lambda k: st.sampled_from([k, k.lower(), k.title()])
) | st.text(alphabet="ABCXYZabc{}", min_size=1, max_size=6)


@st.composite
def json_array(draw: st.DrawFn) -> str:
    items = draw(st.lists(words, max_size=4))
    body = ", ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in items)
    return draw(st.sampled_from([f"[{body}]", f"[{body}", f"['{body}']", f"[{body}, 1]"]))


@st.composite
def instruction(draw: st.DrawFn) -> str:
    kw = draw(keyword)
    args = draw(st.lists(words, max_size=6))
    if draw(st.booleans()) and kw.upper() in ("CMD", "ENTRYPOINT", "RUN", "SHELL", "COPY"):
        text = f"{kw} {draw(json_array())}"
    else:
        text = " ".join([kw, *args])
    # continuations, possibly with blank or comment lines inside
    pieces = draw(
        st.lists(st.sampled_from([" \\\n", " \\\n\n", " \\\n# c\n", "\\  \n"]), max_size=2)
    )
    for piece in pieces:
        text += piece + " ".join(draw(st.lists(words, max_size=3)))
    if draw(st.integers(0, 5)) == 0:
        name = draw(st.sampled_from(["EOF", "EOT", "END"]))
        body = "\n".join(draw(st.lists(st.text(max_size=12), max_size=3)))
        closed = draw(st.booleans())
        text = f"{kw} <<{name} {' '.join(args[:2])}\n{body}\n" + (name if closed else "")
    return text


@st.composite
def dockerfile_text(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += draw(st.lists(st.sampled_from(
            ["# syntax=docker/dockerfile:1", "# escape=`", "# escape=\\", "# check=skip=all"]
        ), max_size=2))  # fmt: skip
    lines += draw(st.lists(
        instruction() | st.sampled_from(["", "# comment", "   ", "\\"]) | st.text(max_size=20),
        max_size=12,
    ))  # fmt: skip
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


raw_text = st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace"))


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    """Brackets, quotes, substitutions and `sh -c` nested thousands deep: recursion bombs."""
    n = draw(st.integers(1, 5000))
    keyword = draw(st.sampled_from(["RUN", "CMD", "ENTRYPOINT", "ENV X=", "ARG Y=", "COPY"]))
    opener, closer = draw(
        st.sampled_from([("[", "]"), ('"', '"'), ("'", "'"), ("$(", ")"), ("${", "}"),
                         ("sh -c '", "'"), ("{", "}"), ("\\", "")])
    )  # fmt: skip
    return f"FROM python:3.12-slim\n{keyword} {opener * n}x{closer * n}\n"


any_text = dockerfile_text() | raw_text | st.text(max_size=200) | deep_nesting()


# -- hostile input, one strategy per class of issue 8 (tests/hostile/ has the fixed sizes) --


@st.composite
def expansion_bomb(draw: st.DrawFn) -> str:
    """ENV and ARG lines that double a value (or its unknown text) on every line."""
    keyword = draw(st.sampled_from(["ENV", "ARG"]))
    shape = draw(st.sampled_from(["$A$A", "${A}${A}", "${A:-$A$A}", "${A:+$A$A}", "x$A$A$U"]))
    lines = draw(st.integers(1, 80))
    head = draw(st.sampled_from(["", f"{keyword} A=x\n", "ARG A=xy\n"]))
    before_from = draw(st.booleans()) and keyword == "ARG"
    body = head + f"{keyword} A={shape}\n" * lines
    if before_from:
        return body + "FROM python:3.12-slim\nARG A\nRUN echo $A\n"
    return f"FROM python:3.12-slim\n{body}RUN echo $A\nCMD gunicorn -b $A app:app\n"


# Places where a regular expression reads user text, each with a hole for a long run.
RUN_CONTEXTS = [
    "# dockerlint-ml{}x", "# dockerlint-ml ignore={}DLM001", "# hadolint ignore={}",
    "# check=skip={}", "FROM python:3.12{}slim", "FROM {}", "FROM a{}b AS c",
    "RUN pip install{}-r requirements.txt", "RUN pipenv install{}--deploy", "CMD {}",
    "CMD [{}]", "ENTRYPOINT gunicorn --bind{}0.0.0.0:80 app:app", "EXPOSE {}",
    "COPY {} /app/", "ENV A={}", 'LABEL a="{}"', "CMD uvicorn app:app --host{}127.0.0.1",
    "CMD flask run --host={}", "WORKDIR {}", "USER {}", "HEALTHCHECK CMD {}",
]  # fmt: skip
RUN_CHARS = " \t[]{}()$=,-\"':/@\\.*0a_#;&|<>`"


@st.composite
def long_run(draw: st.DrawFn) -> str:
    """One line with a long run of the characters a regular expression may be weak on."""
    context = draw(st.sampled_from(RUN_CONTEXTS))
    chars = draw(st.text(alphabet=RUN_CHARS, min_size=1, max_size=3))
    run = chars * draw(st.integers(1, 8_000))
    return f"FROM python:3.12-slim\n{context.format(run)}\n"


@st.composite
def repeated_units(draw: st.DrawFn) -> str:
    """Hundreds of stages, copies and installs: passes that rescan earlier ones."""
    units = draw(st.lists(st.sampled_from([
        "FROM {prev} AS s{i}", "COPY . /app", "COPY --from=s{i} /a /b",
        "RUN pip install -r requirements.txt", "RUN pipenv install --deploy --system",
        "ENV V{i}=$V{prev}", "WORKDIR app{i}", "EXPOSE 80{i}",
    ]), min_size=1, max_size=4))  # fmt: skip
    count = draw(st.integers(1, 400))
    lines = ["FROM python:3.12-slim AS s0"]
    for i in range(1, count + 1):
        for unit in units:
            lines.append(unit.format(i=i, prev=f"s{i - 1}"))
    lines.append("CMD gunicorn app:app")
    return "\n".join(lines) + "\n"


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c\u202a\u202b\u202c\u202d\u202e"
INVISIBLE += "\u2066\u2067\u2068\u2069"


@st.composite
def invisible_characters(draw: st.DrawFn) -> str:
    """Bidi and zero-width characters inside the words findings quote back."""
    text = draw(dockerfile_text())
    marks = draw(st.lists(st.sampled_from(list(INVISIBLE)), min_size=1, max_size=4))
    picked = ["FROM python:latest", "CMD gunicorn -b 127.0.0.1:8000 app:app"]
    hidden = "".join(marks)
    picked = [line.replace(" ", " " + hidden, 1) if draw(st.booleans()) else line
              for line in picked]  # fmt: skip
    picked.insert(1, f"COPY {hidden} /")
    return text + "\n" + "\n".join(picked) + "\n"


hostile_text = expansion_bomb() | long_run() | repeated_units() | invisible_characters()

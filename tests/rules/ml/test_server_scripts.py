"""DLM009 and DLM010 on servers a `python X.py` start command starts, read from the script
in a build context written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlint_ml import lint_text
from tests.test_cli import write

HEAD = "FROM python:3.12-slim\nWORKDIR /app\nENV PYTHONUNBUFFERED=1\n"
FLASK = "from flask import Flask\napp = Flask(__name__)\n"


def _lint(root: Path, script: str, body: str) -> list[tuple[str, int]]:
    write(root, "predict.py", script)
    found = lint_text(HEAD + body, select=["DLM009", "DLM010"], context=str(root))
    return [(f.code, f.span.line) for f in found]


CMD = 'COPY predict.py ./\nCMD ["python", "predict.py"]\n'


@pytest.mark.parametrize(
    ("script", "body", "expected"),
    [
        # Flask's app.run(): 127.0.0.1:5000 unless told
        (FLASK + "app.run()\n", CMD, [("DLM009", 5)]),
        (FLASK + 'if __name__ == "__main__":\n    app.run(port=9696)\n', CMD, [("DLM009", 5)]),
        (FLASK + 'app.run("0.0.0.0", 9696)\n', "EXPOSE 9696\n" + CMD, []),
        (FLASK + 'app.run(host="0.0.0.0", port=9696)\n', "EXPOSE 8080\n" + CMD, [("DLM010", 6)]),
        # loopback and a port mismatch: one finding (DLM009 names the port too)
        (FLASK + "app.run(port=9696)\n", "EXPOSE 8080\n" + CMD, [("DLM009", 6)]),
        # the port from the environment, resolved from the stage's ENV
        (
            "import os\n" + FLASK + 'app.run(host="0.0.0.0", port=os.environ.get("PORT", 9696))\n',
            "ENV PORT=8080\nEXPOSE 8080\n" + CMD,
            [],
        ),
        (
            "import os\n" + FLASK + 'app.run(host="0.0.0.0", port=os.environ.get("PORT", 9696))\n',
            "EXPOSE 8080\n" + CMD,
            [("DLM010", 6)],
        ),
        (
            "import os\n" + FLASK + 'app.run(host="0.0.0.0", port=int(os.environ["PORT"]))\n',
            "EXPOSE 8080\n" + CMD,
            [],
        ),
        # uvicorn.run(), waitress.serve(), gradio
        ('import uvicorn\nuvicorn.run("main:app", port=8000)\n', CMD, [("DLM009", 5)]),
        ("from waitress import serve\nserve(app)\n", "EXPOSE 8080\n" + CMD, []),
        (
            "import gradio as gr\ngr.Interface(fn=len, inputs='text', outputs='text').launch()\n",
            CMD,
            [("DLM009", 5)],
        ),
        (
            "import gradio as gr\ndemo = gr.Blocks()\ndemo.launch()\n",
            "ENV GRADIO_SERVER_NAME=0.0.0.0\n" + CMD,
            [],
        ),
        # undecidable: computed, inside a function never called, Python 2, SERVER_NAME
        (
            "import argparse\n" + FLASK + "a = argparse.ArgumentParser().parse_args()\n"
            "app.run(host=a.host)\n",
            CMD,
            [],
        ),
        (FLASK + "def main():\n    app.run()\n", CMD, []),
        ('print "hello"\n' + FLASK + "app.run()\n", CMD, []),
        (FLASK + 'app.config["SERVER_NAME"] = "0.0.0.0:80"\napp.run()\n', CMD, []),
        # `python -m` runs the module as __main__; gunicorn imports it (no __main__)
        (
            FLASK + "app.run()\n",
            'COPY predict.py ./\nCMD ["python", "-m", "predict"]\n',
            [("DLM009", 5)],
        ),
        (
            FLASK + "app.run()\n",
            'COPY predict.py ./\nCMD ["gunicorn", "-b", ":80", "predict:app"]\n',
            [],
        ),
        # the script the image runs must be known: a glob, --from, no COPY
        (FLASK + "app.run()\n", 'COPY *.py ./\nCMD ["python", "predict.py"]\n', []),
        (FLASK + "app.run()\n", 'COPY --from=b /a ./\nCMD ["python", "predict.py"]\n', []),
        (FLASK + "app.run()\n", 'CMD ["python", "predict.py"]\n', []),
        # the whole context copied: the file is read where COPY . . takes it from
        (FLASK + "app.run()\n", 'COPY . .\nCMD ["python", "predict.py"]\n', [("DLM009", 5)]),
    ],
)
def test_cases(tmp_path: Path, script: str, body: str, expected: list[tuple[str, int]]) -> None:
    assert _lint(tmp_path, script, body) == expected


def test_messages(tmp_path: Path) -> None:
    write(tmp_path, "predict.py", FLASK + 'if __name__ == "__main__":\n    app.run(port=9696)\n')
    found = lint_text(HEAD + "EXPOSE 9696\n" + CMD, select=["DLM009"], context=str(tmp_path))
    assert [(f.anchor.line, f.message, f.fix) for f in found] == [
        (
            6,
            "app.run() in predict.py listens only on 127.0.0.1:9696 (app.run() at"
            " predict.py:4 without host), a loopback address that nothing outside the"
            " container can reach.",
            'Listen on all interfaces: pass `host="0.0.0.0"` to app.run() in predict.py.',
        )
    ]


def test_without_a_context_the_script_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "predict.py", FLASK + "app.run()\n")
    assert lint_text(HEAD + CMD, select=["DLM009", "DLM010"]) == []
    assert lint_text(HEAD + CMD, select=["DLM009"], context=str(tmp_path)) != []


def test_an_unreadable_script_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The tests run as root, who reads any file: the refusal is simulated where the
    # context reads files.
    import dockerlint_ml.facts.context as context_module

    def refuse(path: object, *args: object, **kw: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    write(tmp_path, "predict.py", FLASK + "app.run()\n")
    monkeypatch.setattr(context_module, "read_regular_file", refuse)
    assert lint_text(HEAD + CMD, select=["DLM009", "DLM010"], context=str(tmp_path)) == []

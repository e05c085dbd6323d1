"""The servers a Python script starts, read with `ast` and never run."""

from __future__ import annotations

import sys

import pytest

from dockerlint_ml.facts import script_servers as module
from dockerlint_ml.facts.script_servers import ScriptServer, ScriptValue, script_servers
from tests.helpers import dedent

Field = tuple[str, str | int | None, str | None]
Row = tuple[str, str, int, Field, Field]


def servers(source: str) -> list[Row] | None:
    """(framework, call, line, (kind, value, env) of host, of port) of each server."""
    found = script_servers(dedent(source))
    if found is None:
        return None
    return [
        (
            s.framework,
            s.call,
            s.line,
            (s.host.kind, s.host.value, s.host.env),
            (s.port.kind, s.port.value, s.port.env),
        )
        for s in found
    ]


LIT_ALL = ("literal", "0.0.0.0", None)
FLASK_HOST = ("default", "127.0.0.1", None)
FLASK_PORT = ("default", 5000, None)
UVICORN_HOST = ("default", "127.0.0.1", None)
UVICORN_PORT = ("default", 8000, None)
WAITRESS_HOST = ("default", "0.0.0.0", None)
WAITRESS_PORT = ("default", 8080, None)
GRADIO_HOST = ("default", "127.0.0.1", "GRADIO_SERVER_NAME")
GRADIO_PORT = ("default", 7860, "GRADIO_SERVER_PORT")
COMPUTED = ("computed", None, None)

FLASK = "from flask import Flask\napp = Flask(__name__)\n"

CASES: list[tuple[str, str, list[Row] | None]] = [
    # --- Flask: spellings of host and port
    (
        "flask keywords in the main guard",
        FLASK + 'if __name__ == "__main__":\n    app.run(host="0.0.0.0", port=9696)\n',
        [("flask", "app.run()", 4, LIT_ALL, ("literal", 9696, None))],
    ),
    (
        "flask positional host and port",
        FLASK + 'app.run("0.0.0.0", 9696, True)\n',
        [("flask", "app.run()", 3, LIT_ALL, ("literal", 9696, None))],
    ),
    (
        "flask defaults",
        FLASK + "app.run(debug=True)\n",
        [("flask", "app.run()", 3, FLASK_HOST, FLASK_PORT)],
    ),
    (
        "flask port as a string is kept as written",
        FLASK + 'app.run(port="9696")\n',
        [("flask", "app.run()", 3, FLASK_HOST, ("literal", "9696", None))],
    ),
    (
        "flask host=None and host='' mean the default",
        FLASK + 'app.run(host=None, port=None)\napp.run(host="")\n',
        [
            ("flask", "app.run()", 3, FLASK_HOST, FLASK_PORT),
            ("flask", "app.run()", 4, FLASK_HOST, FLASK_PORT),
        ],
    ),
    (
        "flask port=0 is a literal",
        FLASK + "app.run(port=0)\n",
        [("flask", "app.run()", 3, FLASK_HOST, ("literal", 0, None))],
    ),
    (
        "flask chained on the constructor",
        'import flask\nflask.Flask(__name__).run(host="0.0.0.0")\n',
        [("flask", "flask.Flask(...).run()", 2, LIT_ALL, FLASK_PORT)],
    ),
    (
        "import flask as f",
        'import flask as f\napp = f.Flask(__name__)\napp.run(host="0.0.0.0")\n',
        [("flask", "app.run()", 3, LIT_ALL, FLASK_PORT)],
    ),
    (
        "from flask import Flask as F, other app name",
        "from flask import Flask as F\napplication = F(__name__)\napplication.run()\n",
        [("flask", "application.run()", 3, FLASK_HOST, FLASK_PORT)],
    ),
    (
        "flask app from a factory is not known to be Flask",
        "from app import create_app\napp = create_app()\napp.run(host='0.0.0.0')\n",
        [],
    ),
    (
        "flask app from a local factory is not followed either",
        FLASK + "def create_app():\n    return Flask(__name__)\napp2 = create_app()\napp2.run()\n",
        [],
    ),
    (
        "flask app imported from a module",
        "from service import app\napp.run(host='0.0.0.0', port=5000)\n",
        [],
    ),
    (
        "flask app reassigned (wrapped) is not known",
        FLASK + "app = Middleware(app)\napp.run()\n",
        [],
    ),
    (
        "flask run twice: positional and keyword host is a TypeError",
        FLASK + 'app.run("0.0.0.0", host="0.0.0.0")\n',
        [],
    ),
    (
        "flask-socketio is another server",
        FLASK + "from flask_socketio import SocketIO\nsocketio = SocketIO(app)\n"
        "socketio.run(app, host='0.0.0.0')\n",
        [],
    ),
    # --- Flask: SERVER_NAME makes the defaults undecidable, explicit values stay
    (
        "SERVER_NAME set by subscript",
        FLASK + 'app.config["SERVER_NAME"] = "localhost:8000"\napp.run()\n',
        [("flask", "app.run()", 4, COMPUTED, COMPUTED)],
    ),
    (
        "SERVER_NAME set by config.update keyword, explicit port kept",
        FLASK + 'app.config.update(SERVER_NAME="x:1")\napp.run(port=9696)\n',
        [("flask", "app.run()", 4, COMPUTED, ("literal", 9696, None))],
    ),
    (
        "config loaded from an object",
        FLASK + 'app.config.from_object("settings")\napp.run(host="0.0.0.0")\n',
        [("flask", "app.run()", 4, LIT_ALL, COMPUTED)],
    ),
    (
        "config.update with a name may hold SERVER_NAME",
        FLASK + "app.config.update(SETTINGS)\napp.run()\n",
        [("flask", "app.run()", 4, COMPUTED, COMPUTED)],
    ),
    (
        "config.update with a literal dict without SERVER_NAME is harmless",
        FLASK + 'app.config.update({"DEBUG": True})\napp.config["DEBUG"] = True\napp.run()\n',
        [("flask", "app.run()", 5, FLASK_HOST, FLASK_PORT)],
    ),
    # --- values: environment, module constants, computed
    (
        "env through a module constant with int()",
        """
        import os
        from flask import Flask
        PORT = int(os.environ.get("PORT", 5000))
        app = Flask(__name__)
        app.run(host="0.0.0.0", port=PORT)
        """,
        [("flask", "app.run()", 5, LIT_ALL, ("env", 5000, "PORT"))],
    ),
    (
        "env forms",
        """
        import os
        import uvicorn
        uvicorn.run(app, host=os.environ.get("HOST", "0.0.0.0"), port=os.environ["PORT"])
        uvicorn.run(app, host=os.getenv("HOST"), port=int(os.getenv("PORT", "9696")))
        uvicorn.run(app, port=os.getenv("PORT", "9696"))
        uvicorn.run(app, port=int(os.environ["PORT"]))
        uvicorn.run(app, port=os.getenv("PORT", default=9696))
        uvicorn.run(app, port=int(os.environ.get("PORT", "nine")))
        """,
        [
            ("uvicorn", "uvicorn.run()", 3, ("env", "0.0.0.0", "HOST"), ("env", None, "PORT")),
            ("uvicorn", "uvicorn.run()", 4, ("env", None, "HOST"), ("env", 9696, "PORT")),
            ("uvicorn", "uvicorn.run()", 5, UVICORN_HOST, ("env", "9696", "PORT")),
            ("uvicorn", "uvicorn.run()", 6, UVICORN_HOST, ("env", None, "PORT")),
            ("uvicorn", "uvicorn.run()", 7, UVICORN_HOST, ("env", 9696, "PORT")),
            ("uvicorn", "uvicorn.run()", 8, UVICORN_HOST, ("env", None, "PORT")),
        ],
    ),
    (
        "from os import environ, getenv; import os as o",
        """
        from os import environ, getenv
        import os as o
        from waitress import serve
        serve(app, host=environ.get("HOST", "0.0.0.0"), port=getenv("PORT", 8080))
        serve(app, port=int(o.environ.get("PORT", 8080)))
        serve(app, port=environ["PORT"])
        """,
        [
            ("waitress", "serve()", 4, ("env", "0.0.0.0", "HOST"), ("env", 8080, "PORT")),
            ("waitress", "serve()", 5, WAITRESS_HOST, ("env", 8080, "PORT")),
            ("waitress", "serve()", 6, WAITRESS_HOST, ("env", None, "PORT")),
        ],
    ),
    (
        "env default through a constant",
        """
        import os, uvicorn
        DEFAULT_PORT = 8080
        PORT = int(os.getenv("PORT", DEFAULT_PORT))
        uvicorn.run("main:app", port=PORT)
        """,
        [("uvicorn", "uvicorn.run()", 4, UVICORN_HOST, ("env", 8080, "PORT"))],
    ),
    (
        "env with a computed name or default",
        """
        import os, uvicorn
        uvicorn.run(app, host=os.getenv(NAME, "0.0.0.0"), port=os.getenv("PORT", base + 1))
        """,
        [("uvicorn", "uvicorn.run()", 2, COMPUTED, ("env", None, "PORT"))],
    ),
    (
        "os not imported: not the environment",
        "import uvicorn\nuvicorn.run(app, port=os.getenv('PORT', 1))\n",
        [("uvicorn", "uvicorn.run()", 2, UVICORN_HOST, COMPUTED)],
    ),
    (
        "argparse values are computed",
        """
        import argparse
        import uvicorn
        parser = argparse.ArgumentParser()
        parser.add_argument("--port", type=int, default=8000)
        args = parser.parse_args()
        uvicorn.run(app, host=args.host, port=args.port)
        """,
        [("uvicorn", "uvicorn.run()", 6, COMPUTED, COMPUTED)],
    ),
    (
        "f-strings, arithmetic and calls are computed",
        """
        import uvicorn
        uvicorn.run(app, host=f"{PREFIX}.0.0.1", port=8000 + 1)
        uvicorn.run(app, host=pick_host(), port=int("9696"))
        """,
        [
            ("uvicorn", "uvicorn.run()", 2, COMPUTED, COMPUTED),
            ("uvicorn", "uvicorn.run()", 3, COMPUTED, ("literal", 9696, None)),
        ],
    ),
    (
        "**kwargs and *args are computed",
        FLASK + 'app.run(**options)\napp.run(*address)\napp.run("0.0.0.0", *rest)\n',
        [
            ("flask", "app.run()", 3, COMPUTED, COMPUTED),
            ("flask", "app.run()", 4, COMPUTED, COMPUTED),
            ("flask", "app.run()", 5, LIT_ALL, COMPUTED),
        ],
    ),
    (
        "a name bound twice, in a branch, a loop, unpacked, or by a walrus is computed",
        """
        import uvicorn
        A = 1
        A = 2
        if x:
            B = 3
        for C in range(2):
            pass
        D, E = "0.0.0.0", 4
        (F := 5)
        uvicorn.run(app, host=D, port=A)
        uvicorn.run(app, port=B)
        uvicorn.run(app, port=C)
        uvicorn.run(app, port=F)
        """,
        [
            ("uvicorn", "uvicorn.run()", 10, COMPUTED, COMPUTED),
            ("uvicorn", "uvicorn.run()", 11, UVICORN_HOST, COMPUTED),
            ("uvicorn", "uvicorn.run()", 12, UVICORN_HOST, COMPUTED),
            ("uvicorn", "uvicorn.run()", 13, UVICORN_HOST, COMPUTED),
        ],
    ),
    (
        "a module name some function declares global is computed",
        """
        import uvicorn
        PORT = 8000
        def configure():
            global PORT
            PORT = 9000
        configure()
        uvicorn.run(app, port=PORT)
        """,
        [("uvicorn", "uvicorn.run()", 7, UVICORN_HOST, COMPUTED)],
    ),
    (
        "int shadowed is not the builtin",
        "import uvicorn\nint = str\nuvicorn.run(app, port=int('80'))\n",
        [("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, COMPUTED)],
    ),
    (
        "bool and float constants are computed",
        "import uvicorn\nuvicorn.run(app, host=True, port=80.0)\n",
        [("uvicorn", "uvicorn.run()", 2, COMPUTED, COMPUTED)],
    ),
    # --- where the call is
    (
        "inside a function that is not called",
        FLASK + 'def serve_forever():\n    app.run(host="0.0.0.0")\n',
        [],
    ),
    (
        "a main() defined and called from the guard is followed one level",
        """
        import os
        import uvicorn
        def main():
            port = int(os.getenv("PORT", "8000"))
            uvicorn.run("app:app", host="0.0.0.0", port=port)
        if __name__ == "__main__":
            main()
        """,
        [("uvicorn", "uvicorn.run()", 5, LIT_ALL, ("env", 8000, "PORT"))],
    ),
    (
        "sys.exit(main()) is followed, main's own calls are not",
        """
        import sys, uvicorn
        def start():
            uvicorn.run(app, port=1)
        def main():
            start()
            uvicorn.run(app, port=2)
        if __name__ == "__main__":
            sys.exit(main())
        """,
        [("uvicorn", "uvicorn.run()", 6, UVICORN_HOST, ("literal", 2, None))],
    ),
    (
        "a function called twice is reported once",
        "import uvicorn\ndef main():\n    uvicorn.run(app)\nmain()\nmain()\n",
        [("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, UVICORN_PORT)],
    ),
    (
        "parameters of the followed function are computed",
        "import uvicorn\ndef main(port=8000):\n    uvicorn.run(app, port=port)\nmain()\n",
        [("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, COMPUTED)],
    ),
    (
        "a decorated or async main is not followed",
        """
        import click, uvicorn
        @click.command()
        def main():
            uvicorn.run(app)
        async def amain():
            uvicorn.run(app)
        main()
        amain()
        """,
        [],
    ),
    (
        "a class body does not count",
        "import uvicorn\nclass Server:\n    uvicorn.run(app)\n",
        [],
    ),
    (
        "reversed main guard",
        FLASK + 'if "__main__" == __name__:\n    app.run(port=8080)\n',
        [("flask", "app.run()", 4, FLASK_HOST, ("literal", 8080, None))],
    ),
    (
        "the guard's else and other branches are not read",
        FLASK + "if __name__ == '__main__':\n    pass\nelse:\n    app.run()\n"
        "if DEBUG:\n    app.run()\nelse:\n    app.run(host='0.0.0.0')\n",
        [],
    ),
    (
        "a guard that is not exactly the main guard",
        FLASK + "if __name__ == '__main__' and ok:\n    app.run()\n",
        [],
    ),
    (
        "with and try bodies, else and finally count; except handlers do not",
        """
        import uvicorn
        with open("x"):
            uvicorn.run(app, port=1)
        try:
            uvicorn.run(app, port=2)
        except ImportError:
            uvicorn.run(app, port=3)
        else:
            uvicorn.run(app, port=4)
        finally:
            uvicorn.run(app, port=5)
        while True:
            uvicorn.run(app, port=6)
        """,
        [
            ("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, ("literal", 1, None)),
            ("uvicorn", "uvicorn.run()", 5, UVICORN_HOST, ("literal", 2, None)),
            ("uvicorn", "uvicorn.run()", 9, UVICORN_HOST, ("literal", 4, None)),
            ("uvicorn", "uvicorn.run()", 11, UVICORN_HOST, ("literal", 5, None)),
        ],
    ),
    (
        "an import inside try with a fallback binding is ambiguous",
        "try:\n    import uvicorn\nexcept ImportError:\n    uvicorn = None\nuvicorn.run(app)\n",
        [],
    ),
    (
        "nothing after raise, return, sys.exit() runs",
        """
        import sys, uvicorn
        def main():
            uvicorn.run(app, port=1)
            return 0
            uvicorn.run(app, port=2)
        if __name__ == "__main__":
            raise SystemExit(main())
        uvicorn.run(app, port=3)
        """,
        [("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, ("literal", 1, None))],
    ),
    (
        "sys.exit() stops the script",
        "import sys, uvicorn\nsys.exit(0)\nuvicorn.run(app)\n",
        [],
    ),
    (
        "exit() stops the script unless exit is rebound",
        "import uvicorn\nexit()\nuvicorn.run(app)\n",
        [],
    ),
    (
        "a rebound exit is an ordinary call",
        "import uvicorn\nfrom helpers import exit\nexit()\nuvicorn.run(app)\n",
        [("uvicorn", "uvicorn.run()", 4, UVICORN_HOST, UVICORN_PORT)],
    ),
    (
        "servers are listed in order",
        """
        import threading, uvicorn
        from waitress import serve
        uvicorn.run("a:app", port=8001)
        serve(app, port=8002)
        """,
        [
            ("uvicorn", "uvicorn.run()", 3, UVICORN_HOST, ("literal", 8001, None)),
            ("waitress", "serve()", 4, WAITRESS_HOST, ("literal", 8002, None)),
        ],
    ),
    # --- uvicorn
    (
        "uvicorn defaults, from uvicorn import run, alias",
        """
        from uvicorn import run
        import uvicorn as uv
        run("main:app")
        uv.run(app, host="0.0.0.0", port=80, reload=True)
        """,
        [
            ("uvicorn", "run()", 3, UVICORN_HOST, UVICORN_PORT),
            ("uvicorn", "uv.run()", 4, LIT_ALL, ("literal", 80, None)),
        ],
    ),
    (
        "uvicorn with uds= or fd= is not TCP; uds=None is",
        """
        import uvicorn
        uvicorn.run(app, uds="/tmp/app.sock")
        uvicorn.run(app, fd=3)
        uvicorn.run(app, uds=os.getenv("SOCK"))
        uvicorn.run(app, uds=None, port=8000)
        """,
        [("uvicorn", "uvicorn.run()", 5, UVICORN_HOST, ("literal", 8000, None))],
    ),
    (
        "uvicorn host=None binds all interfaces through asyncio: computed",
        "import uvicorn\nuvicorn.run(app, host=None)\n",
        [("uvicorn", "uvicorn.run()", 2, COMPUTED, UVICORN_PORT)],
    ),
    (
        "uvicorn positional host is a TypeError",
        "import uvicorn\nuvicorn.run(app, '0.0.0.0')\n",
        [],
    ),
    (
        "uvicorn.Server(Config(...)) is not recognised",
        "import uvicorn\nuvicorn.Server(uvicorn.Config(app, host='0.0.0.0')).run()\n",
        [],
    ),
    # --- waitress
    (
        "waitress defaults and host only",
        """
        import waitress
        waitress.serve(app)
        waitress.serve(app, host="127.0.0.1")
        """,
        [
            ("waitress", "waitress.serve()", 2, WAITRESS_HOST, WAITRESS_PORT),
            ("waitress", "waitress.serve()", 3, ("literal", "127.0.0.1", None), WAITRESS_PORT),
        ],
    ),
    (
        "waitress listen with one entry",
        """
        from waitress import serve
        serve(app, listen="127.0.0.1:9696")
        serve(app, listen="*:8080")
        serve(app, listen="[::1]:8081")
        serve(app, listen="0.0.0.0")
        serve(app, listen=" localhost:http ")
        """,
        [
            ("waitress", "serve()", 2, ("literal", "127.0.0.1", None), ("literal", 9696, None)),
            ("waitress", "serve()", 3, ("literal", "*", None), ("literal", 8080, None)),
            ("waitress", "serve()", 4, ("literal", "::1", None), ("literal", 8081, None)),
            ("waitress", "serve()", 5, LIT_ALL, WAITRESS_PORT),
            ("waitress", "serve()", 6, ("literal", "localhost", None), COMPUTED),
        ],
    ),
    (
        "waitress listen through a constant; from the environment it is computed",
        """
        import os
        from waitress import serve
        LISTEN = "*:9000"
        serve(app, listen=LISTEN)
        serve(app, listen=os.getenv("LISTEN", "*:9000"))
        """,
        [
            ("waitress", "serve()", 4, ("literal", "*", None), ("literal", 9000, None)),
            ("waitress", "serve()", 5, COMPUTED, COMPUTED),
        ],
    ),
    (
        "waitress: several listen entries, unix_socket, sockets, listen with port: skipped",
        """
        from waitress import serve
        serve(app, listen="127.0.0.1:8080 [::1]:8080")
        serve(app, unix_socket="/tmp/w.sock")
        serve(app, sockets=[sock])
        serve(app, listen="*:8080", port=8080)
        """,
        [],
    ),
    (
        "waitress: a second positional or **kw",
        "from waitress import serve\nserve(app, opts)\nserve(app, **conf)\nserve(*a)\n",
        [
            ("waitress", "serve()", 2, COMPUTED, COMPUTED),
            ("waitress", "serve()", 3, COMPUTED, COMPUTED),
            ("waitress", "serve()", 4, COMPUTED, COMPUTED),
        ],
    ),
    # --- gradio
    (
        "gradio Blocks in a with statement",
        """
        import gradio as gr
        with gr.Blocks() as demo:
            gr.Markdown("hi")
        demo.launch(server_name="0.0.0.0")
        """,
        [("gradio", "demo.launch()", 4, LIT_ALL, GRADIO_PORT)],
    ),
    (
        "gradio chained Interface spanning lines",
        """
        import gradio as gr
        gr.Interface(
            fn=f, inputs="text", outputs="text"
        ).launch()
        """,
        [("gradio", "gr.Interface(...).launch()", 4, GRADIO_HOST, GRADIO_PORT)],
    ),
    (
        "gradio Interface, ChatInterface, TabbedInterface, queue() chains",
        """
        import gradio
        import os
        a = gradio.Interface(fn=f, inputs="text", outputs="text")
        b = gradio.ChatInterface(fn=f).queue()
        c = gradio.TabbedInterface([a, b])
        a.launch(server_port=int(os.environ.get("PORT", 7861)))
        b.launch(server_name=os.getenv("GRADIO_SERVER_NAME", "0.0.0.0"))
        c.queue(max_size=5).launch(server_name="127.0.0.1", server_port=7000)
        """,
        [
            ("gradio", "a.launch()", 6, GRADIO_HOST, ("env", 7861, "PORT")),
            (
                "gradio",
                "b.launch()",
                7,
                ("env", "0.0.0.0", "GRADIO_SERVER_NAME"),
                GRADIO_PORT,
            ),
            (
                "gradio",
                "c.queue(...).launch()",
                8,
                ("literal", "127.0.0.1", None),
                ("literal", 7000, None),
            ),
        ],
    ),
    (
        "from gradio import Blocks; with demo: after assignment",
        """
        from gradio import Blocks
        demo = Blocks()
        with demo:
            pass
        if __name__ == "__main__":
            demo.launch(server_name=None, server_port=None)
        """,
        [("gradio", "demo.launch()", 6, GRADIO_HOST, GRADIO_PORT)],
    ),
    (
        "gradio positional arguments: 10 reach server_name, 11 server_port",
        """
        import gradio as gr
        demo = gr.Interface(f, "text", "text")
        demo.launch(None, False, False, False, 40, None, None, False, False)
        demo.launch(None, False, False, False, 40, None, None, False, False, "0.0.0.0")
        demo.launch(None, False, False, False, 40, None, None, False, False, "x", 1)
        demo.launch(*launch_args)
        demo.launch(**launch_kwargs)
        """,
        [
            ("gradio", "demo.launch()", 3, GRADIO_HOST, GRADIO_PORT),
            ("gradio", "demo.launch()", 4, COMPUTED, GRADIO_PORT),
            ("gradio", "demo.launch()", 5, COMPUTED, COMPUTED),
            ("gradio", "demo.launch()", 6, COMPUTED, COMPUTED),
            ("gradio", "demo.launch()", 7, COMPUTED, COMPUTED),
        ],
    ),
    (
        "gradio with server-side rendering puts a Node server in front",
        """
        import gradio as gr
        demo = gr.Blocks()
        demo.launch(server_name="0.0.0.0", ssr_mode=True)
        demo.launch(server_name="0.0.0.0", ssr_mode=False)
        """,
        [
            ("gradio", "demo.launch()", 3, COMPUTED, COMPUTED),
            ("gradio", "demo.launch()", 4, LIT_ALL, GRADIO_PORT),
        ],
    ),
    (
        "gradio object not known to be gradio",
        "import gradio as gr\ndemo = build_ui()\ndemo.launch(server_name='0.0.0.0')\n"
        "gr.load('models/x').launch()\n",
        [],
    ),
    # --- undecidable scripts and empty results
    ("empty file", "", []),
    ("no server", "import os\nprint(os.getcwd())\n", []),
    ("Python 2 print statement", 'print "x"\n', None),
    ("a null byte", "x = 1\0\n", None),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_script_servers(source: str, expected: list[Row] | None) -> None:
    assert servers(source) == expected


def test_values_keep_line_and_source_text() -> None:
    source = dedent(
        """
        import os
        from flask import Flask
        app = Flask(__name__)
        if __name__ == "__main__":
            app.run(
                host="0.0.0.0",
                port=int(os.environ.get("PORT", 9696)),
            )
        """
    )
    assert script_servers(source) == (
        ScriptServer(
            framework="flask",
            call="app.run()",
            line=5,
            host=ScriptValue("literal", "0.0.0.0", None, 6, '"0.0.0.0"'),
            port=ScriptValue("env", 9696, "PORT", 7, 'int(os.environ.get("PORT", 9696))'),
        ),
    )


def test_default_points_at_the_call() -> None:
    found = script_servers("import uvicorn\n\nuvicorn.run(app, **kw)\n")
    assert found is not None
    assert found[0].host == ScriptValue("computed", None, None, 3, "**kw")
    found = script_servers("import uvicorn\n\nuvicorn.run(app)\n")
    assert found is not None
    assert found[0].port == ScriptValue("default", 8000, None, 3, "")


def test_source_text_with_non_ascii_and_crlf() -> None:
    source = 'import uvicorn\r\n# é\r\nuvicorn.run("é:app", host="ñ", port=1)\r\n'
    found = script_servers(source)
    assert found is not None
    assert (found[0].line, found[0].host.text, found[0].host.line) == (3, '"ñ"', 3)


def test_a_byte_order_mark_is_skipped() -> None:
    found = script_servers('\ufeffimport uvicorn\nuvicorn.run(app, host="0.0.0.0")\n')
    assert found is not None
    assert (found[0].line, found[0].host.value, found[0].host.text) == (2, "0.0.0.0", '"0.0.0.0"')


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="PEP 695 syntax parses from 3.12")
def test_newer_syntax_is_undecidable() -> None:
    assert script_servers("type Port = int\n") is None


@pytest.mark.parametrize(
    "source",
    [
        "(" * 200_000,
        "1+" * 30_000 + "1",
        "a" + ".b" * 100_000,
        "-" * 100_000 + "1",
    ],
    ids=["parentheses", "sum", "attributes", "unary"],
)
def test_deeply_nested_code_is_undecidable(source: str) -> None:
    assert script_servers(source) is None


def test_too_many_nodes_is_undecidable(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "import uvicorn\n" + "x = 1\n" * 50 + "uvicorn.run(app)\n"
    assert script_servers(source) is not None
    module._script_servers.cache_clear()
    monkeypatch.setattr(module, "MAX_NODES", 100)
    assert script_servers(source) is None
    module._script_servers.cache_clear()


def test_too_long_is_undecidable() -> None:
    source = "import uvicorn\nuvicorn.run(app)\n"
    assert script_servers(source + "#" * module.MAX_SOURCE) is None


def test_script_is_never_run() -> None:
    # Code that would fail, or write a file, if executed: only parsed.
    source = (
        "import uvicorn\nimport nonexistent_module_for_this_test\n"
        "open('/nonexistent/dir/file', 'w').write('x')\nuvicorn.run(app)\n"
    )
    assert servers(source) == [("uvicorn", "uvicorn.run()", 4, UVICORN_HOST, UVICORN_PORT)]

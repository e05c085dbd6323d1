"""The servers a Python script starts, read statically: `CMD ["python", "predict.py"]`.

The script's text is parsed with `ast.parse` and only walked: nothing is imported, compiled
to code or run. `script_servers` returns None when the script is undecidable as a whole (it
does not parse with this interpreter's Python 3 grammar, it is over MAX_SOURCE characters,
or its tree has over MAX_NODES nodes), and an empty tuple when no known server call runs.

## What runs

The statements of the module and of `if __name__ == "__main__":` (also written
`"__main__" == __name__`), and inside those the bodies of `with`, `try` (its `else` and
`finally` too): they run whenever the script runs as `python script.py`. Not read: the
branches of any other `if`, `except` handlers, loops and `match` cases (which one runs is
decided at run time, and a server in the branch not taken must not be judged), the guard's
`else`, class bodies and lambdas.

A function body is read one level deep when a statement that runs calls it by name, as
`main()`, `sys.exit(main())` or `raise SystemExit(main())`: a plain undecorated `def`, bound
once at module level. Its own calls are not followed, and a function called several times is
reported once. Servers are listed in the order they would start. Reading stops at a `raise`,
`return`, `sys.exit()`, `os._exit()`, `exit()` or `quit()` that runs: nothing after it does.
Other exceptions are not modelled (a call that raises would stop the script too).

## Names

A name resolves to its value only when the module (or the followed function) binds it
exactly once, by a plain `NAME = value` (or `with ... as NAME`) that runs unconditionally,
and no function declares it `global`: `PORT = int(os.environ.get("PORT", 5000))` then
`app.run(port=PORT)` is an environment value. A name bound twice, in a loop or branch, by
tuple unpacking, by a walrus or as a parameter is computed. Imports bind names the same way
(`import flask as f`, `from waitress import serve`); `from x import *` binds nothing we see.
Dynamic bindings (`globals()[...]`, `exec`) are not modelled.

## Values

`ScriptValue.kind` is "literal" (a str or int constant, maybe through a name), "env"
(`os.environ.get(NAME[, DEFAULT])`, `os.getenv(NAME[, DEFAULT])`, `os.environ[NAME]`, with a
literal NAME, maybe in `int(...)`), "default" (the argument is not given, or given as a
value the framework reads as not given, e.g. `host=None` for Flask), or "computed" (anything
else: f-strings, arithmetic, calls, `args.port`, `*args`/`**kwargs`, a default that config
may change). For "env", `value` is what the argument is when the variable is unset: the
literal default (converted when wrapped in `int()`), or None when there is none or it is not
a literal. Literal ports are kept as written (`port="8080"` stays a str), except that a
waitress `listen` port is read as an int.

## Frameworks and their defaults (checked against each library's own source)

- Flask: `X.run(host, port)` where X is bound to `flask.Flask(...)`, or `Flask(...).run()`.
  Default 127.0.0.1:5000. Flask takes both from `app.config["SERVER_NAME"]` when it is set,
  so when the script mentions the string "SERVER_NAME", loads config from elsewhere
  (`config.from_object`/`from_pyfile`/`from_envvar`/`from_file`/`from_prefixed_env`/
  `from_mapping`, `config.update(non-literal)`) or reassigns `app.config`, the defaults are
  "computed" (explicit arguments still win in Flask, so they are kept). An app from a factory
  (`app = create_app()`) or imported from a module is not known to be Flask: not reported.
  flask-socketio's `socketio.run(app)` is another server: not reported. `app.run()` does
  nothing under `flask run` (FLASK_RUN_FROM_CLI), which is not `python script.py`.
  https://github.com/pallets/flask/blob/main/src/flask/app.py (Flask.run; checked in Flask
  3.1.3), https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run
- uvicorn: `uvicorn.run(app, *, host, port)` (also `from uvicorn import run`), keyword-only;
  default 127.0.0.1:8000. With `uds=` or `fd=` it does not listen on TCP: not reported. The
  UVICORN_HOST/UVICORN_PORT variables belong to the CLI, not to `run()`.
  https://github.com/Kludex/uvicorn/blob/main/uvicorn/main.py (run),
  https://github.com/Kludex/uvicorn/blob/main/uvicorn/config.py (Config)
- waitress: `waitress.serve(app, host=, port=, listen=)`; default 0.0.0.0:8080 (all IPv4
  interfaces). `listen="HOST:PORT"` with one entry is split like waitress does (rsplit on
  ":", brackets stripped, `*` kept as written: all interfaces, IPv4 and IPv6; no port means
  8080); several entries, `listen` with `host`/`port` (a ValueError), `unix_socket=` or
  `sockets=`: not reported. Any second positional argument makes both computed.
  https://github.com/Pylons/waitress/blob/main/src/waitress/adjustments.py (Adjustments),
  https://docs.pylonsproject.org/projects/waitress/en/stable/arguments.html
- gradio: `X.launch(server_name=, server_port=)` where X is bound to `gr.Interface(...)`,
  `gr.Blocks(...)` (also `with gr.Blocks() as demo:`), `gr.ChatInterface(...)` or
  `gr.TabbedInterface(...)`, maybe through `.queue()` (which returns the same object), or the
  chained `gr.Interface(...).launch()`. `launch` takes server_name/server_port positionally at
  indexes 9/10 in gradio 4-5 but 10/11 in gradio 3 (which had `enable_queue`), so ten or more
  positional arguments make the host, eleven or more the port, computed. Default: kind
  "default", host "127.0.0.1" unless GRADIO_SERVER_NAME is set, port 7860 unless
  GRADIO_SERVER_PORT is set (`env` names the variable for the caller to resolve); without
  `server_port` gradio takes the first free port from there within GRADIO_NUM_PORTS (100),
  which in a fresh container is the first. We found no other automatic 0.0.0.0 in gradio's
  `launch`/`start_server` (nothing for Docker or SYSTEM=spaces): a platform that serves a
  plain `launch()` on all interfaces must do it through these variables, and those a
  platform or `docker run -e` sets are not in the Dockerfile. With server-side rendering
  (`ssr_mode=True`; also GRADIO_SSR_MODE=true, which only the caller can see) recent gradio
  starts a Node server in front that reads GRADIO_NODE_SERVER_NAME first: `ssr_mode=`
  other than False/None makes both computed. `share=True` adds a public tunnel, not a bind.
  https://github.com/gradio-app/gradio/blob/main/gradio/http_server.py (LOCALHOST_NAME,
  INITIAL_PORT_VALUE, start_server), https://github.com/gradio-app/gradio/blob/main/gradio/
  blocks.py (Blocks.launch, queue), https://www.gradio.app/guides/environment-variables
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# The caller reads at most 1 MiB; a longer text is not a server script anyway.
MAX_SOURCE = 1 << 20
# Bounds the work on hostile input; a server script is a few thousand nodes.
MAX_NODES = 100_000
# Name -> name -> ... chains and `.queue()` chains: deeper ones are computed (also ends cycles).
_MAX_DEPTH = 8

_FLASK_CLASSES = frozenset({"flask.Flask", "flask.app.Flask"})
_GRADIO_CLASSES = frozenset(
    {
        "gradio.Interface",
        "gradio.Blocks",
        "gradio.ChatInterface",
        "gradio.TabbedInterface",
        "gradio.interface.Interface",
        "gradio.interface.TabbedInterface",
        "gradio.blocks.Blocks",
        "gradio.chat_interface.ChatInterface",
    }
)
# Blocks methods that return the Blocks itself, so `demo.queue().launch()` launches demo.
_GRADIO_SELF_METHODS = frozenset({"queue"})
_UVICORN_RUN = frozenset({"uvicorn.run", "uvicorn.main.run"})
_WAITRESS_SERVE = frozenset({"waitress.serve"})
_ENV_GET = frozenset({"os.getenv", "os.environ.get"})
# Flask config loaders: they may set SERVER_NAME from something the script does not show.
_FLASK_CONFIG_LOADERS = frozenset(
    {"from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env", "from_mapping"}
)
# Line ends as Python's tokenizer counts them (not str.splitlines', which adds \f, \x1c...).
_LINE_BREAK = re.compile(r"\r\n?|\n")

_TRY_NODES: tuple[type[ast.stmt], ...] = tuple(
    t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t is not None
)


@dataclass(frozen=True, slots=True)
class ScriptValue:
    """Where a server listens, as the script says it: one of host and port."""

    kind: str  # "literal", "env", "default" or "computed"
    # The literal; for "env" the value when the variable is unset (None: no literal default);
    # for "default" the framework's default; None for "computed".
    value: str | int | None
    # The variable for "env"; for "default", the variable the framework reads first (gradio).
    env: str | None
    line: int  # 1-based line of the argument (of the call for "default")
    text: str  # the argument's source text; "" for "default"


@dataclass(frozen=True, slots=True)
class ScriptServer:
    """A server the script starts."""

    framework: str  # "flask", "uvicorn", "waitress", "gradio"
    call: str  # as messages name it: "app.run()", "uvicorn.run()", "demo.launch()"
    line: int
    host: ScriptValue
    port: ScriptValue


@dataclass(frozen=True, slots=True)
class _Default:
    host: str
    port: int
    host_env: str | None = None
    port_env: str | None = None


_DEFAULTS = {
    "flask": _Default("127.0.0.1", 5000),
    "uvicorn": _Default("127.0.0.1", 8000),
    "waitress": _Default("0.0.0.0", 8080),
    "gradio": _Default("127.0.0.1", 7860, "GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT"),
}


def script_servers(source: str) -> tuple[ScriptServer, ...] | None:
    """The servers `source` starts when run as a script, in order; None when undecidable."""
    if len(source) > MAX_SOURCE:
        return None
    # Python itself skips a UTF-8 BOM (Windows editors write one); ast.parse on text does not.
    return _script_servers(source.removeprefix("\ufeff"))


@lru_cache(maxsize=16)
def _script_servers(source: str) -> tuple[ScriptServer, ...] | None:
    # Cached: DLM009 and DLM010 both ask about the same script.
    try:
        with warnings.catch_warnings():
            # `"\d"` in the script is a SyntaxWarning for its author, not for us.
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    try:
        facts = _tree_facts(tree)
        if facts is None:
            return None
        return _Reader(source, tree, facts).servers()
    except (RecursionError, MemoryError):
        return None


# --- whole-tree facts -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    # Names some function declares `global`, or a walrus binds: never resolved.
    unresolvable: frozenset[str]
    # The script may set Flask's SERVER_NAME where we cannot see it.
    flask_config: bool


def _tree_facts(tree: ast.Module) -> _Facts | None:
    """One iterative pass (deep trees must not recurse): size cap, odd bindings, Flask config."""
    unresolvable: set[str] = set()
    flask_config = False
    for count, node in enumerate(ast.walk(tree), 1):
        if count > MAX_NODES:
            return None
        if isinstance(node, ast.Global):
            unresolvable.update(node.names)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            unresolvable.add(node.target.id)
        elif not flask_config:
            flask_config = _sets_flask_config(node)
    return _Facts(frozenset(unresolvable), flask_config)


def _sets_flask_config(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == "SERVER_NAME"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        attr = node.func.attr
        if attr in _FLASK_CONFIG_LOADERS:
            return True
        receiver = node.func.value
        if attr in ("update", "setdefault") and _is_config(receiver):
            return any(not _literal_dict(a) for a in node.args) or any(
                k.arg is None or k.arg == "SERVER_NAME" for k in node.keywords
            )
        return False
    if isinstance(node, ast.Attribute):
        return node.attr == "config" and isinstance(node.ctx, (ast.Store, ast.Del))
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
        key = node.slice
        return _is_config(node.value) and not (
            isinstance(key, ast.Constant) and isinstance(key.value, str)
        )
    return False


def _is_config(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "config"


def _literal_dict(node: ast.expr) -> bool:
    # A `{**other}` entry has no key: it may hold SERVER_NAME.
    return isinstance(node, ast.Dict) and all(k is not None for k in node.keys)


# --- scopes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Binding:
    # "value": NAME = node; "with": with node as NAME; "import": qualified;
    # "def": a followable function; "other": anything we do not resolve.
    kind: str
    node: ast.AST | None = None
    qualified: str | None = None


_OTHER = _Binding("other")


class _Scope:
    """The names a module or followed function binds, each with all its bindings."""

    __slots__ = ("_bindings", "_globals", "_parent")

    def __init__(
        self,
        bindings: dict[str, list[_Binding]],
        parent: _Scope | None = None,
        globals_: frozenset[str] = frozenset(),
    ) -> None:
        self._bindings = bindings
        self._parent = parent
        self._globals = globals_

    def lookup(self, name: str) -> tuple[_Binding, _Scope] | None:
        """The single binding of `name` and the scope it lives in; None if not exactly one."""
        scope: _Scope | None = self
        while scope is not None:
            if name in scope._globals and scope._parent is not None:
                scope = scope._parent
                continue
            entries = scope._bindings.get(name)
            if entries is not None:
                if len(entries) == 1 and entries[0].kind != "other":
                    return entries[0], scope
                return None
            scope = scope._parent
        return None

    def unbound(self, name: str) -> bool:
        """Whether no scope binds `name`, so that it is the builtin (`int`)."""
        scope: _Scope | None = self
        while scope is not None:
            if name in scope._bindings:
                return False
            scope = scope._parent
        return True


def _add(out: dict[str, list[_Binding]], name: str, binding: _Binding) -> None:
    entries = out.setdefault(name, [])
    # `import os` twice is one binding: the same module either way.
    if binding.kind == "import" and binding in entries:
        return
    entries.append(binding)


def _target_names(target: ast.expr) -> Iterator[str]:
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, (ast.Tuple, ast.List)):
            stack.extend(node.elts)
        elif isinstance(node, ast.Starred):
            stack.append(node.value)


def _collect(
    stmts: Sequence[ast.stmt],
    out: dict[str, list[_Binding]],
    globals_: set[str],
    conditional: bool,
) -> None:
    """Record every binding the statements make in their own scope (not in nested defs).

    Recursion is over statement nesting only, which the parser caps at 100 levels.
    """
    for stmt in stmts:
        if isinstance(stmt, ast.FunctionDef) and not conditional and not stmt.decorator_list:
            _add(out, stmt.name, _Binding("def", stmt))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            _add(out, stmt.name, _OTHER)
        elif isinstance(stmt, ast.Assign):
            simple = not conditional and all(isinstance(t, ast.Name) for t in stmt.targets)
            for target in stmt.targets:
                for name in _target_names(target):
                    _add(out, name, _Binding("value", stmt.value) if simple else _OTHER)
        elif isinstance(stmt, ast.AnnAssign):
            # `x: int` alone binds nothing.
            if isinstance(stmt.target, ast.Name) and stmt.value is not None:
                simple = not conditional
                _add(out, stmt.target.id, _Binding("value", stmt.value) if simple else _OTHER)
        elif isinstance(stmt, ast.AugAssign):
            for name in _target_names(stmt.target):
                _add(out, name, _OTHER)
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                for name in _target_names(target):
                    _add(out, name, _OTHER)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                head = alias.name.split(".", 1)[0]
                name = alias.asname or head
                qualified = alias.name if alias.asname else head
                _add(out, name, _OTHER if conditional else _Binding("import", None, qualified))
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                if alias.name == "*":
                    continue
                name = alias.asname or alias.name
                if stmt.level or not stmt.module or conditional:
                    _add(out, name, _OTHER)  # a relative import names a local module
                else:
                    _add(out, name, _Binding("import", None, f"{stmt.module}.{alias.name}"))
        elif isinstance(stmt, ast.If):
            if _is_main_guard(stmt.test):
                _collect(stmt.body, out, globals_, conditional)
            else:
                _collect(stmt.body, out, globals_, True)
            _collect(stmt.orelse, out, globals_, True)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is None:
                    continue
                var = item.optional_vars
                if isinstance(var, ast.Name) and not conditional:
                    # The `as` value is what __enter__ returns: only gradio's Blocks is known
                    # to return itself, so this binding is read by the gradio check alone.
                    _add(out, var.id, _Binding("with", item.context_expr))
                else:
                    for name in _target_names(var):
                        _add(out, name, _OTHER)
            _collect(stmt.body, out, globals_, conditional)
        elif isinstance(stmt, _TRY_NODES):
            _collect(stmt.body, out, globals_, conditional)  # type: ignore[attr-defined]
            _collect(stmt.orelse, out, globals_, conditional)  # type: ignore[attr-defined]
            _collect(stmt.finalbody, out, globals_, conditional)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    _add(out, handler.name, _OTHER)
                _collect(handler.body, out, globals_, True)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            for name in _target_names(stmt.target):
                _add(out, name, _OTHER)
            _collect(stmt.body, out, globals_, True)
            _collect(stmt.orelse, out, globals_, True)
        elif isinstance(stmt, ast.While):
            _collect(stmt.body, out, globals_, True)
            _collect(stmt.orelse, out, globals_, True)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                for node in ast.walk(case.pattern):
                    capture = getattr(node, "name", None) or getattr(node, "rest", None)
                    if isinstance(capture, str):
                        _add(out, capture, _OTHER)
                _collect(case.body, out, globals_, True)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal)):
            globals_.update(stmt.names)


def _module_scope(tree: ast.Module, facts: _Facts) -> _Scope:
    bindings: dict[str, list[_Binding]] = {}
    _collect(tree.body, bindings, set(), False)
    for name in facts.unresolvable:
        _add(bindings, name, _OTHER)
    return _Scope(bindings)


def _function_scope(fn: ast.FunctionDef, module: _Scope, facts: _Facts) -> _Scope:
    bindings: dict[str, list[_Binding]] = {}
    args = fn.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            _add(bindings, arg.arg, _OTHER)
    globals_: set[str] = set()
    _collect(fn.body, bindings, globals_, False)
    for name in facts.unresolvable - globals_:
        _add(bindings, name, _OTHER)
    return _Scope(bindings, module, frozenset(globals_))


# --- statements that run --------------------------------------------------------------------


def _is_main_guard(test: ast.expr) -> bool:
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and len(test.comparators) == 1
    ):
        return False
    sides = (test.left, test.comparators[0])
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    mains = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(mains) == 1


def _executed(stmts: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run whenever these do (see the module docstring)."""
    for stmt in stmts:
        if isinstance(stmt, ast.If):
            if _is_main_guard(stmt.test):
                yield from _executed(stmt.body)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            yield from _executed(stmt.body)
        elif isinstance(stmt, _TRY_NODES):
            yield from _executed(stmt.body)  # type: ignore[attr-defined]
            yield from _executed(stmt.orelse)  # type: ignore[attr-defined]
            yield from _executed(stmt.finalbody)  # type: ignore[attr-defined]
        elif not isinstance(
            stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Match, ast.ClassDef)
        ):
            yield stmt


def _statement_calls(stmt: ast.stmt) -> tuple[ast.Call, ...]:
    """The calls a statement makes for sure: its value, and the single argument of that
    call when it is a call itself (`sys.exit(main())`)."""
    value: ast.expr | None = None
    if isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return)):
        value = stmt.value
    elif isinstance(stmt, ast.Raise):
        value = stmt.exc
    if not isinstance(value, ast.Call):
        return ()
    if len(value.args) == 1 and not value.keywords and isinstance(value.args[0], ast.Call):
        return value, value.args[0]
    return (value,)


# --- reading the calls ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Val:
    kind: str
    value: str | int | None = None
    env: str | None = None


_COMPUTED = _Val("computed")


@dataclass(frozen=True, slots=True)
class _Arg:
    # "given" (node is the value), "absent", "unknown" (`*args`/`**kwargs` may set it),
    # "conflict" (given twice: the call raises TypeError).
    state: str
    node: ast.AST | None = None


_ABSENT = _Arg("absent")


def _argument(call: ast.Call, index: int | None, name: str) -> _Arg:
    """Parameter `name` (positional at `index` too, when not None) of the call."""
    positional: ast.AST | None = None
    starred: ast.AST | None = None
    if index is not None:
        for i, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                starred = arg
                break
            if i == index:
                positional = arg
                break
    for keyword in call.keywords:
        if keyword.arg == name:
            if positional is not None:
                return _Arg("conflict")
            if starred is not None:
                return _Arg("unknown", starred)
            return _Arg("given", keyword.value)
    if positional is not None:
        return _Arg("given", positional)
    if starred is not None:
        return _Arg("unknown", starred)
    for keyword in call.keywords:
        if keyword.arg is None:
            return _Arg("unknown", keyword)
    return _ABSENT


def _qualified(node: ast.expr, scope: _Scope) -> str | None:
    """`uvicorn.run` -> "uvicorn.run" through the imports; None when not import-bound."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    found = scope.lookup(node.id)
    if found is None or found[0].kind != "import" or found[0].qualified is None:
        return None
    return ".".join([found[0].qualified, *reversed(parts)])


def _call_name(func: ast.expr) -> str:
    """How messages name a call: "app.run()", "gr.Interface(...).launch()"."""
    pieces = ["()"]
    node: ast.expr = func
    for _ in range(_MAX_DEPTH):
        if isinstance(node, ast.Attribute):
            pieces.append("." + node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            pieces.append("()" if not node.args and not node.keywords else "(...)")
            node = node.func
        elif isinstance(node, ast.Name):
            pieces.append(node.id)
            return "".join(reversed(pieces))
        else:
            break
    pieces.append("…")
    return "".join(reversed(pieces))


def _as_int(value: str | int | None) -> int | None:
    """What `int(value)` gives, or None when it raises."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and len(value) <= 64:
        try:
            return int(value)
        except ValueError:
            return None
    return None


class _Source:
    """Source segments by AST position, with each line encoded once (columns are UTF-8)."""

    __slots__ = ("_encoded", "_lines")

    def __init__(self, source: str) -> None:
        self._lines = _LINE_BREAK.split(source)
        self._encoded: dict[int, bytes] = {}

    def _line(self, index: int) -> bytes:
        data = self._encoded.get(index)
        if data is None:
            data = self._lines[index].encode("utf-8", "surrogatepass")
            self._encoded[index] = data
        return data

    def segment(self, node: ast.AST) -> str:
        start = getattr(node, "lineno", None)
        end = getattr(node, "end_lineno", None)
        col = getattr(node, "col_offset", None)
        end_col = getattr(node, "end_col_offset", None)
        if start is None or end is None or col is None or end_col is None:
            return ""
        if not 1 <= start <= end <= len(self._lines):
            return ""
        if start == end:
            data = self._line(start - 1)[col:end_col]
        else:
            parts = [self._line(start - 1)[col:]]
            parts.extend(self._line(i) for i in range(start, end - 1))
            parts.append(self._line(end - 1)[:end_col])
            data = b"\n".join(parts)
        return data.decode("utf-8", "replace")


class _Reader:
    def __init__(self, source: str, tree: ast.Module, facts: _Facts) -> None:
        self._source = _Source(source)
        self._tree = tree
        self._facts = facts
        self._module = _module_scope(tree, facts)
        self._out: list[ScriptServer] = []
        self._seen: set[int] = set()
        self._followed: set[int] = set()

    def servers(self) -> tuple[ScriptServer, ...]:
        self._read(self._tree.body, self._module, follow=True)
        return tuple(self._out)

    def _read(self, stmts: Sequence[ast.stmt], scope: _Scope, follow: bool) -> None:
        for stmt in _executed(stmts):
            for call in _statement_calls(stmt):
                if id(call) in self._seen:
                    continue
                self._seen.add(id(call))
                server = self._server(call, scope)
                if server is not None:
                    self._out.append(server)
                elif follow:
                    fn = self._followable(call, scope)
                    if fn is not None and id(fn) not in self._followed:
                        self._followed.add(id(fn))
                        local = _function_scope(fn, self._module, self._facts)
                        self._read(fn.body, local, follow=False)
            if _terminates(stmt, scope):
                # Nothing after it runs (an except or finally might: silence is the safe side).
                break

    def _followable(self, call: ast.Call, scope: _Scope) -> ast.FunctionDef | None:
        if not isinstance(call.func, ast.Name):
            return None
        found = scope.lookup(call.func.id)
        if found is None or found[0].kind != "def":
            return None
        fn = found[0].node
        return fn if isinstance(fn, ast.FunctionDef) else None

    # -- which server ----------------------------------------------------------------------

    def _server(self, call: ast.Call, scope: _Scope) -> ScriptServer | None:
        func = call.func
        if isinstance(func, ast.Attribute):
            if func.attr == "run" and self._is_flask_app(func.value, scope):
                return self._flask(call, scope)
            if func.attr == "launch" and self._is_gradio_app(func.value, scope):
                return self._gradio(call, scope)
        qualified = _qualified(func, scope)
        if qualified in _UVICORN_RUN:
            return self._uvicorn(call, scope)
        if qualified in _WAITRESS_SERVE:
            return self._waitress(call, scope)
        return None

    def _is_flask_app(self, node: ast.expr, scope: _Scope) -> bool:
        for _ in range(_MAX_DEPTH):
            if isinstance(node, ast.Name):
                found = scope.lookup(node.id)
                if found is None or found[0].kind != "value":
                    return False
                binding, scope = found
                if not isinstance(binding.node, ast.expr):
                    return False
                node = binding.node
            elif isinstance(node, ast.Call):
                return _qualified(node.func, scope) in _FLASK_CLASSES
            else:
                return False
        return False

    def _is_gradio_app(self, node: ast.expr, scope: _Scope) -> bool:
        for _ in range(_MAX_DEPTH):
            if isinstance(node, ast.Name):
                found = scope.lookup(node.id)
                if found is None or found[0].kind not in ("value", "with"):
                    return False
                binding, scope = found
                if not isinstance(binding.node, ast.expr):
                    return False
                node = binding.node
            elif isinstance(node, ast.Call):
                if _qualified(node.func, scope) in _GRADIO_CLASSES:
                    return True
                func = node.func
                if not (isinstance(func, ast.Attribute) and func.attr in _GRADIO_SELF_METHODS):
                    return False
                node = func.value
            else:
                return False
        return False

    # -- each framework --------------------------------------------------------------------

    def _flask(self, call: ast.Call, scope: _Scope) -> ScriptServer | None:
        # Flask.run(host=None, port=None, debug=None, load_dotenv=True, **options)
        host = _argument(call, 0, "host")
        port = _argument(call, 1, "port")
        if "conflict" in (host.state, port.state):
            return None
        # `if not host:` / `if port or port == 0:` in Flask.run: these mean "not given".
        return self._make(call, scope, "flask", host, port, ("", None), (None,))

    def _uvicorn(self, call: ast.Call, scope: _Scope) -> ScriptServer | None:
        # run(app, *, host="127.0.0.1", port=8000, uds=None, fd=None, ...)
        for keyword in call.keywords:
            if keyword.arg in ("uds", "fd") and not _is_none(keyword.value):
                return None  # a Unix socket or an inherited descriptor, not a TCP bind
        if sum(1 for a in call.args if not isinstance(a, ast.Starred)) > 1:
            return None  # TypeError: host and port are keyword-only
        host = _argument(call, None, "host")
        port = _argument(call, None, "port")
        return self._make(call, scope, "uvicorn", host, port, (), ())

    def _waitress(self, call: ast.Call, scope: _Scope) -> ScriptServer | None:
        # serve(app, **kw); Adjustments raise ValueError for listen with host/port.
        keywords = {k.arg: k for k in call.keywords if k.arg is not None}
        if "unix_socket" in keywords or "sockets" in keywords:
            return None
        if "listen" in keywords and ("host" in keywords or "port" in keywords):
            return None
        starred = next((a for a in call.args if isinstance(a, ast.Starred)), None)
        if starred is not None or len(call.args) > 1:
            # Another positional (`opts` in waitress's development branch) may set anything.
            unknown = _Arg("unknown", starred if starred is not None else call.args[1])
            return self._make(call, scope, "waitress", unknown, unknown, (), ())
        if "listen" in keywords:
            return self._waitress_listen(call, scope, keywords["listen"].value)
        host = _argument(call, None, "host")
        port = _argument(call, None, "port")
        return self._make(call, scope, "waitress", host, port, (), ())

    def _waitress_listen(
        self, call: ast.Call, scope: _Scope, node: ast.expr
    ) -> ScriptServer | None:
        val = self._resolve(node, scope, 0)
        line, text = node.lineno, self._source.segment(node)
        if val.kind != "literal" or not isinstance(val.value, str):
            computed = ScriptValue("computed", None, None, line, text)
            return self._server_record(call, "waitress", computed, computed)
        # waitress's aslist: lines, then words.
        entries = [w for chunk in val.value.splitlines() for w in chunk.split()]
        if len(entries) != 1:
            return None
        entry = entries[0]
        port_text: str | None = None
        host_text = entry
        if ":" in entry:
            host_text, port_text = entry.rsplit(":", 1)
            if "]" in port_text:  # `[::1]` alone: the colon was the address's own
                host_text, port_text = entry, None
        if "[" in host_text and "]" in host_text:
            host_text = host_text.strip("[").rstrip("]")
        host = ScriptValue("literal", host_text, None, line, text)
        if port_text is None:
            port = ScriptValue("default", _DEFAULTS["waitress"].port, None, _call_line(call), "")
        else:
            number = _as_int(port_text)
            # A service name (`*:http`) is looked up by getaddrinfo at run time.
            kind = "literal" if number is not None else "computed"
            port = ScriptValue(kind, number, None, line, text)
        return self._server_record(call, "waitress", host, port)

    def _gradio(self, call: ast.Call, scope: _Scope) -> ScriptServer | None:
        # launch(inline, inbrowser, share, debug, max_threads, auth, auth_message,
        #        prevent_thread_lock, show_error, server_name, server_port, *, ...) in 4-5;
        # gradio 3 had enable_queue after debug, moving both one place right.
        starred = next((a for a in call.args if isinstance(a, ast.Starred)), None)
        count = len(call.args)
        host = _argument(call, None, "server_name")
        port = _argument(call, None, "server_port")
        if starred is not None or count >= 10:
            host = _Arg("unknown", starred or call.args[9])
        if starred is not None or count >= 11:
            port = _Arg("unknown", starred or call.args[10])
        for keyword in call.keywords:
            if keyword.arg == "ssr_mode" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value in (False, None)
            ):
                host = port = _Arg("unknown", keyword)
        # `server_name or LOCALHOST_NAME`; `[server_port] if server_port is not None`.
        return self._make(call, scope, "gradio", host, port, ("", None), (None,))

    # -- values ----------------------------------------------------------------------------

    def _make(
        self,
        call: ast.Call,
        scope: _Scope,
        framework: str,
        host: _Arg,
        port: _Arg,
        host_unset: tuple[str | None, ...],
        port_unset: tuple[str | None, ...],
    ) -> ScriptServer:
        default = _DEFAULTS[framework]
        # Flask reads SERVER_NAME for what is not given: undecidable when config may set it.
        undecided = framework == "flask" and self._facts.flask_config
        host_value = self._value(
            call, scope, host, host_unset, default.host, default.host_env, undecided
        )
        port_value = self._value(
            call, scope, port, port_unset, default.port, default.port_env, undecided
        )
        return self._server_record(call, framework, host_value, port_value)

    def _server_record(
        self, call: ast.Call, framework: str, host: ScriptValue, port: ScriptValue
    ) -> ScriptServer:
        return ScriptServer(framework, _call_name(call.func), _call_line(call), host, port)

    def _value(
        self,
        call: ast.Call,
        scope: _Scope,
        arg: _Arg,
        unset: tuple[str | None, ...],
        default: str | int,
        default_env: str | None,
        undecided: bool,
    ) -> ScriptValue:
        def fallback() -> ScriptValue:
            if undecided:
                return ScriptValue("computed", None, None, _call_line(call), "")
            return ScriptValue("default", default, default_env, _call_line(call), "")

        if arg.state == "absent":
            return fallback()
        node = arg.node
        line = getattr(node, "lineno", call.lineno)
        text = self._source.segment(node) if node is not None else ""
        if arg.state != "given" or not isinstance(node, ast.expr):
            return ScriptValue("computed", None, None, line, text)
        val = self._resolve(node, scope, 0)
        if val.kind == "literal":
            if val.value in unset:
                return fallback()
            if val.value is None:
                # uvicorn binds all interfaces for host=None, waitress fails: not judged.
                return ScriptValue("computed", None, None, line, text)
            return ScriptValue("literal", val.value, None, line, text)
        if val.kind == "env":
            return ScriptValue("env", val.value, val.env, line, text)
        return ScriptValue("computed", None, None, line, text)

    def _resolve(self, node: ast.expr, scope: _Scope, depth: int) -> _Val:
        """A literal, an environment value, or computed. Bounded by _MAX_DEPTH."""
        if depth > _MAX_DEPTH:
            return _COMPUTED
        if isinstance(node, ast.Constant):
            value = node.value
            if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)):
                return _Val("literal", value)
            return _COMPUTED
        if isinstance(node, ast.Name):
            found = scope.lookup(node.id)
            if found is None or found[0].kind != "value":
                return _COMPUTED
            binding, where = found
            if not isinstance(binding.node, ast.expr):
                return _COMPUTED
            return self._resolve(binding.node, where, depth + 1)
        if isinstance(node, ast.Subscript):
            key = node.slice
            if (
                isinstance(node.ctx, ast.Load)
                and isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and _qualified(node.value, scope) == "os.environ"
            ):
                return _Val("env", None, key.value)
            return _COMPUTED
        if isinstance(node, ast.Call):
            if _is_int_call(node, scope):
                inner = self._resolve(node.args[0], scope, depth + 1)
                if inner.kind == "literal":
                    number = _as_int(inner.value)
                    return _COMPUTED if number is None else _Val("literal", number)
                if inner.kind == "env":
                    return _Val("env", _as_int(inner.value), inner.env)
                return _COMPUTED
            return self._env_call(node, scope, depth)
        return _COMPUTED

    def _env_call(self, call: ast.Call, scope: _Scope, depth: int) -> _Val:
        # os.getenv(key, default=None); os.environ.get(key, default=None) (Mapping.get).
        if _qualified(call.func, scope) not in _ENV_GET:
            return _COMPUTED
        if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > 2:
            return _COMPUTED
        keywords = {k.arg: k.value for k in call.keywords}
        if None in keywords or set(keywords) - {"key", "default"}:
            return _COMPUTED
        names = ["key", "default"][: len(call.args)]
        if any(name in keywords for name in names):
            return _COMPUTED  # given twice: TypeError
        given = dict(zip(names, call.args, strict=False))
        given.update((k, v) for k, v in keywords.items() if k is not None)
        key = given.get("key")
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return _COMPUTED
        default_node = given.get("default")
        value: str | int | None = None
        if default_node is not None:
            default = self._resolve(default_node, scope, depth + 1)
            if default.kind == "literal":
                value = default.value
        return _Val("env", value, key.value)


def _terminates(stmt: ast.stmt, scope: _Scope) -> bool:
    """`raise`, `return`, `sys.exit(...)`, `os._exit(...)`, `exit()`, `quit()`."""
    if isinstance(stmt, (ast.Raise, ast.Return)):
        return True
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return False
    func = stmt.value.func
    if isinstance(func, ast.Name) and func.id in ("exit", "quit"):
        return scope.unbound(func.id)
    return _qualified(func, scope) in ("sys.exit", "os._exit")


def _call_line(call: ast.Call) -> int:
    func = call.func
    if isinstance(func, ast.Attribute) and func.end_lineno is not None:
        return func.end_lineno  # `gr.Interface(\n...\n).launch()`: the launch line
    return call.lineno


def _is_int_call(node: ast.Call, scope: _Scope) -> bool:
    return (
        isinstance(node.func, ast.Name)
        and node.func.id == "int"
        and scope.unbound("int")
        and len(node.args) == 1
        and not isinstance(node.args[0], ast.Starred)
        and not node.keywords
    )


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


__all__ = ["MAX_NODES", "MAX_SOURCE", "ScriptServer", "ScriptValue", "script_servers"]

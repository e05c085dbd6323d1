"""The package's layers (ARCHITECTURE.md, "Layout"): each package imports only from those
below it, so nothing downstream reaches back upstream. Every import statement counts,
including those inside functions and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dockerlint_ml"

# Bottom to top; a module may import from its own layer and from the layers before it.
LAYERS = ("dockerfile", "facts", "engine", "rules", "run", "reporters")
# Modules above every layer: the command line, the Python API, the plugin API and the
# documented aliases of the first releases.
TOP = frozenset({"cli", "__init__", "__main__", "plugin", "model", "rule"})

# The exceptions, each with its reason.
ALLOWED = {
    ("engine.registry", "rules"): "the built-in rules are loaded when a registry is built,"
    " as a plugin's rule set is",
}


def _layer(module: str) -> int:
    """The rank of a module path relative to the package (`facts.shell` -> 1)."""
    head = module.split(".", 1)[0]
    if head in TOP:
        return len(LAYERS)
    return LAYERS.index(head)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module relative to the package) for each dockerlint_ml import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "dockerlint_ml":
                # `from dockerlint_ml import __version__` reads the package's own namespace,
                # which every import of a submodule loads anyway; modules named so do count.
                names = [f"dockerlint_ml.{a.name}" for a in node.names if _is_module(a.name)]
            else:
                names = [node.module]
        for name in names:
            if name.startswith("dockerlint_ml."):
                found.append((node.lineno, name.removeprefix("dockerlint_ml.")))
    return found


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def test_every_module_is_in_a_layer() -> None:
    for path in _modules():
        name = _name(path)
        assert name.split(".", 1)[0] in (*LAYERS, *TOP), f"{name} is in no layer"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_imports_go_down(path: Path) -> None:
    importer = _name(path)
    upward = []
    for line, imported in _imports(path):
        if imported.split(".", 1)[0] not in (*LAYERS, *TOP):
            upward.append(f"{importer}:{line} imports dockerlint_ml.{imported}, in no layer")
            continue
        if _layer(imported) <= _layer(importer) or (importer, imported) in ALLOWED:
            continue
        upward.append(f"{importer}:{line} imports dockerlint_ml.{imported} from a layer above")
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "def f():\n    from dockerlint_ml.run.config import load\n"
        "from dockerlint_ml import cli, __version__\nimport os\n",
        encoding="utf-8",
    )
    assert sorted(_imports(source)) == [(2, "run.config"), (3, "cli")]
    assert _layer("run.config") > _layer("facts.shell")
    assert _layer("cli") > _layer("reporters.plain")


def test_exceptions_are_still_needed() -> None:
    for importer, imported in ALLOWED:
        path = PACKAGE / Path(*importer.split(".")).with_suffix(".py")
        assert any(i == imported for _, i in _imports(path)), (importer, imported)

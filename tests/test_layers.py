"""The package's layers, and the direction of its arrows (issue 17).

``colossus`` is in folders, one a layer, from the bottom up: ``inputs`` (paths, parameters,
facts, reported quarters), ``model`` (the formulas), ``words`` (the wording and the
formatting of the numbers), ``figures`` (the charts and their exports), ``pages`` (one page
model a chapter) and ``book`` (the pipeline that builds, prints and measures the book).
A module may import its own layer and the layers below it, never one above: this test
reads every import of every module, including those inside functions, and fails on an
arrow that points up.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import colossus

LAYERS = ["inputs", "model", "words", "figures", "pages", "book"]
PACKAGE = Path(colossus.__file__).parent
#: The largest a module may grow (issue 17): past this, split it by concern.
MAX_LINES = 600


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "colossus" and parts[1] in LAYERS else None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every ``colossus`` module ``path`` imports, with the line, resolving relative imports."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(rel.parts[:-1]) if path.name != "__init__.py" else list(rel.parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("colossus")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("colossus"):
                continue
            # ``from colossus.model import offset`` imports colossus.model.offset
            names = [f"{target}.{a.name}" for a in node.names] if layer_of(target) and target.count(".") == 1 else [target]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args \
                and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("colossus"):
            found.append((node.lineno, node.args[0].value))
    return found


def test_every_module_is_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"modules outside the layer folders: {loose}"
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_arrows_point_down(path):
    own = path.relative_to(PACKAGE).parts[0]
    up = [(line, target) for line, target in imports_of(path)
          if layer_of(target) and LAYERS.index(layer_of(target)) > LAYERS.index(own)]
    assert up == [], f"{path.relative_to(PACKAGE)} imports a layer above its own ({own}): {up}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_600_lines(path):
    n = len(path.read_text().splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {n} lines"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The direction test can fail: an import of ``book`` from ``model`` is found, inside a
    function, relative or absolute."""
    fake = PACKAGE / "model" / "_probe_never_committed.py"
    fake.write_text("def f():\n    from ..book import build\n    import colossus.words.report\n")
    try:
        targets = [t for _, t in imports_of(fake)]
    finally:
        fake.unlink()
    assert targets == ["colossus.book.build", "colossus.words.report"]


def test_every_layer_imports():
    for name in LAYERS:
        pkg = importlib.import_module(f"colossus.{name}")
        for info in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"colossus.{name}.{info.name}")

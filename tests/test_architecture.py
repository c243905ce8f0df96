"""The import graph, read from the source with ``ast`` (every import statement, at the top of a
module or inside a function, and ``import_module("…")`` with a literal name):

- the core at the bottom: ``kiosk/`` imports nothing of ``screens/``, ``sync/``, ``server/`` or
  the composition root ``digiquartier.py``, and no Kivy; ``sync/`` nothing of ``screens/``,
  ``server/`` or ``digiquartier``; ``screens/`` nothing of ``sync/``, ``server/`` or
  ``digiquartier`` (the sync service is handed in);
- no import cycle between modules (counting the imports that run: not those under
  ``if TYPE_CHECKING:``), and none between the top-level packages (``tests`` uses ``bench``,
  never the other way round).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The project's own top-level packages and modules whose imports are read.
ROOTS = ("kiosk", "sync", "screens", "server", "bench", "tests", "digiquartier.py")
#: Folders below the roots that hold no project modules.
SKIP = {"__pycache__", "locale", "migrations"}

#: layer -> what it must never import (a module or package name and everything below it)
FORBIDDEN = {
    "kiosk": ("screens", "sync", "server", "dqserver", "digiquartier", "kivy"),
    "sync": ("screens", "server", "dqserver", "digiquartier"),
    "screens": ("sync", "server", "dqserver", "digiquartier"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[0] == "server":  # Django runs with server/ on the path: `dqserver.…`
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for root in ROOTS:
        top = REPO / root
        paths = [top] if top.is_file() else top.rglob("*.py")
        for path in paths:
            if SKIP.isdisjoint(path.relative_to(REPO).parts):
                files[module_name(path)] = path
    return files


MODULES = source_files()


def is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def typing_only(tree: ast.AST) -> set[ast.AST]:
    """The nodes under ``if TYPE_CHECKING:``: imports for type hints, never run."""
    return {inner for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", getattr(
                node.test, "attr", None)) == "TYPE_CHECKING"
            for statement in node.body for inner in ast.walk(statement)}


def imported_names(name: str, tree: ast.AST,
                   runtime: bool = False) -> Iterator[tuple[str, int]]:
    """Every module name ``tree`` imports, absolute, with its line; ``from a import b`` gives
    ``a.b`` when that is a module of ours, else ``a``. ``runtime``: without the imports for
    type hints only."""
    package = name if is_package(name) else name.rpartition(".")[0]
    skip = typing_only(tree) if runtime else set()
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}" if base else alias.name
                yield (full if full in MODULES else base), node.lineno
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                node.func, "attr", None)) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            yield node.args[0].value, node.lineno


def graph(runtime: bool = False) -> dict[str, list[tuple[str, int]]]:
    return {name: list(imported_names(name, ast.parse(path.read_text(), str(path)), runtime))
            for name, path in MODULES.items()}


#: Every import, also those for type hints only (a layer must not name a floor above even there).
GRAPH = graph()
#: The imports that run: a cycle is a cycle when modules import each other while loading.
RUNTIME = graph(runtime=True)


def own(target: str) -> str | None:
    """The module of ours that importing ``target`` runs last (``a.b.c`` → ``a.b`` if c is a
    name in it), or None for a module from elsewhere."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def below(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_the_graph_is_read():
    assert {"kiosk.booking", "sync.push", "screens.app", "digiquartier", "tests.conftest"} <= (
        MODULES.keys())
    assert "kiosk.store" in {target for target, _ in GRAPH["kiosk.booking"]}
    # an import inside a function counts, so does a relative one
    tree = ast.parse("def f():\n    from . import store\n    from .. import screens\n"
                     "if TYPE_CHECKING:\n    import sync\n")
    assert sorted(t for t, _ in imported_names("kiosk.booking", tree)) == [
        "kiosk.store", "screens", "sync"]
    assert sorted(t for t, _ in imported_names("kiosk.booking", tree, runtime=True)) == [
        "kiosk.store", "screens"]


@pytest.mark.parametrize("layer", FORBIDDEN)
def test_no_import_runs_up(layer):
    wrong = [f"{MODULES[name].relative_to(REPO)}:{line} imports {target}"
             for name, targets in GRAPH.items() if below(name, layer)
             for target, line in targets
             if any(below(target, banned) for banned in FORBIDDEN[layer])]
    assert not wrong, "\n".join(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node, or with a self-loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    edges = {name: {t for target, _ in targets if (t := own(target)) and t != name}
             for name, targets in RUNTIME.items()}
    found = cycles(edges)
    assert not found, "\n".join(
        " ".join(sorted({f"{MODULES[a].relative_to(REPO)}:{line}→{b}"
                         for a in cycle for target, line in RUNTIME[a]
                         if (b := own(target)) in cycle and b != a}))
        for cycle in found)


def test_no_import_cycle_between_top_level_packages():
    edges: dict[str, set[str]] = {}
    for name, targets in RUNTIME.items():
        for target, _ in targets:
            if (t := own(target)) and t.split(".")[0] != name.split(".")[0]:
                edges.setdefault(name.split(".")[0], set()).add(t.split(".")[0])
    assert cycles(edges) == []

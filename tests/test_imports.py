"""The import graph of the package: no module imports another that imports it back, and an
import placed inside a function says in a comment why it is not at the top (issue: a codebase
the next maintainer can read).

Imports are read from the source with `ast`, wherever they stand (top level, functions,
`TYPE_CHECKING` blocks), so a cycle hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("simulation", "hydra_plugins")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Project modules named by one import statement (a name imported from a package counts as
    that submodule when it is one)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            anchor = module.split(".") if is_package else module.split(".")[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        names = [f"{base}.{alias.name}" for alias in node.names] + [base]
    found = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """{module: project modules it imports anywhere in its source}. A module importing a name
    from its own package's `__init__` (`from simulation import simulate`) imports the package."""
    sources = _sources()
    known = set(sources)
    graph = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text(), str(path))
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges |= _imported(node, module, path.name == "__init__.py", known)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _without_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's `__init__` that only re-exports its submodules (`simulation.mechanisms`,
    PEP 562's lazy `simulation`) is not a module of its own for cycles: an edge to it stands
    for what it re-exports, so drop edges into packages from their own submodules."""
    return {m: {t for t in edges if not m.startswith(t + ".")} for m, edges in graph.items()}


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "simulation.run" in graph["simulation.sweep"]  # imported inside `run_job`
    assert "simulation.model" in graph["simulation.run"]


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_one_that_imports_it_back():
    found = cycles(_without_packages(import_graph()))
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def _function_imports(path: Path):
    """(line, text, justified) of every import statement inside a function."""
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines), str(path))
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                i = node.lineno - 1
                justified = "#" in lines[node.end_lineno - 1]
                j = i - 1  # or the comment just above its block of imports
                while j >= 0 and lines[j].strip().startswith(("import ", "from ")):
                    j -= 1
                justified |= j >= 0 and lines[j].strip().startswith("#")
                yield node.lineno, lines[i].strip(), justified


@pytest.mark.parametrize("module", sorted(_sources()))
def test_imports_inside_functions_say_why(module):
    path = _sources()[module]
    bare = [f"{path.relative_to(ROOT)}:{line}: {text}"
            for line, text, justified in _function_imports(path) if not justified]
    assert not bare, ("an import inside a function needs a one-line reason (a comment on its line "
                      "or just above), or belongs at the top:\n" + "\n".join(bare))

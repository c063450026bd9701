"""No import cycles among claimledger's modules.

The graph is read from the source with ast: every `import claimledger…` and
`from claimledger… import …` anywhere in a module — at module level, under `if TYPE_CHECKING:`
and inside functions alike — is an edge. A function-local or TYPE_CHECKING import hides a
cycle from the interpreter, not from the design: the two modules still depend on each other.
`from pkg import name` is an edge to `pkg.name` when that is a module, else to `pkg`.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import claimledger

ROOT = Path(claimledger.__file__).parent


def modules(root: Path = ROOT) -> dict[str, Path]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The claimledger modules `name` imports, wherever in it the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.add(sub if sub in known else base)
    return {m for m in out if m in known and m != name}


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    mods = modules(root)
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a → … → a) per strongly connected component of more than one
    module (Tarjan's algorithm, iteratively: the graph is small but recursion is not needed)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0

    def connect(root: str) -> None:
        nonlocal counter
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(g[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.add(w)
                    if w == v:
                        break
                if len(component) > 1:
                    components.append(component)

    for v in sorted(g):
        if v not in index:
            connect(v)
    return [_path_through(g, c) for c in components]


def _path_through(g: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle from the component's first module back to itself."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(g[v] & component):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w not in previous:
                    previous[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {component}")  # pragma: no cover


def test_no_import_cycles() -> None:
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" → ".join(c) for c in found)


def test_every_module_imports() -> None:
    # The graph is read from the source; this imports each module for real, so that a module
    # the graph misreads still fails here if it cannot be imported on its own.
    for name in modules():
        if ".migrations." in name or name.endswith("__main__"):
            continue  # Alembic's scripts run inside Alembic's context; __main__ runs the CLI
        importlib.import_module(name)


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / "claimledger" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root / "claimledger"


@pytest.mark.parametrize(
    "files",
    [
        # at module level
        {
            "__init__.py": "",
            "a.py": "from claimledger import b\n",
            "b.py": "import claimledger.c\n",
            "c.py": "from claimledger.a import x\n",
        },
        # hidden in a function, as ledger → analysis → entries → ledger was
        {
            "__init__.py": "",
            "a.py": "def f():\n    from claimledger.b import g\n",
            "b.py": "import claimledger.c\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from claimledger.a import f\n",
        },
        # relative imports, a package importing its own modules
        {
            "__init__.py": "",
            "p/__init__.py": "from . import a\n",
            "p/a.py": "from . import b\n",
            "p/b.py": "from claimledger.p import x\n",
            "c.py": "",
        },
    ],
)
def test_the_checker_finds_a_cycle_and_names_it(tmp_path: Path, files: dict[str, str]) -> None:
    root = _write(tmp_path, files)
    [cycle] = cycles(graph(root))
    assert cycle[0] == cycle[-1] and len(cycle) == 4
    assert set(cycle) <= set(modules(root))


def test_the_checker_passes_a_graph_without_cycles(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "from claimledger import a\n",
            "a.py": "from claimledger import b\nfrom claimledger.b import c\n",
            "b.py": "def f():\n    import claimledger.c\n",
            "c.py": "import os\n",
        },
    )
    assert cycles(graph(root)) == []


# -- layers ------------------------------------------------------------------------------------


def importers(target: str) -> set[str]:
    return {name for name, deps in graph().items() if target in deps}


def test_the_browsing_queries_are_read_through_the_reader_only() -> None:
    assert importers("claimledger.storage.browse") == {"claimledger.storage.reader"}
    # The read half of entries and references, the search parser and meta: storage's own
    # modules (the SQL builds on itself), the reader, and the writers (analysis updates
    # entries, loads reference series; Store records lexicon files) — never a face.
    for target in ("entries", "references", "search", "meta", "queries"):
        users = importers(f"claimledger.storage.{target}")
        faces = {u for u in users if u.startswith(("claimledger.web", "claimledger.cli"))}
        assert not faces, f"claimledger.storage.{target} imported by {sorted(faces)}"


# The faces: the CLI, the web app's start-up, and the Python API's `claimledger.extract(doc)`
# (the package itself). Extraction, storage and the analyses are always handed a lexicon.
PYTHON_FACE = {"claimledger"}


def test_load_lexicon_is_called_by_the_faces_and_the_lexicon_package_only() -> None:
    callers = set()
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                == "load_lexicon"
            ):
                callers.add(name)
    faces = {
        n
        for n in callers
        if n.startswith(("claimledger.cli", "claimledger.lexicon")) or n == "claimledger.web.app"
    }
    assert callers - faces == PYTHON_FACE

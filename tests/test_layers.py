"""Imports point one way: app → capabilities → records → core.

- `governance/core/` imports no other part of governance; `governance/records/` only the core;
  a capability (accounts, audit, briefs, calendar, elections, importing, tasks) the core and
  records, never another capability: capabilities meet through their declarations
  (`governance/core/plugin.py`, listed in `governance/capabilities.py`).
- The top (app.py, cli.py, capabilities.py, tables.py, backup.py, migrations/) may import
  anything.
- No import of governance inside a function (it would hide a cycle), no private name imported
  from another module, and no cycle among modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "governance"
CAPABILITIES = {"accounts", "audit", "briefs", "calendar", "elections", "importing", "tasks"}
RANK = {"core": 0, "records": 1, "capability": 2, "top": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> tuple[str, str]:
    parts = module.split(".")
    if len(parts) < 2:
        return "top", "governance"
    part = parts[1]
    if part in {"core", "records"}:
        return part, part
    if part in CAPABILITIES:
        return "capability", part
    return "top", part


def _is_module(dotted: str) -> bool:
    path = ROOT.parent / dotted.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").exists()


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
    return lines


def imports() -> list[tuple[str, int, str, list[str], bool]]:
    """(module, line, imported module, names, inside a function) of every governance import."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations/versions" in path.as_posix():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _type_checking_lines(tree)
        nested = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for inner in ast.walk(node)
        }
        source = module_name(path)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("governance"):
                assert node.module is not None
                names = [a.name for a in node.names]
                targets = [
                    f"{node.module}.{n}" if _is_module(f"{node.module}.{n}") else node.module
                    for n in names
                ]
                for target in targets:
                    found.append((source, node.lineno, target, names, id(node) in nested))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("governance"):
                        found.append((source, node.lineno, alias.name, [], id(node) in nested))
    return found


# Imports still crossing the layers, each to be removed (see README, Architecture).
KNOWN: set[tuple[str, str]] = set()


def test_imports_point_one_way() -> None:
    wrong = []
    for source, line, target, _names, _nested in imports():
        (from_layer, from_part), (to_layer, to_part) = layer(source), layer(target)
        upward = RANK[to_layer] > RANK[from_layer]
        sideways = from_layer == to_layer == "capability" and from_part != to_part
        if (upward or sideways) and (source, target) not in KNOWN:
            wrong.append(f"{source}:{line} imports {target}")
    assert wrong == []


def test_no_import_of_governance_inside_a_function() -> None:
    wrong = [f"{s}:{line} imports {t}" for s, line, t, _n, nested in imports() if nested]
    assert wrong == []


def test_no_private_name_is_imported_from_another_module() -> None:
    wrong = [
        f"{s}:{line} imports {', '.join(n for n in names if n.startswith('_'))} from {t}"
        for s, line, t, names, _nested in imports()
        if any(n.startswith("_") and n != "__version__" for n in names)
    ]
    assert wrong == []


def test_no_cycle_among_modules() -> None:
    graph: dict[str, set[str]] = {}
    known = {module_name(p) for p in ROOT.rglob("*.py")}
    for source, _line, target, _names, nested in imports():
        if not nested and target in known and target != source:
            graph.setdefault(source, set()).add(target)
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []

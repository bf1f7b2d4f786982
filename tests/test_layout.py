"""The house's shape: one package per job, each importing only the packages before it, and no import circles.

Imports are read from the source (every `import` and `from ... import`, those inside functions included), so
a lazy import that would close a circle counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipeline

ROOT = Path(pipeline.__file__).parent
# The order of `pipeline/__init__.py`: a package may import itself and those before it.
LAYERS = ("core", "io", "cleaning", "dataset", "dedup", "ingest", "publish", "quality")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The `pipeline` modules a file imports: `from a.b import c` is module a.b.c when that is a module, else a.b."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "pipeline"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(path, set(found)) for name, path in found.items()}


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_package_is_a_layer_and_says_what_it_may_import():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(LAYERS)
    assert not [p for p in ROOT.glob("*.py") if p.name != "__init__.py"], "modules belong in a package"
    for name in LAYERS:
        doc = ast.get_docstring(ast.parse((ROOT / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"pipeline/{name}/__init__.py: say what the package may import"


def test_nothing_imports_upward():
    upward = []
    for module, imported in graph().items():
        mine = layer(module)
        if mine is None:
            continue  # the top package: it re-exports the public names
        for target in imported:
            theirs = layer(target)
            if theirs is None or theirs > mine:  # `pipeline` itself, or a package after this one
                upward.append(f"{module} imports {target}")
    assert not upward, upward


def circles(edges: dict[str, set[str]]) -> list[str]:
    """Each import circle found by a depth-first walk, as "a -> b -> a"."""
    found = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if target not in edges:
                continue
            if state.get(target) == 1:
                found.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return found


def test_no_import_circles():
    found = circles(graph())
    assert not found, found


def test_the_walker_sees_an_upward_import_and_a_circle(tmp_path):
    """The checks above can fail: a lazy import from a function counts, and a circle through it is found."""
    known = {"pipeline.core.text", "pipeline.cleaning.engine"}
    source = tmp_path / "text.py"
    source.write_text("def f():\n    from pipeline.cleaning.engine import clean\n    return clean\n")
    assert imports_of(source, known) == {"pipeline.cleaning.engine"}
    assert layer("pipeline.cleaning.engine") > layer("pipeline.core.text")
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
    assert circles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []

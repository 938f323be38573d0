"""The import graph of the product's own modules, read from the source (every import statement,
including those inside functions and under TYPE_CHECKING: a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("haymaker", "flows", "tasks", "blocks")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for top in TOP_LEVEL:
        for path in sorted((REPO / top).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _absolute(importer: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer.split(".") if path.name == "__init__.py" else importer.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(importer: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    """Every product module `importer` imports (`from pkg import mod` counts as `pkg.mod`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _known(importer, alias.name, node.lineno, modules)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(importer, path, node)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                target = child if child in modules else base
                yield from _known(importer, target, node.lineno, modules)


def _known(importer: str, name: str, line: int, modules: dict[str, Path]) -> Iterator[Import]:
    # `import a.b.c` names a module, possibly through packages that are modules too.
    while name and name not in modules:
        name = name.rpartition(".")[0]
    if name and name.split(".")[0] in TOP_LEVEL:
        yield Import(importer, name, line)


def import_graph() -> list[Import]:
    modules = product_modules()
    return [found for name, path in modules.items() for found in imports_of(name, path, modules)]

"""The layout stays true: imports run down the floors, emulator services meet only through the
interfaces their packages name, and no two modules import each other (docs/architecture.md,
"Floors")."""

from __future__ import annotations

import pytest

from tests.architecture.imports import Import, import_graph, product_modules

# Top to bottom. A module may import its own package and any floor below its own; packages on
# the same floor are independent of each other.
FLOORS: list[tuple[str, ...]] = [
    ("haymaker.cli",),
    ("flows",),
    ("tasks",),
    ("blocks",),
    (
        "haymaker.simulation",
        "haymaker.cleanup",
        "haymaker.api",
        "haymaker.agent",
        "haymaker.prefect_setup",
        "haymaker.prefect_events",
    ),
    (
        "haymaker.ledger",
        "haymaker.store",
        "haymaker.scenarios",
        "haymaker.emulator",
        "haymaker.events",
        "haymaker.azure",
        "haymaker.leases",
    ),
    ("haymaker.reporting",),
    (
        "haymaker.models",
        "haymaker.naming",
        "haymaker.tags",
        "haymaker.resource_ids",
        "haymaker.throttling",
        "haymaker.specs",
        "haymaker",
    ),
]

# What the product may use of the emulator: the composition root and the settings it writes.
EMULATOR_ENTRY_POINTS = ("haymaker.emulator.server", "haymaker.emulator.core.settings")
EMULATOR_CORE = "haymaker.emulator.core"
# Modules of the emulator outside any service (the composition root may import every service).
EMULATOR_ROOT_MODULES = ("haymaker.emulator", "haymaker.emulator.server", "haymaker.emulator.bootstrap")


def _unit(module: str) -> tuple[int, str]:
    """(floor index, the floor's package) of a module: the longest declared prefix wins."""
    best: tuple[int, str] | None = None
    for index, floor in enumerate(FLOORS):
        for package in floor:
            if (module == package or module.startswith(package + ".")) and (
                best is None or len(package) > len(best[1])
            ):
                best = (index, package)
    assert best is not None, f"{module} belongs to no floor: add its package to FLOORS"
    return best


def _describe(found: Import) -> str:
    return f"{found.importer} (line {found.line}) imports {found.imported}"


GRAPH = import_graph()


def test_every_module_belongs_to_a_floor() -> None:
    for module in product_modules():
        _unit(module)


def test_imports_never_run_up_a_floor_or_across_one() -> None:
    wrong = []
    for found in GRAPH:
        (floor_a, package_a), (floor_b, package_b) = _unit(found.importer), _unit(found.imported)
        if package_a == package_b:
            continue
        if floor_b <= floor_a:
            wrong.append(_describe(found))
    assert wrong == []


def _service(module: str) -> str | None:
    """The emulator service package a module belongs to (`haymaker.emulator.arm`), or None."""
    parts = module.split(".")
    if parts[:2] != ["haymaker", "emulator"] or len(parts) < 3 or module in EMULATOR_ROOT_MODULES:
        return None
    return ".".join(parts[:3])


def test_emulator_services_meet_only_through_their_interfaces() -> None:
    wrong = []
    for found in GRAPH:
        mine, theirs = _service(found.importer), _service(found.imported)
        if mine is None or theirs is None or mine == theirs:
            continue
        if theirs == EMULATOR_CORE:
            continue
        # Another service: only its package (the interface its __init__ names), never a module.
        if mine == EMULATOR_CORE or found.imported != theirs:
            wrong.append(_describe(found))
    assert wrong == []


def test_the_emulator_core_imports_no_service() -> None:
    wrong = [
        _describe(f)
        for f in GRAPH
        if _service(f.importer) == EMULATOR_CORE
        and f.imported.startswith("haymaker.emulator")
        and _service(f.imported) != EMULATOR_CORE
    ]
    assert wrong == []


def test_the_product_uses_the_emulator_only_through_its_entry_points() -> None:
    wrong = [
        _describe(f)
        for f in GRAPH
        if not f.importer.startswith("haymaker.emulator")
        and f.imported.startswith("haymaker.emulator.")
        and f.imported not in EMULATOR_ENTRY_POINTS
    ]
    assert wrong == []


def test_no_two_modules_import_each_other_directly_or_through_others() -> None:
    edges: dict[str, set[str]] = {}
    for found in GRAPH:
        if found.importer != found.imported:
            edges.setdefault(found.importer, set()).add(found.imported)
    assert _cycles(edges) == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
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
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("haymaker.reporting.models", "haymaker.ledger.core"),
        ("haymaker.emulator.container_apps.hooks", "haymaker.emulator.keyvault.routes"),
        ("haymaker.emulator.core.app", "haymaker.emulator.arm.routes"),
    ],
)
def test_the_rules_catch_what_they_forbid(importer: str, imported: str) -> None:
    """Each rule, fed one import it must refuse, refuses it (so a green run means something)."""
    bad = Import(importer, imported, 1)
    up = _unit(bad.imported)[0] <= _unit(bad.importer)[0] and _unit(bad.imported)[1] != _unit(bad.importer)[1]
    mine, theirs = _service(importer), _service(imported)
    across = mine is not None and theirs is not None and mine != theirs and imported != theirs
    assert up or across


def test_a_circle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

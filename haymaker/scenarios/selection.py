"""Pick N scenarios for a run: no duplicates, balanced across technology areas, seedable;
scenarios the target cannot grant permissions for are skipped, with the reason."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from haymaker.models import ScenarioMetadata, SimulationSize
from haymaker.scenarios.areas import TechnologyArea, parse_area
from haymaker.scenarios.catalog import list_available_scenarios, parse_scenario_metadata
from haymaker.scenarios.parser import BASE_ROLE

Grantable = Callable[[ScenarioMetadata], str | None]


class Selection(BaseModel):
    """The scenarios a run will execute, and those skipped because the target cannot grant
    what they declare (scenario name, reason) — for the run report."""

    scenarios: list[ScenarioMetadata]
    skipped: list[tuple[str, str]] = Field(default_factory=list)


def select_scenarios(
    size: SimulationSize | int,
    seed: int | None = None,
    technology_areas: Iterable[str | TechnologyArea] | None = None,
    directory: str | Path | None = None,
) -> list[ScenarioMetadata]:
    """Select `size` scenarios (small 5 / medium 15 / large 30, or a count).

    Areas take turns (round-robin, in an order shuffled by the seed) and within an area the
    scenario is random, so counts per area differ by at most one unless an area runs out.
    The same seed and catalog give the same selection. Raises ValueError
    "Not enough scenarios available. Requested: X, Available: Y" when the catalog (after the
    area filter) is too small, and ValueError for an unknown area or a count below 1.
    """
    return select_runnable_scenarios(size, seed, technology_areas, directory).scenarios


def select_runnable_scenarios(
    size: SimulationSize | int,
    seed: int | None = None,
    technology_areas: Iterable[str | TechnologyArea] | None = None,
    directory: str | Path | None = None,
    grantable: Grantable | None = None,
) -> Selection:
    """Like select_scenarios, but first skips every scenario `grantable` refuses.

    `grantable(metadata)` returns why the target cannot run a scenario (e.g. a role or Graph
    permission it cannot grant), or None; `permission_check` builds one from what a target
    can grant. Skipped scenarios (of the areas asked for) come back in `.skipped` with their
    reasons, sorted by name; the selection is made among the others, and "Not enough scenarios
    available" counts only those.
    """
    count = size.scenario_count() if isinstance(size, SimulationSize) else int(size)
    if isinstance(size, bool) or count < 1:
        raise ValueError(f"Scenario count must be at least 1, got {size!r}")
    wanted = {parse_area(a) for a in technology_areas} if technology_areas is not None else None
    catalog = [parse_scenario_metadata(path) for path in list_available_scenarios(directory)]
    if wanted is not None:
        catalog = [m for m in catalog if parse_area(m.technology_area) in wanted]
    skipped: list[tuple[str, str]] = []
    if grantable is not None:
        runnable = []
        for metadata in catalog:
            reason = grantable(metadata)
            if reason is None:
                runnable.append(metadata)
            else:
                skipped.append((metadata.scenario_name, reason))
        catalog = runnable
    if count > len(catalog):
        note = f" ({len(skipped)} skipped: the target cannot grant what they need)" if skipped else ""
        raise ValueError(
            f"Not enough scenarios available. Requested: {count}, Available: {len(catalog)}{note}"
        )
    return Selection(scenarios=_round_robin(catalog, count, seed), skipped=sorted(skipped))


def _round_robin(catalog: list[ScenarioMetadata], count: int, seed: int | None) -> list[ScenarioMetadata]:
    rng = random.Random(seed)
    by_area: dict[str, list[ScenarioMetadata]] = defaultdict(list)
    for metadata in sorted(catalog, key=lambda m: m.scenario_name):
        by_area[metadata.technology_area].append(metadata)
    for members in by_area.values():
        rng.shuffle(members)
    areas = sorted(by_area)
    rng.shuffle(areas)
    selected: list[ScenarioMetadata] = []
    while len(selected) < count:
        for area in areas:
            if by_area[area] and len(selected) < count:
                selected.append(by_area[area].pop())
    return selected


def permission_check(
    roles: Iterable[str] | None = None, graph_permissions: Iterable[str] | None = None
) -> Grantable:
    """A `grantable` for a target that can grant these roles and Microsoft Graph application
    permissions (None: anything of that kind). Names compare case-insensitively; Contributor
    on the scenario's resource group is always granted."""
    role_set = None if roles is None else {r.lower() for r in roles} | {BASE_ROLE.lower()}
    graph_set = None if graph_permissions is None else {g.lower() for g in graph_permissions}

    def check(metadata: ScenarioMetadata) -> str | None:
        missing_roles = [
            r for r in metadata.required_roles if role_set is not None and r.lower() not in role_set
        ]
        missing_graph = [
            g for g in metadata.graph_permissions if graph_set is not None and g.lower() not in graph_set
        ]
        reasons = []
        if missing_roles:
            reasons.append("needs role(s) the target cannot grant: " + ", ".join(missing_roles))
        if missing_graph:
            reasons.append(
                "needs Microsoft Graph permission(s) the target cannot grant: " + ", ".join(missing_graph)
            )
        return "; ".join(reasons) or None

    return check

"""Pick N scenarios for a run: no duplicates, balanced across technology areas, seedable."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from haymaker.models import ScenarioMetadata, SimulationSize
from haymaker.scenarios.areas import TechnologyArea, parse_area
from haymaker.scenarios.catalog import list_available_scenarios, parse_scenario_metadata


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
    count = size.scenario_count() if isinstance(size, SimulationSize) else int(size)
    if isinstance(size, bool) or count < 1:
        raise ValueError(f"Scenario count must be at least 1, got {size!r}")
    wanted = {parse_area(a) for a in technology_areas} if technology_areas is not None else None
    catalog = [parse_scenario_metadata(path) for path in list_available_scenarios(directory)]
    if wanted is not None:
        catalog = [m for m in catalog if parse_area(m.technology_area) in wanted]
    if count > len(catalog):
        raise ValueError(f"Not enough scenarios available. Requested: {count}, Available: {len(catalog)}")
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

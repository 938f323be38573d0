"""Choosing a run's scenarios: the catalog's balanced selection, optionally narrowed by a filter."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from haymaker.models import ScenarioMetadata
from haymaker.scenarios import list_available_scenarios, select_scenarios
from haymaker.scenarios.areas import parse_area


def choose_scenarios(
    count: int,
    *,
    seed: int | None = None,
    scenario_filter: list[str] | None = None,
    directory: str | Path | None = None,
) -> list[ScenarioMetadata]:
    """`count` scenarios, balanced across areas and reproducible with `seed`.

    `scenario_filter` entries are technology areas ("Networking") or scenario name patterns
    ("networking-*", "security-01-key-vault-secrets"); a scenario matching any entry is eligible.
    """
    if not scenario_filter:
        return select_scenarios(count, seed=seed, directory=directory)
    areas, patterns = set(), []
    for entry in scenario_filter:
        try:
            areas.add(parse_area(entry))
        except ValueError:
            patterns.append(entry)
    # The whole catalog in the seeded, area-balanced order; the filter keeps that order.
    everything = select_scenarios(len(list_available_scenarios(directory)), seed=seed, directory=directory)
    eligible = [
        s
        for s in everything
        if parse_area(s.technology_area) in areas or any(fnmatch(s.scenario_name, p) for p in patterns)
    ]
    if count > len(eligible):
        raise ValueError(
            f"Not enough scenarios available. Requested: {count}, Available: {len(eligible)} "
            f"(matching filter {scenario_filter})"
        )
    return eligible[:count]

"""Choosing a run's scenarios: the catalog's balanced selection among the scenarios the target
can run, optionally narrowed by a filter."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from haymaker.scenarios import list_available_scenarios
from haymaker.scenarios.areas import parse_area
from haymaker.scenarios.selection import Grantable, Selection, select_runnable_scenarios


def choose_scenarios(
    count: int,
    *,
    seed: int | None = None,
    scenario_filter: list[str] | None = None,
    directory: str | Path | None = None,
    grantable: Grantable | None = None,
) -> Selection:
    """`count` scenarios, balanced across areas, reproducible with `seed`, among those the target
    can run (`grantable`); the others come back in `.skipped` with the reason.

    `scenario_filter` entries are technology areas ("Networking") or scenario name patterns
    ("networking-*", "security-01-key-vault-secrets"); a scenario matching any entry is eligible.
    """
    if not scenario_filter:
        return select_runnable_scenarios(count, seed=seed, directory=directory, grantable=grantable)
    areas, patterns = set(), []
    for entry in scenario_filter:
        try:
            areas.add(parse_area(entry))
        except ValueError:
            patterns.append(entry)
    # Every runnable scenario in the seeded, area-balanced order; the filter keeps that order.
    total = len(list_available_scenarios(directory))
    probe = select_runnable_scenarios(total, seed=seed, directory=directory, grantable=None)
    runnable = len(probe.scenarios) - sum(1 for s in probe.scenarios if grantable and grantable(s))
    everything = select_runnable_scenarios(runnable, seed=seed, directory=directory, grantable=grantable)
    eligible = [
        s
        for s in everything.scenarios
        if parse_area(s.technology_area) in areas or any(fnmatch(s.scenario_name, p) for p in patterns)
    ]
    if count > len(eligible):
        raise ValueError(
            f"Not enough scenarios available. Requested: {count}, Available: {len(eligible)} "
            f"(matching filter {scenario_filter})"
        )
    return Selection(scenarios=eligible[:count], skipped=everything.skipped)

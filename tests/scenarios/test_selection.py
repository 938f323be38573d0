"""Selecting scenarios for a run: counts, no duplicates, balance across areas, seeds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from haymaker.models import SimulationSize
from haymaker.scenarios import select_scenarios
from tests.scenarios.docs import catalog

PER_AREA = {"Networking": 6, "Security": 4, "Analytics": 3, "Compute": 1, "Identity": 2}


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    catalog(tmp_path / "catalog", PER_AREA)
    return tmp_path / "catalog"


def names(selection: list) -> list[str]:  # type: ignore[type-arg]
    return [m.scenario_name for m in selection]


def test_a_size_selects_its_count(directory: Path) -> None:
    assert len(select_scenarios(SimulationSize.SMALL, seed=1, directory=directory)) == 5
    assert len(select_scenarios(SimulationSize.MEDIUM, seed=1, directory=directory)) == 15


def test_an_explicit_count_is_honoured(directory: Path) -> None:
    assert len(select_scenarios(7, seed=1, directory=directory)) == 7


def test_no_scenario_is_selected_twice(directory: Path) -> None:
    chosen = names(select_scenarios(16, seed=3, directory=directory))
    assert len(chosen) == len(set(chosen)) == 16


def test_areas_take_turns(directory: Path) -> None:
    counts = Counter(m.technology_area for m in select_scenarios(5, seed=2, directory=directory))
    assert counts == Counter({area: 1 for area in PER_AREA})


def test_counts_per_area_differ_by_at_most_one_until_an_area_runs_out(directory: Path) -> None:
    counts = Counter(m.technology_area for m in select_scenarios(12, seed=4, directory=directory))
    # Compute (1) and Identity (2) run out; the others share the rest evenly.
    assert counts["Compute"] == 1 and counts["Identity"] == 2
    rest = [counts["Networking"], counts["Security"], counts["Analytics"]]
    assert sum(rest) == 9 and max(rest) - min(rest) <= 1


def test_the_same_seed_gives_the_same_selection(directory: Path) -> None:
    assert names(select_scenarios(6, seed=42, directory=directory)) == names(
        select_scenarios(6, seed=42, directory=directory)
    )


def test_different_seeds_give_different_selections(directory: Path) -> None:
    selections = {tuple(names(select_scenarios(6, seed=s, directory=directory))) for s in range(10)}
    assert len(selections) > 1


def test_areas_can_be_restricted(directory: Path) -> None:
    chosen = select_scenarios(5, seed=1, technology_areas=["Networking", "security"], directory=directory)
    assert {m.technology_area for m in chosen} == {"Networking", "Security"}


def test_too_few_scenarios_is_an_error_with_both_numbers(directory: Path) -> None:
    with pytest.raises(ValueError, match=r"Not enough scenarios available\. Requested: 30, Available: 16"):
        select_scenarios(SimulationSize.LARGE, directory=directory)


def test_too_few_in_the_chosen_areas_counts_only_those(directory: Path) -> None:
    with pytest.raises(ValueError, match="Requested: 3, Available: 1"):
        select_scenarios(3, technology_areas=["Compute"], directory=directory)


def test_an_unknown_area_is_rejected(directory: Path) -> None:
    with pytest.raises(ValueError, match="unknown technology area 'Quantum'"):
        select_scenarios(1, technology_areas=["Quantum"], directory=directory)


def test_a_count_below_one_is_rejected(directory: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        select_scenarios(0, directory=directory)


def test_templates_are_never_selected(directory: Path) -> None:
    (directory / "SCENARIO_TEMPLATE.md").write_text("# template\n")
    chosen = names(select_scenarios(16, seed=1, directory=directory))
    assert all("template" not in name.lower() for name in chosen)

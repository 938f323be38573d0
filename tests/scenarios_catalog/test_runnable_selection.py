"""Selecting what a target can run: scenarios whose declared permissions the target cannot
grant are skipped, with the reason, and never selected."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.models import ScenarioMetadata
from haymaker.scenarios import permission_check, select_runnable_scenarios, select_scenarios
from tests.scenarios.docs import write

GRAPH = "Application.ReadWrite.OwnedBy"


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    for index in range(1, 4):
        write(tmp_path, f"networking-0{index}-plain")
    write(tmp_path, "security-01-locks", area="Security", required_roles=["User Access Administrator"])
    write(tmp_path, "security-02-plain", area="Security")
    write(tmp_path, "identity-01-graph", area="Identity", graph_permissions=[GRAPH])
    return tmp_path


def names(metadata: list[ScenarioMetadata]) -> set[str]:
    return {m.scenario_name for m in metadata}


def test_without_a_check_nothing_is_skipped(directory: Path) -> None:
    selection = select_runnable_scenarios(6, seed=1, directory=directory)
    assert len(selection.scenarios) == 6 and selection.skipped == []


def test_what_the_target_cannot_grant_is_skipped_with_the_reason(directory: Path) -> None:
    check = permission_check(roles=["Contributor"], graph_permissions=[])
    selection = select_runnable_scenarios(4, seed=1, directory=directory, grantable=check)
    assert names(selection.scenarios) == {
        "networking-01-plain",
        "networking-02-plain",
        "networking-03-plain",
        "security-02-plain",
    }
    assert selection.skipped == [
        ("identity-01-graph", f"needs Microsoft Graph permission(s) the target cannot grant: {GRAPH}"),
        ("security-01-locks", "needs role(s) the target cannot grant: User Access Administrator"),
    ]


def test_what_the_target_can_grant_is_not_skipped(directory: Path) -> None:
    check = permission_check(roles=["user access administrator"], graph_permissions=[GRAPH.lower()])
    selection = select_runnable_scenarios(6, seed=1, directory=directory, grantable=check)
    assert selection.skipped == [] and len(names(selection.scenarios)) == 6


def test_none_means_anything_of_that_kind_can_be_granted(directory: Path) -> None:
    check = permission_check(roles=None, graph_permissions=[])
    selection = select_runnable_scenarios(5, seed=1, directory=directory, grantable=check)
    assert [name for name, _ in selection.skipped] == ["identity-01-graph"]


def test_any_reason_a_caller_gives_is_reported(directory: Path) -> None:
    def no_security(metadata: ScenarioMetadata) -> str | None:
        return "security scenarios are paused" if metadata.technology_area == "Security" else None

    selection = select_runnable_scenarios(3, seed=2, directory=directory, grantable=no_security)
    assert "Security" not in {m.technology_area for m in selection.scenarios}
    assert dict(selection.skipped) == {
        "security-01-locks": "security scenarios are paused",
        "security-02-plain": "security scenarios are paused",
    }


def test_too_few_runnable_scenarios_is_not_enough(directory: Path) -> None:
    check = permission_check(roles=[], graph_permissions=[])
    with pytest.raises(ValueError, match=r"Requested: 5, Available: 4 \(2 skipped"):
        select_runnable_scenarios(5, seed=1, directory=directory, grantable=check)


def test_the_area_filter_applies_before_the_check(directory: Path) -> None:
    check = permission_check(roles=[], graph_permissions=[])
    selection = select_runnable_scenarios(
        1, seed=1, technology_areas=["security"], directory=directory, grantable=check
    )
    assert names(selection.scenarios) == {"security-02-plain"}
    assert [name for name, _ in selection.skipped] == ["security-01-locks"]


def test_the_same_seed_gives_the_same_runnable_selection(directory: Path) -> None:
    check = permission_check(roles=[], graph_permissions=[])
    first = select_runnable_scenarios(3, seed=9, directory=directory, grantable=check)
    second = select_runnable_scenarios(3, seed=9, directory=directory, grantable=check)
    assert first == second


def test_select_scenarios_still_returns_the_plain_list(directory: Path) -> None:
    assert (
        select_scenarios(3, seed=4, directory=directory)
        == select_runnable_scenarios(3, seed=4, directory=directory).scenarios
    )

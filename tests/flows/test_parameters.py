"""The deployment form: every public parameter described and checked, nothing a person should
not type (issue 14, findings 6 and 8)."""

from __future__ import annotations

import pytest
from prefect.utilities.callables import parameter_schema

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker.simulation.parameters import RUN_ID_PATTERN

HIDDEN = {"settings", "expected", "retry_delay_seconds"}


@pytest.mark.parametrize("flow", [haymaker_simulation, haymaker_cleanup], ids=["simulation", "cleanup"])
def test_every_parameter_of_the_form_has_a_description_and_no_internal_one_is_shown(flow: object) -> None:
    properties = parameter_schema(flow).model_dump()["properties"]
    assert not HIDDEN & set(properties)
    undescribed = [name for name, spec in properties.items() if not spec.get("description")]
    assert undescribed == []


def test_the_simulation_form_shows_what_a_run_is_about() -> None:
    properties = parameter_schema(haymaker_simulation).model_dump()["properties"]
    assert list(properties) == [
        "size",
        "duration",
        "seed",
        "scenario_filter",
        "location",
        "agent_mode",
        "target_block",
        "event_bus_block",
        "report_store_block",
        "settings_block",
    ]


def test_the_agent_mode_is_steps_or_goal_or_left_to_the_settings_block() -> None:
    spec = parameter_schema(haymaker_simulation).model_dump()["properties"]["agent_mode"]
    choices = [option.get("enum") for option in spec["anyOf"] if option.get("enum")]
    assert choices == [["steps", "goal"]] and spec["default"] is None


@pytest.mark.parametrize(
    "run_id", ["445cc22f", "445CC22F", "445cc22f-1c", "445cc22f-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]
)
def test_run_id_accepts_a_full_id_or_a_prefix_of_eight_or_more(run_id: str) -> None:
    import re

    assert re.match(RUN_ID_PATTERN, run_id)


@pytest.mark.parametrize(
    "run_id", ["445cc22", "not-a-run", "445cc22fz", "../etc", "", "445cc22f-1c2d-4e5f-8a9b-0c1d2e3f4a5b0"]
)
def test_run_id_refuses_garbage_before_a_run_starts(run_id: str) -> None:
    import re

    assert not re.match(RUN_ID_PATTERN, run_id)


@pytest.mark.usefixtures("prefect_harness")
def test_a_cleanup_given_garbage_for_run_id_fails_validation_without_a_traceback_of_its_own() -> None:
    state = haymaker_cleanup(run_id="not-a-run", return_state=True)
    assert state.is_failed()
    assert "run_id" in str(state.message) and "should match pattern" in str(state.message)

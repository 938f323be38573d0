"""Finding 10 of the safety campaign: a run that selects from another catalog
(`HAYMAKER_SCENARIOS_DIR`) gives its agents that catalog. Before the fix the agents were not told
and failed with "No scenario ... in docs/scenarios"."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.simulation import haymaker_simulation
from haymaker.scenarios.catalog import SCENARIOS_DIR_ENV
from haymaker.simulation.settings import RunSettings
from tests.scenarios.docs import write

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_agents_play_the_scenario_from_the_catalog_the_run_selected_from(
    settings: RunSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "elsewhere"
    catalog.mkdir()
    write(
        catalog,
        "networking-01-only-elsewhere",
        resource_types=[
            "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/virtualNetworks",
            "Microsoft.Network/virtualNetworks/subnets",
        ],
    )
    monkeypatch.setenv(SCENARIOS_DIR_ENV, str(catalog))
    monkeypatch.chdir(tmp_path)  # a relative catalog path must not depend on where agents start

    outcome = haymaker_simulation(size="1", duration="2s", settings=settings, retry_delay_seconds=0)

    assert outcome.scenarios_failed == []
    assert outcome.status.value == "completed"
    assert outcome.cleanup_status is not None and outcome.cleanup_status.value == "verified"

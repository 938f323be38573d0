"""Domain models: validations and the JSON the report store and API use."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from haymaker.models import (
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    OrchestratorConfig,
    Resource,
    ResourceDeletion,
    ResourceStatus,
    SimulationSize,
)


def test_simulation_sizes_map_to_scenario_counts() -> None:
    assert [s.scenario_count() for s in SimulationSize] == [5, 15, 30]


def test_config_refuses_small_containers_unless_overridden() -> None:
    with pytest.raises(ValueError, match="container_memory_gb must be >= 64"):
        OrchestratorConfig(container_memory_gb=8)
    with pytest.raises(ValueError, match="container_cpu_cores must be >= 2"):
        OrchestratorConfig(container_cpu_cores=1)
    config = OrchestratorConfig(
        container_memory_gb=0.5, container_cpu_cores=0.25, allow_small_containers=True
    )
    assert config.container_memory_gb == 0.5


def test_config_with_vnet_integration_names_missing_fields() -> None:
    with pytest.raises(ValueError, match="vnet_name, subnet_name"):
        OrchestratorConfig(vnet_integration_enabled=True, vnet_resource_group="net-rg")
    ok = OrchestratorConfig(
        vnet_integration_enabled=True, vnet_resource_group="rg", vnet_name="v", subnet_name="s"
    )
    assert ok.scenario_count == 5


def test_resource_round_trips_through_json() -> None:
    resource = Resource(
        resource_id="/subscriptions/s/resourceGroups/rg",
        resource_type="Microsoft.Resources/resourceGroups",
        resource_name="rg",
        scenario_name="vnet",
        run_id="r",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        tags={"a": "b"},
    )
    data = json.loads(resource.model_dump_json())
    assert data["status"] == "created"
    assert Resource.model_validate(data) == resource
    assert resource.is_resource_group


def test_report_has_failures_when_a_deletion_failed_or_something_remains() -> None:
    ok = CleanupReport(
        run_id="r",
        status=CleanupStatus.VERIFIED,
        deletions=[ResourceDeletion(resource_id="x", resource_type="t", status=DeletionStatus.DELETED)],
    )
    assert not ok.has_failures()
    failed = ok.model_copy(
        update={
            "deletions": [
                ResourceDeletion(
                    resource_id="x", resource_type="t", status=DeletionStatus.FAILED, error="409"
                )
            ]
        }
    )
    assert failed.has_failures()
    remaining = ok.model_copy(
        update={
            "remaining_resources": [
                Resource(resource_id="x", resource_type="t", resource_name="x", status=ResourceStatus.EXISTS)
            ]
        }
    )
    assert remaining.has_failures()

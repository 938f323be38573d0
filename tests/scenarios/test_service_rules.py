"""Service rules the REST specifications cannot express (issue 11, item 2), allowed and denied."""

from __future__ import annotations

from typing import Any

import pytest

from haymaker.scenarios.models import ArmStep, OperateStep, ScenarioSteps, Schedule
from haymaker.scenarios.service_rules import check_service_rules

SERVER = ArmStep(
    id="sql-server",
    arm="PUT",
    resource="{rg_id}/providers/Microsoft.Sql/servers/{prefix}-sql",
    api_version="2023-08-01",
    body={"location": "{location}", "properties": {}},
)
JOB_PUT_CONFIGURATION = {
    "triggerType": "Schedule",
    "replicaTimeout": 600,
    "scheduleTriggerConfig": {"cronExpression": "0 2 * * *"},
}


def _pool(per_database: dict[str, int], capacity: int = 50) -> ArmStep:
    return ArmStep(
        id="pool",
        arm="PUT",
        resource="{sql-server}/elasticPools/tenants",
        api_version="2023-08-01",
        body={
            "location": "{location}",
            "sku": {"name": "BasicPool", "tier": "Basic", "capacity": capacity},
            "properties": {"perDatabaseSettings": per_database},
        },
    )


def _patch(resource: str, body: dict[str, Any], api_version: str = "2023-08-01") -> OperateStep:
    return OperateStep(
        schedule=Schedule(every="1h"),
        action=ArmStep(id="change", arm="PATCH", resource=resource, api_version=api_version, body=body),
    )


def _problems(deploy: list[ArmStep], operate: list[OperateStep] = ()) -> list[str]:
    steps = ScenarioSteps(deploy=deploy, operate=list(operate), teardown=[])
    return [problem for *_, problem in check_service_rules(steps)]


@pytest.mark.parametrize(
    "settings", [{"minCapacity": 0, "maxCapacity": 5}, {"minCapacity": 5, "maxCapacity": 5}]
)
def test_a_basic_pool_with_the_per_database_settings_azure_sells_passes(settings: dict[str, int]) -> None:
    assert _problems([SERVER, _pool(settings)]) == []


def test_a_basic_pools_per_database_max_other_than_5_is_named() -> None:
    assert _problems([SERVER, _pool({"minCapacity": 0, "maxCapacity": 2})]) == [
        "a Basic elastic pool's per-database maxCapacity must be 5 eDTUs, not 2"
    ]


def test_a_basic_pool_size_azure_does_not_sell_is_named() -> None:
    (problem,) = _problems([SERVER, _pool({"minCapacity": 0, "maxCapacity": 5}, capacity=60)])
    assert problem.startswith("a Basic elastic pool has [50, 100") and problem.endswith("not 60")


def test_a_patch_is_checked_as_the_pool_will_be_after_it() -> None:
    pool = _pool({"minCapacity": 0, "maxCapacity": 5})
    bad = _patch("{pool}", {"properties": {"perDatabaseSettings": {"minCapacity": 2}}})
    good = _patch("{pool}", {"properties": {"perDatabaseSettings": {"minCapacity": 5}}})
    assert _problems([SERVER, pool], [good]) == []
    assert _problems([SERVER, pool], [bad]) == [
        "a Basic elastic pool's per-database minCapacity must be 0 or 5 eDTUs, not 2"
    ]


def test_a_standard_pool_is_not_held_to_basic_limits() -> None:
    pool = _pool({"minCapacity": 0, "maxCapacity": 20})
    pool.body["sku"] = {"name": "StandardPool", "tier": "Standard", "capacity": 50}  # type: ignore[index]
    assert _problems([SERVER, pool]) == []


JOB = ArmStep(
    id="job",
    arm="PUT",
    resource="{rg_id}/providers/Microsoft.App/jobs/{prefix}-job",
    api_version="2024-03-01",
    body={"location": "{location}", "properties": {"configuration": JOB_PUT_CONFIGURATION}},
)


def test_a_job_patch_with_a_whole_configuration_passes() -> None:
    patch = _patch("{job}", {"properties": {"configuration": JOB_PUT_CONFIGURATION}}, "2024-03-01")
    assert _problems([JOB], [patch]) == []


def test_a_job_patch_whose_configuration_lacks_trigger_type_and_timeout_is_named() -> None:
    patch = _patch(
        "{job}",
        {"properties": {"configuration": {"scheduleTriggerConfig": {"cronExpression": "1 2 * * *"}}}},
        "2024-03-01",
    )
    (problem,) = _problems([JOB], [patch])
    assert "must carry triggerType, replicaTimeout" in problem


def test_a_job_patch_without_a_configuration_passes() -> None:
    patch = _patch("{job}", {"tags": {"period": "close"}}, "2024-03-01")
    assert _problems([JOB], [patch]) == []

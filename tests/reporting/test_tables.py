"""Table artifact rows and artifact keys."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from haymaker.models.cleanup import DeletionStatus
from haymaker.models.resources import Resource, ResourceStatus
from haymaker.reporting.render import artifact_key, deletions_table_rows, resources_table_rows
from tests.reporting.conftest import RG_ID, RUN_ID, T0, deletion


def _resource(i: int) -> Resource:
    return Resource(
        resource_id=f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-{i}",
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name=f"vnet-{i}",
        scenario_name="networking-01-vnet-nsg",
        created_at=T0,
        deleted_at=T0 + timedelta(minutes=1),
        status=ResourceStatus.DELETED,
        deletion_attempts=2,
    )


def test_resource_rows_carry_the_columns_a_table_artifact_shows() -> None:
    (row,) = resources_table_rows([_resource(1)])
    assert row == {
        "type": "Microsoft.Network/virtualNetworks",
        "name": "vnet-1",
        "scenario": "networking-01-vnet-nsg",
        "status": "deleted",
        "created_at": "2026-11-05T08:00:00+00:00",
        "deleted_at": "2026-11-05T08:01:00+00:00",
        "deletion_attempts": 2,
        "deletion_error": "",
        "resource_id": f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-1",
    }


def test_resource_rows_stop_at_the_row_limit() -> None:
    assert len(resources_table_rows([_resource(i) for i in range(30)], max_rows=25)) == 25


def test_deletion_rows_carry_status_attempts_and_error() -> None:
    (row,) = deletions_table_rows([deletion("vnet", DeletionStatus.FAILED, "Locked\nby ops", attempts=5)])
    assert (row["status"], row["attempts"], row["error"]) == ("failed", 5, "Locked by ops")


def test_artifact_keys_name_the_run_by_its_first_eight_characters() -> None:
    assert artifact_key("cleanup-report", RUN_ID) == "cleanup-report-3f2b8c1e"


def test_artifact_keys_are_valid_for_prefect() -> None:
    key = artifact_key("run-report", RUN_ID.upper())
    assert re.fullmatch(r"[a-z0-9-]*", key)


def test_a_sweep_artifact_key_says_sweep() -> None:
    assert artifact_key("cleanup-report", None) == "cleanup-report-sweep"


@pytest.mark.parametrize("prefix", ["Cleanup", "cleanup_report", "", "cleanup-", "a b"])
def test_an_invalid_artifact_key_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        artifact_key(prefix, RUN_ID)


def test_an_artifact_key_needs_a_uuid_run_id() -> None:
    with pytest.raises(ValueError, match="UUID"):
        artifact_key("cleanup-report", "run-1")

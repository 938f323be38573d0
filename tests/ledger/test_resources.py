"""Resource events become the run's resources, whatever order they arrive in."""

from __future__ import annotations

from datetime import timedelta

from haymaker.ledger import RunLedger
from haymaker.models.resources import ResourceStatus
from tests.ledger.conftest import RUN_ID, SCENARIO, T0, VNET_ID, EventFactory


def test_resource_created_records_a_created_resource(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("resource_created", t=5))
    (resource,) = ledger.resources()
    assert change.resource_id == VNET_ID and change.resource_status == ResourceStatus.CREATED
    assert resource.status == ResourceStatus.CREATED
    assert resource.resource_type == "Microsoft.Network/virtualNetworks"
    assert resource.resource_name == "hm3f2b8c1e-vnet"
    assert resource.scenario_name == SCENARIO and resource.run_id == RUN_ID
    assert resource.created_at == T0 + timedelta(seconds=5)
    assert resource.tags["AzureHayMaker-run-id"] == RUN_ID


def test_resource_deleted_marks_it_deleted_with_the_time(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1))
    ledger.apply(event("resource_deleted", t=9))
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.DELETED
    assert resource.deleted_at == T0 + timedelta(seconds=9)


def test_resource_deletion_failed_records_error_and_attempts(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1))
    ledger.apply(
        event(
            "resource_deletion_failed", t=9, deletion_error="InUseSubnetCannotBeDeleted", deletion_attempts=5
        )
    )
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.DELETION_FAILED
    assert resource.deletion_error == "InUseSubnetCannotBeDeleted"
    assert resource.deletion_attempts == 5


def test_a_deletion_that_succeeds_after_failing_is_deleted(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1))
    ledger.apply(event("resource_deletion_failed", t=5, deletion_error="Conflict", deletion_attempts=2))
    ledger.apply(event("resource_deleted", t=8, deletion_attempts=3))
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.DELETED
    assert resource.deletion_error is None and resource.deletion_attempts == 3


def test_a_late_created_event_does_not_resurrect_a_deleted_resource(
    ledger: RunLedger, event: EventFactory
) -> None:
    ledger.apply(event("resource_deleted", t=9))
    ledger.apply(event("resource_created", t=1))
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.DELETED
    assert resource.created_at == T0 + timedelta(seconds=1)


def test_a_resource_created_again_after_deletion_is_created(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1))
    ledger.apply(event("resource_deleted", t=2))
    ledger.apply(event("resource_created", t=3))
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.CREATED
    assert resource.created_at == T0 + timedelta(seconds=3) and resource.deleted_at is None


def test_deleted_wins_over_created_at_the_same_instant(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_deleted", t=4))
    ledger.apply(event("resource_created", t=4))
    assert ledger.resources()[0].status == ResourceStatus.DELETED


def test_resource_ids_are_matched_without_regard_to_case(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1))
    ledger.apply(event("resource_deleted", t=2, resource_id=VNET_ID.upper()))
    (resource,) = ledger.resources()
    assert resource.resource_id == VNET_ID and resource.status == ResourceStatus.DELETED


def test_type_and_name_are_read_off_the_id_when_an_event_leaves_them_out(
    ledger: RunLedger, event: EventFactory
) -> None:
    subnet_id = VNET_ID + "/subnets/web"
    ledger.apply(event("resource_created", resource_id=subnet_id, resource_type="", resource_name=""))
    resource = ledger.resource(subnet_id)
    assert resource is not None
    assert resource.resource_type == "Microsoft.Network/virtualNetworks/subnets"
    assert resource.resource_name == "web"


def test_resource_totals_count_each_lifecycle(ledger: RunLedger, event: EventFactory) -> None:
    ids = [f"{VNET_ID}-{i}" for i in range(4)]
    for rid in ids:
        ledger.apply(event("resource_created", t=1, resource_id=rid))
    ledger.apply(event("resource_deleted", t=2, resource_id=ids[0]))
    ledger.apply(event("resource_deleted", t=2, resource_id=ids[1]))
    ledger.apply(event("resource_deletion_failed", t=2, resource_id=ids[2], deletion_error="Locked"))
    totals = ledger.resource_totals()
    assert (totals.created, totals.deleted, totals.deletion_failed, totals.outstanding) == (4, 2, 1, 2)


def test_the_api_version_a_resource_was_written_with_is_kept_for_its_deletion(
    ledger: RunLedger, event: EventFactory
) -> None:
    ledger.apply(event("resource_created", t=1, api_version="2024-05-01"))
    ledger.apply(event("resource_deletion_failed", t=5, deletion_error="Conflict", deletion_attempts=2))
    (resource,) = ledger.resources()
    assert resource.api_version == "2024-05-01"
    (restored,) = RunLedger.restore(ledger.snapshot()).resources()
    assert restored.api_version == "2024-05-01"
